/* parser.c — recursive-descent parser for one REPL line, following Python 3.11's grammar. */
#define _GNU_SOURCE /* vasprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/*
 * One function per rule of Python's expression grammar, lowest precedence first
 * (Grammar/python.gram in CPython names the same rules). A syntax error longjmps back to
 * cli_parse: every node is in the arena, so nothing needs unwinding.
 */
typedef struct parser {
    cli_arena *arena;
    cli_token *toks;
    size_t i;
    unsigned depth; /* nesting of the rules that recurse, bounded to keep the C stack safe */
    char *err;
    jmp_buf fail;
} parser;

#define MAX_DEPTH 1000

static void fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

static void fail(parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&p->err, fmt, ap) < 0)
        p->err = NULL;
    va_end(ap);
    longjmp(p->fail, 1);
}

/* Every recursive rule goes through here (and decrements `depth` on the way out). */
static void enter(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        fail(p, "too many nested parentheses or operators");
}

static cli_token *tok(parser *p)
{
    return &p->toks[p->i];
}

static int is_op(parser *p, const char *op)
{
    return tok(p)->kind == CLI_T_OP && !strcmp(tok(p)->text, op);
}

static int is_kw(parser *p, const char *kw)
{
    return tok(p)->kind == CLI_T_NAME && !strcmp(tok(p)->text, kw);
}

static int accept_op(parser *p, const char *op)
{
    if (!is_op(p, op))
        return 0;
    p->i++;
    return 1;
}

static int accept_kw(parser *p, const char *kw)
{
    if (!is_kw(p, kw))
        return 0;
    p->i++;
    return 1;
}

static void expect_op(parser *p, const char *op)
{
    if (!accept_op(p, op))
        fail(p, "invalid syntax (expected '%s')", op);
}

static void expect_close(parser *p, const char *open, const char *close)
{
    if (!accept_op(p, close)) {
        if (tok(p)->kind == CLI_T_END)
            fail(p, "'%s' was never closed", open);
        fail(p, "invalid syntax (expected '%s')", close);
    }
}

static const char *expect_name(parser *p)
{
    cli_token *t = tok(p);
    if (t->kind != CLI_T_NAME || cli_is_keyword(t->text))
        fail(p, "invalid syntax (expected a name)");
    p->i++;
    return t->text;
}

static cli_expr *node(parser *p, enum cli_expr_kind kind)
{
    cli_expr *e = cli_arena_alloc(p->arena, sizeof *e);
    e->kind = kind;
    return e;
}

/* A growable array of expressions, kept in the arena. */
typedef struct exprvec {
    cli_expr **v;
    size_t n, cap;
} exprvec;

static void vec_push(parser *p, exprvec *vec, cli_expr *e)
{
    if (vec->n == vec->cap) {
        size_t cap = vec->cap ? 2 * vec->cap : 4;
        cli_expr **bigger = cli_arena_alloc(p->arena, cap * sizeof *bigger);
        if (vec->n)
            memcpy(bigger, vec->v, vec->n * sizeof *bigger);
        vec->v = bigger;
        vec->cap = cap;
    }
    vec->v[vec->n++] = e;
}

static cli_expr *seq_node(parser *p, enum cli_expr_kind kind, exprvec *items)
{
    cli_expr *e = node(p, kind);
    e->items = items->v;
    e->n = items->n;
    return e;
}

static cli_expr *expression(parser *p);
static cli_expr *bitwise_or(parser *p);

/* Tokens that can start an expression: used to find where an optional part ends. */
static int starts_expression(parser *p)
{
    cli_token *t = tok(p);
    switch (t->kind) {
    case CLI_T_END:
        return 0;
    case CLI_T_NAME:
        return !cli_is_keyword(t->text) || !strcmp(t->text, "None") ||
               !strcmp(t->text, "True") || !strcmp(t->text, "False") ||
               !strcmp(t->text, "not") || !strcmp(t->text, "lambda");
    case CLI_T_OP:
        return (strchr("([{-+~*", t->text[0]) && strlen(t->text) == 1) || !strcmp(t->text, "...");
    default:
        return 1;
    }
}

/* ---- atoms -------------------------------------------------------------------------- */

