/* iter.c — (being written) */
