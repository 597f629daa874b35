/*
 * timex_recognize.c - small recognizers the parsers share: number phrases,
 * units, weekday and month names, capitalized names, clock times.
 */
#include "timex_int.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Small recognizers shared by the parsers                                   */
/* ------------------------------------------------------------------------ */

/* A number phrase at i: digits, decimals, words (twenty-five), a/an, a few,
 * several, "5 1/2". Returns atoms used; *val (-1 = vague). */
size_t nerve__tx_number_phrase(const ctx *c, size_t i, double *val, int *article)
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
            return has_role(c, i + 2, TR_OF) ? 3 : 2;
        }
        *article = 1;
        *val = 1;
        return 1;
    }
    if (e->flags & NERVE__LXF_VAGUE) {
        *val = e->ival > 0 ? e->ival : -1;
        return has_role(c, i + 1, TR_OF) && has_role(c, i, TR_COUPLE) ? 2 : 1;
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
    if (has_role(c, i + used, TR_AND) && has_role(c, i + used + 1, TR_A) &&
        has_role(c, i + used + 2, TR_HALF)) {
        *val += 0.5;
        used += 3;
    }
    return used;
}

/* A temporal unit at i; returns its entry (singular or plural). */
const nerve__lx_entry *nerve__tx_unit_at(const ctx *c, size_t i)
{
    return lxc(c, i, NERVE__LX_UNIT);
}

/* Weekday or month name with its capitalization / abbreviation rules. */
const nerve__lx_entry *nerve__tx_name_at(const ctx *c, size_t i, int cls)
{
    const nerve__lx_entry *e = lxc(c, i, cls);
    if (!e)
        return NULL;
    if ((e->flags & NERVE__LXF_DOT) && !(c->a[i].flags & AF_DOT)) {
        /* "Sept 30" is fine without the period; "Jan" alone is a name */
        int d;
        if (!nerve__tx_day_atom(c, i + 1, &d) || !in_range(c, i + 1, i))
            return NULL;
    }
    return e;
}

/* Inside a capitalized name: "the Good Friday Agreement", "March Madness". */
int nerve__tx_inside_name(const ctx *c, size_t b, size_t e)
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
size_t nerve__tx_clock_at(const ctx *c, size_t i, char *buf, size_t bufsz)
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
