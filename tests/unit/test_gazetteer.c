/*
 * test_gazetteer.c - the gazetteer module: TSV parsing and its errors,
 * duplicates, the compiled image (round trip, corrupt files), and the
 * longest-match lookup with its case conditions. Fixtures live in
 * tests/data/gazetteer/ (never the shipped gazetteers/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc.h"
#include "error.h"
#include "gazetteer.h"
#include "gazetteer_int.h"
#include "tokenize.h"

#include "test_toklex.h"

static nerve_allocator AL;

static const char *data_dir(void)
{
    static char buf[1024];
    const char *src = getenv("NERVE_SOURCE_DIR");
    snprintf(buf, sizeof buf, "%s/tests/data/gazetteer", src ? src : ".");
    return buf;
}

static const char *fixture(const char *name)
{
    static char buf[4][1100];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", data_dir(), name);
    return buf[k];
}

/* A temporary file path unique to this process. */
static const char *tmp_path(const char *suffix)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    const char *dir = getenv("TMPDIR");
    snprintf(buf[k], sizeof buf[k], "%s/nerve-gaz-test-%ld-%s", dir ? dir : "/tmp", (long)getpid(),
             suffix);
    return buf[k];
}

/* The basic fixture, frozen. */
static nerve__gazset *basic_set(void)
{
    nerve__gazset *gs;
    nerve_error err;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    int rc = nerve__gazset_add_tsv(gs, fixture("basic.tsv"), &err);
    if (rc != NERVE_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    assert_int_equal(nerve__gazset_freeze(gs, &err), NERVE_OK);
    return gs;
}

/*
 * Look text up and describe the matches: "surface=id|id; surface=id" with
 * each entry's id attribute (or its name when it has none) and type prefix
 * for LEX entries.
 */
static const char *describe(const nerve__gazset *gs, const char *text)
{
    static char out[4096];
    nerve__tokens toks;
    memset(&toks, 0, sizeof toks);
    nerve__gaz_matches m;
    memset(&m, 0, sizeof m);
    size_t len = strlen(text);
    assert_int_equal(nerve__tokenize(&AL, test_tok_lexicon(), text, len, &toks), NERVE_OK);
    assert_int_equal(nerve__gaz_lookup(gs, &AL, text, toks.tok.v, toks.tok.n, &m), NERVE_OK);
    out[0] = '\0';
    size_t o = 0;
    for (size_t i = 0; i < m.m.n; i++) {
        const nerve__gaz_match *x = &m.m.v[i];
        if (i)
            o += (size_t)snprintf(out + o, sizeof out - o, "; ");
        assert_true(x->tok_begin < x->tok_end && x->tok_end <= toks.tok.n);
        if (i)
            assert_true(m.m.v[i - 1].tok_begin < x->tok_begin);
        size_t b = toks.tok.v[x->tok_begin].span.start, e = toks.tok.v[x->tok_end - 1].span.end;
        o += (size_t)snprintf(out + o, sizeof out - o, "%.*s=", (int)(e - b), text + b);
        for (uint32_t k = 0; k < x->count; k++) {
            nerve__entry ent;
            nerve__gaz_entry(gs, m.ids.v[x->first + k], &ent);
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%s%s", k ? "|" : "",
                                  ent.type == NERVE__TYPE_LEX ? "lex:" : "",
                                  ent.id ? ent.id : ent.name);
        }
    }
    nerve__gaz_matches_free(&AL, &m);
    nerve__tokens_free(&AL, &toks);
    return out;
}

/* Parse src as a TSV; expect failure with code, line and column. */
static void expect_error(const char *src, int code, uint32_t line, uint32_t column)
{
    nerve__gazset *gs;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    int rc = nerve__gazset_add_tsv_buffer(gs, "mem.tsv", src, strlen(src), &err);
    if (rc != code || err.line != line || err.column != column)
        fail_msg("expected %d at %u:%u, got %d at %u:%u (%s)", code, line, column, rc, err.line,
                 err.column, err.message);
    assert_int_equal(err.code, code);
    assert_string_equal(err.file, "mem.tsv");
    assert_true(err.message[0] != '\0');
    nerve__gazset_free(gs);
}

/* ------------------------------------------------------------------------ */
/* TSV format and errors                                                    */
/* ------------------------------------------------------------------------ */

static void test_parse_basic(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    assert_int_equal(nerve__gazset_size(gs), 25);
    nerve__entry e;
    nerve__gaz_entry(gs, 0, &e);
    assert_string_equal(e.name, "Georgia");
    assert_string_equal(e.subtype, "country");
    assert_string_equal(e.id, "iso3166:GE");
    assert_int_equal(e.type, NERVE_TYPE_LOC);
    assert_int_equal(e.casing, NERVE__CASE_CAP);
    assert_int_equal(e.population, 3700000);
    assert_true(e.has_coords);
    assert_true(e.lat > 41.99f && e.lat < 42.01f && e.lon > 43.49f && e.lon < 43.51f);
    assert_null(e.title);
    nerve__gazset_free(gs);
}

static void test_entry_fields(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    int found = 0;
    for (uint32_t id = 0; id < nerve__gazset_size(gs); id++) {
        nerve__entry e;
        nerve__gaz_entry(gs, id, &e);
        if (strcmp(e.name, "Mark Esper") == 0) {
            found++;
            assert_string_equal(e.title, "Secretary of Defense");
            assert_int_equal(e.from, 20190723);
            assert_int_equal(e.to, 20201109);
            assert_false(e.has_coords);
            assert_int_equal(e.casing, NERVE__CASE_ANY);
        }
        if (e.type == NERVE__TYPE_LEX && strcmp(e.name, "May") == 0) {
            found++;
            assert_string_equal(e.value, "5");
        }
    }
    assert_int_equal(found, 2);
    nerve__entry e;
    nerve__gaz_entry(gs, 9999, &e); /* out of range: zeroed */
    assert_null(e.name);
    nerve__gazset_free(gs);
}

