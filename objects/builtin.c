/* builtin.c — (being written) */
