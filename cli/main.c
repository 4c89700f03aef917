/* main.c — the `ferry` command: options, and the line loop over a file, stdin, -c or a tty. */
#define _GNU_SOURCE /* getline, strndup */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli/cli.h"

static const char usage_text[] =
    "usage: ferry [--stats] [-I DIR]... [-c CODE | FILE | -] [ARG]...\n";

static const char help_text[] =
    "Runs Python-like statements, one per line, on Ferry's runtime.\n"
    "\n"
    "  ferry              read lines from stdin (interactive with a terminal)\n"
    "  ferry FILE         run the lines of FILE\n"
    "  ferry -            run the lines read from stdin\n"
    "  ferry -c CODE      run CODE; lines are separated by newlines or by \\n outside\n"
    "                     string literals\n"
    "\n"
    "Options:\n"
    "  -I DIR             add DIR to the module search path (repeatable)\n"
    "  --stats            print collector and C-API statistics to stderr at exit\n"
    "  -h, --help         print this help\n"
    "\n"
    "Environment:\n"
    "  FERRY_PATH         colon-separated directories added to the search path after -I\n"
    "  FERRY_GC_STRESS=1  collect at every allocation (for testing)\n"
    "\n"
    "Each expression statement prints the repr of its value unless it is None; a line\n"
    "that raises prints 'ExceptionName: message' and the run goes on. The exit status\n"
    "is 0 if no line raised, 1 if one did, 2 for a usage error.\n";

typedef struct options {
    const char *code;  /* -c CODE, or NULL */
    const char *file;  /* FILE, "-" for stdin, or NULL */
    int stats;
    const char **dirs; /* -I, in order */
    size_t ndirs;
    char **args;       /* what follows CODE or FILE: the script's arguments */
    int nargs;
} options;

static void usage_error(const char *fmt, const char *arg)
{
    fputs("ferry: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(usage_text, stderr);
    fputs("Try 'ferry --help' for more information.\n", stderr);
    exit(2);
}

/* Python's convention: options end at the first argument that is not one, and at -c. */
static void parse_options(int argc, char **argv, options *o)
{
    int i = 1;
    o->dirs = calloc((size_t)argc, sizeof *o->dirs);
    if (!o->dirs)
        abort();
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (a[0] != '-' || !strcmp(a, "-"))
            break;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            fputs(help_text, stdout);
            exit(0);
        } else if (!strcmp(a, "--stats")) {
            o->stats = 1;
        } else if (!strncmp(a, "-c", 2) || !strncmp(a, "-I", 2)) {
            const char *value = a[2] ? a + 2 : argv[++i];
            if (!value)
                usage_error("option %s requires an argument", a);
            if (a[1] == 'I') {
                o->dirs[o->ndirs++] = value;
                continue;
            }
            o->code = value;
            i++;
            break;
        } else {
            usage_error("unknown option '%s'", a);
        }
    }
    if (!o->code && i < argc)
        o->file = argv[i++];
    o->args = argv + i;
    o->nargs = argc - i;
}

/* ---- running lines ------------------------------------------------------------------ */

/* Prints the pending exception as `Name: message` (or `Name`) and clears it. */
static void print_exception(void)
{
    const char *name = ferry_err_type_name();
    char *msg = ferry_err_message();
    if (msg && *msg)
        printf("%s: %s\n", name ? name : "SystemError", msg);
    else
        printf("%s\n", name ? name : "SystemError");
    free(msg);
    ferry_err_clear();
}

static int print_repr(ferry_handle value)
{
    ferry_handle r = ferry_repr(value);
    size_t len;
    char *text = r ? ferry_str_utf8(r, &len) : NULL;
    if (!text)
        return -1;
    fwrite(text, 1, len, stdout);
    fputc('\n', stdout);
    free(text);
    return 0;
}

