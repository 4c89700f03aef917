/* cli.h — what the `ferry` command's lexer, parser, evaluator and driver share. */
#ifndef FERRY_CLI_H
#define FERRY_CLI_H

#include <stddef.h>

#include "ferry.h"

/*
 * The REPL runs one statement per line. A line goes through three stages, each in its
 * own file: lexer.c turns it into tokens, parser.c into a syntax tree, eval.c runs the
 * tree through the embedding API. Everything the first two stages make (token text,
 * decoded literals, tree nodes) lives in a per-line arena that is freed in one go, so an
 * error at any point leaks nothing.
 */

/* ---- arena -------------------------------------------------------------------------- */

typedef struct cli_arena {
    struct cli_arena_block *blocks;
} cli_arena;

void cli_arena_init(cli_arena *a);
/* Zeroed memory that lives until cli_arena_free; aborts when out of memory. */
void *cli_arena_alloc(cli_arena *a, size_t size);
char *cli_arena_strndup(cli_arena *a, const char *s, size_t n);
void cli_arena_free(cli_arena *a);

/* ---- lexer -------------------------------------------------------------------------- */

enum cli_token_kind {
    CLI_T_END,
    CLI_T_NAME,    /* identifier (keywords included: the parser tells them apart) */
    CLI_T_INT,     /* text: digits without prefix or underscores; base: 2, 8, 10, 16 */
    CLI_T_FLOAT,   /* fval */
    CLI_T_STR,     /* text/len: the decoded UTF-8 value */
    CLI_T_BYTES,   /* text/len: the decoded bytes */
    CLI_T_OP,      /* text: the operator or delimiter ("**", "(", "...") */
};

typedef struct cli_token {
    enum cli_token_kind kind;
    const char *text;
    size_t len;
    int base;
    double fval;
    size_t col; /* byte offset in the line, for messages */
} cli_token;

/*
 * Splits `line` into tokens (terminated by a CLI_T_END token), allocated in `arena`.
 * Returns the token array, or NULL with a malloc'd message in *err for a syntax error.
 */
cli_token *cli_lex(cli_arena *arena, const char *line, char **err);
/* 1 if the identifier is a Python keyword (it cannot be a name). */
int cli_is_keyword(const char *name);

/*
 * For `ferry -c`: returns a malloc'd copy of `code` in which every backslash-n outside a
 * string literal is a real newline, so that a shell one-liner can hold several lines.
 */
char *cli_split_escaped_newlines(const char *code);

/* ---- syntax tree -------------------------------------------------------------------- */

enum cli_expr_kind {
    CLI_E_INT,       /* text, base (as the token) */
    CLI_E_FLOAT,     /* fval */
    CLI_E_STR,       /* text, len */
    CLI_E_BYTES,     /* text, len */
    CLI_E_NONE, CLI_E_TRUE, CLI_E_FALSE, CLI_E_ELLIPSIS,
    CLI_E_NAME,      /* text */
    CLI_E_ATTR,      /* a.text */
    CLI_E_CALL,      /* a(items...): items are plain, CLI_E_STARRED, CLI_E_KEYWORD, CLI_E_DSTAR */
    CLI_E_KEYWORD,   /* text=a, only inside a call */
    CLI_E_DSTAR,     /* **a, only inside a call */
    CLI_E_STARRED,   /* *a: call arguments, displays, assignment targets */
    CLI_E_SUBSCRIPT, /* a[b] */
    CLI_E_SLICE,     /* a:b:c, any of them NULL; only inside a subscript */
    CLI_E_UNARY,     /* op a; op is a CLI_U_* */
    CLI_E_BINARY,    /* a op b; op is a ferry_binop */
    CLI_E_BOOLOP,    /* items joined by op (CLI_AND or CLI_OR) */
    CLI_E_COMPARE,   /* items[0] ops[0] items[1] ops[1] ... (n operands, n - 1 ops) */
    CLI_E_IFEXP,     /* a if b else c */
    CLI_E_TUPLE, CLI_E_LIST, CLI_E_SET, /* items */
    CLI_E_DICT,      /* items (keys) and values; a NULL key is `**values[i]` */
};

enum { CLI_U_NEG, CLI_U_POS, CLI_U_INVERT, CLI_U_NOT };
enum { CLI_AND, CLI_OR };
enum cli_cmp {
    CLI_C_LT, CLI_C_LE, CLI_C_EQ, CLI_C_NE, CLI_C_GT, CLI_C_GE, /* = ferry_cmpop order */
    CLI_C_IN, CLI_C_NOT_IN, CLI_C_IS, CLI_C_IS_NOT
};

typedef struct cli_expr cli_expr;
struct cli_expr {
    enum cli_expr_kind kind;
    int op;
    const char *text;
    size_t len;
    int base;
    double fval;
    cli_expr *a, *b, *c;
    size_t n;
    cli_expr **items;
    cli_expr **values;
    int *ops;
};

enum cli_stmt_kind {
    CLI_S_EXPR,      /* value */
    CLI_S_ASSIGN,    /* targets[0] = targets[1] = ... = value */
    CLI_S_AUGASSIGN, /* targets[0] op= value; op is a ferry_binop */
    CLI_S_IMPORT,    /* import names[i] [as asnames[i]] */
    CLI_S_FROM,      /* from module import names[i] [as asnames[i]] */
    CLI_S_DEL,       /* del targets... */
    CLI_S_PASS,
    CLI_S_ASSERT,    /* assert value [, msg] */
    CLI_S_RAISE,     /* raise [value] */
};

typedef struct cli_stmt cli_stmt;
struct cli_stmt {
    enum cli_stmt_kind kind;
    int op;
    cli_expr *value;
    cli_expr *msg;
    cli_expr **targets;
    size_t ntargets;
    const char *module;
    const char **names;
    const char **asnames; /* entries NULL when there is no `as` */
    size_t nnames;
    cli_stmt *next; /* the next statement of a line like `a = 1; a` */
};

/*
 * Parses one line. Returns NULL for a blank or comment-only line (with *err NULL), the
 * first of its statements (several when separated by `;`, chained by `next`), or NULL
 * with a malloc'd message in *err for a syntax error.
 */
cli_stmt *cli_parse(cli_arena *arena, const char *line, char **err);

/* ---- evaluation --------------------------------------------------------------------- */

/* The REPL's state: its globals dict, the builtins module and its dict (handles of the
   outermost scope, alive for the whole run). */
typedef struct cli_env {
    ferry_handle globals;
    ferry_handle builtins;
    ferry_handle builtins_dict;
} cli_env;

int cli_env_init(cli_env *env);
/*
 * Runs a statement in the current handle scope. Returns 0 or -1 with an exception
 * pending. For an expression statement *value gets its value (NULL for other statements).
 */
int cli_exec(cli_env *env, const cli_stmt *s, ferry_handle *value);

#endif
