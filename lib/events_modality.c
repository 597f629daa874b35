/*
 * events_modality.c - the modality of an event (step 4 of events.c): the
 * cue words of the trigger's clause (lexicon classes modality_*) and the
 * rule that an asserted event dated after the document date is planned;
 * the calendar arithmetic that needs (day numbers, ISO weeks), shared with
 * merging.
 */
#include "events_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Cue classes present in tokens [b, e) (from lexicon matches). */
static unsigned cues_in(const nerve__view *in, size_t b, size_t e)
{
    const nerve_model *m = in->model;
    unsigned cues = 0;
    if (b >= e || b >= in->ntok)
        return 0;
    size_t mlo = nerve__events_first_mention(in, in->tok[b].sentence);
    for (size_t k = nerve__gaz_first_match_at(in->gaz, in->ngaz, b); k < in->ngaz; k++) {
        const nerve__gaz_match *g = &in->gaz[k];
        if (g->tok_begin >= e)
            break;
        size_t mk = nerve__events_mention_at(in, mlo, g->tok_begin);
        int in_date = mk != NERVE_NONE && (in->ment[mk].type == NERVE_TYPE_DATE ||
                                           in->ment[mk].type == NERVE_TYPE_TIME);
        for (uint32_t j = 0; j < g->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(m->gaz, in->gaz_ids[g->first + j], &en);
            if (en.type != NERVE__TYPE_LEX)
                continue;
            for (int c = NERVE__CLS_PLANNED; c <= NERVE__CLS_UNCERTAIN; c++)
                if (en.subtype_class == m->cls[c] && !(in_date && c == NERVE__CLS_UNCERTAIN))
                    cues |= 1u << (c - NERVE__CLS_PLANNED); /* "in May" is no doubt */
        }
    }
    return cues;
}

/* The clause around a trigger: back to the previous ';' or sentence start,
 * at most 12 tokens; forward 2 tokens, and 8 for cancellation cues. */
int nerve__events_modality_of(const nerve__view *in, size_t sent, size_t trig_b, size_t trig_e)
{
    const nerve_sentence *se = &in->sent[sent];
    const nerve_token *tok = in->tok;
    size_t first = se->token_begin, end = first + se->token_count;
    size_t b = trig_b;
    /* "Funaro will brief Baker before travelling to Europe": a participle
     * after a clause word has the modality of the clause it hangs on */
    int participle = nerve__events_participle_at(in, sent, trig_b) != NERVE_NONE;
    while (b > first && (trig_b - b < 12 || participle)) {
        const nerve_token *t = &tok[b - 1];
        if (t->kind == NERVE_TOKEN_PUNCT && t->norm_len == 1 &&
            (t->norm[0] == ';' || t->norm[0] == ':'))
            break;
        b--;
    }
    size_t e = trig_e + 2 < end ? trig_e + 2 : end;
    unsigned cues = cues_in(in, b, e);
    /* "the visit to Ghana was postponed", "an accord with the IMF could be
     * ...": cancellation and doubt may follow the trigger in its clause */
    size_t e2 = trig_e + 8 < end ? trig_e + 8 : end;
    size_t stop = e, e3 = trig_e + 10 < end ? trig_e + 10 : end;
    while (stop < e3 && !is_punct(&tok[stop], ',') && !is_punct(&tok[stop], ';') &&
           !nerve__events_tok_in_class(in, stop, in->model->cls[NERVE__CLS_CLAUSE_START]))
        stop++;
    cues |= cues_in(in, e, e2) & CUE_CANCELLED;
    cues |= cues_in(in, e, stop) & CUE_UNCERTAIN;
    if (cues & CUE_UNCERTAIN)
        return NERVE_MODALITY_UNCERTAIN;
    if (cues & CUE_CANCELLED)
        return NERVE_MODALITY_CANCELLED;
    if (cues & CUE_NEGATED)
        return NERVE_MODALITY_NEGATED;
    if (cues & CUE_PLANNED)
        return NERVE_MODALITY_PLANNED;
    return NERVE_MODALITY_ASSERTED;
}

/* Days from 1970-01-01 of a proleptic Gregorian date. */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Day number of a "YYYY-MM-DD..." value, or -1. */
long nerve__events_day_number(const char *v)
{
    int y, m, d;
    if (!v || strlen(v) < 10 || sscanf(v, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return -1;
    return days_from_civil(y, m, d);
}

/* The ISO week of day number day of year y (or the days around its turn)
 * as "YYYY-Www" (out: 16 bytes), or 0. */
static int iso_week_of_day(long day, int y, char *out)
{
    long weekday = ((day % 7) + 7 + 3) % 7; /* Monday 0: 1970-01-01 was a Thursday */
    long thursday = day - weekday + 3;      /* the week belongs to its Thursday's year */
    for (int wy = y + 1; wy >= y - 1; wy--) {
        long jan1 = days_from_civil(wy, 1, 1);
        if (jan1 <= thursday) {
            unsigned wk = (unsigned)((thursday - jan1) / 7 + 1);
            snprintf(out, 16, "%04u-W%02u", (unsigned)wy, wk);
            return 1;
        }
    }
    return 0;
}

/* The ISO week of a "YYYY-MM-DD" date as "YYYY-Www" (out: 16 bytes), or 0. */
int nerve__events_iso_week_of(const char *date, char *out)
{
    int y, m, d;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1 || y > 9998)
        return 0;
    return iso_week_of_day(days_from_civil(y, m, d), y, out);
}

/* Is a day of the "YYYY-MM-DD" date within `slack` days of the ISO week
 * week ("YYYY-Www")? */
int nerve__events_day_near_week(const char *date, const char *week, int slack)
{
    int y, m, d;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 2 || y > 9997)
        return 0;
    long day = days_from_civil(y, m, d);
    char w[16];
    for (long k = -slack; k <= slack; k++)
        if (iso_week_of_day(day + k, y, w) && strcmp(w, week) == 0)
            return 1;
    return 0;
}

/* Asserted events dated after the document date (a later day, week or
 * month) are planned. */
void nerve__events_future_is_planned(ev_state *st)
{
    const nerve__view *in = st->in;
    if (!in->dct)
        return;
    char dct_str[16]; /* "YYYY-MM-DD", as the mentions' values write dates */
    snprintf(dct_str, sizeof dct_str, "%04d-%02d-%02d", in->dct->year, in->dct->month,
             in->dct->day);
    char week[16] = "";
    if (!nerve__events_iso_week_of(dct_str, week))
        week[0] = '\0';
    for (size_t i = 0; i < st->ev.n; i++) {
        ev_tmp *e = &st->ev.v[i];
        const ev_arg *when = e->alive ? find_arg(st, e, "when") : NULL;
        if (!when || e->modality != NERVE_MODALITY_ASSERTED)
            continue;
        const char *anchor = in->ment[when->mention].anchor;
        if (anchor && strcmp(anchor, "DCT") != 0)
            continue; /* "the next day": after a day of the story, not of the report */
        const char *v = in->ment[when->mention].value;
        size_t n = v ? strlen(v) : 0;
        if (n >= 10 && v[4] == '-' && v[7] == '-' && strncmp(v, dct_str, 10) > 0)
            e->modality = NERVE_MODALITY_PLANNED;
        else if (n == 8 && v[4] == '-' && v[5] == 'W' && week[0] && strcmp(v, week) > 0)
            e->modality = NERVE_MODALITY_PLANNED; /* "next week" */
        else if (n == 7 && v[4] == '-' && strncmp(v, dct_str, 7) > 0)
            e->modality = NERVE_MODALITY_PLANNED; /* "next month" */
    }
}
