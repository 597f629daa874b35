/*
 * test_tokenize.c - tokens, keys, flags and sentence boundaries
 * (lib/tokenize.c). Every test also checks the structural invariants:
 * token bytes lie in the text in order, code point offsets agree with the
 * bytes, keys are NUL-terminated in the key buffer, and sentences cover the
 * tokens contiguously.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "tokenize.h"
#include "utf8.h"

#include "test_toklex.h"

typedef struct fixture {
    nerve_allocator al;
    nerve__tokens t;
    const char *text;
    size_t len;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    nerve__allocator_init(&f->al, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nerve__tokens_free(&f->al, &f->t);
    free(f);
    return 0;
}

static void check_invariants(const fixture *f)
{
    const nerve__tokens *t = &f->t;
    size_t prev_end = 0, sent = 0, chars = 0; /* chars: code points in text[0..prev_end) */
    for (size_t i = 0; i < t->tok.n; i++) {
        const nerve_token *k = &t->tok.v[i];
        assert_true(k->span.start < k->span.end);
        assert_true(k->span.start >= prev_end);
        assert_true(k->span.end <= f->len);
        chars += nerve__utf8_count(f->text + prev_end, k->span.start - prev_end);
        assert_int_equal(k->span.char_start, chars);
        assert_int_equal(k->span.char_end - k->span.char_start,
                         nerve__utf8_count(f->text + k->span.start, k->span.end - k->span.start));
        chars = k->span.char_end;
        assert_true(k->kind >= NERVE_TOKEN_WORD && k->kind <= NERVE_TOKEN_EMAIL);
        assert_non_null(k->norm);
        assert_true(k->norm >= t->norm.v && k->norm + k->norm_len < t->norm.v + t->norm.n);
        assert_int_equal(k->norm[k->norm_len], '\0');
        /* Sentence membership. */
        while (sent < t->sent.n && i >= t->sent.v[sent].token_begin + t->sent.v[sent].token_count)
            sent++;
        assert_true(sent < t->sent.n);
        assert_int_equal(k->sentence, sent);
        assert_int_equal((k->flags & NERVE_TOK_SENT_START) != 0, i == t->sent.v[sent].token_begin);
        prev_end = k->span.end;
    }
    size_t next = 0;
    for (size_t s = 0; s < t->sent.n; s++) {
        const nerve_sentence *se = &t->sent.v[s];
        assert_int_equal(se->token_begin, next);
        assert_true(se->token_count > 0);
        next += se->token_count;
        const nerve_token *a = &t->tok.v[se->token_begin];
        const nerve_token *b = &t->tok.v[se->token_begin + se->token_count - 1];
        assert_int_equal(se->span.start, a->span.start);
        assert_int_equal(se->span.end, b->span.end);
        assert_int_equal(se->span.char_start, a->span.char_start);
        assert_int_equal(se->span.char_end, b->span.char_end);
    }
    assert_int_equal(next, t->tok.n);
}

static void tok_n(fixture *f, const char *text, size_t len)
{
    f->text = text;
    f->len = len;
    assert_int_equal(nerve__tokenize(&f->al, test_tok_lexicon(), text, len, &f->t), NERVE_OK);
    check_invariants(f);
}

static void tok(fixture *f, const char *text)
{
    tok_n(f, text, strlen(text));
}

/* Bytes of token i as a string (static buffer). */
static const char *tok_text(const fixture *f, size_t i)
{
    static char buf[256];
    assert_true(i < f->t.tok.n);
    const nerve_token *k = &f->t.tok.v[i];
    size_t n = k->span.end - k->span.start;
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, f->text + k->span.start, n);
    buf[n] = '\0';
    return buf;
}

/* The tokens as one string, separated by " | ". */
static const char *joined(const fixture *f)
{
    static char buf[4096];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < f->t.tok.n; i++) {
        const char *s = tok_text(f, i);
        int w = snprintf(buf + o, sizeof buf - o, "%s%s", i ? " | " : "", s);
        if (w < 0 || (size_t)w >= sizeof buf - o)
            break;
        o += (size_t)w;
    }
    return buf;
}

/* The sentences as one string: tokens joined by spaces, sentences by " || ". */
static const char *sentences(const fixture *f)
{
    static char buf[4096];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t s = 0; s < f->t.sent.n; s++) {
        const nerve_sentence *se = &f->t.sent.v[s];
        int w = snprintf(buf + o, sizeof buf - o, "%s%.*s", s ? " || " : "",
                         (int)(se->span.end - se->span.start), f->text + se->span.start);
        if (w < 0 || (size_t)w >= sizeof buf - o)
            break;
        o += (size_t)w;
    }
    return buf;
}

/* The keys as one string, separated by spaces. */
static const char *keys(const fixture *f)
{
    static char buf[4096];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < f->t.tok.n; i++) {
        int w = snprintf(buf + o, sizeof buf - o, "%s%s", i ? " " : "", f->t.tok.v[i].norm);
        if (w < 0 || (size_t)w >= sizeof buf - o)
            break;
        o += (size_t)w;
    }
    return buf;
}

/* Index of the first token whose text is s; fails if none. */
static size_t find(const fixture *f, const char *s)
{
    for (size_t i = 0; i < f->t.tok.n; i++)
        if (strcmp(tok_text(f, i), s) == 0)
            return i;
    fail_msg("token \"%s\" not found in: %s", s, joined(f));
    return 0;
}

static uint32_t flags_of(const fixture *f, const char *s)
{
    return f->t.tok.v[find(f, s)].flags;
}

static uint32_t kind_of(const fixture *f, const char *s)
{
    return f->t.tok.v[find(f, s)].kind;
}

#define HAS(flags, bit) assert_true(((flags) & (bit)) != 0)
#define HASNT(flags, bit) assert_true(((flags) & (bit)) == 0)

/* ------------------------------------------------------------------------ */
/* Basics                                                                   */
/* ------------------------------------------------------------------------ */

static void test_empty_input(void **state)
{
    fixture *f = *state;
    tok_n(f, "", 0);
    assert_int_equal(f->t.tok.n, 0);
    assert_int_equal(f->t.sent.n, 0);
}

static void test_whitespace_only(void **state)
{
    fixture *f = *state;
    tok(f, " \t\r\n\n  \xC2\xA0 \xE2\x80\xA8 ");
    assert_int_equal(f->t.tok.n, 0);
    assert_int_equal(f->t.sent.n, 0);
}

static void test_simple_sentence(void **state)
{
    fixture *f = *state;
    tok(f, "Defense Secretary Mark Esper will visit Tunisia on Wednesday.");
    assert_string_equal(joined(f),
                        "Defense | Secretary | Mark | Esper | will | visit | Tunisia | on | "
                        "Wednesday | .");
    assert_int_equal(f->t.sent.n, 1);
    assert_int_equal(kind_of(f, "Esper"), NERVE_TOKEN_WORD);
    assert_int_equal(kind_of(f, "."), NERVE_TOKEN_PUNCT);
    assert_string_equal(keys(f), "defense secretary mark esper will visit tunisia on wednesday .");
}

static void test_reuse_between_calls(void **state)
{
    fixture *f = *state;
    tok(f, "A first, much longer text with many tokens in it. And a second sentence.");
    assert_int_equal(f->t.sent.n, 2);
    tok(f, "Short one.");
    assert_string_equal(joined(f), "Short | one | .");
    assert_int_equal(f->t.sent.n, 1);
    assert_string_equal(f->t.tok.v[0].norm, "short");
}

static void test_possessive_ascii(void **state)
{
    fixture *f = *state;
    tok(f, "Esper's trip to Morocco's capital");
    assert_string_equal(joined(f), "Esper | 's | trip | to | Morocco | 's | capital");
    HAS(flags_of(f, "'s"), NERVE_TOK_POSSESSIVE);
    assert_int_equal(kind_of(f, "'s"), NERVE_TOKEN_WORD);
    HASNT(flags_of(f, "'s"), NERVE_TOK_SPACE_BEFORE);
}

static void test_possessive_curly(void **state)
{
    fixture *f = *state;
    tok(f, "the Pentagon\xE2\x80\x99s chief and Al-Qaeda\xE2\x80\x99s leader");
    assert_string_equal(joined(f),
                        "the | Pentagon | \xE2\x80\x99s | chief | and | Al-Qaeda | \xE2\x80\x99s | "
                        "leader");
    size_t i = find(f, "\xE2\x80\x99s");
    HAS(f->t.tok.v[i].flags, NERVE_TOK_POSSESSIVE);
    assert_string_equal(f->t.tok.v[i].norm, "'s");
}

static void test_possessive_plural(void **state)
{
    fixture *f = *state;
    tok(f, "The ministers' meeting and the Joneses\xE2\x80\x99 house.");
    assert_string_equal(joined(f), "The | ministers | ' | meeting | and | the | Joneses | "
                                   "\xE2\x80\x99 | house | .");
    HAS(flags_of(f, "'"), NERVE_TOK_POSSESSIVE);
    HAS(flags_of(f, "\xE2\x80\x99"), NERVE_TOK_POSSESSIVE);
}

static void test_possessive_after_abbreviation(void **state)
{
    fixture *f = *state;
    tok(f, "the U.S.'s position");
    assert_string_equal(joined(f), "the | U.S. | 's | position");
    HAS(flags_of(f, "'s"), NERVE_TOK_POSSESSIVE);
}

