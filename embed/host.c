/* host.c — (being written) */
