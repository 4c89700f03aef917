/* range.c — (being written) */