static void test_contractions_stay_whole(void **state)
{
    fixture *f = *state;
    tok(f, "It's clear they don't agree and O'Brien won't say; that's all.");
    assert_string_equal(joined(f), "It's | clear | they | don't | agree | and | O'Brien | won't | "
                                   "say | ; | that's | all | .");
    HASNT(flags_of(f, "It's"), NERVE_TOK_POSSESSIVE);
}

static void test_hyphenated_words(void **state)
{
    fixture *f = *state;
    tok(f, "Al-Qaeda claimed a counter-terrorism raid during COVID-19 lockdowns by F-16s.");
    assert_string_equal(joined(f), "Al-Qaeda | claimed | a | counter-terrorism | raid | during | "
                                   "COVID-19 | lockdowns | by | F-16s | .");
    HAS(flags_of(f, "Al-Qaeda"), NERVE_TOK_HYPHENATED);
    HAS(flags_of(f, "counter-terrorism"), NERVE_TOK_HYPHENATED);
    uint32_t c = flags_of(f, "COVID-19");
    HAS(c, NERVE_TOK_HYPHENATED);
    HAS(c, NERVE_TOK_HAS_DIGIT);
    HAS(c, NERVE_TOK_ALLCAPS);
    HASNT(flags_of(f, "claimed"), NERVE_TOK_HYPHENATED);
}

static void test_hyphen_at_line_end_splits(void **state)
{
    fixture *f = *state;
    tok(f, "a well- known fact - and -then");
    assert_string_equal(joined(f), "a | well | - | known | fact | - | and | - | then");
}

static void test_acronym_pairs_split(void **state)
{
    fixture *f = *state;
    tok(f, "Officers of DGST-DGSN and NATO-OSCE, not NATO-EU or AL-QAEDA or B-52 or ABC-news.");
    assert_string_equal(
        joined(f),
        "Officers | of | DGST | - | DGSN | and | NATO | - | OSCE | , | not | NATO-EU | or | "
        "AL-QAEDA | or | B-52 | or | ABC-news | .");
}

static void test_decimal_without_leading_zero(void **state)
{
    fixture *f = *state;
    tok(f, "CLEVELAND 80 53 .602 and a ratio of .5 , then more");
    assert_string_equal(joined(f), "CLEVELAND | 80 | 53 | .602 | and | a | ratio | of | .5 | , | "
                                   "then | more");
    assert_int_equal(f->t.tok.v[3].kind, NERVE_TOKEN_NUMBER);
    assert_int_equal(f->t.sent.n, 1);
}

static void test_us_led(void **state)
{
    fixture *f = *state;
    tok(f, "The U.S.-led coalition struck.");
    assert_string_equal(joined(f), "The | U.S.-led | coalition | struck | .");
    uint32_t fl = flags_of(f, "U.S.-led");
    HAS(fl, NERVE_TOK_HYPHENATED);
    HASNT(fl, NERVE_TOK_ABBREV);
    assert_int_equal(f->t.sent.n, 1);
}

static void test_numbers(void **state)
{
    fixture *f = *state;
    tok(f,
        "It rose 1,000.5 points, or 6.4 pct, at 3:30 on 1987-02-26 and 02/26/1987 (155,221 bags).");
    const char *nums[] = {"1,000.5", "6.4", "3:30", "1987-02-26", "02/26/1987", "155,221"};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        assert_int_equal(kind_of(f, nums[i]), NERVE_TOKEN_NUMBER);
        HAS(flags_of(f, nums[i]), NERVE_TOK_HAS_DIGIT);
        HASNT(flags_of(f, nums[i]), NERVE_TOK_HYPHENATED);
    }
    assert_int_equal(f->t.sent.n, 1);
}

static void test_number_separators_need_digits(void **state)
{
    fixture *f = *state;
    tok(f, "In 1987, 12 ships; 5.93. Then 1,2 and 10:5 and 3/x.");
    assert_string_equal(joined(f), "In | 1987 | , | 12 | ships | ; | 5.93 | . | Then | 1 | , | 2 | "
                                   "and | 10 | : | 5 | and | 3 | / | x | .");
    assert_int_equal(f->t.sent.n, 2);
}

static void test_percent_and_currency(void **state)
{
    fixture *f = *state;
    tok(f, "Profit rose 10% to $5.5 billion, or \xE2\x82\xAC"
           "4 bln.");
    assert_string_equal(joined(f), "Profit | rose | 10 | % | to | $ | 5.5 | billion | , | or | "
                                   "\xE2\x82\xAC | 4 | bln | .");
    assert_int_equal(kind_of(f, "%"), NERVE_TOKEN_SYMBOL);
    assert_int_equal(kind_of(f, "$"), NERVE_TOKEN_SYMBOL);
    assert_int_equal(kind_of(f, "\xE2\x82\xAC"), NERVE_TOKEN_SYMBOL);
    assert_int_equal(kind_of(f, "5.5"), NERVE_TOKEN_NUMBER);
}

static void test_alphanumerics(void **state)
{
    fixture *f = *state;
    tok(f, "In the 1980s the G7 met 2nd time");
    assert_int_equal(kind_of(f, "1980s"), NERVE_TOKEN_WORD);
    HAS(flags_of(f, "1980s"), NERVE_TOK_HAS_DIGIT);
    HAS(flags_of(f, "G7"), NERVE_TOK_CAPITALIZED);
    assert_int_equal(kind_of(f, "2nd"), NERVE_TOKEN_WORD);
}

static void test_urls(void **state)
{
    fixture *f = *state;
    tok(f, "See https://www.reuters.com/world/africa/esper-visit-2020-09-30/, "
           "http://example.org/a_(b) and www.defense.gov.");
    assert_string_equal(joined(f),
                        "See | https://www.reuters.com/world/africa/esper-visit-2020-09-30/ | , | "
                        "http://example.org/a_(b) | and | www.defense.gov | .");
    assert_int_equal(kind_of(f, "www.defense.gov"), NERVE_TOKEN_URL);
    assert_int_equal(kind_of(f, "http://example.org/a_(b)"), NERVE_TOKEN_URL);
}

static void test_url_in_parentheses(void **state)
{
    fixture *f = *state;
    tok(f, "(see https://example.com/page) HTTP://EXAMPLE.COM http:// x");
    assert_string_equal(joined(f), "( | see | https://example.com/page | ) | HTTP://EXAMPLE.COM | "
                                   "http | : | / | / | x");
    assert_string_equal(f->t.tok.v[find(f, "HTTP://EXAMPLE.COM")].norm, "http://example.com");
}

static void test_emails(void **state)
{
    fixture *f = *state;
    tok(f, "Write to press.office@state.gov, or j_doe+news@mail.example.co.uk. Not a@b or x@y.z");
    assert_int_equal(kind_of(f, "press.office@state.gov"), NERVE_TOKEN_EMAIL);
    assert_int_equal(kind_of(f, "j_doe+news@mail.example.co.uk"), NERVE_TOKEN_EMAIL);
    assert_string_equal(tok_text(f, find(f, "j_doe+news@mail.example.co.uk") + 1), ".");
    /* No TLD: not addresses. */
    assert_int_equal(kind_of(f, "a"), NERVE_TOKEN_WORD);
    assert_int_equal(kind_of(f, "@"), NERVE_TOKEN_SYMBOL);
}

static void test_ampersand_and_domains(void **state)
{
    fixture *f = *state;
    tok(f, "AT&T and S&P sued Amazon.com, not R & D or salt&pepper.");
    assert_string_equal(joined(f), "AT&T | and | S&P | sued | Amazon.com | , | not | R | & | D | "
                                   "or | salt | & | pepper | .");
}

/* ------------------------------------------------------------------------ */
/* Abbreviations                                                            */
/* ------------------------------------------------------------------------ */

static void test_title_abbreviations(void **state)
{
    fixture *f = *state;
    tok(f, "Mr. Smith, Mrs. Jones, Dr. Lee, Gen. Milley, Lt. Col. Vindman, Sen. Graham, "
           "Rep. Cheney and Gov. Newsom met.");
    const char *abbr[] = {"Mr.", "Mrs.", "Dr.", "Gen.", "Lt.", "Col.", "Sen.", "Rep.", "Gov."};
    for (size_t i = 0; i < sizeof abbr / sizeof *abbr; i++) {
        HAS(flags_of(f, abbr[i]), NERVE_TOK_ABBREV);
        HAS(flags_of(f, abbr[i]), NERVE_TOK_CAPITALIZED);
    }
    assert_string_equal(f->t.tok.v[find(f, "Gen.")].norm, "gen.");
    assert_int_equal(f->t.sent.n, 1);
}

static void test_month_and_company_abbreviations(void **state)
{
    fixture *f = *state;
    tok(f, "On Jan. 5, Feb. 6, Aug. 7, Sept. 8, Oct. 9, Nov. 10 and Dec. 11 the St. Louis "
           "unit of Acme Inc., Widget Corp., Smith Co. and Jones Ltd. reported.");
    const char *abbr[] = {"Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.",
                          "Dec.", "St.",  "Inc.", "Corp.", "Co.",  "Ltd."};
    for (size_t i = 0; i < sizeof abbr / sizeof *abbr; i++)
        HAS(flags_of(f, abbr[i]), NERVE_TOK_ABBREV);
    assert_int_equal(f->t.sent.n, 1);
}