/* Adjacent literals concatenate ('a' "b" == 'ab'); bytes and str do not mix. */
static cli_expr *strings(parser *p)
{
    enum cli_token_kind kind = tok(p)->kind;
    size_t total = 0, j = p->i;
    for (; p->toks[j].kind == CLI_T_STR || p->toks[j].kind == CLI_T_BYTES; j++) {
        if (p->toks[j].kind != kind)
            fail(p, "cannot mix bytes and nonbytes literals");
        total += p->toks[j].len;
    }
    char *buf = cli_arena_alloc(p->arena, total + 1);
    size_t n = 0;
    for (; p->i < j; p->i++) {
        memcpy(buf + n, tok(p)->text, tok(p)->len);
        n += tok(p)->len;
    }
    cli_expr *e = node(p, kind == CLI_T_STR ? CLI_E_STR : CLI_E_BYTES);
    e->text = buf;
    e->len = n;
    return e;
}

/* star_named_expression: '*' bitwise_or | expression */
static cli_expr *star_named_expression(parser *p)
{
    if (accept_op(p, "*")) {
        cli_expr *e = node(p, CLI_E_STARRED);
        e->a = bitwise_or(p);
        return e;
    }
    if (is_op(p, ":="))
        fail(p, "assignment expressions are not supported");
    return expression(p);
}

/* The items of a display up to `close`, trailing comma allowed. */
static void display_items(parser *p, exprvec *items, const char *open, const char *close)
{
    while (!is_op(p, close)) {
        vec_push(p, items, star_named_expression(p));
        if (!accept_op(p, ","))
            break;
    }
    expect_close(p, open, close);
}

static cli_expr *paren_atom(parser *p)
{
    if (accept_op(p, ")"))
        return node(p, CLI_E_TUPLE);
    cli_expr *first = star_named_expression(p);
    if (accept_op(p, ")")) {
        if (first->kind == CLI_E_STARRED)
            fail(p, "cannot use starred expression here");
        return first;
    }
    if (!is_op(p, ",")) {
        if (is_kw(p, "for"))
            fail(p, "generator expressions are not supported");
        expect_close(p, "(", ")");
    }
    p->i++;
    exprvec items = {0};
    vec_push(p, &items, first);
    display_items(p, &items, "(", ")");
    return seq_node(p, CLI_E_TUPLE, &items);
}

static cli_expr *list_atom(parser *p)
{
    exprvec items = {0};
    if (!is_op(p, "]")) {
        vec_push(p, &items, star_named_expression(p));
        if (is_kw(p, "for"))
            fail(p, "comprehensions are not supported");
        if (accept_op(p, ","))
            display_items(p, &items, "[", "]");
        else
            expect_close(p, "[", "]");
    } else {
        p->i++;
    }
    return seq_node(p, CLI_E_LIST, &items);
}

/* '{' '}' is a dict; '{' k: v, **m '}' a dict; '{' a, *b '}' a set. */
static cli_expr *brace_atom(parser *p)
{
    if (accept_op(p, "}"))
        return node(p, CLI_E_DICT);
    exprvec keys = {0}, values = {0};
    int is_dict = is_op(p, "**");
    if (!is_dict) {
        cli_expr *first = star_named_expression(p);
        if (is_kw(p, "for"))
            fail(p, "comprehensions are not supported");
        if (first->kind != CLI_E_STARRED && accept_op(p, ":")) {
            is_dict = 1;
            vec_push(p, &keys, first);
            vec_push(p, &values, expression(p));
            if (is_kw(p, "for"))
                fail(p, "comprehensions are not supported");
            if (!accept_op(p, ",")) {
                expect_close(p, "{", "}");
                goto done;
            }
        } else {
            vec_push(p, &keys, first);
            if (accept_op(p, ","))
                display_items(p, &keys, "{", "}");
            else
                expect_close(p, "{", "}");
            return seq_node(p, CLI_E_SET, &keys);
        }
    }
    while (!is_op(p, "}")) {
        if (accept_op(p, "**")) {
            vec_push(p, &keys, NULL);
            vec_push(p, &values, bitwise_or(p));
        } else {
            vec_push(p, &keys, expression(p));
            expect_op(p, ":");
            vec_push(p, &values, expression(p));
        }
        if (!accept_op(p, ","))
            break;
    }
    expect_close(p, "{", "}");
done:;
    cli_expr *e = seq_node(p, CLI_E_DICT, &keys);
    e->values = values.v;
    return e;
}

