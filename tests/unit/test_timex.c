/*
 * test_timex.c - calendar arithmetic, the lexicon loader, every expression
 * family of the temporal tagger, and the generated weekday suite
 * (tests/timex/weekdays.tsv, from tests/timex/gen_weekdays.py).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "timex.h"
#include "timex_int.h"
#include "tokenize.h"

#include "test_toklex.h"

/* ------------------------------------------------------------------------ */
/* Fixture: the bundled lexicon, tokens, arena, mentions                     */
/* ------------------------------------------------------------------------ */

typedef struct fx {
    nerve_allocator al;
    nerve__timex_lexicon *lx;
    nerve__tokens toks;
    nerve__arena arena;
    nerve__mention_vec mv;
    const char *text;
} fx;

static char *source_path(const char *rel)
{
    const char *dir = getenv("NERVE_SOURCE_DIR");
    if (!dir)
        dir = ".";
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    nerve__allocator_init(&f->al, NULL);
    char *path = source_path("rules/timex.tsv");
    nerve_error err;
    int rc = nerve__timex_lexicon_load(&f->al, path, NULL, &f->lx, &err);
    if (rc != NERVE_OK)
        fprintf(stderr, "lexicon: %s:%u:%u %s\n", err.file, err.line, err.column, err.message);
    free(path);
    nerve__arena_init(&f->arena, &f->al);
    *state = f;
    return rc == NERVE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    nerve__timex_lexicon_free(f->lx);
    nerve__tokens_free(&f->al, &f->toks);
    nerve__arena_free(&f->arena);
    nerve__vec_free(&f->al, &f->mv);
    free(f);
    return 0;
}

static void run(fx *f, const char *text, const char *dct)
{
    nerve__date d, *dp = NULL;
    if (dct) {
        assert_int_equal(nerve__date_parse(dct, &d), NERVE_OK);
        dp = &d;
    }
    f->text = text;
    f->mv.n = 0;
    nerve__arena_reset(&f->arena);
    assert_int_equal(nerve__tokenize(&f->al, test_tok_lexicon(), text, strlen(text), &f->toks),
                     NERVE_OK);
    assert_int_equal(nerve__timex_find(f->lx, &f->al, &f->arena, text, f->toks.tok.v, f->toks.tok.n,
                                       f->toks.sent.v, f->toks.sent.n, dp, &f->mv),
                     NERVE_OK);
}

static const nerve_mention *find(fx *f, const char *mention)
{
    size_t n = strlen(mention);
    for (size_t i = 0; i < f->mv.n; i++) {
        const nerve_mention *m = &f->mv.v[i];
        if (m->span.end - m->span.start == n && !memcmp(f->text + m->span.start, mention, n))
            return m;
    }
    return NULL;
}

static const char *type_name(int t)
{
    static const char *names[] = {"NONE", "PER",  "LOC",  "ORG",      "NORP",
                                  "MISC", "DATE", "TIME", "DURATION", "SET"};
    return t >= 0 && t < NERVE_TYPE_COUNT_ ? names[t] : "?";
}

static void dump(fx *f)
{
    for (size_t i = 0; i < f->mv.n; i++) {
        const nerve_mention *m = &f->mv.v[i];
        fprintf(stderr, "  [%.*s] %s %s (%s)\n", (int)(m->span.end - m->span.start),
                f->text + m->span.start, type_name(m->type), m->value ? m->value : "-",
                m->rule ? m->rule : "-");
    }
}

/* Expect a mention with exactly this text, type and value in text. */
static int check(fx *f, const char *text, const char *dct, const char *mention, const char *type,
                 const char *value)
{
    run(f, text, dct);
    const nerve_mention *m = find(f, mention);
    if (!m || strcmp(type_name(m->type), type) != 0 || strcmp(m->value, value) != 0) {
        fprintf(stderr, "FAIL: \"%s\" (DCT %s): want [%s] %s %s\n", text, dct ? dct : "none",
                mention, type, value);
        dump(f);
        return 0;
    }
    return 1;
}

#define EXPECT(text, dct, mention, type, value)                                                    \
    assert_true(check(f, (text), (dct), (mention), (type), (value)))

/* Expect no temporal mention covering the given text. */
static int check_none(fx *f, const char *text, const char *dct, const char *word)
{
    run(f, text, dct);
    const char *w = strstr(text, word);
    assert_non_null(w);
    size_t s = (size_t)(w - text), e = s + strlen(word);
    for (size_t i = 0; i < f->mv.n; i++) {
        if (f->mv.v[i].span.start < e && s < f->mv.v[i].span.end) {
            fprintf(stderr, "FAIL: \"%s\": [%s] should not be temporal\n", text, word);
            dump(f);
            return 0;
        }
    }
    return 1;
}

#define EXPECT_NONE(text, dct, word) assert_true(check_none(f, (text), (dct), (word)))

#define DCT "2020-09-28" /* a Monday */

/* ------------------------------------------------------------------------ */
/* Arithmetic                                                               */
/* ------------------------------------------------------------------------ */

static nerve__date D(int y, int m, int d)
{
    nerve__date r = {y, m, d};
    return r;
}

static void assert_date(nerve__date got, int y, int m, int d)
{
    if (got.year != y || got.month != m || got.day != d)
        fail_msg("got %04d-%02d-%02d want %04d-%02d-%02d", got.year, got.month, got.day, y, m, d);
}

