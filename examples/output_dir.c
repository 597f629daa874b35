/*
 * output_dir.c - extract --output-dir (output_dir.h). A document's file name
 * is its id with any folder and a .txt/.text ending taken off and every
 * byte outside [A-Za-z0-9._-] made "_"; a name already used gets "-2",
 * "-3" ... in input order, so the names do not depend on --threads.
 * index.jsonl (every format) maps the documents, in input order, to their
 * files: {"id": ..., "files": [...]} a line.
 */
#include "output_dir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_NAME 120

typedef struct entry {
    char *name; /* file name without the extension */
    char *id;
    doc_summary sum;
    char *events_by_type;
    char *snippet;
} entry;

struct output_dir {
    char *path;
    const char *ext;
    int brat, index;
    entry *v;
    size_t n, cap;
    char **set; /* open addressing over names, for the "-2" suffixes */
    size_t set_cap, set_n;
};

static size_t hash(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

/* 1 if name is taken, else takes it (name is then owned by the set). */
static int set_take(output_dir *d, char *name)
{
    if (d->set_n * 2 + 2 > d->set_cap) {
        size_t cap = d->set_cap ? d->set_cap * 2 : 64;
        char **set = calloc(cap, sizeof *set);
        if (!set)
            return -1;
        for (size_t i = 0; i < d->set_cap; i++)
            if (d->set[i]) {
                size_t k = hash(d->set[i]) & (cap - 1);
                while (set[k])
                    k = (k + 1) & (cap - 1);
                set[k] = d->set[i];
            }
        free(d->set);
        d->set = set;
        d->set_cap = cap;
    }
    size_t k = hash(name) & (d->set_cap - 1);
    while (d->set[k]) {
        if (strcmp(d->set[k], name) == 0)
            return 1;
        k = (k + 1) & (d->set_cap - 1);
    }
    d->set[k] = name;
    d->set_n++;
    return 0;
}

static void base_name(const char *id, char *out)
{
    const char *b = id;
    for (const char *p = id; *p; p++)
        if (*p == '/')
            b = p + 1;
    size_t n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".txt") == 0)
        n -= 4;
    else if (n > 5 && strcmp(b + n - 5, ".text") == 0)
        n -= 5;
    if (n > MAX_NAME)
        n = MAX_NAME;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = b[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || (c == '.' && k > 0);
        out[k++] = ok ? c : '_';
    }
    out[k] = '\0';
    if (k == 0 || strcmp(out, "index") == 0) { /* "" or the index files' own name */
        out[k++] = '_';
        out[k] = '\0';
    }
}

output_dir *output_dir_open(const char *path, const char *ext, int brat, int index, char *msg,
                            size_t msg_size)
{
    struct stat st;
    if (mkdir(path, 0777) != 0 &&
        (errno != EEXIST || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
        snprintf(msg, msg_size, "%s: %s", path,
                 errno == EEXIST ? "exists and is not a directory" : strerror(errno));
        return NULL;
    }
    output_dir *d = calloc(1, sizeof *d);
    if (d)
        d->path = strdup(path);
    if (!d || !d->path) {
        free(d);
        snprintf(msg, msg_size, "out of memory");
        return NULL;
    }
    d->ext = ext;
    d->brat = brat;
    d->index = index;
    return d;
}

static int write_path(const char *path, const char *data, size_t len, char *msg, size_t msg_size)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(msg, msg_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    int bad = fwrite(data, 1, len, f) != len;
    bad |= fclose(f) != 0;
    if (bad) {
        snprintf(msg, msg_size, "%s: write error", path);
        return -1;
    }
    return 0;
}

int output_dir_write_file(output_dir *d, const char *name, const char *data, size_t len, char *msg,
                          size_t msg_size)
{
    size_t n = strlen(d->path) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path) {
        snprintf(msg, msg_size, "out of memory");
        return -1;
    }
    snprintf(path, n, "%s/%s", d->path, name);
    int rc = write_path(path, data, len, msg, msg_size);
    free(path);
    return rc;
}

/* The first characters of the text, on one line, cut at a character. */
static char *snippet(const char *text, size_t len)
{
    size_t n = len < 200 ? len : 200;
    while (n < len && n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    char *s = malloc(n + 4);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++)
        s[i] = text[i] == '\n' || text[i] == '\r' || text[i] == '\t' ? ' ' : text[i];
    strcpy(s + n, n < len ? "..." : "");
    return s;
}

