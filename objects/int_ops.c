/* int_ops.c — (being written) */
