/*
 * timex_lexicon.c - loading rules/timex.tsv (format documented at the top of
 * that file) into an immutable hash table: key -> chain of entries, one per
 * class the key has. Three allocations per lexicon (entries, string pool,
 * slots); lookups never allocate.
 */
#include "timex_int.h"

#include "error.h"
#include "tsv.h"
#include "io.h"

#include <stdlib.h>
#include <string.h>

static const char *const class_names[] = {
#define NERVE__X(name, str, numeric) str,
    NERVE__LX_CLASSES(NERVE__X)
#undef NERVE__X
};
static const unsigned char class_numeric[] = {
#define NERVE__X(name, str, numeric) numeric,
    NERVE__LX_CLASSES(NERVE__X)
#undef NERVE__X
};
#define NCLASS_NAMED (sizeof class_names / sizeof class_names[0])

static const char *const role_names[] = {
#define NERVE__X(name, str) str,
    NERVE__TX_ROLES(NERVE__X)
#undef NERVE__X
};

const char *nerve__tx_role_name(int r)
{
    return r >= 0 && r < TR_COUNT_ ? role_names[r] : NULL;
}

/* The bit of class cls in a chain's class mask: word roles have none. */
static uint32_t class_bit(int cls)
{
    return cls == NERVE__LX_WORD ? 0 : 1u << cls;
}

static uint32_t hash_key(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

uint32_t nerve__lx_lookup(const nerve__timex_lexicon *lx, const char *key, size_t len)
{
    if (!lx || !lx->nslot || len == 0 || len > 0xffff)
        return NERVE__LX_NONE;
    size_t mask = lx->nslot - 1;
    for (size_t i = hash_key(key, len) & mask;; i = (i + 1) & mask) {
        uint32_t h = lx->slot[i];
        if (h == NERVE__LX_NONE)
            return NERVE__LX_NONE;
        const nerve__lx_entry *e = &lx->e[h];
        if (e->klen == len && memcmp(e->key, key, len) == 0)
            return h;
    }
}

uint32_t nerve__lx_rule_line(const nerve__timex_lexicon *lx, const char *rule)
{
    for (size_t i = 0; lx && rule && i < lx->nrules; i++)
        if (lx->rules[i].name[0] == rule[0] && strcmp(lx->rules[i].name, rule) == 0)
            return lx->rules[i].line;
    return 0;
}

const nerve__lx_entry *nerve__lx_get(const nerve__timex_lexicon *lx, uint32_t head, int cls)
{
    for (uint32_t i = head; i != NERVE__LX_NONE; i = lx->e[i].next)
        if (lx->e[i].cls == cls)
            return &lx->e[i];
    return NULL;
}

void nerve__timex_lexicon_free(nerve__timex_lexicon *lx)
{
    if (!lx)
        return;
    nerve_allocator al = lx->al;
    nerve__free(&al, lx->e);
    nerve__free(&al, lx->pool);
    nerve__free(&al, lx->slot);
    nerve__free(&al, lx);
}

int nerve__timex_lexicon_load(const nerve_allocator *al, const char *path, const char *name,
                              nerve__timex_lexicon **out, nerve_error *err)
{
    char *data = NULL;
    size_t len = 0;
    nerve_allocator a;
    nerve__allocator_init(&a, al);
    if (!path || !out)
        return nerve__error_set(err, NERVE_EINVAL, 0, "timex lexicon: no path");
    int rc = nerve__read_file(&a, path, 0, &data, &len, err);
    if (rc != NERVE_OK)
        return rc;
    rc = nerve__timex_lexicon_load_buffer(&a, name ? name : path, data, len, out, err);
    nerve__free(&a, data);
    return rc;
}

static int parse_int(const char *s, size_t n, int32_t *out)
{
    size_t i = 0;
    int neg = 0;
    long v = 0;
    if (n == 1 && s[0] == 'X') {
        *out = -1;
        return 1;
    }
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    if (i == n)
        return 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || v > 100000000)
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = (int32_t)(neg ? -v : v);
    return 1;
}

static int tense_value(const char *s, size_t n)
{
    if (nerve__tsv_field_is(s, n, "past"))
        return NERVE__CUE_PAST;
    if (nerve__tsv_field_is(s, n, "present"))
        return NERVE__CUE_PRESENT;
    if (nerve__tsv_field_is(s, n, "future"))
        return NERVE__CUE_FUTURE;
    if (nerve__tsv_field_is(s, n, "modal"))
        return NERVE__CUE_MODAL;
    return -1;
}

