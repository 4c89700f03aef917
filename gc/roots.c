/* roots.c — where collections start: the shadow stack, global slots and external hooks. */
#include <stdio.h>
#include <stdlib.h>

#include "gc/internal.h"

struct gc_roots gc_roots;

static void ***globals;
static size_t nglobals, capglobals;

struct root_hook {
    gc_root_hook fn;
    void *ud;
};
static struct root_hook *root_hooks;
static size_t nroot_hooks;

struct weak_hook {
    gc_weak_hook fn;
    void *ud;
};
static struct weak_hook *weak_hooks;
static size_t nweak_hooks;

static void *grow(void *p, size_t *cap, size_t elem)
{
    *cap = *cap ? *cap * 2 : 64;
    p = realloc(p, *cap * elem);
    if (!p) {
        fprintf(stderr, "ferry: out of memory growing the root set\n");
        abort();
    }
    return p;
}

void gc_roots_grow(void)
{
    gc_roots.base = grow(gc_roots.base, &gc_roots.cap, sizeof *gc_roots.base);
}

void gc_add_root(void **slot)
{
    if (nglobals == capglobals)
        globals = grow(globals, &capglobals, sizeof *globals);
    globals[nglobals++] = slot;
}

void gc_add_root_hook(gc_root_hook fn, void *ud)
{
    size_t cap = nroot_hooks;
    root_hooks = grow(root_hooks, &cap, sizeof *root_hooks);
    root_hooks[nroot_hooks++] = (struct root_hook){fn, ud};
}

void gc_add_weak_hook(gc_weak_hook fn, void *ud)
{
    size_t cap = nweak_hooks;
    weak_hooks = grow(weak_hooks, &cap, sizeof *weak_hooks);
    weak_hooks[nweak_hooks++] = (struct weak_hook){fn, ud};
}

void gc_visit_roots(gc_visit_fn visit, void *ctx)
{
    for (size_t i = 0; i < gc_roots.top; i++) {
        void **s = gc_roots.base[i].slots;
        for (size_t j = 0; j < gc_roots.base[i].n; j++)
            if (s[j])
                visit(&s[j], ctx);
    }
    for (size_t i = 0; i < nglobals; i++)
        if (*globals[i])
            visit(globals[i], ctx);
    gc_handles_visit(visit, ctx);
    for (size_t i = 0; i < nroot_hooks; i++)
        root_hooks[i].fn(visit, ctx, root_hooks[i].ud);
}

void gc_run_weak_hooks(int major)
{
    for (size_t i = 0; i < nweak_hooks; i++)
        weak_hooks[i].fn(major, weak_hooks[i].ud);
}

void gc_roots_release(void)
{
    free(gc_roots.base);
    free(globals);
    free(root_hooks);
    free(weak_hooks);
    memset(&gc_roots, 0, sizeof gc_roots);
    globals = NULL, nglobals = capglobals = 0;
    root_hooks = NULL, nroot_hooks = 0;
    weak_hooks = NULL, nweak_hooks = 0;
}
