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
#include "timex_int.h"

#include "error.h"

#include <stdio.h>
#include <string.h>

typedef void (*parser_fn)(const ctx *, size_t, mset *);
static const parser_fn parsers[] = {
    nerve__tx_parse_numeric,  nerve__tx_parse_month,  nerve__tx_parse_dayrange,
    nerve__tx_parse_weekday,  nerve__tx_parse_time,   nerve__tx_parse_holiday,
    nerve__tx_parse_quarter,  nerve__tx_parse_decade, nerve__tx_parse_yearago,
    nerve__tx_parse_relative, nerve__tx_parse_season, nerve__tx_parse_deictic,
    nerve__tx_parse_duration, nerve__tx_parse_set,    nerve__tx_parse_the_nth,
    nerve__tx_parse_year};

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
    return has_role(c, i, TR_OPENER);
}

/* Classes whose word is the head of an expression, in the order one is
 * chosen over another: "March" in "early March 2020", "week" in "last week",
 * "daily". Its lexicon line is the expression's origin. */
static const uint8_t head_classes[] = {NERVE__LX_HOLIDAY,   NERVE__LX_MONTH,   NERVE__LX_WEEKDAY,
                                       NERVE__LX_SEASON,    NERVE__LX_QUARTER, NERVE__LX_HALF,
                                       NERVE__LX_PARTOFDAY, NERVE__LX_UNIT,    NERVE__LX_DEICTIC,
                                       NERVE__LX_SET,       NERVE__LX_FISCAL,  NERVE__LX_AMPM};

/* Origin line of match m: the lexicon line of its head word, else the row of
 * the parser rule that built it (numbers alone: "1987", "09/30/2020"). */
static uint32_t origin_line(const ctx *c, const tmatch *m)
{
    uint32_t any = 0;
    for (size_t i = m->b; i < m->e; i++)
        any |= c->a[i].mask;
    for (size_t k = 0; k < sizeof head_classes && any; k++) {
        uint32_t bit = 1u << head_classes[k];
        if (!(any & bit))
            continue;
        for (size_t i = m->b; i < m->e; i++) {
            if (!(c->a[i].mask & bit))
                continue;
            const nerve__lx_entry *e = nerve__lx_get(c->lx, c->a[i].head, head_classes[k]);
            if (e)
                return e->line;
        }
    }
    return nerve__lx_rule_line(c->lx, m->rule);
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
        mm.span.char_start =
            a0->cstart + nerve__tx_cp_count(c->text + a0->start, m->sb - a0->start);
        mm.span.char_end = a1->cstart + nerve__tx_cp_count(c->text + a1->start, m->se - a1->start);
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
    if (m->narr && c->anchor_gran) {
        /* the last date the text named, at its granularity ("1998-06-03") */
        char a[16];
        const nerve__date *d = &c->anchor;
        int n = c->anchor_gran >= 3
                    ? snprintf(a, sizeof a, "%04d-%02d-%02d", d->year, d->month, d->day)
                : c->anchor_gran == 2 ? snprintf(a, sizeof a, "%04d-%02d", d->year, d->month)
                                      : snprintf(a, sizeof a, "%04d", d->year);
        mm.anchor = nerve__arena_strndup(arena, a, (size_t)n);
        if (!mm.anchor)
            return NERVE_ENOMEM;
    }
    mm.rule = m->rule;
    mm.origin_line = origin_line(c, m);
    mm.origin_file = mm.origin_line ? c->lx->file : NULL;
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
        rc = nerve__tx_build_atoms(&c, al, tok, t0, t1);
        built_lo = t0;
        built_hi = t1;
        for (size_t i = 0; rc == NERVE_OK && i < c.na; i++)
            if (has_role(&c, i, TR_QUARTER_TALK)) {
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
            (rc = nerve__tx_build_atoms(&c, al, tok, lo, hi)) != NERVE_OK)
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