static void test_lowercase_abbreviations(void **state)
{
    fixture *f = *state;
    tok(f, "Oil, gas, etc. were up at 9 a.m. and 5 p.m., e.g. Brent vs. WTI.");
    const char *abbr[] = {"etc.", "a.m.", "p.m.", "e.g.", "vs."};
    for (size_t i = 0; i < sizeof abbr / sizeof *abbr; i++)
        HAS(flags_of(f, abbr[i]), NERVE_TOK_ABBREV);
    HASNT(flags_of(f, "a.m."), NERVE_TOK_CAPITALIZED);
    assert_int_equal(f->t.sent.n, 1);
}

static void test_number_abbreviation(void **state)
{
    fixture *f = *state;
    tok(f, "He is No. 2 in the party. She said no. Then left.");
    HAS(flags_of(f, "No."), NERVE_TOK_ABBREV);
    assert_string_equal(sentences(f), "He is No. 2 in the party. || She said no. || Then left.");
    assert_int_equal(kind_of(f, "no"), NERVE_TOKEN_WORD);
}

static void test_case_requirements(void **state)
{
    fixture *f = *state;
    /* "gen." and "dr." in lower case are words followed by a period. */
    tok(f, "next gen. Dr. Who");
    assert_string_equal(joined(f), "next | gen | . | Dr. | Who");
}

static void test_initials(void **state)
{
    fixture *f = *state;
    tok(f, "Gen. David H. Petraeus met J.R.R. Tolkien fans and George W. Bush.");
    HAS(flags_of(f, "H."), NERVE_TOK_ABBREV);
    HAS(flags_of(f, "J.R.R."), NERVE_TOK_ABBREV);
    HAS(flags_of(f, "W."), NERVE_TOK_ABBREV);
    assert_int_equal(f->t.sent.n, 1);
}

static void test_initials_without_final_period(void **state)
{
    fixture *f = *state;
    tok(f, "The U.S long ago backed the U.S.A and U.S-led plans. A.B");
    assert_string_equal(joined(f),
                        "The | U.S | long | ago | backed | the | U.S.A | and | U.S-led | "
                        "plans | . | A.B");
    HASNT(flags_of(f, "U.S"), NERVE_TOK_ABBREV);
    HAS(flags_of(f, "U.S"), NERVE_TOK_ALLCAPS);
    HAS(flags_of(f, "U.S-led"), NERVE_TOK_HYPHENATED);
    assert_string_equal(f->t.tok.v[1].norm, "u.s");
    assert_int_equal(f->t.sent.n, 2);
}

static void test_country_initials(void **state)
{
    fixture *f = *state;
    tok(f, "The U.S., U.K. and U.N. agreed; the U.S.A. too");
    const char *abbr[] = {"U.S.", "U.K.", "U.N.", "U.S.A."};
    for (size_t i = 0; i < sizeof abbr / sizeof *abbr; i++) {
        HAS(flags_of(f, abbr[i]), NERVE_TOK_ABBREV);
        HAS(flags_of(f, abbr[i]), NERVE_TOK_ALLCAPS);
    }
    assert_string_equal(f->t.tok.v[find(f, "U.S.A.")].norm, "u.s.a.");
}

/* ------------------------------------------------------------------------ */
/* Punctuation and quotes                                                   */
/* ------------------------------------------------------------------------ */

static void test_curly_quotes(void **state)
{
    fixture *f = *state;
    tok(f, "\xE2\x80\x9CWe will go,\xE2\x80\x9D he said, \xE2\x80\x98quietly\xE2\x80\x99.");
    assert_string_equal(joined(f),
                        "\xE2\x80\x9C | We | will | go | , | \xE2\x80\x9D | he | said | , | "
                        "\xE2\x80\x98 | quietly | \xE2\x80\x99 | .");
    HAS(flags_of(f, "\xE2\x80\x9C"), NERVE_TOK_OPEN_QUOTE);
    HAS(flags_of(f, "\xE2\x80\x9D"), NERVE_TOK_CLOSE_QUOTE);
    HAS(flags_of(f, "\xE2\x80\x98"), NERVE_TOK_OPEN_QUOTE);
    HAS(flags_of(f, "\xE2\x80\x99"), NERVE_TOK_CLOSE_QUOTE);
    assert_int_equal(kind_of(f, "\xE2\x80\x9C"), NERVE_TOKEN_PUNCT);
    assert_int_equal(f->t.sent.n, 1);
}

static void test_ascii_double_quotes(void **state)
{
    fixture *f = *state;
    tok(f, "He called it \"a good visit\", adding: \"We agree.\"");
    size_t a = find(f, "\""), b = find(f, "a") + 3;
    HAS(f->t.tok.v[a].flags, NERVE_TOK_OPEN_QUOTE);
    assert_string_equal(tok_text(f, b), "\"");
    HAS(f->t.tok.v[b].flags, NERVE_TOK_CLOSE_QUOTE);
    size_t last = f->t.tok.n - 1;
    HAS(f->t.tok.v[last].flags, NERVE_TOK_CLOSE_QUOTE);
    HAS(f->t.tok.v[last - 4].flags, NERVE_TOK_OPEN_QUOTE);
    assert_int_equal(f->t.sent.n, 1);
}

static void test_ascii_single_quotes(void **state)
{
    fixture *f = *state;
    tok(f, "officials said 'no deal' was near");
    assert_string_equal(joined(f), "officials | said | ' | no | deal | ' | was | near");
    HAS(f->t.tok.v[2].flags, NERVE_TOK_OPEN_QUOTE);
    HAS(f->t.tok.v[5].flags, NERVE_TOK_CLOSE_QUOTE);
    HASNT(f->t.tok.v[5].flags, NERVE_TOK_POSSESSIVE);
}

static void test_guillemets(void **state)
{
    fixture *f = *state;
    tok(f, "le \xC2\xAB"
           "Monde\xC2\xBB"
           " says");
    HAS(flags_of(f, "\xC2\xAB"), NERVE_TOK_OPEN_QUOTE);
    HAS(flags_of(f, "\xC2\xBB"), NERVE_TOK_CLOSE_QUOTE);
}

static void test_dashes(void **state)
{
    fixture *f = *state;
    tok(f, "RABAT \xE2\x80\x94 Esper arrived \xE2\x80\x93 late -- and left - quickly");
    assert_string_equal(joined(f),
                        "RABAT | \xE2\x80\x94 | Esper | arrived | \xE2\x80\x93 | late | -- | "
                        "and | left | - | quickly");
    assert_int_equal(kind_of(f, "\xE2\x80\x94"), NERVE_TOKEN_PUNCT);
    assert_string_equal(f->t.tok.v[find(f, "\xE2\x80\x94")].norm, "-");
    assert_int_equal(kind_of(f, "--"), NERVE_TOKEN_PUNCT);
}

static void test_ellipsis(void **state)
{
    fixture *f = *state;
    tok(f, "He paused... and went on\xE2\x80\xA6 slowly.");
    assert_string_equal(joined(f),
                        "He | paused | ... | and | went | on | \xE2\x80\xA6 | slowly | .");
    assert_int_equal(f->t.sent.n, 1);
}

/* ------------------------------------------------------------------------ */
/* Flags                                                                    */
/* ------------------------------------------------------------------------ */

static void test_case_flags(void **state)
{
    fixture *f = *state;
    tok(f, "NATO and iPhone makers met McDonald in WASHINGTON, I said");
    HAS(flags_of(f, "NATO"), NERVE_TOK_CAPITALIZED);
    HAS(flags_of(f, "NATO"), NERVE_TOK_ALLCAPS);
    HASNT(flags_of(f, "iPhone"), NERVE_TOK_CAPITALIZED);
    HASNT(flags_of(f, "iPhone"), NERVE_TOK_ALLCAPS);
    HAS(flags_of(f, "McDonald"), NERVE_TOK_CAPITALIZED);
    HASNT(flags_of(f, "McDonald"), NERVE_TOK_ALLCAPS);
    HAS(flags_of(f, "I"), NERVE_TOK_ALLCAPS);
    HASNT(flags_of(f, "and"), NERVE_TOK_CAPITALIZED);
    HASNT(flags_of(f, ","), NERVE_TOK_ALLCAPS);
}

static void test_space_and_line_flags(void **state)
{
    fixture *f = *state;
    tok(f, "Rabat(Reuters)\nSecond line  here");
    HASNT(f->t.tok.v[0].flags, NERVE_TOK_SPACE_BEFORE);
    HASNT(f->t.tok.v[0].flags, NERVE_TOK_LINE_START);
    HASNT(flags_of(f, "("), NERVE_TOK_SPACE_BEFORE);
    uint32_t s = flags_of(f, "Second");
    HAS(s, NERVE_TOK_SPACE_BEFORE);
    HAS(s, NERVE_TOK_LINE_START);
    HAS(flags_of(f, "here"), NERVE_TOK_SPACE_BEFORE);
    HASNT(flags_of(f, "here"), NERVE_TOK_LINE_START);
}

static void test_has_digit_flag(void **state)
{
    fixture *f = *state;
    tok(f, "B-52 bombers and 747s, not jets");
    HAS(flags_of(f, "B-52"), NERVE_TOK_HAS_DIGIT);
    HAS(flags_of(f, "747s"), NERVE_TOK_HAS_DIGIT);
    HASNT(flags_of(f, "jets"), NERVE_TOK_HAS_DIGIT);
}

/* ------------------------------------------------------------------------ */
/* Unicode                                                                  */
/* ------------------------------------------------------------------------ */

