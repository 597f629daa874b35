/*
 * timex_parse_rel.c - the parsers of relative expressions (this/last/next +
 * unit, year-ago), durations and offsets, sets and clock times.
 */
#include "timex_int.h"

#include <stdio.h>
#include <string.h>

/* Relative: this/last/next/coming/past + week, month, year, weekend, quarter,
 * decade, century, month name handled by nerve__tx_parse_month; early next year; earlier
 * this month; the year; this morning, last night. */
void nerve__tx_parse_relative(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = nerve__tx_skip_prefix(c, i, &the);
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *d = lxc(c, j, NERVE__LX_DIRECTION);
    int dir;
    tmatch *m;
    if (d) {
        if (has_role(c, j, TR_LATEST_RECENT))
            return;
        dir = d->ival;
        if (has_role(c, j, TR_THAT_SAME)) {
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
    if (dir == 50 && has_role(c, j, TR_SAME) && in_range(c, j + 1, i))
        j++;
    const nerve__lx_entry *u = nerve__tx_unit_at(c, j);
    const nerve__lx_entry *pod = lxc(c, j, NERVE__LX_PARTOFDAY);
    if (pod && !(pod->flags & NERVE__LXF_PLURAL) && d && dir != 50 && pod->sval[0] != 'T') {
        /* this morning, last night, this evening */
        if (!(m = nerve__tx_new_match(ms, i, j + 1, NERVE_TYPE_TIME, "part-of-day", 0.85f)))
            return;
        int shift = 0;
        if (has_role(c, j - 1, TR_LAST))
            shift = -1; /* last night, last evening, last morning: the day before */
        else if (has_role(c, j - 1, TR_NEXT_DIR))
            shift = 1;
        nerve__tx_put_shift(c, m, 'D', 0, shift);
        nerve__tx_append(m, "T");
        nerve__tx_append(m, pod->sval);
        return;
    }
    if (!u || (u->flags & NERVE__LXF_PLURAL))
        return;
    if ((c->a[j].flags & AF_CAP) && !(c->a[j].flags & (AF_SENT | AF_ALLCAP)) && j > i &&
        (c->a[j - 1].flags & AF_CAP) && !(c->a[j - 1].flags & AF_SENT))
        return; /* "This Week", "Next Year": a title */
    if ((c->a[j].flags & AF_HYNEXT) && !has_role(c, j + 1, TR_END))
        return; /* "the year-ago quarter" is nerve__tx_parse_yearago, "this two-year" nothing */
    const char *uv = u->sval;
    if (!strcmp(uv, "TS") || !strcmp(uv, "TM") || !strcmp(uv, "TH") || !strcmp(uv, "SE") ||
        !strcmp(uv, "F") || !strcmp(uv, "ML"))
        return;
    if (!strcmp(uv, "Q"))
        return; /* nerve__tx_parse_quarter */
    /* "the next day", "the following day", "the previous day": a day after
     * or before the last day the text named; without one (or without
     * "the": "next day delivery") it is relative to an event, left alone */
    int narrative_day =
        !strcmp(uv, "D") && the && dir != 50 && (dir == 1 || dir == -1) && c->anchor_gran == 3;
    if (!strcmp(uv, "D") && dir != 50 && !narrative_day)
        return; /* "the day" is too vague */
    size_t e = j + 1;
    int year_end = 0;
    if ((c->a[j].flags & AF_HYNEXT) && has_role(c, j + 1, TR_END)) {
        year_end = 1;
        e = j + 2;
    }
    if (the && !d && !year_end) {
        /* "the year", "the week": only with a following of/period or alone */
        if (in_range(c, e, i) && (c->a[e].flags & AF_WORD) && !lxc(c, e, NERVE__LX_PREP) &&
            !lxc(c, e, NERVE__LX_TENSE) && !lxc(c, e, NERVE__LX_BE))
            return;
        if (in_range(c, e, i) && has_role(c, e, TR_OF))
            return;
        if ((i > 0 && in_range(c, i - 1, i) && has_role(c, i - 1, TR_DURING)) ||
            has_role(c, e, TR_ENDED)) {
            /* "for the year", "the year ended Sept. 30": a duration */
            if (strcmp(uv, "WE") != 0) {
                if ((m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DURATION, "duration", 0.7f)))
                    nerve__tx_put_duration(m, uv, 1);
                return;
            }
        }
    }
    if (the && !d && !strcmp(uv, "WE")) {
        /* "over the weekend": the nearest weekend, by the clause's tense */
        if (!(m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DATE, "relative", 0.8f)))
            return;
        if (!c->dct) {
            nerve__tx_put(m, "XXXX-WXX-WE");
            return;
        }
        m->rel = 1;
        int wd = nerve__weekday(*c->dct);
        nerve__date sat;
        if (wd >= 6)
            sat = nerve__date_add_days(*c->dct, 6 - wd);
        else if (nerve__tx_clause_tense(c, i, e) == NERVE__TENSE_FUTURE)
            sat = nerve__date_add_days(*c->dct, 6 - wd);
        else
            sat = nerve__date_add_days(*c->dct, -1 - wd);
        int iy, w;
        nerve__iso_week(sat, &iy, &w);
        nerve__tx_put(m, "%04d-W%02d-WE", iy, w);
        return;
    }
    if (!(m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DATE, "relative", 0.9f)))
        return;
    int anaphoric = has_role(c, j - 1, TR_ANAPHORIC) || narrative_day;
    if ((dir == 50 || anaphoric) && c->anchor_gran) {
        /* narrative: that day / that year / the following month resolve
         * against the last date the text mentioned */
        nerve__date a = c->anchor;
        int g = c->anchor_gran, n = dir == 50 ? 0 : dir;
        m->conf = 0.6f;
        m->narr = 1;
        if (!strcmp(uv, "Y")) {
            nerve__tx_put_ymd(m, a.year + n, 0, 0);
            return;
        }
        if (!strcmp(uv, "M") && g >= 2) {
            nerve__date r = nerve__date_add_months((nerve__date){a.year, a.month, 1}, n);
            nerve__tx_put_ymd(m, r.year, r.month, 0);
            return;
        }
        if (!strcmp(uv, "D")) {
            if (g >= 3)
                nerve__tx_put_date(m, nerve__date_add_days(a, n));
            else if (g == 2 && n == 0)
                nerve__tx_put_ymd(m, a.year, a.month, -1);
            else
                nerve__tx_put_ymd(m, a.year, -1, -1);
            return;
        }
    }
    if (dir == 50) {
        m->conf = 0.5f;
        if (!strcmp(uv, "D"))
            nerve__tx_put(m, "XXXX-XX-XX");
        else if (!strcmp(uv, "W"))
            nerve__tx_put(m, "XXXX-WXX");
        else if (!strcmp(uv, "M"))
            nerve__tx_put(m, "XXXX-XX");
        else
            nerve__tx_put(m, "XXXX");
        return;
    }
    if (has_role(c, j - 1, TR_PAST) && the && !strcmp(uv, "Y")) {
        /* "the past year" reads like last year */
    }
    char u0 = uv[0], u1 = uv[1];
    if (!strcmp(uv, "WE"))
        u0 = 'W', u1 = 'E';
    if (!strcmp(uv, "DE"))
        u0 = 'E', u1 = 0;
    nerve__tx_put_shift(c, m, u0, u1, dir);
    if (year_end && c->dct) {
        nerve__tx_put(m, "%04d-12-31", c->dct->year + dir);
    }
}