/* Runs one line in its own handle scope. Returns 1 if it raised (or did not parse). */
static int run_line(cli_env *env, const char *line, size_t len)
{
    cli_arena arena;
    char *err = NULL;
    int raised = 0;
    cli_arena_init(&arena);
    cli_stmt *s = NULL;
    if (strlen(line) != len)
        err = strdup("source code cannot contain null bytes");
    else
        s = cli_parse(&arena, line, &err);
    if (err) {
        printf("SyntaxError: %s\n", err);
        free(err);
        raised = 1;
    }
    ferry_scope scope = ferry_scope_open();
    for (; s && !raised; s = s->next) {
        ferry_handle value;
        if (cli_exec(env, s, &value) < 0 ||
            (value && !ferry_is_none(value) && print_repr(value) < 0)) {
            print_exception();
            raised = 1;
        }
    }
    ferry_scope_close(scope);
    cli_arena_free(&arena);
    fflush(stdout);
    return raised;
}

static void chomp(char *line, size_t *len)
{
    while (*len && (line[*len - 1] == '\n' || line[*len - 1] == '\r'))
        line[--*len] = 0;
}

static int run_stream(cli_env *env, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int raised = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)n;
        chomp(line, &len);
        raised |= run_line(env, line, len);
    }
    free(line);
    return raised;
}

static int run_code(cli_env *env, const char *code)
{
    char *text = cli_split_escaped_newlines(code);
    if (!text)
        abort();
    int raised = 0;
    for (char *line = text; line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        size_t len = strlen(line);
        chomp(line, &len);
        raised |= run_line(env, line, len);
        line = nl ? nl + 1 : NULL;
    }
    free(text);
    return raised;
}

/* Ctrl-C at the prompt drops the line being edited, as Python's REPL does; while a line
   runs, SIGINT keeps its default action and stops the program. */
static void interrupt_prompt(int sig)
{
    (void)sig;
    fputs("\nKeyboardInterrupt\n", stdout);
    rl_replace_line("", 0);
    rl_on_new_line();
    rl_redisplay();
}

static int run_interactive(cli_env *env)
{
    setlocale(LC_CTYPE, ""); /* lets readline edit UTF-8 text */
    rl_catch_signals = 0;
    int raised = 0;
    for (;;) {
        signal(SIGINT, interrupt_prompt);
        char *line = readline(">>> ");
        signal(SIGINT, SIG_DFL);
        if (!line)
            break;
        if (line[strspn(line, " \t")])
            add_history(line);
        raised |= run_line(env, line, strlen(line));
        free(line);
    }
    fputc('\n', stdout);
    return raised;
}

/* ---- set-up ------------------------------------------------------------------------- */

static void add_search_path(const char *dir)
{
    if (ferry_add_search_path(dir) == 0)
        return;
    fprintf(stderr, "ferry: cannot add '%s' to the search path: ", dir);
    char *msg = ferry_err_message();
    fprintf(stderr, "%s: %s\n", ferry_err_type_name(), msg ? msg : "");
    free(msg);
    ferry_err_clear();
}

static void set_search_path(const options *o)
{
    for (size_t k = 0; k < o->ndirs; k++)
        add_search_path(o->dirs[k]);
    const char *env = getenv("FERRY_PATH");
    while (env && *env) {
        size_t n = strcspn(env, ":");
        if (n) {
            char *dir = strndup(env, n);
            if (!dir)
                abort();
            add_search_path(dir);
            free(dir);
        }
        env += n + (env[n] == ':');
    }
}

