/* roots.c — where collections start: per-thread state (shadow stacks, handles, thread locals), global slots, hooks. */
#include <pthread.h>
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

/* A thread local: `size` bytes at `block` while its thread runs, at `offset` in the
   gc_thread's `saved` area while it is parked. */
struct thread_local {
    void *block;
    size_t size, offset;
    gc_local_trace trace;
    gc_local_release release;
};
static struct thread_local *locals;
static size_t nlocals, caplocals, locals_size;

/*
 * A thread's state. While its thread runs, the globals hold it and `roots`, `handles` and
 * `saved` are stale; while it is parked they hold it and a collection visits them. The
 * list of all thread states is guarded by `threads_mu` (states are made and freed without
 * the GIL, as CPython's PyThreadState_New and PyThreadState_Delete may be); everything
 * else is touched only by the thread holding the GIL.
 */
struct gc_thread {
    struct gc_thread *prev, *next;
    int parked;
    struct gc_roots roots;
    struct gc_scoped handles;
    _Alignas(16) unsigned char saved[];
};
static gc_thread *threads;
static pthread_mutex_t threads_mu = PTHREAD_MUTEX_INITIALIZER;

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

/* ---- per-thread state ------------------------------------------------------------- */

void gc_add_thread_local(void *block, size_t size, gc_local_trace trace,
                         gc_local_release release)
{
    FERRY_ASSERT(!threads); /* a saved area is sized when its thread state is made */
    if (nlocals == caplocals)
        locals = grow(locals, &caplocals, sizeof *locals);
    locals[nlocals++] = (struct thread_local){block, size, locals_size, trace, release};
    locals_size += (size + 15) & ~(size_t)15;
}

static void trace_slot(void *block, gc_visit_fn visit, void *ctx)
{
    void **slot = block;
    if (*slot)
        visit(slot, ctx);
}

void gc_add_thread_root(void **slot)
{
    gc_add_thread_local(slot, sizeof *slot, trace_slot, NULL);
}

gc_thread *gc_thread_new(int running)
{
    gc_thread *t = calloc(1, sizeof *t + locals_size);
    if (!t) {
        fprintf(stderr, "ferry: out of memory making a thread state\n");
        abort();
    }
    t->parked = !running;
    pthread_mutex_lock(&threads_mu);
    t->next = threads;
    if (threads)
        threads->prev = t;
    threads = t;
    pthread_mutex_unlock(&threads_mu);
    return t;
}

void gc_thread_park(gc_thread *t)
{
    FERRY_ASSERT(!t->parked);
    t->roots = gc_roots;
    memset(&gc_roots, 0, sizeof gc_roots);
    t->handles = gc_scoped;
    memset(&gc_scoped, 0, sizeof gc_scoped);
    for (size_t i = 0; i < nlocals; i++) {
        memcpy(t->saved + locals[i].offset, locals[i].block, locals[i].size);
        memset(locals[i].block, 0, locals[i].size);
    }
    t->parked = 1;
}

void gc_thread_resume(gc_thread *t)
{
    FERRY_ASSERT(t->parked && !gc_roots.base && !gc_scoped.chunks);
    gc_roots = t->roots;
    gc_scoped = t->handles;
    for (size_t i = 0; i < nlocals; i++)
        memcpy(locals[i].block, t->saved + locals[i].offset, locals[i].size);
    t->parked = 0;
}

/* Releases the locals of one copy: the globals (`saved` NULL) or a parked thread's. */
static void release_locals(unsigned char *saved)
{
    for (size_t i = 0; i < nlocals; i++) {
        void *b = saved ? saved + locals[i].offset : locals[i].block;
        if (locals[i].release)
            locals[i].release(b);
        memset(b, 0, locals[i].size);
    }
}

static void release_parked(gc_thread *t)
{
    free(t->roots.base);
    memset(&t->roots, 0, sizeof t->roots);
    gc_scoped_release(&t->handles);
    release_locals(t->saved);
}

/* A running thread keeps its shadow stack: the frames of the C functions it is in (a
   trampoline's argument array, say) are still on it. */
void gc_thread_clear(gc_thread *t)
{
    if (t->parked) {
        release_parked(t);
        return;
    }
    gc_scoped_release(&gc_scoped);
    release_locals(NULL);
}

void gc_thread_free(gc_thread *t)
{
    FERRY_ASSERT(t->parked);
    pthread_mutex_lock(&threads_mu);
    if (t->prev)
        t->prev->next = t->next;
    else
        threads = t->next;
    if (t->next)
        t->next->prev = t->prev;
    pthread_mutex_unlock(&threads_mu);
    release_parked(t);
    free(t);
}

/* ---- visiting ----------------------------------------------------------------------- */

static void visit_shadow_stack(struct gc_roots *r, gc_visit_fn visit, void *ctx)
{
    for (size_t i = 0; i < r->top; i++) {
        void **s = r->base[i].slots;
        for (size_t j = 0; j < r->base[i].n; j++)
            if (s[j])
                visit(&s[j], ctx);
    }
}

static void visit_locals(unsigned char *saved, gc_visit_fn visit, void *ctx)
{
    for (size_t i = 0; i < nlocals; i++)
        if (locals[i].trace)
            locals[i].trace(saved ? saved + locals[i].offset : locals[i].block, visit, ctx);
}

void gc_visit_roots(gc_visit_fn visit, void *ctx)
{
    visit_shadow_stack(&gc_roots, visit, ctx);
    visit_locals(NULL, visit, ctx);
    pthread_mutex_lock(&threads_mu);
    for (gc_thread *t = threads; t; t = t->next) {
        if (!t->parked)
            continue;
        visit_shadow_stack(&t->roots, visit, ctx);
        gc_scoped_visit(&t->handles, visit, ctx);
        visit_locals(t->saved, visit, ctx);
    }
    pthread_mutex_unlock(&threads_mu);
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

/* At shutdown: every thread state still known, the running one's locals, the registries. */
void gc_roots_release(void)
{
    while (threads) {
        gc_thread *t = threads;
        threads = t->next;
        if (t->parked)
            release_parked(t);
        free(t);
    }
    release_locals(NULL);
    free(gc_roots.base);
    free(globals);
    free(root_hooks);
    free(weak_hooks);
    free(locals);
    memset(&gc_roots, 0, sizeof gc_roots);
    globals = NULL, nglobals = capglobals = 0;
    root_hooks = NULL, nroot_hooks = 0;
    weak_hooks = NULL, nweak_hooks = 0;
    locals = NULL, nlocals = caplocals = locals_size = 0;
}
