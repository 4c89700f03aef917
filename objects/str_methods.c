/* str_methods.c — (being written) */