/* sys.argv as Python sets it: the script ("-c", FILE, "-" or "") then its arguments. */
static void set_argv(const options *o)
{
    ferry_scope scope = ferry_scope_open();
    ferry_handle list = ferry_list(0, NULL);
    const char *first = o->code ? "-c" : o->file ? o->file : "";
    ferry_handle item = list ? ferry_str(first, (size_t)-1) : NULL;
    int ok = item && ferry_list_append(list, item) == 0;
    for (int k = 0; ok && k < o->nargs; k++) {
        item = ferry_str(o->args[k], (size_t)-1);
        ok = item && ferry_list_append(list, item) == 0;
    }
    ferry_handle sys = ok ? ferry_import("sys") : NULL;
    if (!sys || ferry_setattr(sys, "argv", list) < 0) {
        char *msg = ferry_err_message();
        fprintf(stderr, "ferry: cannot set sys.argv: %s: %s\n", ferry_err_type_name(),
                msg ? msg : "");
        free(msg);
        ferry_err_clear();
    }
    ferry_scope_close(scope);
}

static void print_stats(void)
{
    ferry_gc_stats st;
    ferry_gc_stats_get(&st);
    fprintf(stderr,
            "ferry gc statistics:\n"
            "  minor collections  %llu\n"
            "  major collections  %llu\n"
            "  bytes allocated    %llu\n"
            "  bytes survived     %llu\n"
            "  old space live     %llu bytes\n"
            "  pause total        %.3f ms\n"
            "  pause max          %.3f ms\n"
            "  nursery size       %zu bytes\n"
            "  handles live       %zu\n",
            (unsigned long long)st.minor_collections, (unsigned long long)st.major_collections,
            (unsigned long long)st.bytes_allocated, (unsigned long long)st.bytes_survived,
            (unsigned long long)st.old_bytes_live, st.pause_ns_total / 1e6,
            st.pause_ns_max / 1e6, st.nursery_size, st.handles_live);
    ferry_capi_stats cs;
    ferry_capi_stats_get(&cs);
    fprintf(stderr,
            "ferry C-API statistics:\n"
            "  proxies (old)      %zu\n"
            "  proxies (young)    %zu\n"
            "  int free list      %llu hits, %llu misses\n"
            "  float free list    %llu hits, %llu misses\n"
            "  tuple free lists   %llu hits, %llu misses\n"
            "  str free list      %llu hits, %llu misses\n",
            cs.proxies_old, cs.proxies_young, (unsigned long long)cs.int_hits,
            (unsigned long long)cs.int_misses, (unsigned long long)cs.float_hits,
            (unsigned long long)cs.float_misses, (unsigned long long)cs.tuple_hits,
            (unsigned long long)cs.tuple_misses, (unsigned long long)cs.str_hits,
            (unsigned long long)cs.str_misses);
}

int main(int argc, char **argv)
{
    options o = {0};
    parse_options(argc, argv, &o);

    FILE *input = NULL;
    if (o.file && strcmp(o.file, "-")) {
        struct stat st;
        input = fopen(o.file, "r");
        if (input && fstat(fileno(input), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(input);
            input = NULL;
            errno = EISDIR;
        }
        if (!input) {
            fprintf(stderr, "ferry: can't open file '%s': %s\n", o.file, strerror(errno));
            return 2;
        }
    }

    ferry_config cfg;
    ferry_config_default(&cfg);
    cli_env env;
    if (ferry_init(&cfg) < 0) {
        fputs("ferry: cannot start the runtime\n", stderr);
        return 1;
    }
    if (cli_env_init(&env) < 0) {
        char *msg = ferry_err_message();
        fprintf(stderr, "ferry: cannot set up the REPL: %s: %s\n", ferry_err_type_name(),
                msg ? msg : "");
        free(msg);
        ferry_fini();
        return 1;
    }
    set_search_path(&o);
    set_argv(&o);

    int raised;
    if (o.code)
        raised = run_code(&env, o.code);
    else if (input)
        raised = run_stream(&env, input);
    else if (!o.file && isatty(STDIN_FILENO))
        raised = run_interactive(&env);
    else
        raised = run_stream(&env, stdin);

    if (input)
        fclose(input);
    fflush(stdout);
    if (o.stats)
        print_stats();
    ferry_fini();
    free(o.dirs);
    return raised ? 1 : 0;
}
