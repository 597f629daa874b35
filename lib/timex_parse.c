/*
 * timex_parse.c - the parsers of absolute expressions (numeric dates, decades,
 * month dates, day ranges, years, deictic words, weekdays, holidays, seasons,
 * quarters) and the helpers every parser uses (new match, prefixes, days).
 */
#include "timex_int.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Parsers: each tries one family at atom i and fills ms                     */
/* ------------------------------------------------------------------------ */

tmatch *nerve__tx_new_match(mset *ms, size_t b, size_t e, int type, const char *rule, float conf)
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
        nerve__tx_put(m, "XXXX-WXX-%d", wd);
        return;
    }
    m->rel = 1;
    nerve__tx_put_date(m, nerve__resolve_weekday(*c->dct, wd, tense));
}

static int direction_tense(int dir)
{
    return dir < 0 ? NERVE__TENSE_LAST : dir > 0 ? NERVE__TENSE_NEXT : NERVE__TENSE_THIS;
}

/* Skip an optional "at" + clock after a day expression: Friday at 3 p.m. */
static size_t trailing_clock(const ctx *c, size_t e, char *buf, size_t n)
{
    size_t j = e;
    if (has_role(c, j, TR_AT) && in_range(c, j + 1, e))
        j++;
    size_t k = in_range(c, j, e > 0 ? e - 1 : 0) ? nerve__tx_clock_at(c, j, buf, n) : 0;
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
    if (has_role(c, e, TR_NIGHT) && in_range(c, e, from)) {
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
            nerve__tx_append(m, pod);
        else {
            nerve__tx_append(m, "T");
            nerve__tx_append(m, pod);
        }
        return;
    }
    e2 = trailing_clock(c, m->e, clk, sizeof clk);
    if (e2 > m->e) {
        m->e = e2;
        m->type = NERVE_TYPE_TIME;
        nerve__tx_append(m, clk);
    }
}

/* Leading "the", modifiers (early, late, mid-, the end of, earlier) before a head. */
size_t nerve__tx_skip_prefix(const ctx *c, size_t i, int *has_the)
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
            if (has_role(c, j + 1, TR_OF)) {
                /* the end of, the beginning of, the middle of (needs "the" before) */
                if (!*has_the && !has_role(c, j, TR_END) && !has_role(c, j, TR_MID))
                    return j;
                j += 2;
                continue;
            }
            if (has_role(c, j, TR_BOUNDARY))
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
        if (has_role(c, k, TR_SHIFTED))
            return 0;
    return 1;
}

void nerve__tx_parse_numeric(const ctx *c, size_t i, mset *ms)
{
    const atom *a = &c->a[i];
    tmatch *m;
    if (a->nk == NK_ISO) {
        nerve__date d = {a->n[0], a->n[1], a->n[2]};
        if (nerve__date_valid(d) &&
            (m = nerve__tx_new_match(ms, i, i + 1, NERVE_TYPE_DATE, "iso", 0.98f)))
            nerve__tx_put_date(m, d);
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
            (m = nerve__tx_new_match(ms, i, i + 1, NERVE_TYPE_DATE, "numeric-date", 0.9f)))
            nerve__tx_put_date(m, d);
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
        if ((m = nerve__tx_new_match(ms, i, i + 1, NERVE_TYPE_DATE, "year-range", 0.85f))) {
            m->sub = 1, m->sb = a->start, m->se = dash;
            nerve__tx_put(m, "%04d", y1);
        }
        if ((m = nerve__tx_new_match(ms, i, i + 1, NERVE_TYPE_DATE, "year-range", 0.85f))) {
            m->sub = 1, m->sb = dash + 1, m->se = a->end;
            nerve__tx_put(m, "%04d", y2);
        }
    }
}

void nerve__tx_parse_decade(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = nerve__tx_skip_prefix(c, i, &the);
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
        if ((m = nerve__tx_new_match(ms, i, j + 1, NERVE_TYPE_DATE, "decade", 0.9f)))
            nerve__tx_put(m, "%03d", y / 10);
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
    const nerve__lx_entry *u =
        n > 0 && n <= 21 && in_range(c, j + 1, i) ? nerve__tx_unit_at(c, j + 1) : NULL;
    if (u && !strcmp(u->sval, "CE") && !(u->flags & NERVE__LXF_PLURAL) &&
        !(c->a[j + 1].flags & AF_HYNEXT) &&
        (m = nerve__tx_new_match(ms, i, j + 2, NERVE_TYPE_DATE, "century", 0.9f)))
        nerve__tx_put(m, "%02d", n - 1);
}

