/* test_builtins.c — (being written) */
