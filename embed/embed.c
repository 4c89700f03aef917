/* embed.c — (being written) */