/* Month-based dates: September 30, 2020 / 30 Sept. 2020 / Sept 30 / May 2020 / May. */
/* A bare date in a past clause is the last one before the DCT, unless the
 * next one is this close ahead (a deadline quoted in a past clause). */
#define PAST_REACH_DAYS 100
#define PAST_REACH_MONTHS 3
void nerve__tx_parse_month(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = nerve__tx_skip_prefix(c, i, &the);
    int day = 0, year = 0, dir = 99;
    size_t mpos, e;
    const nerve__lx_entry *mon = NULL;
    if (!in_range(c, j, i) || !abs_prefix_ok(c, i, j))
        return;
    const nerve__lx_entry *de = lxc(c, j, NERVE__LX_DIRECTION);
    if (de && in_range(c, j + 1, i) && nerve__tx_name_at(c, j + 1, NERVE__LX_MONTH) &&
        !has_role(c, j, TR_NO_MONTH_DIR)) {
        dir = de->ival;
        j++;
    }
    if ((mon = nerve__tx_name_at(c, j, NERVE__LX_MONTH))) {
        mpos = j;
        e = j + 1;
        if (in_range(c, e, i) && nerve__tx_day_atom(c, e, &day) && !(c->a[e].flags & AF_HYNEXT) &&
            !(in_range(c, e + 1, i) && nerve__tx_unit_at(c, e + 1))) {
            e++;
        } else
            day = 0;
        size_t y = e;
        if (in_range(c, y, i) && (c->a[y].flags & AF_COMMA) && year_atom(c, y + 1) &&
            in_range(c, y + 1, i))
            y++;
        else if (!day && has_role(c, y, TR_OF) && year_atom(c, y + 1) && in_range(c, y + 1, i))
            y++;
        int sy;
        size_t sk;
        if (in_range(c, y, i) && year_atom(c, y) && !(c->a[y].flags & AF_HYNEXT)) {
            year = c->a[y].n[0];
            e = y + 1;
        } else if (!day && in_range(c, y, i) && (sk = nerve__tx_spoken_year(c, y, &sy)) &&
                   sy != 2000) {
            year = sy; /* January nineteen ninety-seven */
            e = y + sk;
        }
    } else {
        /* 30 Sept. 2020, the 30th of September */
        if (!nerve__tx_day_atom(c, j, &day))
            return;
        size_t k = j + 1;
        if (has_role(c, k, TR_OF))
            k++;
        if (!in_range(c, k, i) || !(mon = nerve__tx_name_at(c, k, NERVE__LX_MONTH)))
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
    if (!day && !year && nerve__tx_inside_name(c, mpos, e))
        return;
    if (day && !nerve__date_valid((nerve__date){year ? year : 2000, month, day}))
        return;
    tmatch *m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DATE,
                                    day ? (year ? "month-day-year" : "month-day")
                                        : (year ? "month-year" : "month"),
                                    year ? 0.97f : 0.85f);
    if (!m)
        return;
    if (year) {
        nerve__tx_put_ymd(m, year, month, day);
    } else if (!c->dct) {
        nerve__tx_put_ymd(m, -1, month, day);
    } else {
        m->rel = 1;
        int tense = dir != 99 ? direction_tense(dir) : nerve__tx_clause_tense(c, i, e);
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
            nerve__tx_put_ymd(m, y, month, day);
        } else {
            int y = nerve__resolve_month_year(*c->dct, month, tense);
            int dist = (y - c->dct->year) * 12 + month - c->dct->month;
            int fy = nerve__resolve_month_year(*c->dct, month, NERVE__TENSE_FUTURE);
            int fdist = (fy - c->dct->year) * 12 + month - c->dct->month;
            if (dir == 99 && tense == NERVE__TENSE_PAST)
                y = fdist <= PAST_REACH_MONTHS ? fy : y;
            else if (dir == 99 && (dist > 6 || dist < -6))
                y = nerve__resolve_month_year(*c->dct, month, NERVE__TENSE_NONE);
            nerve__tx_put_ymd(m, y, month, 0);
        }
    }
    if (day)
        finish_day(c, m, i);
}

