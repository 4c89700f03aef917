/* set.c — (being written) */
