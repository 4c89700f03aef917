/* dict.c — (being written) */