/* The value of a class word line: comma-separated role names, into roles. */
static int parse_roles(const char *v, size_t n, uint64_t *roles, const char *name, uint32_t lineno,
                       size_t col, size_t line_off, nerve_error *err)
{
    size_t s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && v[i] != ',')
            continue;
        const char *w = v + s;
        size_t wl = i - s;
        int r = -1;
        for (int k = 0; k < TR_COUNT_ && r < 0; k++)
            if (nerve__tsv_field_is(w, wl, role_names[k]))
                r = k;
        if (r < 0)
            return nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)(col + s),
                                         line_off + col - 1 + s,
                                         "unknown word role \"%.*s\" (the roles are listed at the "
                                         "top of rules/timex.tsv)",
                                         (int)(wl > 40 ? 40 : wl), w);
        roles[r >> 6] |= UINT64_C(1) << (r & 63);
        s = i + 1;
    }
    return NERVE_OK;
}

typedef struct loader {
    nerve__timex_lexicon *lx;
    size_t pool_used;
} loader;

/* Copy s[0..n) into the pool, lower-casing ASCII and (for keys) dropping periods. */
static char *pool_put(loader *L, const char *s, size_t n, int is_key, size_t *outlen)
{
    char *d = L->lx->pool + L->pool_used;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_key) {
            if (c == '.')
                continue;
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
        }
        d[k++] = c;
    }
    d[k] = '\0';
    L->pool_used += k + 1;
    if (outlen)
        *outlen = k;
    return d;
}

static int insert(nerve__timex_lexicon *lx, uint32_t idx)
{
    nerve__lx_entry *e = &lx->e[idx];
    size_t mask = lx->nslot - 1;
    for (size_t i = hash_key(e->key, e->klen) & mask;; i = (i + 1) & mask) {
        uint32_t h = lx->slot[i];
        if (h == NERVE__LX_NONE) {
            lx->slot[i] = idx;
            e->mask = class_bit(e->cls);
            return 0;
        }
        nerve__lx_entry *he = &lx->e[h];
        if (he->klen == e->klen && memcmp(he->key, e->key, e->klen) == 0) {
            /* append to the chain, keeping file order */
            uint32_t t = h;
            while (lx->e[t].next != NERVE__LX_NONE)
                t = lx->e[t].next;
            lx->e[t].next = idx;
            he->mask |= class_bit(e->cls);
            for (int k = 0; k < NERVE__TX_ROLE_WORDS; k++)
                he->roles[k] |= e->roles[k];
            return 1;
        }
    }
}

static const char *const ending_names[NERVE__END_COUNT_] = {"past", "progressive", "adverb"};
static const char *const suffix_names[NERVE__SUF_COUNT_] = {"ordinal", "decade", "am", "pm"};

int nerve__lx_suffix(const nerve__timex_lexicon *lx, const char *suf, size_t len)
{
    for (size_t i = 0; i < lx->nsuffixes; i++)
        if (lx->suffixes[i].len == len && memcmp(lx->suffixes[i].text, suf, len) == 0)
            return lx->suffixes[i].cue;
    return -1;
}

/* A row of class ending, clitic or suffix: a word ending the tense reader
 * or the number reader tests, kept apart from the words (it is never looked
 * up as a whole word). */
