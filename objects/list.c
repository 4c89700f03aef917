/* list.c — (being written) */