static void test_err_unknown_column(void **state)
{
    (void)state;
    expect_error("# c\nname\ttype\tpopulaton\nA\tLOC\t1\n", NERVE_EGAZETTEER, 2, 11);
}

static void test_err_missing_required(void **state)
{
    (void)state;
    expect_error("name\tsubtype\nA\tcity\n", NERVE_EGAZETTEER, 1, 1);
    expect_error("type\nLOC\n", NERVE_EGAZETTEER, 1, 1);
    expect_error("name\ttype\tname\n", NERVE_EGAZETTEER, 1, 11);
}

static void test_err_bad_type(void **state)
{
    (void)state;
    expect_error("name\ttype\nParis\tLOC\nLondon\tPLACE\n", NERVE_EGAZETTEER, 3, 8);
    expect_error("name\ttype\nParis\tloc\n", NERVE_EGAZETTEER, 2, 7);
}

static void test_err_bad_case(void **state)
{
    (void)state;
    expect_error("name\ttype\tcase\nUS\tLOC\tExact\n", NERVE_EGAZETTEER, 2, 8);
}

static void test_err_bad_numbers(void **state)
{
    (void)state;
    expect_error("name\ttype\tpopulation\nA\tLOC\t12x\n", NERVE_EGAZETTEER, 2, 7);
    expect_error("name\ttype\tpopulation\nA\tLOC\t99999999999\n", NERVE_EGAZETTEER, 2, 7);
    expect_error("name\ttype\tlat\tlon\nA\tLOC\t91\t10\n", NERVE_EGAZETTEER, 2, 7);
    expect_error("name\ttype\tlat\tlon\nA\tLOC\t1.5\t1,5\n", NERVE_EGAZETTEER, 2, 11);
    expect_error("name\ttype\tlat\tlon\nA\tLOC\t1.5\t\n", NERVE_EGAZETTEER, 2, 11);
    expect_error("name\ttype\tfrom\nA\tPER\t2019-13-01\n", NERVE_EGAZETTEER, 2, 7);
    expect_error("name\ttype\tto\nA\tPER\t19\n", NERVE_EGAZETTEER, 2, 7);
}

static void test_err_cell_count(void **state)
{
    (void)state;
    /* too few: the column just past the end of the line */
    expect_error("name\ttype\tid\nParis\tLOC\n", NERVE_EGAZETTEER, 2, 10);
    /* too many: the first extra cell */
    expect_error("name\ttype\nParis\tLOC\textra\n", NERVE_EGAZETTEER, 2, 11);
}

static void test_err_invalid_utf8(void **state)
{
    (void)state;
    expect_error("name\ttype\nPar\xC3is\tLOC\n", NERVE_EGAZETTEER, 2, 4);
    expect_error("name\ttype\nAB\tLOC\t\xFF\n", NERVE_EGAZETTEER, 2, 8);
    /* in a comment too: the file must be UTF-8 throughout */
    expect_error("# caf\xE9\nname\ttype\n", NERVE_EGAZETTEER, 1, 6);
}

static void test_err_empty_name(void **state)
{
    (void)state;
    expect_error("name\ttype\n\tLOC\n", NERVE_EGAZETTEER, 2, 1);
    expect_error("type\tname\nLOC\t\n", NERVE_EGAZETTEER, 2, 5);
}

static void test_err_line_too_long(void **state)
{
    (void)state;
    size_t n = 70000;
    char *src = malloc(n + 64);
    assert_non_null(src);
    strcpy(src, "name\ttype\nA\tLOC\n");
    size_t o = strlen(src);
    memset(src + o, 'x', n);
    strcpy(src + o + n, "\tLOC\n");
    expect_error(src, NERVE_EGAZETTEER, 3, 65537);
    free(src);
}

static void test_err_file_too_large(void **state)
{
    (void)state;
    const char *path = tmp_path("huge.tsv");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fclose(f);
    if (truncate(path, ((off_t)1 << 30) + 1) != 0) {
        unlink(path);
        skip();
    }
    nerve__gazset *gs;
    nerve_error err;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    assert_int_equal(nerve__gazset_add_tsv(gs, path, &err), NERVE_EGAZETTEER);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "1 GiB"));
    unlink(path);
    nerve__gazset_free(gs);
}

static void test_err_names_file(void **state)
{
    (void)state;
    nerve__gazset *gs;
    nerve_error err;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    const char *path = fixture("badtype.tsv");
    assert_int_equal(nerve__gazset_add_tsv(gs, path, &err), NERVE_EGAZETTEER);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 4); /* the comment line counts */
    assert_int_equal(err.column, 8);
    assert_non_null(strstr(err.message, "PLACE"));
    /* missing file */
    assert_int_equal(nerve__gazset_add_tsv(gs, fixture("no-such.tsv"), &err), NERVE_EIO);
    nerve__gazset_free(gs);
}