/* year-ago, year-earlier, the year-earlier quarter/period, year-end. */
void nerve__tx_parse_yearago(const ctx *c, size_t i, mset *ms)
{
    int the;
    size_t j = nerve__tx_skip_prefix(c, i, &the);
    if (!in_range(c, j + 1, i) || !has_role(c, j, TR_YEAR) || !(c->a[j].flags & AF_HYNEXT))
        return;
    tmatch *m;
    if (has_role(c, j + 1, TR_END)) {
        if ((m = nerve__tx_new_match(ms, i, j + 2, NERVE_TYPE_DATE, "year-end", 0.85f))) {
            if (c->dct) {
                m->rel = 1;
                nerve__tx_put(m, "%04d-12-31", c->dct->year);
            } else
                nerve__tx_put(m, "XXXX-12-31");
        }
        return;
    }
    if (!has_role(c, j + 1, TR_YEAR_AGO))
        return;
    size_t e = j + 2;
    int q = c->quarter_doc;
    if (in_range(c, e, i) && has_role(c, e, TR_REPORTED_PERIOD)) {
        if (has_role(c, e, TR_QUARTER))
            q = 1;
        e++;
    } else if (the)
        return;
    else if (in_range(c, e, i) && (c->a[e].flags & AF_WORD) && !lxc(c, e, NERVE__LX_PREP) && !q)
        return; /* "year-earlier levels" without a quarter context */
    if (!(m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DATE, "year-ago", 0.8f)))
        return;
    if (!c->dct) {
        nerve__tx_put(m, q ? "XXXX-QX" : "XXXX");
        return;
    }
    m->rel = 1;
    if (q) {
        int ry, rq;
        nerve__tx_reported_quarter(c->dct, &ry, &rq);
        nerve__tx_put(m, "%04d-Q%d", ry - 1, rq);
    } else
        nerve__tx_put(m, "%04d", c->dct->year - 1);
}

