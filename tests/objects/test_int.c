/* test_int.c — (being written) */