static int add_affix_row(loader *L, int cls, const char *const *f, const size_t *fl,
                         const size_t *fc, const char *name, uint32_t lineno, size_t line_off,
                         nerve_error *err)
{
    nerve__timex_lexicon *lx = L->lx;
    nerve__lx_affix af;
    memset(&af, 0, sizeof af);
    if (fl[0] >= sizeof af.text || memchr(f[0], ' ', fl[0]))
        return nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                     "an ending is one word of at most %zu bytes",
                                     sizeof af.text - 1);
    for (size_t i = 0; i < fl[0]; i++)
        af.text[i] = (char)(f[0][i] >= 'A' && f[0][i] <= 'Z' ? f[0][i] + 32 : f[0][i]);
    af.len = (uint8_t)fl[0];
    af.line = lineno;
    if (cls == NERVE__LX_SUFFIX) {
        if (!nerve__tsv_field_is(f[3], fl[3], "-"))
            return nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[3],
                                         line_off + fc[3] - 1, "a suffix takes no flags (\"-\")");
        if (lx->nsuffixes == NERVE__LX_MAX_SUFFIXES)
            return nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                         "more than %d suffixes", NERVE__LX_MAX_SUFFIXES);
        for (int k = 0; k < NERVE__SUF_COUNT_; k++)
            if (nerve__tsv_field_is(f[2], fl[2], suffix_names[k])) {
                af.cue = (int8_t)k;
                lx->suffixes[lx->nsuffixes++] = af;
                return NERVE_OK;
            }
        return nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[2],
                                     line_off + fc[2] - 1, "a suffix is ordinal, decade, am or pm");
    }
    if (!nerve__tsv_field_is(f[3], fl[3], "-")) {
        size_t s = 0;
        for (size_t i = 0; i <= fl[3]; i++) {
            if (i < fl[3] && f[3][i] != ',')
                continue;
            if (cls == NERVE__LX_CLITIC && nerve__tsv_field_is(f[3] + s, i - s, "be"))
                af.flags |= NERVE__LXF_BE;
            else if (cls == NERVE__LX_CLITIC && nerve__tsv_field_is(f[3] + s, i - s, "ambig"))
                af.flags |= NERVE__LXF_AMBIG;
            else if (cls == NERVE__LX_CLITIC && nerve__tsv_field_is(f[3] + s, i - s, "word"))
                af.flags |= NERVE__LXF_WORD;
            else
                return nerve__error_set_file(
                    err, NERVE_ERULES, name, lineno, (uint32_t)(fc[3] + s),
                    line_off + fc[3] - 1 + s,
                    "unknown flag \"%.*s\" (a clitic takes be, ambig, word)",
                    (int)(i - s > 40 ? 40 : i - s), f[3] + s);
            s = i + 1;
        }
    }
    if (cls == NERVE__LX_ENDING) {
        for (int k = 0; k < NERVE__END_COUNT_; k++)
            if (nerve__tsv_field_is(f[2], fl[2], ending_names[k])) {
                lx->endings[k] = af;
                return NERVE_OK;
            }
        return nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[2],
                                     line_off + fc[2] - 1,
                                     "an ending is past, progressive or adverb");
    }
    int cue = nerve__tsv_field_is(f[2], fl[2], "-") ? -1 : tense_value(f[2], fl[2]);
    if (cue == -1 && !nerve__tsv_field_is(f[2], fl[2], "-"))
        return nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[2],
                                     line_off + fc[2] - 1,
                                     "a clitic's value is a tense cue or \"-\" (its host's)");
    if (lx->nclitics == NERVE__LX_MAX_CLITICS)
        return nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                     "more than %d clitics", NERVE__LX_MAX_CLITICS);
    af.cue = (int8_t)cue;
    if (lx->nclitics == 0)
        lx->clitic_apos = 1;
    lx->clitic_apos &= memchr(af.text, '\'', af.len) != NULL;
    lx->clitics[lx->nclitics++] = af;
    (void)L;
    return NERVE_OK;
}

/* A row of class rule: a parser's rule name, kept apart from the words (it
 * is never looked up in text). */
static int add_rule_row(loader *L, const char *const *f, const size_t *fl, const char *name,
                        uint32_t lineno, size_t line_off, nerve_error *err)
{
    nerve__timex_lexicon *lx = L->lx;
    if (!nerve__tsv_field_is(f[2], fl[2], "-") || !nerve__tsv_field_is(f[3], fl[3], "-") ||
        memchr(f[0], ' ', fl[0]))
        return nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                     "a rule row is one name with value and flags \"-\"");
    for (size_t i = 0; i < lx->nrules; i++)
        if (nerve__tsv_field_is(f[0], fl[0], lx->rules[i].name))
            return nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                         "rule \"%s\" already has a row on line %u",
                                         lx->rules[i].name, (unsigned)lx->rules[i].line);
    if (lx->nrules == NERVE__LX_MAX_RULES)
        return nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                     "more than %d rule rows", NERVE__LX_MAX_RULES);
    lx->rules[lx->nrules].name = pool_put(L, f[0], fl[0], 0, NULL);
    lx->rules[lx->nrules].line = lineno;
    lx->nrules++;
    return NERVE_OK;
}

