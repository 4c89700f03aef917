/* args.c — (being written) */
