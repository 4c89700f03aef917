/* test_major.c — major collection: reclaiming old garbage, keeping the reachable, non-moving objects, weak hooks. */
#include "testobj.h"

TestSuite(major, .init = tobj_setup, .fini = tobj_teardown);

static node *chain(int n)
{
    GC_ENTER();
    node *head = NULL, *x = NULL;
    GC_ROOT(head);
    GC_ROOT(x);
    for (int i = 0; i < n; i++) {
        x = new_node(i);
        x->left = head;
        gc_write_barrier(x);
        head = x;
    }
    GC_RETURN(head);
}

Test(major, frees_unreachable_old_objects)
{
    GC_ENTER();
    node *keep = chain(1000);
    GC_ROOT(keep);
    node *drop = chain(100000);
    GC_ROOT(drop);
    gc_collect_minor();
    gc_stats s0, s1;
    gc_get_stats(&s0);
    drop = NULL;
    gc_collect_major();
    gc_get_stats(&s1);
    cr_assert_lt(s1.old_bytes_live, s0.old_bytes_live / 10, "old space %llu -> %llu",
                 (unsigned long long)s0.old_bytes_live, (unsigned long long)s1.old_bytes_live);
    int64_t n = 0;
    for (node *x = keep; x; x = x->left, n++)
        cr_assert_eq(x->value, 999 - n);
    cr_assert_eq(n, 1000);
    GC_LEAVE();
}

Test(major, freed_space_is_reused)
{
    for (int round = 0; round < 20; round++) {
        GC_ENTER();
        node *c = chain(50000);
        GC_ROOT(c);
        gc_collect_minor();
        GC_LEAVE();
        gc_collect_major();
    }
    gc_stats s;
    gc_get_stats(&s);
    cr_assert_lt(s.old_bytes_live, 1u << 20);
}

Test(major, old_allocated_objects_do_not_move)
{
    GC_ENTER();
    blob *b = new_blob(64, 1);
    GC_ROOT(b);
    blob *addr = b;
    b->data[0] = 0xab;
    for (int i = 0; i < 3; i++) {
        chain(10000);
        gc_collect_minor();
        gc_collect_major();
    }
    cr_assert_eq(b, addr);
    cr_assert_eq(b->data[0], 0xab);
    GC_LEAVE();
}

Test(major, large_blocks_are_freed)
{
    GC_ENTER();
    blob *b = new_blob(4 << 20, 0);
    GC_ROOT(b);
    gc_stats s0, s1;
    gc_get_stats(&s0);
    cr_assert_geq(s0.old_bytes_live, 4u << 20);
    b = NULL;
    gc_collect_major();
    gc_get_stats(&s1);
    cr_assert_lt(s1.old_bytes_live, 1u << 20);
    GC_LEAVE();
}

/* A weak table of one entry, updated the way the reverse-link map will be. */
static void *weak_entry;
static int weak_calls;

static void weak_hook(int major, void *ud)
{
    weak_calls++;
    if (weak_entry)
        weak_entry = gc_survivor(weak_entry);
}

Test(major, weak_hooks_see_moves_and_deaths)
{
    gc_add_weak_hook(weak_hook, NULL);
    GC_ENTER();
    node *n = new_node(7);
    GC_ROOT(n);
    weak_entry = n;
    gc_collect_minor();
    cr_assert_eq(weak_entry, n, "weak entry not updated to the moved object");
    n = NULL;
    gc_collect_major();
    cr_assert_null(weak_entry, "dead object still in the weak table");
    node *young = new_node(8);
    weak_entry = young;
    gc_collect_minor();
    cr_assert_null(weak_entry, "dead young object still in the weak table");
    cr_assert_geq(weak_calls, 3);
    GC_LEAVE();
}

static node *global_root;

Test(major, global_roots_and_root_hooks_keep_objects)
{
    gc_add_root((void **)&global_root);
    global_root = chain(10);
    gc_collect_major();
    gc_collect_major();
    cr_assert_eq(global_root->value, 9);
    cr_assert(!gc_is_young(global_root));
}
