/*
 * jsonl.h - reading a JSONL corpus for the benchmarks: one JSON object per
 * line; "id", "dct" and "text" are kept, other members skipped. Parsing is
 * extract's (examples/jsonl_input.c).
 */
#ifndef NERVE_BENCH_JSONL_H
#define NERVE_BENCH_JSONL_H

#include <stddef.h>

typedef struct bench_doc {
    char *id; /* malloc'd and NUL-terminated, or NULL when absent */
    char *dct;
    char *title; /* not read: always NULL */
    char *text;
    size_t text_len; /* bytes in text (it may hold NUL bytes) */
} bench_doc;

typedef struct bench_corpus {
    bench_doc *docs;
    size_t count;
    size_t text_bytes; /* sum of text_len */
} bench_corpus;

/* Parse one line into *doc (zeroed first). Returns 0, or -1 on a syntax error. */
int bench_jsonl_parse_line(const char *line, size_t len, bench_doc *doc);

/*
 * Load every line of path. Blank lines are skipped; a malformed line is
 * reported on stderr with its number and skipped. Returns 0, or -1 when the
 * file cannot be read (errno set).
 */
int bench_corpus_load(const char *path, bench_corpus *out);
void bench_corpus_free(bench_corpus *c);
void bench_doc_free(bench_doc *d);

#endif
