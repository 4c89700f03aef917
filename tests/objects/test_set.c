/* test_set.c — (being written) */
