/* space_ops.c — (being written) */
