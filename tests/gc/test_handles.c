/* test_handles.c — handles: stable slots across collections, scopes, persistent handles. */
#include "testobj.h"

TestSuite(handles, .init = tobj_setup, .fini = tobj_teardown);

Test(handles, stay_valid_across_collections)
{
    size_t scope = gc_handle_scope_open();
    void **h = gc_handle_new(new_node(11));
    void *first = *h;
    gc_collect_minor();
    cr_assert_neq(*h, first);
    gc_collect_major();
    cr_assert_eq(((node *)*h)->value, 11);
    gc_handle_scope_close(scope);
}

Test(handles, closing_a_scope_releases_its_handles)
{
    size_t live0 = gc_handles_live();
    size_t outer = gc_handle_scope_open();
    gc_handle_new(new_node(1));
    size_t inner = gc_handle_scope_open();
    for (int i = 0; i < 5000; i++)
        gc_handle_new(new_node(i));
    cr_assert_eq(gc_handles_live(), live0 + 5001);
    gc_handle_scope_close(inner);
    cr_assert_eq(gc_handles_live(), live0 + 1);
    gc_handle_scope_close(outer);
    cr_assert_eq(gc_handles_live(), live0);
}

/* Scopes that open and close across chunk boundaries (a chunk holds GC_HANDLE_CHUNK - 1
   handles), then refill the chunks they gave back: every live handle stays a root. */
Test(handles, scopes_across_chunks_keep_their_handles)
{
    size_t live0 = gc_handles_live();
    size_t outer = gc_handle_scope_open(), after11 = 0;
    enum { N = 3 * GC_HANDLE_CHUNK };
    static void **h[N];
    for (int i = 0; i < N; i++) {
        if (i == 11)
            after11 = gc_handle_scope_open();
        h[i] = gc_handle_new(new_node(i));
    }
    size_t inner = gc_handle_scope_open(); /* in the fourth chunk */
    for (int round = 0; round < 3; round++) {
        size_t again = gc_handle_scope_open();
        cr_assert_eq(again, inner);
        for (int i = 0; i < 2 * GC_HANDLE_CHUNK; i++)
            gc_handle_new(new_node(-1));
        cr_assert_eq(gc_handles_live(), live0 + N + 2 * GC_HANDLE_CHUNK);
        gc_collect_minor();
        gc_collect_major();
        gc_handle_scope_close(again);
    }
    cr_assert_eq(gc_handles_live(), live0 + N);
    for (int i = 0; i < N; i++)
        cr_assert_eq(((node *)*h[i])->value, i);
    /* back into the first chunk, then past the chunks given back */
    gc_handle_scope_close(after11);
    cr_assert_eq(gc_handles_live(), live0 + 11);
    for (int i = 11; i < N + 5; i++)
        gc_handle_new(new_node(1000 + i));
    gc_collect_minor();
    for (int i = 0; i < 11; i++)
        cr_assert_eq(((node *)*h[i])->value, i);
    cr_assert_eq(gc_handles_live(), live0 + N + 5);
    gc_handle_scope_close(outer);
    cr_assert_eq(gc_handles_live(), live0);
}

Test(handles, persistent_handles_outlive_scopes)
{
    size_t scope = gc_handle_scope_open();
    void **p = gc_handle_persist(new_node(5));
    gc_handle_scope_close(scope);
    for (int i = 0; i < 100000; i++)
        new_node(i);
    gc_collect_major();
    cr_assert_eq(((node *)*p)->value, 5);
    gc_handle_release(p);
    cr_assert_eq(gc_handles_live(), 0);
}