/* Durations and offsets: three years, a decade, 10 days, two-year, the past five
 * years, the first nine months, two days ago, a year earlier, in three weeks. */
void nerve__tx_parse_duration(const ctx *c, size_t i, mset *ms)
{
    size_t j = i;
    int in_prefix = 0, the = 0, span_dir = 0, first = 0;
    if (has_role(c, j, TR_IN) && in_range(c, j + 1, i)) {
        in_prefix = 1;
        j++;
    }
    if (lxc(c, j, NERVE__LX_DET) && in_range(c, j + 1, i))
        the = 1, j++;
    const nerve__lx_entry *d = in_range(c, j, i) ? lxc(c, j, NERVE__LX_DIRECTION) : NULL;
    if (d && has_role(c, j, TR_SPAN_DIR)) {
        span_dir = d->ival ? d->ival : -1;
        j++;
    } else if (in_range(c, j, i) && has_role(c, j, TR_FIRST)) {
        first = 1;
        j++;
    }
    /* approximators: "about", "nearly" stay out of the span (TimeML), "more
     * than", "over", "up to" are part of it */
    if (in_range(c, j, i) && !span_dir && !first && !the && has_role(c, j, TR_APPROX) && j == i)
        return; /* the match starts at the number */
    if (!span_dir && !first && in_range(c, j, i) && has_role(c, j, TR_BOUND))
        j++; /* TimeBank keeps "nearly" in the span (mod APPROX) */
    else if (!span_dir && !first &&
             (in_range(c, j + 1, i) && has_role(c, j, TR_COMPARATIVE) &&
              has_role(c, j + 1, TR_THAN)))
        j += 2;
    else if (in_range(c, j + 1, i) && has_role(c, j, TR_AT) && has_role(c, j + 1, TR_SUPERLATIVE))
        j += 2;
    if (!in_range(c, j, i))
        return;
    double n = 1;
    int article = 0;
    size_t k = nerve__tx_number_phrase(c, j, &n, &article);
    int bare = 0;
    if (!k) {
        /* "recent years", "the coming weeks", "the past year", "for years" */
        bare = 1;
        n = -1;
    }
    size_t ui = j + k;
    if (!in_range(c, ui, i))
        return;
    const nerve__lx_entry *u = nerve__tx_unit_at(c, ui);
    if (!u)
        return;
    /* "half an hour" */
    int plural = (u->flags & NERVE__LXF_PLURAL) != 0;
    int hyph = k && (c->a[ui - 1].flags & AF_HYNEXT);
    if (hyph && plural)
        return;
    if (k && !hyph && n == 1 && plural && !article)
        return; /* "1 years" */
    if (k && !hyph && !plural && (n >= 1000 || has_role(c, ui + 1, TR_FRACTION)))
        return; /* "1988 second quarter" */
    if ((c->a[ui].flags & AF_HYNEXT) && in_range(c, ui + 1, i) && has_role(c, ui + 1, TR_AGE))
        return; /* 52-year-old */
    if (in_range(c, ui + 1, i) && has_role(c, ui + 1, TR_OLD))
        return; /* 20 years old */
    if (article && !plural && !strcmp(u->sval, "TS") && in_range(c, ui + 1, i) &&
        (c->a[ui + 1].flags & AF_WORD) && !c->a[ui + 1].mask)
        return; /* "a second group": the ordinal */
    if ((c->a[ui].flags & AF_CAP) && !(c->a[ui].flags & (AF_SENT | AF_ALLCAP)) &&
        !(c->a[j].flags & AF_SENT) && (c->a[j].flags & (AF_CAP | AF_DIGIT)))
        return; /* "60 Minutes", "Four Seasons": a title */
    size_t e = ui + 1;
    if (in_range(c, e, i) && has_role(c, e, TR_LONG) && (c->a[ui].flags & AF_HYNEXT))
        e++; /* decades-long */
    if (k && article && !plural && has_role(c, e, TR_AND) && has_role(c, e + 1, TR_A) &&
        has_role(c, e + 2, TR_HALF) && in_range(c, e + 2, i))
        n += 0.5, e += 3;
    if (bare && plural && !span_dir && !the && !strcmp(u->sval, "WE")) {
        /* "on weekends": every weekend */
        tmatch *w = nerve__tx_new_match(ms, i, e, NERVE_TYPE_SET, "set", 0.75f);
        if (w)
            nerve__tx_put(w, "XXXX-WXX-WE");
        return;
    }
    if (bare) {
        if (!plural)
            return; /* singular without number: nerve__tx_parse_relative */
        if (span_dir == 0) {
            /* for years, in decades: only after a duration preposition */
            if (!(i > 0 && in_range(c, i - 1, i) && has_role(c, i - 1, TR_SPAN_PREP)) && !in_prefix)
                return;
            if (in_prefix || the)
                return;
        }
    }
    if (article && !the && i > 0 && in_range(c, i - 1, i) &&
        (lxc(c, i - 1, NERVE__LX_MULT) || c->a[i - 1].nk != NK_NONE ||
         has_role(c, i - 1, TR_PERCENT)) &&
        !plural && !in_prefix) {
        /* "twice a week", "$5 a year": frequency, not duration */
        if (!lxc(c, e, NERVE__LX_RELATION)) {
            size_t b = i;
            if (lxc(c, i - 1, NERVE__LX_MULT)) {
                b = i - 1;
                if (has_role(c, i - 1, TR_TIMES) && i > 1 && in_range(c, i - 2, i) &&
                    c->a[i - 2].nk == NK_INT)
                    b = i - 2;
                else if (has_role(c, i - 1, TR_TIMES) && i > 1 && lxc(c, i - 2, NERVE__LX_NUMBER))
                    b = i - 2;
            }
            tmatch *m = nerve__tx_new_match(ms, b, e, NERVE_TYPE_SET, "frequency", 0.7f);
            if (m)
                nerve__tx_put_duration(m, u->sval, 1);
            return;
        }
    }
    tmatch *m;
    const nerve__lx_entry *rel = in_range(c, e, i) ? lxc(c, e, NERVE__LX_RELATION) : NULL;
    int from_now = has_role(c, e, TR_FROM) && has_role(c, e + 1, TR_NOW) && in_range(c, e + 1, i);
    if (rel && has_role(c, e, TR_SINCE))
        rel = NULL; /* "two years after the war": relative to an event */
    if (rel && !from_now &&
        (has_role(c, e, TR_LATER) || (has_role(c, e, TR_EARLIER) && strcmp(u->sval, "Y") != 0))) {
        /* "three days later", "a day earlier": TimeML marks the duration and
         * leaves the signal out; its date hangs on an event */
        if ((m = nerve__tx_new_match(ms, in_prefix ? i + 1 : i, e, NERVE_TYPE_DURATION, "duration",
                                     0.8f)))
            nerve__tx_put_duration(m, u->sval, n);
        return;
    }
    if ((rel || from_now) && !span_dir && !first && !the) {
        int sign = from_now ? 1 : rel->ival;
        size_t end = from_now ? e + 2 : e + 1;
        if (!(m = nerve__tx_new_match(ms, in_prefix ? i + 1 : i, end, NERVE_TYPE_DATE, "offset",
                                      0.85f)))
            return;
        if (n < 0) {
            nerve__tx_put(m, sign < 0 ? "PAST_REF" : "FUTURE_REF");
            return;
        }
        const char *uv = u->sval;
        if (!strcmp(uv, "Y") && c->quarter_doc && n == 1 && c->dct) {
            int ry, rq;
            nerve__tx_reported_quarter(c->dct, &ry, &rq);
            m->rel = 1;
            nerve__tx_put(m, "%04d-Q%d", ry - 1, rq);
            return;
        }
        long nn = (long)(n * sign);
        if (!strcmp(uv, "DE"))
            nerve__tx_put_shift(c, m, 'Y', 0, nn * 10);
        else if (!strcmp(uv, "CE"))
            nerve__tx_put_shift(c, m, 'Y', 0, nn * 100);
        else if (!strcmp(uv, "WE"))
            nerve__tx_put_shift(c, m, 'W', 0, nn);
        else if (!strcmp(uv, "SE"))
            nerve__tx_put_shift(c, m, 'M', 0, nn * 3);
        else
            nerve__tx_put_shift(c, m, uv[0], uv[1], nn);
        return;
    }
    if (in_prefix) {
        /* "in three weeks": a date when the clause speaks of the future */
        if (bare || n < 0 || !c->dct ||
            nerve__tx_clause_tense(c, i + 1, e) != NERVE__TENSE_FUTURE || the || span_dir ||
            first) {
            /* a duration: "in" stays out of the span */
        } else {
            if (!(m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_DATE, "offset", 0.75f)))
                return;
            const char *uv = u->sval;
            long nn = (long)n;
            if (!strcmp(uv, "DE"))
                nerve__tx_put_shift(c, m, 'Y', 0, nn * 10);
            else if (!strcmp(uv, "CE"))
                nerve__tx_put_shift(c, m, 'Y', 0, nn * 100);
            else
                nerve__tx_put_shift(c, m, uv[0], uv[1], nn);
            return;
        }
    }
    size_t b = in_prefix ? i + 1 : i;
    if (bare && span_dir) {
        /* recent years / the coming weeks / the past year */
        if (!plural)
            return;
        if (!(m = nerve__tx_new_match(ms, b, e, NERVE_TYPE_DATE, "reference", 0.6f)))
            return;
        nerve__tx_put(m, span_dir < 0 ? "PAST_REF" : "FUTURE_REF");
        return;
    }
    if (!(m = nerve__tx_new_match(ms, b, e, NERVE_TYPE_DURATION, "duration", bare ? 0.6f : 0.85f)))
        return;
    nerve__tx_put_duration(m, u->sval, n);
}