static void test_decomposed_accent(void **state)
{
    fixture *f = *state;
    tok(f, "Pe\xCC\x81rez visited Bogota\xCC\x81 today");
    assert_string_equal(joined(f), "Pe\xCC\x81rez | visited | Bogota\xCC\x81 | today");
    assert_string_equal(keys(f), "perez visited bogota today");
    assert_int_equal(f->t.tok.v[0].span.char_end, 6); /* the mark is its own code point */
}

static void test_norm_cote_divoire(void **state)
{
    fixture *f = *state;
    tok(f, "C\xC3\xB4te d\xE2\x80\x99Ivoire");
    assert_string_equal(joined(f), "C\xC3\xB4te | d\xE2\x80\x99Ivoire");
    assert_string_equal(keys(f), "cote d'ivoire");
    HASNT(f->t.tok.v[1].flags, NERVE_TOK_CAPITALIZED);
}

static void test_norm_latin(void **state)
{
    fixture *f = *state;
    tok(f, "S\xC3\xA3o Paulo, Z\xC3\x9CRICH and Stra\xC3\x9F"
           "e");
    assert_string_equal(keys(f), "sao paulo , zurich and strasse");
    HAS(flags_of(f, "Z\xC3\x9CRICH"), NERVE_TOK_ALLCAPS);
    HAS(flags_of(f, "S\xC3\xA3o"), NERVE_TOK_CAPITALIZED);
}

static void test_arabic(void **state)
{
    fixture *f = *state;
    /* "Tunis, the capital." in Arabic, with a comma U+060C and tashkeel. */
    const char *text = "\xD8\xAA\xD9\x8F\xD9\x88\xD9\x86\xD8\xB3\xD8\x8C "
                       "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xA7\xD8\xB5\xD9\x85\xD8\xA9.";
    tok(f, text);
    assert_int_equal(f->t.tok.n, 4);
    assert_int_equal(f->t.tok.v[0].kind, NERVE_TOKEN_WORD);
    assert_int_equal(f->t.tok.v[1].kind, NERVE_TOKEN_PUNCT);
    /* Damma stripped from the key; Arabic letters are uncased. */
    assert_string_equal(f->t.tok.v[0].norm, "\xD8\xAA\xD9\x88\xD9\x86\xD8\xB3");
    HASNT(f->t.tok.v[0].flags, NERVE_TOK_CAPITALIZED);
}

static void test_chinese(void **state)
{
    fixture *f = *state;
    /* Two sentences ending with the ideographic full stop. */
    tok(f, "\xE7\xBE\x8E\xE5\x9B\xBD\xE9\x98\xB2\xE9\x95\xBF\xE8\xAE\xBF\xE9\x97\xAE\xE3\x80\x82"
           "\xE4\xBB\x96\xE8\xAF\xB4\xE3\x80\x82");
    assert_int_equal(f->t.tok.n, 4);
    assert_int_equal(f->t.sent.n, 2);
    assert_int_equal(f->t.tok.v[0].span.char_end, 6);
}

static void test_cyrillic(void **state)
{
    fixture *f = *state;
    tok(f, "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xD0\xB8 "
           "\xD0\x9A\xD0\x98\xD0\x95\xD0\x92. "
           "\xD0\x94\xD0\xB0.");
    assert_int_equal(f->t.tok.n, 6);
    HAS(f->t.tok.v[0].flags, NERVE_TOK_CAPITALIZED);
    HAS(f->t.tok.v[2].flags, NERVE_TOK_ALLCAPS);
    assert_string_equal(f->t.tok.v[2].norm, "\xD0\xBA\xD0\xB8\xD0\xB5\xD0\xB2");
    assert_int_equal(f->t.sent.n, 2);
}

static void test_emoji_zwj_sequence(void **state)
{
    fixture *f = *state;
    /* family: man ZWJ woman ZWJ girl, then a thumbs up */
    tok(f, "Families \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 "
           "cheered\xF0\x9F\x91\x8D");
    assert_int_equal(f->t.tok.n, 4);
    assert_string_equal(tok_text(f, 1),
                        "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7");
    assert_int_equal(f->t.tok.v[1].kind, NERVE_TOKEN_SYMBOL);
    assert_int_equal(f->t.tok.v[1].span.char_end - f->t.tok.v[1].span.char_start, 5);
    assert_int_equal(f->t.tok.v[3].kind, NERVE_TOKEN_SYMBOL);
}

static void test_emoji_skin_tone_and_flags(void **state)
{
    fixture *f = *state;
    /* thumbs up + medium skin tone, woman health worker (ZWJ + VS16), Moroccan flag */
    tok(f, "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD "
           "\xF0\x9F\x91\xA9\xE2\x80\x8D\xE2\x9A\x95\xEF\xB8\x8F "
           "\xF0\x9F\x87\xB2\xF0\x9F\x87\xA6\xF0\x9F\x87\xB2\xF0\x9F\x87\xA6");
    assert_int_equal(f->t.tok.n, 4);
    assert_string_equal(tok_text(f, 0), "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD");
    assert_string_equal(tok_text(f, 1), "\xF0\x9F\x91\xA9\xE2\x80\x8D\xE2\x9A\x95\xEF\xB8\x8F");
    assert_string_equal(tok_text(f, 2), "\xF0\x9F\x87\xB2\xF0\x9F\x87\xA6");
    assert_string_equal(tok_text(f, 3), "\xF0\x9F\x87\xB2\xF0\x9F\x87\xA6");
}

static void test_keycap_emoji(void **state)
{
    fixture *f = *state;
    tok(f, "Press 1\xEF\xB8\x8F\xE2\x83\xA3 now");
    assert_string_equal(joined(f), "Press | 1\xEF\xB8\x8F\xE2\x83\xA3 | now");
}

static void test_zero_width_inside_words(void **state)
{
    fixture *f = *state;
    /* Persian "mikhaham" with a ZWNJ, a soft hyphen, a ZWJ between letters. */
    tok(f, "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x87\xD9\x85 "
           "counter\xC2\xADterrorism a\xE2\x80\x8D"
           "b");
    assert_int_equal(f->t.tok.n, 3);
    assert_string_equal(f->t.tok.v[1].norm, "counterterrorism");
    assert_string_equal(tok_text(f, 2), "a\xE2\x80\x8D"
                                        "b");
}

static void test_stray_format_characters(void **state)
{
    fixture *f = *state;
    /* A ZWSP between words and a ZWJ at a word's end are not tokens. */
    tok(f, "one\xE2\x80\x8B two\xE2\x80\x8D three");
    assert_string_equal(joined(f), "one | two | three");
    assert_int_equal(f->t.tok.v[2].span.char_start, 10);
}

static void test_nbsp_is_space(void **state)
{
    fixture *f = *state;
    tok(f, "Mark\xC2\xA0"
           "Esper\xE2\x80\xAF"
           "and\xE3\x80\x80"
           "Rabat");
    assert_string_equal(joined(f), "Mark | Esper | and | Rabat");
    HAS(f->t.tok.v[1].flags, NERVE_TOK_SPACE_BEFORE);
    assert_int_equal(f->t.tok.v[1].span.char_start, 5);
}

static void test_crlf(void **state)
{
    fixture *f = *state;
    tok(f, "Esper to visit Morocco\r\nRABAT (Reuters) - He arrived.\r\n\r\nNext");
    assert_int_equal(f->t.sent.n, 3);
    HAS(flags_of(f, "RABAT"), NERVE_TOK_LINE_START);
    HAS(flags_of(f, "Next"), NERVE_TOK_LINE_START);
    assert_int_equal(f->t.tok.v[find(f, "RABAT")].span.char_start, 24);
}

static void test_lone_cr(void **state)
{
    fixture *f = *state;
    tok(f, "Esper to visit Morocco\rRABAT (Reuters) - He arrived.\r\rthen");
    assert_int_equal(f->t.sent.n, 3); /* the blank line splits even before lower case */
    HAS(flags_of(f, "RABAT"), NERVE_TOK_LINE_START);
    HAS(flags_of(f, "then"), NERVE_TOK_LINE_START);
}

static void test_bom(void **state)
{
    fixture *f = *state;
    tok(f, "\xEF\xBB\xBFRabat is the capital.");
    assert_string_equal(tok_text(f, 0), "Rabat");
    assert_int_equal(f->t.tok.v[0].span.start, 3);
    assert_int_equal(f->t.tok.v[0].span.char_start, 1);
    HAS(f->t.tok.v[0].flags, NERVE_TOK_CAPITALIZED);
    HASNT(f->t.tok.v[0].flags, NERVE_TOK_SPACE_BEFORE);
}

static void test_invalid_utf8_bytes(void **state)
{
    fixture *f = *state;
    tok(f, "Bad\xFF\xFEname and \xC0\xAF"
           "x \xE2\x80"
           "y.");
    assert_string_equal(joined(f),
                        "Bad | \xFF | \xFE | name | and | \xC0 | \xAF | x | \xE2 | \x80 | "
                        "y | .");
    for (size_t i = 0; i < f->t.tok.n; i++) {
        const nerve_token *k = &f->t.tok.v[i];
        if ((unsigned char)f->text[k->span.start] >= 0x80) {
            assert_int_equal(k->kind, NERVE_TOKEN_SYMBOL);
            assert_int_equal(k->span.end - k->span.start, 1);
            assert_string_equal(k->norm, "\xEF\xBF\xBD");
        }
    }
}