static void test_leap_and_month_ends(void **state)
{
    (void)state;
    assert_true(nerve__is_leap(2000));
    assert_false(nerve__is_leap(1900));
    assert_true(nerve__is_leap(2020));
    assert_false(nerve__is_leap(2021));
    assert_int_equal(nerve__days_in_month(2020, 2), 29);
    assert_int_equal(nerve__days_in_month(2100, 2), 28);
    assert_int_equal(nerve__days_in_month(2021, 4), 30);
    assert_int_equal(nerve__days_in_month(2021, 12), 31);
    assert_int_equal(nerve__days_in_month(2021, 13), 0);
    assert_true(nerve__date_valid(D(2020, 2, 29)));
    assert_false(nerve__date_valid(D(2021, 2, 29)));
    assert_false(nerve__date_valid(D(2021, 4, 31)));
}

static void test_date_parse(void **state)
{
    (void)state;
    nerve__date d;
    assert_int_equal(nerve__date_parse("2020-09-28", &d), NERVE_OK);
    assert_date(d, 2020, 9, 28);
    assert_int_equal(nerve__date_parse("2020-02-30", &d), NERVE_EDATE);
    assert_int_equal(nerve__date_parse("2020-9-28", &d), NERVE_EDATE);
    assert_int_equal(nerve__date_parse("2020-09-28T", &d), NERVE_EDATE);
    assert_int_equal(nerve__date_parse("", &d), NERVE_EDATE);
    assert_int_equal(nerve__date_parse(NULL, &d), NERVE_EINVAL);
}

static void test_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(nerve__date_to_days(D(1970, 1, 1)), 0);
    assert_int_equal(nerve__date_to_days(D(2000, 3, 1)), 11017);
    assert_int_equal(nerve__date_to_days(D(1969, 12, 31)), -1);
    /* round trip over 1600..2400 */
    for (long z = nerve__date_to_days(D(1600, 1, 1)); z < nerve__date_to_days(D(2400, 12, 31));
         z += 37) {
        nerve__date d = nerve__days_to_date(z);
        assert_true(nerve__date_valid(d));
        assert_int_equal(nerve__date_to_days(d), z);
    }
    assert_date(nerve__date_add_days(D(2020, 2, 28), 1), 2020, 2, 29);
    assert_date(nerve__date_add_days(D(2020, 12, 31), 1), 2021, 1, 1);
    assert_date(nerve__date_add_days(D(2021, 3, 1), -1), 2021, 2, 28);
}

static void test_add_months(void **state)
{
    (void)state;
    assert_date(nerve__date_add_months(D(2020, 1, 31), 1), 2020, 2, 29);
    assert_date(nerve__date_add_months(D(2021, 1, 31), 1), 2021, 2, 28);
    assert_date(nerve__date_add_months(D(2020, 3, 31), -1), 2020, 2, 29);
    assert_date(nerve__date_add_months(D(2020, 12, 15), 1), 2021, 1, 15);
    assert_date(nerve__date_add_months(D(2020, 1, 15), -1), 2019, 12, 15);
    assert_date(nerve__date_add_months(D(2020, 5, 31), -15), 2019, 2, 28);
}

static void test_weekday_and_iso_week(void **state)
{
    (void)state;
    assert_int_equal(nerve__weekday(D(2020, 9, 28)), 1); /* Monday */
    assert_int_equal(nerve__weekday(D(1970, 1, 1)), 4);  /* Thursday */
    assert_int_equal(nerve__weekday(D(2000, 1, 1)), 6);  /* Saturday */
    assert_int_equal(nerve__weekday(D(1900, 1, 1)), 1);
    int y, w;
    nerve__iso_week(D(2020, 12, 31), &y, &w);
    assert_int_equal(y, 2020);
    assert_int_equal(w, 53);
    nerve__iso_week(D(2021, 1, 3), &y, &w);
    assert_int_equal(y, 2020);
    assert_int_equal(w, 53);
    nerve__iso_week(D(2021, 1, 4), &y, &w);
    assert_int_equal(y, 2021);
    assert_int_equal(w, 1);
    nerve__iso_week(D(2008, 12, 29), &y, &w);
    assert_int_equal(y, 2009);
    assert_int_equal(w, 1);
    nerve__iso_week(D(2020, 9, 28), &y, &w);
    assert_int_equal(w, 40);
    assert_int_equal(nerve__iso_weeks_in_year(2020), 53);
    assert_int_equal(nerve__iso_weeks_in_year(2021), 52);
    assert_int_equal(nerve__iso_weeks_in_year(2015), 53);
    assert_date(nerve__iso_week_start(2020, 53), 2020, 12, 28);
    assert_date(nerve__iso_week_start(2009, 1), 2008, 12, 29);
}

static void test_holidays_arith(void **state)
{
    (void)state;
    assert_date(nerve__easter(2024), 2024, 3, 31);
    assert_date(nerve__easter(2019), 2019, 4, 21);
    assert_date(nerve__easter(2000), 2000, 4, 23);
    assert_date(nerve__easter(1818), 1818, 3, 22);
    assert_date(nerve__nth_weekday(2020, 11, 4, 4), 2020, 11, 26); /* Thanksgiving */
    assert_date(nerve__nth_weekday(2021, 5, 0, 1), 2021, 5, 31);   /* last Monday of May */
    assert_date(nerve__nth_weekday(2020, 9, 1, 1), 2020, 9, 7);    /* Labor Day */
}

