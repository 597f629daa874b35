/*
 * timex.c - temporal expressions over tokens: DATE, TIME, DURATION and SET
 * mentions with TIMEX3 values.
 *
 * How it works:
 *  1. Tokens become "atoms": a hyphenated word with letters is split at its
 *     hyphens ("mid-2020", "third-quarter", "two-year"), everything else is
 *     one atom. Each atom gets one lexicon lookup (its key is the token's
 *     normalized form without periods) and, when it has digits, a parse of
 *     its number shape (1987-02-26, 09/30/2020, 15:30, 1,000, 1990s, 30th).
 *     Two arrays per call, no allocation per token.
 *  2. First-token filter: only atoms with a lexicon class that can open an
 *     expression, or a number, are tried.
 *  3. A fixed list of small parsers (one per pattern family) is tried at the
 *     atom; the longest match wins, ties go to the earlier parser. Parsers
 *     build the TIMEX3 value directly.
 *  4. Bare weekdays, months and month-days are placed around the DCT by the
 *     tense of their clause (clause_tense): future cues (will, 'll, is to,
 *     is expected/scheduled/due, plans, going to, modals) give the next such
 *     day on or after the DCT, past cues (said, was, had, -ed verbs, irregular
 *     pasts) the last one on or before it, none or present the nearest.
 *
 * Decisions (documented for users in rules/timex.tsv and the tests):
 *  - Numeric dates a/b/yyyy are US month-first unless a > 12.
 *  - A 4-digit number 1900..2099 (1000..1899 only after in/since/of/until...)
 *    is a year after a date preposition, a modifier (early, mid-), a month,
 *    "fiscal", or before punctuation/end/a preposition; never with a comma
 *    (1,000), never next to a quantity word ("$", percent, tonnes, people).
 *  - "May", "March", "June", "August" are months only in a date context
 *    (a day or year next to them, or after in/since/by/of/early/last/...);
 *    lower-case month and weekday names are never dates.
 *  - A weekday, month or holiday inside a capitalized name ("the Good Friday
 *    Agreement") is skipped.
 *  - Without a DCT nothing reads the clock: values stay underspecified
 *    (XXXX-XX-XX, XXXX-WXX-5, XXXX-09) and anchor is NULL.
 */
#include "timex_impl.h"

#include "error.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Atoms                                                                    */
/* ------------------------------------------------------------------------ */

#define AF_CAP (1u << 0)
#define AF_ALLCAP (1u << 1)
#define AF_DOT (1u << 2)    /* written with a period (Sept., p.m.) */
#define AF_HYNEXT (1u << 3) /* joined to the next atom by a hyphen */
#define AF_PUNCT (1u << 4)
#define AF_WORD (1u << 5)  /* letters only (after removing periods/apostrophes) */
#define AF_SENT (1u << 6)  /* first atom of its sentence */
#define AF_POSS (1u << 7)  /* possessive 's */
#define AF_LOWER (1u << 8) /* no upper-case letter */
#define AF_COMMA (1u << 9)
#define AF_HARD (1u << 10)   /* ; : ( ) quotes dashes: ends a clause */
#define AF_SPLIT (1u << 11)  /* part of a token split at hyphens */
#define AF_HYPREV (1u << 12) /* joined to the previous atom by a hyphen */
#define AF_DIGIT (1u << 13)
#define AF_APOS (1u << 14) /* starts with an apostrophe ('90s, 's) */

enum {
    NK_NONE = 0,
    NK_INT,    /* 1987, 30 */
    NK_COMMA,  /* 1,000 */
    NK_DEC,    /* 6.4 */
    NK_ISO,    /* 1987-02-26 */
    NK_SLASH,  /* 09/30/2020 */
    NK_FRAC,   /* 1/2 */
    NK_CLOCK,  /* 15:30, 3:30pm (n3 = 0/12 when am/pm attached, else -1) */
    NK_DASH2,  /* 1987-88, 1-3 */
    NK_ORD,    /* 30th */
    NK_DECADE, /* 1990s, '90s */
    NK_CLOCKAP /* 3pm */
};

typedef struct atom {
    size_t tok;
    size_t start, end, cstart, cend;
    size_t sent;
    uint32_t head, mask, flags;
    int32_t n[3];
    uint8_t nd[3];
    uint8_t nk;
    uint8_t klen;
    char key[30];
} atom;

typedef struct ctx {
    const nerve__timex_lexicon *lx;
    const char *text;
    const nerve_token *tok;
    atom *a;
    size_t na, cap; /* atoms of the current window; allocated */
    const nerve__date *dct;
    int quarter_doc; /* the document talks about quarters (earnings news) */
    /* The last date mentioned before the current atom (narrative anchor for
     * "that day", "later that year", "the following month"): granularity
     * 0 none, 1 year, 2 month, 3 day. */
    nerve__date anchor;
    int anchor_gran;
} ctx;

typedef struct tmatch {
    size_t b, e; /* atoms [b, e) */
    int type;
    int rel; /* value computed from the DCT */
    const char *rule;
    float conf;
    char value[48];
    int sub; /* span is part of one atom: bytes [sb, se) */
    size_t sb, se;
} tmatch;

#define MAXM 3
typedef struct mset {
    tmatch m[MAXM];
    int n;
} mset;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t cp_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Parse the digit shape of text[0..n) into the atom. */
static void parse_number(atom *at, const char *s, size_t n)
{
    int32_t g[4] = {0, 0, 0, 0};
    uint8_t gd[4] = {0, 0, 0, 0};
    char sep[4] = {0, 0, 0, 0};
    int ng = 0;
    size_t i = 0;
    int lead_apos = 0;
    if (i < n && (s[i] == '\'' || (unsigned char)s[i] == 0xE2)) {
        if (s[i] == '\'')
            i++;
        else if (n >= 3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x99)
            i += 3;
        lead_apos = 1;
    }
    while (i < n && ng < 4) {
        if (!is_digit(s[i]))
            break;
        int32_t v = 0;
        int d = 0;
        while (i < n && is_digit(s[i])) {
            if (d < 9)
                v = v * 10 + (s[i] - '0');
            d++;
            i++;
        }
        g[ng] = v;
        gd[ng] = (uint8_t)(d > 255 ? 255 : d);
        ng++;
        if (i + 1 < n &&
            (s[i] == ',' || s[i] == '.' || s[i] == '-' || s[i] == '/' || s[i] == ':') &&
            is_digit(s[i + 1])) {
            sep[ng - 1] = s[i];
            i++;
            continue;
        }
        break;
    }
    if (ng == 0)
        return;
    /* suffix */
    char suf[8];
    size_t sl = 0;
    for (size_t j = i; j < n && sl < sizeof suf - 1; j++) {
        char c = s[j];
        if (c == '.')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        suf[sl++] = c;
    }
    suf[sl] = '\0';
    if (i < n && sl == 0 && n - i > 0 && s[i] != '.')
        return; /* something else after the digits */
    if (n - i >= 8)
        return;
    for (int k = 0; k < 3; k++) {
        at->n[k] = g[k];
        at->nd[k] = gd[k];
    }
    if (ng == 1) {
        if (sl == 0 && !lead_apos)
            at->nk = NK_INT;
        else if (!lead_apos && (!strcmp(suf, "st") || !strcmp(suf, "nd") || !strcmp(suf, "rd") ||
                                !strcmp(suf, "th")))
            at->nk = NK_ORD;
        else if ((!strcmp(suf, "s") || !strcmp(suf, "'s")) && g[0] % 10 == 0 &&
                 (gd[0] == 4 || (gd[0] == 2 && lead_apos) || gd[0] == 2))
            at->nk = NK_DECADE;
        else if (!lead_apos && (!strcmp(suf, "am") || !strcmp(suf, "pm"))) {
            at->nk = NK_CLOCKAP;
            at->n[1] = 0;
            at->n[2] = suf[0] == 'p' ? 12 : 0;
        } else if (lead_apos && sl == 0 && gd[0] == 2) {
            at->nk = NK_INT; /* '98 */
            at->n[0] = g[0] + (g[0] >= 30 ? 1900 : 2000);
            at->nd[0] = 4;
        }
        return;
    }
    if (lead_apos)
        return;
    if (ng == 2 && sep[0] == ':' && gd[1] == 2 && gd[0] <= 2) {
        if (sl == 0 || !strcmp(suf, "am") || !strcmp(suf, "pm")) {
            at->nk = NK_CLOCK;
            at->n[2] = sl == 0 ? -1 : (suf[0] == 'p' ? 12 : 0);
        }
        return;
    }
    if (sl)
        return;
    if (ng == 3 && sep[0] == ':' && sep[1] == ':' && gd[0] <= 2) {
        at->nk = NK_CLOCK;
        at->n[2] = -1;
        return;
    }
    if (sep[0] == ',') {
        at->nk = NK_COMMA;
        return;
    }
    if (ng == 2 && sep[0] == '.') {
        at->nk = NK_DEC;
        return;
    }
    if (ng == 3 && sep[0] == '-' && sep[1] == '-' && gd[0] == 4 && gd[1] <= 2 && gd[2] <= 2) {
        at->nk = NK_ISO;
        return;
    }
    if (ng == 3 && sep[0] == '/' && sep[1] == '/') {
        at->nk = NK_SLASH;
        return;
    }
    if (ng == 2 && sep[0] == '/') {
        at->nk = NK_FRAC;
        return;
    }
    if (ng == 2 && sep[0] == '-') {
        at->nk = NK_DASH2;
        return;
    }
}

static void set_key(ctx *c, atom *at, const char *norm, size_t nl)
{
    size_t k = 0;
    at->klen = 0;
    for (size_t i = 0; i < nl; i++) {
        char ch = norm[i];
        if (ch == '.')
            continue;
        if (k >= sizeof at->key - 1)
            return;
        at->key[k++] = ch;
    }
    at->key[k] = '\0';
    at->klen = (uint8_t)k;
    at->head = nerve__lx_lookup(c->lx, at->key, k);
    at->mask = at->head == NERVE__LX_NONE ? 0 : c->lx->e[at->head].mask;
}

static void classify(atom *at, const char *s, size_t n)
{
    int letters = 0, upper = 0, lower = 0, digits = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z')
            letters++, upper++;
        else if (ch >= 'a' && ch <= 'z')
            letters++, lower++;
        else if (is_digit(ch))
            digits++;
        else if (ch == '.')
            at->flags |= AF_DOT;
        else if ((unsigned char)ch >= 0x80)
            letters++; /* non-ASCII: treat as a letter for shape purposes */
        else if (ch != '\'')
            other++;
    }
    if (n && (s[0] >= 'A' && s[0] <= 'Z'))
        at->flags |= AF_CAP;
    if (upper >= 1 && lower == 0)
        at->flags |= AF_ALLCAP;
    if (upper == 0)
        at->flags |= AF_LOWER;
    if (letters && !digits && !other)
        at->flags |= AF_WORD;
    if (digits)
        at->flags |= AF_DIGIT;
    if (n && s[0] == '\'')
        at->flags |= AF_APOS;
}

/* Atoms of tokens [lo, hi), into c->a (reused; c->cap atoms allocated). */
static int build_atoms(ctx *c, const nerve_allocator *al, const nerve_token *tok, size_t lo,
                       size_t ntok)
{
    size_t cap = c->cap, na = 0;
    atom *a = c->a;
    if (cap < ntok - lo + 16) {
        a = nerve__realloc(al, c->a, cap * sizeof *a, (ntok - lo + 16) * sizeof *a);
        if (!a)
            return NERVE_ENOMEM;
        c->a = a;
        c->cap = cap = ntok - lo + 16;
    }
    for (size_t t = lo; t < ntok; t++) {
        const nerve_token *tk = &tok[t];
        const char *s = c->text + tk->span.start;
        size_t n = tk->span.end - tk->span.start;
        /* split words with letters at hyphens, if the norm splits the same way */
        size_t parts = 1, nparts = 1;
        int has_alpha = 0;
        for (size_t i = 0; i < n; i++) {
            parts += s[i] == '-';
            has_alpha |= is_alpha(s[i]);
        }
        for (size_t i = 0; i < tk->norm_len; i++)
            nparts += tk->norm[i] == '-';
        int split = parts > 1 && parts == nparts && has_alpha && parts <= 6 &&
                    tk->kind != NERVE_TOKEN_URL && tk->kind != NERVE_TOKEN_EMAIL;
        if (!split)
            parts = 1;
        if (na + parts > cap) {
            /* this token's atoms, one per token still to come, and an eighth:
             * split words are few, and doubling held twice the atoms needed */
            size_t ncap = na + parts + (ntok - t) + cap / 8;
            atom *tmp = nerve__realloc(al, a, cap * sizeof *a, ncap * sizeof *a);
            if (!tmp)
                return NERVE_ENOMEM; /* c->a is still the old block: the caller frees it */
            c->a = a = tmp;
            c->cap = cap = ncap;
        }
        size_t ts = 0, ns = 0;
        for (size_t p = 0; p < parts; p++) {
            size_t te = ts, ne = ns;
            if (split) {
                while (te < n && s[te] != '-')
                    te++;
                while (ne < tk->norm_len && tk->norm[ne] != '-')
                    ne++;
            } else {
                te = n;
                ne = tk->norm_len;
            }
            atom *at = &a[na++];
            memset(at, 0, sizeof *at);
            at->tok = t;
            at->sent = tk->sentence;
            at->start = tk->span.start + ts;
            at->end = tk->span.start + te;
            at->cstart = tk->span.char_start + (split ? cp_count(s, ts) : 0);
            at->cend = split ? at->cstart + cp_count(s + ts, te - ts) : tk->span.char_end;
            classify(at, s + ts, te - ts);
            if (split) {
                at->flags |= AF_SPLIT;
                if (p + 1 < parts)
                    at->flags |= AF_HYNEXT;
                if (p > 0)
                    at->flags |= AF_HYPREV;
            } else {
                at->flags &= ~(uint32_t)(AF_CAP | AF_ALLCAP | AF_LOWER);
                if (tk->flags & NERVE_TOK_CAPITALIZED)
                    at->flags |= AF_CAP;
                if (tk->flags & NERVE_TOK_ALLCAPS)
                    at->flags |= AF_ALLCAP;
                if (!(tk->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)))
                    at->flags |= AF_LOWER;
            }
            if (p == 0 && (tk->flags & NERVE_TOK_SENT_START))
                at->flags |= AF_SENT;
            if (tk->flags & NERVE_TOK_POSSESSIVE)
                at->flags |= AF_POSS;
            if (tk->kind == NERVE_TOKEN_PUNCT || tk->kind == NERVE_TOKEN_SYMBOL) {
                at->flags |= AF_PUNCT;
                at->flags &= ~(uint32_t)AF_WORD;
                if (n == 1 && s[0] == ',')
                    at->flags |= AF_COMMA;
                else if (n == 1 &&
                         (s[0] == ';' || s[0] == ':' || s[0] == '(' || s[0] == ')' || s[0] == '"' ||
                          s[0] == '[' || s[0] == ']' || s[0] == '?' || s[0] == '!' || s[0] == '.'))
                    at->flags |= AF_HARD;
                else if (tk->flags & (NERVE_TOK_OPEN_QUOTE | NERVE_TOK_CLOSE_QUOTE))
                    at->flags |= AF_HARD;
                else if (n >= 2 && s[0] == '-')
                    at->flags |= AF_HARD;
                else if (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
                         ((unsigned char)s[2] == 0x94 || (unsigned char)s[2] == 0x93))
                    at->flags |= AF_HARD; /* em/en dash */
            }
            set_key(c, at, tk->norm + ns, ne - ns);
            if (at->flags & AF_DIGIT)
                parse_number(at, s + ts, te - ts);
            ts = te + 1;
            ns = ne + 1;
        }
    }
    c->na = na;
    return NERVE_OK;
}

