/*
 * rules_words.c - the rule compiler's word data, loaded from the data
 * directory before any rule file: the irregular forms behind "word~"
 * (rules/inflections.tsv) and the expected share of sentences holding a word,
 * by which the index picks what each rule requires (rules/index_words.tsv).
 * Both are TSV files with a header line; every entry keeps its file and line,
 * and a malformed line is an error naming file:line:column.
 */
#include "rules_int.h"

#include "error.h"
#include "tsv.h"

#include <string.h>

/* A cost of a word the table does not list: one byte (punctuation, a single
 * letter) is in a third of sentences, anything longer is rare. */
#define COST_ONE_BYTE 300
#define COST_DEFAULT 2

typedef struct tsv_line {
    const char *f[2];
    size_t fl[2];
    uint32_t line;
    size_t off; /* byte offset of the line in the file */
} tsv_line;

/* The next data line of src (skipping comments and blank lines) into *t, its
 * fields split at the one tab. Returns 1 for a line, 0 at the end, or an
 * error code. */
static int next_line(const char *file, const char *src, size_t len, size_t *pos, uint32_t *lineno,
                     tsv_line *t, nerve_error *err)
{
    nerve__tsv rd = {src, len, *pos, *lineno};
    const char *line;
    size_t n, b;
    int got = nerve__tsv_next(&rd, &line, &n, &b);
    *pos = rd.pos;
    *lineno = rd.lineno;
    if (!got)
        return 0;
    size_t col[2];
    if (nerve__tsv_split(line, n, t->f, t->fl, col, 2) != 2)
        return nerve__error_set_file(err, NERVE_ERULES, file, *lineno, 1, b,
                                     "expected 2 tab-separated fields");
    t->line = *lineno;
    t->off = b;
    return 1;
}

/* The header line, which must be exactly h0<TAB>h1. */
static int header(const char *file, const char *src, size_t len, size_t *pos, uint32_t *lineno,
                  const char *h0, const char *h1, nerve_error *err)
{
    tsv_line t = {{NULL, NULL}, {0, 0}, 0, 0};
    int rc = next_line(file, src, len, pos, lineno, &t, err);
    if (rc < 0)
        return rc;
    if (rc == 0 || !nerve__tsv_field_is(t.f[0], t.fl[0], h0) ||
        !nerve__tsv_field_is(t.f[1], t.fl[1], h1))
        return nerve__error_set_file(err, NERVE_ERULES, file, *lineno ? *lineno : 1, 1,
                                     rc ? t.off : 0, "expected the header \"%s<TAB>%s\"", h0, h1);
    return NERVE_OK;
}

/* A word as rules write it (a token key): no space, no upper-case ASCII. The
 * column of the first bad byte, or 0 when the word is good. */
static size_t bad_word_col(const char *w, size_t n, int spaces_ok)
{
    if (n == 0)
        return 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if ((c >= 'A' && c <= 'Z') || c < 0x20 || (c == ' ' && !spaces_ok))
            return i + 1;
        if (c == ' ' && (i == 0 || i + 1 == n || w[i + 1] == ' '))
            return i + 1;
    }
    return 0;
}

static const nerve__rword *find_word(const nerve__rword_vec *t, const char *w, size_t n)
{
    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->v[i].word) == n && memcmp(t->v[i].word, w, n) == 0)
            return &t->v[i];
    return NULL;
}

static int add_table(nerve__ruleset *rs, int which, const char *file, const char *src, size_t len,
                     nerve_error *err)
{
    if (!rs || (!src && len))
        return nerve__error_set(err, NERVE_EINVAL, 0, "invalid argument");
    if (rs->compiled)
        return nerve__error_set(err, NERVE_ESTATE, 0, "word data added after compile");
    if (!file)
        file = "<memory>";
    const char *h1 = which ? "per_mille" : "forms";
    size_t pos = 0;
    uint32_t lineno = 0;
    int rc = header(file, src, len, &pos, &lineno, which ? "word" : "base", h1, err);
    if (rc != NERVE_OK)
        return rc;
    const char *fname = nerve__arena_strndup(&rs->arena, file, strlen(file));
    if (!fname)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    /* On error, drop what this call added so the tables stay consistent. */
    nerve__rword_vec *table = which ? &rs->word_costs : &rs->inflections;
    size_t n0 = table->n;
    tsv_line t;
    while ((rc = next_line(file, src, len, &pos, &lineno, &t, err)) == 1) {
        size_t col = bad_word_col(t.f[0], t.fl[0], 0);
        if (col) {
            rc = nerve__error_set_file(err, NERVE_ERULES, file, t.line, (uint32_t)col,
                                       t.off + col - 1, "a %s is one lower-case word (a token key)",
                                       which ? "word" : "base");
            break;
        }
        const nerve__rword *dup = find_word(table, t.f[0], t.fl[0]);
        if (dup) {
            rc = nerve__error_set_file(err, NERVE_ERULES, file, t.line, 1, t.off,
                                       "\"%.*s\" is already listed at %s:%u", (int)t.fl[0], t.f[0],
                                       dup->file, dup->line);
            break;
        }
        nerve__rword w = {NULL, NULL, 0, fname, t.line};
        uint32_t col1 = (uint32_t)(t.fl[0] + 2);
        if (which) {
            uint32_t v = 0;
            size_t i = 0;
            for (; i < t.fl[1] && t.f[1][i] >= '0' && t.f[1][i] <= '9' && v <= 1000; i++)
                v = v * 10 + (uint32_t)(t.f[1][i] - '0');
            if (t.fl[1] == 0 || i < t.fl[1] || v > 1000) {
                rc = nerve__error_set_file(err, NERVE_ERULES, file, t.line, col1, t.off + col1 - 1,
                                           "per_mille must be a whole number 0..1000, got \"%.*s\"",
                                           (int)(t.fl[1] > 40 ? 40 : t.fl[1]), t.f[1]);
                break;
            }
            w.value = v;
        } else {
            col = bad_word_col(t.f[1], t.fl[1], 1);
            if (col) {
                rc = nerve__error_set_file(err, NERVE_ERULES, file, t.line,
                                           (uint32_t)(col1 + col - 1), t.off + col1 + col - 2,
                                           "forms are lower-case words separated by single spaces");
                break;
            }
            w.forms = nerve__arena_strndup(&rs->arena, t.f[1], t.fl[1]);
        }
        w.word = nerve__arena_strndup(&rs->arena, t.f[0], t.fl[0]);
        if (!w.word || (!which && !w.forms) || nerve__vec_push(&rs->al, table, w) != NERVE_OK) {
            rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
            break;
        }
    }
    if (rc == 0)
        return NERVE_OK;
    table->n = n0;
    return rc;
}

int nerve__ruleset_add_inflections(nerve__ruleset *rs, const char *file, const char *src,
                                   size_t len, nerve_error *err)
{
    return add_table(rs, 0, file, src, len, err);
}

int nerve__ruleset_add_word_costs(nerve__ruleset *rs, const char *file, const char *src, size_t len,
                                  nerve_error *err)
{
    return add_table(rs, 1, file, src, len, err);
}

const char *nerve__rules_irregular_forms(const nerve__ruleset *rs, const char *base)
{
    const nerve__rword *w = find_word(&rs->inflections, base, strlen(base));
    return w ? w->forms : NULL;
}

uint32_t nerve__rules_word_cost(const nerve__ruleset *rs, const char *w)
{
    const nerve__rword *e = find_word(&rs->word_costs, w, strlen(w));
    if (e)
        return e->value;
    return !w[0] || !w[1] ? COST_ONE_BYTE : COST_DEFAULT;
}
