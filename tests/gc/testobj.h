/* testobj.h — a tiny object model for testing the collector on its own. */
#ifndef FERRY_TEST_TESTOBJ_H
#define FERRY_TEST_TESTOBJ_H

#include <criterion/criterion.h>

#include "gc/gc.h"

/* tid 1: a node with a value and two references; tid 2: an untraced blob of bytes. */
enum { T_NODE = 1, T_BLOB = 2 };

typedef struct node {
    gc_hdr h;
    int64_t value;
    struct node *left, *right;
} node;

typedef struct blob {
    gc_hdr h;
    uint64_t size;
    unsigned char data[];
} blob;

static size_t node_size(const void *o)
{
    return sizeof(node);
}

static void node_trace(void *o, gc_visit_fn visit, void *ctx)
{
    node *n = o;
    if (n->left)
        visit((void **)&n->left, ctx);
    if (n->right)
        visit((void **)&n->right, ctx);
}

static size_t blob_size(const void *o)
{
    return sizeof(blob) + ((const blob *)o)->size;
}

static inline void tobj_setup_with(size_t nursery, int stress)
{
    static const gc_descr nd = {"node", node_size, node_trace};
    static const gc_descr bd = {"blob", blob_size, NULL};
    gc_config cfg = {nursery, stress, 0};
    cr_assert_eq(gc_init(&cfg), 0);
    gc_register_tid(T_NODE, &nd);
    gc_register_tid(T_BLOB, &bd);
}

static inline void tobj_setup(void)
{
    tobj_setup_with(256 << 10, -1);
}

static inline void tobj_teardown(void)
{
    gc_shutdown();
}

static inline node *new_node(int64_t v)
{
    node *n = gc_alloc(sizeof(node), T_NODE);
    n->value = v;
    return n;
}

static inline blob *new_blob(uint64_t size, int old)
{
    blob *b = old ? gc_alloc_old(sizeof(blob) + size, T_BLOB) : gc_alloc(sizeof(blob) + size, T_BLOB);
    b->size = size;
    return b;
}

#endif