/* ------------------------------------------------------------------------ */
/* Atom predicates                                                          */
/* ------------------------------------------------------------------------ */

static int in_range(const ctx *c, size_t i, size_t from)
{
    return i < c->na && c->a[i].sent == c->a[from].sent;
}

static const nerve__lx_entry *lxc(const ctx *c, size_t i, int cls)
{
    if (i >= c->na || !(c->a[i].mask & (1u << cls)))
        return NULL;
    const nerve__lx_entry *e = nerve__lx_get(c->lx, c->a[i].head, cls);
    if (e && (e->flags & NERVE__LXF_CAP) && !(c->a[i].flags & (AF_CAP | AF_ALLCAP)))
        return NULL;
    return e;
}

static int key_is(const ctx *c, size_t i, const char *w)
{
    return i < c->na && c->a[i].klen == strlen(w) && memcmp(c->a[i].key, w, c->a[i].klen) == 0;
}

static int is_punct(const ctx *c, size_t i)
{
    return i >= c->na || (c->a[i].flags & AF_PUNCT);
}

/* A 4-digit year 1000..2099 (exact shape). */
/* A year said in words, as broadcast transcripts write it: "nineteen
 * ninety-six", "nineteen eighty", "eighteen twelve", "two thousand" (after
 * "the year" only; the caller checks). Returns atoms used, *y the year. */
static size_t spoken_year(const ctx *c, size_t i, int *y)
{
    const nerve__lx_entry *h = i < c->na ? lxc(c, i, NERVE__LX_NUMBER) : NULL;
    if (!h)
        return 0;
    if (h->ival == 2 && key_is(c, i + 1, "thousand") && in_range(c, i + 1, i)) {
        *y = 2000;
        return 2;
    }
    if (h->ival < 11 || h->ival > 20 || !in_range(c, i + 1, i))
        return 0;
    const nerve__lx_entry *t = lxc(c, i + 1, NERVE__LX_NUMBER);
    if (!t || (t->flags & (NERVE__LXF_VAGUE | NERVE__LXF_ARTICLE)) || t->ival < 10 ||
        t->ival > 90 || (t->ival >= 20 && t->ival % 10))
        return 0;
    *y = h->ival * 100 + t->ival;
    if (t->ival >= 20 && in_range(c, i + 2, i)) {
        const nerve__lx_entry *u = lxc(c, i + 2, NERVE__LX_NUMBER);
        if (u && u->ival >= 1 && u->ival <= 9 &&
            !(u->flags & (NERVE__LXF_VAGUE | NERVE__LXF_ARTICLE))) {
            *y += u->ival;
            return 3;
        }
    }
    return 2;
}

static int year_atom(const ctx *c, size_t i)
{
    return i < c->na && c->a[i].nk == NK_INT && c->a[i].nd[0] == 4 && c->a[i].n[0] >= 1000 &&
           c->a[i].n[0] <= 2099;
}