static cli_expr *atom(parser *p)
{
    cli_token *t = tok(p);
    cli_expr *e;
    switch (t->kind) {
    case CLI_T_NAME:
        p->i++;
        if (!strcmp(t->text, "None"))
            return node(p, CLI_E_NONE);
        if (!strcmp(t->text, "True"))
            return node(p, CLI_E_TRUE);
        if (!strcmp(t->text, "False"))
            return node(p, CLI_E_FALSE);
        if (!strcmp(t->text, "lambda"))
            fail(p, "lambda is not supported");
        if (cli_is_keyword(t->text))
            fail(p, "invalid syntax");
        e = node(p, CLI_E_NAME);
        e->text = t->text;
        return e;
    case CLI_T_INT:
        p->i++;
        e = node(p, CLI_E_INT);
        e->text = t->text;
        e->base = t->base;
        return e;
    case CLI_T_FLOAT:
        p->i++;
        e = node(p, CLI_E_FLOAT);
        e->fval = t->fval;
        return e;
    case CLI_T_STR:
    case CLI_T_BYTES:
        return strings(p);
    case CLI_T_OP:
        p->i++;
        if (!strcmp(t->text, "("))
            return paren_atom(p);
        if (!strcmp(t->text, "["))
            return list_atom(p);
        if (!strcmp(t->text, "{"))
            return brace_atom(p);
        if (!strcmp(t->text, "..."))
            return node(p, CLI_E_ELLIPSIS);
        p->i--;
        fail(p, "invalid syntax");
    case CLI_T_END:
        break;
    }
    fail(p, "invalid syntax");
}

/* ---- primaries: attribute, call, subscript ------------------------------------------ */

/*
 * Call arguments, with CPython's ordering rules: positional and *iterable arguments
 * before keywords and **mappings, except that *iterable may follow a keyword.
 */
static void call_args(parser *p, cli_expr *call)
{
    exprvec args = {0};
    int seen_kw = 0, seen_dstar = 0;
    while (!is_op(p, ")")) {
        cli_expr *a;
        if (accept_op(p, "**")) {
            a = node(p, CLI_E_DSTAR);
            a->a = expression(p);
            seen_dstar = 1;
        } else if (accept_op(p, "*")) {
            if (seen_dstar)
                fail(p, "iterable argument unpacking follows keyword argument unpacking");
            a = node(p, CLI_E_STARRED);
            a->a = expression(p);
        } else if (tok(p)->kind == CLI_T_NAME && p->toks[p->i + 1].kind == CLI_T_OP &&
                   !strcmp(p->toks[p->i + 1].text, "=")) {
            const char *name = expect_name(p);
            p->i++;
            for (size_t k = 0; k < args.n; k++)
                if (args.v[k]->kind == CLI_E_KEYWORD && !strcmp(args.v[k]->text, name))
                    fail(p, "keyword argument repeated: %s", name);
            a = node(p, CLI_E_KEYWORD);
            a->text = name;
            a->a = expression(p);
            seen_kw = 1;
        } else {
            if (seen_dstar)
                fail(p, "positional argument follows keyword argument unpacking");
            if (seen_kw)
                fail(p, "positional argument follows keyword argument");
            a = expression(p);
            if (is_kw(p, "for"))
                fail(p, "generator expressions are not supported");
            if (is_op(p, "="))
                fail(p, "expression cannot contain assignment, perhaps you meant \"==\"?");
        }
        vec_push(p, &args, a);
        if (!accept_op(p, ","))
            break;
    }
    expect_close(p, "(", ")");
    call->items = args.v;
    call->n = args.n;
}

