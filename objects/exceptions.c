/* exceptions.c — (being written) */