/* Days in a range: "between 1 and 3 October", "Sept. 1-3". */
void nerve__tx_parse_dayrange(const ctx *c, size_t i, mset *ms)
{
    int d1, d2;
    tmatch *m;
    const nerve__lx_entry *mon;
    const atom *a = &c->a[i];
    /* Month 1-3 */
    if ((mon = nerve__tx_name_at(c, i, NERVE__LX_MONTH)) && in_range(c, i + 1, i) &&
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
        int tense = nerve__tx_clause_tense(c, i, e);
        int y = year ? year : c->dct ? nerve__resolve_day_year(*c->dct, mon->ival, d1, tense) : -1;
        const atom *r = &c->a[i + 1];
        size_t dash = r->start + r->nd[0];
        if ((m = nerve__tx_new_match(ms, i, i + 2, NERVE_TYPE_DATE, "day-range", 0.85f))) {
            m->rel = !year && c->dct;
            m->sub = 1, m->sb = a->start, m->se = dash;
            nerve__tx_put_ymd(m, y, mon->ival, d1);
        }
        if ((m = nerve__tx_new_match(ms, i + 1, e, NERVE_TYPE_DATE, "day-range", 0.85f))) {
            m->rel = !year && c->dct;
            m->sub = e == i + 2;
            m->sb = dash + 1, m->se = r->end;
            nerve__tx_put_ymd(m, y, mon->ival, d2);
        }
        return;
    }
    /* 1 and/to/- 3 October */
    if (!nerve__tx_day_atom(c, i, &d1) || a->nk == NK_NONE ||
        (i > 0 && nerve__tx_name_at(c, i - 1, NERVE__LX_MONTH)))
        return;
    size_t k = i + 1;
    if (!in_range(c, k + 1, i) || !(lxc(c, k, NERVE__LX_CONJ) ||
                                    (c->a[k].flags & AF_PUNCT && c->a[k].end - c->a[k].start == 1 &&
                                     c->text[c->a[k].start] == '-')))
        return;
    if (!nerve__tx_day_atom(c, k + 1, &d2) || c->a[k + 1].nk == NK_NONE || d2 <= d1)
        return;
    if (!in_range(c, k + 2, i) || !(mon = nerve__tx_name_at(c, k + 2, NERVE__LX_MONTH)))
        return;
    int year = 0;
    size_t e = k + 3;
    if (in_range(c, e, i) && year_atom(c, e))
        year = c->a[e].n[0], e++;
    int tense = nerve__tx_clause_tense(c, i, e);
    int y = year ? year : c->dct ? nerve__resolve_day_year(*c->dct, mon->ival, d1, tense) : -1;
    if ((m = nerve__tx_new_match(ms, i, i + 1, NERVE_TYPE_DATE, "day-range", 0.85f))) {
        m->rel = !year && c->dct;
        nerve__tx_put_ymd(m, y, mon->ival, d1);
    }
    if ((m = nerve__tx_new_match(ms, k + 1, e, NERVE_TYPE_DATE, "day-range", 0.85f))) {
        m->rel = !year && c->dct;
        nerve__tx_put_ymd(m, y, mon->ival, d2);
    }
}

/* The 30th (of the current month). */
void nerve__tx_parse_the_nth(const ctx *c, size_t i, mset *ms)
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
    tmatch *m = nerve__tx_new_match(ms, i, i + 2, NERVE_TYPE_DATE, "day-of-month", 0.6f);
    if (!m)
        return;
    if (c->dct) {
        m->rel = 1;
        nerve__tx_put_ymd(m, c->dct->year, c->dct->month, d);
    } else
        nerve__tx_put_ymd(m, -1, -1, d);
}