static void test_resolve(void **state)
{
    (void)state;
    nerve__date dct = D(2020, 9, 28); /* Monday */
    assert_date(nerve__resolve_weekday(dct, 5, NERVE__TENSE_FUTURE), 2020, 10, 2);
    assert_date(nerve__resolve_weekday(dct, 5, NERVE__TENSE_PAST), 2020, 9, 25);
    assert_date(nerve__resolve_weekday(dct, 5, NERVE__TENSE_NONE), 2020, 9, 25); /* -3 vs +4 */
    assert_date(nerve__resolve_weekday(dct, 3, NERVE__TENSE_NONE), 2020, 9, 30); /* +2 vs -5 */
    assert_date(nerve__resolve_weekday(dct, 1, NERVE__TENSE_FUTURE), 2020, 9, 28);
    assert_date(nerve__resolve_weekday(dct, 1, NERVE__TENSE_NEXT), 2020, 10, 5);
    assert_date(nerve__resolve_weekday(dct, 1, NERVE__TENSE_LAST), 2020, 9, 21);
    assert_date(nerve__resolve_weekday(dct, 7, NERVE__TENSE_THIS), 2020, 10, 4);
    assert_date(nerve__resolve_weekday(D(2020, 12, 30), 5, NERVE__TENSE_FUTURE), 2021, 1, 1);
    assert_int_equal(nerve__resolve_month_year(dct, 12, NERVE__TENSE_PAST), 2019);
    assert_int_equal(nerve__resolve_month_year(dct, 12, NERVE__TENSE_FUTURE), 2020);
    assert_int_equal(nerve__resolve_month_year(dct, 1, NERVE__TENSE_NONE), 2021); /* +4 vs -8 */
    assert_int_equal(nerve__resolve_month_year(dct, 9, NERVE__TENSE_LAST), 2019);
    assert_int_equal(nerve__resolve_day_year(dct, 1, 5, NERVE__TENSE_NONE), 2021);
    assert_int_equal(nerve__resolve_day_year(dct, 9, 29, NERVE__TENSE_PAST), 2019);
    assert_int_equal(nerve__resolve_day_year(dct, 9, 28, NERVE__TENSE_PAST), 2020);
    int sy;
    assert_int_equal(nerve__season_of(D(2021, 1, 15), &sy), 3);
    assert_int_equal(sy, 2020);
    assert_int_equal(nerve__season_of(D(2020, 7, 1), &sy), 1);
}

/* ------------------------------------------------------------------------ */
/* Lexicon loader                                                           */
/* ------------------------------------------------------------------------ */

static void test_lexicon_errors(void **state)
{
    (void)state;
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    nerve__timex_lexicon *lx = NULL;
    nerve_error err;
    const char *bad_header = "# c\nkey\tclass\tvalue\n";
    assert_int_equal(
        nerve__timex_lexicon_load_buffer(&al, "x.tsv", bad_header, strlen(bad_header), &lx, &err),
        NERVE_ERULES);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.file, "x.tsv");
    /* bytes the line reader cannot report: a NUL, CR-only line endings */
    static const char nul[] = "key\tclass\tvalue\tflags\nfo\0o\tmonth\t1\t-\n";
    assert_int_equal(nerve__timex_lexicon_load_buffer(&al, "x.tsv", nul, sizeof nul - 1, &lx, &err),
                     NERVE_ERULES);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "NUL byte in the temporal lexicon"));
    static const char cr[] = "key\tclass\tvalue\tflags\rfoo\tmonth\t1\t-\r";
    assert_int_equal(nerve__timex_lexicon_load_buffer(&al, "x.tsv", cr, sizeof cr - 1, &lx, &err),
                     NERVE_ERULES);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "carriage return without a line feed"));
    const char *bad_class = "key\tclass\tvalue\tflags\nfoo\tmonthly\t1\t-\n";
    assert_int_equal(
        nerve__timex_lexicon_load_buffer(&al, "x.tsv", bad_class, strlen(bad_class), &lx, &err),
        NERVE_ERULES);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 5);
    const char *bad_num = "key\tclass\tvalue\tflags\nfoo\tmonth\tjan\t-\n";
    assert_int_equal(
        nerve__timex_lexicon_load_buffer(&al, NULL, bad_num, strlen(bad_num), &lx, &err),
        NERVE_ERULES);
    assert_int_equal(err.column, 11);
    const char *bad_flag = "key\tclass\tvalue\tflags\nfoo\tmonth\t1\tcap,loud\n";
    assert_int_equal(
        nerve__timex_lexicon_load_buffer(&al, NULL, bad_flag, strlen(bad_flag), &lx, &err),
        NERVE_ERULES);
    assert_int_equal(err.column, 17);
    const char *fields = "key\tclass\tvalue\tflags\nfoo\tmonth\t1\n";
    assert_int_equal(nerve__timex_lexicon_load_buffer(&al, NULL, fields, strlen(fields), &lx, &err),
                     NERVE_ERULES);
    const char *empty = "# only comments\n";
    assert_int_equal(nerve__timex_lexicon_load_buffer(&al, NULL, empty, strlen(empty), &lx, &err),
                     NERVE_ERULES);
    assert_int_equal(nerve__timex_lexicon_load(&al, "/nonexistent/timex.tsv", NULL, &lx, &err),
                     NERVE_EIO);
    const char *ok = "key\tclass\tvalue\tflags\r\nSept.\tmonth\t9\tcap,dot\r\nnew year's "
                     "day\tholiday\t01-01\tcap\r\n";
    assert_int_equal(nerve__timex_lexicon_load_buffer(&al, NULL, ok, strlen(ok), &lx, &err),
                     NERVE_OK);
    nerve__timex_lexicon_free(lx);
    nerve__timex_lexicon_free(NULL);
}

