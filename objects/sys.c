/* sys.c — (being written) */
