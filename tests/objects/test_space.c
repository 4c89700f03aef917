/* test_space.c — (being written) */
