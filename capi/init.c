/* init.c — start-up and shutdown of the C-API: every file's part, in dependency order. */
#include "capi/capi.h"
#include "freelists/freelists.h"

int capi_init(void)
{
    int (*parts[])(void) = {
        capi_link_init,    capi_types_init,     capi_methoddescr_init, capi_long_init,   capi_float_init,
        capi_tuple_init,   capi_list_init,      capi_dict_init,   capi_set_init,
        capi_slice_init,   capi_unicode_init,   capi_bytes_init,  capi_bytearray_init,
        capi_module_init,  capi_call_init,      capi_errors_init, capi_warnings_init,
        capi_capsule_init, capi_buffer_init,  capi_descr_init,  capi_gc_init,
        capi_subclass_init, capi_weakref_init, capi_object_new_init,
        capi_traceback_init,
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i]() < 0)
            return -1;
    capi_threads_init();
    capi_set_initialized(1);
    return 0;
}

void capi_fini(void)
{
    capi_set_initialized(0);
    capi_list_fini();
    capi_link_fini();
    capi_gc_fini();
    capi_finalize_fini();
    capi_ext_types_fini();
    capi_argclinic_fini();
    capi_type_slots_fini();
    capi_heap_types_fini();
    capi_types_fini();
    freelist_int_reset();
    freelist_float_reset();
    freelist_dict_reset();
    freelist_tuple_reset();
    freelist_str_reset();
}
