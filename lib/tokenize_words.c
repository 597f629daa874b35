/*
 * tokenize_words.c - the tokenizer lexicon: loading rules/tokenizer.tsv
 * (format documented at the top of that file) into one immutable sorted
 * table, and the lookups the scanner and the sentence splitter make
 * (abbreviations with their sentence-boundary class, typical sentence
 * starters, hosts of "'s" contractions, line continuations, top-level
 * domains). The words themselves live in the data file only.
 *
 * Layout: one array of fixed-size entries sorted by (kind, word), each word
 * NUL-padded to NERVE__TOKW_MAX + 1 bytes, with the range of each kind and
 * its longest word. A lookup lower-cases the text into a padded buffer and
 * binary-searches its kind's range: no allocation, no hashing.
 */
#include "tokenize_int.h"

#include "error.h"
#include "io.h"
#include "tsv.h"

#include <stdlib.h>
#include <string.h>

#define WORD_BYTES (NERVE__TOKW_MAX + 1)

typedef struct tok_word {
    char w[WORD_BYTES]; /* lower case, NUL-padded */
    uint32_t line;      /* line in the file: the entry's origin */
    uint8_t kind;
    uint8_t cls; /* abbrev: AB_TITLE .. AB_NEVER, | CLS_LOWER_OK */
} tok_word;

#define CLS_LOWER_OK 0x80 /* stored form of AB_LOWER_OK */

struct nerve__tok_lexicon {
    nerve_allocator al;
    tok_word *v;
    size_t n;
    uint32_t first[NERVE__TOKW_COUNT_ + 1]; /* v[first[k] .. first[k+1]) is kind k */
    uint8_t maxlen[NERVE__TOKW_COUNT_];     /* longest word of each kind */
    uint32_t hash;
    char *file;
};

static const char *const kind_names[NERVE__TOKW_COUNT_] = {"abbrev", "starter", "contraction",
                                                           "continuation", "tld"};

/* FNV-1a over the tables' contents (not the file's comments or order). */
#define HASH_INIT 2166136261u
static uint32_t hash_bytes(uint32_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 16777619u;
    }
    return h;
}

uint32_t nerve__tok_lexicon_hash(const nerve__tok_lexicon *lx)
{
    return lx ? lx->hash : HASH_INIT;
}

const char *nerve__tok_lexicon_file(const nerve__tok_lexicon *lx)
{
    return lx ? lx->file : NULL;
}

size_t nerve__tok_lexicon_size(const nerve__tok_lexicon *lx)
{
    return lx ? lx->n : 0;
}

void nerve__tok_lexicon_free(nerve__tok_lexicon *lx)
{
    if (!lx)
        return;
    nerve_allocator al = lx->al;
    nerve__free(&al, lx->v);
    nerve__free(&al, lx->file);
    nerve__free(&al, lx);
}

static int cmp_word(const void *a, const void *b)
{
    const tok_word *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    int c = memcmp(x->w, y->w, WORD_BYTES);
    if (c)
        return c;
    return x->line < y->line ? -1 : x->line > y->line; /* duplicates: the first line first */
}

/* The abbreviation flags "title", "other,lower" ... as a stored class; -1 if bad. */
static int parse_abbrev_flags(const char *f, size_t n)
{
    static const char *const classes[] = {"title", "other", "numbered", "never"};
    static const int values[] = {AB_TITLE, AB_OTHER, AB_NUMBERED, AB_NEVER};
    int cls = 0, lower = 0;
    size_t s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && f[i] != ',')
            continue;
        const char *p = f + s;
        size_t m = i - s;
        int found = 0;
        for (int k = 0; k < 4; k++)
            if (nerve__tsv_field_is(p, m, classes[k])) {
                if (cls)
                    return -1; /* two classes */
                cls = values[k];
                found = 1;
            }
        if (!found) {
            if (!nerve__tsv_field_is(p, m, "lower") || lower)
                return -1;
            lower = 1;
        }
        s = i + 1;
    }
    return cls ? cls | (lower ? CLS_LOWER_OK : 0) : -1;
}

/* Line number (1-based) of byte offset off in src. */
#define FAIL(line, col, off, ...)                                                                  \
    do {                                                                                           \
        rc = nerve__error_set_file(err, NERVE_ERULES, name, (line), (uint32_t)(col), (off),        \
                                   __VA_ARGS__);                                                   \
        goto fail;                                                                                 \
    } while (0)