/* slice: [expression] ':' [expression] [':' [expression]] | expression */
static cli_expr *slice_item(parser *p)
{
    if (is_op(p, "*"))
        return star_named_expression(p);
    cli_expr *lower = is_op(p, ":") ? NULL : expression(p);
    if (!accept_op(p, ":"))
        return lower;
    cli_expr *s = node(p, CLI_E_SLICE);
    s->a = lower;
    if (!is_op(p, ":") && !is_op(p, "]") && !is_op(p, ","))
        s->b = expression(p);
    if (accept_op(p, ":") && !is_op(p, "]") && !is_op(p, ","))
        s->c = expression(p);
    return s;
}

/* a[i], a[i:j], a[i:j, k] (a tuple of slices and expressions) */
static cli_expr *slices(parser *p)
{
    cli_expr *first = slice_item(p);
    if (!is_op(p, ",")) {
        expect_close(p, "[", "]");
        return first;
    }
    exprvec items = {0};
    vec_push(p, &items, first);
    while (accept_op(p, ",") && !is_op(p, "]"))
        vec_push(p, &items, slice_item(p));
    expect_close(p, "[", "]");
    return seq_node(p, CLI_E_TUPLE, &items);
}

static cli_expr *primary(parser *p)
{
    cli_expr *e = atom(p);
    for (;;) {
        cli_expr *t;
        if (accept_op(p, ".")) {
            t = node(p, CLI_E_ATTR);
            t->a = e;
            t->text = expect_name(p);
        } else if (accept_op(p, "(")) {
            t = node(p, CLI_E_CALL);
            t->a = e;
            call_args(p, t);
        } else if (accept_op(p, "[")) {
            t = node(p, CLI_E_SUBSCRIPT);
            t->a = e;
            t->b = slices(p);
        } else {
            return e;
        }
        e = t;
    }
}

/* ---- operators ---------------------------------------------------------------------- */

static cli_expr *factor(parser *p);

static cli_expr *binary(parser *p, int op, cli_expr *a, cli_expr *b)
{
    cli_expr *e = node(p, CLI_E_BINARY);
    e->op = op;
    e->a = a;
    e->b = b;
    return e;
}

/* power: primary ['**' factor] — right-associative, and tighter than a unary minus on
   its left (-2**2 == -4) but not on its right (2**-1 == 0.5). */
static cli_expr *power(parser *p)
{
    cli_expr *e = primary(p);
    if (accept_op(p, "**")) {
        enter(p);
        e = binary(p, FERRY_POW, e, factor(p));
        p->depth--;
    }
    return e;
}

static cli_expr *factor(parser *p)
{
    int op = is_op(p, "-")   ? CLI_U_NEG
             : is_op(p, "+") ? CLI_U_POS
             : is_op(p, "~") ? CLI_U_INVERT
                             : -1;
    if (op < 0)
        return power(p);
    p->i++;
    enter(p);
    cli_expr *e = node(p, CLI_E_UNARY);
    e->op = op;
    e->a = factor(p);
    p->depth--;
    return e;
}

/* One left-associative level of binary operators: `ops` and `codes` are parallel. */
static cli_expr *binary_level(parser *p, cli_expr *(*next)(parser *), const char *const *ops,
                              const int *codes, size_t nops)
{
    cli_expr *e = next(p);
    for (;;) {
        size_t k = 0;
        while (k < nops && !is_op(p, ops[k]))
            k++;
        if (k == nops)
            return e;
        p->i++;
        e = binary(p, codes[k], e, next(p));
    }
}

static cli_expr *term(parser *p)
{
    static const char *const ops[] = {"*", "/", "//", "%", "@"};
    static const int codes[] = {FERRY_MUL, FERRY_TRUEDIV, FERRY_FLOORDIV, FERRY_MOD, FERRY_MATMUL};
    return binary_level(p, factor, ops, codes, 5);
}

static cli_expr *sum(parser *p)
{
    static const char *const ops[] = {"+", "-"};
    static const int codes[] = {FERRY_ADD, FERRY_SUB};
    return binary_level(p, term, ops, codes, 2);
}

static cli_expr *shift_expr(parser *p)
{
    static const char *const ops[] = {"<<", ">>"};
    static const int codes[] = {FERRY_LSHIFT, FERRY_RSHIFT};
    return binary_level(p, sum, ops, codes, 2);
}

static cli_expr *bitwise_and(parser *p)
{
    static const char *const ops[] = {"&"};
    static const int codes[] = {FERRY_AND};
    return binary_level(p, shift_expr, ops, codes, 1);
}