static void test_comments_blank_crlf_bom(void **state)
{
    (void)state;
    const char *src = "\xEF\xBB\xBF# comment\r\n\r\nname\ttype\r\n# another\r\nParis\tLOC\r\n\r\n"
                      "Lyon\tLOC";
    nerve__gazset *gs;
    nerve_error err;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    assert_int_equal(nerve__gazset_add_tsv_buffer(gs, NULL, src, strlen(src), &err), NERVE_OK);
    assert_int_equal(nerve__gazset_freeze(gs, &err), NERVE_OK);
    assert_int_equal(nerve__gazset_size(gs), 2);
    assert_string_equal(describe(gs, "From Paris to Lyon"), "Paris=Paris; Lyon=Lyon");
    nerve__gazset_free(gs);
}

static void test_duplicates_merged(void **state)
{
    (void)state;
    nerve__gazset *gs;
    nerve_error err;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    assert_int_equal(nerve__gazset_add_tsv(gs, fixture("dup.tsv"), &err), NERVE_OK);
    /* the same file twice merges too */
    assert_int_equal(nerve__gazset_add_tsv(gs, fixture("dup.tsv"), &err), NERVE_OK);
    assert_int_equal(nerve__gazset_freeze(gs, &err), NERVE_OK);
    /* central/x:1 twice merge; Central/x:1 differs by name; central/x:2 by id */
    assert_int_equal(nerve__gazset_size(gs), 3);
    nerve__entry e;
    nerve__gaz_entry(gs, 0, &e);
    assert_string_equal(e.name, "central");
    assert_int_equal(e.population, 42); /* filled in from the duplicate */
    /* "central" and "Central" share a key; as spellings of one thing (same type, subtype
     * and id) they are reported once */
    assert_string_equal(describe(gs, "the Central station"), "Central=x:1|x:2");
    nerve__gazset_free(gs);
}

static void test_error_rolls_back(void **state)
{
    (void)state;
    nerve__gazset *gs;
    nerve_error err;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    const char *good = "name\ttype\nParis\tLOC\n";
    const char *bad = "name\ttype\nLyon\tLOC\nMarseille\tLOC\nNice\tTOWN\n";
    assert_int_equal(nerve__gazset_add_tsv_buffer(gs, "g", good, strlen(good), &err), NERVE_OK);
    assert_int_equal(nerve__gazset_add_tsv_buffer(gs, "b", bad, strlen(bad), &err),
                     NERVE_EGAZETTEER);
    assert_int_equal(nerve__gazset_size(gs), 1);
    assert_int_equal(nerve__gazset_add_tsv_buffer(gs, "g2", "name\ttype\nLyon\tORG\n", 19, &err),
                     NERVE_OK);
    assert_int_equal(nerve__gazset_freeze(gs, &err), NERVE_OK);
    assert_int_equal(nerve__gazset_size(gs), 2);
    assert_string_equal(describe(gs, "Paris Lyon Marseille"), "Paris=Paris; Lyon=Lyon");
    nerve__gazset_free(gs);
}

static void test_frozen_state(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    nerve_error err;
    assert_int_equal(nerve__gazset_freeze(gs, &err), NERVE_OK); /* idempotent */
    assert_int_equal(nerve__gazset_add_tsv(gs, fixture("dup.tsv"), &err), NERVE_ESTATE);
    assert_int_equal(nerve__gazset_add_tsv_buffer(gs, "x", "name\ttype\n", 10, &err), NERVE_ESTATE);
    nerve__gazset_free(gs);
}

/* ------------------------------------------------------------------------ */
/* Compiled images                                                          */
/* ------------------------------------------------------------------------ */

static const char *const SAMPLES[] = {
    "Georgia and Jordan signed with the US and New York City.",
    "The AP said Mark Esper's visit to Côte d'Ivoire and Sao Paulo was in May.",
    "al-Qaeda, Al Qaeda and al Qaeda; ZÜRICH and القاهرة; Bosnia and Herzegovina.",
};

/* Names are tokenized with the set's tokenizer lexicon, as documents are:
 * "St. Louis" is one key with the abbreviation "St." and matches the
 * document's tokens only when both use the same lexicon. A compiled image
 * records the lexicon's hash; a set with another lexicon refuses it. */
static void test_tokenizer_lexicon(void **state)
{
    (void)state;
    nerve_error err;
    static const char src[] = "name\ttype\tid\nSt. Louis\tLOC\tstl\n";
    nerve__gazset *with, *without;
    assert_int_equal(nerve__gazset_new(&AL, &with), NERVE_OK);
    nerve__gazset_set_tok_lexicon(with, test_tok_lexicon());
    assert_int_equal(nerve__gazset_add_tsv_buffer(with, "w", src, sizeof src - 1, &err), NERVE_OK);
    assert_int_equal(nerve__gazset_freeze(with, &err), NERVE_OK);
    assert_int_equal(nerve__gazset_new(&AL, &without), NERVE_OK);
    assert_int_equal(nerve__gazset_add_tsv_buffer(without, "o", src, sizeof src - 1, &err),
                     NERVE_OK);
    assert_int_equal(nerve__gazset_freeze(without, &err), NERVE_OK);
    /* describe() tokenizes the text with the bundled lexicon */
    assert_string_equal(describe(with, "He flew to St. Louis today."), "St. Louis=stl");
    assert_string_equal(describe(without, "He flew to St. Louis today."), "");
    nerve__gazset_free(with);
    nerve__gazset_free(without);

    /* an image compiled without the lexicon is refused by a set with it */
    const char *out = tmp_path("nolex.gaz");
    assert_int_equal(nerve__gaz_compile_dir(&AL, NULL, fixture("dir"), out, &err), NERVE_OK);
    nerve__gazset *gs;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve__gazset_add_compiled(gs, out, &err), NERVE_EFORMAT);
    assert_non_null(strstr(err.message, "compiled with another tokenizer lexicon"));
    assert_non_null(strstr(err.message, "rules/tokenizer.tsv"));
    assert_string_equal(err.file, out);
    assert_null(strstr(err.message, out)); /* the path is err.file's, not repeated */
    nerve__gazset_free(gs);
    /* and taken by a set without one */
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    assert_int_equal(nerve__gazset_add_compiled(gs, out, &err), NERVE_OK);
    nerve__gazset_free(gs);
    unlink(out);
}

