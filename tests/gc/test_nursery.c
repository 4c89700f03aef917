/* test_nursery.c — young objects: bump allocation, moving minor collections, stress mode. */
#include <stdio.h>

#include "testobj.h"

TestSuite(nursery, .init = tobj_setup, .fini = tobj_teardown);

Test(nursery, objects_move_in_minor_collection_and_keep_contents)
{
    GC_ENTER();
    node *a = new_node(1);
    GC_ROOT(a);
    node *before = a;
    cr_assert(gc_is_young(a));
    node *t = new_node(2); /* allocate first: the call may move `a` */
    a->left = t;
    gc_write_barrier(a); /* `a` may be old already (stress mode) */
    t = new_node(3);
    a->left->right = t;
    gc_write_barrier(a->left);
    gc_collect_minor();
    cr_assert_neq(a, before, "the rooted object did not move");
    cr_assert(!gc_is_young(a));
    cr_assert_eq(a->value, 1);
    cr_assert_eq(a->left->value, 2);
    cr_assert_eq(a->left->right->value, 3);
    cr_assert(!gc_is_young(a->left->right));
    GC_LEAVE();
}

Test(nursery, shared_object_is_copied_once)
{
    GC_ENTER();
    node *a = new_node(1);
    GC_ROOT(a);
    node *shared = new_node(9);
    a->left = shared; /* no allocation since new_node: `a` is current */
    a->right = shared;
    gc_write_barrier(a);
    gc_collect_minor();
    cr_assert_eq(a->left, a->right);
    cr_assert_eq(a->left->value, 9);
    GC_LEAVE();
}

Test(nursery, root_arrays_are_updated)
{
    GC_ENTER();
    node *arr[4] = {NULL, NULL, NULL, NULL};
    GC_ROOT_ARRAY(arr, 4);
    for (int i = 0; i < 4; i++)
        if (i != 2)
            arr[i] = new_node(i * 10); /* the array is rooted: the store lands after the call */
    gc_collect_minor();
    for (int i = 0; i < 4; i++) {
        if (i == 2) {
            cr_assert_null(arr[i]);
            continue;
        }
        cr_assert(!gc_is_young(arr[i]));
        cr_assert_eq(arr[i]->value, i * 10);
    }
    GC_LEAVE();
}

Test(nursery, unrooted_objects_die_and_the_nursery_is_reused)
{
    gc_stats s0, s1;
    gc_get_stats(&s0);
    for (int i = 0; i < 100000; i++)
        new_node(i);
    gc_get_stats(&s1);
    cr_assert_gt(s1.minor_collections, s0.minor_collections);
    cr_assert_eq(s1.bytes_survived, s0.bytes_survived, "dead objects were copied");
}

Test(nursery, large_objects_are_allocated_old)
{
    blob *b = new_blob(1 << 20, 0);
    cr_assert(!gc_is_young(b));
    cr_assert_eq(b->size, 1u << 20);
}

/* 10 million allocations with a small live set: memory stays bounded. */
Test(nursery, ten_million_allocations_in_bounded_memory)
{
    GC_ENTER();
    node *keep = NULL;
    GC_ROOT(keep);
    for (int64_t i = 0; i < 10000000; i++) {
        node *n = new_node(i);
        if (i % 1000 == 0) {
            n->left = keep; /* a chain that is cut every so often */
            gc_write_barrier(n);
            keep = (i % 100000 == 0) ? NULL : n;
        }
    }
    gc_stats s;
    gc_get_stats(&s);
    cr_assert_gt(s.minor_collections, 100u);
    cr_assert_gt(s.bytes_allocated, 10000000ull * sizeof(node) - 1);
    cr_assert_lt(s.old_bytes_live, 64u << 20, "old space grew to %llu bytes",
                 (unsigned long long)s.old_bytes_live);
    GC_LEAVE();
}

static void stress_setup(void)
{
    tobj_setup_with(256 << 10, 1);
}

Test(nursery, stress_mode_collects_at_every_allocation, .init = stress_setup, .fini = tobj_teardown)
{
    cr_assert(gc_stress_enabled());
    gc_stats s0, s1;
    gc_get_stats(&s0);
    GC_ENTER();
    node *a = new_node(1);
    GC_ROOT(a);
    node *first = a;
    for (int i = 0; i < 10; i++)
        new_node(i);
    gc_get_stats(&s1);
    cr_assert_geq(s1.minor_collections + s1.major_collections - s0.minor_collections - s0.major_collections, 10u);
    cr_assert_neq(a, first);
    cr_assert_eq(a->value, 1);
    GC_LEAVE();
}
