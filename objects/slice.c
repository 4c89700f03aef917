/* slice.c — (being written) */
