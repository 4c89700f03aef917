# objects/local.mk — the W objects and the object space.
libferry_core_la_SOURCES += \
	objects/objects.h objects/kernel.h objects/numbers.h objects/text.h objects/containers.h objects/runtime.h \
	objects/object.c objects/type.c objects/class.h objects/class.c objects/class_slots.c objects/class_instance.c objects/class_builtin.c objects/descrobject.c objects/errors.c objects/space.c objects/space_ops.c objects/space_inplace.c objects/init.c \
	objects/int.c objects/int_ops.c objects/float.c objects/float_repr.c \
	objects/str.c objects/str_methods.c objects/strbuf.c objects/strformat.c objects/formatspec.c objects/formatfields.c objects/bytes.c objects/bytearray.c \
	objects/tuple.c objects/list.c objects/list_strategy.c objects/list_sort.c objects/dict.c \
	objects/set.c objects/range.c objects/slice.c objects/iter.c \
	objects/builtin.c objects/module.c objects/exceptions.c objects/args.c \
	objects/builtins.c objects/builtins_iter.c objects/sys.c \
	objects/gcmodule.c \
	objects/reduce.c
EXTRA_DIST += objects/README.md
