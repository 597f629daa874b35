/*
 * jsonl_input.c - a small strict JSON reader for extract's JSONL input.
 */
#include "jsonl_input.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *s;
    size_t n, i;
    char *err;
    size_t errlen;
    int depth;
} parser;

static int fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static void skip_ws(parser *p)
{
    while (p->i < p->n &&
           (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\r' || p->s[p->i] == '\n'))
        p->i++;
}

static int hex4(parser *p, uint32_t *out)
{
    if (p->n - p->i < 4)
        return fail(p, "truncated \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p->s[p->i++];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else
            return fail(p, "bad hex digit in \\u escape");
    }
    *out = v;
    return 0;
}

static size_t put_utf8(uint32_t cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the well-formed UTF-8 sequence at s[0..n) (lead byte >= 0x80),
 * or 0: no overlong forms, surrogates or code points above U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t k;
    unsigned char lo = 0x80, hi = 0xBF;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        k = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        k = 3;
        if (s[0] == 0xE0)
            lo = 0xA0;
        else if (s[0] == 0xED)
            hi = 0x9F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        k = 4;
        if (s[0] == 0xF0)
            lo = 0x90;
        else if (s[0] == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < k || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < k; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return k;
}

/* Parse a string at p->i (on the quote). If out, store a malloc'd copy. A
 * byte that is not UTF-8 fails the string, unless bad is given: then its
 * offset is stored there (first one only) and the byte is kept. */
static int parse_string(parser *p, char **out, size_t *out_len, size_t *bad)
{
    p->i++; /* opening quote */
    char *buf = NULL;
    size_t len = 0;
    if (out) {
        buf = malloc(p->n - p->i + 1); /* decoded is never longer than the source */
        if (!buf)
            return fail(p, "out of memory");
    }
    while (p->i < p->n) {
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"') {
            p->i++;
            if (out) {
                buf[len] = '\0';
                *out = buf;
                if (out_len)
                    *out_len = len;
            }
            return 0;
        }
        if (c < 0x20) {
            free(buf);
            return fail(p, "control character in string");
        }
        if (c >= 0x80) {
            size_t k = utf8_seq((const unsigned char *)p->s + p->i, p->n - p->i);
            if (k == 0) {
                if (!bad) {
                    free(buf);
                    return fail(p, "invalid UTF-8 in a string");
                }
                if (*bad == (size_t)-1)
                    *bad = p->i;
                k = 1;
            }
            if (buf) {
                memcpy(buf + len, p->s + p->i, k);
                len += k;
            }
            p->i += k;
            continue;
        }
        if (c != '\\') {
            if (buf)
                buf[len++] = (char)c;
            p->i++;
            continue;
        }
        p->i++;
        if (p->i >= p->n)
            break;
        char e = p->s[p->i++];
        char tmp[4];
        size_t k = 1;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            tmp[0] = e;
            break;
        case 'b':
            tmp[0] = '\b';
            break;
        case 'f':
            tmp[0] = '\f';
            break;
        case 'n':
            tmp[0] = '\n';
            break;
        case 'r':
            tmp[0] = '\r';
            break;
        case 't':
            tmp[0] = '\t';
            break;
        case 'u': {
            uint32_t cp = 0;
            if (hex4(p, &cp) != 0) {
                free(buf);
                return -1;
            }
            if (cp >= 0xD800 && cp < 0xDC00 && p->n - p->i >= 6 && p->s[p->i] == '\\' &&
                p->s[p->i + 1] == 'u') {
                size_t save = p->i;
                p->i += 2;
                uint32_t lo = 0;
                if (hex4(p, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else
                    p->i = save;
            }
            if (cp >= 0xD800 && cp < 0xE000)
                cp = 0xFFFD; /* lone surrogate */
            k = put_utf8(cp, tmp);
            break;
        }
        default:
            free(buf);
            return fail(p, "bad escape \\%c", e);
        }
        if (buf) {
            memcpy(buf + len, tmp, k);
            len += k;
        }
    }
    free(buf);
    return fail(p, "unterminated string");
}

static int parse_value(parser *p);

static int is_digit_at(const parser *p, size_t i)
{
    return i < p->n && p->s[i] >= '0' && p->s[i] <= '9';
}

/* RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int parse_number(parser *p)
{
    size_t i = p->i;
    if (i < p->n && p->s[i] == '-')
        i++;
    if (!is_digit_at(p, i)) {
        p->i = i;
        return fail(p, "bad number: a digit must follow '-'");
    }
    if (p->s[i] == '0') {
        i++;
        if (is_digit_at(p, i)) {
            p->i = i;
            return fail(p, "bad number: leading zero");
        }
    } else {
        while (is_digit_at(p, i))
            i++;
    }
    if (i < p->n && p->s[i] == '.') {
        i++;
        if (!is_digit_at(p, i)) {
            p->i = i;
            return fail(p, "bad number: a digit must follow '.'");
        }
        while (is_digit_at(p, i))
            i++;
    }
    if (i < p->n && (p->s[i] == 'e' || p->s[i] == 'E')) {
        i++;
        if (i < p->n && (p->s[i] == '+' || p->s[i] == '-'))
            i++;
        if (!is_digit_at(p, i)) {
            p->i = i;
            return fail(p, "bad number: a digit must follow the exponent");
        }
        while (is_digit_at(p, i))
            i++;
    }
    p->i = i;
    return 0;
}

static int parse_container(parser *p, char open)
{
    char close = open == '{' ? '}' : ']';
    if (++p->depth > 64)
        return fail(p, "nesting too deep");
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        p->depth--;
        return 0;
    }
    for (;;) {
        skip_ws(p);
        if (open == '{') {
            if (p->i >= p->n || p->s[p->i] != '"')
                return fail(p, "expected a member name");
            if (parse_string(p, NULL, NULL, NULL) != 0)
                return -1;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':')
                return fail(p, "expected ':'");
            p->i++;
        }
        if (parse_value(p) != 0)
            return -1;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            p->depth--;
            return 0;
        }
        return fail(p, "expected ',' or '%c'", close);
    }
}

static int parse_value(parser *p)
{
    skip_ws(p);
    if (p->i >= p->n)
        return fail(p, "unexpected end of line");
    char c = p->s[p->i];
    if (c == '"')
        return parse_string(p, NULL, NULL, NULL);
    if (c == '{' || c == '[')
        return parse_container(p, c);
    static const char *const words[] = {"true", "false", "null"};
    for (int k = 0; k < 3; k++) {
        size_t wl = strlen(words[k]);
        if (p->n - p->i >= wl && memcmp(p->s + p->i, words[k], wl) == 0) {
            p->i += wl;
            return 0;
        }
    }
    if (c == '-' || (c >= '0' && c <= '9'))
        return parse_number(p);
    return fail(p, "unexpected character '%c'", c);
}

int jsonl_parse(const char *line, size_t len, jsonl_doc *out, char *errbuf, size_t errlen,
                size_t *err_offset)
{
    memset(out, 0, sizeof *out);
    out->text_bad_utf8 = (size_t)-1;
    parser p = {line, len, 0, errbuf, errlen, 0};
    skip_ws(&p);
    if (p.i >= p.n || p.s[p.i] != '{') {
        fail(&p, "expected a JSON object");
        goto bad;
    }
    p.i++;
    skip_ws(&p);
    if (p.i < p.n && p.s[p.i] == '}') {
        p.i++;
    } else {
        for (;;) {
            skip_ws(&p);
            if (p.i >= p.n || p.s[p.i] != '"') {
                fail(&p, "expected a member name");
                goto bad;
            }
            char *key = NULL;
            size_t key_len = 0;
            if (parse_string(&p, &key, &key_len, NULL) != 0)
                goto bad;
            if (!key) { /* parse_string sets it on success; this keeps the analyzer sure */
                fail(&p, "out of memory");
                goto bad;
            }
            skip_ws(&p);
            if (p.i >= p.n || p.s[p.i] != ':') {
                free(key);
                fail(&p, "expected ':'");
                goto bad;
            }
            p.i++;
            skip_ws(&p);
            char **slot = NULL;
            size_t *slot_len = NULL;
            /* by length: "id\u0000x" is another member, not "id" */
            if (key_len == 2 && memcmp(key, "id", 2) == 0)
                slot = &out->id;
            else if (key_len == 4 && memcmp(key, "text", 4) == 0) {
                slot = &out->text;
                slot_len = &out->text_len;
            } else if (key_len == 3 && memcmp(key, "dct", 3) == 0)
                slot = &out->dct;
            free(key);
            if (slot && p.i < p.n && p.s[p.i] == '"') {
                free(*slot);
                *slot = NULL;
                size_t start = p.i, n = 0;
                int is_text = slot == &out->text;
                if (is_text)
                    out->text_bad_utf8 = (size_t)-1; /* a repeated "text": the last one counts */
                if (parse_string(&p, slot, is_text ? slot_len : &n,
                                 is_text ? &out->text_bad_utf8 : NULL) != 0)
                    goto bad;
                if (!is_text && memchr(*slot, '\0', n)) {
                    p.i = start;
                    fail(&p, "\"%s\" contains U+0000", slot == &out->id ? "id" : "dct");
                    goto bad;
                }
            } else if (slot && p.i < p.n && p.s[p.i] != 'n' && slot != &out->id) {
                fail(&p, "member must be a string");
                goto bad;
            } else if (slot == &out->id && p.i < p.n && p.s[p.i] != '"' && p.s[p.i] != 'n') {
                /* a numeric id: keep its text */
                size_t start = p.i;
                if (parse_value(&p) != 0)
                    goto bad;
                free(out->id); /* a repeated "id": the last one wins */
                out->id = malloc(p.i - start + 1);
                if (out->id) {
                    memcpy(out->id, p.s + start, p.i - start);
                    out->id[p.i - start] = '\0';
                }
            } else if (parse_value(&p) != 0) {
                goto bad;
            }
            skip_ws(&p);
            if (p.i < p.n && p.s[p.i] == ',') {
                p.i++;
                continue;
            }
            if (p.i < p.n && p.s[p.i] == '}') {
                p.i++;
                break;
            }
            fail(&p, "expected ',' or '}'");
            goto bad;
        }
    }
    skip_ws(&p);
    if (p.i != p.n) {
        fail(&p, "trailing characters after the object");
        goto bad;
    }
    if (!out->text) {
        fail(&p, "no \"text\" member");
        goto bad;
    }
    return 0;
bad:
    *err_offset = p.i;
    jsonl_doc_free(out);
    return -1;
}

void jsonl_doc_free(jsonl_doc *d)
{
    free(d->id);
    free(d->text);
    free(d->dct);
    memset(d, 0, sizeof *d);
}
