/* test_dict.c — (being written) */
