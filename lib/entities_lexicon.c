/*
 * entities_lexicon.c - loading rules/mentions.tsv (format documented at the
 * top of that file): the mention stage's decision table for capitalized
 * names nothing else claimed (each row a line the mention can point at) and
 * the few words and word endings its C tests read. One allocation for the
 * table and one for its string pool; lookups never allocate.
 */
#include "entities.h"

#include "error.h"
#include "tsv.h"
#include "io.h"

#include <stdlib.h>
#include <string.h>

static const char *const pred_names[NERVE__FB_COUNT_] = {
#define NERVE__X(name, str) str,
    NERVE__FB_PREDICATES(NERVE__X)
#undef NERVE__X
};

static const char *const word_names[NERVE__MW_COUNT_] = {
#define NERVE__X(name, str) str,
    NERVE__MW_CLASSES(NERVE__X)
#undef NERVE__X
};

/* A space-separated list of predicate names as a bit mask ("-": none). */
static int parse_preds(const char *f, size_t n, uint64_t *mask, const char *file, uint32_t line,
                       size_t col, size_t line_off, nerve_error *err)
{
    *mask = 0;
    if (nerve__tsv_field_is(f, n, "-"))
        return NERVE_OK;
    size_t s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && f[i] != ' ')
            continue;
        if (i > s) {
            int p = -1;
            for (int k = 0; k < NERVE__FB_COUNT_; k++)
                if (nerve__tsv_field_is(f + s, i - s, pred_names[k]))
                    p = k;
            if (p < 0)
                return nerve__error_set_file(err, NERVE_ERULES, file, line, (uint32_t)(col + s),
                                             line_off + col - 1 + s, "unknown condition \"%.*s\"",
                                             (int)(i - s > 40 ? 40 : i - s), f + s);
            *mask |= (uint64_t)1 << p;
        }
        s = i + 1;
    }
    return NERVE_OK;
}

static int parse_type(const char *f, size_t n)
{
    if (nerve__tsv_field_is(f, n, "-"))
        return NERVE_TYPE_NONE;
    for (int t = NERVE_TYPE_PER; t <= NERVE_TYPE_MISC; t++)
        if (nerve__tsv_field_is(f, n, nerve_type_name(t)))
            return t;
    return -1;
}

static int word_cls_cmp(const void *a, const void *b)
{
    const nerve__mw_word *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    return x->text < y->text ? -1 : x->text > y->text; /* pool order: the file's */
}

