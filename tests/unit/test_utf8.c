/*
 * test_utf8.c - validation, decoding/encoding, character classes and the
 * normalized key (lib/utf8.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

/* ------------------------------------------------------------------------ */
/* Validation                                                               */
/* ------------------------------------------------------------------------ */

static size_t first_invalid(const char *s, size_t n)
{
    return nerve__utf8_first_invalid(s, n);
}

#define INVALID_AT(lit, off) assert_int_equal(first_invalid(lit, sizeof(lit) - 1), (off))

static void test_valid_ascii_and_multibyte(void **state)
{
    (void)state;
    INVALID_AT("", 0);
    INVALID_AT("plain ASCII text, long enough for the 8-byte fast path.", 55);
    INVALID_AT("caf\xC3\xA9", 5);      /* U+00E9 */
    INVALID_AT("\xE2\x80\x99", 3);     /* U+2019 */
    INVALID_AT("\xF0\x9F\x98\x80", 4); /* U+1F600 */
    INVALID_AT("\xF4\x8F\xBF\xBF", 4); /* U+10FFFF */
    INVALID_AT("\xEF\xBB\xBF"
               "BOM",
               6);                 /* BOM is valid */
    INVALID_AT("\xED\x9F\xBF", 3); /* U+D7FF, before surrogates */
    INVALID_AT("\xEE\x80\x80", 3); /* U+E000, after surrogates */
    INVALID_AT("a\0b", 3);         /* NUL is valid */
}

static void test_invalid_overlong(void **state)
{
    (void)state;
    INVALID_AT("\xC0\x80", 0);
    INVALID_AT("\xC1\xBF", 0);
    INVALID_AT("ab\xE0\x80\x80", 2);
    INVALID_AT("\xE0\x9F\xBF", 0);
    INVALID_AT("\xF0\x80\x80\x80", 0);
    INVALID_AT("\xF0\x8F\xBF\xBF", 0);
}

static void test_invalid_surrogates(void **state)
{
    (void)state;
    INVALID_AT("\xED\xA0\x80", 0);             /* U+D800 */
    INVALID_AT("x\xED\xBF\xBF", 1);            /* U+DFFF */
    INVALID_AT("\xED\xA0\xBD\xED\xB8\x80", 0); /* CESU-8 pair */
}

static void test_invalid_above_max(void **state)
{
    (void)state;
    INVALID_AT("\xF4\x90\x80\x80", 0); /* U+110000 */
    INVALID_AT("ok \xF5\x80\x80\x80", 3);
    INVALID_AT("\xF8\x88\x80\x80\x80", 0);
    INVALID_AT("\xFE", 0);
    INVALID_AT("\xFF", 0);
}

static void test_invalid_truncated(void **state)
{
    (void)state;
    INVALID_AT("\xC3", 0);
    INVALID_AT("abc\xE2\x80", 3);
    INVALID_AT("\xF0\x9F\x98", 0);
    INVALID_AT("\xE2\x80"
               "x",
               0);
    INVALID_AT("\x80", 0);         /* lone continuation */
    INVALID_AT("12345678\xBF", 8); /* after the fast path */
    INVALID_AT("\xC3\xA9\xC3(", 2);
}

/* ------------------------------------------------------------------------ */
/* Decode, encode, count                                                    */
/* ------------------------------------------------------------------------ */

