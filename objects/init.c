/* init.c — (being written) */