static void test_nul_bytes(void **state)
{
    fixture *f = *state;
    static const char text[] = "Rabat\0Tunis \0\0 Algiers\0";
    tok_n(f, text, sizeof text - 1);
    assert_int_equal(f->t.tok.n, 3);
    assert_string_equal(tok_text(f, 1), "Tunis");
    HAS(f->t.tok.v[1].flags, NERVE_TOK_SPACE_BEFORE);
    assert_int_equal(f->t.tok.v[2].span.start, 15);
}

static void test_nfkc_forms(void **state)
{
    fixture *f = *state;
    tok(f, "\xEF\xBC\xB5\xEF\xBC\xAE \xEF\xAC\x81nance");
    assert_string_equal(keys(f), "un finance");
    HAS(f->t.tok.v[0].flags, NERVE_TOK_ALLCAPS);
}

static void test_unicode_hyphen_and_apostrophe(void **state)
{
    fixture *f = *state;
    tok(f, "Al\xE2\x80\x90Qaeda and Hawai\xCA\xBCi");
    assert_string_equal(joined(f), "Al\xE2\x80\x90Qaeda | and | Hawai\xCA\xBCi");
    HAS(f->t.tok.v[0].flags, NERVE_TOK_HYPHENATED);
    assert_string_equal(keys(f), "al-qaeda and hawai'i");
}

static void test_orphan_mark_and_private_use(void **state)
{
    fixture *f = *state;
    tok(f, "\xCC\x81 x \xEE\x80\x80 y");
    assert_int_equal(f->t.tok.n, 4);
    assert_int_equal(f->t.tok.v[0].kind, NERVE_TOKEN_SYMBOL);
    assert_int_equal(f->t.tok.v[2].kind, NERVE_TOKEN_SYMBOL);
}

/* ------------------------------------------------------------------------ */
/* Pathological sizes: linear time                                          */
/* ------------------------------------------------------------------------ */

static void one_mb(fixture *f, const char *unit, size_t expect_tokens)
{
    size_t u = strlen(unit), n = ((size_t)1 << 20) / u * u; /* whole units only */
    char *text = malloc(n);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        text[i] = unit[i % u];
    f->text = text;
    f->len = n;
    /* Time is not asserted here (tests/pathological.py guards linearity). */
    assert_int_equal(nerve__tokenize(&f->al, test_tok_lexicon(), text, n, &f->t), NERVE_OK);
    if (expect_tokens)
        assert_int_equal(f->t.tok.n, expect_tokens);
    check_invariants(f);
    free(text);
}

static void test_one_mb_single_token(void **state)
{
    fixture *f = *state;
    one_mb(f, "a", 1);
    assert_int_equal(f->t.tok.v[0].norm_len, (size_t)1 << 20);
    one_mb(f, "7", 1);
    assert_int_equal(f->t.tok.v[0].kind, NERVE_TOKEN_NUMBER);
}

static void test_one_mb_pathological_patterns(void **state)
{
    fixture *f = *state;
    one_mb(f, "a-", 0);  /* one long hyphenated word and a final dash */
    one_mb(f, "a.", 1);  /* one long letter-dot abbreviation */
    one_mb(f, "ab.", 0); /* many e-mail and initial look-aheads */
    one_mb(f, "x.y", 0);
    one_mb(f, "\xC3\xA9", 1);     /* one long non-ASCII word */
    one_mb(f, "\xE2\x80\x8D", 0); /* nothing but joiners */
    assert_int_equal(f->t.tok.n, 0);
    one_mb(f, "\xF0\x9F\x91\x8D\xE2\x80\x8D", 1); /* one endless emoji sequence */
    one_mb(f, "'", 0);
    one_mb(f, "\n", 0);
}

static void test_one_mb_text(void **state)
{
    fixture *f = *state;
    one_mb(f, "Mr. Esper met Gen. H. Smith in the U.S. on Jan. 5. ", 0);
    assert_true(f->t.sent.n > 10000);
}

/* ------------------------------------------------------------------------ */
/* Sentences                                                                */
/* ------------------------------------------------------------------------ */

static void test_sentences_simple(void **state)
{
    fixture *f = *state;
    tok(f, "Esper arrived in Tunis. He met the president! Was it useful? Yes.");
    assert_string_equal(sentences(f), "Esper arrived in Tunis. || He met the president! || "
                                      "Was it useful? || Yes.");
}

static void test_sentences_titles(void **state)
{
    fixture *f = *state;
    tok(f, "It was signed by Gen. Mark Milley and Mr. Esper. Dr. Smith agreed.");
    assert_string_equal(sentences(f), "It was signed by Gen. Mark Milley and Mr. Esper. || "
                                      "Dr. Smith agreed.");
}

static void test_sentences_initials(void **state)
{
    fixture *f = *state;
    tok(f, "Gen. David H. Petraeus spoke. John F. Kennedy did too.");
    assert_string_equal(sentences(f), "Gen. David H. Petraeus spoke. || John F. Kennedy did too.");
}

static void test_sentences_us_at_end(void **state)
{
    fixture *f = *state;
    tok(f, "The talks were held in the U.S. The next round is in Rabat.");
    assert_string_equal(sentences(f),
                        "The talks were held in the U.S. || The next round is in Rabat.");
    HAS(flags_of(f, "U.S."), NERVE_TOK_ABBREV);
}

static void test_sentences_us_before_name(void **state)
{
    fixture *f = *state;
    tok(f, "The U.S. Army and U.S. Defense Secretary Mark Esper met U.S. officials.");
    assert_int_equal(f->t.sent.n, 1);
}

static void test_sentences_us_at_text_end(void **state)
{
    fixture *f = *state;
    tok(f, "He flew back to the U.S.");
    assert_int_equal(f->t.sent.n, 1);
    assert_string_equal(tok_text(f, f->t.tok.n - 1), "U.S.");
}

static void test_sentences_us_then_line(void **state)
{
    fixture *f = *state;
    tok(f, "Morocco buys arms from the U.S.\nRabat denied it.");
    assert_string_equal(sentences(f), "Morocco buys arms from the U.S. || Rabat denied it.");
}

static void test_sentences_headline(void **state)
{
    fixture *f = *state;
    tok(f, "Esper to visit Morocco\nWASHINGTON (Reuters) - U.S. Defense Secretary Mark Esper "
           "will visit North Africa next week.");
    assert_string_equal(sentences(f), "Esper to visit Morocco || WASHINGTON (Reuters) - U.S. "
                                      "Defense Secretary Mark Esper will visit North Africa next "
                                      "week.");
}

static void test_sentences_allcaps_headline(void **state)
{
    fixture *f = *state;
    tok(f, "BAHIA COCOA REVIEW\nSALVADOR, Feb 26 - Showers continued throughout the week.");
    assert_int_equal(f->t.sent.n, 2);
    HAS(flags_of(f, "SALVADOR"), NERVE_TOK_SENT_START);
}

static void test_sentences_wrapped_lowercase(void **state)
{
    fixture *f = *state;
    tok(f, "The minister said the visit would\nstrengthen ties with the\nKingdom of Morocco.");
    assert_int_equal(f->t.sent.n, 1);
}

static void test_sentences_line_after_comma(void **state)
{
    fixture *f = *state;
    tok(f, "He will visit Tunisia, Algeria and\nMorocco, officials said,\nAccording to plans.");
    assert_int_equal(f->t.sent.n, 1);
}

static void test_sentences_blank_line(void **state)
{
    fixture *f = *state;
    tok(f, "Talks continued, and\n\nofficials said nothing \n \n more");
    assert_string_equal(sentences(f), "Talks continued, and || officials said nothing || more");
}

static void test_sentences_paragraph_separator(void **state)
{
    fixture *f = *state;
    tok(f, "first part\xE2\x80\xA9second part\xE2\x80\xA8third");
    assert_int_equal(f->t.sent.n, 2);
}

static void test_sentences_quotes(void **state)
{
    fixture *f = *state;
    tok(f, "\xE2\x80\x9CWe are ready.\xE2\x80\x9D The minister left. He said: \"It went well.\" "
           "Then he flew home.");
    assert_string_equal(sentences(f),
                        "\xE2\x80\x9CWe are ready.\xE2\x80\x9D || The minister left. || "
                        "He said: \"It went well.\" || Then he flew home.");
}

static void test_sentences_quote_opens_sentence(void **state)
{
    fixture *f = *state;
    tok(f, "The visit ended. \"It was useful,\" Esper said.");
    assert_string_equal(sentences(f), "The visit ended. || \"It was useful,\" Esper said.");
}

static void test_sentences_question_in_quote(void **state)
{
    fixture *f = *state;
    tok(f, "\"Why now?\" he asked. \xE2\x80\x9CWhy not!\xE2\x80\x9D she replied.");
    assert_string_equal(sentences(f),
                        "\"Why now?\" he asked. || \xE2\x80\x9CWhy not!\xE2\x80\x9D she "
                        "replied.");
}

static void test_sentences_brackets(void **state)
{
    fixture *f = *state;
    tok(f, "Shares fell (as expected.) The bank said so. (It did.) Then it rose.");
    assert_string_equal(sentences(f), "Shares fell (as expected.) || The bank said so. || "
                                      "(It did.) || Then it rose.");
}

