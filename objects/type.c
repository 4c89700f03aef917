/* type.c — (being written) */
