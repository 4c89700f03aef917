/* builtins.c — (being written) */