static void test_sentences_decimals(void **state)
{
    fixture *f = *state;
    tok(f, "Output rose 6.4 pct to 5.93 mln tonnes in 1986. Exports were 1,200.5 mln.");
    assert_string_equal(sentences(f), "Output rose 6.4 pct to 5.93 mln tonnes in 1986. || "
                                      "Exports were 1,200.5 mln.");
}

static void test_sentences_number_start(void **state)
{
    fixture *f = *state;
    tok(f, "Prices rose. 1986 was a good year.");
    assert_int_equal(f->t.sent.n, 2);
}

static void test_sentences_ellipsis(void **state)
{
    fixture *f = *state;
    tok(f, "We will see... The talks go on. Maybe\xE2\x80\xA6 or maybe not... perhaps.");
    assert_string_equal(sentences(f), "We will see... || The talks go on. || "
                                      "Maybe\xE2\x80\xA6 or maybe not... perhaps.");
}

static void test_sentences_lowercase_after_period(void **state)
{
    fixture *f = *state;
    tok(f, "The firm, formerly known as Acme Co. of Ohio, was sold. it then closed.");
    assert_int_equal(f->t.sent.n, 1);
}

static void test_sentences_company_abbreviations(void **state)
{
    fixture *f = *state;
    tok(f, "Shares of Acme Inc. rose. Acme Inc. said on Monday it would buy Widget Corp. "
           "The deal closes in Dec. It also owns Smith Co.");
    assert_string_equal(sentences(f),
                        "Shares of Acme Inc. rose. || Acme Inc. said on Monday it would "
                        "buy Widget Corp. || The deal closes in Dec. || It also owns "
                        "Smith Co.");
}

static void test_sentences_am_pm(void **state)
{
    fixture *f = *state;
    tok(f, "He lands at 9 a.m. Friday. Talks begin at 10 a.m. The press is barred.");
    assert_string_equal(sentences(f), "He lands at 9 a.m. Friday. || Talks begin at 10 a.m. || "
                                      "The press is barred.");
}

static void test_sentences_months(void **state)
{
    fixture *f = *state;
    tok(f, "The deal was signed on Jan. 15 in Rabat. On Sept. 30 Esper left.");
    assert_string_equal(sentences(f), "The deal was signed on Jan. 15 in Rabat. || "
                                      "On Sept. 30 Esper left.");
}

static void test_sentences_no_abbreviation(void **state)
{
    fixture *f = *state;
    tok(f, "He is the No. 2 official. Vs. rivals he won.");
    assert_int_equal(f->t.sent.n, 2);
}

static void test_sentences_exclamation_lowercase(void **state)
{
    fixture *f = *state;
    tok(f, "Yahoo! announced results. The shares of Yahoo! rose.");
    /* "!" before a lower-case word does not end a sentence. */
    assert_string_equal(sentences(f), "Yahoo! announced results. || The shares of Yahoo! rose.");
}

static void test_sentences_dateline(void **state)
{
    fixture *f = *state;
    tok(f, "RABAT, Oct 2 (Reuters) - U.S. Defense Secretary Mark Esper signed a military "
           "cooperation roadmap with Morocco on Friday. He then left for Algiers.");
    assert_int_equal(f->t.sent.n, 2);
}

static void test_sentences_multiple_terminators(void **state)
{
    fixture *f = *state;
    tok(f, "Really?! Yes!!! Done.");
    assert_string_equal(sentences(f), "Really?! || Yes!!! || Done.");
}

static void test_sentences_line_function_word(void **state)
{
    fixture *f = *state;
    tok(f, "A meeting with the\nMoroccan King is planned by\nRabat officials");
    assert_int_equal(f->t.sent.n, 1);
}

static void test_sentences_token_index(void **state)
{
    fixture *f = *state;
    tok(f, "One. Two three. Four.");
    assert_int_equal(f->t.sent.n, 3);
    assert_int_equal(f->t.sent.v[1].token_begin, 2);
    assert_int_equal(f->t.sent.v[1].token_count, 3);
    assert_int_equal(f->t.tok.v[4].sentence, 1);
    HAS(f->t.tok.v[2].flags, NERVE_TOK_SENT_START);
    HASNT(f->t.tok.v[3].flags, NERVE_TOK_SENT_START);
}

/* ------------------------------------------------------------------------ */
/* Shapes                                                                   */
/* ------------------------------------------------------------------------ */

static const char *shape(fixture *f, const char *word)
{
    static char buf[32];
    tok(f, word);
    assert_int_equal(f->t.tok.n, 1);
    nerve__token_shape(f->text, &f->t.tok.v[0], buf, sizeof buf);
    return buf;
}

static void test_shapes(void **state)
{
    fixture *f = *state;
    assert_string_equal(shape(f, "Esper"), "Xxxxx");
    assert_string_equal(shape(f, "Washington"), "Xxxxx");
    assert_string_equal(shape(f, "NATO"), "XXXX");
    assert_string_equal(shape(f, "WASHINGTON"), "XXXX");
    assert_string_equal(shape(f, "1987"), "dddd");
    assert_string_equal(shape(f, "1987-02-26"), "dddd-dd-dd");
    assert_string_equal(shape(f, "COVID-19"), "XXXX-dd");
    assert_string_equal(shape(f, "Al-Qaeda"), "Xx-Xxxxx");
    assert_string_equal(shape(f, "U.S."), "X.X.");
    assert_string_equal(shape(f, "a.m."), "x.x.");
    assert_string_equal(shape(f, "6.4"), "d.d");
    assert_string_equal(shape(f, "C\xC3\xB4te"), "Xxxx");
    assert_string_equal(shape(f, "Pe\xCC\x81rez"), "Xxxxx");
    assert_string_equal(shape(f, "\xE2\x80\x94"), "\xE2\x80\x94");
}

static void test_shape_truncation(void **state)
{
    fixture *f = *state;
    char buf[4];
    tok(f, "Al-Qaeda");
    nerve__token_shape(f->text, &f->t.tok.v[0], buf, sizeof buf);
    assert_string_equal(buf, "Xx-");
    nerve__token_shape(f->text, &f->t.tok.v[0], buf, 1);
    assert_string_equal(buf, "");
    tok(f, "a\xE2\x80\x94");
    nerve__token_shape(f->text, &f->t.tok.v[1], buf, 3); /* 3-byte dash does not fit */
    assert_string_equal(buf, "");
}

/* ------------------------------------------------------------------------ */
/* Out of memory                                                            */
/* ------------------------------------------------------------------------ */

typedef struct failing {
    long budget; /* allocations left before failing */
    long live;
} failing;

static void *f_malloc(void *ctx, size_t n)
{
    failing *c = ctx;
    if (c->budget-- <= 0)
        return NULL;
    c->live++;
    return malloc(n);
}

static void *f_realloc(void *ctx, void *p, size_t old, size_t n)
{
    failing *c = ctx;
    (void)old;
    if (c->budget-- <= 0)
        return NULL;
    return realloc(p, n);
}

static void f_free(void *ctx, void *p)
{
    failing *c = ctx;
    c->live--;
    free(p);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    /* Enough text to make every vector grow more than once. */
    size_t n = 0;
    char *text = malloc(200000);
    assert_non_null(text);
    const char *unit = "Gen. Esper\xE2\x80\x99s S\xC3\xA3o Paulo trip. ";
    size_t u = strlen(unit);
    while (n + u < 200000) {
        memcpy(text + n, unit, u);
        n += u;
    }
    for (long budget = 0;; budget++) {
        failing c = {budget, 0};
        nerve_allocator al = {f_malloc, f_realloc, f_free, &c};
        nerve__tokens t;
        memset(&t, 0, sizeof t);
        int rc = nerve__tokenize(&al, test_tok_lexicon(), text, n, &t);
        if (rc == NERVE_OK) {
            assert_true(t.tok.n > 0);
            nerve__tokens_free(&al, &t);
            assert_int_equal(c.live, 0);
            break;
        }
        assert_int_equal(rc, NERVE_ENOMEM);
        assert_int_equal(t.tok.n, 0);
        assert_int_equal(t.sent.n, 0);
        nerve__tokens_free(&al, &t);
        assert_int_equal(c.live, 0);
        assert_true(budget < 1000);
    }
    free(text);
}

/* ------------------------------------------------------------------------ */
/* A real document                                                          */
/* ------------------------------------------------------------------------ */

static void test_shared_sample_document(void **state)
{
    fixture *f = *state;
    const char *dir = getenv("NERVE_SHARED_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus/maghreb-tour.txt", dir ? dir : "../shared");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        skip();
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, fp);
    fclose(fp);
    tok_n(f, buf, n);
    assert_true(f->t.tok.n > 100);
    assert_true(f->t.sent.n > 5);
    free(buf);
}

