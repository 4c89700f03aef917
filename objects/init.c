/* init.c — start-up of the object layer: builtin types, singletons, then every family. */
#include "objects/kernel.h"

w_type *w_object_type, *w_type_type, *w_none_type, *w_notimpl_type, *w_ellipsis_type;
w_type *w_int_type, *w_bool_type, *w_float_type;
w_type *w_str_type, *w_bytes_type, *w_bytearray_type;
w_type *w_tuple_type, *w_list_type, *w_dict_type, *w_set_type, *w_frozenset_type;
w_type *w_range_type, *w_slice_type;
w_type *w_builtin_type, *w_method_type, *w_getset_type, *w_module_type;
w_type *w_classmethod_descr_type, *w_staticmethod_type;

w_object *w_None, *w_NotImplemented, *w_Ellipsis, *w_True, *w_False;

static w_object *singleton(w_type *t)
{
    w_object *o = w_alloc_old(t, W_TID_PLAIN, sizeof(w_object));
    o->gc.flags |= GC_F_STATIC;
    return o;
}

/* The builtin types are made before any family runs, so that every family can refer to
   every type; each family then fills in its own types' slots. */
static void create_types(void)
{
    w_type_type = NULL;
    w_object_type = w_type_new_static("object", NULL, W_TID_PLAIN);
    w_type_type = w_type_new_static("type", w_object_type, W_TID_TYPE);
    w_object_type->ob.type = w_type_type;
    w_type_type->ob.type = w_type_type;

    w_none_type = w_type_new_static("NoneType", w_object_type, W_TID_PLAIN);
    w_notimpl_type = w_type_new_static("NotImplementedType", w_object_type, W_TID_PLAIN);
    w_ellipsis_type = w_type_new_static("ellipsis", w_object_type, W_TID_PLAIN);
    w_int_type = w_type_new_static("int", w_object_type, W_TID_INT);
    w_bool_type = w_type_new_static("bool", w_int_type, W_TID_INT);
    w_float_type = w_type_new_static("float", w_object_type, W_TID_FLOAT);
    w_str_type = w_type_new_static("str", w_object_type, W_TID_STR);
    w_bytes_type = w_type_new_static("bytes", w_object_type, W_TID_BYTES);
    w_bytearray_type = w_type_new_static("bytearray", w_object_type, W_TID_BYTEARRAY);
    w_tuple_type = w_type_new_static("tuple", w_object_type, W_TID_TUPLE);
    w_list_type = w_type_new_static("list", w_object_type, W_TID_LIST);
    w_dict_type = w_type_new_static("dict", w_object_type, W_TID_DICT);
    w_set_type = w_type_new_static("set", w_object_type, W_TID_SET);
    w_frozenset_type = w_type_new_static("frozenset", w_object_type, W_TID_SET);
    w_range_type = w_type_new_static("range", w_object_type, W_TID_RANGE);
    w_slice_type = w_type_new_static("slice", w_object_type, W_TID_SLICE);
    w_builtin_type = w_type_new_static("builtin_function_or_method", w_object_type, W_TID_BUILTIN);
    w_method_type = w_type_new_static("method_descriptor", w_object_type, W_TID_BUILTIN);
    /* a method descriptor whose receiver is the class (here a subtype of method_descriptor,
       so that the checks for an unbound builtin cover it) */
    w_classmethod_descr_type = w_type_new_static("classmethod_descriptor", w_method_type, W_TID_BUILTIN);
    w_staticmethod_type = w_type_new_static("staticmethod", w_object_type, W_TID_CELL);
    w_getset_type = w_type_new_static("getset_descriptor", w_object_type, W_TID_GETSET);
    w_module_type = w_type_new_static("module", w_object_type, W_TID_MODULE);

    w_None = singleton(w_none_type);
    w_NotImplemented = singleton(w_notimpl_type);
    w_Ellipsis = singleton(w_ellipsis_type);
}

int w_objects_init(void)
{
    w_types_reset();
    w_errors_init();
    w_space_init();

    w_object_register_tids();
    w_type_register_tids();
    w_numbers_register_tids();
    w_text_register_tids();
    w_containers_register_tids();
    w_runtime_register_tids();

    /* Nothing allocated here can be collected: types and singletons are old, static, and
       reachable from the type registry. */
    create_types();

    /* str first: every type dict is keyed by interned strs, which must hash. */
    if (w_text_init() < 0 || w_containers_init() < 0 || w_numbers_init() < 0 ||
        w_runtime_init() < 0)
        return -1;
    w_strformat_init();
    if (w_formatfields_init() < 0)
        return -1;
    w_type_init_slots();
    w_types_ready_all();
    return 0;
}
