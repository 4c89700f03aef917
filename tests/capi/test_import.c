/* test_import.c — the extension loader's errors that name Ferry's files and symbols. */
#include <sys/stat.h>
#include <unistd.h>

#include "tests/capi/fixture.h"

/* The test extensions are built by `make check` under $EXT_DIR (tests/ext/local.mk). */
static const char *ext_dir(void)
{
    const char *d = getenv("EXT_DIR");
    cr_assert(d, "EXT_DIR is not set: run through `make check`");
    return d;
}

static void add_path(const char *dir)
{
    w_object *path = space_getattr_cstr(w_sys_module(), "path");
    cr_assert(path);
    GC_ENTER();
    GC_ROOT(path);
    w_object *s = w_str_from_cstr(dir);
    cr_assert_eq(w_list_append(path, s), 0);
    GC_LEAVE();
}

static void setup(void)
{
    cx_setup();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/ferry", ext_dir());
    add_path(dir);
}

TestSuite(import, .init = setup, .fini = cx_teardown);

/* The message of the pending ImportError, which the test then clears. */
static char *import_message(const char *name)
{
    cr_assert_null(capi_import(name), "importing %s should fail", name);
    cr_assert(w_err_matches(w_exc_ImportError), "ImportError expected, got %s",
              W_TYPE(w_err_current())->name);
    char *msg = strdup(w_str_utf8(w_exc_str(w_err_fetch())));
    return msg;
}

Test(import, missing_init_function_names_file_and_symbol)
{
    char *msg = import_message("noinit");
    cr_assert(strstr(msg, "/ferry/noinit.ferry-311-"), "%s", msg);
    cr_assert(strstr(msg, "dynamic module does not define module export function (PyInit_noinit)"),
              "%s", msg);
    free(msg);
}

Test(import, missing_symbol_is_named)
{
    char *msg = import_message("undefsym");
    cr_assert(strstr(msg, "undefsym.ferry-311-"), "%s", msg);
    cr_assert(strstr(msg, "undefined symbol PyFerryTest_NoSuchFunction (Ferry does not provide it)"),
              "%s", msg);
    free(msg);
}

Test(import, module_built_for_cpython_is_refused_before_running)
{
    /* Debian's CPython build of our hello.c, offered to Ferry as a plain hello.so */
    char from[4096], dir[] = "/tmp/ferry-import-XXXXXX", to[4200];
    snprintf(from, sizeof from, "%s/cpython/hello.cpython-311-x86_64-linux-gnu.so", ext_dir());
    cr_assert(mkdtemp(dir));
    snprintf(to, sizeof to, "%s/hellocpy.so", dir);
    cr_assert_eq(symlink(from, to), 0);
    add_path(dir);
    char *msg = import_message("hellocpy");
    cr_assert(strstr(msg, "hellocpy.so: not built for Ferry"), "%s", msg);
    cr_assert(strstr(msg, "ferry-config --cflags"), "%s", msg);
    free(msg);
    unlink(to);
    rmdir(dir);
}

Test(import, no_such_module)
{
    cr_assert_null(capi_import("surely_not_here"));
    fx_assert_raised(w_exc_ModuleNotFoundError, "No module named 'surely_not_here'");
}

Test(import, not_a_package)
{
    cr_assert_not_null(capi_import("hello"));
    cr_assert_null(capi_import("hello.sub"));
    fx_assert_raised(w_exc_ModuleNotFoundError, "No module named 'hello.sub'; 'hello' is not a package");
}

Test(import, c_import_finds_extensions_and_sys_modules)
{
    PyObject *m = PyImport_ImportModule("hello");
    cr_assert_not_null(m);
    cr_assert_eq(PyImport_ImportModule("hello"), m, "the second import is sys.modules'");
    PyObject *sys = PyImport_ImportModule("sys");
    cr_assert_eq(capi_link(sys), w_sys_module());
    PyObject *sub = PyImport_ImportModule("pkg.sub");
    cr_assert_not_null(sub);
    Py_DECREF(sub);
    Py_DECREF(sys);
    Py_DECREF(m);
    Py_DECREF(m);
}
