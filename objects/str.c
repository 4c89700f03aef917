/* str.c — (being written) */