static void test_roundtrip_compile(void **state)
{
    (void)state;
    nerve_error err;
    const char *out = tmp_path("basic.gaz");
    const char *dir = tmp_path("src");
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' && cp '%s' '%s/'", dir, dir,
             fixture("basic.tsv"), dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(nerve__gaz_compile_dir(&AL, test_tok_lexicon(), dir, out, &err), NERVE_OK);

    nerve__gazset *mem = basic_set(), *gs;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    int rc = nerve__gazset_add_compiled(gs, out, &err);
    if (rc != NERVE_OK)
        fail_msg("%s", err.message);
    assert_int_equal(nerve__gazset_freeze(gs, &err), NERVE_OK);
    assert_int_equal(nerve__gazset_size(gs), nerve__gazset_size(mem));
    for (size_t i = 0; i < sizeof SAMPLES / sizeof SAMPLES[0]; i++) {
        char a[4096];
        snprintf(a, sizeof a, "%s", describe(mem, SAMPLES[i]));
        assert_string_equal(describe(gs, SAMPLES[i]), a);
        assert_true(strlen(a) > 20);
    }
    for (uint32_t id = 0; id < nerve__gazset_size(gs); id++) {
        nerve__entry x, y;
        nerve__gaz_entry(gs, id, &x);
        nerve__gaz_entry(mem, id, &y);
        assert_string_equal(x.name, y.name);
        assert_int_equal(x.type, y.type);
        assert_int_equal(x.population, y.population);
        assert_int_equal(x.subtype_class, y.subtype_class);
    }
    /* the content checksum is right */
    nerve__gaz_image img;
    assert_int_equal(nerve__gaz_image_map(&img, out, &err), NERVE_OK);
    assert_int_equal(nerve__gaz_image_verify(&img), NERVE_OK);
    nerve__gaz_image_release(&AL, &img);
    nerve__gazset_free(gs);
    nerve__gazset_free(mem);
    unlink(out);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_compile_dir_recursive_sorted(void **state)
{
    (void)state;
    nerve_error err;
    const char *out = tmp_path("dir.gaz");
    assert_int_equal(nerve__gaz_compile_dir(&AL, test_tok_lexicon(), fixture("dir"), out, &err),
                     NERVE_OK);
    nerve__gazset *gs;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    assert_int_equal(nerve__gazset_add_compiled(gs, out, &err), NERVE_OK);
    assert_int_equal(nerve__gazset_size(gs), 3);
    /* a.tsv, c.tsv, sub/ (b.tsv): name order, folders in place */
    const char *want[] = {"Alpha", "Gamma", "Beta"};
    for (uint32_t id = 0; id < 3; id++) {
        nerve__entry e;
        nerve__gaz_entry(gs, id, &e);
        assert_string_equal(e.name, want[id]);
    }
    nerve__gazset_free(gs);
    unlink(out);
    /* errors name the file */
    assert_int_equal(nerve__gaz_compile_dir(&AL, test_tok_lexicon(), data_dir(), out, &err),
                     NERVE_EGAZETTEER);
    assert_non_null(strstr(err.file, "badtype.tsv"));
    assert_int_equal(
        nerve__gaz_compile_dir(&AL, test_tok_lexicon(), fixture("no-such-dir"), out, &err),
        NERVE_EIO);
}

/* Compile the basic fixture in memory; returns a heap image (caller frees). */
static unsigned char *basic_image(size_t *size)
{
    nerve__gaz_builder *b;
    nerve_error err;
    unsigned char *img;
    assert_int_equal(nerve__gaz_builder_new(&AL, test_tok_lexicon(), &b), NERVE_OK);
    assert_int_equal(nerve__gaz_builder_add_file(b, fixture("basic.tsv"), &err), NERVE_OK);
    assert_int_equal(nerve__gaz_builder_finish(b, &img, size, &err), NERVE_OK);
    nerve__gaz_builder_free(b);
    return img;
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    fclose(f);
}

static int load_file(const char *path, nerve_error *err)
{
    nerve__gazset *gs;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    int rc = nerve__gazset_add_compiled(gs, path, err);
    if (rc == NERVE_OK) { /* whatever loads must be safe to use */
        assert_int_equal(nerve__gazset_freeze(gs, err), NERVE_OK);
        for (size_t i = 0; i < sizeof SAMPLES / sizeof SAMPLES[0]; i++)
            describe(gs, SAMPLES[i]);
    }
    nerve__gazset_free(gs);
    return rc;
}

static void rehash_header(unsigned char *img)
{
    nerve__gaz_header hd;
    memcpy(&hd, img, sizeof hd);
    hd.header_hash = nerve__gaz_hash_bytes(img, offsetof(nerve__gaz_header, header_hash));
    memcpy(img, &hd, sizeof hd);
}

/* Recompute the content hash, then the header's: for corruptions that
 * only the structure checks can catch. */
static void rehash_image(unsigned char *img, size_t size)
{
    nerve__gaz_header hd;
    memcpy(&hd, img, sizeof hd);
    hd.content_hash = nerve__gaz_hash_bytes(img + sizeof hd, size - sizeof hd);
    memcpy(img, &hd, sizeof hd);
    rehash_header(img);
}

static void test_corrupt_truncated(void **state)
{
    (void)state;
    size_t size;
    unsigned char *img = basic_image(&size);
    const char *path = tmp_path("trunc.gaz");
    nerve_error err;
    size_t cuts[] = {0, 7, 100, sizeof(nerve__gaz_header), size / 2, size - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        write_file(path, img, cuts[i]);
        assert_int_equal(load_file(path, &err), NERVE_EFORMAT);
        assert_string_equal(err.file, path);
    }
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_OK);
    unlink(path);
    free(img);
}

