/*
 * jsonl.h - reading a JSONL corpus for the benchmarks: one JSON object per
 * line with string members ("id", "dct", "title", "text" ...). Only flat
 * objects of strings, numbers, booleans and null are read; nested values are
 * skipped. Strings are unescaped, \uXXXX included (surrogate pairs joined,
 * lone surrogates become U+FFFD).
 */
#ifndef NERVE_BENCH_JSONL_H
#define NERVE_BENCH_JSONL_H

#include <stddef.h>

typedef struct bench_doc {
    char *id;    /* malloc'd and NUL-terminated, or NULL when absent */
    char *dct;
    char *title;
    char *text;
    size_t text_len; /* bytes in text (it may hold NUL bytes) */
} bench_doc;

typedef struct bench_corpus {
    bench_doc *docs;
    size_t count;
    size_t text_bytes; /* sum of text_len */
} bench_corpus;

/*
 * Unescape the JSON string whose opening quote is at s[*pos] (s has n bytes).
 * On success returns a malloc'd NUL-terminated copy, stores its length in
 * *out_len and moves *pos past the closing quote; NULL on a syntax error or
 * out of memory.
 */
char *bench_json_string(const char *s, size_t n, size_t *pos, size_t *out_len);

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
