/*
 * jsonl.c - a small JSONL reader for the benchmarks (see jsonl.h).
 */
#include "jsonl.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hex4(const char *s, size_t n, size_t at, uint32_t *out)
{
    uint32_t v = 0;
    if (at + 4 > n)
        return -1;
    for (size_t i = at; i < at + 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(uint32_t c, char *o)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

char *bench_json_string(const char *s, size_t n, size_t *pos, size_t *out_len)
{
    size_t i = *pos;
    if (i >= n || s[i] != '"')
        return NULL;
    i++;
    /* The unescaped string is never longer than the escaped one. */
    size_t end = i;
    while (end < n && s[end] != '"')
        end += s[end] == '\\' ? 2 : 1;
    if (end >= n)
        return NULL;
    char *out = malloc(end - i + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    while (i < end) {
        char c = s[i++];
        if (c != '\\') {
            out[o++] = c;
            continue;
        }
        c = s[i++];
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out[o++] = c;
            break;
        case 'b':
            out[o++] = '\b';
            break;
        case 'f':
            out[o++] = '\f';
            break;
        case 'n':
            out[o++] = '\n';
            break;
        case 'r':
            out[o++] = '\r';
            break;
        case 't':
            out[o++] = '\t';
            break;
        case 'u': {
            uint32_t u;
            if (hex4(s, end, i, &u) != 0)
                goto bad;
            i += 4;
            if (u >= 0xD800 && u <= 0xDBFF) {
                uint32_t lo;
                if (i + 6 <= end && s[i] == '\\' && s[i + 1] == 'u' &&
                    hex4(s, end, i + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                } else {
                    u = 0xFFFD;
                }
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                u = 0xFFFD;
            }
            o += put_utf8(u, out + o); /* \uXXXX is 6 bytes, UTF-8 at most 4 */
            break;
        }
        default:
            goto bad;
        }
    }
    out[o] = '\0';
    *out_len = o;
    *pos = end + 1;
    return out;
bad:
    free(out);
    return NULL;
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

/* Skip any JSON value at s[i]; returns the offset after it, or n + 1 on error. */
static size_t skip_value(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return n + 1;
    if (s[i] == '"') {
        i++;
        while (i < n && s[i] != '"')
            i += s[i] == '\\' ? 2 : 1;
        return i < n ? i + 1 : n + 1;
    }
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < n) {
            char c = s[i];
            if (c == '"') {
                i = skip_value(s, n, i);
                if (i > n)
                    return i;
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
            i++;
        }
        return n + 1;
    }
    while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t' &&
           s[i] != '\r' && s[i] != '\n')
        i++;
    return i;
}

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
    size_t i = skip_ws(s, n, 0);
    if (i >= n || s[i] != '{')
        return -1;
    i = skip_ws(s, n, i + 1);
    if (i < n && s[i] == '}')
        return 0;
    while (i < n) {
        size_t klen;
        char *key = bench_json_string(s, n, &i, &klen);
        if (!key)
            goto bad;
        i = skip_ws(s, n, i);
        if (i >= n || s[i] != ':') {
            free(key);
            goto bad;
        }
        i = skip_ws(s, n, i + 1);
        char **slot = NULL;
        if (strcmp(key, "id") == 0)
            slot = &doc->id;
        else if (strcmp(key, "dct") == 0)
            slot = &doc->dct;
        else if (strcmp(key, "title") == 0)
            slot = &doc->title;
        else if (strcmp(key, "text") == 0)
            slot = &doc->text;
        free(key);
        if (slot && i < n && s[i] == '"') {
            size_t vlen;
            char *v = bench_json_string(s, n, &i, &vlen);
            if (!v)
                goto bad;
            free(*slot);
            *slot = v;
            if (slot == &doc->text)
                doc->text_len = vlen;
        } else {
            i = skip_value(s, n, i);
            if (i > n)
                goto bad;
        }
        i = skip_ws(s, n, i);
        if (i < n && s[i] == ',') {
            i = skip_ws(s, n, i + 1);
            continue;
        }
        if (i < n && s[i] == '}')
            return 0;
        goto bad;
    }
bad:
    bench_doc_free(doc);
    return -1;
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
        size_t k = skip_ws(line, len, 0);
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
