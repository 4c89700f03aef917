/* test_barrier.c — old-to-young references: the write barrier and the remembered set. */
#include "testobj.h"

TestSuite(barrier, .init = tobj_setup, .fini = tobj_teardown);

Test(barrier, old_to_young_reference_survives_minor_collection)
{
    GC_ENTER();
    node *old = NULL;
    GC_ROOT(old);
    old = new_node(1);
    gc_collect_minor(); /* promote */
    cr_assert(!gc_is_young(old));
    node *y42 = new_node(42); /* allocate before reading `old` */
    old->left = y42;
    gc_write_barrier(old);
    gc_collect_minor();
    cr_assert(!gc_is_young(old->left));
    cr_assert_eq(old->left->value, 42);
    /* the barrier re-arms: a second store after the collection is seen too */
    node *y43 = new_node(43); /* allocate before reading `old` */
    old->right = y43;
    gc_write_barrier(old);
    gc_collect_minor();
    cr_assert_eq(old->right->value, 43);
    GC_LEAVE();
}

Test(barrier, remembered_object_is_recorded_once)
{
    GC_ENTER();
    node *old = new_node(0);
    GC_ROOT(old);
    gc_collect_minor();
    cr_assert(((gc_hdr *)old)->flags & GC_F_WB);
    node *y1 = new_node(1); /* allocate before reading `old` */
    old->left = y1;
    gc_write_barrier(old);
    cr_assert(!(((gc_hdr *)old)->flags & GC_F_WB), "remembered object still asks for the barrier");
    gc_collect_minor();
    cr_assert(((gc_hdr *)old)->flags & GC_F_WB);
    GC_LEAVE();
}

Test(barrier, objects_allocated_old_need_the_barrier)
{
    GC_ENTER();
    node *o = gc_alloc_old(sizeof(node), T_NODE);
    GC_ROOT(o);
    cr_assert(!gc_is_young(o));
    node *y = new_node(5);
    o->left = y;
    gc_write_barrier(o);
    gc_collect_minor();
    cr_assert(!gc_is_young(o->left));
    cr_assert_eq(o->left->value, 5);
    GC_LEAVE();
}