int nerve__tok_lexicon_load_buffer(const nerve_allocator *al, const char *name, const char *src,
                                   size_t len, nerve__tok_lexicon **out, nerve_error *err)
{
    if (!out || (!src && len))
        return nerve__error_set(err, NERVE_EINVAL, 0, "tokenizer lexicon: bad arguments");
    *out = NULL;
    if (!name)
        name = "<memory>";
    nerve_allocator a;
    nerve__allocator_init(&a, al);
    int rc = NERVE_OK;
    size_t rows = 1, bad_off = 0;
    uint32_t bad_line = 0;
    const char *bad = nerve__tsv_bad_bytes(src, len, &bad_off, &bad_line, &rows);
    if (bad)
        return nerve__error_set_file(err, NERVE_ERULES, name, bad_line, 1, bad_off,
                                     "%s in the tokenizer lexicon", bad);
    nerve__tok_lexicon *lx = nerve__calloc(&a, 1, sizeof *lx);
    if (!lx)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    lx->al = a;
    size_t name_len = strlen(name);
    lx->file = nerve__malloc(&a, name_len + 1);
    lx->v = nerve__calloc(&a, rows, sizeof *lx->v);
    if (!lx->file || !lx->v) {
        nerve__tok_lexicon_free(lx);
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    }
    memcpy(lx->file, name, name_len + 1);

    int seen_header = 0;
    nerve__tsv rd = {src, len, 0, 0};
    const char *line;
    size_t n, off;
    while (nerve__tsv_next(&rd, &line, &n, &off)) {
        uint32_t ln = rd.lineno;
        const char *f[3];
        size_t fl[3], fc[3];
        int nf = nerve__tsv_split(line, n, f, fl, fc, 3);
        if (!seen_header) {
            static const char *const header[] = {"kind", "word", "flags"};
            if (!nerve__tsv_is_header(f, fl, nf, header, 3))
                FAIL(ln, 1, off, "expected the header \"kind<TAB>word<TAB>flags\"");
            seen_header = 1;
            continue;
        }
        if (nf != 3)
            FAIL(ln, 1, off, "expected 3 tab-separated fields, found %d", nf);
        int kind = -1;
        for (int k = 0; k < NERVE__TOKW_COUNT_; k++)
            if (nerve__tsv_field_is(f[0], fl[0], kind_names[k]))
                kind = k;
        if (kind < 0)
            FAIL(ln, fc[0], off,
                 "unknown kind \"%.*s\" (abbrev, starter, contraction, continuation or tld)",
                 (int)(fl[0] > 40 ? 40 : fl[0]), f[0]);
        if (fl[1] == 0)
            FAIL(ln, fc[1], off + fc[1] - 1, "empty word");
        if (fl[1] > NERVE__TOKW_MAX)
            FAIL(ln, fc[1], off + fc[1] - 1, "word of %zu bytes: at most %d", fl[1],
                 NERVE__TOKW_MAX);
        for (size_t i = 0; i < fl[1]; i++)
            if (f[1][i] < 'a' || f[1][i] > 'z')
                FAIL(ln, fc[1] + i, off + fc[1] - 1 + i,
                     "a word is lower-case ASCII letters a-z, without a period");
        int cls = 0;
        if (kind == NERVE__TOKW_ABBREV) {
            cls = parse_abbrev_flags(f[2], fl[2]);
            if (cls < 0)
                FAIL(ln, fc[2], off + fc[2] - 1,
                     "bad flags \"%.*s\": an abbreviation has one of title, other, numbered, "
                     "never, optionally with \",lower\"",
                     (int)(fl[2] > 40 ? 40 : fl[2]), f[2]);
        } else if (!nerve__tsv_field_is(f[2], fl[2], "-")) {
            FAIL(ln, fc[2], off + fc[2] - 1, "bad flags \"%.*s\": a %s has flags \"-\"",
                 (int)(fl[2] > 40 ? 40 : fl[2]), f[2], kind_names[kind]);
        }
        tok_word *w = &lx->v[lx->n++];
        memcpy(w->w, f[1], fl[1]);
        w->line = ln;
        w->kind = (uint8_t)kind;
        w->cls = (uint8_t)cls;
        if (fl[1] > lx->maxlen[kind])
            lx->maxlen[kind] = (uint8_t)fl[1];
    }
    if (!seen_header)
        FAIL(1, 1, 0, "empty file: no header \"kind<TAB>word<TAB>flags\"");

    qsort(lx->v, lx->n, sizeof *lx->v, cmp_word);
    for (size_t i = 1; i < lx->n; i++) {
        const tok_word *p = &lx->v[i - 1], *w = &lx->v[i];
        if (p->kind == w->kind && memcmp(p->w, w->w, WORD_BYTES) == 0)
            FAIL(w->line, 1, 0, "duplicate %s \"%s\" (first on line %u)", kind_names[w->kind], w->w,
                 (unsigned)p->line);
    }
    uint32_t h = HASH_INIT;
    for (size_t i = 0, k = 0; k <= NERVE__TOKW_COUNT_; k++) {
        while (i < lx->n && lx->v[i].kind < k)
            i++;
        lx->first[k] = (uint32_t)i;
    }
    for (size_t i = 0; i < lx->n; i++) {
        const tok_word *w = &lx->v[i];
        unsigned char kc[2] = {w->kind, w->cls};
        h = hash_bytes(h, kc, 2);
        h = hash_bytes(h, w->w, WORD_BYTES);
    }
    lx->hash = h;
    *out = lx;
    return NERVE_OK;
fail:
    nerve__tok_lexicon_free(lx);
    return rc;
}

