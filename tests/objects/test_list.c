/* test_list.c — (being written) */
