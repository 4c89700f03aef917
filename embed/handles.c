/* handles.c — (being written) */
