/* object.c — (being written) */
