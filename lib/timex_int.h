/*
 * timex_int.h - what the files of the timex module share: the lexicon's
 * classes, flags and entries and its lookup (timex_lexicon.c); atoms, the
 * match context and the small atom predicates every parser uses; and the
 * functions one file of the tagger calls in another. Not used outside the
 * timex module.
 *
 *   timex.c            driver: first-token filter, the parser list, emit
 *   timex_atoms.c      tokens -> atoms (keys, number shapes, flags)
 *   timex_tense.c      tense of the clause (places bare days and months)
 *   timex_value.c      writing TIMEX3 values
 *   timex_recognize.c  small recognizers shared by the parsers
 *   timex_parse.c      parsers of absolute names (dates, years, weekdays,
 *                      holidays, seasons, quarters) and their helpers
 *   timex_parse_rel.c  parsers of relative expressions, durations, sets, times
 *   timex_lexicon.c    loading rules/timex.tsv
 *   timex_norm.c       value repair and date arithmetic
 */
#ifndef NERVE_TIMEX_INT_H
#define NERVE_TIMEX_INT_H

#include "timex.h"

#include <stddef.h>
#include <stdint.h>

/* Lexicon classes; the names are those of the TSV's class column. */
#define NERVE__LX_CLASSES(X)                                                                       \
    X(MONTH, "month", 1)                                                                           \
    X(WEEKDAY, "weekday", 1)                                                                       \
    X(NUMBER, "number", 1)                                                                         \
    X(ORDINAL, "ordinal", 1)                                                                       \
    X(UNIT, "unit", 0)                                                                             \
    X(SEASON, "season", 0)                                                                         \
    X(PARTOFDAY, "partofday", 0)                                                                   \
    X(HOLIDAY, "holiday", 0)                                                                       \
    X(DEICTIC, "deictic", 0)                                                                       \
    X(MODIFIER, "modifier", 0)                                                                     \
    X(DIRECTION, "direction", 1)                                                                   \
    X(RELATION, "relation", 1)                                                                     \
    X(SET, "set", 0)                                                                               \
    X(TENSE, "tense", 0)                                                                           \
    X(BE, "be", 0)                                                                                 \
    X(NOTED, "noted", 0)                                                                           \
    X(TIMEZONE, "timezone", 0)                                                                     \
    X(AMPM, "ampm", 1)                                                                             \
    X(QUARTER, "quarter", 1)                                                                       \
    X(HALF, "half", 1)                                                                             \
    X(FISCAL, "fiscal", 0)                                                                         \
    X(PREP, "prep", 0)                                                                             \
    X(QUANTITY, "quantity", 0)                                                                     \
    X(DET, "det", 0)                                                                               \
    X(MULT, "mult", 0)                                                                             \
    X(OTHER, "other", 0)                                                                           \
    X(FRAC, "frac", 0)                                                                             \
    X(CONJ, "conj", 0)                                                                             \
    X(PERIOD, "period", 0)                                                                         \
    X(WORD, "word", 0)

enum {
#define NERVE__X(name, str, numeric) NERVE__LX_##name,
    NERVE__LX_CLASSES(NERVE__X)
#undef NERVE__X
        NERVE__LX_MWSTART, /* internal: first word of a multi-word key */
    NERVE__LX_NCLASS,
    /* Rows of the file that are not words (never looked up in text, no bit
     * in a class mask): parser rules, word endings, clitics. */
    NERVE__LX_RULE = NERVE__LX_NCLASS,
    NERVE__LX_ENDING,
    NERVE__LX_CLITIC,
    NERVE__LX_SUFFIX
};

/*
 * Word roles: the closed-class words the parsers test one by one, as
 * rules/timex.tsv lists them (class "word", value: the word's roles). Each
 * role names what the parsers do with its words; the words themselves live
 * only in the TSV. Lexicon entries of class word do not count in an atom's
 * class mask (they say nothing about what can start an expression).
 */
