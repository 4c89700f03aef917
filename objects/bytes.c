/* bytes.c — (being written) */