/* Bare years: in 1987, since 2001, 1987's, mid-2020, fiscal 2021, the year 2000. */
void nerve__tx_parse_year(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = nerve__tx_skip_prefix(c, i, &the);
    int fiscal = 0, yearword = 0;
    if (in_range(c, j, i) && lxc(c, j, NERVE__LX_FISCAL)) {
        fiscal = 1;
        j++;
        if (has_role(c, j, TR_YEAR) && in_range(c, j + 1, i))
            j++;
    } else if (the && has_role(c, j, TR_YEAR) && in_range(c, j + 1, i)) {
        yearword = 1;
        j++;
    }
    int sy;
    size_t sk = in_range(c, j, i) ? nerve__tx_spoken_year(c, j, &sy) : 0;
    if (sk && (yearword || sy != 2000) && (c->a[j].flags & AF_LOWER) &&
        !(j > 0 && c->a[j - 1].sent == c->a[j].sent &&
          c->a[j - 1].mask & (1u << NERVE__LX_NUMBER)) &&
        !(in_range(c, j + sk, i) &&
          (nerve__tx_unit_at(c, j + sk) || lxc(c, j + sk, NERVE__LX_NUMBER) ||
           lxc(c, j + sk, NERVE__LX_QUANTITY) ||
           ((c->a[j + sk].flags & AF_LOWER) && (c->a[j + sk].flags & AF_WORD) &&
            !(j > 0 && (has_role(c, j - 1, TR_A) || lxc(c, j - 1, NERVE__LX_DET))) &&
            !lxc(c, j + sk, NERVE__LX_PREP) && !lxc(c, j + sk, NERVE__LX_TENSE) &&
            !lxc(c, j + sk, NERVE__LX_BE) && !has_role(c, j + sk, TR_AND))))) {
        tmatch *m = nerve__tx_new_match(ms, i, j + sk, NERVE_TYPE_DATE, "spoken-year", 0.8f);
        if (m)
            nerve__tx_put(m, "%04d", sy);
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
    if (has_prev &&
        (lxc(c, p, NERVE__LX_QUANTITY) || c->a[p].nk != NK_NONE || has_role(c, p, TR_CURRENCY)))
        return;
    if (!strong && has_prev &&
        (lxc(c, p, NERVE__LX_PREP) || lxc(c, p, NERVE__LX_MODIFIER) || lxc(c, p, NERVE__LX_SEASON)))
        strong = 1;
    size_t nx = j + 1;
    int has_next = in_range(c, nx, j);
    if (has_next && lxc(c, nx, NERVE__LX_QUANTITY))
        return;
    if (has_next && (nerve__tx_unit_at(c, nx) && !(c->a[nx].flags & AF_POSS)))
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
        int det_before = has_prev && (lxc(c, p, NERVE__LX_DET) || has_role(c, p, TR_POSSESSOR) ||
                                      (c->a[p].flags & AF_POSS));
        if (!det_before && (plural_noun || y < 1950 || y > 2030))
            return;
    }
    size_t e = j + 1;
    if (the && in_range(c, e, i) && lxc(c, e, NERVE__LX_PERIOD))
        e++;
    tmatch *m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DATE, fiscal ? "fiscal-year" : "year",
                                    strong ? 0.9f : 0.7f);
    if (m)
        nerve__tx_put(m, "%04d", y);
}

