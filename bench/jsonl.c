/*
 * jsonl.c - the benchmarks' corpus reader: one JSON object per line, parsed
 * by extract's own reader (examples/jsonl_input.c), so that the project has
 * one JSON string decoder for its programs.
 */
#include "jsonl.h"

#include "../examples/jsonl_input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bench_doc_free(bench_doc *d)
{
    free(d->id);
    free(d->dct);
    free(d->title);
    free(d->text);
    memset(d, 0, sizeof *d);
}

int bench_jsonl_parse_line(const char *s, size_t n, bench_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    jsonl_doc d;
    char msg[200];
    size_t off;
    if (jsonl_parse(s, n, &d, msg, sizeof msg, &off) != 0)
        return -1;
    doc->id = d.id;
    doc->dct = d.dct;
    doc->text = d.text;
    doc->text_len = d.text_len;
    return 0;
}

int bench_corpus_load(const char *path, bench_corpus *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0, lineno = 0, alloc = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) != -1) {
        lineno++;
        size_t len = (size_t)got;
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\n' || line[k] == '\r'))
            k++;
        if (k == len)
            continue;
        bench_doc d;
        if (bench_jsonl_parse_line(line, len, &d) != 0) {
            fprintf(stderr, "%s:%zu: malformed JSON line skipped\n", path, lineno);
            continue;
        }
        if (out->count == alloc) {
            size_t na = alloc ? alloc * 2 : 1024;
            bench_doc *nd = realloc(out->docs, na * sizeof *nd);
            if (!nd) {
                bench_doc_free(&d);
                free(line);
                fclose(f);
                bench_corpus_free(out);
                errno = ENOMEM;
                return -1;
            }
            out->docs = nd;
            alloc = na;
        }
        out->docs[out->count++] = d;
        out->text_bytes += d.text_len;
    }
    int failed = ferror(f);
    free(line);
    fclose(f);
    if (failed) {
        bench_corpus_free(out);
        errno = EIO;
        return -1;
    }
    return 0;
}

void bench_corpus_free(bench_corpus *c)
{
    for (size_t i = 0; i < c->count; i++)
        bench_doc_free(&c->docs[i]);
    free(c->docs);
    memset(c, 0, sizeof *c);
}