static void test_corrupt_header(void **state)
{
    (void)state;
    size_t size;
    unsigned char *img = basic_image(&size);
    const char *path = tmp_path("hdr.gaz");
    nerve_error err;
    /* bad magic */
    img[0] = 'X';
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_EFORMAT);
    assert_non_null(strstr(err.message, "magic"));
    img[0] = 'N';
    /* another version */
    nerve__gaz_header hd;
    memcpy(&hd, img, sizeof hd);
    hd.version = 99;
    memcpy(img, &hd, sizeof hd);
    rehash_header(img);
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_EFORMAT);
    assert_non_null(strstr(err.message, "version"));
    /* header changed without fixing its checksum */
    hd.version = NERVE__GAZ_VERSION;
    hd.entry_count++;
    memcpy(img, &hd, sizeof hd);
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_EFORMAT);
    unlink(path);
    free(img);
}

static void test_corrupt_offsets(void **state)
{
    (void)state;
    size_t size;
    unsigned char *orig = basic_image(&size);
    unsigned char *img = malloc(size);
    assert_non_null(img);
    const char *path = tmp_path("off.gaz");
    nerve_error err;
    nerve__gaz_header hd;
    memcpy(&hd, orig, sizeof hd);

    /* a section past the end of the file (header checksum fixed up) */
    memcpy(img, orig, size);
    ((nerve__gaz_header *)(void *)img)->sec[NERVE__SEC_KEYS].offset = size + 8;
    rehash_image(img, size);
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_EFORMAT);

    /* counts that disagree with section sizes */
    memcpy(img, orig, size);
    ((nerve__gaz_header *)(void *)img)->slot_count = 3;
    rehash_image(img, size);
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_EFORMAT);

    /* an entry's name offset past the string pool */
    memcpy(img, orig, size);
    nerve__gaz_rec *rec = (nerve__gaz_rec *)(void *)(img + hd.sec[NERVE__SEC_ENTRIES].offset);
    rec[3].name = (uint32_t)hd.sec[NERVE__SEC_STRINGS].size + 10;
    rehash_image(img, size);
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_EFORMAT);

    /* coordinates that are not numbers or out of range (JSON has no NaN) */
    static const float BAD_COORDS[][2] = {
        {NAN, 0}, {0, INFINITY}, {-INFINITY, 0}, {91, 0}, {0, -181}};
    for (size_t i = 0; i < sizeof BAD_COORDS / sizeof BAD_COORDS[0]; i++) {
        memcpy(img, orig, size);
        rec[2].has_coords = 1;
        rec[2].lat = BAD_COORDS[i][0];
        rec[2].lon = BAD_COORDS[i][1];
        rehash_image(img, size);
        write_file(path, img, size);
        assert_int_equal(load_file(path, &err), NERVE_EFORMAT);
        assert_non_null(strstr(err.message, "coordinates"));
    }
    memcpy(img, orig, size);
    rec[2].has_coords = 1;
    rec[2].lat = -90;
    rec[2].lon = 180;
    rehash_image(img, size);
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_OK);

    /* an entry's class past the class table */
    memcpy(img, orig, size);
    rec[1].klass = hd.class_count + 5;
    rehash_image(img, size);
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_EFORMAT);

    /* a key whose entries run past the entry table */
    memcpy(img, orig, size);
    nerve__gaz_key *key = (nerve__gaz_key *)(void *)(img + hd.sec[NERVE__SEC_KEYS].offset);
    key[0].count = hd.entry_count + 1;
    rehash_image(img, size);
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_EFORMAT);

    /* slots pointing at keys that do not exist load, but never match */
    memcpy(img, orig, size);
    nerve__gaz_slot *slots = (nerve__gaz_slot *)(void *)(img + hd.sec[NERVE__SEC_SLOTS].offset);
    for (uint32_t s = 0; s < hd.slot_count; s++)
        if (slots[s].val & NERVE__GAZ_SLOT_KEY)
            slots[s].val = (slots[s].val & NERVE__GAZ_SLOT_PREFIX) | 0x7ffffff0u;
    rehash_image(img, size);
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_OK);

    unlink(path);
    free(img);
    free(orig);
}

/* One flipped byte in a name passes every structure check (the name still
 * lies in the pool) but would change results: the content hash refuses it,
 * naming the file. */
