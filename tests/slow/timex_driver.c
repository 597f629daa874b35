/*
 * timex_driver.c - run only the tokenizer and the temporal tagger over JSONL
 * documents, for scoring the timex pass alone (tests/slow/score_timex.sh).
 *
 * Usage: timex_driver LEXICON.tsv FILE.jsonl
 * Input lines: {"id": ..., "text": ..., "dct": "YYYY-MM-DD" or null}.
 * Output lines: {"id", "mentions": [{"type","value","start","end","char_start","char_end"}]}.
 * Not a test and not installed; the JSON reader handles just what
 * timeml_to_jsonl.py writes (strings with escapes, null, numbers skipped).
 */
#include "alloc.h"
#include "timex.h"
#include "tokenize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t put_utf8(char *o, unsigned long cp)
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

/* Decode the JSON string starting after the opening quote at *p, into out (in place ok). */
static size_t json_string(const char **p, char *out)
{
    const char *s = *p;
    size_t n = 0;
    while (*s && *s != '"') {
        if (*s != '\\') {
            out[n++] = *s++;
            continue;
        }
        s++;
        char e = *s++;
        switch (e) {
        case 'n':
            out[n++] = '\n';
            break;
        case 't':
            out[n++] = '\t';
            break;
        case 'r':
            out[n++] = '\r';
            break;
        case 'b':
            out[n++] = '\b';
            break;
        case 'f':
            out[n++] = '\f';
            break;
        case 'u': {
            unsigned long cp = strtoul((char[5]){s[0], s[1], s[2], s[3], 0}, NULL, 16);
            s += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && s[0] == '\\' && s[1] == 'u') {
                unsigned long lo = strtoul((char[5]){s[2], s[3], s[4], s[5], 0}, NULL, 16);
                s += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            n += put_utf8(out + n, cp);
            break;
        }
        default:
            out[n++] = e;
        }
    }
    if (*s == '"')
        s++;
    *p = s;
    return n;
}

/* Find "key": in the object line and decode its string value; returns length or -1 for null/missing. */
static long get_field(const char *line, const char *key, char *out)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *s = line;
    /* keys are at the top level in timeml_to_jsonl output; skip string contents while searching */
    while (*s) {
        if (*s == '"') {
            if (strncmp(s, pat, strlen(pat)) == 0) {
                s += strlen(pat);
                while (*s == ' ')
                    s++;
                if (*s != '"')
                    return -1;
                s++;
                return (long)json_string(&s, out);
            }
            s++;
            while (*s && *s != '"') {
                if (*s == '\\' && s[1])
                    s++;
                s++;
            }
            if (*s)
                s++;
            continue;
        }
        s++;
    }
    return -1;
}

static void print_json_string(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static const char *type_name(int t)
{
    switch (t) {
    case NERVE_TYPE_DATE:
        return "DATE";
    case NERVE_TYPE_TIME:
        return "TIME";
    case NERVE_TYPE_DURATION:
        return "DURATION";
    case NERVE_TYPE_SET:
        return "SET";
    default:
        return "NONE";
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: timex_driver LEXICON.tsv FILE.jsonl\n");
        return 2;
    }
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    nerve__timex_lexicon *lx = NULL;
    nerve_error err;
    if (nerve__timex_lexicon_load(&al, argv[1], &lx, &err) != NERVE_OK) {
        fprintf(stderr, "%s:%u:%u: %s\n", err.file, err.line, err.column, err.message);
        return 1;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    nerve__tokens toks;
    memset(&toks, 0, sizeof toks);
    nerve__arena arena;
    nerve__arena_init(&arena, &al);
    nerve__mention_vec mv = {0};
    int rc = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        char *text = malloc((size_t)n + 1), *id = malloc((size_t)n + 1), dctbuf[64];
        if (!text || !id)
            return 1;
        long tl = get_field(line, "text", text);
        long il = get_field(line, "id", id);
        long dl = strstr(line, "\"dct\": null") || strstr(line, "\"dct\":null") ? -1 : 0;
        nerve__date dct, *dp = NULL;
        if (dl == 0) {
            char *tmp = malloc((size_t)n + 1);
            long k = tmp ? get_field(line, "dct", tmp) : -1;
            if (k >= 10 && k < (long)sizeof dctbuf) {
                memcpy(dctbuf, tmp, 10);
                dctbuf[10] = '\0';
                if (nerve__date_parse(dctbuf, &dct) == NERVE_OK)
                    dp = &dct;
            }
            free(tmp);
        }
        if (tl < 0)
            tl = 0;
        nerve__arena_reset(&arena);
        mv.n = 0;
        if (nerve__tokenize(&al, text, (size_t)tl, &toks) != NERVE_OK ||
            nerve__timex_find(lx, &al, &arena, text, toks.tok.v, toks.tok.n, toks.sent.v,
                              toks.sent.n, dp, &mv) != NERVE_OK) {
            fprintf(stderr, "failed on a document\n");
            rc = 1;
        }
        printf("{\"id\":");
        print_json_string(id, il > 0 ? (size_t)il : 0);
        printf(",\"mentions\":[");
        for (size_t k = 0; k < mv.n; k++) {
            const nerve_mention *m = &mv.v[k];
            printf("%s{\"type\":\"%s\",\"value\":", k ? "," : "", type_name(m->type));
            print_json_string(m->value ? m->value : "", m->value ? strlen(m->value) : 0);
            printf(",\"rule\":\"%s\",\"start\":%zu,\"end\":%zu,\"char_start\":%zu,\"char_end\":%zu,\"text\":",
                   m->rule ? m->rule : "", m->span.start, m->span.end, m->span.char_start,
                   m->span.char_end);
            print_json_string(text + m->span.start, m->span.end - m->span.start);
            putchar('}');
        }
        printf("]}\n");
        free(text);
        free(id);
    }
    free(line);
    fclose(f);
    nerve__vec_free(&al, &mv);
    nerve__arena_free(&arena);
    nerve__tokens_free(&al, &toks);
    nerve__timex_lexicon_free(lx);
    return rc;
}
