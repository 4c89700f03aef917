/* sys.c — the sys and types modules. */
#include "objects/objects.h"

static w_object *sys_mod;

w_object *w_sys_module(void)
{
    return sys_mod;
}

static w_object *sys_get_int_max_str_digits(w_object *self, w_object **args, size_t nargs,
                                            w_object *kwnames)
{
    if (w_args_positional("sys.get_int_max_str_digits", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return w_int_from_i64(w_int_max_str_digits);
}

/* CPython's threshold below which a limit is refused (sys.int_info.str_digits_check_threshold). */
#define MAX_STR_DIGITS_THRESHOLD 640

static w_object *sys_set_int_max_str_digits(w_object *self, w_object **args, size_t nargs,
                                            w_object *kwnames)
{
    static const char *const names[] = {"maxdigits"};
    static const w_argspec spec = {"set_int_max_str_digits", names, 1, 1, 0, 1};
    w_object *a[1];
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int n;
    if (w_arg_c_int(a[0], &n) < 0)
        return NULL;
    if (n != 0 && n < MAX_STR_DIGITS_THRESHOLD)
        return w_raise_fmt(w_exc_ValueError, "maxdigits must be 0 or larger than %d",
                           MAX_STR_DIGITS_THRESHOLD);
    w_int_max_str_digits = n;
    return w_None;
}

static int add_fn(w_object *m, const char *name, w_callfn fn)
{
    GC_ENTER();
    GC_ROOT(m);
    w_object *f = w_builtin_new(name, fn, m, NULL);
    GC_RETURN(f ? w_module_add(m, name, f) : -1);
}

/* Adds a str attribute. */
static int add_str(w_object *m, const char *name, const char *value)
{
    GC_ENTER();
    GC_ROOT(m);
    w_object *s = w_str_from_cstr(value);
    GC_RETURN(s ? w_module_add(m, name, s) : -1);
}

static w_object *version_info(void)
{
    GC_ENTER();
    w_object *items[5] = {NULL, NULL, NULL, NULL, NULL};
    GC_ROOT_ARRAY(items, 5);
    if (!(items[0] = w_int_from_i64(3)) || !(items[1] = w_int_from_i64(11)) ||
        !(items[2] = w_int_from_i64(0)) || !(items[3] = w_str_from_cstr("final")) ||
        !(items[4] = w_int_from_i64(0)))
        GC_RETURN(NULL);
    GC_RETURN(w_tuple_from_array(items, 5));
}

static w_object *one_str_list(const char *s)
{
    GC_ENTER();
    w_object *list = NULL, *item = NULL;
    GC_ROOT(list);
    GC_ROOT(item);
    if (!(item = w_str_from_cstr(s)) || !(list = w_list_new(1)) || w_list_append(list, item) < 0)
        GC_RETURN(NULL);
    GC_RETURN(list);
}

static int sys_fill(w_object *m)
{
    GC_ENTER();
    w_object *v = NULL;
    w_object *names[2] = {NULL, NULL};
    GC_ROOT(m);
    GC_ROOT(v);
    GC_ROOT_ARRAY(names, 2);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const char *byteorder = "little";
#else
    const char *byteorder = "big";
#endif
#if defined(__linux__)
    const char *platform = "linux";
#elif defined(__APPLE__)
    const char *platform = "darwin";
#else
    const char *platform = "unknown";
#endif
    if (w_module_add(m, "modules", w_modules_dict()) < 0 ||
        add_str(m, "byteorder", byteorder) < 0 || add_str(m, "platform", platform) < 0 ||
        add_str(m, "version", "3.11.0 (Ferry)") < 0)
        GC_RETURN(-1);
    if (!(v = w_int_from_i64(INT64_MAX)) || w_module_add(m, "maxsize", v) < 0 ||
        !(v = w_int_from_i64(0x030B00F0)) || w_module_add(m, "hexversion", v) < 0 ||
        !(v = version_info()) || w_module_add(m, "version_info", v) < 0 ||
        !(v = w_list_new(0)) || w_module_add(m, "path", v) < 0 ||
        !(v = one_str_list("")) || w_module_add(m, "argv", v) < 0)
        GC_RETURN(-1);
    if (!(names[0] = w_str_from_cstr("builtins")) || !(names[1] = w_str_from_cstr("sys")) ||
        !(v = w_tuple_from_array(names, 2)) || w_module_add(m, "builtin_module_names", v) < 0)
        GC_RETURN(-1);
    if (add_fn(m, "get_int_max_str_digits", sys_get_int_max_str_digits) < 0 ||
        add_fn(m, "set_int_max_str_digits", sys_set_int_max_str_digits) < 0)
        GC_RETURN(-1);
    GC_RETURN(0);
}

/* The types module: names for the types that have no builtin name. */
static w_object *types_module(void)
{
    GC_ENTER();
    w_object *m = w_module_new("types");
    GC_ROOT(m);
    if (!m)
        GC_RETURN(NULL);
    ((w_module *)m)->builtin = 1;
    const struct {
        const char *name;
        w_type *type;
    } entries[] = {
        {"ModuleType", w_module_type},
        {"BuiltinFunctionType", w_builtin_type},
        {"BuiltinMethodType", w_builtin_type},
        {"MethodDescriptorType", w_method_type},
        {"GetSetDescriptorType", w_getset_type},
        {"NoneType", w_none_type},
        {"NotImplementedType", w_notimpl_type},
        {"EllipsisType", w_ellipsis_type},
    };
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
        if (w_module_add(m, entries[i].name, &entries[i].type->ob) < 0)
            GC_RETURN(NULL);
    GC_RETURN(m);
}

int w_sys_init(void)
{
    sys_mod = NULL;
    gc_add_root((void **)&sys_mod);
    if (!(sys_mod = w_module_new("sys")))
        return -1;
    ((w_module *)sys_mod)->builtin = 1;
    if (sys_fill(sys_mod) < 0 || w_modules_register(sys_mod) < 0)
        return -1;
    w_object *types = types_module();
    return types ? w_modules_register(types) : -1;
}
