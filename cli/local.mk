# cli/local.mk — the `ferry` command: a REPL over the embedding API only.
bin_PROGRAMS += ferry
ferry_SOURCES = cli/main.c cli/lexer.c cli/parser.c cli/eval.c cli/cli.h
ferry_LDADD = libferry.la $(READLINE_LIBS)
EXTRA_DIST += cli/README.md