#define NERVE__TX_ROLES(X)                                                                         \
    X(A, "a")                                                                                      \
    X(AGE, "age")                                                                                  \
    X(ANAPHORIC, "anaphoric")                                                                      \
    X(AND, "and")                                                                                  \
    X(APPROX, "approx")                                                                            \
    X(AT, "at")                                                                                    \
    X(BE_PRESENT, "be_present")                                                                    \
    X(BEEN, "been")                                                                                \
    X(BOUND, "bound")                                                                              \
    X(BOUNDARY, "boundary")                                                                        \
    X(CLOCK_PREP, "clock_prep")                                                                    \
    X(COMING, "coming")                                                                            \
    X(COMPARATIVE, "comparative")                                                                  \
    X(COUPLE, "couple")                                                                            \
    X(CURRENCY, "currency")                                                                        \
    X(CURRENT, "current")                                                                          \
    X(DEICTIC_DIR, "deictic_dir")                                                                  \
    X(DURING, "during")                                                                            \
    X(EARLIER, "earlier")                                                                          \
    X(END, "end")                                                                                  \
    X(ENDED, "ended")                                                                              \
    X(FALL, "fall")                                                                                \
    X(FIRST, "first")                                                                              \
    X(FRACTION, "fraction")                                                                        \
    X(FROM, "from")                                                                                \
    X(FUTURE, "future")                                                                            \
    X(GOING, "going")                                                                              \
    X(HAD, "had")                                                                                  \
    X(HALF, "half")                                                                                \
    X(HAVE, "have")                                                                                \
    X(IN, "in")                                                                                    \
    X(INDEFINITE, "indefinite")                                                                    \
    X(LAST, "last")                                                                                \
    X(LATER, "later")                                                                              \
    X(LATEST, "latest")                                                                            \
    X(LATEST_RECENT, "latest_recent")                                                              \
    X(LONG, "long")                                                                                \
    X(MID, "mid")                                                                                  \
    X(NEAR, "near")                                                                                \
    X(NEGATION, "negation")                                                                        \
    X(NEXT_DIR, "next_dir")                                                                        \
    X(NIGHT, "night")                                                                              \
    X(NO_MONTH_DIR, "no_month_dir")                                                                \
    X(NOW, "now")                                                                                  \
    X(OF, "of")                                                                                    \
    X(OLD, "old")                                                                                  \
    X(ON, "on")                                                                                    \
    X(OPENER, "opener")                                                                            \
    X(OTHER, "other")                                                                              \
    X(PAST, "past")                                                                                \
    X(PAST_PRESENT, "past_present")                                                                \
    X(PER, "per")                                                                                  \
    X(PERCENT, "percent")                                                                          \
    X(PERFECT, "perfect")                                                                          \
    X(PERIOD, "period")                                                                            \
    X(PLANNED, "planned")                                                                          \
    X(POSSESSOR, "possessor")                                                                      \
    X(PRESENT, "present")                                                                          \
    X(QUARTER, "quarter")                                                                          \
    X(QUARTER_DIR, "quarter_dir")                                                                  \
    X(QUARTER_TALK, "quarter_talk")                                                                \
    X(REPORTED_PERIOD, "reported_period")                                                          \
    X(SAME, "same")                                                                                \
    X(SET, "set")                                                                                  \
    X(SHIFTED, "shifted")                                                                          \
    X(SINCE, "since")                                                                              \
    X(SPAN_DIR, "span_dir")                                                                        \
    X(SPAN_PREP, "span_prep")                                                                      \
    X(SUPERLATIVE, "superlative")                                                                  \
    X(THAN, "than")                                                                                \
    X(THAT_SAME, "that_same")                                                                      \
    X(THIS, "this")                                                                                \
    X(THOUSAND, "thousand")                                                                        \
    X(TIMES, "times")                                                                              \
    X(TO, "to")                                                                                    \
    X(YEAR, "year")                                                                                \
    X(YEAR_AGO, "year_ago")

enum {
#define NERVE__X(name, str) TR_##name,
    NERVE__TX_ROLES(NERVE__X)
#undef NERVE__X
        TR_COUNT_
};
#define NERVE__TX_ROLE_WORDS 2 /* uint64_t words of a role set */
_Static_assert(TR_COUNT_ <= 64 * NERVE__TX_ROLE_WORDS, "too many word roles");

