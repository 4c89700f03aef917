/* space.c — (being written) */
