/* lexer.c — (being written) */