int nerve__mention_lexicon_load_buffer(const nerve_allocator *al, const char *name, const char *src,
                                       size_t len, nerve__mention_lexicon **out, nerve_error *err)
{
    *out = NULL;
    size_t rows = 1, bad_off = 0;
    uint32_t bad_line = 0;
    const char *bad = nerve__tsv_bad_bytes(src, len, &bad_off, &bad_line, &rows);
    if (bad)
        return nerve__error_set_file(err, NERVE_ERULES, name, bad_line, 1, bad_off,
                                     "%s in the mention lexicon", bad);
    size_t name_len = strlen(name);
    /* the pool holds the file name and every word and decision name */
    size_t pool_size = name_len + 1 + len + rows;
    nerve__mention_lexicon *lx = nerve__calloc(al, 1, sizeof *lx);
    if (!lx)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    lx->al = al;
    lx->dec = nerve__calloc(al, rows, sizeof *lx->dec);
    lx->words = nerve__calloc(al, rows, sizeof *lx->words);
    lx->pool = nerve__calloc(al, pool_size, 1);
    if (!lx->dec || !lx->words || !lx->pool) {
        nerve__mention_lexicon_free(lx);
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    }
    char *pool = lx->pool;
    memcpy(pool, name, name_len + 1);
    lx->file = pool;
    pool += name_len + 1;
    int rc = NERVE_OK, seen_header = 0, seen_last = 0;
    uint32_t lineno = 0;
    nerve__tsv rd = {src, len, 0, 0};
    const char *line;
    size_t n, line_off;
    while (rc == NERVE_OK && nerve__tsv_next(&rd, &line, &n, &line_off)) {
        lineno = rd.lineno;
        const char *f[6];
        size_t fl[6], fc[6];
        int nf = nerve__tsv_split(line, n, f, fl, fc, 6);
        if (!seen_header) {
            static const char *const header[] = {"kind", "name", "value", "if", "unless"};
            if (!nerve__tsv_is_header(f, fl, nf, header, 5))
                rc = nerve__error_set_file(
                    err, NERVE_ERULES, name, lineno, 1, line_off,
                    "expected the header \"kind<TAB>name<TAB>value<TAB>if<TAB>unless\"");
            seen_header = 1;
            continue;
        }
        if (nf != 5) {
            rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                       "expected 5 tab-separated fields, found %d", nf);
            break;
        }
        if (fl[1] == 0 || fl[2] == 0) {
            rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                       "empty name or value");
            break;
        }
        if (nerve__tsv_field_is(f[0], fl[0], "decide")) {
            nerve__fb_decision *d = &lx->dec[lx->ndec];
            d->type = parse_type(f[2], fl[2]);
            if (d->type < 0) {
                rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[2],
                                           line_off + fc[2] - 1,
                                           "the value of a decision is PER, LOC, ORG, MISC or -");
                break;
            }
            rc = parse_preds(f[3], fl[3], &d->need, name, lineno, fc[3], line_off, err);
            if (rc == NERVE_OK)
                rc = parse_preds(f[4], fl[4], &d->deny, name, lineno, fc[4], line_off, err);
            if (rc != NERVE_OK)
                break;
            if (d->need & d->deny) {
                rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[4],
                                           line_off + fc[4] - 1,
                                           "a condition both required and excluded");
                break;
            }
            memcpy(pool, f[1], fl[1]);
            d->name = pool;
            pool += fl[1] + 1;
            d->line = lineno;
            seen_last |= d->need == 0 && d->deny == 0;
            lx->ndec++;
        } else if (nerve__tsv_field_is(f[0], fl[0], "word") ||
                   nerve__tsv_field_is(f[0], fl[0], "suffix")) {
            int suffix = f[0][0] == 's', cls = -1;
            for (int k = 0; k < NERVE__MW_COUNT_; k++)
                if (nerve__tsv_field_is(f[1], fl[1], word_names[k]))
                    cls = k;
            if (cls < 0) {
                rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[1],
                                           line_off + fc[1] - 1, "unknown word class \"%.*s\"",
                                           (int)(fl[1] > 40 ? 40 : fl[1]), f[1]);
                break;
            }
            if (!nerve__tsv_field_is(f[3], fl[3], "-") || !nerve__tsv_field_is(f[4], fl[4], "-")) {
                rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[3],
                                           line_off + fc[3] - 1, "a word row has no conditions");
                break;
            }
            if (fl[2] > 64) {
                rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[2],
                                           line_off + fc[2] - 1, "a word has at most 64 bytes");
                break;
            }
            nerve__mw_word *w = &lx->words[lx->nwords++];
            /* stored case folded: the tests compare with tokens' normalized keys */
            for (size_t i = 0; i < fl[2]; i++)
                pool[i] = (char)(f[2][i] >= 'A' && f[2][i] <= 'Z' ? f[2][i] + 32 : f[2][i]);
            w->text = pool;
            w->len = (uint8_t)fl[2];
            w->cls = (uint8_t)cls;
            w->suffix = (uint8_t)suffix;
            pool += fl[2] + 1;
        } else {
            rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                       "kind is decide, word or suffix");
            break;
        }
    }
    if (rc == NERVE_OK && !seen_header)
        rc = nerve__error_set_file(err, NERVE_ERULES, name, 1, 1, 0, "empty file: no header");
    if (rc == NERVE_OK && !seen_last)
        rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno ? lineno : 1, 1, 0,
                                   "the decision table needs a last row without conditions");
    if (rc != NERVE_OK) {
        nerve__mention_lexicon_free(lx);
        return rc;
    }
    /* Words grouped by class, so that a test reads its class's words only
     * (the tests run for every token of the fallback's runs). */
    qsort(lx->words, lx->nwords, sizeof *lx->words, word_cls_cmp);
    for (size_t i = 0, c = 0; c <= NERVE__MW_COUNT_; c++) {
        while (i < lx->nwords && lx->words[i].cls < c)
            i++;
        lx->cls_first[c] = (uint32_t)i;
    }
    /* the longest whole word of each class (255: a suffix row, any length):
     * most tokens are rejected by their length alone */
    for (size_t i = 0; i < lx->nwords; i++) {
        const nerve__mw_word *w = &lx->words[i];
        uint8_t *mx = &lx->cls_maxlen[w->cls];
        if (w->suffix)
            *mx = 255;
        else if (w->len > *mx)
            *mx = w->len;
    }
    *out = lx;
    return NERVE_OK;
}

int nerve__mention_lexicon_load(const nerve_allocator *al, const char *path, const char *name,
                                nerve__mention_lexicon **out, nerve_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = nerve__read_file(al, path, 0, &data, &len, err);
    if (rc != NERVE_OK)
        return rc;
    rc = nerve__mention_lexicon_load_buffer(al, name ? name : path, data, len, out, err);
    nerve__free(al, data);
    return rc;
}

void nerve__mention_lexicon_free(nerve__mention_lexicon *lx)
{
    if (!lx)
        return;
    const nerve_allocator *al = lx->al;
    nerve__free(al, lx->dec);
    nerve__free(al, lx->words);
    nerve__free(al, lx->pool);
    nerve__free(al, lx);
}

int nerve__mention_word(const nerve__mention_lexicon *lx, int cls, const char *norm, size_t n)
{
    if (!lx || cls < 0 || cls >= NERVE__MW_COUNT_ || n > lx->cls_maxlen[cls])
        return 0;
    for (uint32_t i = lx->cls_first[cls]; i < lx->cls_first[cls + 1]; i++) {
        const nerve__mw_word *w = &lx->words[i];
        if (w->suffix ? n > w->len && memcmp(norm + n - w->len, w->text, w->len) == 0
                      : n == w->len && norm[0] == w->text[0] && memcmp(norm, w->text, n) == 0)
            return 1;
    }
    return 0;
}

const nerve__fb_decision *nerve__fb_decide(const nerve__mention_lexicon *lx, uint64_t preds)
{
    if (!lx)
        return NULL;
    for (size_t i = 0; i < lx->ndec; i++) {
        const nerve__fb_decision *d = &lx->dec[i];
        if ((preds & d->need) == d->need && !(preds & d->deny))
            return d;
    }
    return NULL;
}