#define NERVE__LXF_CAP (1u << 0)
#define NERVE__LXF_DOT (1u << 1)
#define NERVE__LXF_AMBIG (1u << 2)
#define NERVE__LXF_PLURAL (1u << 3)
#define NERVE__LXF_VAGUE (1u << 4)
#define NERVE__LXF_ARTICLE (1u << 5)
#define NERVE__LXF_BE (1u << 6)
#define NERVE__LXF_WORD (1u << 7) /* a clitic row that is a whole word ("won't") */

/* Tense cue values (class tense). */
enum {
    NERVE__CUE_NONE = 0,
    NERVE__CUE_PAST,
    NERVE__CUE_PRESENT,
    NERVE__CUE_FUTURE,
    NERVE__CUE_MODAL
};

#define NERVE__LX_NONE UINT32_MAX

typedef struct nerve__lx_entry {
    uint64_t roles[NERVE__TX_ROLE_WORDS]; /* word roles; on a chain head: of the whole chain */
    const char *key;  /* lower case, periods removed; in the lexicon's string pool */
    const char *sval; /* value column as written */
    uint32_t next;    /* next entry with the same key, or NERVE__LX_NONE */
    uint32_t mask;    /* on a chain head: classes of the whole chain (bit = 1 << class) */
    int32_t ival;     /* numeric value (X = -1), or the tense cue for class tense */
    uint32_t line;    /* its line in the lexicon file: the origin of what it decides */
    uint16_t klen;
    uint8_t cls;
    uint8_t flags;
    uint8_t words; /* words in the key */
} nerve__lx_entry;

/* A parser rule's row (class rule): the origin of an expression that has no
 * head word in the lexicon ("1987", "09/30/2020"). */
typedef struct nerve__lx_rule {
    const char *name; /* the rule name the parser gives its matches */
    uint32_t line;
} nerve__lx_rule;
#define NERVE__LX_MAX_RULES 64

/* Word endings the tense reader tests (class ending; the value names which). */
enum { NERVE__END_PAST, NERVE__END_PROGRESSIVE, NERVE__END_ADVERB, NERVE__END_COUNT_ };
/* A clitic ending (class clitic): "n't" after its host, "'ll" ... after the
 * last apostrophe. cue is a NERVE__CUE_* or -1: the host's own cue. */
typedef struct nerve__lx_affix {
    char text[8];
    uint8_t len;
    int8_t cue;
    uint8_t flags; /* NERVE__LXF_BE a form of be, _AMBIG also a possessive, _WORD whole word */
    uint32_t line;
} nerve__lx_affix;
#define NERVE__LX_MAX_CLITICS 16

/* A number's suffix (class suffix): what the letters after a number's
 * digits make of it ("1st", "1990s", "5pm"); held in nerve__lx_affix.cue. */
enum { NERVE__SUF_ORDINAL, NERVE__SUF_DECADE, NERVE__SUF_AM, NERVE__SUF_PM, NERVE__SUF_COUNT_ };
#define NERVE__LX_MAX_SUFFIXES 16

struct nerve__timex_lexicon {
    nerve_allocator al;
    const char *file; /* name of the lexicon file in origins, in pool */
    nerve__lx_rule rules[NERVE__LX_MAX_RULES];
    size_t nrules;
    nerve__lx_affix endings[NERVE__END_COUNT_]; /* len 0: not in the file */
    nerve__lx_affix clitics[NERVE__LX_MAX_CLITICS];
    size_t nclitics;
    nerve__lx_affix suffixes[NERVE__LX_MAX_SUFFIXES];
    size_t nsuffixes;
    int clitic_apos; /* every clitic has an apostrophe: a key without one has none */
    nerve__lx_entry *e;
    size_t ne;
    char *pool;
    size_t npool;
    uint32_t *slot; /* open addressing: chain head entry index or NONE */
    size_t nslot;   /* power of two */
    int max_words;
};

