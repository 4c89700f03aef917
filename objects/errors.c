/* errors.c — (being written) */
