/* test_barrier.c — (being written) */