static void test_corrupt_content_byte(void **state)
{
    (void)state;
    size_t size;
    unsigned char *img = basic_image(&size);
    const char *path = tmp_path("flip.gaz");
    nerve_error err;
    nerve__gaz_header hd;
    memcpy(&hd, img, sizeof hd);
    write_file(path, img, size);
    assert_int_equal(load_file(path, &err), NERVE_OK);
    unsigned char *pool = img + hd.sec[NERVE__SEC_STRINGS].offset;
    size_t at = 0;
    for (size_t i = 1; i < hd.sec[NERVE__SEC_STRINGS].size; i++)
        if (pool[i] >= 'a' && pool[i] <= 'y') {
            at = i;
            break;
        }
    assert_true(at > 0);
    pool[at]++;
    write_file(path, img, size);
    memset(&err, 0, sizeof err);
    assert_int_equal(load_file(path, &err), NERVE_EFORMAT);
    assert_non_null(strstr(err.message, "checksum"));
    assert_non_null(strstr(err.message, path));
    assert_string_equal(err.file, path);
    unlink(path);
    free(img);
}

static void test_corrupt_random_bytes(void **state)
{
    (void)state;
    size_t size;
    unsigned char *orig = basic_image(&size);
    unsigned char *img = malloc(size);
    assert_non_null(img);
    const char *path = tmp_path("fuzz.gaz");
    nerve_error err;
    uint64_t seed = 12345;
    for (int round = 0; round < 200; round++) {
        memcpy(img, orig, size);
        for (int k = 0; k < 8; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t at = (size_t)(seed >> 33) % size;
            img[at] ^= (unsigned char)(1u << ((seed >> 20) & 7));
        }
        if (round % 2) /* half the rounds: keep the hashes valid so deeper checks run */
            rehash_image(img, size);
        write_file(path, img, size);
        int rc = load_file(path, &err);
        assert_true(rc == NERVE_OK || rc == NERVE_EFORMAT);
    }
    unlink(path);
    free(img);
    free(orig);
}

/* ------------------------------------------------------------------------ */
/* Lookup                                                                   */
/* ------------------------------------------------------------------------ */

static void test_longest_match(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    assert_string_equal(describe(gs, "He lives in New York City now."),
                        "New York City=geonames:5128581; York=geonames:2633352");
    assert_string_equal(describe(gs, "He lives in New York now."),
                        "New York=iso3166-2:US-NY; York=geonames:2633352");
    /* a prefix of a longer name that is not complete falls back */
    assert_string_equal(describe(gs, "in Bosnia and elsewhere"), "Bosnia=nerve:loc:bosnia");
    assert_string_equal(describe(gs, "in Bosnia and Herzegovina"),
                        "Bosnia and Herzegovina=iso3166:BA");
    nerve__gazset_free(gs);
}

static void test_overlaps_every_position(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    /* one match per start position, overlapping ones included */
    assert_string_equal(describe(gs, "United States Georgia"),
                        "United States=iso3166:US; Georgia=iso3166:GE|iso3166-2:US-GA");
    assert_string_equal(describe(gs, "Mark Esper"),
                        "Mark Esper=nerve:per:mark-esper; Esper=nerve:per:mark-esper");
    nerve__gazset_free(gs);
}

static void test_several_entries(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    assert_string_equal(describe(gs, "Georgia"), "Georgia=iso3166:GE|iso3166-2:US-GA");
    assert_string_equal(describe(gs, "Jordan"), "Jordan=iso3166:JO|nerve:given:jordan");
    assert_string_equal(describe(gs, "May"), "May=nerve:given:may|lex:nerve:lex:may");
    nerve__gazset_free(gs);
}

static void test_case_exact_us(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    assert_string_equal(describe(gs, "the US said"), "US=iso3166:US");
    assert_string_equal(describe(gs, "let us go"), "");
    assert_string_equal(describe(gs, "Us and them"), "");
    assert_string_equal(describe(gs, "the U.S. said"), "U.S.=iso3166:US");
    /* an ALLCAPS headline: "US" is itself all caps, so it matches */
    assert_string_equal(describe(gs, "US TROOPS"), "US=iso3166:US");
    nerve__gazset_free(gs);
}

static void test_case_cap_may(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    assert_string_equal(describe(gs, "it may rain"), "");
    assert_string_equal(describe(gs, "in May"), "May=nerve:given:may|lex:nerve:lex:may");
    /* ALLCAPS passes a cap condition */
    assert_string_equal(describe(gs, "IN MAY"), "MAY=nerve:given:may|lex:nerve:lex:may");
    /* cap entries drop out, uncased ones stay */
    assert_string_equal(describe(gs, "georgia"), "");
    assert_string_equal(describe(gs, "new york"), "new york=iso3166-2:US-NY");
    nerve__gazset_free(gs);
}

static void test_case_exact_ap(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    assert_string_equal(describe(gs, "(AP) - Officials"), "AP=nerve:org:ap");
    assert_string_equal(describe(gs, "an ap of"), "");
    assert_string_equal(describe(gs, "Ap"), "");
    /* an ALLCAPS surface of a mixed-case exact name never matches */
    assert_string_equal(describe(gs, "US OPEN"), "US=iso3166:US");
    nerve__gazset_free(gs);
}

static void test_case_fallback_shorter(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    /* "US Open" is exact: "US open" fails at length 2 and falls back to "US" */
    assert_string_equal(describe(gs, "the US Open"), "US Open=nerve:misc:us-open");
    assert_string_equal(describe(gs, "the US open"), "US=iso3166:US");
    /* any run of whitespace in the text equals the name's space */
    assert_string_equal(describe(gs, "the US \t Open"), "US \t Open=nerve:misc:us-open");
    nerve__gazset_free(gs);
}

