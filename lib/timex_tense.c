/*
 * timex_tense.c - the tense of the clause around a bare weekday, month or
 * month-day: future, past or present cues in the verb group (rules/timex.tsv
 * class tense), which place the day around the DCT.
 */
#include "timex_int.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Tense of the clause                                                      */
/* ------------------------------------------------------------------------ */

/* Does atom i's key end with ending `which` (rules/timex.tsv class ending)
 * after at least `host` more bytes? */
static int ends_with(const ctx *c, size_t i, int which, size_t host)
{
    if (i >= c->na)
        return 0;
    const nerve__lx_affix *e = &c->lx->endings[which];
    const atom *a = &c->a[i];
    return e->len && a->klen >= e->len + host &&
           memcmp(a->key + a->klen - e->len, e->text, e->len) == 0;
}

/* A past form by its ending ("agreed"): a word of five letters or more. */
static int ends_ed(const ctx *c, size_t i)
{
    return ends_with(c, i, NERVE__END_PAST, 3) && (c->a[i].flags & AF_WORD);
}

/* A progressive form ("meeting"): more than four letters. */
static int ends_ing(const ctx *c, size_t j)
{
    return ends_with(c, j, NERVE__END_PROGRESSIVE, 2);
}

static int is_participle(const ctx *c, size_t i)
{
    if (i >= c->na)
        return 0;
    const nerve__lx_entry *e = lxc(c, i, NERVE__LX_TENSE);
    if (e && e->ival == NERVE__CUE_PAST)
        return 1;
    return ends_ed(c, i) && !lxc(c, i, NERVE__LX_NOTED) && (c->a[i].flags & AF_LOWER);
}

/* Skip "not", "n't", and -ly adverbs after an auxiliary. */
static size_t after_aux(const ctx *c, size_t i)
{
    size_t j = i + 1;
    while (j < c->na && j < i + 3 &&
           (has_role(c, j, TR_NEGATION) || ends_with(c, j, NERVE__END_ADVERB, 2)))
        j++;
    return j;
}

/* Cue of a clitic inside a token the tokenizer kept whole: "Delegates'll",
 * "won't", "didn't", "it's" (rules/timex.tsv class clitic, in file order).
 * A clitic flagged word is the whole key ("won't", whose host is no word);
 * one that starts with an apostrophe is what follows the key's last
 * apostrophe; any other ("n't") ends the key after a host, whose own tense
 * entry gives the cue unless the clitic's row does. A clitic flagged ambig
 * is also a possessive ending: only after a short lower-case host ("it's",
 * not "Esper's"). */
static int clitic_cue(const ctx *c, const atom *a, int *is_be)
{
    const char *key = a->key;
    size_t n = a->klen;
    *is_be = 0;
    size_t ap = 0;
    for (size_t i = 1; i < n; i++)
        if (key[i] == '\'')
            ap = i;
    if (!ap && c->lx->clitic_apos && (n == 0 || key[0] != '\''))
        return NERVE__CUE_NONE; /* most words: no clitic can match */
    for (size_t k = 0; k < c->lx->nclitics; k++) {
        const nerve__lx_affix *cl = &c->lx->clitics[k];
        if (cl->flags & NERVE__LXF_WORD) {
            if (n != cl->len || memcmp(key, cl->text, n) != 0)
                continue;
        } else if (cl->text[0] == '\'') {
            if (!ap || n - ap != cl->len || memcmp(key + ap, cl->text, cl->len) != 0)
                continue;
            if ((cl->flags & NERVE__LXF_AMBIG) && ((a->flags & AF_CAP) || n > 5))
                continue;
        } else if (n <= cl->len || memcmp(key + n - cl->len, cl->text, cl->len) != 0) {
            continue;
        }
        *is_be = (cl->flags & NERVE__LXF_BE) != 0;
        if (cl->cue >= 0)
            return cl->cue;
        /* the host's cue: "didn't" is did's; a host with none gives none */
        uint32_t h = nerve__lx_lookup(c->lx, key, n - cl->len);
        const nerve__lx_entry *e =
            h == NERVE__LX_NONE ? NULL : nerve__lx_get(c->lx, h, NERVE__LX_TENSE);
        return e ? e->ival : NERVE__CUE_NONE;
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
        if (clitic_be && (has_role(c, j, TR_TO) || ends_ing(c, j)))
            return NERVE__CUE_FUTURE;
        if (cl == NERVE__CUE_MODAL && has_role(c, j, TR_HAVE))
            return NERVE__CUE_PAST;
        return cl;
    }
    const nerve__lx_entry *e = lxc(c, k, NERVE__LX_TENSE);
    if (e) {
        /* upper-case modals outside sentence start are names or months (May) */
        if (e->ival == NERVE__CUE_MODAL && (a->flags & AF_CAP) && !(a->flags & AF_SENT))
            return NERVE__CUE_NONE;
        int after_be = k > 0 && lxc(c, k - 1, NERVE__LX_BE);
        if (has_role(c, k, TR_SET))
            return after_be || has_role(c, k + 1, TR_TO) ? NERVE__CUE_FUTURE : NERVE__CUE_NONE;
        if (has_role(c, k, TR_PLANNED))
            return after_be ? NERVE__CUE_FUTURE : NERVE__CUE_PAST; /* "the government planned to" */
        if (e->ival == NERVE__CUE_FUTURE && k > 1 && has_role(c, k - 1, TR_BEEN) &&
            has_role(c, k - 2, TR_HAD))
            return NERVE__CUE_PAST; /* "had been due to expire" */
        if (has_role(c, k, TR_GOING))
            return has_role(c, k + 1, TR_TO) ? NERVE__CUE_FUTURE : NERVE__CUE_NONE;
        if (a->flags & AF_POSS)
            return NERVE__CUE_NONE;
        size_t j = after_aux(c, k);
        if (e->ival == NERVE__CUE_MODAL)
            return has_role(c, j, TR_HAVE) ? NERVE__CUE_PAST : NERVE__CUE_MODAL;
        if (e->ival == NERVE__CUE_PRESENT) {
            if (lxc(c, k, NERVE__LX_BE)) {
                if (has_role(c, j, TR_TO))
                    return NERVE__CUE_FUTURE;
                if (ends_ing(c, j))
                    return NERVE__CUE_FUTURE;
            }
            if (has_role(c, k, TR_PERFECT) && is_participle(c, j))
                return NERVE__CUE_PAST;
        }
        return e->ival;
    }
    if (lxc(c, k, NERVE__LX_NOTED))
        return NERVE__CUE_NONE;
    if (ends_ed(c, k) && ((a->flags & AF_LOWER) || (a->flags & AF_SENT))) {
        if (k > 0 && (lxc(c, k - 1, NERVE__LX_DET) || has_role(c, k - 1, TR_INDEFINITE)))
            return NERVE__CUE_NONE; /* "the proposed merger" */
        if (k > 0 && has_role(c, k - 1, TR_BE_PRESENT))
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
int nerve__tx_clause_tense(const ctx *c, size_t b, size_t e)
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