/* Chain head for key[0..len), or NERVE__LX_NONE. */
uint32_t nerve__lx_lookup(const nerve__timex_lexicon *lx, const char *key, size_t len);
/* The NERVE__SUF_* of a number's suffix (lower case, periods dropped), or -1. */
int nerve__lx_suffix(const nerve__timex_lexicon *lx, const char *suf, size_t len);
/* Line of the row of parser rule `rule` (class rule), 0 when it has none. */
uint32_t nerve__lx_rule_line(const nerve__timex_lexicon *lx, const char *rule);
/* Name of word role r (TR_*), for messages and tests. */
const char *nerve__tx_role_name(int r);
/* First entry of class cls in the chain starting at head, or NULL. */
const nerve__lx_entry *nerve__lx_get(const nerve__timex_lexicon *lx, uint32_t head, int cls);

#include <string.h>

/* Atoms: a token, or one hyphen-separated part of a hyphenated word. */
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
    uint64_t roles[NERVE__TX_ROLE_WORDS]; /* the key's word roles (rules/timex.tsv class word) */
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
    int rel;  /* value computed from the DCT */
    int narr; /* value computed from the narrative anchor (ctx.anchor) */
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

/* Atom predicates, inline because every parser calls them at every atom. */
static inline int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int in_range(const ctx *c, size_t i, size_t from)
{
    return i < c->na && c->a[i].sent == c->a[from].sent;
}

static inline const nerve__lx_entry *lxc(const ctx *c, size_t i, int cls)
{
    if (i >= c->na || !(c->a[i].mask & (1u << cls)))
        return NULL;
    const nerve__lx_entry *e = nerve__lx_get(c->lx, c->a[i].head, cls);
    if (e && (e->flags & NERVE__LXF_CAP) && !(c->a[i].flags & (AF_CAP | AF_ALLCAP)))
        return NULL;
    return e;
}

/* Atom i exists and its key has word role r (TR_*). */
static inline int has_role(const ctx *c, size_t i, int r)
{
    return i < c->na && ((c->a[i].roles[r >> 6] >> (r & 63)) & 1u);
}

static inline int is_punct(const ctx *c, size_t i)
{
    return i >= c->na || (c->a[i].flags & AF_PUNCT);
}

/* A 4-digit year 1000..2099 (exact shape). */
static inline int year_atom(const ctx *c, size_t i)
{
    return i < c->na && c->a[i].nk == NK_INT && c->a[i].nd[0] == 4 && c->a[i].n[0] >= 1000 &&
           c->a[i].n[0] <= 2099;
}

/* timex_atoms.c */
size_t nerve__tx_cp_count(const char *s, size_t n);
/* Atoms of tokens [lo, hi), into c->a (reused; c->cap atoms allocated). */
int nerve__tx_build_atoms(ctx *c, const nerve_allocator *al, const nerve_token *tok, size_t lo,
                          size_t ntok);
/* A year said in words, as broadcast transcripts write it: "nineteen
 * ninety-six", "nineteen eighty", "eighteen twelve", "two thousand" (after
 * "the year" only; the caller checks). Returns atoms used, *y the year. */
size_t nerve__tx_spoken_year(const ctx *c, size_t i, int *y);
/* Day of month: 1..31 or 1st..31st or a word ordinal. */
int nerve__tx_day_atom(const ctx *c, size_t i, int *day);

/* timex_tense.c */
/* NERVE__TENSE_* for the clause around atoms [b, e). */
int nerve__tx_clause_tense(const ctx *c, size_t b, size_t e);

