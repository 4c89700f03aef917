/* eval.c — (being written) */