/* Random mixes of tricky pieces and random bytes: the invariants always hold. */
static void test_random_inputs(void **state)
{
    fixture *f = *state;
    static const char *const pieces[] = {
        "U.S.",
        "Mr.",
        " ",
        "\n",
        "\r\n",
        "\r",
        "'",
        "\xE2\x80\x99",
        "s",
        "S",
        "-",
        ".",
        "...",
        "\"",
        "\xE2\x80\x9C",
        "(",
        ")",
        "a",
        "B",
        "7",
        ",",
        "@",
        "x.com",
        "http://",
        "www.",
        "\xC2\xA0",
        "\xCC\x81",
        "\xE2\x80\x8D",
        "\xF0\x9F\x91\x8D",
        "\xF0\x9F\x87\xB2",
        "\xFF",
        "\xE2\x80",
        "\0",
        "\xEF\xBB\xBF",
        "\xE4\xB8\xAD",
        "&",
        "?",
        "!",
        ":",
        "/",
        "%",
        "\xC3\x9F",
        "\xD9\x85",
        "\xE2\x80\xA9",
        "No.",
        "H.",
        "e.g.",
        "'s",
        "1,000",
        "3:30",
    };
    size_t npieces = sizeof pieces / sizeof *pieces;
    uint64_t seed = 0x9E3779B97F4A7C15u;
    char buf[512];
    for (int round = 0; round < 3000; round++) {
        size_t n = 0;
        int raw = round % 4 == 0;
        while (n < 400) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            uint32_t r = (uint32_t)(seed >> 33);
            if (raw) {
                buf[n++] = (char)(r & 0xFF);
            } else {
                const char *p = pieces[r % npieces];
                size_t k = p[0] ? strlen(p) : 1; /* "\0" is one NUL byte */
                memcpy(buf + n, p, k);
                n += k;
            }
            if ((r >> 20) % 50 == 0)
                break;
        }
        tok_n(f, buf, n);
    }
}

/* A text without case: all lower case or all capitals, from forty words on;
 * one capital in a short text, or a name or two in a long one, is case. */
static void test_caseless_detection(void **state)
{
    fixture *f = *state;
    static const char lower[] =
        "the minister visited paris and berlin last week and met officials there. she spoke to the "
        "press about trade and the budget, and then she flew home to madrid on friday night with "
        "her deputy and two advisers from the ministry of finance.";
    char buf[sizeof lower];
    tok(f, lower);
    assert_true(f->t.caseless);
    for (size_t i = 0; i < sizeof lower; i++)
        buf[i] = (char)(lower[i] >= 'a' && lower[i] <= 'z' ? lower[i] - 32 : lower[i]);
    tok(f, buf);
    assert_true(f->t.caseless);
    memcpy(buf, lower, sizeof lower);
    buf[0] = 'T';  /* The minister ... */
    buf[21] = 'P'; /* Paris: two capitals in forty-odd words */
    tok(f, buf);
    assert_false(f->t.caseless);
    tok(f, "the minister visited paris and berlin last week and met officials.");
    assert_false(f->t.caseless); /* too short to tell */
    tok(f, "");
    assert_false(f->t.caseless);
}

/* In a text without capitals a full stop before a word ends the sentence;
 * in a text with case it does not ("approx. five" stays one sentence). */
static void test_caseless_sentences(void **state)
{
    fixture *f = *state;
    tok(f, "the minister visited paris last week. she met the president there on monday and "
           "spoke to the press about trade, the budget and the new rules for the banks of the "
           "region, which the two of them had talked about for some time before the visit.");
    assert_true(f->t.caseless);
    assert_int_equal(f->t.sent.n, 2);
    assert_string_equal(tok_text(f, f->t.sent.v[1].token_begin), "she");
    tok(f, "The minister visited Paris last week. she met the president there on Monday.");
    assert_false(f->t.caseless);
    assert_int_equal(f->t.sent.n, 1);
}

/* A first line in title case is a headline; a sentence, a line with a
 * long lower-case word or with a full stop, or a later line is not. */
static void test_title_headline(void **state)
{
    fixture *f = *state;
    tok(f, "Minister Calls Off Trip To Peru\nLIMA, June 16 - The minister called off her trip.");
    const nerve_sentence *s0 = &f->t.sent.v[0], *s1 = &f->t.sent.v[1];
    size_t n = f->t.tok.n;
    assert_true(nerve__title_headline(f->t.tok.v, n, 0, s0->token_begin,
                                      s0->token_begin + s0->token_count));
    assert_false(nerve__title_headline(f->t.tok.v, n, 1, s1->token_begin,
                                       s1->token_begin + s1->token_count));
    tok(f, "Minister Calls Off Trip To Peru.\nThe minister called off her trip.");
    s0 = &f->t.sent.v[0];
    assert_false(nerve__title_headline(f->t.tok.v, f->t.tok.n, 0, s0->token_begin,
                                       s0->token_begin + s0->token_count));
    tok(f, "Minister Ana Ruiz cancelled her Trip\nThe minister called off her trip.");
    s0 = &f->t.sent.v[0];
    assert_false(nerve__title_headline(f->t.tok.v, f->t.tok.n, 0, s0->token_begin,
                                       s0->token_begin + s0->token_count));
    tok(f, "Minister Calls Off Trip Of Ruiz To Peru\nThe minister called off her trip.");
    s0 = &f->t.sent.v[0];
    assert_true(nerve__headline(f->t.tok.v, f->t.tok.n, 0, s0->token_begin,
                                s0->token_begin + s0->token_count));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

/* ------------------------------------------------------------------------ */
/* The tokenizer lexicon (rules/tokenizer.tsv)                              */
/* ------------------------------------------------------------------------ */

/* Tokenize with the lexicon lx instead of the bundled one. */
static void tok_with(fixture *f, const nerve__tok_lexicon *lx, const char *text)
{
    f->text = text;
    f->len = strlen(text);
    assert_int_equal(nerve__tokenize(&f->al, lx, text, f->len, &f->t), NERVE_OK);
    check_invariants(f);
}

/* The bundled file loads, every kind has entries, origins are its lines. */
static void test_lexicon_bundled(void **state)
{
    (void)state;
    const nerve__tok_lexicon *lx = test_tok_lexicon();
    assert_string_equal(nerve__tok_lexicon_file(lx), "rules/tokenizer.tsv");
    /* 80 abbreviations, 79 starters, 13 contraction hosts, 15 continuations, 5 domains */
    assert_int_equal(nerve__tok_lexicon_size(lx), 80 + 79 + 13 + 15 + 5);
    assert_true(nerve__tok_lexicon_line(lx, NERVE__TOKW_ABBREV, "Gen", 3) > 1);
    assert_true(nerve__tok_lexicon_line(lx, NERVE__TOKW_STARTER, "THE", 3) > 1);
    assert_true(nerve__tok_lexicon_line(lx, NERVE__TOKW_CONTRACTION, "it", 2) > 1);
    assert_true(nerve__tok_lexicon_line(lx, NERVE__TOKW_CONTINUATION, "of", 2) > 1);
    assert_true(nerve__tok_lexicon_line(lx, NERVE__TOKW_TLD, "com", 3) > 1);
    assert_int_equal(nerve__tok_lexicon_line(lx, NERVE__TOKW_TLD, "gen", 3), 0);
    /* "approx" is commented out (see the file) */
    assert_int_equal(nerve__tok_lexicon_line(lx, NERVE__TOKW_ABBREV, "approx", 6), 0);
    assert_int_not_equal(nerve__tok_lexicon_hash(lx), nerve__tok_lexicon_hash(NULL));
}

/* A minimal file: its entries, and the line each comes from. */
static void test_lexicon_buffer(void **state)
{
    (void)state;
    static const char src[] = "# comment\n"
                              "kind\tword\tflags\r\n"
                              "\n"
                              "abbrev\tgen\ttitle\r\n"
                              "abbrev\tetc\tlower,other\n"
                              "starter\tthe\t-\n"
                              "tld\tcom\t-";
    nerve__tok_lexicon *lx = NULL;
    nerve_error err;
    assert_int_equal(nerve__tok_lexicon_load_buffer(NULL, "t.tsv", src, sizeof src - 1, &lx, &err),
                     NERVE_OK);
    assert_int_equal(nerve__tok_lexicon_size(lx), 4);
    assert_int_equal(nerve__tok_lexicon_line(lx, NERVE__TOKW_ABBREV, "gen", 3), 4);
    assert_int_equal(nerve__tok_lexicon_line(lx, NERVE__TOKW_ABBREV, "ETC", 3), 5);
    assert_int_equal(nerve__tok_lexicon_line(lx, NERVE__TOKW_STARTER, "The", 3), 6);
    assert_int_equal(nerve__tok_lexicon_line(lx, NERVE__TOKW_TLD, "com", 3), 7);
    /* the hash is of the contents: the same words in another order and
     * with other comments hash alike; another class does not */
    static const char same[] = "kind\tword\tflags\ntld\tcom\t-\nstarter\tthe\t-\n# x\n"
                               "abbrev\tetc\tother,lower\nabbrev\tgen\ttitle\n";
    static const char other[] = "kind\tword\tflags\ntld\tcom\t-\nstarter\tthe\t-\n"
                                "abbrev\tetc\tother\nabbrev\tgen\ttitle\n";
    nerve__tok_lexicon *a = NULL, *b = NULL;
    assert_int_equal(nerve__tok_lexicon_load_buffer(NULL, "s", same, sizeof same - 1, &a, &err),
                     NERVE_OK);
    assert_int_equal(nerve__tok_lexicon_load_buffer(NULL, "o", other, sizeof other - 1, &b, &err),
                     NERVE_OK);
    assert_int_equal(nerve__tok_lexicon_hash(a), nerve__tok_lexicon_hash(lx));
    assert_int_not_equal(nerve__tok_lexicon_hash(b), nerve__tok_lexicon_hash(lx));
    nerve__tok_lexicon_free(a);
    nerve__tok_lexicon_free(b);
    nerve__tok_lexicon_free(lx);
}

/* Every malformed file is NERVE_ERULES naming the file and the line. */
static void test_lexicon_malformed(void **state)
{
    (void)state;
#define H "kind\tword\tflags\n"
    static const struct {
        const char *src;
        size_t len; /* 0: strlen */
        uint32_t line;
        const char *message; /* a part of it */
    } cases[] = {
        {H "abbrev\tgen\ttitle\nnoun\tcat\t-\n", 0, 3, "unknown kind \"noun\""},
        {H "abbrev\tgen\tboss\n", 0, 2, "bad flags \"boss\""},
        {H "abbrev\tgen\ttitle,other\n", 0, 2, "bad flags"},
        {H "abbrev\tgen\tlower\n", 0, 2, "bad flags"},
        {H "abbrev\tgen\ttitle,lower,lower\n", 0, 2, "bad flags"},
        {H "starter\tthe\ttitle\n", 0, 2, "a starter has flags \"-\""},
        {H "starter\tabcdefghijklmnop\t-\n", 0, 2, "word of 16 bytes: at most 15"},
        {H "starter\tThe\t-\n", 0, 2, "lower-case ASCII letters"},
        {H "abbrev\tst.\tother\n", 0, 2, "without a period"},
        {H "starter\t\t-\n", 0, 2, "empty word"},
        {H "tld\tcom\t-\nstarter\tcom\t-\n\ntld\tcom\t-\n", 0, 5,
         "duplicate tld \"com\" (first on line 2)"},
        {H "starter\tthe\n", 0, 2, "expected 3 tab-separated fields, found 2"},
        {"word\tkind\tflags\n", 0, 1, "expected the header"},
        {"", 0, 1, "empty file: no header"},
        {"# only a comment\n", 0, 1, "empty file: no header"},
        {"kind\tword\tflags\rstarter\tthe\t-\r", 0, 1, "carriage return without a line feed"},
        {H "starter\tthe\t-\r\nstarter\ta\t-\rstarter\tan\t-\n", 0, 3, "carriage return"},
        {H "starter\tthe\t-\nstarter\tt\0e\t-\n",
         sizeof(H "starter\tthe\t-\nstarter\tt\0e\t-\n") - 1, 3, "NUL byte"},
    };
#undef H
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nerve__tok_lexicon *lx = NULL;
        nerve_error err;
        memset(&err, 0, sizeof err);
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].src);
        int rc = nerve__tok_lexicon_load_buffer(NULL, "bad.tsv", cases[i].src, len, &lx, &err);
        if (rc != NERVE_ERULES || lx || strcmp(err.file, "bad.tsv") != 0 ||
            err.line != cases[i].line || !strstr(err.message, cases[i].message))
            fail_msg("case %zu: rc %d, %s:%u: %s (expected line %u: %s)", i, rc, err.file, err.line,
                     err.message, cases[i].line, cases[i].message);
    }
    /* a missing file names its path */
    nerve__tok_lexicon *lx = NULL;
    nerve_error err;
    assert_int_equal(nerve__tok_lexicon_load(NULL, "/nonexistent/tokenizer.tsv", NULL, &lx, &err),
                     NERVE_EIO);
    assert_null(lx);
    assert_non_null(strstr(err.message, "/nonexistent/tokenizer.tsv"));
}