/* today, yesterday, tomorrow, tonight, now, recently, the future ... */
void nerve__tx_parse_deictic(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = nerve__tx_skip_prefix(c, i, &the);
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *e = lxc(c, j, NERVE__LX_DEICTIC);
    if (!e)
        return;
    if (j > i && has_role(c, j - 1, TR_SHIFTED))
        return; /* "later today": today */
    const char *v = e->sval;
    tmatch *m;
    if (v[0] == 'D' && (v[1] == '+' || v[1] == '-')) {
        int n = v[2] - '0';
        if (v[1] == '-')
            n = -n;
        if (!(m = nerve__tx_new_match(ms, i, j + 1, NERVE_TYPE_DATE, "deictic", 0.95f)))
            return;
        nerve__tx_put_shift(c, m, 'D', 0, n);
        finish_day(c, m, i);
        return;
    }
    if (!strcmp(v, "TNI")) {
        if (!(m = nerve__tx_new_match(ms, i, j + 1, NERVE_TYPE_TIME, "deictic", 0.95f)))
            return;
        nerve__tx_put_shift(c, m, 'D', 0, 0);
        nerve__tx_append(m, "TNI");
        return;
    }
    /* references: restrict the ambiguous words */
    int has_prev = j > 0 && in_range(c, j - 1, j);
    if (has_role(c, j, TR_PAST_PRESENT)) {
        if (!the || (in_range(c, j + 1, j) &&
                     (nerve__tx_unit_at(c, j + 1) || lxc(c, j + 1, NERVE__LX_NUMBER) ||
                      c->a[j + 1].nk != NK_NONE || lxc(c, j + 1, NERVE__LX_SEASON) ||
                      (has_role(c, j, TR_PRESENT) && (c->a[j + 1].flags & AF_WORD) &&
                       !lxc(c, j + 1, NERVE__LX_PREP)))))
            return; /* "the past year" is a relative date, "the present case" nothing */
    }
    if (has_role(c, j, TR_FUTURE)) {
        if (!the && !(has_prev && has_role(c, j - 1, TR_NEAR)))
            if (in_range(c, j + 1, j) && (c->a[j + 1].flags & AF_WORD) &&
                !lxc(c, j + 1, NERVE__LX_PREP))
                return; /* "future plans" */
    }
    if (has_role(c, j, TR_CURRENT)) {
        /* adjectives: only before a plain noun phrase, and not "current account" */
        if (in_range(c, j + 1, j) &&
            (nerve__tx_unit_at(c, j + 1) || lxc(c, j + 1, NERVE__LX_SEASON)))
            return; /* "current quarter", "recent years" are handled elsewhere */
    }
    if (has_role(c, j, TR_NOW) && has_prev && has_role(c, j - 1, TR_FROM))
        return;
    if (has_role(c, j, TR_NOW) && j == i && (c->a[j].flags & AF_SENT) && in_range(c, j + 1, j) &&
        (c->a[j + 1].flags & AF_COMMA))
        return; /* "Now, he says ...": a discourse marker */
    if (!(c->a[j].flags & (AF_LOWER | AF_SENT)) && !(c->a[j].flags & AF_ALLCAP))
        return; /* "Future Shock", "Now magazine" */
    size_t b = i;
    if (has_role(c, j, TR_CURRENT))
        b = j; /* "the current slump": only the adjective */
    if (!(m = nerve__tx_new_match(ms, b, j + 1, NERVE_TYPE_DATE, "reference", 0.7f)))
        return;
    nerve__tx_put(m, "%s", v);
}

/* Weekdays: Friday, on Friday, last/next/this Friday, Friday morning, Fridays. */
void nerve__tx_parse_weekday(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = nerve__tx_skip_prefix(c, i, &the);
    int dir = 99;
    if (!in_range(c, j, i) || !abs_prefix_ok(c, i, j))
        return;
    const nerve__lx_entry *de = lxc(c, j, NERVE__LX_DIRECTION);
    if (de && !has_role(c, j, TR_NO_MONTH_DIR)) {
        dir = de->ival;
        j++;
        if (has_role(c, j, TR_COMING) && in_range(c, j + 1, i)) /* this coming Sunday */
            dir = 1, j++;
    }
    const nerve__lx_entry *w =
        in_range(c, j, i) ? nerve__tx_name_at(c, j, NERVE__LX_WEEKDAY) : NULL;
    if (!w)
        return;
    size_t e = j + 1;
    if (nerve__tx_inside_name(c, j, e))
        return;
    tmatch *m;
    if (w->flags & NERVE__LXF_PLURAL) {
        if ((m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_SET, "weekday-set", 0.8f)))
            nerve__tx_put(m, "XXXX-WXX-%d", w->ival);
        return;
    }
    /* Friday, Sept. 30 (2020): the explicit date wins */
    size_t mj = in_range(c, e, i) && (c->a[e].flags & AF_COMMA) ? e + 1 : e;
    if (in_range(c, mj, i) && nerve__tx_name_at(c, mj, NERVE__LX_MONTH)) {
        mset sub = {0};
        nerve__tx_parse_month(c, mj, &sub);
        if (sub.n == 1 && sub.m[0].rule[5] == '-' && strchr(sub.m[0].value, 'X') == NULL &&
            strlen(sub.m[0].value) == 10) {
            if ((m = nerve__tx_new_match(ms, i, sub.m[0].e, NERVE_TYPE_DATE, "weekday-date",
                                         0.95f))) {
                nerve__tx_put(m, "%s", sub.m[0].value);
                m->rel = sub.m[0].rel;
            }
            return;
        }
    }
    if (!(m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DATE, "weekday", 0.85f)))
        return;
    int tense = dir != 99 ? direction_tense(dir) : nerve__tx_clause_tense(c, i, e);
    /* "Friday's ruling", "Thursday's closing price" name a day already past */
    if (dir == 99 && in_range(c, e, i) && (c->a[e].flags & AF_POSS))
        tense = NERVE__TENSE_PAST;
    put_weekday(c, m, w->ival, tense);
    if (dir != 99 && dir != 0 && c->anchor_gran == 3 && c->dct && has_role(c, j - 1, TR_ANAPHORIC))
        nerve__tx_put_date(
            m, nerve__resolve_weekday(c->anchor, w->ival, tense)); /* narrative anchor */
    /* the end of a range ("from Wednesday to Friday") comes after its start */
    if (dir == 99 && c->dct && i >= 2 && in_range(c, i - 2, i) &&
        ((lxc(c, i - 1, NERVE__LX_CONJ) && !has_role(c, i - 1, TR_AND)) ||
         (c->a[i - 1].end - c->a[i - 1].start == 1 && c->text[c->a[i - 1].start] == '-')) &&
        nerve__tx_name_at(c, i - 2, NERVE__LX_WEEKDAY)) {
        mset prev = {0};
        nerve__tx_parse_weekday(c, i - 2, &prev);
        nerve__date pd;
        if (prev.n == 1 && nerve__date_parse(prev.m[0].value, &pd) == NERVE_OK) {
            nerve__date r = nerve__date_add_days(pd, (w->ival - nerve__weekday(pd) + 7) % 7);
            nerve__tx_put_date(m, r);
        }
    }
    finish_day(c, m, i);
}

