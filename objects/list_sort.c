/* list_sort.c — (being written) */
