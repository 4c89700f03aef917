/* test_embed.c — (being written) */