/* Holidays, possibly several words: Christmas, Good Friday, New Year's Day. */
void nerve__tx_parse_holiday(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = nerve__tx_skip_prefix(c, i, &the);
    int dir = 99;
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *de = lxc(c, j, NERVE__LX_DIRECTION);
    if (de && !has_role(c, j, TR_NO_MONTH_DIR)) {
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
    if (!best || nerve__tx_inside_name(c, j, best_e))
        return;
    int year = 0;
    size_t e = best_e;
    if (in_range(c, e, i) && year_atom(c, e))
        year = c->a[e].n[0], e++;
    tmatch *m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DATE, "holiday", 0.9f);
    if (!m)
        return;
    const char *v = best->sval;
    int dct_y = c->dct ? c->dct->year : 0;
    int tense = dir != 99 ? direction_tense(dir) : c->dct ? nerve__tx_clause_tense(c, i, e) : 0;
    /* compute for candidate years and choose like a month-day */
    nerve__date cand[3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}; /* ny of them are set */
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
            nerve__tx_put_date(m, cand[0]);
        else if (v[2] == '-')
            nerve__tx_put_ymd(m, -1, cand[0].month, cand[0].day);
        else
            nerve__tx_put(m, "XXXX-XX-XX");
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
    nerve__tx_put_date(m, cand[pick < 0 || pick >= ny ? 1 : pick]);
}

/* Seasons: last summer, this winter, summer 2020, the spring, in the fall. */
void nerve__tx_parse_season(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = nerve__tx_skip_prefix(c, i, &the);
    int dir = 99;
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *de = lxc(c, j, NERVE__LX_DIRECTION);
    if (de && !has_role(c, j, TR_LATEST)) {
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
    if (has_role(c, y, TR_OF) && in_range(c, y + 1, i) &&
        (year_atom(c, y + 1) || nerve__tx_spoken_year(c, y + 1, &sy)))
        y++;
    if (in_range(c, y, i) && year_atom(c, y))
        year = c->a[y].n[0], e = y + 1;
    else if (in_range(c, y, i) && (sk = nerve__tx_spoken_year(c, y, &sy)) && sy != 2000)
        year = sy, e = y + sk; /* the winter of nineteen ninety-four */
    tmatch *m;
    if (s->flags & NERVE__LXF_PLURAL)
        return;
    if (dir == 99 && !year && !the &&
        !(j > 0 && in_range(c, j - 1, j) && lxc(c, j - 1, NERVE__LX_PREP) &&
          !has_role(c, j - 1, TR_OF) && !has_role(c, j - 1, TR_AND)))
        return; /* "summer camp", "fall" the verb */
    if (has_role(c, j, TR_FALL) && dir == 99 && !year && !the)
        return;
    if (!(m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DATE, "season", 0.8f)))
        return;
    if (year) {
        nerve__tx_put(m, "%04d-%s", year, sn[si]);
        return;
    }
    if (!c->dct) {
        nerve__tx_put(m, "XXXX-%s", sn[si]);
        return;
    }
    m->rel = 1;
    int cy, cs = nerve__season_of(*c->dct, &cy);
    int cur = cy * 4 + cs;
    int tense = dir != 99 ? direction_tense(dir) : nerve__tx_clause_tense(c, i, e);
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
    nerve__tx_put(m, "%04d-%s", best / 4, sn[si]);
}