/* timex_value.c */
void nerve__tx_put(tmatch *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nerve__tx_put_ymd(tmatch *m, int y, int mo, int d);
void nerve__tx_put_date(tmatch *m, nerve__date d);
void nerve__tx_append(tmatch *m, const char *s);
int nerve__tx_quarter_of(int month);
/* The quarter financial news calls "the quarter": the one just reported. */
void nerve__tx_reported_quarter(const nerve__date *dct, int *y, int *q);
/* Value for a DCT shifted by n units at that unit's granularity. */
void nerve__tx_put_shift(const ctx *c, tmatch *m, char unit0, char unit1, long n);
/* Duration value for n (may be fractional) units; n < 0 means vague (X). */
void nerve__tx_put_duration(tmatch *m, const char *unit, double n);

/* timex_recognize.c */
/* A number phrase at i: digits, decimals, words (twenty-five), a/an, a few,
 * several, "5 1/2". Returns atoms used; *val (-1 = vague). */
size_t nerve__tx_number_phrase(const ctx *c, size_t i, double *val, int *article);
/* A temporal unit at i; returns its entry (singular or plural). */
const nerve__lx_entry *nerve__tx_unit_at(const ctx *c, size_t i);
/* Weekday or month name with its capitalization / abbreviation rules. */
const nerve__lx_entry *nerve__tx_name_at(const ctx *c, size_t i, int cls);
/* Inside a capitalized name: "the Good Friday Agreement", "March Madness". */
int nerve__tx_inside_name(const ctx *c, size_t b, size_t e);
/* A time of day at i: 3 p.m., 3:30 pm, 15:30, noon, midnight, + zone.
 * Returns atoms used; writes "Thh:mm" into buf. */
size_t nerve__tx_clock_at(const ctx *c, size_t i, char *buf, size_t bufsz);

/* timex_parse.c */
tmatch *nerve__tx_new_match(mset *ms, size_t b, size_t e, int type, const char *rule, float conf);
/* Leading "the", modifiers (early, late, mid-, the end of, earlier) before a head. */
size_t nerve__tx_skip_prefix(const ctx *c, size_t i, int *has_the);
void nerve__tx_parse_numeric(const ctx *c, size_t i, mset *ms);
void nerve__tx_parse_decade(const ctx *c, size_t i, mset *ms);
void nerve__tx_parse_month(const ctx *c, size_t i, mset *ms);
/* Days in a range: "between 1 and 3 October", "Sept. 1-3". */
void nerve__tx_parse_dayrange(const ctx *c, size_t i, mset *ms);
/* The 30th (of the current month). */
void nerve__tx_parse_the_nth(const ctx *c, size_t i, mset *ms);
/* Bare years: in 1987, since 2001, 1987's, mid-2020, fiscal 2021, the year 2000. */
void nerve__tx_parse_year(const ctx *c, size_t i, mset *ms);
/* today, yesterday, tomorrow, tonight, now, recently, the future ... */
void nerve__tx_parse_deictic(const ctx *c, size_t i, mset *ms);
/* Weekdays: Friday, on Friday, last/next/this Friday, Friday morning, Fridays. */
void nerve__tx_parse_weekday(const ctx *c, size_t i, mset *ms);
/* Holidays, possibly several words: Christmas, Good Friday, New Year's Day. */
void nerve__tx_parse_holiday(const ctx *c, size_t i, mset *ms);
/* Seasons: last summer, this winter, summer 2020, the spring, in the fall. */
void nerve__tx_parse_season(const ctx *c, size_t i, mset *ms);
/* Ordinal quarters and halves: the third quarter, third-quarter, Q3 2020, the first half of 1989.
 */
void nerve__tx_parse_quarter(const ctx *c, size_t i, mset *ms);

/* timex_parse_rel.c */
/* Relative: this/last/next/coming/past + week, month, year, weekend, quarter,
 * decade, century, month name handled by nerve__tx_parse_month; early next year; earlier
 * this month; the year; this morning, last night. */
void nerve__tx_parse_relative(const ctx *c, size_t i, mset *ms);
/* year-ago, year-earlier, the year-earlier quarter/period, year-end. */
void nerve__tx_parse_yearago(const ctx *c, size_t i, mset *ms);
/* Durations and offsets: three years, a decade, 10 days, two-year, the past five
 * years, the first nine months, two days ago, a year earlier, in three weeks. */
void nerve__tx_parse_duration(const ctx *c, size_t i, mset *ms);
/* Sets: daily, weekly, every Friday, each year, every other week, each season. */
void nerve__tx_parse_set(const ctx *c, size_t i, mset *ms);
/* Clock times: 3 p.m., 15:30 GMT, noon, 9 a.m. Tuesday, 10:35 a.m. EDT. */
void nerve__tx_parse_time(const ctx *c, size_t i, mset *ms);

#endif
