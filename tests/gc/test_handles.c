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
