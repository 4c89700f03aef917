/* int.c — (being written) */
