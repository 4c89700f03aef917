/* test_exceptions.c — (being written) */
