/* direct.c — calls without libffi, for the signatures a C prototype passes exactly. */
#include "ffi/ffi.h"

/*
 * On x86-64 (System V) and AArch64, a function whose arguments are all of the integer
 * class (integers, pointers) receives them in the first six (eight) integer registers
 * whatever their C widths, and one whose arguments are all doubles in the first
 * floating-point registers. So a call through a prototype of as many uint64_t (double)
 * parameters is the call the real prototype makes, provided that:
 *   - each narrow argument is passed extended to 64 bits by its own signedness (callees
 *     built by clang rely on the extension to 32 bits, which this implies);
 *   - a narrow result is read at its own width: the bits above it are undefined, so the
 *     result is stored whole and read back through its kind's union member (little
 *     endian: the low bytes), never widened from the register.
 * libffi's general machinery (cif interpretation, argument copies, its assembly
 * trampoline) costs about 300 instructions per call; this costs a switch. Other
 * platforms, float arguments or results, mixed classes and more arguments than
 * registers stay with libffi (FF_DIRECT_NONE).
 */
#if (defined(__x86_64__) && !defined(_WIN64)) || (defined(__aarch64__) && !defined(__APPLE__))
#define DIRECT_CALLS 1
#else
#define DIRECT_CALLS 0
#endif

#define MAX_INT_ARGS 6    /* x86-64's integer argument registers (AArch64 has 8) */
#define MAX_DOUBLE_ARGS 4 /* enough for libm; both have 8 */

static bool integer_class(ff_kind k)
{
    return k != FF_K_VOID && k != FF_K_FLOAT && k != FF_K_DOUBLE;
}

ff_direct ff_direct_shape(const ff_sig *s)
{
    if (!DIRECT_CALLS)
        return FF_DIRECT_NONE;
    bool ints = s->nargs <= MAX_INT_ARGS && (s->ret == FF_K_VOID || integer_class(s->ret));
    bool doubles = s->nargs <= MAX_DOUBLE_ARGS && s->ret == FF_K_DOUBLE;
    for (int i = 0; i < s->nargs; i++) {
        ints = ints && integer_class(s->args[i]);
        doubles = doubles && s->args[i] == FF_K_DOUBLE;
    }
    return ints ? FF_DIRECT_INT : doubles ? FF_DIRECT_DOUBLE : FF_DIRECT_NONE;
}

/* An integer-class argument as the 64-bit register value its C type extends to. */
static uint64_t widen(ff_kind k, const ff_value *v)
{
    switch (k) {
    case FF_K_BOOL: return v->b;
    case FF_K_I8: return (uint64_t)(int64_t)v->i8;
    case FF_K_U8: return v->u8;
    case FF_K_I16: return (uint64_t)(int64_t)v->i16;
    case FF_K_U16: return v->u16;
    case FF_K_I32: return (uint64_t)(int64_t)v->i32;
    case FF_K_U32: return v->u32;
    case FF_K_PTR:
    case FF_K_CHARP: return (uintptr_t)v->p;
    default: return v->u64;
    }
}

typedef uint64_t u64;

static u64 call_ints(void *fn, int n, const u64 *a)
{
    switch (n) {
    case 0: return ((u64(*)(void))fn)();
    case 1: return ((u64(*)(u64))fn)(a[0]);
    case 2: return ((u64(*)(u64, u64))fn)(a[0], a[1]);
    case 3: return ((u64(*)(u64, u64, u64))fn)(a[0], a[1], a[2]);
    case 4: return ((u64(*)(u64, u64, u64, u64))fn)(a[0], a[1], a[2], a[3]);
    case 5: return ((u64(*)(u64, u64, u64, u64, u64))fn)(a[0], a[1], a[2], a[3], a[4]);
    default: return ((u64(*)(u64, u64, u64, u64, u64, u64))fn)(a[0], a[1], a[2], a[3], a[4], a[5]);
    }
}

static double call_doubles(void *fn, int n, const ff_value *a)
{
    switch (n) {
    case 0: return ((double (*)(void))fn)();
    case 1: return ((double (*)(double))fn)(a[0].d);
    case 2: return ((double (*)(double, double))fn)(a[0].d, a[1].d);
    case 3: return ((double (*)(double, double, double))fn)(a[0].d, a[1].d, a[2].d);
    default: return ((double (*)(double, double, double, double))fn)(a[0].d, a[1].d, a[2].d, a[3].d);
    }
}

void ff_direct_call(const ff_sig *s, void *fn, ff_value *args, ff_value *ret)
{
    if (s->direct == FF_DIRECT_DOUBLE) {
        ret->d = call_doubles(fn, s->nargs, args);
        return;
    }
    u64 a[MAX_INT_ARGS];
    for (int i = 0; i < s->nargs; i++)
        a[i] = widen(s->args[i], &args[i]);
    ret->u64 = call_ints(fn, s->nargs, a);
}
