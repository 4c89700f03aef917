/* builtins_num.c — (being written) */