static cli_expr *bitwise_xor(parser *p)
{
    static const char *const ops[] = {"^"};
    static const int codes[] = {FERRY_XOR};
    return binary_level(p, bitwise_and, ops, codes, 1);
}

static cli_expr *bitwise_or(parser *p)
{
    static const char *const ops[] = {"|"};
    static const int codes[] = {FERRY_OR};
    return binary_level(p, bitwise_xor, ops, codes, 1);
}

/* The comparison operator at the current token, consumed; -1 if there is none. */
static int compare_op(parser *p)
{
    static const char *const ops[] = {"<", "<=", "==", "!=", ">", ">="};
    for (int k = 0; k < 6; k++)
        if (accept_op(p, ops[k]))
            return k;
    if (accept_kw(p, "in"))
        return CLI_C_IN;
    if (is_kw(p, "not") && p->toks[p->i + 1].kind == CLI_T_NAME &&
        !strcmp(p->toks[p->i + 1].text, "in")) {
        p->i += 2;
        return CLI_C_NOT_IN;
    }
    if (accept_kw(p, "is"))
        return accept_kw(p, "not") ? CLI_C_IS_NOT : CLI_C_IS;
    return -1;
}

static cli_expr *comparison(parser *p)
{
    cli_expr *first = bitwise_or(p);
    int op = compare_op(p);
    if (op < 0)
        return first;
    exprvec operands = {0};
    size_t nops = 0, cap = 4;
    int *ops = cli_arena_alloc(p->arena, cap * sizeof *ops);
    vec_push(p, &operands, first);
    for (; op >= 0; op = compare_op(p)) {
        if (nops == cap) {
            int *bigger = cli_arena_alloc(p->arena, 2 * cap * sizeof *ops);
            memcpy(bigger, ops, cap * sizeof *ops);
            ops = bigger;
            cap *= 2;
        }
        ops[nops++] = op;
        vec_push(p, &operands, bitwise_or(p));
    }
    cli_expr *e = seq_node(p, CLI_E_COMPARE, &operands);
    e->ops = ops;
    return e;
}

static cli_expr *inversion(parser *p)
{
    if (!accept_kw(p, "not"))
        return comparison(p);
    enter(p);
    cli_expr *e = node(p, CLI_E_UNARY);
    e->op = CLI_U_NOT;
    e->a = inversion(p);
    p->depth--;
    return e;
}

static cli_expr *boolop(parser *p, int op, const char *kw, cli_expr *(*next)(parser *))
{
    cli_expr *first = next(p);
    if (!is_kw(p, kw))
        return first;
    exprvec items = {0};
    vec_push(p, &items, first);
    while (accept_kw(p, kw))
        vec_push(p, &items, next(p));
    cli_expr *e = seq_node(p, CLI_E_BOOLOP, &items);
    e->op = op;
    return e;
}

static cli_expr *conjunction(parser *p)
{
    return boolop(p, CLI_AND, "and", inversion);
}

static cli_expr *disjunction(parser *p)
{
    return boolop(p, CLI_OR, "or", conjunction);
}

/* expression: disjunction ['if' disjunction 'else' expression] */
static cli_expr *expression(parser *p)
{
    if (is_kw(p, "lambda"))
        fail(p, "lambda is not supported");
    enter(p);
    cli_expr *e = disjunction(p);
    if (accept_kw(p, "if")) {
        cli_expr *body = e;
        e = node(p, CLI_E_IFEXP);
        e->a = body;
        e->b = disjunction(p);
        if (!accept_kw(p, "else"))
            fail(p, "expected 'else' after 'if' expression");
        e->c = expression(p);
    }
    p->depth--;
    return e;
}

/* star_expressions: a single expression, or a tuple when there is a comma. */
static cli_expr *star_expressions(parser *p)
{
    cli_expr *first = star_named_expression(p);
    if (!is_op(p, ","))
        return first;
    exprvec items = {0};
    vec_push(p, &items, first);
    while (accept_op(p, ",") && starts_expression(p))
        vec_push(p, &items, star_named_expression(p));
    return seq_node(p, CLI_E_TUPLE, &items);
}

