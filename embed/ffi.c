/* ffi.c — ferry_ffi_*: the direct FFI (ffi/) through handles. */
#include <stdlib.h>

#include "embed/embed.h"

FERRY_API ferry_handle ferry_ffi_open(const char *path)
{
    return embed_handle(ff_open(path));
}

FERRY_API ferry_handle ferry_ffi_func(ferry_handle lib, const char *signature)
{
    EMBED_CHECK(lib, NULL);
    return embed_handle(ff_func(embed_obj(lib), signature));
}

FERRY_API ferry_handle ferry_ffi_call(ferry_handle func, size_t nargs, const ferry_handle *args)
{
    EMBED_CHECK(func, NULL);
    if (nargs > FF_MAX_ARGS)
        return embed_handle(w_raise_fmt(w_exc_TypeError, "too many arguments (%zu)", nargs));
    w_object *argv[FF_MAX_ARGS];
    for (size_t i = 0; i < nargs; i++) {
        EMBED_CHECK(args[i], NULL);
        argv[i] = embed_obj(args[i]);
    }
    /* converting the arguments allocates nothing, so the array needs no root */
    return embed_handle(ff_function_call(embed_obj(func), argv, nargs));
}

FERRY_API ferry_handle ferry_ffi_callback(const char *signature, ferry_handle callable)
{
    EMBED_CHECK(callable, NULL);
    return embed_handle(ff_callback_new(signature, embed_obj(callable)));
}

FERRY_API void *ferry_ffi_address(ferry_handle callback)
{
    EMBED_CHECK(callback, NULL);
    return ff_callback_address(embed_obj(callback));
}
