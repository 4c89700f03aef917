/* list_strategy.c — (being written) */