/* Sets: daily, weekly, every Friday, each year, every other week, each season. */
void nerve__tx_parse_set(const ctx *c, size_t i, mset *ms)
{
    const nerve__lx_entry *s = lxc(c, i, NERVE__LX_SET);
    if (!s)
        return;
    tmatch *m;
    if (strcmp(s->sval, "Q") != 0) {
        if ((c->a[i].flags & AF_HYNEXT) || (i > 0 && (c->a[i - 1].flags & AF_HYNEXT)))
            return;
        if ((m = nerve__tx_new_match(ms, i, i + 1, NERVE_TYPE_SET, "set", 0.8f)))
            nerve__tx_put(m, "%s", s->sval);
        return;
    }
    size_t j = i + 1;
    int step = 1;
    if (has_role(c, j, TR_OTHER))
        step = 2, j++;
    double n = 1;
    int article = 0;
    size_t k = in_range(c, j, i) ? nerve__tx_number_phrase(c, j, &n, &article) : 0;
    if (k && !article)
        j += k;
    else
        n = 1;
    if (!in_range(c, j, i))
        return;
    const nerve__lx_entry *w = nerve__tx_name_at(c, j, NERVE__LX_WEEKDAY);
    if (w && !(w->flags & NERVE__LXF_PLURAL)) {
        if ((m = nerve__tx_new_match(ms, i, j + 1, NERVE_TYPE_SET, "set", 0.85f)))
            nerve__tx_put(m, "XXXX-WXX-%d", w->ival);
        return;
    }
    const nerve__lx_entry *mo = nerve__tx_name_at(c, j, NERVE__LX_MONTH);
    if (mo) {
        if ((m = nerve__tx_new_match(ms, i, j + 1, NERVE_TYPE_SET, "set", 0.85f)))
            nerve__tx_put(m, "XXXX-%02d", mo->ival);
        return;
    }
    const nerve__lx_entry *se = lxc(c, j, NERVE__LX_SEASON);
    if (se) {
        if ((m = nerve__tx_new_match(ms, i, j + 1, NERVE_TYPE_SET, "set", 0.85f)))
            nerve__tx_put(m, "XXXX-%s", se->sval);
        return;
    }
    const nerve__lx_entry *pod = lxc(c, j, NERVE__LX_PARTOFDAY);
    if (pod && pod->sval[0] != 'T') {
        if ((m = nerve__tx_new_match(ms, i, j + 1, NERVE_TYPE_SET, "set", 0.8f)))
            nerve__tx_put(m, "XXXX-XX-XXT%s", pod->sval);
        return;
    }
    const nerve__lx_entry *u = nerve__tx_unit_at(c, j);
    if (!u)
        return;
    size_t b = i;
    if (has_role(c, i, TR_PER) && i > 0 && lxc(c, i - 1, NERVE__LX_MULT))
        b = i - 1;
    if ((m = nerve__tx_new_match(ms, b, j + 1, NERVE_TYPE_SET, "set", 0.85f)))
        nerve__tx_put_duration(m, u->sval, n * step);
}

