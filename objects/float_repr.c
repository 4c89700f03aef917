/* float_repr.c — (being written) */