/* Ordinal quarters and halves: the third quarter, third-quarter, Q3 2020, the first half of 1989.
 */
void nerve__tx_parse_quarter(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = nerve__tx_skip_prefix(c, i, &the);
    int fiscal = 0, n = 0, half = 0, latest = 0, dir = 99;
    if (in_range(c, j, i) && has_role(c, j, TR_THIS) && in_range(c, j + 1, i) &&
        has_role(c, j + 1, TR_YEAR) && (c->a[j + 2 < c->na ? j + 2 : j].flags & AF_POSS))
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
        else if (has_role(c, j, TR_LAST) && in_range(c, j + 1, i) && lxc(c, j + 1, NERVE__LX_HALF))
            n = 2; /* the last half */
        else if (d && the && has_role(c, j, TR_QUARTER_DIR))
            latest = 1, dir = d->ival;
        else if (the)
            latest = 2; /* "the quarter" */
        else if (d && has_role(c, j, TR_DEICTIC_DIR))
            latest = 1, dir = d->ival;
        else
            return;
        if (latest != 2)
            j++;
        if (in_range(c, j, i) && lxc(c, j, NERVE__LX_FISCAL))
            fiscal = 1, j++;
        if (!in_range(c, j, i))
            return;
        if (has_role(c, j, TR_QUARTER))
            half = 0;
        else if (has_role(c, j, TR_HALF))
            half = 1;
        else if (latest && has_role(c, j, TR_PERIOD) && the && has_role(c, j - 1, TR_LATEST))
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
    if (has_role(c, y, TR_OF) && in_range(c, y + 1, i) &&
        (year_atom(c, y + 1) || lxc(c, y + 1, NERVE__LX_FISCAL)))
        y++;
    if (in_range(c, y, i) && lxc(c, y, NERVE__LX_FISCAL) && in_range(c, y + 1, i) &&
        year_atom(c, y + 1))
        y++;
    if (in_range(c, y, i) && year_atom(c, y) && !(c->a[y].flags & AF_HYNEXT))
        year = c->a[y].n[0], e = y + 1;
    (void)fiscal;
    tmatch *m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DATE, half ? "half" : "quarter", 0.9f);
    if (!m)
        return;
    char u = half ? 'H' : 'Q';
    if (latest) {
        if (!c->dct) {
            nerve__tx_put(m, "XXXX-QX");
            return;
        }
        m->rel = 1;
        int ry, rq;
        if (latest == 2 || has_role(c, e - 2, TR_LATEST) ||
            (latest && dir == 0 && has_role(c, e - 2, TR_SAME)))
            nerve__tx_reported_quarter(c->dct, &ry, &rq);
        else {
            ry = c->dct->year;
            rq = nerve__tx_quarter_of(c->dct->month);
            if (dir)
                nerve__tx_put_shift(c, m, 'Q', 0, dir);
            if (dir)
                return;
        }
        nerve__tx_put(m, "%04d-Q%d", ry, rq);
        return;
    }
    if (year) {
        nerve__tx_put(m, "%04d-%c%d", year, u, n);
        return;
    }
    if (!c->dct) {
        nerve__tx_put(m, "XXXX-%c%d", u, n);
        return;
    }
    m->rel = 1;
    int cur = half ? (c->dct->month <= 6 ? 1 : 2) : nerve__tx_quarter_of(c->dct->month);
    int yy = c->dct->year;
    if (n > cur && nerve__tx_clause_tense(c, i, e) != NERVE__TENSE_FUTURE)
        yy--;
    nerve__tx_put(m, "%04d-%c%d", yy, u, n);
}
