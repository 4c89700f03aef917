/* handles.c — the embedding API's handles and scopes, over the collector's handle slots. */
#include "embed/embed.h"

/* A scope is the collector's mark of its scoped-handle stack: closing it drops every
   handle made since. */
FERRY_API ferry_scope ferry_scope_open(void)
{
    return gc_handle_scope_open();
}

FERRY_API void ferry_scope_close(ferry_scope scope)
{
    gc_handle_scope_close(scope);
}

FERRY_API ferry_handle ferry_persist(ferry_handle h)
{
    EMBED_CHECK(h, NULL);
    return (ferry_handle)gc_handle_persist(embed_obj(h));
}

FERRY_API void ferry_release(ferry_handle persistent)
{
    if (persistent)
        gc_handle_release((void **)persistent);
}

FERRY_API ferry_handle ferry_dup(ferry_handle h)
{
    EMBED_CHECK(h, NULL);
    return embed_handle(embed_obj(h));
}

void embed_null_handle(const char *func)
{
    if (!w_err_occurred())
        w_raise_fmt(w_exc_SystemError, "%s: NULL handle passed without an exception set", func);
}
