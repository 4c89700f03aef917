/* structmember.h — the kinds and flags of PyMemberDef entries (CPython 3.11's values). */
#ifndef FERRY_STRUCTMEMBER_H
#define FERRY_STRUCTMEMBER_H

#include <stddef.h> /* offsetof, which member tables use */

/* The struct itself is in ferry/descrobject.h, which Python.h includes. */

/* Kinds of member. */
#define T_SHORT 0
#define T_INT 1
#define T_LONG 2
#define T_FLOAT 3
#define T_DOUBLE 4
#define T_STRING 5
#define T_OBJECT 6
#define T_CHAR 7 /* a 1-character str */
#define T_BYTE 8
#define T_UBYTE 9
#define T_USHORT 10
#define T_UINT 11
#define T_ULONG 12
#define T_STRING_INPLACE 13
#define T_BOOL 14   /* a char holding 0 or 1 */
#define T_OBJECT_EX 16 /* like T_OBJECT, but NULL raises AttributeError instead of giving None */
#define T_LONGLONG 17
#define T_ULONGLONG 18
#define T_PYSSIZET 19
#define T_NONE 20 /* always None */

/* Flags. */
#define READONLY 1
#define READ_RESTRICTED 2
#define PY_WRITE_RESTRICTED 4
#define RESTRICTED (READ_RESTRICTED | PY_WRITE_RESTRICTED)
#define PY_AUDIT_READ READ_RESTRICTED

#endif