/* Class word: the closed-class words the parsers test, with their roles. */
static void test_lexicon_word_roles(void **state)
{
    (void)state;
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    nerve__timex_lexicon *lx = NULL;
    nerve_error err;
    const char *bad_role = "key\tclass\tvalue\tflags\nabout\tword\tapprox,roughly\t-\n";
    assert_int_equal(
        nerve__timex_lexicon_load_buffer(&al, "w.tsv", bad_role, strlen(bad_role), &lx, &err),
        NERVE_ERULES);
    assert_string_equal(err.file, "w.tsv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 19); /* "roughly" */
    assert_non_null(strstr(err.message, "unknown word role \"roughly\""));
    const char *flagged = "key\tclass\tvalue\tflags\nAbout\tword\tapprox\tcap\n";
    assert_int_equal(
        nerve__timex_lexicon_load_buffer(&al, "w.tsv", flagged, strlen(flagged), &lx, &err),
        NERVE_ERULES);
    assert_int_equal(err.column, 19);
    const char *two = "key\tclass\tvalue\tflags\nat least\tword\tat\t-\n";
    assert_int_equal(nerve__timex_lexicon_load_buffer(&al, "w.tsv", two, strlen(two), &lx, &err),
                     NERVE_ERULES);
    assert_int_equal(err.line, 2);
    /* Every role has a name the loader accepts, and the bundled lexicon gives
     * each role at least one word (a role without words is a dead test). */
    char *path = source_path("rules/timex.tsv");
    assert_int_equal(nerve__timex_lexicon_load(&al, path, NULL, &lx, &err), NERVE_OK);
    free(path);
    uint64_t seen[NERVE__TX_ROLE_WORDS] = {0};
    for (size_t i = 0; i < lx->ne; i++)
        if (lx->e[i].cls == NERVE__LX_WORD)
            for (int k = 0; k < NERVE__TX_ROLE_WORDS; k++)
                seen[k] |= lx->e[i].roles[k];
    for (int r = 0; r < TR_COUNT_; r++) {
        assert_non_null(nerve__tx_role_name(r));
        if (!((seen[r >> 6] >> (r & 63)) & 1u))
            fail_msg("word role %s has no word in rules/timex.tsv", nerve__tx_role_name(r));
    }
    /* A word's roles do not make it a class member: "foreseeable" starts nothing. */
    uint32_t h = nerve__lx_lookup(lx, "foreseeable", 11);
    assert_true(h != NERVE__LX_NONE);
    assert_int_equal(lx->e[h].mask, 0);
    nerve__timex_lexicon_free(lx);
}

/* A word added to a role in the data changes what the parsers accept, with
 * no change to the code: "barely" as a bound kept in a duration's span, like
 * "nearly" (role bound) and as a word that may open an expression (opener). */
static void test_word_role_from_data(void **state)
{
    fx *f = *state;
    assert_true(
        check(f, "It lasted nearly three years.", NULL, "nearly three years", "DURATION", "P3Y"));
    run(f, "It lasted barely three years.", NULL);
    assert_null(find(f, "barely three years"));
    assert_non_null(find(f, "three years"));
    char *path = source_path("rules/timex.tsv");
    FILE *fp = fopen(path, "rb");
    free(path);
    assert_non_null(fp);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 20) - 64, fp);
    fclose(fp);
    n += (size_t)snprintf(buf + n, 64, "barely\tword\tbound,opener\t-\n");
    nerve__timex_lexicon *more = NULL;
    nerve_error err;
    assert_int_equal(nerve__timex_lexicon_load_buffer(&f->al, "more.tsv", buf, n, &more, &err),
                     NERVE_OK);
    free(buf);
    nerve__timex_lexicon *bundled = f->lx;
    f->lx = more;
    assert_true(
        check(f, "It lasted barely three years.", NULL, "barely three years", "DURATION", "P3Y"));
    f->lx = bundled;
    nerve__timex_lexicon_free(more);
}

/* ------------------------------------------------------------------------ */
/* Expression families                                                      */
/* ------------------------------------------------------------------------ */

