/*
 * timex_norm.c - calendar arithmetic for temporal normalization: leap years,
 * month ends, day numbers, ISO weekdays and weeks, Easter, n-th weekday of a
 * month, and the tense-aware choice of a weekday or month around the DCT.
 * Pure functions on nerve__date values; nothing here allocates or reads a
 * clock.
 */
#include "timex.h"

#include <stddef.h>
#include <string.h>

int nerve__is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int nerve__days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && nerve__is_leap(y) ? 29 : dim[m - 1];
}

int nerve__date_valid(nerve__date d)
{
    return d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= nerve__days_in_month(d.year, d.month);
}

int nerve__date_parse(const char *s, nerve__date *out)
{
    int v[3] = {0, 0, 0};
    static const int width[3] = {4, 2, 2};
    size_t p = 0;
    if (!s || !out)
        return NERVE_EINVAL;
    for (int f = 0; f < 3; f++) {
        for (int k = 0; k < width[f]; k++, p++) {
            if (s[p] < '0' || s[p] > '9')
                return NERVE_EDATE;
            v[f] = v[f] * 10 + (s[p] - '0');
        }
        if (f < 2 && s[p++] != '-')
            return NERVE_EDATE;
    }
    if (s[p] != '\0')
        return NERVE_EDATE;
    nerve__date d = {v[0], v[1], v[2]};
    if (!nerve__date_valid(d))
        return NERVE_EDATE;
    *out = d;
    return NERVE_OK;
}

int nerve__timex_value_repair(char *v, size_t cap)
{
    /* Durations (P...), times (T...) and references (PAST_REF ...) carry no
     * year; every other value starts with its year, century or decade. */
    size_t k = v[0] == '-' ? 1 : 0, n = 0;
    while (v[k + n] >= '0' && v[k + n] <= '9')
        n++;
    if (k == 0 && n <= 4)
        return 0;
    if (n == 0 && k == 0)
        return 0;
    size_t rest = strlen(v + k + n);
    if (4 + rest + 1 > cap)
        rest = cap - 5;
    memmove(v + 4, v + k + n, rest);
    memcpy(v, "XXXX", 4);
    v[4 + rest] = '\0';
    return 1;
}

/* Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
long nerve__date_to_days(nerve__date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

nerve__date nerve__days_to_date(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    nerve__date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

int nerve__weekday(nerve__date d)
{
    long z = nerve__date_to_days(d); /* 1970-01-01 was a Thursday (4) */
    long w = (z + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

nerve__date nerve__date_add_days(nerve__date d, long n)
{
    return nerve__days_to_date(nerve__date_to_days(d) + n);
}

nerve__date nerve__date_add_months(nerve__date d, int n)
{
    long m = (long)d.year * 12 + (d.month - 1) + n;
    long y = m >= 0 ? m / 12 : -((-m + 11) / 12);
    nerve__date r;
    r.year = (int)y;
    r.month = (int)(m - y * 12) + 1;
    int dim = nerve__days_in_month(r.year, r.month);
    r.day = d.day > dim ? dim : d.day; /* Jan 31 + 1 month = Feb 28/29 */
    return r;
}

void nerve__iso_week(nerve__date d, int *iso_year, int *week)
{
    /* The ISO week belongs to the year of its Thursday. */
    int wd = nerve__weekday(d);
    nerve__date thu = nerve__date_add_days(d, 4 - wd);
    nerve__date jan1 = {thu.year, 1, 1};
    long doy = nerve__date_to_days(thu) - nerve__date_to_days(jan1);
    *iso_year = thu.year;
    *week = (int)(doy / 7) + 1;
}

int nerve__iso_weeks_in_year(int y)
{
    nerve__date dec28 = {y, 12, 28}; /* always in the last ISO week */
    int iy, w;
    nerve__iso_week(dec28, &iy, &w);
    return w;
}

nerve__date nerve__iso_week_start(int iso_year, int week)
{
    nerve__date jan4 = {iso_year, 1, 4}; /* always in week 1 */
    nerve__date mon1 = nerve__date_add_days(jan4, 1 - nerve__weekday(jan4));
    return nerve__date_add_days(mon1, 7L * (week - 1));
}

nerve__date nerve__easter(int y)
{
    /* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    nerve__date r = {y, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1};
    return r;
}

nerve__date nerve__nth_weekday(int y, int m, int n, int wd)
{
    nerve__date r = {y, m, 1};
    if (n > 0) {
        int first = nerve__weekday(r);
        r.day = 1 + (wd - first + 7) % 7 + 7 * (n - 1);
    } else {
        r.day = nerve__days_in_month(y, m);
        int last = nerve__weekday(r);
        r.day -= (last - wd + 7) % 7;
    }
    return r;
}

nerve__date nerve__resolve_weekday(nerve__date dct, int wd, int tense)
{
    int cur = nerve__weekday(dct);
    int back = (cur - wd + 7) % 7; /* days back to the last such day, 0..6 */
    int fwd = (wd - cur + 7) % 7;  /* days ahead to the next one, 0..6 */
    switch (tense) {
    case NERVE__TENSE_PAST:
        return nerve__date_add_days(dct, -back);
    case NERVE__TENSE_FUTURE:
        return nerve__date_add_days(dct, fwd);
    case NERVE__TENSE_LAST: /* "last Friday": strictly before */
        return nerve__date_add_days(dct, back ? -back : -7);
    case NERVE__TENSE_NEXT: /* "next Friday": strictly after */
        return nerve__date_add_days(dct, fwd ? fwd : 7);
    case NERVE__TENSE_THIS: /* "this Friday": in the DCT's ISO week */
        return nerve__date_add_days(dct, wd - cur);
    default: /* nearest, ties to the past */
        return nerve__date_add_days(dct, back <= fwd ? -back : fwd);
    }
}

int nerve__resolve_month_year(nerve__date dct, int month, int tense)
{
    int back = (dct.month - month + 12) % 12;
    int fwd = (month - dct.month + 12) % 12;
    int y = dct.year;
    switch (tense) {
    case NERVE__TENSE_PAST:
        return month <= dct.month ? y : y - 1;
    case NERVE__TENSE_FUTURE:
        return month >= dct.month ? y : y + 1;
    case NERVE__TENSE_LAST:
        return month < dct.month ? y : y - 1;
    case NERVE__TENSE_NEXT:
        return month > dct.month ? y : y + 1;
    case NERVE__TENSE_THIS:
        return y;
    default:
        if (back <= fwd)
            return month <= dct.month ? y : y - 1;
        return month >= dct.month ? y : y + 1;
    }
}

int nerve__resolve_day_year(nerve__date dct, int month, int day, int tense)
{
    /* Which year puts month/day at the right side of the DCT. */
    long t = nerve__date_to_days(dct);
    int best = dct.year;
    long bestd = 0;
    int have = 0;
    for (int y = dct.year - 1; y <= dct.year + 1; y++) {
        nerve__date c = {y, month, day};
        if (!nerve__date_valid(c)) {
            if (month == 2 && day == 29) /* Feb 29 only in leap years: no shift */
                c.day = 28;
            else
                continue;
        }
        long diff = nerve__date_to_days(c) - t;
        int ok;
        switch (tense) {
        case NERVE__TENSE_PAST:
            ok = diff <= 0;
            break;
        case NERVE__TENSE_FUTURE:
            ok = diff >= 0;
            break;
        case NERVE__TENSE_LAST:
            ok = diff < 0;
            break;
        case NERVE__TENSE_NEXT:
            ok = diff > 0;
            break;
        case NERVE__TENSE_THIS:
            ok = y == dct.year;
            break;
        default:
            ok = 1;
        }
        if (!ok)
            continue;
        long ad = diff < 0 ? -diff : diff;
        /* past/last want the latest, future/next the earliest, else nearest (ties: past) */
        int better;
        if (!have)
            better = 1;
        else if (tense == NERVE__TENSE_PAST || tense == NERVE__TENSE_LAST)
            better = diff > bestd;
        else if (tense == NERVE__TENSE_FUTURE || tense == NERVE__TENSE_NEXT)
            better = diff < bestd;
        else {
            long bd = bestd < 0 ? -bestd : bestd;
            better = ad < bd || (ad == bd && diff < bestd);
        }
        if (better) {
            best = y;
            bestd = diff;
            have = 1;
        }
    }
    return best;
}

int nerve__season_of(nerve__date d, int *season_year)
{
    /* 0 SP (Mar-May), 1 SU (Jun-Aug), 2 FA (Sep-Nov), 3 WI (Dec-Feb, year of its December) */
    if (d.month >= 3 && d.month <= 5) {
        *season_year = d.year;
        return 0;
    }
    if (d.month >= 6 && d.month <= 8) {
        *season_year = d.year;
        return 1;
    }
    if (d.month >= 9 && d.month <= 11) {
        *season_year = d.year;
        return 2;
    }
    *season_year = d.month == 12 ? d.year : d.year - 1;
    return 3;
}
