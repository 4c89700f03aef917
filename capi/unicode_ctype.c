/* unicode_ctype.c — the character classes behind Py_UNICODE_ISSPACE and friends, as the runtime defines them. */
#include <unicase.h>
#include <unictype.h>

#include "capi/capi.h"

/*
 * Each is the runtime's definition (objects/str_methods.c: CPython's Objects/unicodectype.c
 * through libunistring's tables, the same Unicode version). The runtime exports some;
 * the others are the same one-line libunistring calls.
 */

const unsigned char _Py_ascii_whitespace[128] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
    [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [' '] = 1,
};

int _PyUnicode_IsWhitespace(const Py_UCS4 ch)
{
    return w_unicode_isspace(ch);
}

/* The characters str.splitlines() breaks at (bidirectional class B, or BK/CR/LF/NL). */
int _PyUnicode_IsLinebreak(const Py_UCS4 ch)
{
    switch (ch) {
    case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x1C: case 0x1D: case 0x1E:
    case 0x85: case 0x2028: case 0x2029:
        return 1;
    default:
        return 0;
    }
}

int _PyUnicode_IsLowercase(Py_UCS4 ch)
{
    return uc_is_property_lowercase(ch);
}

int _PyUnicode_IsUppercase(Py_UCS4 ch)
{
    return uc_is_property_uppercase(ch);
}

int _PyUnicode_IsTitlecase(Py_UCS4 ch)
{
    return uc_is_general_category(ch, UC_CATEGORY_Lt);
}

int _PyUnicode_IsXidStart(Py_UCS4 ch)
{
    return uc_is_property_xid_start(ch);
}

int _PyUnicode_IsXidContinue(Py_UCS4 ch)
{
    return uc_is_property_xid_continue(ch);
}

int _PyUnicode_IsCased(Py_UCS4 ch)
{
    return uc_is_property_cased(ch);
}

int _PyUnicode_IsCaseIgnorable(Py_UCS4 ch)
{
    return uc_is_property_case_ignorable(ch);
}

Py_UCS4 _PyUnicode_ToLowercase(Py_UCS4 ch)
{
    return uc_tolower(ch);
}

Py_UCS4 _PyUnicode_ToUppercase(Py_UCS4 ch)
{
    return uc_toupper(ch);
}

Py_UCS4 _PyUnicode_ToTitlecase(Py_UCS4 ch)
{
    return uc_totitle(ch);
}

int _PyUnicode_ToDecimalDigit(Py_UCS4 ch)
{
    return w_unicode_decimal_value(ch);
}

int _PyUnicode_IsDecimalDigit(Py_UCS4 ch)
{
    return w_unicode_isdecimal(ch);
}

int _PyUnicode_ToDigit(Py_UCS4 ch)
{
    return ch < 0x80 ? (ch >= '0' && ch <= '9' ? (int)(ch - '0') : -1) : uc_digit_value(ch);
}

int _PyUnicode_IsDigit(Py_UCS4 ch)
{
    return _PyUnicode_ToDigit(ch) >= 0;
}

/*
 * CPython also gives a numeric value to the CJK ideographs that Unihan gives one
 * (kPrimaryNumeric, kAccountingNumeric, kOtherNumeric), which libunistring lacks; the
 * runtime lists them for str.isnumeric (objects/str_methods.c) but not their values.
 */
static const struct {
    uint32_t cp;
    double value;
} unihan_numeric[] = {
    {0x3405, 5}, {0x3483, 2}, {0x382A, 5}, {0x3B4D, 7}, {0x4E00, 1}, {0x4E03, 7},
    {0x4E07, 10000}, {0x4E09, 3}, {0x4E5D, 9}, {0x4E8C, 2}, {0x4E94, 5}, {0x4E96, 4},
    {0x4EBF, 1e8}, {0x4EC0, 10}, {0x4EDF, 1000}, {0x4EE8, 3}, {0x4F0D, 5}, {0x4F70, 100},
    {0x5104, 1e8}, {0x5146, 1e12}, {0x5169, 2}, {0x516B, 8}, {0x516D, 6}, {0x5341, 10},
    {0x5343, 1000}, {0x5344, 20}, {0x5345, 30}, {0x534C, 40}, {0x53C1, 3}, {0x53C2, 3},
    {0x53C3, 3}, {0x53C4, 3}, {0x56DB, 4}, {0x58F1, 1}, {0x58F9, 1}, {0x5E7A, 1},
    {0x5EFE, 9}, {0x5EFF, 20}, {0x5F0C, 1}, {0x5F0D, 2}, {0x5F0E, 3}, {0x5F10, 2},
    {0x62FE, 10}, {0x634C, 8}, {0x67D2, 7}, {0x6F06, 7}, {0x7396, 9}, {0x767E, 100},
    {0x8086, 4}, {0x842C, 10000}, {0x8CAE, 2}, {0x8CB3, 2}, {0x8D30, 2}, {0x9621, 1000},
    {0x9646, 6}, {0x964C, 100}, {0x9678, 6}, {0x96F6, 0}, {0x20001, 7}, {0x20064, 4},
    {0x200E2, 4}, {0x20121, 5}, {0x2092A, 1}, {0x20983, 30}, {0x2098C, 40}, {0x2099C, 40},
    {0x20AEA, 6}, {0x20AFD, 3}, {0x20B19, 3}, {0x22390, 2}, {0x22998, 3}, {0x23B1B, 3},
    {0x2626D, 4},
};

/* The numeric value of ch, or -1.0 when it has none. */
double _PyUnicode_ToNumeric(Py_UCS4 ch)
{
    uc_fraction_t f = uc_numeric_value(ch);
    if (f.denominator)
        return (double)f.numerator / f.denominator;
    size_t lo = 0, hi = sizeof unihan_numeric / sizeof unihan_numeric[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (unihan_numeric[mid].cp == ch)
            return unihan_numeric[mid].value;
        if (unihan_numeric[mid].cp < ch)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1.0;
}

int _PyUnicode_IsNumeric(Py_UCS4 ch)
{
    return _PyUnicode_ToNumeric(ch) != -1.0;
}

int _PyUnicode_IsPrintable(Py_UCS4 ch)
{
    return w_unicode_isprintable(ch);
}

int _PyUnicode_IsAlpha(Py_UCS4 ch)
{
    return uc_is_general_category(ch, UC_CATEGORY_L);
}
