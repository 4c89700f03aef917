/* test_tuple.c — (being written) */
