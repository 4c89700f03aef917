/* bytearray.c — (being written) */