static void test_absolute(void **state)
{
    fx *f = *state;
    EXPECT("It opened on 2020-09-30 in Rabat.", DCT, "2020-09-30", "DATE", "2020-09-30");
    EXPECT("Filed 09/30/2020 in court.", DCT, "09/30/2020", "DATE", "2020-09-30");
    EXPECT("Filed 30/09/2020 in court.", DCT, "30/09/2020", "DATE", "2020-09-30");
    EXPECT("Filed 03/04/2020 in court.", DCT, "03/04/2020", "DATE", "2020-03-04"); /* US */
    EXPECT("The talks began September 30, 2020, in Rabat.", DCT, "September 30, 2020", "DATE",
           "2020-09-30");
    EXPECT("The talks began 30 Sept. 2020 in Rabat.", DCT, "30 Sept. 2020", "DATE", "2020-09-30");
    EXPECT("The talks begin Sept 30 in Rabat.", DCT, "Sept 30", "DATE", "2020-09-30");
    EXPECT("The talks begin Sept. 30 in Rabat.", DCT, "Sept. 30", "DATE", "2020-09-30");
    EXPECT("The deadline is the 30th.", DCT, "the 30th", "DATE", "2020-09-30");
    EXPECT("He was born in 1987 in Fez.", DCT, "1987", "DATE", "1987");
    EXPECT("Prices have risen since 2001.", DCT, "2001", "DATE", "2001");
    EXPECT("In the 1990s the city grew.", DCT, "the 1990s", "DATE", "199");
    EXPECT("Elections are due by mid-2020.", DCT, "mid-2020", "DATE", "2020");
    EXPECT("Revenue fell in Q3 2020.", DCT, "Q3 2020", "DATE", "2020-Q3");
    EXPECT("The budget for fiscal 2021 was cut.", DCT, "fiscal 2021", "DATE", "2021");
    EXPECT("Sales rose in the third quarter.", DCT, "the third quarter", "DATE", "2020-Q3");
    EXPECT("Third-quarter profit rose.", DCT, "Third-quarter", "DATE", "2020-Q3");
    EXPECT("It was built in the 19th century.", DCT, "the 19th century", "DATE", "18");
    EXPECT("He left in May 2019.", DCT, "May 2019", "DATE", "2019-05");
    EXPECT("He left in May.", DCT, "May", "DATE", "2020-05");
    EXPECT("Christmas falls on a Friday.", DCT, "Christmas", "DATE", "2020-12-25");
    EXPECT("Thanksgiving 2020 was quiet.", DCT, "Thanksgiving 2020", "DATE", "2020-11-26");
}

static void test_not_dates(void **state)
{
    fx *f = *state;
    EXPECT_NONE("May I come in?", DCT, "May");
    EXPECT_NONE("Theresa May said no.", DCT, "May");
    EXPECT_NONE("Protesters march on the capital.", DCT, "march");
    EXPECT_NONE("March on, they said.", DCT, "March");
    EXPECT_NONE("They sold 1,000 cars.", DCT, "1,000");
    EXPECT_NONE("They shipped 1987 tonnes of grain.", DCT, "1987");
    EXPECT_NONE("The Good Friday Agreement holds.", DCT, "Friday");
    EXPECT_NONE("Veterans of World War II met.", DCT, "II");
    EXPECT_NONE("He won the second round.", DCT, "second");
    EXPECT_NONE("A 52-year-old man was arrested.", DCT, "52-year-old");
    EXPECT_NONE("Shares fell 6.4 percent.", DCT, "6.4");
    EXPECT_NONE("The friday prayers drew crowds.", DCT, "friday");
    EXPECT_NONE("A second group of directors sold shares.", DCT, "second");
    EXPECT_NONE("He told This Week he would run.", DCT, "Week");
    EXPECT_NONE("He appeared on 60 Minutes yesterday.", DCT, "Minutes");
    EXPECT_NONE("Now, he says, it looks bad.", DCT, "Now");
}

static void test_times(void **state)
{
    fx *f = *state;
    EXPECT("The meeting starts at 3 p.m. in Rabat.", DCT, "3 p.m.", "TIME", "2020-09-28T15:00");
    EXPECT("The meeting starts at 3:30 pm in Rabat.", DCT, "3:30 pm", "TIME", "2020-09-28T15:30");
    EXPECT("The meeting starts at 15:30 GMT in Rabat.", DCT, "15:30 GMT", "TIME",
           "2020-09-28T15:30");
    EXPECT("The meeting starts at noon.", DCT, "noon", "TIME", "2020-09-28T12:00");
    EXPECT("The curfew starts at midnight.", DCT, "midnight", "TIME", "2020-09-28T24:00");
    EXPECT("They met at 9 a.m. Tuesday.", DCT, "9 a.m. Tuesday", "TIME", "2020-09-22T09:00");
    EXPECT("They met Friday at 10:35 a.m. EDT.", DCT, "Friday at 10:35 a.m. EDT", "TIME",
           "2020-09-25T10:35");
    EXPECT("Esper arrives this morning.", DCT, "this morning", "TIME", "2020-09-28TMO");
    EXPECT("Shots were heard last night.", DCT, "last night", "TIME", "2020-09-27TNI");
    EXPECT("Esper arrives tonight.", DCT, "tonight", "TIME", "2020-09-28TNI");
    EXPECT("They met Friday morning.", DCT, "Friday morning", "TIME", "2020-09-25TMO");
}