int output_dir_write(output_dir *d, const char *id, const char *text, size_t text_len,
                     const char *out, size_t out_len, const doc_summary *sum, char *msg,
                     size_t msg_size)
{
    char base[MAX_NAME + 2], name[MAX_NAME + 24];
    base_name(id ? id : "", base);
    char *taken = NULL;
    for (unsigned long k = 1;; k++) {
        if (k == 1)
            snprintf(name, sizeof name, "%s", base);
        else
            snprintf(name, sizeof name, "%s-%lu", base, k);
        taken = strdup(name);
        int r = taken ? set_take(d, taken) : -1;
        if (r == 0)
            break;
        free(taken);
        if (r < 0) {
            snprintf(msg, msg_size, "out of memory");
            return -1;
        }
    }
    char file[MAX_NAME + 40];
    snprintf(file, sizeof file, "%s.%s", name, d->ext);
    if (output_dir_write_file(d, file, out, out_len, msg, msg_size) != 0)
        return -1;
    if (d->brat) {
        snprintf(file, sizeof file, "%s.txt", name);
        if (output_dir_write_file(d, file, text, text_len, msg, msg_size) != 0)
            return -1;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        entry *v = realloc(d->v, cap * sizeof *v);
        if (!v) {
            snprintf(msg, msg_size, "out of memory");
            return -1;
        }
        d->v = v;
        d->cap = cap;
    }
    entry *e = &d->v[d->n];
    e->name = taken;
    e->id = strdup(id ? id : name);
    e->sum = *sum;
    e->events_by_type = strdup(sum->events_by_type ? sum->events_by_type : "");
    e->snippet = d->index ? snippet(text, text_len) : strdup("");
    e->sum.events_by_type = NULL;
    if (!e->id || !e->events_by_type || !e->snippet) {
        free(e->id);
        free(e->events_by_type);
        free(e->snippet);
        snprintf(msg, msg_size, "out of memory");
        return -1;
    }
    d->n++;
    return 0;
}

static void put_html(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '"')
            fputs("&quot;", f);
        else
            fputc(*s, f);
    }
}

/* Opens NAME in the folder for writing; on success *path is its full
 * name (the caller passes it to finish_index, which frees it). */
static FILE *open_index(const output_dir *d, const char *name, char **path, char *msg,
                        size_t msg_size)
{
    size_t n = strlen(d->path) + strlen(name) + 2;
    *path = malloc(n);
    if (!*path) {
        snprintf(msg, msg_size, "out of memory");
        return NULL;
    }
    snprintf(*path, n, "%s/%s", d->path, name);
    FILE *f = fopen(*path, "wb");
    if (!f) {
        snprintf(msg, msg_size, "%s: %s", *path, strerror(errno));
        free(*path);
        *path = NULL;
    }
    return f;
}

/* Closes an index file, reporting a write error anywhere in it. */
static int finish_index(FILE *f, char *path, char *msg, size_t msg_size)
{
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad)
        snprintf(msg, msg_size, "%s: write error", path);
    free(path);
    return bad ? -1 : 0;
}

/* The index: a table of the documents with their counts and first words,
 * each linking to its page; styled like the pages, self-contained too. */