static void test_unicode_keys(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    assert_string_equal(describe(gs, "in Côte d'Ivoire"), "Côte d'Ivoire=iso3166:CI");
    assert_string_equal(describe(gs, "in Cote d'Ivoire"), "Cote d'Ivoire=iso3166:CI");
    assert_string_equal(describe(gs, "in Côte d\xE2\x80\x99Ivoire"),
                        "Côte d\xE2\x80\x99Ivoire=iso3166:CI");
    assert_string_equal(describe(gs, "São Paulo"), "São Paulo=geonames:3448439");
    assert_string_equal(describe(gs, "Sao Paulo"), "Sao Paulo=geonames:3448439");
    /* decomposed ü (u + U+0308) */
    assert_string_equal(describe(gs, "Zu\xCC\x88rich"), "Zu\xCC\x88rich=geonames:2657896");
    assert_string_equal(describe(gs, "ZURICH"), "ZURICH=geonames:2657896");
    assert_string_equal(describe(gs, "في القاهرة"), "القاهرة=geonames:360630");
    nerve__gazset_free(gs);
}

static void test_hyphen_variants(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    assert_string_equal(describe(gs, "al-Qaeda"), "al-Qaeda=nerve:org:al-qaeda");
    assert_string_equal(describe(gs, "al Qaeda"), "al Qaeda=nerve:org:al-qaeda");
    assert_string_equal(describe(gs, "Al Qaeda"), "Al Qaeda=nerve:org:al-qaeda");
    assert_string_equal(describe(gs, "Al-Qaeda"), "Al-Qaeda=nerve:org:al-qaeda");
    /* a match never ends inside a token */
    assert_string_equal(describe(gs, "New York-based"), "");
    nerve__gazset_free(gs);
}

static void test_possessive(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    assert_string_equal(describe(gs, "Esper's trip"), "Esper=nerve:per:mark-esper");
    assert_string_equal(describe(gs, "Mark Esper's visit"),
                        "Mark Esper=nerve:per:mark-esper; Esper=nerve:per:mark-esper; "
                        "visit=lex:nerve:lex:visit");
    assert_string_equal(describe(gs, "Georgia\xE2\x80\x99s capital"),
                        "Georgia=iso3166:GE|iso3166-2:US-GA");
    nerve__gazset_free(gs);
}

static void test_sentence_boundary(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    assert_string_equal(describe(gs, "He came from New. York is far."), "York=geonames:2633352");
    assert_string_equal(describe(gs, "Bosnia and. Herzegovina"), "Bosnia=nerve:loc:bosnia");
    nerve__gazset_free(gs);
}

static void test_empty_and_reuse(void **state)
{
    (void)state;
    nerve__gazset *gs, *basic = basic_set();
    nerve_error err;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    assert_int_equal(nerve__gazset_freeze(gs, &err), NERVE_OK);
    assert_int_equal(nerve__gazset_size(gs), 0);
    assert_string_equal(describe(gs, "Georgia"), "");
    assert_int_equal(nerve__gaz_class_count(gs), 0);
    assert_int_equal(nerve__gaz_class_id(gs, "country"), UINT32_MAX);

    /* one matches struct reused: earlier results are discarded */
    nerve__tokens toks;
    memset(&toks, 0, sizeof toks);
    nerve__gaz_matches m;
    memset(&m, 0, sizeof m);
    const char *a = "Georgia and Jordan and New York City", *b = "nothing here";
    assert_int_equal(nerve__tokenize(&AL, test_tok_lexicon(), a, strlen(a), &toks), NERVE_OK);
    assert_int_equal(nerve__gaz_lookup(basic, &AL, a, toks.tok.v, toks.tok.n, &m), NERVE_OK);
    assert_int_equal(m.m.n, 4);
    assert_int_equal(nerve__tokenize(&AL, test_tok_lexicon(), b, strlen(b), &toks), NERVE_OK);
    assert_int_equal(nerve__gaz_lookup(basic, &AL, b, toks.tok.v, toks.tok.n, &m), NERVE_OK);
    assert_int_equal(m.m.n, 0);
    assert_int_equal(m.ids.n, 0);
    assert_int_equal(nerve__gaz_lookup(basic, &AL, b, NULL, 0, &m), NERVE_OK);
    nerve__gaz_matches_free(&AL, &m);
    nerve__tokens_free(&AL, &toks);
    nerve__gazset_free(gs);
    nerve__gazset_free(basic);
}

static void test_classes(void **state)
{
    (void)state;
    nerve__gazset *gs = basic_set();
    uint32_t n = nerve__gaz_class_count(gs);
    assert_true(n >= 10);
    uint32_t country = nerve__gaz_class_id(gs, "country");
    assert_true(country < n);
    assert_string_equal(nerve__gaz_class_name(gs, country), "country");
    assert_int_equal(nerve__gaz_class_id(gs, "no_such_class"), UINT32_MAX);
    assert_null(nerve__gaz_class_name(gs, n));
    for (uint32_t c = 0; c < n; c++)
        assert_int_equal(nerve__gaz_class_id(gs, nerve__gaz_class_name(gs, c)), c);
    nerve__entry e;
    nerve__gaz_entry(gs, 0, &e);
    assert_int_equal(e.subtype_class, country);
    for (uint32_t id = 0; id < nerve__gazset_size(gs); id++) {
        nerve__gaz_entry(gs, id, &e);
        if (e.subtype)
            assert_int_equal(e.subtype_class, nerve__gaz_class_id(gs, e.subtype));
        else
            assert_int_equal(e.subtype_class, UINT32_MAX);
    }
    nerve__gazset_free(gs);
}