static void test_relative(void **state)
{
    fx *f = *state;
    EXPECT("He arrived today.", DCT, "today", "DATE", "2020-09-28");
    EXPECT("He arrived yesterday.", DCT, "yesterday", "DATE", "2020-09-27");
    EXPECT("He arrives tomorrow.", DCT, "tomorrow", "DATE", "2020-09-29");
    EXPECT("Talks continue this week.", DCT, "this week", "DATE", "2020-W40");
    EXPECT("Talks ended last month.", DCT, "last month", "DATE", "2020-08");
    EXPECT("Talks resume next year.", DCT, "next year", "DATE", "2021");
    EXPECT("Talks resume this year.", DCT, "this year", "DATE", "2020");
    EXPECT("Talks ended last week.", "2021-01-06", "last week", "DATE", "2020-W53");
    EXPECT("He left two days ago.", DCT, "two days ago", "DATE", "2020-09-26");
    EXPECT("He will return in three weeks.", DCT, "in three weeks", "DATE", "2020-W43");
    EXPECT("Prices rose earlier this month.", DCT, "earlier this month", "DATE", "2020-09");
    EXPECT("Prices will rise in the coming weeks.", DCT, "the coming weeks", "DATE", "FUTURE_REF");
    EXPECT("It rained last summer.", DCT, "last summer", "DATE", "2020-SU");
    EXPECT("It rained last summer.", "2020-03-01", "last summer", "DATE", "2019-SU");
    EXPECT("It will snow next winter.", DCT, "next winter", "DATE", "2020-WI");
    EXPECT("Markets are calm now.", DCT, "now", "DATE", "PRESENT_REF");
    EXPECT("He recently resigned.", DCT, "recently", "DATE", "PAST_REF");
    EXPECT_NONE("The former minister spoke.", DCT, "former"); /* TimeBank never marks it */
    EXPECT("Nobody knows the future.", DCT, "the future", "DATE", "FUTURE_REF");
    EXPECT("Sales rose from a year ago.", DCT, "a year ago", "DATE", "2019");
    EXPECT("They met over the weekend.", DCT, "the weekend", "DATE", "2020-W39-WE");
    /* narrative anchor: the last date mentioned */
    EXPECT("The plant opened in 1988. Sales fell sharply that year.", DCT, "that year", "DATE",
           "1988");
    EXPECT("He fled in March 1999. The following month, he was caught.", DCT, "The following month",
           "DATE", "1999-04");
    EXPECT("He was seen on June 3, 1998. Earlier that day, he called.", DCT, "Earlier that day",
           "DATE", "1998-06-03");
    EXPECT("He was seen on June 3, 1998. He left the next day.", DCT, "the next day", "DATE",
           "1998-06-04");
    EXPECT("She landed on June 3, 1998. The following day she spoke.", DCT, "The following day",
           "DATE", "1998-06-04");
    EXPECT("He was freed on June 3, 1998, having been charged the previous day.", DCT,
           "the previous day", "DATE", "1998-06-02");
    EXPECT_NONE("The next day was calm.", DCT, "next"); /* no day named before it */
    EXPECT_NONE("It sold on June 3. It offers next day delivery.", DCT, "next");
    EXPECT("He died three days later.", DCT, "three days", "DURATION", "P3D");
    EXPECT("The talks lasted nearly two years.", DCT, "nearly two years", "DURATION", "P2Y");
    /* years in words (broadcast transcripts) */
    EXPECT("It was thrown out in nineteen ninety-six on a technicality.", DCT,
           "nineteen ninety-six", "DATE", "1996");
    EXPECT("He was hired in January nineteen ninety-seven.", DCT, "January nineteen ninety-seven",
           "DATE", "1997-01");
    EXPECT("Unemployment will halve by the year two thousand.", DCT, "the year two thousand",
           "DATE", "2000");
    EXPECT_NONE("He sold two thousand cars.", DCT, "two");
    EXPECT("They meet on weekends.", DCT, "weekends", "SET", "XXXX-WXX-WE");
}

static void test_durations_and_sets(void **state)
{
    fx *f = *state;
    EXPECT("The visit lasted a month.", DCT, "a month", "DURATION", "P1M");
    EXPECT("He served three years in prison.", DCT, "three years", "DURATION", "P3Y");
    EXPECT("The war lasted a decade.", DCT, "a decade", "DURATION", "P10Y");
    EXPECT("The strike lasted 10 days.", DCT, "10 days", "DURATION", "P10D");
    EXPECT("A two-year plan was approved.", DCT, "two-year", "DURATION", "P2Y");
    EXPECT("Talks lasted five hours.", DCT, "five hours", "DURATION", "PT5H");
    EXPECT("Talks lasted 5 1/2 hours.", DCT, "5 1/2 hours", "DURATION", "PT5H30M");
    EXPECT("He served 2 1/2 years.", DCT, "2 1/2 years", "DURATION", "P2Y6M");
    EXPECT("Talks lasted a day and a half.", DCT, "a day and a half", "DURATION", "P1DT12H");
    EXPECT("They spent a couple of years there.", DCT, "a couple of years", "DURATION", "P2Y");
    EXPECT("Sales fell in the past five years.", DCT, "the past five years", "DURATION", "P5Y");
    EXPECT("Sales fell in the first nine months.", DCT, "the first nine months", "DURATION", "P9M");
    EXPECT("Twenty-five years passed.", DCT, "Twenty-five years", "DURATION", "P25Y");
    EXPECT("The paper appears weekly.", DCT, "weekly", "SET", "P1W");
    EXPECT("Crops are rotated each season.", DCT, "each season", "SET", "P3M");
    EXPECT("They pray every Friday.", DCT, "every Friday", "SET", "XXXX-WXX-5");
    EXPECT("They meet twice a week.", DCT, "twice a week", "SET", "P1W");
    EXPECT("They meet every other week.", DCT, "every other week", "SET", "P2W");
    EXPECT("They pray on Fridays.", DCT, "Fridays", "SET", "XXXX-WXX-5");
}

static void test_ranges(void **state)
{
    fx *f = *state;
    EXPECT("The fair runs from Wednesday to Friday.", DCT, "Wednesday", "DATE", "2020-09-30");
    EXPECT("The fair runs from Wednesday to Friday.", DCT, "Friday", "DATE", "2020-10-02");
    EXPECT("The fair runs between 1 and 3 October.", DCT, "1", "DATE", "2020-10-01");
    EXPECT("The fair runs between 1 and 3 October.", DCT, "3 October", "DATE", "2020-10-03");
    EXPECT("The 1987-88 season was long.", DCT, "1987", "DATE", "1987");
    EXPECT("The 1987-88 season was long.", DCT, "88", "DATE", "1988");
    EXPECT("The fair runs Oct. 1-3.", DCT, "Oct. 1", "DATE", "2020-10-01");
    EXPECT("The fair runs Oct. 1-3.", DCT, "3", "DATE", "2020-10-03");
}