static int write_index(output_dir *d, char *msg, size_t msg_size)
{
    char *path;
    FILE *f = open_index(d, "index.html", &path, msg, msg_size);
    if (!f)
        return -1;
    size_t ents = 0, evs = 0;
    for (size_t i = 0; i < d->n; i++) {
        ents += d->v[i].sum.entities;
        evs += d->v[i].sum.events;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
          "<title>nerve: documents</title>\n<style>"
          "body{margin:0;background:#f4f6f9;color:#1f2933;font:15px/1.45 system-ui,-apple-system,"
          "'Segoe UI',Roboto,'DejaVu Sans',sans-serif}"
          "main{max-width:1280px;margin:16px auto;padding:0 16px}"
          "h1{font-size:21px;margin:14px 0 4px}h1 small{font-size:13px;color:#5f6b7a;"
          "text-transform:uppercase;letter-spacing:.04em;margin-right:8px;font-weight:500}"
          ".meta{color:#5f6b7a;font-size:13px;margin:0 0 12px}"
          "table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #e3e7ee;"
          "border-radius:10px}"
          "th,td{text-align:left;padding:8px 12px;border-bottom:1px solid #e3e7ee;"
          "vertical-align:top}"
          "th{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:#5f6b7a}"
          "td.n{text-align:right;font-variant-numeric:tabular-nums}"
          "a{color:#1d4ed8;text-decoration:none;font-weight:600}"
          ".snip{color:#5f6b7a;font-size:13px}"
          "</style>\n</head>\n<body>\n<main>\n",
          f);
    fprintf(f,
            "<h1><small>nerve</small>documents</h1><p class=\"meta\">%zu documents \xc2\xb7 "
            "%zu entities \xc2\xb7 %zu events</p>\n<table><thead><tr><th>document</th>"
            "<th>entities</th><th>events</th><th>event types</th><th>text</th></tr></thead>"
            "<tbody>\n",
            d->n, ents, evs);
    for (size_t i = 0; i < d->n; i++) {
        const entry *e = &d->v[i];
        fputs("<tr><td><a href=\"", f);
        put_html(f, e->name);
        fprintf(f, ".%s\">", d->ext);
        put_html(f, e->id);
        fprintf(f, "</a></td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>", e->sum.entities,
                e->sum.events);
        put_html(f, e->events_by_type);
        fputs("</td><td class=\"snip\">", f);
        put_html(f, e->snippet);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n</main>\n</body>\n</html>\n", f);
    return finish_index(f, path, msg, msg_size);
}

/* s as a JSON string: control characters, quote and backslash escaped, a
 * byte that is not part of valid UTF-8 (an id from a file name) as U+FFFD. */
static void put_json(FILE *f, const char *s)
{
    fputc('"', f);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc((int)c, f);
            p++;
        } else if (c < 0x20) {
            fprintf(f, "\\u%04x", c);
            p++;
        } else if (c < 0x80) {
            fputc((int)c, f);
            p++;
        } else {
            /* the length of a valid sequence at p, or 0 */
            size_t n = c >= 0xc2 && c <= 0xdf   ? 2
                       : c >= 0xe0 && c <= 0xef ? 3
                       : c >= 0xf0 && c <= 0xf4 ? 4
                                                : 0;
            for (size_t k = 1; k < n; k++)
                if ((p[k] & 0xc0) != 0x80)
                    n = 0;
            if (n == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f)))
                n = 0; /* overlong, or a surrogate */
            if (n == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f)))
                n = 0; /* overlong, or above U+10FFFF */
            if (n) {
                fwrite(p, 1, n, f);
                p += n;
            } else {
                fputs("\xef\xbf\xbd", f);
                p++;
            }
        }
    }
    fputc('"', f);
}

/* index.jsonl: each written document, in input order, with its files, so
 * that a folder of documents maps back to the input (brat ids restart in
 * each .ann; the file names are the ids made safe, with -2, -3 ...). */
static int write_index_jsonl(output_dir *d, char *msg, size_t msg_size)
{
    char *path;
    FILE *f = open_index(d, "index.jsonl", &path, msg, msg_size);
    if (!f)
        return -1;
    for (size_t i = 0; i < d->n; i++) {
        const entry *e = &d->v[i];
        fputs("{\"id\":", f);
        put_json(f, e->id);
        fputs(",\"files\":[\"", f);
        fprintf(f, "%s.%s\"", e->name, d->ext); /* names are [A-Za-z0-9._-] */
        if (d->brat)
            fprintf(f, ",\"%s.txt\"", e->name);
        fputs("]}\n", f);
    }
    return finish_index(f, path, msg, msg_size);
}

int output_dir_close(output_dir *d, char *msg, size_t msg_size)
{
    if (!d)
        return 0;
    int rc = write_index_jsonl(d, msg, msg_size);
    if (rc == 0 && d->index)
        rc = write_index(d, msg, msg_size);
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].id);
        free(d->v[i].events_by_type);
        free(d->v[i].snippet);
    }
    for (size_t i = 0; i < d->set_cap; i++)
        free(d->set[i]);
    free(d->set);
    free(d->v);
    free(d->path);
    free(d);
    return rc;
}