/* Day of month: 1..31 or 1st..31st or a word ordinal. */
static int day_atom(const ctx *c, size_t i, int *day)
{
    if (i >= c->na)
        return 0;
    const atom *a = &c->a[i];
    if ((a->nk == NK_INT || a->nk == NK_ORD) && a->nd[0] <= 2 && a->n[0] >= 1 && a->n[0] <= 31) {
        *day = a->n[0];
        return 1;
    }
    const nerve__lx_entry *e = lxc(c, i, NERVE__LX_ORDINAL);
    if (e && e->ival >= 1 && e->ival <= 31) {
        *day = e->ival;
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Tense of the clause                                                      */
/* ------------------------------------------------------------------------ */

static int ends_ed(const atom *a)
{
    return a->klen >= 5 && a->key[a->klen - 1] == 'd' && a->key[a->klen - 2] == 'e' &&
           (a->flags & AF_WORD);
}

static int is_participle(const ctx *c, size_t i)
{
    if (i >= c->na)
        return 0;
    const nerve__lx_entry *e = lxc(c, i, NERVE__LX_TENSE);
    if (e && e->ival == NERVE__CUE_PAST)
        return 1;
    return ends_ed(&c->a[i]) && !lxc(c, i, NERVE__LX_NOTED) && (c->a[i].flags & AF_LOWER);
}

/* Skip "not", "n't", and -ly adverbs after an auxiliary. */
static size_t after_aux(const ctx *c, size_t i)
{
    size_t j = i + 1;
    while (j < c->na && j < i + 3 &&
           (key_is(c, j, "not") || key_is(c, j, "n't") ||
            (c->a[j].klen > 3 && c->a[j].key[c->a[j].klen - 1] == 'y' &&
             c->a[j].key[c->a[j].klen - 2] == 'l')))
        j++;
    return j;
}

/* Cue of a clitic inside a token the tokenizer kept whole: "Delegates'll",
 * "won't", "didn't", "it's" (be: present). */
static int clitic_cue(const ctx *c, const atom *a, int *is_be)
{
    const char *key = a->key;
    size_t n = a->klen;
    *is_be = 0;
    if (n > 3 && !memcmp(key + n - 3, "n't", 3)) {
        size_t sl = n - 3;
        uint32_t h = nerve__lx_lookup(c->lx, key, sl);
        if (sl == 2 && !memcmp(key, "wo", 2))
            return NERVE__CUE_FUTURE;
        const nerve__lx_entry *e =
            h == NERVE__LX_NONE ? NULL : nerve__lx_get(c->lx, h, NERVE__LX_TENSE);
        if (!e && sl == 2 && !memcmp(key, "ca", 2))
            return NERVE__CUE_MODAL;
        return e ? e->ival : NERVE__CUE_NONE;
    }
    const char *ap = NULL;
    for (size_t i = 1; i < n; i++)
        if (key[i] == '\'')
            ap = key + i;
    if (!ap)
        return NERVE__CUE_NONE;
    size_t sl = n - (size_t)(ap - key);
    if (sl == 3 && !memcmp(ap, "'ll", 3))
        return NERVE__CUE_FUTURE;
    if (sl == 2 && !memcmp(ap, "'d", 2))
        return NERVE__CUE_MODAL;
    if ((sl == 3 && !memcmp(ap, "'re", 3)) || (sl == 2 && !memcmp(ap, "'m", 2)) ||
        (sl == 2 && !memcmp(ap, "'s", 2) && !(a->flags & AF_CAP) && n <= 5)) {
        *is_be = 1; /* it's, they're, I'm; "Esper's" is a possessive */
        return NERVE__CUE_PRESENT;
    }
    return NERVE__CUE_NONE;
}

static int cue_at(const ctx *c, size_t k)
{
    const atom *a = &c->a[k];
    if (a->flags & (AF_PUNCT | AF_DIGIT))
        return NERVE__CUE_NONE;
    if (lxc(c, k, NERVE__LX_AMPM) && k > 0 && c->a[k - 1].nk != NK_NONE)
        return NERVE__CUE_NONE; /* "9 a.m." is not "I am" */
    int clitic_be = 0;
    int cl = a->mask ? 0 : clitic_cue(c, a, &clitic_be);
    if (cl) {
        size_t j = after_aux(c, k);
        if (clitic_be &&
            (key_is(c, j, "to") ||
             (j < c->na && c->a[j].klen > 4 && !memcmp(c->a[j].key + c->a[j].klen - 3, "ing", 3))))
            return NERVE__CUE_FUTURE;
        if (cl == NERVE__CUE_MODAL && key_is(c, j, "have"))
            return NERVE__CUE_PAST;
        return cl;
    }
    const nerve__lx_entry *e = lxc(c, k, NERVE__LX_TENSE);
    if (e) {
        /* upper-case modals outside sentence start are names or months (May) */
        if (e->ival == NERVE__CUE_MODAL && (a->flags & AF_CAP) && !(a->flags & AF_SENT))
            return NERVE__CUE_NONE;
        int after_be = k > 0 && lxc(c, k - 1, NERVE__LX_BE);
        if (key_is(c, k, "set"))
            return after_be || key_is(c, k + 1, "to") ? NERVE__CUE_FUTURE : NERVE__CUE_NONE;
        if (key_is(c, k, "planned"))
            return after_be ? NERVE__CUE_FUTURE : NERVE__CUE_PAST; /* "the government planned to" */
        if (e->ival == NERVE__CUE_FUTURE && k > 1 && key_is(c, k - 1, "been") &&
            key_is(c, k - 2, "had"))
            return NERVE__CUE_PAST; /* "had been due to expire" */
        if (key_is(c, k, "going"))
            return key_is(c, k + 1, "to") ? NERVE__CUE_FUTURE : NERVE__CUE_NONE;
        if (a->flags & AF_POSS)
            return NERVE__CUE_NONE;
        size_t j = after_aux(c, k);
        if (e->ival == NERVE__CUE_MODAL)
            return key_is(c, j, "have") ? NERVE__CUE_PAST : NERVE__CUE_MODAL;
        if (e->ival == NERVE__CUE_PRESENT) {
            if (lxc(c, k, NERVE__LX_BE)) {
                if (key_is(c, j, "to"))
                    return NERVE__CUE_FUTURE;
                if (j < c->na && c->a[j].klen > 4 &&
                    !memcmp(c->a[j].key + c->a[j].klen - 3, "ing", 3))
                    return NERVE__CUE_FUTURE;
            }
            if ((key_is(c, k, "has") || key_is(c, k, "have")) && is_participle(c, j))
                return NERVE__CUE_PAST;
        }
        return e->ival;
    }
    if (lxc(c, k, NERVE__LX_NOTED))
        return NERVE__CUE_NONE;
    if (ends_ed(a) && ((a->flags & AF_LOWER) || (a->flags & AF_SENT))) {
        if (k > 0 &&
            (lxc(c, k - 1, NERVE__LX_DET) || key_is(c, k - 1, "a") || key_is(c, k - 1, "an")))
            return NERVE__CUE_NONE; /* "the proposed merger" */
        if (k > 0 && (key_is(c, k - 1, "is") || key_is(c, k - 1, "are") || key_is(c, k - 1, "am") ||
                      key_is(c, k - 1, "be")))
            return NERVE__CUE_PRESENT; /* "is closed": present passive */
        return NERVE__CUE_PAST;
    }
    return NERVE__CUE_NONE;
}

static int scan_cue(const ctx *c, size_t from, size_t to, int dir, uint32_t stop)
{
    /* from is the first atom to look at; to the limit (exclusive in direction) */
    if (dir < 0) {
        for (size_t k = from; k + 1 > to + 1 - 1 && k < c->na; k--) {
            if (c->a[k].flags & stop)
                return -1;
            int q = cue_at(c, k);
            if (q)
                return q;
            if (k == to)
                break;
        }
    } else {
        for (size_t k = from; k < to; k++) {
            if (c->a[k].flags & stop)
                return -1;
            int q = cue_at(c, k);
            if (q)
                return q;
        }
    }
    return 0;
}

/* NERVE__TENSE_* for the clause around atoms [b, e). */
static int clause_tense(const ctx *c, size_t b, size_t e)
{
    /* The clause is looked for within 48 atoms each way: tense cues further
     * off belong to another clause, and the bound keeps one huge sentence
     * linear. */
    enum { CLAUSE_REACH = 48 };
    size_t s0 = b, s1 = e;
    while (s0 > 0 && b - s0 < CLAUSE_REACH && c->a[s0 - 1].sent == c->a[b].sent)
        s0--;
    while (s1 < c->na && s1 - e < CLAUSE_REACH && c->a[s1].sent == c->a[b].sent)
        s1++;
    int q = 0;
    for (int pass = 0; pass < 2 && !q; pass++) {
        uint32_t stop = pass == 0 ? (AF_COMMA | AF_HARD) : AF_HARD;
        if (b > s0)
            q = scan_cue(c, b - 1, s0, -1, stop);
        if (q <= 0)
            q = scan_cue(c, e, s1, 1, stop);
        if (q < 0)
            q = 0;
    }
    switch (q) {
    case NERVE__CUE_PAST:
        return NERVE__TENSE_PAST;
    case NERVE__CUE_FUTURE:
    case NERVE__CUE_MODAL:
        return NERVE__TENSE_FUTURE;
    case NERVE__CUE_PRESENT:
        return NERVE__TENSE_PRESENT;
    default:
        return NERVE__TENSE_NONE;
    }
}

/* ------------------------------------------------------------------------ */
/* Values                                                                   */
/* ------------------------------------------------------------------------ */

static void put(tmatch *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#include <stdarg.h>
static void put(tmatch *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->value, sizeof m->value, fmt, ap);
    va_end(ap);
}

static void put_ymd(tmatch *m, int y, int mo, int d)
{
    char ys[16], ms[16], ds[16];
    if (y > 0)
        snprintf(ys, sizeof ys, "%04d", y);
    else
        strcpy(ys, "XXXX");
    if (mo > 0)
        snprintf(ms, sizeof ms, "%02d", mo);
    else
        strcpy(ms, "XX");
    if (d > 0)
        snprintf(ds, sizeof ds, "%02d", d);
    else
        strcpy(ds, "XX");
    if (d != 0)
        put(m, "%s-%s-%s", ys, ms, ds);
    else if (mo != 0)
        put(m, "%s-%s", ys, ms);
    else
        put(m, "%s", ys);
}

static void put_date(tmatch *m, nerve__date d)
{
    put_ymd(m, d.year, d.month, d.day);
}

static void append(tmatch *m, const char *s)
{
    size_t n = strlen(m->value);
    snprintf(m->value + n, sizeof m->value - n, "%s", s);
}

static int quarter_of(int month)
{
    return (month - 1) / 3 + 1;
}

/* The quarter financial news calls "the quarter": the one just reported. */
static void reported_quarter(const nerve__date *dct, int *y, int *q)
{
    *y = dct->year;
    *q = quarter_of(dct->month);
    if ((dct->month - 1) % 3 < 2) {
        if (--*q == 0) {
            *q = 4;
            --*y;
        }
    }
}

/* Value for a DCT shifted by n units at that unit's granularity. */
static void put_shift(const ctx *c, tmatch *m, char unit0, char unit1, long n)
{
    if (!c->dct) {
        switch (unit0) {
        case 'D':
            put(m, "XXXX-XX-XX");
            return;
        case 'W':
            put(m, "XXXX-WXX");
            return;
        case 'M':
            put(m, "XXXX-XX");
            return;
        case 'Q':
            put(m, "XXXX-QX");
            return;
        default:
            put(m, "XXXX");
            return;
        }
    }
    nerve__date d = *c->dct;
    m->rel = 1;
    switch (unit0) {
    case 'T': /* hours/minutes: the day it falls on */
        if (unit1 == 'H')
            d = nerve__date_add_days(d, n / 24);
        put_date(m, d);
        return;
    case 'D':
        put_date(m, nerve__date_add_days(d, n));
        return;
    case 'W': {
        int iy, w;
        nerve__iso_week(nerve__date_add_days(d, 7 * n), &iy, &w);
        put(m, unit1 == 'E' ? "%04d-W%02d-WE" : "%04d-W%02d", iy, w);
        return;
    }
    case 'F':
        put_date(m, nerve__date_add_days(d, 14 * n));
        return;
    case 'M': {
        nerve__date r = nerve__date_add_months(d, (int)n);
        put_ymd(m, r.year, r.month, 0);
        return;
    }
    case 'Q': {
        int qi = d.year * 4 + quarter_of(d.month) - 1 + (int)n;
        put(m, "%04d-Q%d", qi / 4, qi % 4 + 1);
        return;
    }
    case 'S': { /* season */
        int sy, s = nerve__season_of(d, &sy);
        int si = sy * 4 + s + (int)n;
        static const char *sn[4] = {"SP", "SU", "FA", "WI"};
        put(m, "%04d-%s", si / 4, sn[si % 4]);
        return;
    }
    case 'C': /* century */
        if (unit1 == 'E') {
            int cy = (d.year + (int)n * 100) / 100;
            if (cy >= 0 && cy <= 99)
                put(m, "%02d", cy);
            else /* three digits would read as a decade */
                put(m, "XX");
            return;
        }
        break;
    case 'Y':
    default:
        break;
    }
    if (unit0 == 'D' + 0 || unit0 == 'Y') {
        put_ymd(m, d.year + (int)n, 0, 0);
        return;
    }
    if (unit0 == 'E' || (unit0 == 'D' && unit1 == 'E')) {
        int dy = (d.year + (int)n * 10) / 10;
        if (dy >= 0 && dy <= 999)
            put(m, "%03d", dy);
        else /* four digits would read as a year */
            put(m, "XXX");
        return;
    }
    put_ymd(m, d.year + (int)n, 0, 0);
}

/* Duration value for n (may be fractional) units; n < 0 means vague (X). */
static void put_duration(tmatch *m, const char *unit, double n)
{
    char num[24];
    double mult = 1;
    const char *u = "D";
    int t = 0;
    if (!strcmp(unit, "TS"))
        u = "S", t = 1;
    else if (!strcmp(unit, "TM"))
        u = "M", t = 1;
    else if (!strcmp(unit, "TH"))
        u = "H", t = 1;
    else if (!strcmp(unit, "D"))
        u = "D";
    else if (!strcmp(unit, "W"))
        u = "W";
    else if (!strcmp(unit, "WE"))
        u = "D", mult = 2;
    else if (!strcmp(unit, "F"))
        u = "W", mult = 2;
    else if (!strcmp(unit, "M"))
        u = "M";
    else if (!strcmp(unit, "SE"))
        u = "M", mult = 3;
    else if (!strcmp(unit, "Q"))
        u = "Q";
    else if (!strcmp(unit, "Y"))
        u = "Y";
    else if (!strcmp(unit, "DE"))
        u = "Y", mult = 10;
    else if (!strcmp(unit, "CE"))
        u = "Y", mult = 100;
    else if (!strcmp(unit, "ML"))
        u = "Y", mult = 1000;
    if (n < 0) {
        snprintf(num, sizeof num, "X");
    } else {
        n *= mult;
        /* a fraction goes to the next smaller unit, as TimeML writes it:
         * 5 1/2 hours PT5H30M, 2 1/2 years P2Y6M, a day and a half P1DT12H */
        double whole = (double)(long)n, sub = 0;
        const char *su = NULL; /* the smaller unit, with its T when it is a time */
        int st = t;
        if (n != whole) {
            switch (*u) {
            case 'Y':
                sub = 12, su = "M";
                break;
            case 'W':
                sub = 7, su = "D";
                break;
            case 'D':
                sub = 24, su = "H", st = 1;
                break;
            case 'H':
                sub = 60, su = "M";
                break;
            case 'M':
                if (t)
                    sub = 60, su = "S";
                break;
            default:
                break;
            }
        }
        double rest = (n - whole) * sub;
        if (su && rest == (double)(long)rest) {
            if (whole > 0)
                put(m, "P%s%ld%s%s%ld%s", t ? "T" : "", (long)whole, u, st && !t ? "T" : "",
                    (long)rest, su);
            else
                put(m, "P%s%ld%s", st ? "T" : "", (long)rest, su);
            return;
        }
        snprintf(num, sizeof num, "%g", n);
    }
    put(m, "P%s%s%s", t ? "T" : "", num, u);
}

/* ------------------------------------------------------------------------ */
/* Small recognizers shared by the parsers                                   */
/* ------------------------------------------------------------------------ */

/* A number phrase at i: digits, decimals, words (twenty-five), a/an, a few,
 * several, "5 1/2". Returns atoms used; *val (-1 = vague). */
static size_t number_phrase(const ctx *c, size_t i, double *val, int *article)
{
    if (i >= c->na)
        return 0;
    const atom *a = &c->a[i];
    *article = 0;
    if (a->nk == NK_INT && a->nd[0] <= 6 && !(a->flags & AF_POSS)) {
        *val = a->n[0];
        if (in_range(c, i + 1, i) && c->a[i + 1].nk == NK_FRAC && c->a[i + 1].n[1]) {
            *val += (double)c->a[i + 1].n[0] / c->a[i + 1].n[1];
            return 2;
        }
        return 1;
    }
    if (a->nk == NK_DEC) {
        double f = a->n[1];
        for (int k = 0; k < a->nd[1]; k++)
            f /= 10;
        *val = a->n[0] + f;
        return 1;
    }
    if (a->nk == NK_FRAC && a->n[1]) {
        *val = (double)a->n[0] / a->n[1];
        return 1;
    }
    const nerve__lx_entry *e = lxc(c, i, NERVE__LX_NUMBER);
    if (!e)
        return 0;
    if (e->flags & NERVE__LXF_ARTICLE) {
        /* "a few", "a couple of" */
        const nerve__lx_entry *v = lxc(c, i + 1, NERVE__LX_NUMBER);
        if (v && (v->flags & NERVE__LXF_VAGUE)) {
            *val = v->ival > 0 ? v->ival : -1; /* "a couple of": 2 */
            return key_is(c, i + 2, "of") ? 3 : 2;
        }
        *article = 1;
        *val = 1;
        return 1;
    }
    if (e->flags & NERVE__LXF_VAGUE) {
        *val = e->ival > 0 ? e->ival : -1;
        return key_is(c, i + 1, "of") && key_is(c, i, "couple") ? 2 : 1;
    }
    *val = e->ival;
    size_t used = 1;
    /* twenty-five, twenty five */
    if (e->ival >= 20 && e->ival <= 90 && e->ival % 10 == 0) {
        const nerve__lx_entry *u = lxc(c, i + 1, NERVE__LX_NUMBER);
        if (u && u->ival >= 1 && u->ival <= 9 && !(u->flags & NERVE__LXF_ARTICLE)) {
            *val += u->ival;
            used = 2;
        }
    }
    /* "one hundred", "two thousand" */
    const nerve__lx_entry *h = lxc(c, i + used, NERVE__LX_NUMBER);
    if (h && (h->ival == 100 || h->ival == 1000) && *val < 100) {
        *val *= h->ival;
        used++;
    }
    /* "one and a half" */
    if (key_is(c, i + used, "and") && key_is(c, i + used + 1, "a") &&
        key_is(c, i + used + 2, "half")) {
        *val += 0.5;
        used += 3;
    }
    return used;
}

/* A temporal unit at i; returns its entry (singular or plural). */
static const nerve__lx_entry *unit_at(const ctx *c, size_t i)
{
    return lxc(c, i, NERVE__LX_UNIT);
}

/* Weekday or month name with its capitalization / abbreviation rules. */
static const nerve__lx_entry *name_at(const ctx *c, size_t i, int cls)
{
    const nerve__lx_entry *e = lxc(c, i, cls);
    if (!e)
        return NULL;
    if ((e->flags & NERVE__LXF_DOT) && !(c->a[i].flags & AF_DOT)) {
        /* "Sept 30" is fine without the period; "Jan" alone is a name */
        int d;
        if (!day_atom(c, i + 1, &d) || !in_range(c, i + 1, i))
            return NULL;
    }
    return e;
}

/* Inside a capitalized name: "the Good Friday Agreement", "March Madness". */
static int inside_name(const ctx *c, size_t b, size_t e)
{
    if (e >= c->na || c->a[e].sent != c->a[b].sent)
        return 0;
    const atom *n = &c->a[e];
    if (!(n->flags & AF_CAP) || (n->flags & (AF_PUNCT | AF_DIGIT | AF_ALLCAP)) || n->mask)
        return 0;
    if (b == 0 || (c->a[b].flags & AF_SENT))
        return 0;
    const atom *p = &c->a[b - 1];
    if (p->sent != c->a[b].sent)
        return 0;
    const uint32_t temporal = (1u << NERVE__LX_MONTH) | (1u << NERVE__LX_WEEKDAY) |
                              (1u << NERVE__LX_DIRECTION) | (1u << NERVE__LX_DEICTIC) |
                              (1u << NERVE__LX_PREP) | (1u << NERVE__LX_DET);
    if (lxc(c, b - 1, NERVE__LX_DET) ||
        ((p->flags & AF_CAP) && !(p->mask & temporal) && !(p->flags & AF_SENT)))
        return 1;
    return 0;
}

/* A time of day at i: 3 p.m., 3:30 pm, 15:30, noon, midnight, + zone.
 * Returns atoms used; writes "Thh:mm" into buf. */
static size_t clock_at(const ctx *c, size_t i, char *buf, size_t bufsz)
{
    if (i >= c->na)
        return 0;
    const atom *a = &c->a[i];
    size_t used = 0;
    int h = -1, mi = 0;
    const nerve__lx_entry *pod = lxc(c, i, NERVE__LX_PARTOFDAY);
    if (pod && pod->sval[0] == 'T') {
        snprintf(buf, bufsz, "%s", pod->sval);
        used = 1;
    } else if (a->nk == NK_CLOCK || a->nk == NK_CLOCKAP || a->nk == NK_INT) {
        h = a->n[0];
        mi = a->nk == NK_CLOCK ? a->n[1] : 0;
        int ap = a->nk == NK_INT ? -1 : a->n[2];
        if (a->nk == NK_INT && a->nd[0] > 2)
            return 0;
        used = 1;
        const nerve__lx_entry *e = in_range(c, i + 1, i) ? lxc(c, i + 1, NERVE__LX_AMPM) : NULL;
        if (ap < 0 && e) {
            if (e->ival < 0) { /* o'clock */
                ap = -2;
            } else {
                /* "am" must be written a.m./AM, or follow a number directly */
                ap = e->ival;
            }
            used = 2;
        }
        if (a->nk == NK_INT && ap == -1)
            return 0; /* a bare number is not a time */
        if (h > 24 || mi > 59 || (ap >= 0 && (h < 1 || h > 12)))
            return 0;
        if (ap == 12 && h < 12)
            h += 12;
        else if (ap == 0 && h == 12)
            h = 0;
        snprintf(buf, bufsz, "T%02u:%02u", (unsigned)h % 100u, (unsigned)mi % 100u);
    } else {
        return 0;
    }
    const nerve__lx_entry *z =
        in_range(c, i + used, i) ? lxc(c, i + used, NERVE__LX_TIMEZONE) : NULL;
    if (z && (c->a[i + used].flags & (AF_CAP | AF_ALLCAP)))
        used++;
    return used;
}

/* ------------------------------------------------------------------------ */
/* Parsers: each tries one family at atom i and fills ms                     */
/* ------------------------------------------------------------------------ */

static tmatch *new_match(mset *ms, size_t b, size_t e, int type, const char *rule, float conf)
{
    if (ms->n >= MAXM)
        return NULL;
    tmatch *m = &ms->m[ms->n++];
    memset(m, 0, sizeof *m);
    m->b = b;
    m->e = e;
    m->type = type;
    m->rule = rule;
    m->conf = conf;
    return m;
}

/* Day-of-week / month / day values placed by the clause's tense. */
static void put_weekday(const ctx *c, tmatch *m, int wd, int tense)
{
    if (!c->dct) {
        put(m, "XXXX-WXX-%d", wd);
        return;
    }
    m->rel = 1;
    put_date(m, nerve__resolve_weekday(*c->dct, wd, tense));
}

static int direction_tense(int dir)
{
    return dir < 0 ? NERVE__TENSE_LAST : dir > 0 ? NERVE__TENSE_NEXT : NERVE__TENSE_THIS;
}

/* Skip an optional "at" + clock after a day expression: Friday at 3 p.m. */
static size_t trailing_clock(const ctx *c, size_t e, char *buf, size_t n)
{
    size_t j = e;
    if (key_is(c, j, "at") && in_range(c, j + 1, e))
        j++;
    size_t k = in_range(c, j, e > 0 ? e - 1 : 0) ? clock_at(c, j, buf, n) : 0;
    return k ? j + k : e;
}

/* Part of day after a day: "Friday morning", "yesterday afternoon". */
static size_t trailing_pod(const ctx *c, size_t e, size_t from, const char **pod)
{
    const nerve__lx_entry *p = in_range(c, e, from) ? lxc(c, e, NERVE__LX_PARTOFDAY) : NULL;
    if (p && !(p->flags & NERVE__LXF_PLURAL)) {
        *pod = p->sval;
        return e + 1;
    }
    if (key_is(c, e, "night") && in_range(c, e, from)) {
        *pod = "NI";
        return e + 1;
    }
    return e;
}

static void finish_day(const ctx *c, tmatch *m, size_t from)
{
    /* day + part of day or clock: TIME */
    const char *pod = NULL;
    char clk[16];
    size_t e2 = trailing_pod(c, m->e, from, &pod);
    if (e2 > m->e) {
        m->e = e2;
        m->type = NERVE_TYPE_TIME;
        if (pod[0] == 'T')
            append(m, pod);
        else {
            append(m, "T");
            append(m, pod);
        }
        return;
    }
    e2 = trailing_clock(c, m->e, clk, sizeof clk);
    if (e2 > m->e) {
        m->e = e2;
        m->type = NERVE_TYPE_TIME;
        append(m, clk);
    }
}

/* Leading "the", modifiers (early, late, mid-, the end of, earlier) before a head. */
static size_t skip_prefix(const ctx *c, size_t i, int *has_the)
{
    size_t j = i;
    *has_the = 0;
    for (int guard = 0; guard < 4 && in_range(c, j, i); guard++) {
        if (lxc(c, j, NERVE__LX_DET) && j + 1 < c->na) {
            *has_the = 1;
            j++;
            continue;
        }
        const nerve__lx_entry *mo = lxc(c, j, NERVE__LX_MODIFIER);
        if (mo && in_range(c, j + 1, i)) {
            if (key_is(c, j + 1, "of")) {
                /* the end of, the beginning of, the middle of (needs "the" before) */
                if (!*has_the && !key_is(c, j, "end") && !key_is(c, j, "mid"))
                    return j;
                j += 2;
                continue;
            }
            if (key_is(c, j, "end") || key_is(c, j, "beginning") || key_is(c, j, "start") ||
                key_is(c, j, "middle") || key_is(c, j, "close"))
                return j; /* need "of" */
            j++;
            continue;
        }
        break;
    }
    return j;
}

/* Absolute names (months, weekdays, years, holidays) take "the" only in
 * "the end of ..." and never "earlier"/"later" ("Earlier Friday": Friday). */
static int abs_prefix_ok(const ctx *c, size_t i, size_t j)
{
    if (j > i && lxc(c, i, NERVE__LX_DET) && (i + 1 == j || !lxc(c, i + 1, NERVE__LX_MODIFIER)))
        return 0;
    for (size_t k = i; k < j; k++)
        if (key_is(c, k, "earlier") || key_is(c, k, "later"))
            return 0;
    return 1;
}

static void p_numeric(const ctx *c, size_t i, mset *ms)
{
    const atom *a = &c->a[i];
    tmatch *m;
    if (a->nk == NK_ISO) {
        nerve__date d = {a->n[0], a->n[1], a->n[2]};
        if (nerve__date_valid(d) && (m = new_match(ms, i, i + 1, NERVE_TYPE_DATE, "iso", 0.98f)))
            put_date(m, d);
        return;
    }
    if (a->nk == NK_SLASH) {
        int x = a->n[0], y = a->n[1], z = a->n[2];
        nerve__date d;
        if (a->nd[0] == 4) {
            d.year = x, d.month = y, d.day = z;
        } else {
            if (a->nd[2] == 2)
                z += z >= 50 ? 1900 : 2000;
            else if (a->nd[2] != 4)
                return;
            d.year = z;
            if (x > 12) /* day first only when it cannot be a month */
                d.day = x, d.month = y;
            else
                d.month = x, d.day = y;
        }
        if (nerve__date_valid(d) &&
            (m = new_match(ms, i, i + 1, NERVE_TYPE_DATE, "numeric-date", 0.9f)))
            put_date(m, d);
        return;
    }
    if (a->nk == NK_DASH2 && a->nd[0] == 4 && a->n[0] >= 1000 && a->n[0] <= 2099 &&
        (a->nd[1] == 2 || a->nd[1] == 4)) {
        /* 1987-88, 1987-1988: two years */
        int y1 = a->n[0];
        int y2 = a->nd[1] == 4 ? a->n[1] : (y1 / 100) * 100 + a->n[1];
        if (a->nd[1] == 2 && y2 <= y1)
            y2 += 100;
        if (y2 <= y1 || y2 - y1 > 20)
            return;
        size_t dash = a->start + 4;
        if ((m = new_match(ms, i, i + 1, NERVE_TYPE_DATE, "year-range", 0.85f))) {
            m->sub = 1, m->sb = a->start, m->se = dash;
            put(m, "%04d", y1);
        }
        if ((m = new_match(ms, i, i + 1, NERVE_TYPE_DATE, "year-range", 0.85f))) {
            m->sub = 1, m->sb = dash + 1, m->se = a->end;
            put(m, "%04d", y2);
        }
    }
}

static void p_decade(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = skip_prefix(c, i, &the);
    if (!in_range(c, j, i))
        return;
    const atom *a = &c->a[j];
    tmatch *m;
    if (a->nk == NK_DECADE) {
        int y = a->n[0];
        if (a->nd[0] == 2)
            y += 1900;
        if (y < 1000 || y > 2090)
            return;
        if ((m = new_match(ms, i, j + 1, NERVE_TYPE_DATE, "decade", 0.9f)))
            put(m, "%03d", y / 10);
        return;
    }
    /* the 20th century, the nineteenth century */
    int n = 0;
    if (a->nk == NK_ORD)
        n = a->n[0];
    else {
        const nerve__lx_entry *o = lxc(c, j, NERVE__LX_ORDINAL);
        if (o)
            n = o->ival;
    }
    const nerve__lx_entry *u = n > 0 && n <= 21 && in_range(c, j + 1, i) ? unit_at(c, j + 1) : NULL;
    if (u && !strcmp(u->sval, "CE") && !(u->flags & NERVE__LXF_PLURAL) &&
        !(c->a[j + 1].flags & AF_HYNEXT) &&
        (m = new_match(ms, i, j + 2, NERVE_TYPE_DATE, "century", 0.9f)))
        put(m, "%02d", n - 1);
}

/* Month-based dates: September 30, 2020 / 30 Sept. 2020 / Sept 30 / May 2020 / May. */
/* A bare date in a past clause is the last one before the DCT, unless the
 * next one is this close ahead (a deadline quoted in a past clause). */
#define PAST_REACH_DAYS 100
#define PAST_REACH_MONTHS 3
static void p_month(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = skip_prefix(c, i, &the);
    int day = 0, year = 0, dir = 99;
    size_t mpos, e;
    const nerve__lx_entry *mon = NULL;
    if (!in_range(c, j, i) || !abs_prefix_ok(c, i, j))
        return;
    const nerve__lx_entry *de = lxc(c, j, NERVE__LX_DIRECTION);
    if (de && in_range(c, j + 1, i) && name_at(c, j + 1, NERVE__LX_MONTH) &&
        !key_is(c, j, "that") && !key_is(c, j, "latest")) {
        dir = de->ival;
        j++;
    }
    if ((mon = name_at(c, j, NERVE__LX_MONTH))) {
        mpos = j;
        e = j + 1;
        if (in_range(c, e, i) && day_atom(c, e, &day) && !(c->a[e].flags & AF_HYNEXT) &&
            !(in_range(c, e + 1, i) && unit_at(c, e + 1))) {
            e++;
        } else
            day = 0;
        size_t y = e;
        if (in_range(c, y, i) && (c->a[y].flags & AF_COMMA) && year_atom(c, y + 1) &&
            in_range(c, y + 1, i))
            y++;
        else if (!day && key_is(c, y, "of") && year_atom(c, y + 1) && in_range(c, y + 1, i))
            y++;
        int sy;
        size_t sk;
        if (in_range(c, y, i) && year_atom(c, y) && !(c->a[y].flags & AF_HYNEXT)) {
            year = c->a[y].n[0];
            e = y + 1;
        } else if (!day && in_range(c, y, i) && (sk = spoken_year(c, y, &sy)) && sy != 2000) {
            year = sy; /* January nineteen ninety-seven */
            e = y + sk;
        }
    } else {
        /* 30 Sept. 2020, the 30th of September */
        if (!day_atom(c, j, &day))
            return;
        size_t k = j + 1;
        if (key_is(c, k, "of"))
            k++;
        if (!in_range(c, k, i) || !(mon = name_at(c, k, NERVE__LX_MONTH)))
            return;
        if (c->a[j].nk != NK_INT && c->a[j].nk != NK_ORD && !the)
            return; /* "third of March" needs "the" */
        mpos = k;
        e = k + 1;
        size_t y = e;
        if (in_range(c, y, i) && (c->a[y].flags & AF_COMMA) && year_atom(c, y + 1))
            y++;
        if (in_range(c, y, i) && year_atom(c, y)) {
            year = c->a[y].n[0];
            e = y + 1;
        }
    }
    int month = mon->ival;
    /* May, March ... need a date context */
    if (((mon->flags & NERVE__LXF_AMBIG) || (c->a[mpos].flags & AF_SENT) ||
         (mon->flags & NERVE__LXF_DOT)) &&
        !day && !year && dir == 99 && mpos == i) {
        int ctxok = mpos > 0 && c->a[mpos - 1].sent == c->a[mpos].sent &&
                    (lxc(c, mpos - 1, NERVE__LX_PREP) || lxc(c, mpos - 1, NERVE__LX_DIRECTION));
        if (!ctxok && (mon->flags & NERVE__LXF_AMBIG))
            return;
        if (!ctxok && (c->a[mpos].flags & AF_SENT) && !is_punct(c, mpos + 1) &&
            !lxc(c, mpos + 1, NERVE__LX_PREP))
            return;
    }
    if (!day && !year && inside_name(c, mpos, e))
        return;
    if (day && !nerve__date_valid((nerve__date){year ? year : 2000, month, day}))
        return;
    tmatch *m =
        new_match(ms, i, e, NERVE_TYPE_DATE,
                  day ? (year ? "month-day-year" : "month-day") : (year ? "month-year" : "month"),
                  year ? 0.97f : 0.85f);
    if (!m)
        return;
    if (year) {
        put_ymd(m, year, month, day);
    } else if (!c->dct) {
        put_ymd(m, -1, month, day);
    } else {
        m->rel = 1;
        int tense = dir != 99 ? direction_tense(dir) : clause_tense(c, i, e);
        if (day) {
            /* the clause's tense only within half a year; else the nearest date */
            int y = nerve__resolve_day_year(*c->dct, month, day, tense);
            nerve__date cand = {y, month, day};
            if (!nerve__date_valid(cand))
                cand.day = 28;
            long dist = nerve__date_to_days(cand) - nerve__date_to_days(*c->dct);
            /* a past clause reaches back up to a year unless the date comes
             * within three months ("said the offer expires Nov. 16") */
            int fy = nerve__resolve_day_year(*c->dct, month, day, NERVE__TENSE_FUTURE);
            nerve__date fc = {fy, month, day};
            if (!nerve__date_valid(fc))
                fc.day = 28;
            long fdist = nerve__date_to_days(fc) - nerve__date_to_days(*c->dct);
            if (dir == 99 && tense == NERVE__TENSE_PAST)
                y = fdist <= PAST_REACH_DAYS ? fy : y;
            else if (dir == 99 && (dist > 183 || dist < -183))
                y = nerve__resolve_day_year(*c->dct, month, day, NERVE__TENSE_NONE);
            put_ymd(m, y, month, day);
        } else {
            int y = nerve__resolve_month_year(*c->dct, month, tense);
            int dist = (y - c->dct->year) * 12 + month - c->dct->month;
            int fy = nerve__resolve_month_year(*c->dct, month, NERVE__TENSE_FUTURE);
            int fdist = (fy - c->dct->year) * 12 + month - c->dct->month;
            if (dir == 99 && tense == NERVE__TENSE_PAST)
                y = fdist <= PAST_REACH_MONTHS ? fy : y;
            else if (dir == 99 && (dist > 6 || dist < -6))
                y = nerve__resolve_month_year(*c->dct, month, NERVE__TENSE_NONE);
            put_ymd(m, y, month, 0);
        }
    }
    if (day)
        finish_day(c, m, i);
}

/* Days in a range: "between 1 and 3 October", "Sept. 1-3". */
static void p_dayrange(const ctx *c, size_t i, mset *ms)
{
    int d1, d2;
    tmatch *m;
    const nerve__lx_entry *mon;
    const atom *a = &c->a[i];
    /* Month 1-3 */
    if ((mon = name_at(c, i, NERVE__LX_MONTH)) && in_range(c, i + 1, i) &&
        c->a[i + 1].nk == NK_DASH2 && c->a[i + 1].nd[0] <= 2 && c->a[i + 1].nd[1] <= 2) {
        d1 = c->a[i + 1].n[0], d2 = c->a[i + 1].n[1];
        if (d1 < 1 || d2 > 31 || d2 <= d1)
            return;
        int year = 0;
        size_t e = i + 2;
        if ((c->a[e < c->na ? e : 0].flags & AF_COMMA) && in_range(c, e + 1, i) &&
            year_atom(c, e + 1))
            year = c->a[e + 1].n[0], e += 2;
        else if (in_range(c, e, i) && year_atom(c, e))
            year = c->a[e].n[0], e++;
        int tense = clause_tense(c, i, e);
        int y = year ? year : c->dct ? nerve__resolve_day_year(*c->dct, mon->ival, d1, tense) : -1;
        const atom *r = &c->a[i + 1];
        size_t dash = r->start + r->nd[0];
        if ((m = new_match(ms, i, i + 2, NERVE_TYPE_DATE, "day-range", 0.85f))) {
            m->rel = !year && c->dct;
            m->sub = 1, m->sb = a->start, m->se = dash;
            put_ymd(m, y, mon->ival, d1);
        }
        if ((m = new_match(ms, i + 1, e, NERVE_TYPE_DATE, "day-range", 0.85f))) {
            m->rel = !year && c->dct;
            m->sub = e == i + 2;
            m->sb = dash + 1, m->se = r->end;
            put_ymd(m, y, mon->ival, d2);
        }
        return;
    }
    /* 1 and/to/- 3 October */
    if (!day_atom(c, i, &d1) || a->nk == NK_NONE || (i > 0 && name_at(c, i - 1, NERVE__LX_MONTH)))
        return;
    size_t k = i + 1;
    if (!in_range(c, k + 1, i) || !(lxc(c, k, NERVE__LX_CONJ) ||
                                    (c->a[k].flags & AF_PUNCT && c->a[k].end - c->a[k].start == 1 &&
                                     c->text[c->a[k].start] == '-')))
        return;
    if (!day_atom(c, k + 1, &d2) || c->a[k + 1].nk == NK_NONE || d2 <= d1)
        return;
    if (!in_range(c, k + 2, i) || !(mon = name_at(c, k + 2, NERVE__LX_MONTH)))
        return;
    int year = 0;
    size_t e = k + 3;
    if (in_range(c, e, i) && year_atom(c, e))
        year = c->a[e].n[0], e++;
    int tense = clause_tense(c, i, e);
    int y = year ? year : c->dct ? nerve__resolve_day_year(*c->dct, mon->ival, d1, tense) : -1;
    if ((m = new_match(ms, i, i + 1, NERVE_TYPE_DATE, "day-range", 0.85f))) {
        m->rel = !year && c->dct;
        put_ymd(m, y, mon->ival, d1);
    }
    if ((m = new_match(ms, k + 1, e, NERVE_TYPE_DATE, "day-range", 0.85f))) {
        m->rel = !year && c->dct;
        put_ymd(m, y, mon->ival, d2);
    }
}

/* The 30th (of the current month). */
static void p_the_nth(const ctx *c, size_t i, mset *ms)
{
    if (!lxc(c, i, NERVE__LX_DET) || !in_range(c, i + 1, i) || c->a[i + 1].nk != NK_ORD)
        return;
    int d = c->a[i + 1].n[0];
    if (d < 1 || d > 31 || (c->a[i + 1].flags & AF_HYNEXT))
        return;
    /* only when nothing noun-like follows ("the 30th anniversary") */
    if (in_range(c, i + 2, i) && !(c->a[i + 2].flags & AF_PUNCT) &&
        !lxc(c, i + 2, NERVE__LX_PREP) && !lxc(c, i + 2, NERVE__LX_TENSE))
        return;
    tmatch *m = new_match(ms, i, i + 2, NERVE_TYPE_DATE, "day-of-month", 0.6f);
    if (!m)
        return;
    if (c->dct) {
        m->rel = 1;
        put_ymd(m, c->dct->year, c->dct->month, d);
    } else
        put_ymd(m, -1, -1, d);
}

/* Bare years: in 1987, since 2001, 1987's, mid-2020, fiscal 2021, the year 2000. */
static void p_year(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = skip_prefix(c, i, &the);
    int fiscal = 0, yearword = 0;
    if (in_range(c, j, i) && lxc(c, j, NERVE__LX_FISCAL)) {
        fiscal = 1;
        j++;
        if (key_is(c, j, "year") && in_range(c, j + 1, i))
            j++;
    } else if (the && key_is(c, j, "year") && in_range(c, j + 1, i)) {
        yearword = 1;
        j++;
    }
    int sy;
    size_t sk = in_range(c, j, i) ? spoken_year(c, j, &sy) : 0;
    if (sk && (yearword || sy != 2000) && (c->a[j].flags & AF_LOWER) &&
        !(j > 0 && c->a[j - 1].sent == c->a[j].sent &&
          c->a[j - 1].mask & (1u << NERVE__LX_NUMBER)) &&
        !(in_range(c, j + sk, i) &&
          (unit_at(c, j + sk) || lxc(c, j + sk, NERVE__LX_NUMBER) ||
           lxc(c, j + sk, NERVE__LX_QUANTITY) ||
           ((c->a[j + sk].flags & AF_LOWER) && (c->a[j + sk].flags & AF_WORD) &&
            !(j > 0 && (key_is(c, j - 1, "a") || lxc(c, j - 1, NERVE__LX_DET))) &&
            !lxc(c, j + sk, NERVE__LX_PREP) && !lxc(c, j + sk, NERVE__LX_TENSE) &&
            !lxc(c, j + sk, NERVE__LX_BE) && !key_is(c, j + sk, "and"))))) {
        tmatch *m = new_match(ms, i, j + sk, NERVE_TYPE_DATE, "spoken-year", 0.8f);
        if (m)
            put(m, "%04d", sy);
        return;
    }
    if (!in_range(c, j, i) || !year_atom(c, j) || (c->a[j].flags & AF_HYNEXT))
        return;
    if (!fiscal && !yearword && !abs_prefix_ok(c, i, j) &&
        !(in_range(c, j + 1, i) && lxc(c, j + 1, NERVE__LX_PERIOD)))
        return;
    const atom *a = &c->a[j];
    int y = a->n[0];
    if (j > 0 && (c->a[j - 1].flags & AF_HYNEXT) && !lxc(c, j - 1, NERVE__LX_MODIFIER))
        return; /* "F-1987" */
    int strong = fiscal || yearword || j > i;
    size_t p = j - 1; /* previous atom */
    int has_prev = j > 0 && c->a[p].sent == a->sent;
    if (has_prev && (lxc(c, p, NERVE__LX_QUANTITY) || c->a[p].nk != NK_NONE || key_is(c, p, "$")))
        return;
    if (!strong && has_prev &&
        (lxc(c, p, NERVE__LX_PREP) || lxc(c, p, NERVE__LX_MODIFIER) || lxc(c, p, NERVE__LX_SEASON)))
        strong = 1;
    size_t nx = j + 1;
    int has_next = in_range(c, nx, j);
    if (has_next && lxc(c, nx, NERVE__LX_QUANTITY))
        return;
    if (has_next && (unit_at(c, nx) && !(c->a[nx].flags & AF_POSS)))
        return; /* "1987 years" */
    int weak_ok = !has_next || (c->a[nx].flags & (AF_PUNCT | AF_POSS)) ||
                  lxc(c, nx, NERVE__LX_PREP) || lxc(c, nx, NERVE__LX_TENSE) ||
                  lxc(c, nx, NERVE__LX_BE);
    if (y < 1900 && !strong)
        return;
    if (!strong && !weak_ok) {
        /* a word after: "its 1990 invasion", "the 1988 period", "1990 earnings" are
         * years; "1987 tonnes" is not (quantity words), nor a plural noun after a
         * bare number ("2000 members") */
        const atom *n = &c->a[nx];
        int plural_noun = (n->flags & AF_LOWER) && n->klen > 3 && n->key[n->klen - 1] == 's' &&
                          n->key[n->klen - 2] != 's';
        int det_before =
            has_prev && (lxc(c, p, NERVE__LX_DET) || key_is(c, p, "a") || key_is(c, p, "its") ||
                         key_is(c, p, "his") || key_is(c, p, "her") || key_is(c, p, "their") ||
                         key_is(c, p, "our") || key_is(c, p, "this") || (c->a[p].flags & AF_POSS));
        if (!det_before && (plural_noun || y < 1950 || y > 2030))
            return;
    }
    size_t e = j + 1;
    if (the && in_range(c, e, i) && lxc(c, e, NERVE__LX_PERIOD))
        e++;
    tmatch *m =
        new_match(ms, i, e, NERVE_TYPE_DATE, fiscal ? "fiscal-year" : "year", strong ? 0.9f : 0.7f);
    if (m)
        put(m, "%04d", y);
}

/* today, yesterday, tomorrow, tonight, now, recently, the future ... */
static void p_deictic(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = skip_prefix(c, i, &the);
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *e = lxc(c, j, NERVE__LX_DEICTIC);
    if (!e)
        return;
    if (j > i && (key_is(c, j - 1, "earlier") || key_is(c, j - 1, "later")))
        return; /* "later today": today */
    const char *v = e->sval;
    tmatch *m;
    if (v[0] == 'D' && (v[1] == '+' || v[1] == '-')) {
        int n = v[2] - '0';
        if (v[1] == '-')
            n = -n;
        if (!(m = new_match(ms, i, j + 1, NERVE_TYPE_DATE, "deictic", 0.95f)))
            return;
        put_shift(c, m, 'D', 0, n);
        finish_day(c, m, i);
        return;
    }
    if (!strcmp(v, "TNI")) {
        if (!(m = new_match(ms, i, j + 1, NERVE_TYPE_TIME, "deictic", 0.95f)))
            return;
        put_shift(c, m, 'D', 0, 0);
        append(m, "TNI");
        return;
    }
    /* references: restrict the ambiguous words */
    int has_prev = j > 0 && in_range(c, j - 1, j);
    if (key_is(c, j, "past") || key_is(c, j, "present")) {
        if (!the || (in_range(c, j + 1, j) &&
                     (unit_at(c, j + 1) || lxc(c, j + 1, NERVE__LX_NUMBER) ||
                      c->a[j + 1].nk != NK_NONE || lxc(c, j + 1, NERVE__LX_SEASON) ||
                      (key_is(c, j, "present") && (c->a[j + 1].flags & AF_WORD) &&
                       !lxc(c, j + 1, NERVE__LX_PREP)))))
            return; /* "the past year" is a relative date, "the present case" nothing */
    }
    if (key_is(c, j, "future")) {
        if (!the && !(has_prev && (key_is(c, j - 1, "near") || key_is(c, j - 1, "foreseeable"))))
            if (in_range(c, j + 1, j) && (c->a[j + 1].flags & AF_WORD) &&
                !lxc(c, j + 1, NERVE__LX_PREP))
                return; /* "future plans" */
    }
    if (key_is(c, j, "current") || key_is(c, j, "recent")) {
        /* adjectives: only before a plain noun phrase, and not "current account" */
        if (in_range(c, j + 1, j) && (unit_at(c, j + 1) || lxc(c, j + 1, NERVE__LX_SEASON)))
            return; /* "current quarter", "recent years" are handled elsewhere */
    }
    if (key_is(c, j, "now") && has_prev && key_is(c, j - 1, "from"))
        return;
    if (key_is(c, j, "now") && j == i && (c->a[j].flags & AF_SENT) && in_range(c, j + 1, j) &&
        (c->a[j + 1].flags & AF_COMMA))
        return; /* "Now, he says ...": a discourse marker */
    if (!(c->a[j].flags & (AF_LOWER | AF_SENT)) && !(c->a[j].flags & AF_ALLCAP))
        return; /* "Future Shock", "Now magazine" */
    size_t b = i;
    if (key_is(c, j, "current") || key_is(c, j, "recent"))
        b = j; /* "the current slump": only the adjective */
    if (!(m = new_match(ms, b, j + 1, NERVE_TYPE_DATE, "reference", 0.7f)))
        return;
    put(m, "%s", v);
}

/* Weekdays: Friday, on Friday, last/next/this Friday, Friday morning, Fridays. */
static void p_weekday(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = skip_prefix(c, i, &the);
    int dir = 99;
    if (!in_range(c, j, i) || !abs_prefix_ok(c, i, j))
        return;
    const nerve__lx_entry *de = lxc(c, j, NERVE__LX_DIRECTION);
    if (de && !key_is(c, j, "that") && !key_is(c, j, "latest")) {
        dir = de->ival;
        j++;
        if (key_is(c, j, "coming") && in_range(c, j + 1, i)) /* this coming Sunday */
            dir = 1, j++;
    }
    const nerve__lx_entry *w = in_range(c, j, i) ? name_at(c, j, NERVE__LX_WEEKDAY) : NULL;
    if (!w)
        return;
    size_t e = j + 1;
    if (inside_name(c, j, e))
        return;
    tmatch *m;
    if (w->flags & NERVE__LXF_PLURAL) {
        if ((m = new_match(ms, i, e, NERVE_TYPE_SET, "weekday-set", 0.8f)))
            put(m, "XXXX-WXX-%d", w->ival);
        return;
    }
    /* Friday, Sept. 30 (2020): the explicit date wins */
    size_t mj = in_range(c, e, i) && (c->a[e].flags & AF_COMMA) ? e + 1 : e;
    if (in_range(c, mj, i) && name_at(c, mj, NERVE__LX_MONTH)) {
        mset sub = {0};
        p_month(c, mj, &sub);
        if (sub.n == 1 && sub.m[0].rule[5] == '-' && strchr(sub.m[0].value, 'X') == NULL &&
            strlen(sub.m[0].value) == 10) {
            if ((m = new_match(ms, i, sub.m[0].e, NERVE_TYPE_DATE, "weekday-date", 0.95f))) {
                put(m, "%s", sub.m[0].value);
                m->rel = sub.m[0].rel;
            }
            return;
        }
    }
    if (!(m = new_match(ms, i, e, NERVE_TYPE_DATE, "weekday", 0.85f)))
        return;
    int tense = dir != 99 ? direction_tense(dir) : clause_tense(c, i, e);
    /* "Friday's ruling", "Thursday's closing price" name a day already past */
    if (dir == 99 && in_range(c, e, i) && (c->a[e].flags & AF_POSS))
        tense = NERVE__TENSE_PAST;
    put_weekday(c, m, w->ival, tense);
    if (dir != 99 && dir != 0 && c->anchor_gran == 3 && c->dct &&
        (key_is(c, j - 1, "previous") || key_is(c, j - 1, "following") ||
         key_is(c, j - 1, "prior")))
        put_date(m, nerve__resolve_weekday(c->anchor, w->ival, tense)); /* narrative anchor */
    /* the end of a range ("from Wednesday to Friday") comes after its start */
    if (dir == 99 && c->dct && i >= 2 && in_range(c, i - 2, i) &&
        ((lxc(c, i - 1, NERVE__LX_CONJ) && !key_is(c, i - 1, "and")) ||
         (c->a[i - 1].end - c->a[i - 1].start == 1 && c->text[c->a[i - 1].start] == '-')) &&
        name_at(c, i - 2, NERVE__LX_WEEKDAY)) {
        mset prev = {0};
        p_weekday(c, i - 2, &prev);
        nerve__date pd;
        if (prev.n == 1 && nerve__date_parse(prev.m[0].value, &pd) == NERVE_OK) {
            nerve__date r = nerve__date_add_days(pd, (w->ival - nerve__weekday(pd) + 7) % 7);
            put_date(m, r);
        }
    }
    finish_day(c, m, i);
}

/* Holidays, possibly several words: Christmas, Good Friday, New Year's Day. */
static void p_holiday(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = skip_prefix(c, i, &the);
    int dir = 99;
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *de = lxc(c, j, NERVE__LX_DIRECTION);
    if (de && !key_is(c, j, "that") && !key_is(c, j, "latest")) {
        dir = de->ival;
        j++;
    }
    if (!in_range(c, j, i) ||
        !(c->a[j].mask & ((1u << NERVE__LX_HOLIDAY) | (1u << NERVE__LX_MWSTART))))
        return;
    /* longest multi-word key first */
    char key[128];
    const nerve__lx_entry *best = NULL;
    size_t best_e = 0, kl = 0;
    for (size_t k = j; k < c->na && k < j + (size_t)c->lx->max_words + 2 && in_range(c, k, i);
         k++) {
        const atom *a = &c->a[k];
        if (a->flags & AF_PUNCT && !(a->flags & AF_APOS))
            break;
        int glue = kl && !(a->flags & AF_APOS) && !(a->flags & AF_HYPREV);
        if (kl + glue + a->klen + 1 >= sizeof key || !a->klen)
            break;
        if (a->flags & AF_HYPREV)
            key[kl++] = '-';
        else if (glue)
            key[kl++] = ' ';
        memcpy(key + kl, a->key, a->klen);
        kl += a->klen;
        uint32_t h = nerve__lx_lookup(c->lx, key, kl);
        const nerve__lx_entry *e =
            h == NERVE__LX_NONE ? NULL : nerve__lx_get(c->lx, h, NERVE__LX_HOLIDAY);
        if (e && (!(e->flags & NERVE__LXF_CAP) || (c->a[j].flags & (AF_CAP | AF_ALLCAP)))) {
            best = e;
            best_e = k + 1;
        }
    }
    if (!best || inside_name(c, j, best_e))
        return;
    int year = 0;
    size_t e = best_e;
    if (in_range(c, e, i) && year_atom(c, e))
        year = c->a[e].n[0], e++;
    tmatch *m = new_match(ms, i, e, NERVE_TYPE_DATE, "holiday", 0.9f);
    if (!m)
        return;
    const char *v = best->sval;
    int dct_y = c->dct ? c->dct->year : 0;
    int tense = dir != 99 ? direction_tense(dir) : c->dct ? clause_tense(c, i, e) : 0;
    /* compute for candidate years and choose like a month-day */
    nerve__date cand[3];
    int ny = 0;
    for (int y = year ? year : dct_y - 1; y <= (year ? year : dct_y + 1) && ny < 3; y++) {
        nerve__date d = {y, 0, 0};
        if (v[0] == 'E') {
            int off = 0;
            sscanf(v + 1, "%d", &off);
            d = nerve__date_add_days(nerve__easter(y), off);
        } else if (v[2] == '-') {
            d.month = (v[0] - '0') * 10 + (v[1] - '0');
            d.day = (v[3] - '0') * 10 + (v[4] - '0');
        } else if (v[2] == '/') {
            int mo = (v[0] - '0') * 10 + (v[1] - '0');
            int n = v[3] == 'L' ? 0 : v[3] - '0';
            int wd = v[5] - '0';
            d = nerve__nth_weekday(y, mo, n, wd);
            if (v[6] == '+')
                d = nerve__date_add_days(d, v[7] - '0');
        }
        cand[ny++] = d;
    }
    if (year || !c->dct) {
        if (year)
            put_date(m, cand[0]);
        else if (v[2] == '-')
            put_ymd(m, -1, cand[0].month, cand[0].day);
        else
            put(m, "XXXX-XX-XX");
        return;
    }
    m->rel = 1;
    long t = nerve__date_to_days(*c->dct);
    int pick = 1;
    long bestd = 0;
    for (int k = 0; k < ny; k++) {
        long d = nerve__date_to_days(cand[k]) - t;
        int ok = tense == NERVE__TENSE_PAST     ? d <= 0
                 : tense == NERVE__TENSE_FUTURE ? d >= 0
                 : tense == NERVE__TENSE_LAST   ? d < 0
                 : tense == NERVE__TENSE_NEXT   ? d > 0
                 : tense == NERVE__TENSE_THIS   ? cand[k].year == dct_y
                                                : 1;
        if (!ok)
            continue;
        long ad = d < 0 ? -d : d;
        long bd = bestd < 0 ? -bestd : bestd;
        int better = pick < 0 || k == 0 ? 1 : 0;
        if (k && pick >= 0) {
            if (tense == NERVE__TENSE_PAST || tense == NERVE__TENSE_LAST)
                better = d > bestd;
            else if (tense == NERVE__TENSE_FUTURE || tense == NERVE__TENSE_NEXT)
                better = d < bestd;
            else
                better = ad < bd;
        }
        if (better || pick == 1) {
            if (pick == 1 && k > 0 && !better)
                continue;
            pick = k;
            bestd = d;
        }
    }
    put_date(m, cand[pick < 0 || pick >= ny ? 1 : pick]);
}

/* Seasons: last summer, this winter, summer 2020, the spring, in the fall. */
static void p_season(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = skip_prefix(c, i, &the);
    int dir = 99;
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *de = lxc(c, j, NERVE__LX_DIRECTION);
    if (de && !key_is(c, j, "latest")) {
        dir = de->ival;
        j++;
    }
    const nerve__lx_entry *s = in_range(c, j, i) ? lxc(c, j, NERVE__LX_SEASON) : NULL;
    if (!s)
        return;
    static const char *sn[4] = {"SP", "SU", "FA", "WI"};
    int si = 0;
    while (si < 4 && strcmp(sn[si], s->sval) != 0)
        si++;
    size_t e = j + 1;
    int year = 0;
    size_t y = e;
    int sy;
    size_t sk;
    if (key_is(c, y, "of") && in_range(c, y + 1, i) &&
        (year_atom(c, y + 1) || spoken_year(c, y + 1, &sy)))
        y++;
    if (in_range(c, y, i) && year_atom(c, y))
        year = c->a[y].n[0], e = y + 1;
    else if (in_range(c, y, i) && (sk = spoken_year(c, y, &sy)) && sy != 2000)
        year = sy, e = y + sk; /* the winter of nineteen ninety-four */
    tmatch *m;
    if (s->flags & NERVE__LXF_PLURAL)
        return;
    if (dir == 99 && !year && !the &&
        !(j > 0 && in_range(c, j - 1, j) && lxc(c, j - 1, NERVE__LX_PREP) &&
          !key_is(c, j - 1, "of") && !key_is(c, j - 1, "and")))
        return; /* "summer camp", "fall" the verb */
    if (key_is(c, j, "fall") && dir == 99 && !year && !the)
        return;
    if (!(m = new_match(ms, i, e, NERVE_TYPE_DATE, "season", 0.8f)))
        return;
    if (year) {
        put(m, "%04d-%s", year, sn[si]);
        return;
    }
    if (!c->dct) {
        put(m, "XXXX-%s", sn[si]);
        return;
    }
    m->rel = 1;
    int cy, cs = nerve__season_of(*c->dct, &cy);
    int cur = cy * 4 + cs;
    int tense = dir != 99 ? direction_tense(dir) : clause_tense(c, i, e);
    /* candidates: the same season in years around */
    int best = cy * 4 + si;
    if (tense == NERVE__TENSE_LAST || tense == NERVE__TENSE_PAST || tense == NERVE__TENSE_NONE ||
        tense == NERVE__TENSE_PRESENT) {
        while (best > cur)
            best -= 4;
        if (tense == NERVE__TENSE_LAST && best == cur)
            best -= 4;
    } else if (tense == NERVE__TENSE_NEXT || tense == NERVE__TENSE_FUTURE) {
        while (best < cur)
            best += 4;
        if (tense == NERVE__TENSE_NEXT && best == cur)
            best += 4;
    }
    put(m, "%04d-%s", best / 4, sn[si]);
}

/* Ordinal quarters and halves: the third quarter, third-quarter, Q3 2020, the first half of 1989.
 */
static void p_quarter(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = skip_prefix(c, i, &the);
    int fiscal = 0, n = 0, half = 0, latest = 0, dir = 99;
    if (in_range(c, j, i) && key_is(c, j, "this") && in_range(c, j + 1, i) &&
        key_is(c, j + 1, "year") && (c->a[j + 2 < c->na ? j + 2 : j].flags & AF_POSS))
        j += 3; /* this year's third quarter */
    if (in_range(c, j, i) && lxc(c, j, NERVE__LX_FISCAL))
        fiscal = 1, j++;
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *q;
    size_t e;
    if ((q = lxc(c, j, NERVE__LX_QUARTER)) || (q = lxc(c, j, NERVE__LX_HALF))) {
        if (q->ival == 0)
            return; /* "half" alone */
        n = q->ival;
        half = q->cls == NERVE__LX_HALF;
        e = j + 1;
    } else {
        const nerve__lx_entry *o = lxc(c, j, NERVE__LX_ORDINAL);
        const nerve__lx_entry *d = lxc(c, j, NERVE__LX_DIRECTION);
        if (o)
            n = o->ival;
        else if (c->a[j].nk == NK_ORD)
            n = c->a[j].n[0];
        else if (key_is(c, j, "last") && in_range(c, j + 1, i) && lxc(c, j + 1, NERVE__LX_HALF))
            n = 2; /* the last half */
        else if (d && the &&
                 (key_is(c, j, "latest") || key_is(c, j, "same") || key_is(c, j, "current") ||
                  key_is(c, j, "last") || key_is(c, j, "past") || key_is(c, j, "previous") ||
                  key_is(c, j, "this") || key_is(c, j, "next") || key_is(c, j, "coming")))
            latest = 1, dir = d->ival;
        else if (the)
            latest = 2; /* "the quarter" */
        else if (d && (key_is(c, j, "this") || key_is(c, j, "last") || key_is(c, j, "next")))
            latest = 1, dir = d->ival;
        else
            return;
        if (latest != 2)
            j++;
        if (in_range(c, j, i) && lxc(c, j, NERVE__LX_FISCAL))
            fiscal = 1, j++;
        if (!in_range(c, j, i))
            return;
        if (key_is(c, j, "quarter"))
            half = 0;
        else if (key_is(c, j, "half"))
            half = 1;
        else if (latest && key_is(c, j, "period") && the && key_is(c, j - 1, "latest"))
            half = 0;
        else
            return;
        if (latest && half)
            return;
        if ((!latest && (n < 1 || n > (half ? 2 : 4))))
            return;
        e = j + 1;
    }
    int year = 0;
    size_t y = e;
    if (key_is(c, y, "of") && in_range(c, y + 1, i) &&
        (year_atom(c, y + 1) || lxc(c, y + 1, NERVE__LX_FISCAL)))
        y++;
    if (in_range(c, y, i) && lxc(c, y, NERVE__LX_FISCAL) && in_range(c, y + 1, i) &&
        year_atom(c, y + 1))
        y++;
    if (in_range(c, y, i) && year_atom(c, y) && !(c->a[y].flags & AF_HYNEXT))
        year = c->a[y].n[0], e = y + 1;
    (void)fiscal;
    tmatch *m = new_match(ms, i, e, NERVE_TYPE_DATE, half ? "half" : "quarter", 0.9f);
    if (!m)
        return;
    char u = half ? 'H' : 'Q';
    if (latest) {
        if (!c->dct) {
            put(m, "XXXX-QX");
            return;
        }
        m->rel = 1;
        int ry, rq;
        if (latest == 2 || key_is(c, e - 2, "latest") ||
            (latest && dir == 0 && key_is(c, e - 2, "same")))
            reported_quarter(c->dct, &ry, &rq);
        else {
            ry = c->dct->year;
            rq = quarter_of(c->dct->month);
            if (dir)
                put_shift(c, m, 'Q', 0, dir);
            if (dir)
                return;
        }
        put(m, "%04d-Q%d", ry, rq);
        return;
    }
    if (year) {
        put(m, "%04d-%c%d", year, u, n);
        return;
    }
    if (!c->dct) {
        put(m, "XXXX-%c%d", u, n);
        return;
    }
    m->rel = 1;
    int cur = half ? (c->dct->month <= 6 ? 1 : 2) : quarter_of(c->dct->month);
    int yy = c->dct->year;
    if (n > cur && clause_tense(c, i, e) != NERVE__TENSE_FUTURE)
        yy--;
    put(m, "%04d-%c%d", yy, u, n);
}

/* Relative: this/last/next/coming/past + week, month, year, weekend, quarter,
 * decade, century, month name handled by p_month; early next year; earlier
 * this month; the year; this morning, last night. */
static void p_relative(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = skip_prefix(c, i, &the);
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *d = lxc(c, j, NERVE__LX_DIRECTION);
    int dir;
    tmatch *m;
    if (d) {
        if (key_is(c, j, "latest") || key_is(c, j, "recent"))
            return;
        dir = d->ival;
        if (key_is(c, j, "that") || key_is(c, j, "same")) {
            /* that same day, that year: anaphoric, underspecified */
            dir = 50;
        }
        j++;
    } else if (the) {
        dir = 0; /* the year, the week */
    } else
        return;
    if (!in_range(c, j, i))
        return;
    if (dir == 50 && key_is(c, j, "same") && in_range(c, j + 1, i))
        j++;
    const nerve__lx_entry *u = unit_at(c, j);
    const nerve__lx_entry *pod = lxc(c, j, NERVE__LX_PARTOFDAY);
    if (pod && !(pod->flags & NERVE__LXF_PLURAL) && d && dir != 50 && pod->sval[0] != 'T') {
        /* this morning, last night, this evening */
        if (!(m = new_match(ms, i, j + 1, NERVE_TYPE_TIME, "part-of-day", 0.85f)))
            return;
        int shift = 0;
        if (key_is(c, j - 1, "last"))
            shift = -1; /* last night, last evening, last morning: the day before */
        else if (key_is(c, j - 1, "next") || key_is(c, j - 1, "following"))
            shift = 1;
        put_shift(c, m, 'D', 0, shift);
        append(m, "T");
        append(m, pod->sval);
        return;
    }
    if (!u || (u->flags & NERVE__LXF_PLURAL))
        return;
    if ((c->a[j].flags & AF_CAP) && !(c->a[j].flags & (AF_SENT | AF_ALLCAP)) && j > i &&
        (c->a[j - 1].flags & AF_CAP) && !(c->a[j - 1].flags & AF_SENT))
        return; /* "This Week", "Next Year": a title */
    if ((c->a[j].flags & AF_HYNEXT) && !key_is(c, j + 1, "end"))
        return; /* "the year-ago quarter" is p_yearago, "this two-year" nothing */
    const char *uv = u->sval;
    if (!strcmp(uv, "TS") || !strcmp(uv, "TM") || !strcmp(uv, "TH") || !strcmp(uv, "SE") ||
        !strcmp(uv, "F") || !strcmp(uv, "ML"))
        return;
    if (!strcmp(uv, "Q"))
        return; /* p_quarter */
    if (!strcmp(uv, "D") && dir != 50)
        return; /* "the day" is too vague; "next day" is relative to an event */
    size_t e = j + 1;
    int year_end = 0;
    if ((c->a[j].flags & AF_HYNEXT) && key_is(c, j + 1, "end")) {
        year_end = 1;
        e = j + 2;
    }
    if (the && !d && !year_end) {
        /* "the year", "the week": only with a following of/period or alone */
        if (in_range(c, e, i) && (c->a[e].flags & AF_WORD) && !lxc(c, e, NERVE__LX_PREP) &&
            !lxc(c, e, NERVE__LX_TENSE) && !lxc(c, e, NERVE__LX_BE))
            return;
        if (in_range(c, e, i) && key_is(c, e, "of"))
            return;
        if ((i > 0 && in_range(c, i - 1, i) &&
             (key_is(c, i - 1, "for") || key_is(c, i - 1, "during") ||
              key_is(c, i - 1, "throughout"))) ||
            key_is(c, e, "ended") || key_is(c, e, "ending")) {
            /* "for the year", "the year ended Sept. 30": a duration */
            if (strcmp(uv, "WE") != 0) {
                if ((m = new_match(ms, i, e, NERVE_TYPE_DURATION, "duration", 0.7f)))
                    put_duration(m, uv, 1);
                return;
            }
        }
    }
    if (the && !d && !strcmp(uv, "WE")) {
        /* "over the weekend": the nearest weekend, by the clause's tense */
        if (!(m = new_match(ms, i, e, NERVE_TYPE_DATE, "relative", 0.8f)))
            return;
        if (!c->dct) {
            put(m, "XXXX-WXX-WE");
            return;
        }
        m->rel = 1;
        int wd = nerve__weekday(*c->dct);
        nerve__date sat;
        if (wd >= 6)
            sat = nerve__date_add_days(*c->dct, 6 - wd);
        else if (clause_tense(c, i, e) == NERVE__TENSE_FUTURE)
            sat = nerve__date_add_days(*c->dct, 6 - wd);
        else
            sat = nerve__date_add_days(*c->dct, -1 - wd);
        int iy, w;
        nerve__iso_week(sat, &iy, &w);
        put(m, "%04d-W%02d-WE", iy, w);
        return;
    }
    if (!(m = new_match(ms, i, e, NERVE_TYPE_DATE, "relative", 0.9f)))
        return;
    int anaphoric =
        key_is(c, j - 1, "following") || key_is(c, j - 1, "previous") || key_is(c, j - 1, "prior");
    if ((dir == 50 || anaphoric) && c->anchor_gran) {
        /* narrative: that day / that year / the following month resolve
         * against the last date the text mentioned */
        nerve__date a = c->anchor;
        int g = c->anchor_gran, n = dir == 50 ? 0 : dir;
        m->conf = 0.6f;
        if (!strcmp(uv, "Y")) {
            put_ymd(m, a.year + n, 0, 0);
            return;
        }
        if (!strcmp(uv, "M") && g >= 2) {
            nerve__date r = nerve__date_add_months((nerve__date){a.year, a.month, 1}, n);
            put_ymd(m, r.year, r.month, 0);
            return;
        }
        if (!strcmp(uv, "D")) {
            if (g >= 3)
                put_date(m, nerve__date_add_days(a, n));
            else if (g == 2 && n == 0)
                put_ymd(m, a.year, a.month, -1);
            else
                put_ymd(m, a.year, -1, -1);
            return;
        }
    }
    if (dir == 50) {
        m->conf = 0.5f;
        if (!strcmp(uv, "D"))
            put(m, "XXXX-XX-XX");
        else if (!strcmp(uv, "W"))
            put(m, "XXXX-WXX");
        else if (!strcmp(uv, "M"))
            put(m, "XXXX-XX");
        else
            put(m, "XXXX");
        return;
    }
    if (key_is(c, j - 1, "past") && the && !strcmp(uv, "Y")) {
        /* "the past year" reads like last year */
    }
    char u0 = uv[0], u1 = uv[1];
    if (!strcmp(uv, "WE"))
        u0 = 'W', u1 = 'E';
    if (!strcmp(uv, "DE"))
        u0 = 'E', u1 = 0;
    put_shift(c, m, u0, u1, dir);
    if (year_end && c->dct) {
        put(m, "%04d-12-31", c->dct->year + dir);
    }
}

/* year-ago, year-earlier, the year-earlier quarter/period, year-end. */
static void p_yearago(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = skip_prefix(c, i, &the);
    if (!in_range(c, j + 1, i) || !key_is(c, j, "year") || !(c->a[j].flags & AF_HYNEXT))
        return;
    tmatch *m;
    if (key_is(c, j + 1, "end")) {
        if ((m = new_match(ms, i, j + 2, NERVE_TYPE_DATE, "year-end", 0.85f))) {
            if (c->dct) {
                m->rel = 1;
                put(m, "%04d-12-31", c->dct->year);
            } else
                put(m, "XXXX-12-31");
        }
        return;
    }
    if (!key_is(c, j + 1, "ago") && !key_is(c, j + 1, "earlier") && !key_is(c, j + 1, "before"))
        return;
    size_t e = j + 2;
    int q = c->quarter_doc;
    if (in_range(c, e, i) && (key_is(c, e, "quarter") || key_is(c, e, "period"))) {
        if (key_is(c, e, "quarter"))
            q = 1;
        e++;
    } else if (the)
        return;
    else if (in_range(c, e, i) && (c->a[e].flags & AF_WORD) && !lxc(c, e, NERVE__LX_PREP) && !q)
        return; /* "year-earlier levels" without a quarter context */
    if (!(m = new_match(ms, i, e, NERVE_TYPE_DATE, "year-ago", 0.8f)))
        return;
    if (!c->dct) {
        put(m, q ? "XXXX-QX" : "XXXX");
        return;
    }
    m->rel = 1;
    if (q) {
        int ry, rq;
        reported_quarter(c->dct, &ry, &rq);
        put(m, "%04d-Q%d", ry - 1, rq);
    } else
        put(m, "%04d", c->dct->year - 1);
}

/* Durations and offsets: three years, a decade, 10 days, two-year, the past five
 * years, the first nine months, two days ago, a year earlier, in three weeks. */
static void p_duration(const ctx *c, size_t i, mset *ms)
{
    size_t j = i;
    int in_prefix = 0, the = 0, span_dir = 0, first = 0;
    if (key_is(c, j, "in") && in_range(c, j + 1, i)) {
        in_prefix = 1;
        j++;
    }
    if (lxc(c, j, NERVE__LX_DET) && in_range(c, j + 1, i))
        the = 1, j++;
    const nerve__lx_entry *d = in_range(c, j, i) ? lxc(c, j, NERVE__LX_DIRECTION) : NULL;
    if (d && (key_is(c, j, "past") || key_is(c, j, "last") || key_is(c, j, "next") ||
              key_is(c, j, "coming") || key_is(c, j, "previous") || key_is(c, j, "following") ||
              key_is(c, j, "recent") || key_is(c, j, "prior"))) {
        span_dir = d->ival ? d->ival : -1;
        j++;
    } else if (in_range(c, j, i) &&
               (key_is(c, j, "first") || key_is(c, j, "final") || key_is(c, j, "initial"))) {
        first = 1;
        j++;
    }
    /* approximators: "about", "nearly" stay out of the span (TimeML), "more
     * than", "over", "up to" are part of it */
    if (in_range(c, j, i) && !span_dir && !first && !the &&
        (key_is(c, j, "about") || key_is(c, j, "almost") || key_is(c, j, "some") ||
         key_is(c, j, "roughly") || key_is(c, j, "approximately") || key_is(c, j, "around")) &&
        j == i)
        return; /* the match starts at the number */
    if (!span_dir && !first && in_range(c, j, i) &&
        (key_is(c, j, "over") || key_is(c, j, "under") || key_is(c, j, "nearly")))
        j++; /* TimeBank keeps "nearly" in the span (mod APPROX) */
    else if (!span_dir && !first &&
             (in_range(c, j + 1, i) &&
              (key_is(c, j, "more") || key_is(c, j, "less") || key_is(c, j, "fewer")) &&
              key_is(c, j + 1, "than")))
        j += 2;
    else if (in_range(c, j + 1, i) && key_is(c, j, "at") &&
             (key_is(c, j + 1, "least") || key_is(c, j + 1, "most")))
        j += 2;
    if (!in_range(c, j, i))
        return;
    double n = 1;
    int article = 0;
    size_t k = number_phrase(c, j, &n, &article);
    int bare = 0;
    if (!k) {
        /* "recent years", "the coming weeks", "the past year", "for years" */
        bare = 1;
        n = -1;
    }
    size_t ui = j + k;
    if (!in_range(c, ui, i))
        return;
    const nerve__lx_entry *u = unit_at(c, ui);
    if (!u)
        return;
    /* "half an hour" */
    int plural = (u->flags & NERVE__LXF_PLURAL) != 0;
    int hyph = k && (c->a[ui - 1].flags & AF_HYNEXT);
    if (hyph && plural)
        return;
    if (k && !hyph && n == 1 && plural && !article)
        return; /* "1 years" */
    if (k && !hyph && !plural &&
        (n >= 1000 || key_is(c, ui + 1, "quarter") || key_is(c, ui + 1, "half")))
        return; /* "1988 second quarter" */
    if ((c->a[ui].flags & AF_HYNEXT) && in_range(c, ui + 1, i) &&
        (key_is(c, ui + 1, "old") || key_is(c, ui + 1, "olds")))
        return; /* 52-year-old */
    if (in_range(c, ui + 1, i) && key_is(c, ui + 1, "old"))
        return; /* 20 years old */
    if (article && !plural && !strcmp(u->sval, "TS") && in_range(c, ui + 1, i) &&
        (c->a[ui + 1].flags & AF_WORD) && !c->a[ui + 1].mask)
        return; /* "a second group": the ordinal */
    if ((c->a[ui].flags & AF_CAP) && !(c->a[ui].flags & (AF_SENT | AF_ALLCAP)) &&
        !(c->a[j].flags & AF_SENT) && (c->a[j].flags & (AF_CAP | AF_DIGIT)))
        return; /* "60 Minutes", "Four Seasons": a title */
    size_t e = ui + 1;
    if (in_range(c, e, i) && key_is(c, e, "long") && (c->a[ui].flags & AF_HYNEXT))
        e++; /* decades-long */
    if (k && article && !plural && key_is(c, e, "and") && key_is(c, e + 1, "a") &&
        key_is(c, e + 2, "half") && in_range(c, e + 2, i))
        n += 0.5, e += 3;
    if (bare && plural && !span_dir && !the && !strcmp(u->sval, "WE")) {
        /* "on weekends": every weekend */
        tmatch *w = new_match(ms, i, e, NERVE_TYPE_SET, "set", 0.75f);
        if (w)
            put(w, "XXXX-WXX-WE");
        return;
    }
    if (bare) {
        if (!plural)
            return; /* singular without number: p_relative */
        if (span_dir == 0) {
            /* for years, in decades: only after a duration preposition */
            if (!(i > 0 && in_range(c, i - 1, i) &&
                  (key_is(c, i - 1, "for") || key_is(c, i - 1, "over") ||
                   key_is(c, i - 1, "within") || key_is(c, i - 1, "in"))) &&
                !in_prefix)
                return;
            if (in_prefix || the)
                return;
        }
    }
    if (article && !the && i > 0 && in_range(c, i - 1, i) &&
        (lxc(c, i - 1, NERVE__LX_MULT) || c->a[i - 1].nk != NK_NONE ||
         key_is(c, i - 1, "percent") || key_is(c, i - 1, "%")) &&
        !plural && !in_prefix) {
        /* "twice a week", "$5 a year": frequency, not duration */
        if (!lxc(c, e, NERVE__LX_RELATION)) {
            size_t b = i;
            if (lxc(c, i - 1, NERVE__LX_MULT)) {
                b = i - 1;
                if (key_is(c, i - 1, "times") && i > 1 && in_range(c, i - 2, i) &&
                    c->a[i - 2].nk == NK_INT)
                    b = i - 2;
                else if (key_is(c, i - 1, "times") && i > 1 && lxc(c, i - 2, NERVE__LX_NUMBER))
                    b = i - 2;
            }
            tmatch *m = new_match(ms, b, e, NERVE_TYPE_SET, "frequency", 0.7f);
            if (m)
                put_duration(m, u->sval, 1);
            return;
        }
    }
    tmatch *m;
    const nerve__lx_entry *rel = in_range(c, e, i) ? lxc(c, e, NERVE__LX_RELATION) : NULL;
    int from_now = key_is(c, e, "from") && key_is(c, e + 1, "now") && in_range(c, e + 1, i);
    if (rel && (key_is(c, e, "since") || key_is(c, e, "back") || key_is(c, e, "before") ||
                key_is(c, e, "after")))
        rel = NULL; /* "two years after the war": relative to an event */
    if (rel && !from_now &&
        (key_is(c, e, "later") || (key_is(c, e, "earlier") && strcmp(u->sval, "Y") != 0))) {
        /* "three days later", "a day earlier": TimeML marks the duration and
         * leaves the signal out; its date hangs on an event */
        if ((m = new_match(ms, in_prefix ? i + 1 : i, e, NERVE_TYPE_DURATION, "duration", 0.8f)))
            put_duration(m, u->sval, n);
        return;
    }
    if ((rel || from_now) && !span_dir && !first && !the) {
        int sign = from_now ? 1 : rel->ival;
        size_t end = from_now ? e + 2 : e + 1;
        if (!(m = new_match(ms, in_prefix ? i + 1 : i, end, NERVE_TYPE_DATE, "offset", 0.85f)))
            return;
        if (n < 0) {
            put(m, sign < 0 ? "PAST_REF" : "FUTURE_REF");
            return;
        }
        const char *uv = u->sval;
        if (!strcmp(uv, "Y") && c->quarter_doc && n == 1 && c->dct) {
            int ry, rq;
            reported_quarter(c->dct, &ry, &rq);
            m->rel = 1;
            put(m, "%04d-Q%d", ry - 1, rq);
            return;
        }
        long nn = (long)(n * sign);
        if (!strcmp(uv, "DE"))
            put_shift(c, m, 'Y', 0, nn * 10);
        else if (!strcmp(uv, "CE"))
            put_shift(c, m, 'Y', 0, nn * 100);
        else if (!strcmp(uv, "WE"))
            put_shift(c, m, 'W', 0, nn);
        else if (!strcmp(uv, "SE"))
            put_shift(c, m, 'M', 0, nn * 3);
        else
            put_shift(c, m, uv[0], uv[1], nn);
        return;
    }
    if (in_prefix) {
        /* "in three weeks": a date when the clause speaks of the future */
        if (bare || n < 0 || !c->dct || clause_tense(c, i + 1, e) != NERVE__TENSE_FUTURE || the ||
            span_dir || first) {
            /* a duration: "in" stays out of the span */
        } else {
            if (!(m = new_match(ms, i, e, NERVE_TYPE_DATE, "offset", 0.75f)))
                return;
            const char *uv = u->sval;
            long nn = (long)n;
            if (!strcmp(uv, "DE"))
                put_shift(c, m, 'Y', 0, nn * 10);
            else if (!strcmp(uv, "CE"))
                put_shift(c, m, 'Y', 0, nn * 100);
            else
                put_shift(c, m, uv[0], uv[1], nn);
            return;
        }
    }
    size_t b = in_prefix ? i + 1 : i;
    if (bare && span_dir) {
        /* recent years / the coming weeks / the past year */
        if (!plural)
            return;
        if (!(m = new_match(ms, b, e, NERVE_TYPE_DATE, "reference", 0.6f)))
            return;
        put(m, span_dir < 0 ? "PAST_REF" : "FUTURE_REF");
        return;
    }
    if (!(m = new_match(ms, b, e, NERVE_TYPE_DURATION, "duration", bare ? 0.6f : 0.85f)))
        return;
    put_duration(m, u->sval, n);
}

/* Sets: daily, weekly, every Friday, each year, every other week, each season. */
static void p_set(const ctx *c, size_t i, mset *ms)
{
    const nerve__lx_entry *s = lxc(c, i, NERVE__LX_SET);
    if (!s)
        return;
    tmatch *m;
    if (strcmp(s->sval, "Q") != 0) {
        if ((c->a[i].flags & AF_HYNEXT) || (i > 0 && (c->a[i - 1].flags & AF_HYNEXT)))
            return;
        if ((m = new_match(ms, i, i + 1, NERVE_TYPE_SET, "set", 0.8f)))
            put(m, "%s", s->sval);
        return;
    }
    size_t j = i + 1;
    int step = 1;
    if (key_is(c, j, "other"))
        step = 2, j++;
    double n = 1;
    int article = 0;
    size_t k = in_range(c, j, i) ? number_phrase(c, j, &n, &article) : 0;
    if (k && !article)
        j += k;
    else
        n = 1;
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *w = name_at(c, j, NERVE__LX_WEEKDAY);
    if (w && !(w->flags & NERVE__LXF_PLURAL)) {
        if ((m = new_match(ms, i, j + 1, NERVE_TYPE_SET, "set", 0.85f)))
            put(m, "XXXX-WXX-%d", w->ival);
        return;
    }
    const nerve__lx_entry *mo = name_at(c, j, NERVE__LX_MONTH);
    if (mo) {
        if ((m = new_match(ms, i, j + 1, NERVE_TYPE_SET, "set", 0.85f)))
            put(m, "XXXX-%02d", mo->ival);
        return;
    }
    const nerve__lx_entry *se = lxc(c, j, NERVE__LX_SEASON);
    if (se) {
        if ((m = new_match(ms, i, j + 1, NERVE_TYPE_SET, "set", 0.85f)))
            put(m, "XXXX-%s", se->sval);
        return;
    }
    const nerve__lx_entry *pod = lxc(c, j, NERVE__LX_PARTOFDAY);
    if (pod && pod->sval[0] != 'T') {
        if ((m = new_match(ms, i, j + 1, NERVE_TYPE_SET, "set", 0.8f)))
            put(m, "XXXX-XX-XXT%s", pod->sval);
        return;
    }
    const nerve__lx_entry *u = unit_at(c, j);
    if (!u)
        return;
    size_t b = i;
    if (key_is(c, i, "per") && i > 0 && lxc(c, i - 1, NERVE__LX_MULT))
        b = i - 1;
    if ((m = new_match(ms, b, j + 1, NERVE_TYPE_SET, "set", 0.85f)))
        put_duration(m, u->sval, n * step);
}

/* Clock times: 3 p.m., 15:30 GMT, noon, 9 a.m. Tuesday, 10:35 a.m. EDT. */
static void p_time(const ctx *c, size_t i, mset *ms)
{
    char clk[16];
    size_t k = clock_at(c, i, clk, sizeof clk);
    if (!k)
        return;
    const atom *a = &c->a[i];
    if (a->nk == NK_CLOCK && a->n[2] < 0 && k == 1) {
        /* bare 15:30: not after "won" / a score context; needs a time word or preposition */
        if (!(i > 0 && in_range(c, i - 1, i) &&
              (key_is(c, i - 1, "at") || key_is(c, i - 1, "by") || key_is(c, i - 1, "until") ||
               key_is(c, i - 1, "from") || key_is(c, i - 1, "after") ||
               key_is(c, i - 1, "before") || key_is(c, i - 1, "around"))))
            return;
    }
    size_t e = i + k;
    char day[24] = "";
    int rel = 0;
    /* a day after: 9 a.m. Tuesday, 3 p.m. today, noon on Friday */
    size_t dj = e;
    if (key_is(c, dj, "on") && in_range(c, dj + 1, i))
        dj++;
    if (in_range(c, dj, i)) {
        mset sub = {0};
        const nerve__lx_entry *w = name_at(c, dj, NERVE__LX_WEEKDAY);
        const nerve__lx_entry *dx = lxc(c, dj, NERVE__LX_DEICTIC);
        if (w && !(w->flags & NERVE__LXF_PLURAL))
            p_weekday(c, dj, &sub);
        else if (dx && dx->sval[0] == 'D')
            p_deictic(c, dj, &sub);
        else if (name_at(c, dj, NERVE__LX_MONTH))
            p_month(c, dj, &sub);
        if (sub.n == 1 && sub.m[0].type == NERVE_TYPE_DATE && strlen(sub.m[0].value) == 10) {
            snprintf(day, sizeof day, "%s", sub.m[0].value);
            rel = sub.m[0].rel;
            e = sub.m[0].e;
        }
    }
    tmatch *m = new_match(ms, i, e, NERVE_TYPE_TIME, "time", 0.9f);
    if (!m)
        return;
    if (day[0]) {
        put(m, "%s%s", day, clk);
        m->rel = rel;
    } else if (c->dct) {
        m->rel = 1;
        put(m, "%04d-%02d-%02d%s", c->dct->year, c->dct->month, c->dct->day, clk);
    } else
        put(m, "XXXX-XX-XX%s", clk);
}

typedef void (*parser_fn)(const ctx *, size_t, mset *);
static const parser_fn parsers[] = {
    p_numeric, p_month,    p_dayrange, p_weekday, p_time,     p_holiday, p_quarter, p_decade,
    p_yearago, p_relative, p_season,   p_deictic, p_duration, p_set,     p_the_nth, p_year};

/* Classes that can open an expression (the first-token filter). */
#define START_MASK                                                                                 \
    ((1u << NERVE__LX_MONTH) | (1u << NERVE__LX_WEEKDAY) | (1u << NERVE__LX_NUMBER) |              \
     (1u << NERVE__LX_ORDINAL) | (1u << NERVE__LX_UNIT) | (1u << NERVE__LX_SEASON) |               \
     (1u << NERVE__LX_PARTOFDAY) | (1u << NERVE__LX_HOLIDAY) | (1u << NERVE__LX_DEICTIC) |         \
     (1u << NERVE__LX_MODIFIER) | (1u << NERVE__LX_DIRECTION) | (1u << NERVE__LX_SET) |            \
     (1u << NERVE__LX_QUARTER) | (1u << NERVE__LX_HALF) | (1u << NERVE__LX_FISCAL) |               \
     (1u << NERVE__LX_DET) | (1u << NERVE__LX_MWSTART) | (1u << NERVE__LX_MULT))

static int can_start(const ctx *c, size_t i)
{
    const atom *a = &c->a[i];
    if (a->nk != NK_NONE)
        return 1;
    if (a->mask & START_MASK)
        return 1;
    return key_is(c, i, "in") || key_is(c, i, "about") || key_is(c, i, "nearly") ||
           key_is(c, i, "almost") || key_is(c, i, "more") || key_is(c, i, "less") ||
           key_is(c, i, "some") || key_is(c, i, "over") || key_is(c, i, "at") ||
           key_is(c, i, "year");
}

static int emit(ctx *c, nerve__arena *arena, const nerve_allocator *al, const tmatch *m,
                nerve__mention_vec *out)
{
    const atom *a0 = &c->a[m->b], *a1 = &c->a[m->e - 1];
    nerve_mention mm;
    memset(&mm, 0, sizeof mm);
    if (m->sub) {
        /* part of the atoms' text: [sb, se) starts in a0 and ends in a1 */
        mm.span.start = m->sb;
        mm.span.end = m->se;
        mm.span.char_start = a0->cstart + cp_count(c->text + a0->start, m->sb - a0->start);
        mm.span.char_end = a1->cstart + cp_count(c->text + a1->start, m->se - a1->start);
    } else {
        mm.span.start = a0->start;
        mm.span.end = a1->end;
        mm.span.char_start = a0->cstart;
        mm.span.char_end = a1->cend;
    }
    mm.type = m->type;
    mm.subtype = NULL;
    mm.sentence = c->tok[a0->tok].sentence;
    mm.token_begin = a0->tok;
    mm.token_end = a1->tok + 1;
    mm.entity = NERVE_NONE;
    char value[sizeof m->value];
    memcpy(value, m->value, sizeof value);
    nerve__timex_value_repair(value, sizeof value);
    mm.value = nerve__arena_strndup(arena, value, strlen(value));
    if (!mm.value)
        return NERVE_ENOMEM;
    mm.anchor = m->rel ? "DCT" : NULL;
    mm.rule = m->rule;
    mm.source = NERVE_SOURCE_RULE;
    mm.confidence = m->conf;
    return nerve__vec_push(al, out, mm);
}

/* A date value (YYYY, YYYY-MM, YYYY-MM-DD, with any time after) becomes the
 * narrative anchor; durations, references and underspecified values do not. */
static void set_anchor(ctx *c, const tmatch *m)
{
    const char *v = m->value;
    if (m->type != NERVE_TYPE_DATE && m->type != NERVE_TYPE_TIME)
        return;
    for (int k = 0; k < 4; k++)
        if (!is_digit(v[k]))
            return;
    if (v[4] != 0 && v[4] != '-' && v[4] != 'T')
        return;
    nerve__date d = {(v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0'), 1,
                     1};
    int g = 1;
    if (v[4] == '-' && is_digit(v[5]) && is_digit(v[6])) {
        d.month = (v[5] - '0') * 10 + (v[6] - '0');
        g = 2;
        if (v[7] == '-' && is_digit(v[8]) && is_digit(v[9])) {
            d.day = (v[8] - '0') * 10 + (v[9] - '0');
            g = 3;
        }
    }
    if (!nerve__date_valid(d))
        return;
    c->anchor = d;
    c->anchor_gran = g;
}

int nerve__timex_find(const nerve__timex_lexicon *lx, const nerve_allocator *al,
                      nerve__arena *arena, const char *text, const nerve_token *tok, size_t ntok,
                      const nerve_sentence *sent, size_t nsent, const nerve__date *dct,
                      nerve__mention_vec *out)
{
    (void)sent;
    (void)nsent;
    if (!lx || !al || !arena || !out || (ntok && (!tok || !text)))
        return NERVE_EINVAL;
    if (ntok == 0)
        return NERVE_OK;
    ctx c;
    memset(&c, 0, sizeof c);
    c.lx = lx;
    c.text = text;
    c.tok = tok;
    c.dct = dct && nerve__date_valid(*dct) ? dct : NULL;
    /*
     * Atoms (112 bytes each) are built for a window of tokens at a time, not
     * for the whole document: for a large text they were the largest
     * allocation of the pipeline. A document of up to WINDOW tokens is one
     * window. Each window's atoms reach MARGIN tokens past it on both sides,
     * beyond what any parser looks (the clause scan reaches 48 atoms, a
     * match a few words), and matches start only in the window itself, so
     * the results are those of one window over the whole document.
     */
    enum { WINDOW = 32768, MARGIN = 256 };
    int rc = NERVE_OK;
    size_t built_lo = 0, built_hi = 0; /* the tokens c.a holds the atoms of */
    for (size_t t0 = 0; t0 < ntok && !c.quarter_doc && rc == NERVE_OK; t0 += WINDOW) {
        size_t t1 = ntok - t0 > WINDOW ? t0 + WINDOW : ntok;
        rc = build_atoms(&c, al, tok, t0, t1);
        built_lo = t0;
        built_hi = t1;
        for (size_t i = 0; rc == NERVE_OK && i < c.na; i++)
            if (key_is(&c, i, "quarter") || key_is(&c, i, "quarters")) {
                c.quarter_doc = 1;
                break;
            }
    }
    size_t next_tok = 0, next_part = 0; /* where the scan resumes: atom next_part of a token */
    for (size_t t0 = 0; t0 < ntok && rc == NERVE_OK; t0 += WINDOW) {
        size_t t1 = ntok - t0 > WINDOW ? t0 + WINDOW : ntok;
        if (next_tok >= t1)
            continue; /* a match ran past this window */
        size_t lo = t0 > MARGIN ? t0 - MARGIN : 0;
        size_t hi = ntok - t1 > MARGIN ? t1 + MARGIN : ntok;
        if ((lo != built_lo || hi != built_hi) &&
            (rc = build_atoms(&c, al, tok, lo, hi)) != NERVE_OK)
            break;
        built_lo = lo;
        built_hi = hi;
        size_t i = 0;
        while (i < c.na && c.a[i].tok < next_tok)
            i++;
        i += next_part;
        while (i < c.na && c.a[i].tok < t1 && rc == NERVE_OK) {
            if (!can_start(&c, i)) {
                i++;
                continue;
            }
            mset best = {0};
            size_t best_e = 0;
            for (size_t p = 0; p < sizeof parsers / sizeof parsers[0]; p++) {
                mset ms;
                ms.n = 0;
                parsers[p](&c, i, &ms);
                if (ms.n == 0)
                    continue;
                size_t e = 0;
                for (int k = 0; k < ms.n; k++)
                    if (ms.m[k].e > e)
                        e = ms.m[k].e;
                if (e > best_e) {
                    best = ms;
                    best_e = e;
                }
            }
            if (best.n == 0) {
                i++;
                continue;
            }
            for (int k = 0; k < best.n && rc == NERVE_OK; k++) {
                rc = emit(&c, arena, al, &best.m[k], out);
                set_anchor(&c, &best.m[k]);
            }
            i = best_e;
        }
        if (i >= c.na) {
            next_tok = hi;
            next_part = 0;
        } else {
            size_t first = i;
            while (first > 0 && c.a[first - 1].tok == c.a[i].tok)
                first--;
            next_tok = c.a[i].tok;
            next_part = i - first;
        }
    }
    nerve__free(al, c.a);
    return rc;
}