/* ---- statements --------------------------------------------------------------------- */

static const char *expr_description(const cli_expr *e)
{
    switch (e->kind) {
    case CLI_E_INT: case CLI_E_FLOAT: case CLI_E_STR: case CLI_E_BYTES: case CLI_E_ELLIPSIS:
        return "literal";
    case CLI_E_NONE: return "None";
    case CLI_E_TRUE: return "True";
    case CLI_E_FALSE: return "False";
    case CLI_E_CALL: return "function call";
    case CLI_E_COMPARE: return "comparison";
    case CLI_E_IFEXP: return "conditional expression";
    case CLI_E_DICT: return "dict literal";
    case CLI_E_SET: return "set display";
    default: return "expression";
    }
}

/* Checks that `e` can be assigned to (`del_ctx`: deleted); starred only inside a sequence. */
static void check_target(parser *p, const cli_expr *e, int del_ctx, int in_seq)
{
    switch (e->kind) {
    case CLI_E_NAME: case CLI_E_ATTR: case CLI_E_SUBSCRIPT:
        return;
    case CLI_E_TUPLE:
    case CLI_E_LIST: {
        int starred = 0;
        for (size_t k = 0; k < e->n; k++) {
            if (e->items[k]->kind == CLI_E_STARRED && starred++)
                fail(p, "multiple starred expressions in assignment");
            check_target(p, e->items[k], del_ctx, 1);
        }
        return;
    }
    case CLI_E_STARRED:
        if (del_ctx)
            fail(p, "cannot delete starred");
        if (!in_seq)
            fail(p, "starred assignment target must be in a list or tuple");
        check_target(p, e->a, del_ctx, 0);
        return;
    default:
        fail(p, "cannot %s %s", del_ctx ? "delete" : "assign to", expr_description(e));
    }
}

static const char *dotted_name(parser *p)
{
    size_t start = p->i;
    size_t len = strlen(expect_name(p));
    while (accept_op(p, "."))
        len += 1 + strlen(expect_name(p));
    char *s = cli_arena_alloc(p->arena, len + 1);
    for (size_t k = start; k < p->i; k++)
        strcat(s, p->toks[k].text);
    return s;
}

static void push_name(parser *p, cli_stmt *s, const char *name, const char *asname, size_t *cap)
{
    if (s->nnames == *cap) {
        *cap = *cap ? 2 * *cap : 4;
        const char **names = cli_arena_alloc(p->arena, *cap * sizeof *names);
        const char **asnames = cli_arena_alloc(p->arena, *cap * sizeof *asnames);
        if (s->nnames) {
            memcpy(names, s->names, s->nnames * sizeof *names);
            memcpy(asnames, s->asnames, s->nnames * sizeof *asnames);
        }
        s->names = names;
        s->asnames = asnames;
    }
    s->names[s->nnames] = name;
    s->asnames[s->nnames] = asname;
    s->nnames++;
}

static void import_stmt(parser *p, cli_stmt *s)
{
    size_t cap = 0;
    s->kind = CLI_S_IMPORT;
    do {
        const char *name = dotted_name(p);
        push_name(p, s, name, accept_kw(p, "as") ? expect_name(p) : NULL, &cap);
    } while (accept_op(p, ","));
}

static void from_stmt(parser *p, cli_stmt *s)
{
    size_t cap = 0;
    s->kind = CLI_S_FROM;
    if (is_op(p, ".") || is_op(p, "..."))
        fail(p, "relative imports are not supported");
    s->module = dotted_name(p);
    if (!accept_kw(p, "import"))
        fail(p, "invalid syntax (expected 'import')");
    if (is_op(p, "*"))
        fail(p, "wildcard imports are not supported");
    int paren = accept_op(p, "(");
    do {
        if (paren && is_op(p, ")"))
            break;
        const char *name = expect_name(p);
        push_name(p, s, name, accept_kw(p, "as") ? expect_name(p) : NULL, &cap);
    } while (accept_op(p, ","));
    if (paren)
        expect_close(p, "(", ")");
    else if (is_op(p, ","))
        fail(p, "trailing comma not allowed without surrounding parentheses");
}