static void test_decode_invalid_is_fffd(void **state)
{
    (void)state;
    int32_t cp;
    assert_int_equal(nerve__utf8_decode("\xC0\x80", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(nerve__utf8_next("\xC0\x80", 2, &cp), 1);
    assert_int_equal(cp, -1);
    assert_int_equal(nerve__utf8_decode("\xE2\x80", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    /* A real U+FFFD in the text decodes as itself, not as invalid. */
    assert_int_equal(nerve__utf8_next("\xEF\xBF\xBD", 3, &cp), 3);
    assert_int_equal(cp, 0xFFFD);
}

static void test_encode_decode_round_trip_all(void **state)
{
    (void)state;
    char buf[4];
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t n = nerve__utf8_encode(cp, buf);
        assert_true(n >= 1 && n <= 4);
        assert_int_equal(nerve__utf8_first_invalid(buf, n), n);
        int32_t back;
        assert_int_equal(nerve__utf8_decode(buf, n, &back), n);
        if (back != cp)
            fail_msg("round trip of U+%04X gave U+%04X", (unsigned)cp, (unsigned)back);
        assert_int_equal(nerve__utf8_count(buf, n), 1);
    }
}

static void test_encode_lengths_and_invalid(void **state)
{
    (void)state;
    char buf[4];
    assert_int_equal(nerve__utf8_encode(0x41, buf), 1);
    assert_int_equal(nerve__utf8_encode(0x7FF, buf), 2);
    assert_int_equal(nerve__utf8_encode(0x800, buf), 3);
    assert_int_equal(nerve__utf8_encode(0xFFFF, buf), 3);
    assert_int_equal(nerve__utf8_encode(0x10000, buf), 4);
    /* Surrogates and out of range encode as U+FFFD. */
    assert_int_equal(nerve__utf8_encode(0xD800, buf), 3);
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
    assert_int_equal(nerve__utf8_encode(0x110000, buf), 3);
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
    assert_int_equal(nerve__utf8_encode(-5, buf), 3);
}

static void test_count(void **state)
{
    (void)state;
    assert_int_equal(nerve__utf8_count("", 0), 0);
    assert_int_equal(nerve__utf8_count("Esper", 5), 5);
    assert_int_equal(nerve__utf8_count("S\xC3\xA3o Paulo", 10), 9);
    assert_int_equal(nerve__utf8_count("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", 8), 2);
    /* Invalid bytes count one each, like nerve__utf8_decode steps. */
    assert_int_equal(nerve__utf8_count("a\xFF\xC0\x80z", 5), 5);
    assert_int_equal(nerve__utf8_count("\xE2\x80", 2), 2);
}

/* ------------------------------------------------------------------------ */
/* Classes                                                                  */
/* ------------------------------------------------------------------------ */

static void test_classes(void **state)
{
    (void)state;
    assert_true(nerve__cp_is_letter('a') && nerve__cp_is_lower('a') && !nerve__cp_is_upper('a'));
    assert_true(nerve__cp_is_upper('Q') && !nerve__cp_is_lower('Q'));
    assert_true(nerve__cp_is_upper(0x00C9)); /* É */
    assert_true(nerve__cp_is_lower(0x00DF)); /* ß */
    assert_true(nerve__cp_is_upper(0x041C)); /* Cyrillic М */
    assert_true(nerve__cp_is_letter(0x0645) && !nerve__cp_is_upper(0x0645) &&
                !nerve__cp_is_lower(0x0645));                           /* Arabic meem: uncased */
    assert_true(nerve__cp_is_letter(0x4E2D));                           /* 中 */
    assert_true(nerve__cp_is_digit('7') && nerve__cp_is_digit(0x0663)); /* Arabic-Indic 3 */
    assert_false(nerve__cp_is_digit(0x00BD));                           /* ½ is No, not Nd */
    assert_true(nerve__cp_class(0x00BD) & NERVE__CP_NUMBER);
    assert_true(nerve__cp_is_mark(0x0301) && nerve__cp_is_mark(0xFE0F) &&
                nerve__cp_is_mark(0x20E3));
    assert_true(nerve__cp_is_space(' ') && nerve__cp_is_space(0x00A0) && nerve__cp_is_space('\n') &&
                nerve__cp_is_space(0x2028) && nerve__cp_is_space(0x3000) &&
                nerve__cp_is_space(0x0085));
    assert_false(nerve__cp_is_space(0x200B)); /* ZWSP is Cf */
    assert_true(nerve__cp_is_punct('.') && nerve__cp_is_punct(0x2019) &&
                nerve__cp_is_punct(0x2014));
    assert_true(nerve__cp_is_symbol('$') && nerve__cp_is_symbol(0x20AC) &&
                nerve__cp_is_symbol(0x1F600) && nerve__cp_is_symbol(0x1F3FD));
    assert_true(nerve__cp_is_format(0x200D) && nerve__cp_is_format(0x00AD) &&
                nerve__cp_is_format(0xFEFF));
    assert_int_equal(nerve__cp_class(-1), 0);
    assert_int_equal(nerve__cp_class(0x110000), 0);
    assert_int_equal(nerve__cp_class(0xE000), 0); /* private use */
    assert_true(nerve__cp_class('\r') & NERVE__CP_BREAK);
    assert_true(nerve__cp_class(0x2029) & NERVE__CP_BREAK);
    assert_true(nerve__cp_class(0) & NERVE__CP_CONTROL);
}

static void test_ascii_table_matches_class(void **state)
{
    (void)state;
    for (int32_t c = 0; c < 128; c++)
        assert_int_equal(nerve__ascii_class[c], nerve__cp_class(c));
}

/* ------------------------------------------------------------------------ */
/* Normalization                                                            */
/* ------------------------------------------------------------------------ */

typedef struct fixture {
    nerve_allocator al;
    nerve__buf buf;
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
    nerve__vec_free(&f->al, &f->buf);
    free(f);
    return 0;
}

static const char *norm(fixture *f, const char *s, size_t n)
{
    f->buf.n = 0;
    assert_int_equal(nerve__utf8_normalize(&f->al, &f->buf, s, n), NERVE_OK);
    assert_int_equal(strlen(f->buf.v), f->buf.n); /* NUL-terminated, no inner NUL */
    return f->buf.v;
}

#define NORM(f, lit) norm((f), (lit), sizeof(lit) - 1)

static void test_normalize_ascii(void **state)
{
    fixture *f = *state;
    assert_string_equal(NORM(f, "Mark ESPER, U.S."), "mark esper, u.s.");
    assert_string_equal(NORM(f, "already lower 123"), "already lower 123");
    f->buf.n = 0;
    assert_int_equal(nerve__utf8_normalize(&f->al, &f->buf, "", 0), NERVE_OK);
    assert_int_equal(f->buf.n, 0);
}

static void test_normalize_append_keeps_prefix(void **state)
{
    fixture *f = *state;
    f->buf.n = 0;
    assert_int_equal(nerve__buf_append(&f->al, &f->buf, "key:", 4), NERVE_OK);
    assert_int_equal(nerve__utf8_normalize(&f->al, &f->buf, "R\xC3\xA9sum\xC3\xA9", 8), NERVE_OK);
    assert_string_equal(f->buf.v, "key:resume");
}

static void test_normalize_marks_and_case(void **state)
{
    fixture *f = *state;
    assert_string_equal(NORM(f, "C\xC3\xB4te d\xE2\x80\x99Ivoire"), "cote d'ivoire");
    assert_string_equal(NORM(f, "S\xC3\xA3o Paulo"), "sao paulo");
    assert_string_equal(NORM(f, "Z\xC3\x9CRICH"), "zurich");
    assert_string_equal(NORM(f, "ZU\xCC\x88RICH"), "zurich"); /* decomposed */
    assert_string_equal(NORM(f, "Stra\xC3\x9F"
                                "e"),
                        "strasse");
    assert_string_equal(NORM(f, "Caf\x65\xCC\x81"), "cafe");
    /* Łódź: ł has no decomposition, so it stays (lower-cased). */
    assert_string_equal(NORM(f, "\xC5\x81\xC3\xB3\x64\xC5\xBA"), "\xC5\x82odz");
    assert_string_equal(NORM(f, "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91"), /* ΣΟΦΙΑ */
                        "\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1");
    assert_string_equal(NORM(f, "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"), /* Москва */
                        "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
}

static void test_normalize_apostrophes_and_dashes(void **state)
{
    fixture *f = *state;
    assert_string_equal(NORM(f, "O\xE2\x80\x98Neill"), "o'neill"); /* ‘ */
    assert_string_equal(NORM(f, "Esper\xE2\x80\x99s"), "esper's"); /* ’ */
    assert_string_equal(NORM(f, "Hawai\xCA\xBCi"), "hawai'i");     /* ʼ */
    assert_string_equal(NORM(f, "5\xE2\x80\xB2"), "5'");           /* ′ */
    assert_string_equal(NORM(f, "a\xE2\x80\x93"
                                "b"),
                        "a-b"); /* – */
    assert_string_equal(NORM(f, "a\xE2\x80\x94"
                                "b"),
                        "a-b");                                      /* — */
    assert_string_equal(NORM(f, "Al\xE2\x80\x90Qaeda"), "al-qaeda"); /* ‐ */
    assert_string_equal(NORM(f, "Al\xE2\x80\x91Qaeda"), "al-qaeda"); /* ‑ */
    assert_string_equal(NORM(f, "\xE2\x88\x92"
                                "5"),
                        "-5"); /* − */
}

static void test_normalize_nfkc(void **state)
{
    fixture *f = *state;
    assert_string_equal(NORM(f, "\xEF\xAC\x81nance"), "finance");                /* ﬁ ligature */
    assert_string_equal(NORM(f, "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3"), "abc"); /* ＡＢＣ */
    assert_string_equal(NORM(f, "km\xC2\xB2"), "km2");                           /* ² */
    assert_string_equal(NORM(f, "a\xC2\xA0"
                                "b"),
                        "a b"); /* NBSP */
    /* Hangul decomposes and composes back. */
    assert_string_equal(NORM(f, "\xED\x95\x9C\xEA\xB5\xAD"), "\xED\x95\x9C\xEA\xB5\xAD");
    /* Uncased scripts pass through. */
    assert_string_equal(NORM(f, "\xE4\xB8\xAD\xE5\x9B\xBD"), "\xE4\xB8\xAD\xE5\x9B\xBD");
}

static void test_normalize_ignorables_and_invalid(void **state)
{
    fixture *f = *state;
    assert_string_equal(NORM(f, "coun\xC2\xADter"), "counter"); /* soft hyphen */
    assert_string_equal(NORM(f, "\xEF\xBB\xBFhi"), "hi");       /* BOM */
    assert_string_equal(NORM(f, "a\xFF"
                                "b"),
                        "a\xEF\xBF\xBD"
                        "b");                                             /* invalid byte */
    assert_string_equal(NORM(f, "\xE2\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* truncated */
}

static void test_normalize_long_non_ascii(void **state)
{
    fixture *f = *state;
    /* Many batches of utf8proc work: 1000 x "É" and Hangul across batch edges. */
    char *in = malloc(6000), *want = malloc(6000);
    assert_non_null(in);
    assert_non_null(want);
    size_t n = 0, w = 0;
    for (int i = 0; i < 1000; i++) {
        memcpy(in + n, "\xC3\x89", 2);
        n += 2;
        want[w++] = 'e';
    }
    for (int i = 0; i < 500; i++) {
        memcpy(in + n, "\xED\x95\x9C", 3);
        n += 3;
        memcpy(want + w, "\xED\x95\x9C", 3);
        w += 3;
    }
    want[w] = '\0';
    assert_string_equal(norm(f, in, n), want);
    free(in);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_ascii_and_multibyte),
        cmocka_unit_test(test_invalid_overlong),
        cmocka_unit_test(test_invalid_surrogates),
        cmocka_unit_test(test_invalid_above_max),
        cmocka_unit_test(test_invalid_truncated),
        cmocka_unit_test(test_decode_invalid_is_fffd),
        cmocka_unit_test(test_encode_decode_round_trip_all),
        cmocka_unit_test(test_encode_lengths_and_invalid),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_ascii_table_matches_class),
        cmocka_unit_test_setup_teardown(test_normalize_ascii, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normalize_append_keeps_prefix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normalize_marks_and_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normalize_apostrophes_and_dashes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normalize_nfkc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normalize_ignorables_and_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normalize_long_non_ascii, setup, teardown),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
