/* test_handles.c — (being written) */
