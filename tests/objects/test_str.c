/* test_str.c — (being written) */
