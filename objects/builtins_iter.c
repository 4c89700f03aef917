/* builtins_iter.c — (being written) */