static const char *const aug_ops[] = {"+=", "-=", "*=", "@=", "/=", "//=", "%=", "**=",
                                      "<<=", ">>=", "&=", "|=", "^="};
static const int aug_codes[] = {FERRY_ADD, FERRY_SUB, FERRY_MUL, FERRY_MATMUL,
                                FERRY_TRUEDIV, FERRY_FLOORDIV, FERRY_MOD, FERRY_POW,
                                FERRY_LSHIFT, FERRY_RSHIFT, FERRY_AND, FERRY_OR, FERRY_XOR};

/* Expression statements and (chained, augmented) assignments. */
static void expr_stmt(parser *p, cli_stmt *s)
{
    cli_expr *first = star_expressions(p);
    for (size_t k = 0; k < sizeof aug_ops / sizeof *aug_ops; k++) {
        if (!accept_op(p, aug_ops[k]))
            continue;
        if (first->kind != CLI_E_NAME && first->kind != CLI_E_ATTR &&
            first->kind != CLI_E_SUBSCRIPT)
            fail(p, "'%s' is an illegal expression for augmented assignment",
                 expr_description(first));
        s->kind = CLI_S_AUGASSIGN;
        s->op = aug_codes[k];
        s->targets = cli_arena_alloc(p->arena, sizeof *s->targets);
        s->targets[0] = first;
        s->ntargets = 1;
        s->value = star_expressions(p);
        return;
    }
    if (!is_op(p, "=")) {
        if (first->kind == CLI_E_STARRED)
            fail(p, "can't use starred expression here");
        s->kind = CLI_S_EXPR;
        s->value = first;
        return;
    }
    exprvec targets = {0};
    cli_expr *value = first;
    while (accept_op(p, "=")) {
        check_target(p, value, 0, 0);
        vec_push(p, &targets, value);
        value = star_expressions(p);
    }
    s->kind = CLI_S_ASSIGN;
    s->targets = targets.v;
    s->ntargets = targets.n;
    s->value = value;
}

static cli_stmt *statement(parser *p)
{
    cli_stmt *s = cli_arena_alloc(p->arena, sizeof *s);
    if (accept_kw(p, "import")) {
        import_stmt(p, s);
    } else if (accept_kw(p, "from")) {
        from_stmt(p, s);
    } else if (accept_kw(p, "pass")) {
        s->kind = CLI_S_PASS;
    } else if (accept_kw(p, "del")) {
        s->kind = CLI_S_DEL;
        s->value = star_expressions(p);
        check_target(p, s->value, 1, 0);
    } else if (accept_kw(p, "assert")) {
        s->kind = CLI_S_ASSERT;
        s->value = expression(p);
        if (accept_op(p, ","))
            s->msg = expression(p);
    } else if (accept_kw(p, "raise")) {
        s->kind = CLI_S_RAISE;
        if (starts_expression(p)) {
            s->value = expression(p);
            if (accept_kw(p, "from"))
                s->msg = expression(p);
        }
    } else if (tok(p)->kind == CLI_T_NAME && cli_is_keyword(tok(p)->text) &&
               !starts_expression(p)) {
        fail(p, "'%s' statements are not supported by the REPL", tok(p)->text);
    } else {
        expr_stmt(p, s);
    }
    return s;
}

cli_stmt *cli_parse(cli_arena *arena, const char *line, char **err)
{
    parser p = {.arena = arena};
    *err = NULL;
    if (line[0] == ' ' || line[0] == '\t') {
        size_t k = strspn(line, " \t\f\r\n");
        if (line[k] && line[k] != '#') {
            *err = strdup("unexpected indent");
            return NULL;
        }
    }
    p.toks = cli_lex(arena, line, err);
    if (!p.toks)
        return NULL;
    if (p.toks[0].kind == CLI_T_END)
        return NULL;
    if (setjmp(p.fail)) {
        *err = p.err ? p.err : strdup("invalid syntax");
        return NULL;
    }
    cli_stmt *first = NULL, **link = &first;
    do {
        if (tok(&p)->kind == CLI_T_END && first)
            break;
        *link = statement(&p);
        link = &(*link)->next;
    } while (accept_op(&p, ";"));
    if (tok(&p)->kind != CLI_T_END)
        fail(&p, "invalid syntax");
    return first;
}
