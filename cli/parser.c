/* parser.c — (being written) */
