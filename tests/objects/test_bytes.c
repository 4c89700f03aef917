/* test_bytes.c — (being written) */
