/*
 * timex_value.c - writing TIMEX3 values into a match: dates, shifts from the
 * DCT by a unit, durations.
 */
#include "timex_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Values                                                                   */
/* ------------------------------------------------------------------------ */

void nerve__tx_put(tmatch *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->value, sizeof m->value, fmt, ap);
    va_end(ap);
}

void nerve__tx_put_ymd(tmatch *m, int y, int mo, int d)
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
        nerve__tx_put(m, "%s-%s-%s", ys, ms, ds);
    else if (mo != 0)
        nerve__tx_put(m, "%s-%s", ys, ms);
    else
        nerve__tx_put(m, "%s", ys);
}

void nerve__tx_put_date(tmatch *m, nerve__date d)
{
    nerve__tx_put_ymd(m, d.year, d.month, d.day);
}

void nerve__tx_append(tmatch *m, const char *s)
{
    size_t n = strlen(m->value);
    snprintf(m->value + n, sizeof m->value - n, "%s", s);
}

int nerve__tx_quarter_of(int month)
{
    return (month - 1) / 3 + 1;
}

/* The quarter financial news calls "the quarter": the one just reported. */
void nerve__tx_reported_quarter(const nerve__date *dct, int *y, int *q)
{
    *y = dct->year;
    *q = nerve__tx_quarter_of(dct->month);
    if ((dct->month - 1) % 3 < 2) {
        if (--*q == 0) {
            *q = 4;
            --*y;
        }
    }
}

/* Value for a DCT shifted by n units at that unit's granularity. */
void nerve__tx_put_shift(const ctx *c, tmatch *m, char unit0, char unit1, long n)
{
    if (!c->dct) {
        switch (unit0) {
        case 'D':
            nerve__tx_put(m, "XXXX-XX-XX");
            return;
        case 'W':
            nerve__tx_put(m, "XXXX-WXX");
            return;
        case 'M':
            nerve__tx_put(m, "XXXX-XX");
            return;
        case 'Q':
            nerve__tx_put(m, "XXXX-QX");
            return;
        default:
            nerve__tx_put(m, "XXXX");
            return;
        }
    }
    nerve__date d = *c->dct;
    m->rel = 1;
    switch (unit0) {
    case 'T': /* hours/minutes: the day it falls on */
        if (unit1 == 'H')
            d = nerve__date_add_days(d, n / 24);
        nerve__tx_put_date(m, d);
        return;
    case 'D':
        nerve__tx_put_date(m, nerve__date_add_days(d, n));
        return;
    case 'W': {
        int iy, w;
        nerve__iso_week(nerve__date_add_days(d, 7 * n), &iy, &w);
        nerve__tx_put(m, unit1 == 'E' ? "%04d-W%02d-WE" : "%04d-W%02d", iy, w);
        return;
    }
    case 'F':
        nerve__tx_put_date(m, nerve__date_add_days(d, 14 * n));
        return;
    case 'M': {
        nerve__date r = nerve__date_add_months(d, (int)n);
        nerve__tx_put_ymd(m, r.year, r.month, 0);
        return;
    }
    case 'Q': {
        int qi = d.year * 4 + nerve__tx_quarter_of(d.month) - 1 + (int)n;
        nerve__tx_put(m, "%04d-Q%d", qi / 4, qi % 4 + 1);
        return;
    }
    case 'S': { /* season */
        int sy, s = nerve__season_of(d, &sy);
        int si = sy * 4 + s + (int)n;
        static const char *sn[4] = {"SP", "SU", "FA", "WI"};
        nerve__tx_put(m, "%04d-%s", si / 4, sn[si % 4]);
        return;
    }
    case 'C': /* century */
        if (unit1 == 'E') {
            int cy = (d.year + (int)n * 100) / 100;
            if (cy >= 0 && cy <= 99)
                nerve__tx_put(m, "%02d", cy);
            else /* three digits would read as a decade */
                nerve__tx_put(m, "XX");
            return;
        }
        break;
    case 'Y':
    default:
        break;
    }
    if (unit0 == 'D' + 0 || unit0 == 'Y') {
        nerve__tx_put_ymd(m, d.year + (int)n, 0, 0);
        return;
    }
    if (unit0 == 'E' || (unit0 == 'D' && unit1 == 'E')) {
        int dy = (d.year + (int)n * 10) / 10;
        if (dy >= 0 && dy <= 999)
            nerve__tx_put(m, "%03d", dy);
        else /* four digits would read as a year */
            nerve__tx_put(m, "XXX");
        return;
    }
    nerve__tx_put_ymd(m, d.year + (int)n, 0, 0);
}

/* Duration value for n (may be fractional) units; n < 0 means vague (X). */
void nerve__tx_put_duration(tmatch *m, const char *unit, double n)
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
                nerve__tx_put(m, "P%s%ld%s%s%ld%s", t ? "T" : "", (long)whole, u,
                              st && !t ? "T" : "", (long)rest, su);
            else
                nerve__tx_put(m, "P%s%ld%s", st ? "T" : "", (long)rest, su);
            return;
        }
        snprintf(num, sizeof num, "%g", n);
    }
    nerve__tx_put(m, "P%s%s%s", t ? "T" : "", num, u);
}