static void test_no_dct(void **state)
{
    fx *f = *state;
    EXPECT("Esper is expected in Morocco on Friday.", NULL, "Friday", "DATE", "XXXX-WXX-5");
    EXPECT("This year's event had to be canceled.", NULL, "This year", "DATE", "XXXX");
    EXPECT("He arrived yesterday.", NULL, "yesterday", "DATE", "XXXX-XX-XX");
    EXPECT("He left in September.", NULL, "September", "DATE", "XXXX-09");
    EXPECT("Talks ended last week.", NULL, "last week", "DATE", "XXXX-WXX");
    EXPECT("Meet at 3 p.m.", NULL, "3 p.m.", "TIME", "XXXX-XX-XXT15:00");
    EXPECT("He was born in 1987.", NULL, "1987", "DATE", "1987");
    run(f, "He arrived yesterday.", NULL);
    assert_int_equal(f->mv.n, 1);
    assert_null(f->mv.v[0].anchor);
    run(f, "He arrived yesterday.", DCT);
    assert_string_equal(f->mv.v[0].anchor, "DCT");
}

static void test_mention_fields(void **state)
{
    fx *f = *state;
    /* code point offsets after non-ASCII text; token range; sentence; source */
    run(f, "Señor Núñez llegó. Él viajará el 30 de junio, on Friday morning.", DCT);
    const nerve_mention *m = find(f, "Friday morning");
    assert_non_null(m);
    const char *t = f->text;
    size_t cps = 0;
    for (size_t i = 0; i < m->span.start; i++)
        cps += ((unsigned char)t[i] & 0xC0) != 0x80;
    assert_int_equal(m->span.char_start, cps);
    assert_int_equal(m->span.char_end - m->span.char_start, strlen("Friday morning"));
    assert_int_equal(m->sentence, 1);
    assert_int_equal(m->source, NERVE_SOURCE_RULE);
    assert_int_equal(m->entity, NERVE_NONE);
    assert_true(m->token_end == m->token_begin + 2);
    assert_int_equal(f->toks.tok.v[m->token_begin].span.start, m->span.start);
    assert_non_null(m->rule);
    assert_true(m->confidence > 0 && m->confidence <= 1);
    /* a split token: "mid-2020" inside one token keeps exact offsets */
    run(f, "Vote by mid-2020.", DCT);
    m = find(f, "mid-2020");
    assert_non_null(m);
    assert_int_equal(m->span.start, 8);
    /* empty input */
    run(f, "", DCT);
    assert_int_equal(f->mv.n, 0);
}

/* ------------------------------------------------------------------------ */
/* The generated weekday suite                                              */
/* ------------------------------------------------------------------------ */

static void test_weekdays_tsv(void **state)
{
    fx *f = *state;
    char *path = source_path("tests/timex/weekdays.tsv");
    FILE *fp = fopen(path, "r");
    free(path);
    assert_non_null(fp);
    char line[1024];
    int cases = 0, failed = 0, header = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        if (!header) {
            header = 1;
            continue;
        }
        char *col[6];
        int nc = 0;
        for (char *p = line; nc < 6; nc++) {
            col[nc] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                nc++;
                break;
            }
            *tab = '\0';
            p = tab + 1;
        }
        assert_int_equal(nc, 6);
        cases++;
        if (!check(f, col[1], col[0], col[2], col[3], col[4])) {
            fprintf(stderr, "  (kind %s)\n", col[5]);
            failed++;
        }
    }
    fclose(fp);
    fprintf(stderr, "# weekdays.tsv: %d cases, %d failed\n", cases, failed);
    assert_true(cases >= 200);
    assert_int_equal(failed, 0);
}

/* A timex names its origin: the lexicon line of its head word, else the row
 * of the parser rule that read it; a small lexicon of our own shows both. */
static void test_origin(void **state)
{
    (void)state;
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    static const char lex[] = "key\tclass\tvalue\tflags\n"         /* 1 */
                              "friday\tweekday\t5\tcap\n"          /* 2 */
                              "in\tword\tin,opener,span_prep\t-\n" /* 3 */
                              "# the parsers\n"                    /* 4 */
                              "weekday\trule\t-\t-\n"              /* 5 */
                              "year\trule\t-\t-\n";                /* 6 */
    nerve__timex_lexicon *lx = NULL;
    nerve_error err;
    assert_int_equal(nerve__timex_lexicon_load_buffer(&al, "t.tsv", lex, strlen(lex), &lx, &err),
                     NERVE_OK);
    const char *text = "They left on Friday and came back in 1987.";
    nerve__tokens toks = {0};
    nerve__arena arena;
    nerve__arena_init(&arena, &al);
    nerve__mention_vec mv = {0};
    assert_int_equal(nerve__tokenize(&al, test_tok_lexicon(), text, strlen(text), &toks), NERVE_OK);
    assert_int_equal(nerve__timex_find(lx, &al, &arena, text, toks.tok.v, toks.tok.n, toks.sent.v,
                                       toks.sent.n, NULL, &mv),
                     NERVE_OK);
    assert_int_equal(mv.n, 2);
    assert_string_equal(mv.v[0].rule, "weekday");
    assert_string_equal(mv.v[0].origin_file, "t.tsv");
    assert_int_equal(mv.v[0].origin_line, 2); /* friday, not the weekday rule's row */
    assert_string_equal(mv.v[1].rule, "year");
    assert_string_equal(mv.v[1].origin_file, "t.tsv");
    assert_int_equal(mv.v[1].origin_line, 6); /* a number alone: the rule's row */
    /* a rule row is one name; a second row for a rule is an error */
    nerve__timex_lexicon *bad = NULL;
    static const char two[] = "key\tclass\tvalue\tflags\nyear\trule\t-\t-\nyear\trule\t-\t-\n";
    assert_int_equal(nerve__timex_lexicon_load_buffer(&al, "t.tsv", two, strlen(two), &bad, &err),
                     NERVE_ERULES);
    assert_int_equal(err.line, 3);
    nerve__vec_free(&al, &mv);
    nerve__arena_free(&arena);
    nerve__tokens_free(&al, &toks);
    nerve__timex_lexicon_free(lx);
}