int nerve__timex_lexicon_load_buffer(const nerve_allocator *al, const char *name, const char *src,
                                     size_t len, nerve__timex_lexicon **out, nerve_error *err)
{
    nerve_allocator a;
    nerve__allocator_init(&a, al);
    if (!out || (!src && len))
        return nerve__error_set(err, NERVE_EINVAL, 0, "timex lexicon: bad arguments");
    *out = NULL;
    if (!name)
        name = "<memory>";
    size_t lines = 1, bad_off = 0;
    uint32_t bad_line = 0;
    const char *bad = nerve__tsv_bad_bytes(src, len, &bad_off, &bad_line, &lines);
    if (bad)
        return nerve__error_set_file(err, NERVE_ERULES, name, bad_line, 1, bad_off,
                                     "%s in the temporal lexicon", bad);
    nerve__timex_lexicon *lx = nerve__calloc(&a, 1, sizeof *lx);
    if (!lx)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    lx->al = a;
    /* at most two entries per line (a multi-word key adds its first word) */
    lx->e = nerve__calloc(&a, 2 * lines, sizeof *lx->e);
    size_t name_len = strlen(name);
    lx->pool = nerve__malloc(&a, 2 * len + 4 * lines + name_len + 2);
    lx->nslot = 64;
    while (lx->nslot < 4 * lines)
        lx->nslot *= 2;
    lx->slot = nerve__malloc(&a, lx->nslot * sizeof *lx->slot);
    if (!lx->e || !lx->pool || !lx->slot) {
        nerve__timex_lexicon_free(lx);
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    }
    memset(lx->slot, 0xff, lx->nslot * sizeof *lx->slot);
    loader L = {lx, 0};
    lx->file = pool_put(&L, name, name_len, 0, NULL);
    int rc = NERVE_OK, seen_header = 0;
    uint32_t lineno = 0;
    nerve__tsv rd = {src, len, 0, 0};
    const char *line;
    size_t n, line_off;
    while (rc == NERVE_OK && nerve__tsv_next(&rd, &line, &n, &line_off)) {
        lineno = rd.lineno;
        const char *f[5];
        size_t fl[5], fc[5];
        int nf = nerve__tsv_split(line, n, f, fl, fc, 5);
        if (!seen_header) {
            static const char *const header[] = {"key", "class", "value", "flags"};
            if (!nerve__tsv_is_header(f, fl, nf, header, 4))
                rc = nerve__error_set_file(
                    err, NERVE_ERULES, name, lineno, 1, line_off,
                    "expected the header \"key<TAB>class<TAB>value<TAB>flags\"");
            seen_header = 1;
            continue;
        }
        if (nf != 4) {
            rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                       "expected 4 tab-separated fields, found %d", nf);
            break;
        }
        if (fl[0] == 0 || f[0][0] == ' ' || f[0][fl[0] - 1] == ' ') {
            rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off, "empty key");
            break;
        }
        int cls = nerve__tsv_field_is(f[1], fl[1], "rule")     ? NERVE__LX_RULE
                  : nerve__tsv_field_is(f[1], fl[1], "ending") ? NERVE__LX_ENDING
                  : nerve__tsv_field_is(f[1], fl[1], "clitic") ? NERVE__LX_CLITIC
                  : nerve__tsv_field_is(f[1], fl[1], "suffix") ? NERVE__LX_SUFFIX
                                                               : -1;
        for (size_t c = 0; c < NCLASS_NAMED && cls < 0; c++)
            if (nerve__tsv_field_is(f[1], fl[1], class_names[c]))
                cls = (int)c;
        if (cls < 0) {
            rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[1],
                                       line_off + fc[1] - 1, "unknown class \"%.*s\"",
                                       (int)(fl[1] > 40 ? 40 : fl[1]), f[1]);
            break;
        }
        if (cls == NERVE__LX_ENDING || cls == NERVE__LX_CLITIC || cls == NERVE__LX_SUFFIX) {
            rc = add_affix_row(&L, cls, f, fl, fc, name, lineno, line_off, err);
            if (rc != NERVE_OK)
                break;
            continue;
        }
        if (cls == NERVE__LX_RULE) {
            rc = add_rule_row(&L, f, fl, name, lineno, line_off, err);
            if (rc != NERVE_OK)
                break;
            continue;
        }
        int32_t ival = 0;
        if (cls == NERVE__LX_TENSE) {
            ival = tense_value(f[2], fl[2]);
            if (ival < 0) {
                rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[2],
                                           line_off + fc[2] - 1,
                                           "tense value must be past, present, future or modal");
                break;
            }
        } else if (class_numeric[cls] && !parse_int(f[2], fl[2], &ival)) {
            rc =
                nerve__error_set_file(err, NERVE_ERULES, name, lineno, (uint32_t)fc[2],
                                      line_off + fc[2] - 1, "class %s needs a number, got \"%.*s\"",
                                      class_names[cls], (int)(fl[2] > 40 ? 40 : fl[2]), f[2]);
            break;
        }
        uint64_t roles[NERVE__TX_ROLE_WORDS] = {0};
        if (cls == NERVE__LX_WORD &&
            (rc = parse_roles(f[2], fl[2], roles, name, lineno, fc[2], line_off, err)) != NERVE_OK)
            break;
        if (cls == NERVE__LX_WORD && !nerve__tsv_field_is(f[3], fl[3], "-")) {
            rc = nerve__error_set_file(
                err, NERVE_ERULES, name, lineno, (uint32_t)fc[3], line_off + fc[3] - 1,
                "class word takes no flags (it matches the key in any case)");
            break;
        }
        uint8_t flags = 0;
        if (!nerve__tsv_field_is(f[3], fl[3], "-")) {
            size_t s = 0;
            for (size_t i = 0; i <= fl[3] && rc == NERVE_OK; i++) {
                if (i < fl[3] && f[3][i] != ',')
                    continue;
                const char *w = f[3] + s;
                size_t wl = i - s;
                if (nerve__tsv_field_is(w, wl, "cap"))
                    flags |= NERVE__LXF_CAP;
                else if (nerve__tsv_field_is(w, wl, "dot"))
                    flags |= NERVE__LXF_DOT;
                else if (nerve__tsv_field_is(w, wl, "ambig"))
                    flags |= NERVE__LXF_AMBIG;
                else if (nerve__tsv_field_is(w, wl, "plural"))
                    flags |= NERVE__LXF_PLURAL;
                else if (nerve__tsv_field_is(w, wl, "vague"))
                    flags |= NERVE__LXF_VAGUE;
                else if (nerve__tsv_field_is(w, wl, "article"))
                    flags |= NERVE__LXF_ARTICLE;
                else
                    rc =
                        nerve__error_set_file(err, NERVE_ERULES, name, lineno,
                                              (uint32_t)(fc[3] + s), line_off + fc[3] - 1 + s,
                                              "unknown flag \"%.*s\"", (int)(wl > 40 ? 40 : wl), w);
                s = i + 1;
            }
            if (rc != NERVE_OK)
                break;
        }
        uint32_t idx = (uint32_t)lx->ne++;
        nerve__lx_entry *e = &lx->e[idx];
        size_t klen;
        e->key = pool_put(&L, f[0], fl[0], 1, &klen);
        e->klen = (uint16_t)klen;
        e->sval = pool_put(&L, f[2], fl[2], 0, NULL);
        e->next = NERVE__LX_NONE;
        e->cls = (uint8_t)cls;
        e->flags = flags;
        e->ival = ival;
        e->line = lineno;
        memcpy(e->roles, roles, sizeof e->roles);
        e->words = 1;
        for (size_t i = 0; i < klen; i++)
            e->words += e->key[i] == ' ';
        if (e->words > 6) {
            rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                       "a key has at most 6 words");
            break;
        }
        if (cls == NERVE__LX_WORD && e->words > 1) {
            rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno, 1, line_off,
                                       "a key of class word is one word");
            break;
        }
        if (e->words > lx->max_words)
            lx->max_words = e->words;
        insert(lx, idx);
        if (e->words > 1) {
            /* the first word marks where a multi-word key may start */
            const char *sp = memchr(e->key, ' ', klen);
            uint32_t j = (uint32_t)lx->ne++;
            nerve__lx_entry *m = &lx->e[j];
            m->key = e->key;
            m->klen = (uint16_t)(sp - e->key);
            m->sval = "";
            m->next = NERVE__LX_NONE;
            m->cls = NERVE__LX_MWSTART;
            m->words = 1;
            if (nerve__lx_get(lx, nerve__lx_lookup(lx, m->key, m->klen), NERVE__LX_MWSTART))
                lx->ne--; /* already marked */
            else
                insert(lx, j);
        }
    }
    if (rc == NERVE_OK && !seen_header)
        rc = nerve__error_set_file(err, NERVE_ERULES, name, lineno ? lineno : 1, 1, 0,
                                   "no header line \"key<TAB>class<TAB>value<TAB>flags\"");
    if (rc != NERVE_OK) {
        nerve__timex_lexicon_free(lx);
        return rc;
    }
    *out = lx;
    return NERVE_OK;
}
