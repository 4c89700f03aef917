/* tuple.c — (being written) */