static void test_ids_global_across_images(void **state)
{
    (void)state;
    nerve_error err;
    const char *out = tmp_path("global.gaz");
    assert_int_equal(nerve__gaz_compile_dir(&AL, test_tok_lexicon(), fixture("dir"), out, &err),
                     NERVE_OK);
    nerve__gazset *gs;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    assert_int_equal(nerve__gazset_add_compiled(gs, out, &err), NERVE_OK); /* ids 0..2 */
    const char *user = "name\ttype\tsubtype\tid\nAlpha\tPER\tgiven_name\tu:alpha\n"
                       "Delta\tLOC\tcity\tu:delta\n";
    assert_int_equal(nerve__gazset_add_tsv_buffer(gs, "user", user, strlen(user), &err), NERVE_OK);
    assert_int_equal(nerve__gazset_size(gs), 5);
    assert_int_equal(nerve__gazset_freeze(gs, &err), NERVE_OK);
    assert_int_equal(nerve__gazset_size(gs), 5);
    /* matches from both images under one name, ids global */
    assert_string_equal(describe(gs, "Alpha met Delta"), "Alpha=d:alpha|u:alpha; Delta=u:delta");
    nerve__entry e;
    nerve__gaz_entry(gs, 4, &e);
    assert_string_equal(e.id, "u:delta");
    /* "city" is one class across both images */
    uint32_t city = nerve__gaz_class_id(gs, "city");
    nerve__gaz_entry(gs, 0, &e);
    assert_int_equal(e.subtype_class, city);
    nerve__gaz_entry(gs, 4, &e);
    assert_int_equal(e.subtype_class, city);
    /* every entry knows its line: compiled ones relative to the folder above
     * the compiled one, which they name ("dir/a.tsv") */
    for (uint32_t id = 0; id < 3; id++) {
        nerve__gaz_entry(gs, id, &e);
        assert_non_null(e.origin_file);
        assert_true(strcmp(e.origin_file, "dir/a.tsv") == 0 ||
                    strcmp(e.origin_file, "dir/sub/b.tsv") == 0 ||
                    strcmp(e.origin_file, "dir/c.tsv") == 0);
        char path[1200], line[256];
        snprintf(path, sizeof path, "%s/../%s", fixture("dir"), e.origin_file);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        for (uint32_t ln = 1; ln <= e.origin_line; ln++)
            assert_non_null(fgets(line, sizeof line, f));
        fclose(f);
        size_t n = strlen(e.name);
        assert_memory_equal(line, e.name, n);
        assert_int_equal(line[n], '\t');
    }
    nerve__gaz_entry(gs, 4, &e);
    assert_string_equal(e.origin_file, "user");
    assert_int_equal(e.origin_line, 3);
    nerve__gazset_free(gs);
    unlink(out);
}

static void test_punct_start_name(void **state)
{
    (void)state;
    nerve__gazset *gs;
    nerve_error err;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    const char *src = "name\ttype\tcase\n'Asīr\tLOC\tcap\nWashington, D.C.\tLOC\t\n";
    assert_int_equal(nerve__gazset_add_tsv_buffer(gs, "p", src, strlen(src), &err), NERVE_OK);
    assert_int_equal(nerve__gazset_freeze(gs, &err), NERVE_OK);
    assert_string_equal(describe(gs, "in 'Asir province"), "'Asir='Asīr");
    assert_string_equal(describe(gs, "in Washington, D.C. today"),
                        "Washington, D.C.=Washington, D.C.");
    nerve__gazset_free(gs);
}

int main(void)
{
    nerve__allocator_init(&AL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_basic),
        cmocka_unit_test(test_entry_fields),
        cmocka_unit_test(test_err_unknown_column),
        cmocka_unit_test(test_err_missing_required),
        cmocka_unit_test(test_err_bad_type),
        cmocka_unit_test(test_err_bad_case),
        cmocka_unit_test(test_err_bad_numbers),
        cmocka_unit_test(test_err_cell_count),
        cmocka_unit_test(test_err_invalid_utf8),
        cmocka_unit_test(test_err_empty_name),
        cmocka_unit_test(test_err_line_too_long),
        cmocka_unit_test(test_err_file_too_large),
        cmocka_unit_test(test_err_names_file),
        cmocka_unit_test(test_comments_blank_crlf_bom),
        cmocka_unit_test(test_duplicates_merged),
        cmocka_unit_test(test_error_rolls_back),
        cmocka_unit_test(test_frozen_state),
        cmocka_unit_test(test_roundtrip_compile),
        cmocka_unit_test(test_tokenizer_lexicon),
        cmocka_unit_test(test_compile_dir_recursive_sorted),
        cmocka_unit_test(test_corrupt_truncated),
        cmocka_unit_test(test_corrupt_header),
        cmocka_unit_test(test_corrupt_offsets),
        cmocka_unit_test(test_corrupt_content_byte),
        cmocka_unit_test(test_corrupt_random_bytes),
        cmocka_unit_test(test_longest_match),
        cmocka_unit_test(test_overlaps_every_position),
        cmocka_unit_test(test_several_entries),
        cmocka_unit_test(test_case_exact_us),
        cmocka_unit_test(test_case_cap_may),
        cmocka_unit_test(test_case_exact_ap),
        cmocka_unit_test(test_case_fallback_shorter),
        cmocka_unit_test(test_unicode_keys),
        cmocka_unit_test(test_hyphen_variants),
        cmocka_unit_test(test_possessive),
        cmocka_unit_test(test_sentence_boundary),
        cmocka_unit_test(test_empty_and_reuse),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_ids_global_across_images),
        cmocka_unit_test(test_punct_start_name),
    };
    return cmocka_run_group_tests_name("gazetteer", tests, NULL, NULL);
}
