/* float.c — (being written) */