/* Clock times: 3 p.m., 15:30 GMT, noon, 9 a.m. Tuesday, 10:35 a.m. EDT. */
void nerve__tx_parse_time(const ctx *c, size_t i, mset *ms)
{
    char clk[16];
    size_t k = nerve__tx_clock_at(c, i, clk, sizeof clk);
    if (!k)
        return;
    const atom *a = &c->a[i];
    if (a->nk == NK_CLOCK && a->n[2] < 0 && k == 1) {
        /* bare 15:30: not after "won" / a score context; needs a time word or preposition */
        if (!(i > 0 && in_range(c, i - 1, i) && has_role(c, i - 1, TR_CLOCK_PREP)))
            return;
    }
    size_t e = i + k;
    char day[24] = "";
    int rel = 0;
    /* a day after: 9 a.m. Tuesday, 3 p.m. today, noon on Friday */
    size_t dj = e;
    if (has_role(c, dj, TR_ON) && in_range(c, dj + 1, i))
        dj++;
    if (in_range(c, dj, i)) {
        mset sub = {0};
        const nerve__lx_entry *w = nerve__tx_name_at(c, dj, NERVE__LX_WEEKDAY);
        const nerve__lx_entry *dx = lxc(c, dj, NERVE__LX_DEICTIC);
        if (w && !(w->flags & NERVE__LXF_PLURAL))
            nerve__tx_parse_weekday(c, dj, &sub);
        else if (dx && dx->sval[0] == 'D')
            nerve__tx_parse_deictic(c, dj, &sub);
        else if (nerve__tx_name_at(c, dj, NERVE__LX_MONTH))
            nerve__tx_parse_month(c, dj, &sub);
        if (sub.n == 1 && sub.m[0].type == NERVE_TYPE_DATE && strlen(sub.m[0].value) == 10) {
            snprintf(day, sizeof day, "%s", sub.m[0].value);
            rel = sub.m[0].rel;
            e = sub.m[0].e;
        }
    }
    tmatch *m = nerve__tx_new_match(ms, i, e, NERVE_TYPE_TIME, "time", 0.9f);
    if (!m)
        return;
    if (day[0]) {
        nerve__tx_put(m, "%s%s", day, clk);
        m->rel = rel;
    } else if (c->dct) {
        m->rel = 1;
        nerve__tx_put(m, "%04d-%02d-%02d%s", c->dct->year, c->dct->month, c->dct->day, clk);
    } else
        nerve__tx_put(m, "XXXX-XX-XX%s", clk);
}
