/*
 * timex.h - temporal expressions: recognition of DATE, TIME, DURATION and
 * SET mentions and their TIMEX3 values, resolved against the document
 * creation time (DCT) and the tense of the clause around them.
 *
 * The words it knows (months, weekdays, number words, temporal nouns, tense
 * cues) come from a lexicon file (rules/timex.tsv) loaded into an immutable
 * nerve__timex_lexicon owned by the model.
 */
#ifndef NERVE_TIMEX_H
#define NERVE_TIMEX_H

#include "alloc.h"
#include "nerve.h"

#include <stdint.h>

/* A calendar date; fields 0 when unknown. */
typedef struct nerve__date {
    int year, month, day;
} nerve__date;

/* Parse "YYYY-MM-DD" (exactly); returns NERVE_OK or NERVE_EDATE. */
int nerve__date_parse(const char *s, nerve__date *out);

/* Years a document date (nerve_options.dct) may have. Year 0 means
 * "unknown" inside the temporal stage, and offsets of up to a thousand years
 * from the document date keep four-digit years. */
#define NERVE__DCT_MIN_YEAR 1000
#define NERVE__DCT_MAX_YEAR 8999

/* Make a TIMEX3 value well-formed in place: a year part that came out
 * negative or wider than four digits (a date far from the document date)
 * becomes XXXX. Returns 1 when the value was changed. */
int nerve__timex_value_repair(char *v, size_t cap);

typedef struct nerve__timex_lexicon nerve__timex_lexicon;

/* Load the lexicon TSV at path; errors and origins name it `name` (the
 * file relative to the data folder, "rules/timex.tsv"; NULL: path), with
 * line and column. */
int nerve__timex_lexicon_load(const nerve_allocator *al, const char *path, const char *name,
                              nerve__timex_lexicon **out, nerve_error *err);
int nerve__timex_lexicon_load_buffer(const nerve_allocator *al, const char *name, const char *src,
                                     size_t len, nerve__timex_lexicon **out, nerve_error *err);
void nerve__timex_lexicon_free(nerve__timex_lexicon *lx);

/*
 * Find temporal mentions in the tokenized text and append them to out (not
 * sorted with other mentions; the caller merges). dct may be NULL (values
 * are then underspecified: XXXX-XX-XX style). Value and anchor strings are
 * allocated in arena. Mentions have type DATE/TIME/DURATION/SET, source
 * NERVE_SOURCE_RULE, token range, sentence and span (byte and code point)
 * filled; entity NERVE_NONE.
 */
int nerve__timex_find(const nerve__timex_lexicon *lx, const nerve_allocator *al,
                      nerve__arena *arena, const char *text, const nerve_token *tok, size_t ntok,
                      const nerve_sentence *sent, size_t nsent, const nerve__date *dct,
                      nerve__mention_vec *out);

/* ---- Calendar arithmetic (timex_norm.c): pure functions, unit-tested. ---- */

int nerve__is_leap(int y);
int nerve__days_in_month(int y, int m); /* 0 for a month outside 1..12 */
int nerve__date_valid(nerve__date d);
long nerve__date_to_days(nerve__date d); /* days since 1970-01-01 */
nerve__date nerve__days_to_date(long days);
int nerve__weekday(nerve__date d); /* ISO: Monday 1 .. Sunday 7 */
nerve__date nerve__date_add_days(nerve__date d, long n);
/* Add months, clamping the day to the month end (Jan 31 + 1 = Feb 28/29). */
nerve__date nerve__date_add_months(nerve__date d, int n);
void nerve__iso_week(nerve__date d, int *iso_year, int *week);
int nerve__iso_weeks_in_year(int iso_year);                /* 52 or 53 */
nerve__date nerve__iso_week_start(int iso_year, int week); /* its Monday */
nerve__date nerve__easter(int y);
/* n-th (1-based) weekday wd (1..7) of month m; n <= 0 means the last one. */
nerve__date nerve__nth_weekday(int y, int m, int n, int wd);

/*
 * How a bare weekday, month or day of the month is placed around the DCT:
 * PAST   the last such day on or before the DCT (same day counts)
 * FUTURE the next such day on or after the DCT (same day counts: news
 *        "will meet Friday" written on a Friday is that day)
 * NONE / PRESENT  the nearest one, ties to the past (HeidelTime news mode)
 * LAST / NEXT     "last Friday" strictly before, "next Friday" strictly after
 * THIS   the one in the DCT's ISO week (weekday) or year (month)
 */
enum {
    NERVE__TENSE_NONE = 0,
    NERVE__TENSE_PAST,
    NERVE__TENSE_PRESENT,
    NERVE__TENSE_FUTURE,
    NERVE__TENSE_LAST,
    NERVE__TENSE_NEXT,
    NERVE__TENSE_THIS
};
nerve__date nerve__resolve_weekday(nerve__date dct, int wd, int tense);
/* Year of a bare month name (1..12) relative to the DCT. */
int nerve__resolve_month_year(nerve__date dct, int month, int tense);
/* Year of a month + day without a year relative to the DCT. */
int nerve__resolve_day_year(nerve__date dct, int month, int day, int tense);
/* Season of a date: 0 SP, 1 SU, 2 FA, 3 WI (winter belongs to the year of its December). */
int nerve__season_of(nerve__date d, int *season_year);

#endif
