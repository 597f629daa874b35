/*
 * tsv.c - the one line reader of nerve's tab-separated data files (see
 * tsv.h): line numbers, comments, CRLF endings and tab splitting in one place.
 */
#include "tsv.h"

#include <string.h>

const char *nerve__tsv_bad_bytes(const char *src, size_t len, size_t *off, uint32_t *line,
                                 size_t *lines)
{
    size_t rows = 1;
    const char *why = NULL;
    for (size_t i = 0; i < len && !why; i++) {
        if (src[i] == '\n')
            rows++;
        else if (src[i] == '\0')
            why = "NUL byte";
        else if (src[i] == '\r' && (i + 1 == len || src[i + 1] != '\n'))
            why = "carriage return without a line feed (lines end with LF or CRLF, not CR alone)";
        if (why) {
            *off = i;
            *line = (uint32_t)rows;
        }
    }
    if (lines)
        *lines = rows;
    return why;
}

int nerve__tsv_next(nerve__tsv *r, const char **line, size_t *n, size_t *off)
{
    while (r->pos < r->len) {
        size_t b = r->pos;
        const char *nl = memchr(r->src + b, '\n', r->len - b);
        size_t e = nl ? (size_t)(nl - r->src) : r->len;
        r->pos = e + 1;
        r->lineno++;
        size_t len = e - b;
        if (len && r->src[b + len - 1] == '\r')
            len--;
        if (len == 0 || r->src[b] == '#')
            continue;
        *line = r->src + b;
        *n = len;
        *off = b;
        return 1;
    }
    return 0;
}

int nerve__tsv_split(const char *line, size_t n, const char **f, size_t *fl, size_t *col, int max)
{
    int k = 0;
    size_t s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && line[i] != '\t')
            continue;
        if (k < max) {
            f[k] = line + s;
            fl[k] = i - s;
            col[k] = s + 1;
        }
        k++;
        s = i + 1;
    }
    return k;
}

int nerve__tsv_field_is(const char *f, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(f, lit, n) == 0;
}

int nerve__tsv_is_header(const char *const *f, const size_t *fl, int nf, const char *const *names,
                         int count)
{
    if (nf != count)
        return 0;
    for (int k = 0; k < count; k++)
        if (!nerve__tsv_field_is(f[k], fl[k], names[k]))
            return 0;
    return 1;
}
