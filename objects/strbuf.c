/* strbuf.c — (being written) */