int nerve__tok_lexicon_load(const nerve_allocator *al, const char *path, const char *name,
                            nerve__tok_lexicon **out, nerve_error *err)
{
    if (!path || !out)
        return nerve__error_set(err, NERVE_EINVAL, 0, "tokenizer lexicon: no path");
    *out = NULL;
    nerve_allocator a;
    nerve__allocator_init(&a, al);
    char *data = NULL;
    size_t len = 0;
    int rc = nerve__read_file(&a, path, 0, &data, &len, err);
    if (rc != NERVE_OK)
        return rc;
    rc = nerve__tok_lexicon_load_buffer(&a, name ? name : path, data, len, out, err);
    nerve__free(&a, data);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Lookups                                                                  */
/* ------------------------------------------------------------------------ */

/*
 * The entry of kind `kind` for the word s[0..n) in any case (ASCII letters
 * only), or NULL.
 */
static inline const tok_word *find(const nerve__tok_lexicon *lx, int kind, const char *s, size_t n)
{
    if (!lx || n == 0 || n > lx->maxlen[kind])
        return NULL;
    char buf[WORD_BYTES];
    memset(buf, 0, sizeof buf);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (c < 'a' || c > 'z')
            return NULL;
        buf[i] = (char)c;
    }
    size_t lo = lx->first[kind], hi = lx->first[kind + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(buf, lx->v[mid].w, WORD_BYTES);
        if (c == 0)
            return &lx->v[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

uint32_t nerve__tok_lexicon_line(const nerve__tok_lexicon *lx, int kind, const char *s, size_t n)
{
    if (kind < 0 || kind >= NERVE__TOKW_COUNT_)
        return 0;
    const tok_word *w = find(lx, kind, s, n);
    return w ? w->line : 0;
}

int nerve__tok_starter(const nerve__tok_lexicon *lx, const char *s, size_t n)
{
    return find(lx, NERVE__TOKW_STARTER, s, n) != NULL;
}

int nerve__tok_s_contraction(const nerve__tok_lexicon *lx, const char *s, size_t n)
{
    return find(lx, NERVE__TOKW_CONTRACTION, s, n) != NULL;
}

int nerve__tok_continuation(const nerve__tok_lexicon *lx, const char *s, size_t n)
{
    return find(lx, NERVE__TOKW_CONTINUATION, s, n) != NULL;
}

int nerve__tok_tld(const nerve__tok_lexicon *lx, const char *s, size_t n)
{
    return find(lx, NERVE__TOKW_TLD, s, n) != NULL;
}

int nerve__tok_abbrev(const nerve__tok_lexicon *lx, const char *s, size_t n)
{
    const tok_word *a = find(lx, NERVE__TOKW_ABBREV, s, n);
    if (!a)
        return AB_NONE;
    if (!(a->cls & CLS_LOWER_OK) && !(s[0] >= 'A' && s[0] <= 'Z'))
        return AB_NONE;
    return a->cls & ~CLS_LOWER_OK;
}
