/* test_nursery.c — (being written) */