/* The words come from the lexicon: an entry added to the file changes the
 * tokens and the sentences; the empty lexicon has no table abbreviations. */
static void test_lexicon_changes_tokenization(void **state)
{
    fixture *f = *state;
    const char *text = "Prices rose (approx. Three pct) on Monday. Gen. Smith left.";
    tok(f, text);
    assert_string_equal(joined(f), "Prices | rose | ( | approx | . | Three | pct | ) | on | "
                                   "Monday | . | Gen. | Smith | left | .");
    assert_string_equal(sentences(f), "Prices rose (approx. || Three pct) on Monday. || "
                                      "Gen. Smith left.");

    /* the bundled file plus one line */
    char *path = NULL;
    {
        const char *dir = getenv("NERVE_SOURCE_DIR");
        size_t n = strlen(dir ? dir : ".") + 32;
        path = malloc(n);
        assert_non_null(path);
        snprintf(path, n, "%s/rules/tokenizer.tsv", dir ? dir : ".");
    }
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char src[65536];
    size_t len = fread(src, 1, sizeof src - 64, fp);
    fclose(fp);
    free(path);
    const char *extra = "abbrev\tapprox\tother,lower\n";
    memcpy(src + len, extra, strlen(extra));
    len += strlen(extra);
    nerve__tok_lexicon *lx = NULL;
    nerve_error err;
    assert_int_equal(nerve__tok_lexicon_load_buffer(NULL, "more.tsv", src, len, &lx, &err),
                     NERVE_OK);
    assert_int_not_equal(nerve__tok_lexicon_hash(lx), nerve__tok_lexicon_hash(test_tok_lexicon()));
    tok_with(f, lx, text);
    assert_string_equal(joined(f), "Prices | rose | ( | approx. | Three | pct | ) | on | "
                                   "Monday | . | Gen. | Smith | left | .");
    assert_int_equal(f->t.tok.v[3].flags & NERVE_TOK_ABBREV, NERVE_TOK_ABBREV);
    /* "other": ends a sentence only before a starter; "Three" is none */
    assert_string_equal(sentences(f), "Prices rose (approx. Three pct) on Monday. || "
                                      "Gen. Smith left.");
    nerve__tok_lexicon_free(lx);

    /* the empty lexicon: "Gen." is a word and a period, "it's" a possessive */
    tok_with(f, NULL, "Gen. Smith said it's over.");
    assert_string_equal(joined(f), "Gen | . | Smith | said | it | 's | over | .");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_empty_input),
        T(test_whitespace_only),
        T(test_simple_sentence),
        T(test_caseless_detection),
        T(test_caseless_sentences),
        T(test_title_headline),
        T(test_reuse_between_calls),
        T(test_possessive_ascii),
        T(test_possessive_curly),
        T(test_possessive_plural),
        T(test_possessive_after_abbreviation),
        T(test_contractions_stay_whole),
        T(test_hyphenated_words),
        T(test_hyphen_at_line_end_splits),
        T(test_acronym_pairs_split),
        T(test_decimal_without_leading_zero),
        T(test_us_led),
        T(test_numbers),
        T(test_number_separators_need_digits),
        T(test_percent_and_currency),
        T(test_alphanumerics),
        T(test_urls),
        T(test_url_in_parentheses),
        T(test_emails),
        T(test_ampersand_and_domains),
        T(test_title_abbreviations),
        T(test_month_and_company_abbreviations),
        T(test_lowercase_abbreviations),
        T(test_number_abbreviation),
        T(test_case_requirements),
        T(test_initials),
        T(test_initials_without_final_period),
        T(test_country_initials),
        T(test_curly_quotes),
        T(test_ascii_double_quotes),
        T(test_ascii_single_quotes),
        T(test_guillemets),
        T(test_dashes),
        T(test_ellipsis),
        T(test_case_flags),
        T(test_space_and_line_flags),
        T(test_has_digit_flag),
        T(test_decomposed_accent),
        T(test_norm_cote_divoire),
        T(test_norm_latin),
        T(test_arabic),
        T(test_chinese),
        T(test_cyrillic),
        T(test_emoji_zwj_sequence),
        T(test_emoji_skin_tone_and_flags),
        T(test_keycap_emoji),
        T(test_zero_width_inside_words),
        T(test_stray_format_characters),
        T(test_nbsp_is_space),
        T(test_crlf),
        T(test_lone_cr),
        T(test_bom),
        T(test_invalid_utf8_bytes),
        T(test_nul_bytes),
        T(test_nfkc_forms),
        T(test_unicode_hyphen_and_apostrophe),
        T(test_orphan_mark_and_private_use),
        T(test_one_mb_single_token),
        T(test_one_mb_pathological_patterns),
        T(test_one_mb_text),
        T(test_sentences_simple),
        T(test_sentences_titles),
        T(test_sentences_initials),
        T(test_sentences_us_at_end),
        T(test_sentences_us_before_name),
        T(test_sentences_us_at_text_end),
        T(test_sentences_us_then_line),
        T(test_sentences_headline),
        T(test_sentences_allcaps_headline),
        T(test_sentences_wrapped_lowercase),
        T(test_sentences_line_after_comma),
        T(test_sentences_blank_line),
        T(test_sentences_paragraph_separator),
        T(test_sentences_quotes),
        T(test_sentences_quote_opens_sentence),
        T(test_sentences_question_in_quote),
        T(test_sentences_brackets),
        T(test_sentences_decimals),
        T(test_sentences_number_start),
        T(test_sentences_ellipsis),
        T(test_sentences_lowercase_after_period),
        T(test_sentences_company_abbreviations),
        T(test_sentences_am_pm),
        T(test_sentences_months),
        T(test_sentences_no_abbreviation),
        T(test_sentences_exclamation_lowercase),
        T(test_sentences_dateline),
        T(test_sentences_multiple_terminators),
        T(test_sentences_line_function_word),
        T(test_sentences_token_index),
        T(test_shapes),
        T(test_shape_truncation),
        T(test_out_of_memory),
        T(test_random_inputs),
        T(test_shared_sample_document),
        T(test_lexicon_bundled),
        T(test_lexicon_buffer),
        T(test_lexicon_malformed),
        T(test_lexicon_changes_tokenization),
    };
    return cmocka_run_group_tests_name("tokenize", tests, NULL, NULL);
}
