/* test_float.c — (being written) */
