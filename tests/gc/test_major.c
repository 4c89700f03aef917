/* test_major.c — (being written) */