/* The one expression a lexicon (TSV source) finds in text with the DCT
 * 2021-03-15 (a Monday): its value, and its length in *span. */
static const char *only_value(const char *lexicon, const char *text, size_t *span)
{
    static char value[32];
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    nerve__date dct;
    assert_int_equal(nerve__date_parse("2021-03-15", &dct), NERVE_OK);
    nerve__timex_lexicon *lx = NULL;
    nerve_error err;
    assert_int_equal(
        nerve__timex_lexicon_load_buffer(&al, "t.tsv", lexicon, strlen(lexicon), &lx, &err),
        NERVE_OK);
    nerve__tokens toks = {0};
    nerve__arena arena;
    nerve__arena_init(&arena, &al);
    nerve__mention_vec mv = {0};
    assert_int_equal(nerve__tokenize(&al, test_tok_lexicon(), text, strlen(text), &toks), NERVE_OK);
    assert_int_equal(nerve__timex_find(lx, &al, &arena, text, toks.tok.v, toks.tok.n, toks.sent.v,
                                       toks.sent.n, &dct, &mv),
                     NERVE_OK);
    assert_int_equal(mv.n, 1);
    snprintf(value, sizeof value, "%s", mv.v[0].value);
    *span = mv.v[0].span.end - mv.v[0].span.start;
    nerve__vec_free(&al, &mv);
    nerve__arena_free(&arena);
    nerve__tokens_free(&al, &toks);
    nerve__timex_lexicon_free(lx);
    return value;
}

/* A lexicon source that is refused at its line 2 with a message holding word. */
static void refused_at_line_2(const char *lexicon, const char *word)
{
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    nerve__timex_lexicon *lx = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(
        nerve__timex_lexicon_load_buffer(&al, "t.tsv", lexicon, strlen(lexicon), &lx, &err),
        NERVE_ERULES);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, word));
}

/* The clitics and endings the tense reader tests are rows of the lexicon:
 * with the "'ll" row, "They'll meet Friday" is the coming Friday; without
 * it, the nearest one (the DCT is a Monday: the Friday before). */
static void test_clitic_rows(void **state)
{
    (void)state;
    static const char with[] = "key\tclass\tvalue\tflags\n"
                               "friday\tweekday\t5\tcap\n"
                               "'ll\tclitic\tfuture\t-\n";
    static const char without[] = "key\tclass\tvalue\tflags\n"
                                  "friday\tweekday\t5\tcap\n";
    size_t span;
    assert_string_equal(only_value(with, "They'll meet Friday.", &span), "2021-03-19");
    assert_string_equal(only_value(without, "They'll meet Friday.", &span), "2021-03-12");
    /* a clitic's value is a tense cue or "-" */
    refused_at_line_2("key\tclass\tvalue\tflags\n'll\tclitic\tsoon\t-\n", "clitic");
}

/* The letters after a number's digits are read by the lexicon's suffix
 * rows: with the "st" row, "March 1st" is a day of March; without it, the
 * month alone. */
static void test_suffix_rows(void **state)
{
    (void)state;
    static const char with[] = "key\tclass\tvalue\tflags\n"
                               "march\tmonth\t3\t-\n"
                               "st\tsuffix\tordinal\t-\n";
    static const char without[] = "key\tclass\tvalue\tflags\n"
                                  "march\tmonth\t3\t-\n";
    size_t span;
    assert_string_equal(only_value(with, "They met on March 1st.", &span), "2021-03-01");
    assert_int_equal(span, strlen("March 1st"));
    assert_string_equal(only_value(without, "They met on March 1st.", &span), "2021-03");
    assert_int_equal(span, strlen("March"));
    /* a suffix is ordinal, decade, am or pm, and takes no flags */
    refused_at_line_2("key\tclass\tvalue\tflags\nst\tsuffix\tfirst\t-\n", "suffix");
    refused_at_line_2("key\tclass\tvalue\tflags\nst\tsuffix\tordinal\tcap\n", "suffix");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_origin),
        cmocka_unit_test(test_suffix_rows),
        cmocka_unit_test(test_clitic_rows),
        cmocka_unit_test(test_leap_and_month_ends),
        cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_day_numbers),
        cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_weekday_and_iso_week),
        cmocka_unit_test(test_holidays_arith),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_lexicon_errors),
        cmocka_unit_test(test_lexicon_word_roles),
        cmocka_unit_test_setup_teardown(test_absolute, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_times, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relative, setup, teardown),
        cmocka_unit_test_setup_teardown(test_durations_and_sets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_dct, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mention_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_weekdays_tsv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_word_role_from_data, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
