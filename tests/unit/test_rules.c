/*
 * test_rules.c - the rule language (docs/rules.md): every pattern construct
 * matched and not matched on hand-built sentences, captures and the features
 * they bind, the index that skips rules, PCRE2 limits, includes, and every
 * error with its exact line and column.
 *
 * Sentences are built by hand from space-separated words (no tokenizer):
 * the key is the lower-cased word; flags follow the spelling.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc.h"
#include "error.h"
#include "gazetteer.h"
#include "rules.h"

#include "test_toklex.h"

static nerve_allocator AL;

/* ------------------------------------------------------------------------ */
/* Hand-built sentences                                                     */
/* ------------------------------------------------------------------------ */

#define MAXTOK 128

typedef struct tsent {
    nerve_token tok[MAXTOK];
    char norm[MAXTOK][48];
    size_t ntok;
    nerve__rfeat feat[64];
    size_t nfeat;
} tsent;

static int is_punct_char(char c)
{
    return c && strchr(".,;:!?\"()-'", c) != NULL;
}

static void mk(tsent *s, const char *text)
{
    memset(s, 0, sizeof *s);
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *q = p;
        while (*q && *q != ' ')
            q++;
        size_t n = (size_t)(q - p), i = s->ntok++;
        nerve_token *t = &s->tok[i];
        int letters = 0, upper = 0, digits = 0;
        for (size_t k = 0; k < n && k < 47; k++) {
            char c = p[k];
            s->norm[i][k] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            letters += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            upper += c >= 'A' && c <= 'Z';
            digits += c >= '0' && c <= '9';
        }
        t->span.start = (size_t)(p - text);
        t->span.end = (size_t)(q - text);
        t->norm = s->norm[i];
        t->norm_len = strlen(s->norm[i]);
        t->kind = digits && !letters                ? NERVE_TOKEN_NUMBER
                  : (n == 1 && is_punct_char(p[0])) ? NERVE_TOKEN_PUNCT
                                                    : NERVE_TOKEN_WORD;
        if (p[0] >= 'A' && p[0] <= 'Z')
            t->flags |= NERVE_TOK_CAPITALIZED;
        if (letters && upper == letters && letters > 1)
            t->flags |= NERVE_TOK_ALLCAPS;
        if (digits)
            t->flags |= NERVE_TOK_HAS_DIGIT;
        if (i == 0)
            t->flags |= NERVE_TOK_SENT_START;
        else
            t->flags |= NERVE_TOK_SPACE_BEFORE;
        p = q;
    }
}

static uint32_t addf(tsent *s, uint32_t b, uint32_t e, uint32_t kind, uint32_t id)
{
    nerve__rfeat f = {b, e, kind, id, 0};
    s->feat[s->nfeat] = f;
    return (uint32_t)s->nfeat++;
}

static nerve__rsent rsent(const tsent *s)
{
    nerve__rsent r = {"", s->tok, s->ntok, s->feat, s->nfeat, 0};
    return r;
}

/* ------------------------------------------------------------------------ */
/* Loading and running                                                      */
/* ------------------------------------------------------------------------ */

/* A rule set with the bundled word data, as a model loads it: the irregular
 * verb forms (rules/inflections.tsv) and the index's word costs
 * (rules/index_words.tsv). */
static int add_bundled(nerve__ruleset *rs, const char *rel,
                       int (*add)(nerve__ruleset *, const char *, const char *, size_t,
                                  nerve_error *))
{
    const char *dir = getenv("NERVE_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NERVE_EIO;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    nerve_error err;
    int rc = add(rs, path, buf, n, &err);
    if (rc != NERVE_OK)
        fprintf(stderr, "# %s:%u:%u: %s\n", err.file, err.line, err.column, err.message);
    return rc;
}

static int new_ruleset(nerve__ruleset **rs)
{
    int rc = nerve__ruleset_new(&AL, rs);
    if (rc == NERVE_OK)
        rc = add_bundled(*rs, "rules/inflections.tsv", nerve__ruleset_add_inflections);
    if (rc == NERVE_OK)
        rc = add_bundled(*rs, "rules/index_words.tsv", nerve__ruleset_add_word_costs);
    return rc;
}

static nerve__ruleset *load_gs(const char *src, const nerve__gazset *gs)
{
    nerve__ruleset *rs = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    int rc = nerve__ruleset_add(rs, "test.rules", src, strlen(src), &err);
    if (rc == NERVE_OK)
        rc = nerve__ruleset_compile(rs, gs, &err);
    if (rc != NERVE_OK)
        fprintf(stderr, "# unexpected error %s:%u:%u: %s\n", err.file, err.line, err.column,
                err.message);
    assert_int_equal(rc, NERVE_OK);
    return rs;
}

static nerve__ruleset *load(const char *src)
{
    return load_gs(src, NULL);
}

/* Expect an error; returns the error for line/column checks. */
static nerve_error load_err_gs(const char *src, const nerve__gazset *gs)
{
    nerve__ruleset *rs = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    int rc = nerve__ruleset_add(rs, "bad.rules", src, strlen(src), &err);
    if (rc == NERVE_OK)
        rc = nerve__ruleset_compile(rs, gs, &err);
    assert_int_equal(rc, NERVE_ERULES);
    assert_int_equal(err.code, NERVE_ERULES);
    nerve__ruleset_free(rs);
    return err;
}

static nerve_error load_err(const char *src)
{
    return load_err_gs(src, NULL);
}

#define ASSERT_ERR(src, l, c, needle)                                                              \
    do {                                                                                           \
        nerve_error e_ = load_err(src);                                                            \
        if (!strstr(e_.message, (needle)) || e_.line != (l) || e_.column != (c))                   \
            fprintf(stderr, "# got %s:%u:%u: %s\n", e_.file, e_.line, e_.column, e_.message);      \
        assert_non_null(strstr(e_.message, (needle)));                                             \
        assert_int_equal(e_.line, (l));                                                            \
        assert_int_equal(e_.column, (c));                                                          \
    } while (0)

/*
 * Run rules of `kind` on s and describe the matches:
 * "rule[b,e) cap=b-e cap=b-e#feat; ..." in output order.
 */
static char *run_kind(nerve__ruleset *rs, int kind, const tsent *s, char *buf, size_t n,
                      nerve__rules_stats *st, uint32_t *limit_hits)
{
    nerve__rules_scratch *sc = NULL;
    assert_int_equal(nerve__rules_scratch_new(rs, &AL, &sc), NERVE_OK);
    nerve__rmatches out;
    memset(&out, 0, sizeof out);
    nerve__rsent r = rsent(s);
    assert_int_equal(nerve__rules_match(rs, kind, sc, &r, &out), NERVE_OK);
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < out.m.n; i++) {
        const nerve__rmatch *m = &out.m.v[i];
        o += (size_t)snprintf(buf + o, n - o, "%s%s[%u,%u)", i ? "; " : "",
                              nerve__ruleset_rule(rs, m->rule)->name, m->tok_begin, m->tok_end);
        for (uint32_t c = 0; c < m->cap_count; c++) {
            const nerve__rcap *cp = &out.caps.v[m->cap_first + c];
            o += (size_t)snprintf(buf + o, n - o, " %s=%u-%u", nerve__rules_capname(rs, cp->name),
                                  cp->tok_begin, cp->tok_end);
            if (cp->feat != UINT32_MAX)
                o += (size_t)snprintf(buf + o, n - o, "#%u", cp->feat);
        }
    }
    if (st)
        nerve__rules_scratch_stats(sc, st);
    if (limit_hits)
        *limit_hits = out.limit_hits;
    nerve__rmatches_free(&AL, &out);
    nerve__rules_scratch_free(sc);
    return buf;
}

static char RESULT[4096];

/* Entity rules of src on text. */
static const char *ent(nerve__ruleset *rs, const tsent *s)
{
    return run_kind(rs, NERVE__RULE_ENTITY, s, RESULT, sizeof RESULT, NULL, NULL);
}

/* One-shot: compile src, run on text (no features), free. */
static const char *match1(const char *src, const char *text)
{
    nerve__ruleset *rs = load(src);
    tsent s;
    mk(&s, text);
    ent(rs, &s);
    nerve__ruleset_free(rs);
    return RESULT;
}

/* ------------------------------------------------------------------------ */
/* Literals                                                                 */
/* ------------------------------------------------------------------------ */

static void t_literal_word(void **st)
{
    (void)st;
    const char *r = "rule a: entity MISC\n    hello world\n";
    assert_string_equal(match1(r, "Hello world !"), "a[0,2)");
    assert_string_equal(match1(r, "hello there world"), "");
    /* whole tokens only: no match inside a longer key */
    assert_string_equal(match1(r, "ohello world"), "");
    assert_string_equal(match1(r, "hello worlds"), "");
}

static void t_literal_quoted_and_phrase(void **st)
{
    (void)st;
    assert_string_equal(match1("rule a: entity LOC\n    \"U.S.\" troops\n", "the U.S. troops"),
                        "a[1,3)");
    assert_string_equal(
        match1("rule a: entity LOC\n    \"arrive in\" [cap]\n", "they arrive in Rabat"), "a[1,4)");
    assert_string_equal(
        match1("rule a: entity LOC\n    \"arrive in\" [cap]\n", "they arrive at Rabat"), "");
    /* punctuation literals, bare or quoted */
    assert_string_equal(match1("rule a: entity MISC\n    \",\" said\n", "he , said"), "a[1,3)");
    assert_string_equal(match1("rule a: entity MISC\n    x . y\n", "x . y"), "a[0,3)");
}

static void t_word_alternatives(void **st)
{
    (void)st;
    const char *r = "rule a: entity MISC\n    (visit|visits|visited) [cap]\n";
    assert_string_equal(match1(r, "he visited Rabat"), "a[1,3)");
    assert_string_equal(match1(r, "he visits Rabat"), "a[1,3)");
    assert_string_equal(match1(r, "he visiting Rabat"), "");
}

static void t_lemma_family(void **st)
{
    (void)st;
    const char *r = "rule a: entity MISC\n    visit~ [cap]\n";
    assert_string_equal(match1(r, "he visited Rabat"), "a[1,3)");
    assert_string_equal(match1(r, "visiting Rabat"), "a[0,2)");
    assert_string_equal(match1(r, "visits Rabat"), "a[0,2)");
    assert_string_equal(match1(r, "visitor Rabat"), "");
    assert_string_equal(match1("rule a: entity MISC\n    meet~ PER\n", "she met Esper"), "");
    char b[256];
    assert_string_equal(match1("rule a: entity MISC\n    meet~ [cap]\n", "she met Esper"),
                        "a[1,3)");
    nerve__ruleset *words = NULL;
    assert_int_equal(new_ruleset(&words), NERVE_OK);
    assert_int_equal(nerve__rules_inflect(words, "visit", b, sizeof b), NERVE_OK);
    assert_string_equal(b, "visit visits visited visitted visiting visitting");
    nerve__rules_inflect(words, "stop", b, sizeof b);
    assert_string_equal(b, "stop stops stopped stopping");
    nerve__rules_inflect(words, "try", b, sizeof b);
    assert_string_equal(b, "try tries tried trying");
    nerve__rules_inflect(words, "arrive", b, sizeof b);
    assert_string_equal(b, "arrive arrives arrived arriving");
    nerve__rules_inflect(words, "agree", b, sizeof b);
    assert_string_equal(b, "agree agrees agreed agreeing");
    nerve__rules_inflect(words, "tax", b, sizeof b);
    assert_string_equal(b, "tax taxes taxed taxing");
    nerve__rules_inflect(words, "die", b, sizeof b);
    assert_string_equal(b, "die dies died dying");
    nerve__rules_inflect(words, "meet", b, sizeof b);
    assert_string_equal(b, "meet met meets meeted meeting");
    nerve__rules_inflect(words, "sign", b, sizeof b);
    assert_string_equal(b, "sign signs signed signing");
    nerve__rules_inflect(words, "play", b, sizeof b);
    assert_string_equal(b, "play plays played playing");
    nerve__rules_inflect(words, "approach", b, sizeof b);
    assert_string_equal(b, "approach approaches approached approaching");
    nerve__ruleset_free(words);
}

/* The word data: without the inflection table "meet~" has only regular forms;
 * a table line adds forms; malformed lines are errors naming file:line:column. */
static void t_word_data(void **st)
{
    (void)st;
    char b[256];
    nerve__ruleset *rs = NULL;
    nerve_error err;
    assert_int_equal(nerve__ruleset_new(&AL, &rs), NERVE_OK);
    assert_int_equal(nerve__rules_inflect(rs, "meet", b, sizeof b), NERVE_OK);
    assert_string_equal(b, "meet meets meeted meeting");
    const char *t = "# a comment\nbase\tforms\r\n\nmeet\tmet\nsmite\tsmote smitten\n";
    assert_int_equal(nerve__ruleset_add_inflections(rs, "i.tsv", t, strlen(t), &err), NERVE_OK);
    nerve__rules_inflect(rs, "smite", b, sizeof b);
    assert_string_equal(b, "smite smote smitten smites smited smiting");
    const char *dup = "base\tforms\nmeet\tmet\n";
    assert_int_equal(nerve__ruleset_add_inflections(rs, "j.tsv", dup, strlen(dup), &err),
                     NERVE_ERULES);
    assert_string_equal(err.file, "j.tsv");
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "already listed at i.tsv:4"));
    const char *upper = "base\tforms\nstrive\tstrove Striven\n";
    assert_int_equal(nerve__ruleset_add_inflections(rs, "k.tsv", upper, strlen(upper), &err),
                     NERVE_ERULES);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 15);
    const char *spaces = "base\tforms\nstrive\tstrove  striven\n";
    assert_int_equal(nerve__ruleset_add_inflections(rs, "k.tsv", spaces, strlen(spaces), &err),
                     NERVE_ERULES);
    assert_int_equal(err.column, 14);
    const char *fields = "base\tforms\nstrive\n";
    assert_int_equal(nerve__ruleset_add_inflections(rs, "k.tsv", fields, strlen(fields), &err),
                     NERVE_ERULES);
    assert_int_equal(err.line, 2);
    const char *header = "base\tform\n";
    assert_int_equal(nerve__ruleset_add_inflections(rs, "k.tsv", header, strlen(header), &err),
                     NERVE_ERULES);
    assert_int_equal(err.line, 1);
    const char *none = "# nothing\n";
    assert_int_equal(nerve__ruleset_add_inflections(rs, "k.tsv", none, strlen(none), &err),
                     NERVE_ERULES);
    /* a failed call adds nothing: "strive" stays regular */
    nerve__rules_inflect(rs, "strive", b, sizeof b);
    assert_string_equal(b, "strive strives strived striving");
    const char *cost = "word\tper_mille\nthe\t1001\n";
    assert_int_equal(nerve__ruleset_add_word_costs(rs, "c.tsv", cost, strlen(cost), &err),
                     NERVE_ERULES);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 5);
    const char *cost2 = "word\tper_mille\nThe\t300\n";
    assert_int_equal(nerve__ruleset_add_word_costs(rs, "c.tsv", cost2, strlen(cost2), &err),
                     NERVE_ERULES);
    assert_int_equal(err.column, 1);
    const char *cost3 = "word\tper_mille\nthe\t300\n";
    assert_int_equal(nerve__ruleset_add_word_costs(rs, "c.tsv", cost3, strlen(cost3), &err),
                     NERVE_OK);
    nerve__ruleset_free(rs);
}

/* ------------------------------------------------------------------------ */
/* Token tests, gaps, quantifiers                                           */
/* ------------------------------------------------------------------------ */

static void t_token_tests(void **st)
{
    (void)st;
    assert_string_equal(match1("rule a: entity MISC\n    [cap] [cap]\n", "met Mark Esper today"),
                        "a[1,3)");
    assert_string_equal(match1("rule a: entity ORG\n    [allcaps]\n", "the NATO summit"), "a[1,2)");
    assert_string_equal(match1("rule a: entity ORG\n    [upper]\n", "the Nato summit"), "");
    assert_string_equal(match1("rule a: entity DATE\n    [num] people\n", "some 300 people"),
                        "a[1,3)");
    assert_string_equal(match1("rule a: entity MISC\n    [punct]\n", "a , b"), "a[1,2)");
    assert_string_equal(match1("rule a: entity MISC\n    [lower] [cap]\n", "Rabat and Tunis"),
                        "a[1,3)");
    assert_string_equal(match1("rule a: entity MISC\n    [!cap] x\n", "Y x z x"), "a[2,4)");
    assert_string_equal(match1("rule a: entity MISC\n    [start]\n", "One two"), "a[0,1)");
    assert_string_equal(match1("rule a: entity MISC\n    [digit]\n", "a b2 c"), "a[1,2)");
    /* a quoted key inside a test combines with flags: case-sensitive "US" */
    const char *r = "rule a: entity LOC\n    [\"us\" allcaps]\n";
    assert_string_equal(match1(r, "the US and us"), "a[1,2)");
    assert_string_equal(match1("rule a: entity LOC\n    [\"us\" \"uk\" allcaps]\n", "us UK"),
                        "a[1,2)");
}

static void t_any_and_gap(void **st)
{
    (void)st;
    const char *r = "rule a: entity MISC\n    said [] today\n";
    assert_string_equal(match1(r, "he said it today"), "a[1,4)");
    assert_string_equal(match1(r, "he said today"), "");
    r = "rule a: entity MISC\n    visit~ []{0,2} to\n";
    assert_string_equal(match1(r, "visit to"), "a[0,2)");
    assert_string_equal(match1(r, "visit a b to"), "a[0,4)");
    assert_string_equal(match1(r, "visit a b c to"), "");
}

static void t_quantifiers(void **st)
{
    (void)st;
    assert_string_equal(match1("rule a: entity PER\n    mr (.)? [cap]\n", "Mr . Smith"), "a[0,3)");
    assert_string_equal(match1("rule a: entity PER\n    mr (.)? [cap]\n", "Mr Smith"), "a[0,2)");
    assert_string_equal(
        match1("rule a: entity PER\n    [cap]+ said\n", "John Fitzgerald Kennedy said"), "a[0,4)");
    assert_string_equal(match1("rule a: entity PER\n    the (very)* big\n", "the very very big"),
                        "a[0,4)");
    assert_string_equal(match1("rule a: entity PER\n    the (very)* big\n", "the big"), "a[0,2)");
    const char *r = "rule a: entity PER\n    x (y z){2,3} w\n";
    assert_string_equal(match1(r, "x y z w"), "");
    assert_string_equal(match1(r, "x y z y z w"), "a[0,6)");
    assert_string_equal(match1(r, "x y z y z y z w"), "a[0,8)");
    assert_string_equal(match1(r, "x y z y z y z y z w"), "");
    assert_string_equal(match1("rule a: entity PER\n    x y{2} \n", "x y y"), "a[0,3)");
    /* lazy: the shortest gap */
    assert_string_equal(match1("rule a: entity PER\n    a g:([]{1,3}?) b\n", "a x b y b"),
                        "a[0,3) g=1-2");
    assert_string_equal(match1("rule a: entity PER\n    a g:([]{1,3}) b\n", "a x b y b"),
                        "a[0,5) g=1-4");
}

static void t_alternation(void **st)
{
    (void)st;
    const char *r = "rule a: entity MISC\n    prime minister | defense secretary\n";
    assert_string_equal(match1(r, "the defense secretary and the prime minister"),
                        "a[1,3); a[5,7)");
    assert_string_equal(match1(r, "the prime secretary"), "");
    r = "rule a: entity MISC\n    the (big [cap] | small) house\n";
    assert_string_equal(match1(r, "the big White house"), "a[0,4)");
    assert_string_equal(match1(r, "the small house"), "a[0,3)");
}

static void t_negation(void **st)
{
    (void)st;
    const char *r = "rule a: entity PER\n    !the [cap]\n";
    assert_string_equal(match1(r, "the Pentagon"), "");
    assert_string_equal(match1(r, "said Esper"), "a[0,2)");
    r = "class det = the a an\nrule a: entity PER\n    !@det [cap]\n";
    assert_string_equal(match1(r, "a Minister"), "");
    assert_string_equal(match1(r, "minister Esper"), "a[0,2)");
    r = "rule a: entity PER\n    !(the|a) [cap]\n";
    assert_string_equal(match1(r, "a Minister"), "");
    assert_string_equal(match1(r, "to Rabat"), "a[0,2)");
    r = "rule a: entity PER\n    ![cap] [cap]\n";
    assert_string_equal(match1(r, "Mark Esper"), "");
    assert_string_equal(match1(r, "by Esper"), "a[0,2)");
}

static void t_anchors(void **st)
{
    (void)st;
    assert_string_equal(match1("rule a: entity MISC\n    ^ [cap]\n", "Rabat is Nice"), "a[0,1)");
    assert_string_equal(match1("rule a: entity MISC\n    ^ is\n", "Rabat is Nice"), "");
    assert_string_equal(match1("rule a: entity MISC\n    [cap] $\n", "Rabat is Nice"), "a[2,3)");
    assert_string_equal(match1("rule a: entity MISC\n    is $\n", "Rabat is Nice"), "");
    assert_string_equal(match1("rule a: entity MISC\n    ^ [] $\n", "Only"), "a[0,1)");
}

static void t_leftmost_nonoverlapping(void **st)
{
    (void)st;
    const char *r = "rule a: entity MISC\n    [cap] [cap]\n";
    assert_string_equal(match1(r, "A B C D E"), "a[0,2); a[2,4)");
    r = "rule a: entity MISC\n    x []{0,5} x\n";
    assert_string_equal(match1(r, "x x x"), "a[0,3)");
}

/* A rule whose index word lies some tokens into the match is tried only
 * from the tokens before each occurrence of the word that a match can start
 * at: the matches must be those of a search from every token. */
static void t_start_window(void **st)
{
    (void)st;
    const char *r = "rule a: entity MISC\n    [cap]{1,3} visited\n";
    /* from A no match (four capitals), from B one; the second ends at F */
    assert_string_equal(match1(r, "A B C D visited E F visited"), "a[1,5); a[5,8)");
    /* the longest alternative decides how far back a match can start */
    r = "rule a: entity MISC\n    (x | x y z) go\n";
    assert_string_equal(match1(r, "x y z go"), "a[0,4)");
    assert_string_equal(match1(r, "w x go x y z go"), "a[1,3); a[3,7)");
    /* a gap between the start and the word */
    r = "rule a: entity MISC\n    [cap] []{0,4} arrived\n";
    assert_string_equal(match1(r, "Esper , the defense secretary , arrived"), "");
    assert_string_equal(match1(r, "Esper , the secretary arrived"), "a[0,5)");
    /* a typed slot spans a whole mention: the window reaches over it */
    nerve__ruleset *rs = load("rule a: entity MISC\n    who:PER said\n");
    tsent s;
    mk(&s, "Mark Thomas Esper said");
    addf(&s, 0, 3, NERVE__RF_MENTION, NERVE_TYPE_PER);
    assert_string_equal(ent(rs, &s), "a[0,4) who=0-3#0");
    nerve__ruleset_free(rs);
}

/* ------------------------------------------------------------------------ */
/* Classes, defines, features                                               */
/* ------------------------------------------------------------------------ */

static void t_file_class(void **st)
{
    (void)st;
    const char *r = "class title = minister secretary \"prime minister\" visit~\n"
                    "rule a: entity PER\n    t:@title [cap]\n";
    assert_string_equal(match1(r, "the prime minister Akhannouch"), "a[1,4) t=1-3");
    assert_string_equal(match1(r, "secretary Esper"), "a[0,2) t=0-1");
    assert_string_equal(match1(r, "visiting Rabat"), "a[0,2) t=0-1");
    assert_string_equal(match1(r, "president Biden"), "");
}

static void t_define_macro(void **st)
{
    (void)st;
    /* a define may be used before it is defined, and in another define */
    const char *r = "rule a: entity PER\n    $HON [cap]\n"
                    "define HON = (mr|mrs|ms) $DOT\n"
                    "define DOT = (.)?\n";
    assert_string_equal(match1(r, "said Mrs . May"), "a[1,4)");
    assert_string_equal(match1(r, "said Ms May"), "a[1,3)");
}

static void t_gazetteer_class(void **st)
{
    (void)st;
    nerve__gazset *gs = NULL;
    nerve_error err;
    assert_int_equal(nerve__gazset_new(&AL, &gs), NERVE_OK);
    nerve__gazset_set_tok_lexicon(gs, test_tok_lexicon());
    const char *tsv = "name\ttype\tsubtype\nsecretary\tLEX\ttitle\ndefense secretary\tLEX\ttitle\n";
    assert_int_equal(nerve__gazset_add_tsv_buffer(gs, "t.tsv", tsv, strlen(tsv), &err), NERVE_OK);
    assert_int_equal(nerve__gazset_freeze(gs, &err), NERVE_OK);
    uint32_t title = nerve__gaz_class_id(gs, "title");
    assert_true(title != UINT32_MAX);
    nerve__ruleset *rs = load_gs("rule a: entity PER\n    t:@title p:[cap]+\n", gs);
    tsent s;
    mk(&s, "the defense secretary Mark Esper");
    addf(&s, 1, 3, NERVE__RF_CLASS, title);
    assert_string_equal(ent(rs, &s), "a[1,5) t=1-3#0 p=3-5");
    /* the class feature must cover the whole range; no feature, no match */
    mk(&s, "the defense secretary Mark Esper");
    assert_string_equal(ent(rs, &s), "");
    nerve__ruleset_free(rs);
    /* file class and gazetteer class of the same name: either matches */
    rs = load_gs("class title = envoy\nrule a: entity PER\n    t:@title [cap]\n", gs);
    mk(&s, "envoy Smith and secretary Jones");
    addf(&s, 3, 4, NERVE__RF_CLASS, title);
    assert_string_equal(ent(rs, &s), "a[0,2) t=0-1; a[3,5) t=3-4#0");
    nerve__ruleset_free(rs);
    nerve__gazset_free(gs);
}

static void t_gaz_candidates(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("rule a: entity LOC\n    in w:&LOC\n");
    tsent s;
    mk(&s, "talks in New York City today");
    /* overlapping candidates of the same type: New York City, New York, York */
    addf(&s, 2, 5, NERVE__RF_GAZ, NERVE_TYPE_LOC);
    addf(&s, 2, 4, NERVE__RF_GAZ, NERVE_TYPE_LOC);
    addf(&s, 3, 4, NERVE__RF_GAZ, NERVE_TYPE_LOC);
    addf(&s, 2, 5, NERVE__RF_GAZ, NERVE_TYPE_ORG);
    assert_string_equal(ent(rs, &s), "a[1,5) w=2-5#0");
    nerve__ruleset_free(rs);
    /* the following word forces the shorter candidate */
    rs = load("rule a: entity LOC\n    in w:&LOC city\n");
    assert_string_equal(ent(rs, &s), "a[1,5) w=2-4#1");
    nerve__ruleset_free(rs);
    /* a type with no candidate does not match */
    rs = load("rule a: entity LOC\n    in &NORP\n");
    assert_string_equal(ent(rs, &s), "");
    nerve__ruleset_free(rs);
}

static void t_mention_slots(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("event visit roles who where\n"
                              "rule v: event visit\n    who:PER trigger:visit~ where:LOC|ORG\n");
    tsent s;
    mk(&s, "Mark Esper visited the Pentagon");
    addf(&s, 0, 2, NERVE__RF_MENTION, NERVE_TYPE_PER);
    addf(&s, 3, 5, NERVE__RF_MENTION, NERVE_TYPE_ORG);
    assert_string_equal(ent(rs, &s), ""); /* event rules do not run as entity rules */
    run_kind(rs, NERVE__RULE_EVENT, &s, RESULT, sizeof RESULT, NULL, NULL);
    assert_string_equal(RESULT, "v[0,5) who=0-2#0 trigger=2-3 where=3-5#1");
    /* a mention is matched as its whole range: part of it does not match */
    mk(&s, "Mark Esper visited the Pentagon");
    addf(&s, 0, 2, NERVE__RF_MENTION, NERVE_TYPE_PER);
    addf(&s, 3, 5, NERVE__RF_MENTION, NERVE_TYPE_DATE);
    run_kind(rs, NERVE__RULE_EVENT, &s, RESULT, sizeof RESULT, NULL, NULL);
    assert_string_equal(RESULT, "");
    nerve__ruleset_free(rs);
    /* `PER | ORG` with spaces is ordinary alternation */
    rs = load("rule a: entity MISC\n    x:(PER | ORG said)\n");
    mk(&s, "Esper said");
    addf(&s, 0, 1, NERVE__RF_MENTION, NERVE_TYPE_PER);
    assert_string_equal(ent(rs, &s), "a[0,1) x=0-1#0");
    nerve__ruleset_free(rs);
}

static void t_mention_negation(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("rule a: entity MISC\n    !PER said\n");
    tsent s;
    mk(&s, "Mark Esper said");
    addf(&s, 0, 2, NERVE__RF_MENTION, NERVE_TYPE_PER);
    assert_string_equal(ent(rs, &s), "");
    mk(&s, "officials said");
    assert_string_equal(ent(rs, &s), "a[0,2)");
    nerve__ruleset_free(rs);
}

static void t_captures(void **st)
{
    (void)st;
    /* nested captures, an optional capture that did not take part */
    const char *r = "rule a: entity PER\n    t:(@ti)? name:(first:[cap] last:[cap])\n"
                    "class ti = mr dr\n";
    assert_string_equal(match1(r, "Dr Jane Doe"), "a[0,3) t=0-1 name=1-3 first=1-2 last=2-3");
    assert_string_equal(match1(r, "met Jane Doe"), "a[1,3) name=1-3 first=1-2 last=2-3");
    nerve__ruleset *rs = load(r);
    assert_string_equal(nerve__rules_capname(rs, 0), "t");
    assert_null(nerve__rules_capname(rs, 99));
    nerve__ruleset_free(rs);
}

static void t_event_roles_and_info(void **st)
{
    (void)st;
    nerve__ruleset *rs = load(
        "event visit roles who where when host purpose cameo 042\n"
        "event meeting roles who with\n"
        "rule visit.basic: event visit priority 5 confidence 0.75\n    who:PER visit~ where:LOC\n"
        "rule meet.x: event meeting cameo 036 veto\n    who:PER meet~ with:PER\n"
        "rule per.title: entity PER subtype official priority -2\n    @t [cap]\n"
        "class t = minister\n");
    assert_int_equal(nerve__ruleset_count(rs), 3);
    const nerve__rule_info *i0 = nerve__ruleset_rule(rs, 0);
    assert_string_equal(i0->name, "visit.basic");
    assert_string_equal(i0->file, "test.rules");
    assert_int_equal(i0->line, 3);
    assert_int_equal(i0->kind, NERVE__RULE_EVENT);
    assert_string_equal(i0->label, "visit");
    assert_string_equal(i0->cameo, "042"); /* from the event declaration */
    assert_int_equal(i0->priority, 5);
    assert_true(i0->confidence > 0.74f && i0->confidence < 0.76f);
    const nerve__rule_info *i1 = nerve__ruleset_rule(rs, 1);
    assert_string_equal(i1->cameo, "036");
    assert_int_equal(i1->veto, 1);
    assert_int_equal(i0->veto, 0);
    const nerve__rule_info *i2 = nerve__ruleset_rule(rs, 2);
    assert_int_equal(i2->kind, NERVE__RULE_ENTITY);
    assert_string_equal(i2->label, "PER");
    assert_string_equal(i2->subtype, "official");
    assert_int_equal(i2->priority, -2);
    assert_true(i2->confidence == 1.0f);
    assert_null(i2->cameo);
    assert_null(nerve__ruleset_rule(rs, 3));
    const char *const *roles = nerve__rules_event_roles(rs, "visit");
    assert_non_null(roles);
    assert_string_equal(roles[0], "who");
    assert_string_equal(roles[4], "purpose");
    assert_null(roles[5]);
    assert_null(nerve__rules_event_roles(rs, "attack"));
    nerve__ruleset_free(rs);
}

static void t_continuation_and_comments(void **st)
{
    (void)st;
    const char *r = "# a comment\n"
                    "\n"
                    "rule a: entity PER   # trailing comment\n"
                    "    # comment inside the pattern\n"
                    "    mr\n"
                    "\n"
                    "       [cap]   # still the pattern\n"
                    "rule b: entity PER\n"
                    "\tdr [cap]\n";
    assert_string_equal(match1(r, "Mr Smith and Dr Who"), "a[0,2); b[3,5)");
}

static void t_encoding_escapes(void **st)
{
    (void)st;
    /* keys that look like the encoding's items or contain control bytes */
    nerve__ruleset *rs = load("rule a: entity MISC\n    \"sm1,0;\" PER\n");
    tsent s;
    mk(&s, "sm1,0; Esper");
    addf(&s, 1, 2, NERVE__RF_MENTION, NERVE_TYPE_PER);
    assert_string_equal(ent(rs, &s), "a[0,2)");
    mk(&s, "sm1,0; Esper");
    assert_string_equal(ent(rs, &s), ""); /* the key is not a mention item */
    nerve__ruleset_free(rs);
    rs = load("rule a: entity MISC\n    x [] y\n");
    mk(&s, "x Q y");
    strcpy(s.norm[1], "a\x1e\x1f\x1d");
    s.tok[1].norm_len = 4;
    assert_string_equal(ent(rs, &s), "a[0,3)");
    size_t len;
    nerve__rules_scratch *sc;
    assert_int_equal(nerve__rules_scratch_new(rs, &AL, &sc), NERVE_OK);
    nerve__rmatches out;
    memset(&out, 0, sizeof out);
    nerve__rsent r = rsent(&s);
    assert_int_equal(nerve__rules_match(rs, NERVE__RULE_ENTITY, sc, &r, &out), NERVE_OK);
    const char *enc = nerve__rules_last_encoding(sc, &len);
    /* three segments, the control bytes escaped */
    size_t segs = 0;
    for (size_t i = 0; i < len; i++)
        segs += enc[i] == '\x1e';
    assert_int_equal(segs, 3);
    assert_non_null(memmem(enc, len, "a\x1d\x5e\x1d\x5f\x1d\x5d\x1f", 8));
    nerve__rmatches_free(&AL, &out);
    nerve__rules_scratch_free(sc);
    nerve__ruleset_free(rs);
}

/* ------------------------------------------------------------------------ */
/* Index, limits, includes                                                  */
/* ------------------------------------------------------------------------ */

static void t_index_skips(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("rule a: entity MISC\n    [cap] visit~ [cap]\n"
                              "rule b: entity MISC\n    (arrive|arrived) in LOC\n"
                              "rule c: entity MISC\n    [cap] [cap]\n" /* no requirement */
                              "rule d: entity MISC\n    x:@t\nclass t = envoy ambassador\n"
                              "event e roles who\n"
                              "rule e: event e\n    who:PER visited\n");
    nerve__rules_stats s1;
    tsent s;
    mk(&s, "Esper visited Rabat");
    run_kind(rs, NERVE__RULE_ENTITY, &s, RESULT, sizeof RESULT, &s1, NULL);
    assert_string_equal(RESULT, "a[0,3)");
    /* a and c ran; b and d were skipped (the event rule is not counted) */
    assert_int_equal(s1.runs, 2);
    assert_int_equal(s1.skipped, 2);
    assert_int_equal(s1.encoded, 1);
    mk(&s, "the ambassador arrived in Rabat");
    addf(&s, 4, 5, NERVE__RF_MENTION, NERVE_TYPE_LOC);
    run_kind(rs, NERVE__RULE_ENTITY, &s, RESULT, sizeof RESULT, &s1, NULL);
    assert_string_equal(RESULT, "b[2,5); d[1,2) x=1-2");
    assert_int_equal(s1.runs, 3);
    assert_int_equal(s1.skipped, 1);
    nerve__ruleset_free(rs);
    /* nothing can match: the sentence is not even encoded */
    rs = load("rule a: entity MISC\n    tunis\nrule b: entity MISC\n    [cap]? rabat\n");
    mk(&s, "nothing here");
    run_kind(rs, NERVE__RULE_ENTITY, &s, RESULT, sizeof RESULT, &s1, NULL);
    assert_int_equal(s1.runs, 0);
    assert_int_equal(s1.skipped, 2);
    assert_int_equal(s1.encoded, 0);
    nerve__ruleset_free(rs);
}

static void t_limits(void **st)
{
    (void)st;
    /* nested optional groups: exponential backtracking when the end fails */
    const char *src = "rule bad: entity MISC\n    x (([]|[]?)([]?|[])){1,40} zz y\n"
                      "rule ok: entity MISC\n    x\n";
    nerve__ruleset *rs = NULL;
    nerve_error err;
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    nerve__ruleset_set_limits(rs, 5000, 100);
    assert_int_equal(nerve__ruleset_add(rs, "lim.rules", src, strlen(src), &err), NERVE_OK);
    assert_int_equal(nerve__ruleset_compile(rs, NULL, &err), NERVE_OK);
    tsent s;
    char text[400] = "x";
    for (int i = 0; i < 60; i++)
        strcat(text, " a");
    strcat(text, " zz");
    mk(&s, text);
    uint32_t hits = 0;
    clock_t t0 = clock();
    run_kind(rs, NERVE__RULE_ENTITY, &s, RESULT, sizeof RESULT, NULL, &hits);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(hits >= 1);
    assert_true(secs < 1.0);
    /* the other rule still ran */
    assert_non_null(strstr(RESULT, "ok[0,1)"));
    nerve__ruleset_free(rs);
}

static char TMPDIR[256];

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", TMPDIR, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void t_include(void **st)
{
    (void)st;
    write_file("common.rules", "class title = minister envoy\ninclude \"sub/more.rules\"\n");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/sub", TMPDIR);
    {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
        assert_int_equal(system(cmd), 0);
    }
    write_file("sub/more.rules", "define NAME = [cap]+\n");
    write_file("self.rules", "include \"self.rules\"\n");
    char main_path[512];
    snprintf(main_path, sizeof main_path, "%s/main.rules", TMPDIR);
    const char *src = "include \"common.rules\"\nrule a: entity PER\n    @title n:$NAME\n";
    nerve__ruleset *rs = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    assert_int_equal(nerve__ruleset_add(rs, main_path, src, strlen(src), &err), NERVE_OK);
    assert_int_equal(nerve__ruleset_compile(rs, NULL, &err), NERVE_OK);
    tsent s;
    mk(&s, "the envoy John Smith said");
    assert_string_equal(ent(rs, &s), "a[1,4) n=2-4");
    nerve__ruleset_free(rs);
    /* missing include */
    src = "rule a: entity PER\n    x\n  \ninclude \"nope.rules\"\n";
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    assert_int_equal(nerve__ruleset_add(rs, main_path, src, strlen(src), &err), NERVE_ERULES);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 1);
    assert_non_null(strstr(err.message, "cannot read include file"));
    assert_non_null(strstr(err.file, "main.rules"));
    nerve__ruleset_free(rs);
    /* include depth: a file including itself */
    src = "include \"self.rules\"\n";
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    assert_int_equal(nerve__ruleset_add(rs, main_path, src, strlen(src), &err), NERVE_ERULES);
    assert_non_null(strstr(err.message, "include depth exceeded"));
    assert_non_null(strstr(err.file, "self.rules"));
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1);
    nerve__ruleset_free(rs);
    /* an include larger than the source limit, read no further than the limit */
    src = "rule a: entity PER\n    x\ninclude \"common.rules\"\n";
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    nerve__ruleset_set_max_source(rs, 60);
    assert_int_equal(nerve__ruleset_add(rs, main_path, src, strlen(src), &err), NERVE_OK);
    nerve__ruleset_set_max_source(rs, 40);
    src = "include \"common.rules\"\n";
    assert_int_equal(nerve__ruleset_add(rs, main_path, src, strlen(src), &err), NERVE_ERULES);
    assert_non_null(strstr(err.message, "exceeds the limit of 40 bytes"));
    assert_int_equal(err.line, 1);
    assert_int_equal(nerve__ruleset_count(rs), 1);
    nerve__ruleset_free(rs);
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

static void t_err_syntax(void **st)
{
    (void)st;
    ASSERT_ERR("rule a entity PER\n    x\n", 1, 8, "expected ':'");
    ASSERT_ERR("rule a: entity PER\n    x :\n", 2, 7, "syntax error");
    ASSERT_ERR("frobnicate x\n", 1, 1, "expected 'rule'");
    ASSERT_ERR("rule a: entity PER\n    x \xff y\n", 2, 7, "invalid UTF-8 (byte 0xFF)");
    ASSERT_ERR("\xEF\xBB\xBFrule a: entity PER\n  \xc3(\n", 2, 3, "invalid UTF-8");
    ASSERT_ERR("rule a: entity PER\n    x \"abc\n", 2, 7, "unterminated string");
    ASSERT_ERR("rule a: entity PER frequency 3\n    x\n", 1, 20, "unknown rule option");
    ASSERT_ERR("rule a: entity PER veto\n    x\n", 1, 20,
               "'veto' is an option of event rules only");
    ASSERT_ERR("rule a: entity PER confidence 1.5\n    x\n", 1, 31, "bad number");
    ASSERT_ERR("rule a: entity PERSON\n    x\n", 1, 16, "unknown entity type 'PERSON'");
    ASSERT_ERR("rule a: entity PER\n    in &PLACE\n", 2, 8, "unknown entity type 'PLACE'");
    ASSERT_ERR("rule a: entity PER\n    [shiny]\n", 2, 6, "unknown token test 'shiny'");
    ASSERT_ERR("rule a: entity PER\n    [word num]\n", 2, 5, "can never match");
    ASSERT_ERR("rule a: entity PER\n    !(a b)\n", 2, 6, "negation needs a single-token atom");
    ASSERT_ERR("rule a: entity PER\n    x\nrule b: entity PER\n    y\n   z |\n", 6, 1,
               "empty alternative");
}

static void t_err_parens(void **st)
{
    (void)st;
    ASSERT_ERR("rule a: entity PER\n    (a | b\n", 2, 5, "unbalanced parentheses");
    ASSERT_ERR("rule a: entity PER\n    a | b)\n", 2, 10, "unbalanced parentheses");
    ASSERT_ERR("rule a: entity PER\n    x (a (b)\nrule b: entity PER\n    y\n", 2, 7,
               "'(' is never closed");
    ASSERT_ERR("rule a: entity PER\n    [cap\n", 2, 5, "'[' is never closed");
    ASSERT_ERR("rule a: entity PER\n    x ()\n", 2, 7, "empty group");
    /* 40 nested groups: the 33rd '(' (column 37) is one too deep */
    char deep[256];
    int n = snprintf(deep, sizeof deep, "rule a: entity PER\n    ");
    for (int i = 0; i < 40; i++)
        deep[n++] = '(';
    deep[n++] = 'x';
    for (int i = 0; i < 40; i++)
        deep[n++] = ')';
    deep[n++] = '\n';
    deep[n] = '\0';
    ASSERT_ERR(deep, 2, 37, "nested too deeply");
}

static void t_err_unknown_names(void **st)
{
    (void)st;
    ASSERT_ERR("rule a: entity PER\n    @nosuch [cap]\n", 2, 5, "unknown class '@nosuch'");
    ASSERT_ERR("rule a: event visit\n    x\n", 1, 15, "unknown event type 'visit'");
    ASSERT_ERR("event visit roles who where\nrule a: event visit\n    who:PER visit~ at:LOC\n", 3,
               20, "unknown role 'at' for event type 'visit' (roles: who, where)");
    /* trigger and _private captures are always allowed */
    nerve__ruleset *rs = load("event visit roles who\nrule a: event visit\n"
                              "    who:PER trigger:visit~ _x:[]\n");
    nerve__ruleset_free(rs);
    ASSERT_ERR("rule a: entity PER\n    $NOPE\n", 2, 5, "unknown define '$NOPE'");
    ASSERT_ERR("define A = x $B\ndefine B = y $A\nrule a: entity PER\n    $A\n", 2, 14,
               "recursive define '$A'");
    /* an error inside a define is reported where it is written */
    ASSERT_ERR("define A = x @nope\nrule a: entity PER\n    $A\n", 1, 14, "unknown class");
}

static void t_err_gaps_and_quantifiers(void **st)
{
    (void)st;
    ASSERT_ERR("rule a: entity PER\n    x []* y\n", 2, 9, "unbounded gap");
    ASSERT_ERR("rule a: entity PER\n    x []+ y\n", 2, 9, "unbounded gap");
    ASSERT_ERR("rule a: entity PER\n    x g:([]){2,} y\n", 2, 13, "unbounded gap");
    ASSERT_ERR("define G = []\nrule a: entity PER\n    x $G* y\n", 3, 9, "unbounded gap");
    ASSERT_ERR("rule a: entity PER\n    x (y){3,2}\n", 2, 10, "bad quantifier");
    ASSERT_ERR("rule a: entity PER\n    x (y){1,500}\n", 2, 10, "bad quantifier");
    ASSERT_ERR("rule a: entity PER\n    x (y){0}\n", 2, 10, "bad quantifier");
    ASSERT_ERR("rule a: entity PER\n    x y?*\n", 2, 9, "bad quantifier");
    ASSERT_ERR("rule a: entity PER\n    ^* x\n", 2, 6, "bad quantifier");
    ASSERT_ERR("rule a: entity PER\n    x{a}\n", 2, 7, "bad quantifier");
}

static void t_err_empty_and_duplicates(void **st)
{
    (void)st;
    ASSERT_ERR("rule a: entity PER\nrule b: entity PER\n    x\n", 1, 1, "empty pattern");
    ASSERT_ERR("rule a: entity PER\n", 1, 1, "empty pattern");
    ASSERT_ERR("rule a: entity PER\n    (x)? y?\n", 2, 5, "can match zero tokens");
    ASSERT_ERR("rule a: entity PER\n    x\nrule a: entity LOC\n    y\n", 3, 6,
               "duplicate rule name 'a' (first defined at bad.rules:1)");
    ASSERT_ERR("define A = x\ndefine A = y\n", 2, 8, "duplicate define");
    ASSERT_ERR("class A = x\nclass A = y\n", 2, 7, "duplicate class");
    ASSERT_ERR("event v roles a\nevent v roles b\n", 2, 7, "duplicate event type");
    ASSERT_ERR("event v roles a b a\n", 1, 19, "duplicate role 'a'");
    ASSERT_ERR("class A =\nrule a: entity PER\n    x\n", 1, 1, "empty class");
    ASSERT_ERR("event v roles\n", 1, 14, "expected a role name");
    ASSERT_ERR("event v who where\n", 1, 9, "expected 'roles'");
    ASSERT_ERR("event v roles a b key c\n", 1, 23, "key role 'c' is not one of the roles of 'v'");
    ASSERT_ERR("event v roles a b key a a\n", 1, 25, "duplicate key role 'a'");
    ASSERT_ERR("event v roles a b key\n", 1, 22, "expected a key role name");
    ASSERT_ERR("event v roles a b clause c\n", 1, 26,
               "clause role 'c' is not one of the roles of 'v'");
    ASSERT_ERR("event v roles a b key a clause b b\n", 1, 34, "duplicate clause role 'b'");
    ASSERT_ERR("event v roles a b clause\n", 1, 25, "expected a clause role name");
    ASSERT_ERR("event v roles who by key who agent\n", 1, 35, "expected an agent role name");
    ASSERT_ERR("event v roles who by agent to\n", 1, 28,
               "agent role 'to' is not one of the roles of 'v' other than who");
    ASSERT_ERR("event v roles who by agent who\n", 1, 28,
               "agent role 'who' is not one of the roles of 'v' other than who");
    ASSERT_ERR("event v roles who by agent by by\n", 1, 31, "expected a role name or end of line");
}

/* `clause` names the roles a clause fills; other roles are noun phrases. */
static void t_event_clause_roles(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("event trip roles who where goal key who clause goal cameo 042\n"
                              "event talk roles who with\n");
    const char *const *c = nerve__rules_event_clauses(rs, "trip");
    assert_non_null(c);
    assert_string_equal(c[0], "goal");
    assert_null(c[1]);
    const char *const *k = nerve__rules_event_keys(rs, "trip");
    assert_string_equal(k[0], "who");
    assert_null(k[1]);
    c = nerve__rules_event_clauses(rs, "talk");
    assert_non_null(c);
    assert_null(c[0]);
    assert_null(nerve__rules_event_clauses(rs, "attack"));
    nerve__ruleset_free(rs);
}

/* `agent` names the role an active trigger's subject fills instead of who. */
static void t_event_agent_role(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("event seize roles who by where key who agent by cameo 173\n"
                              "event talk roles who with clause with\n");
    assert_string_equal(nerve__rules_event_agent(rs, "seize"), "by");
    const char *const *k = nerve__rules_event_keys(rs, "seize");
    assert_string_equal(k[0], "who");
    assert_null(k[1]);
    assert_null(nerve__rules_event_agent(rs, "talk"));
    assert_null(nerve__rules_event_agent(rs, "attack"));
    nerve__ruleset_free(rs);
}

static void t_err_too_long_and_pcre(void **st)
{
    (void)st;
    /* each define doubles the pattern */
    char src[2048] = "define A0 = (alpha|beta|gamma|delta)\n";
    for (int i = 1; i <= 14; i++) {
        char line[80];
        snprintf(line, sizeof line, "define A%d = $A%d $A%d\n", i, i - 1, i - 1);
        strcat(src, line);
    }
    strcat(src, "rule big: entity PER\n    $A14\n");
    nerve_error e = load_err(src);
    assert_non_null(strstr(e.message, "pattern too long"));
    assert_int_equal(e.line, 16);
    assert_int_equal(e.column, 1);
    /* 300 nested repeated groups, 30 per define (the parser allows 32 per
     * pattern): PCRE2 refuses ("parentheses are too deeply nested") */
    char deep[4096] = "define D0 = x\n";
    for (int d = 1; d <= 10; d++) {
        char line[256];
        int n = snprintf(line, sizeof line, "define D%d = ", d);
        for (int i = 0; i < 30; i++)
            line[n++] = '(';
        n += snprintf(line + n, sizeof line - (size_t)n, "$D%d", d - 1);
        for (int i = 0; i < 30; i++) {
            line[n++] = ')';
            line[n++] = '+';
        }
        line[n++] = '\n';
        line[n] = '\0';
        strcat(deep, line);
    }
    strcat(deep, "rule deep: entity PER\n    $D10\n");
    e = load_err(deep);
    assert_non_null(strstr(e.message, "PCRE2 compile error in rule 'deep'"));
    assert_int_equal(e.line, 12);
    assert_int_equal(e.column, 1);
}

static void t_state_errors(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("rule a: entity PER\n    x\n");
    nerve_error err;
    assert_int_equal(nerve__ruleset_add(rs, "x", "rule b: entity PER\n  y\n", 22, &err),
                     NERVE_ESTATE);
    assert_int_equal(nerve__ruleset_compile(rs, NULL, &err), NERVE_ESTATE);
    assert_non_null(nerve__rules_pattern(rs, 0));
    assert_null(nerve__rules_pattern(rs, 1));
    nerve__ruleset_free(rs);
    /* a failed add leaves the earlier rules in place */
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    const char *ok = "rule a: entity PER\n    x\n", *bad = "rule b: entity PER\n    (y\n";
    assert_int_equal(nerve__ruleset_add(rs, "ok", ok, strlen(ok), &err), NERVE_OK);
    assert_int_equal(nerve__ruleset_add(rs, "bad", bad, strlen(bad), &err), NERVE_ERULES);
    assert_int_equal(nerve__ruleset_count(rs), 1);
    assert_int_equal(nerve__ruleset_compile(rs, NULL, &err), NERVE_OK);
    nerve__ruleset_free(rs);
    nerve__ruleset_free(NULL);
    nerve__rules_scratch_free(NULL);
}

static void t_empty_sentence_and_ruleset(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("");
    tsent s;
    mk(&s, "anything at all");
    assert_string_equal(ent(rs, &s), "");
    nerve__ruleset_free(rs);
    rs = load("rule a: entity PER\n    [cap]\n");
    mk(&s, "");
    assert_string_equal(ent(rs, &s), "");
    nerve__ruleset_free(rs);
}

static void t_slot_alternation_binds_feature(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("rule a: entity MISC\n    who:PER|ORG|&NORP said\n");
    tsent s;
    mk(&s, "the Pentagon said and French officials said");
    addf(&s, 1, 2, NERVE__RF_MENTION, NERVE_TYPE_ORG);
    addf(&s, 4, 5, NERVE__RF_GAZ, NERVE_TYPE_NORP);
    assert_string_equal(ent(rs, &s), "a[1,3) who=1-2#0");
    nerve__ruleset_free(rs);
    rs = load("rule a: entity MISC\n    who:(PER|ORG|&NORP) []? said\n");
    assert_string_equal(ent(rs, &s), "a[1,3) who=1-2#0; a[4,7) who=4-5#1");
    nerve__ruleset_free(rs);
}

static void t_class_phrases_and_negation(void **st)
{
    (void)st;
    const char *r = "class org_word = ministry \"foreign office\"\n"
                    "rule a: entity ORG\n    the @org_word\n"
                    "rule b: entity MISC\n    the !@org_word\n";
    assert_string_equal(match1(r, "the foreign office"), "a[0,3); b[0,2)");
    assert_string_equal(match1(r, "the ministry"), "a[0,2)");
}

static void t_gaz_negation_inner_tokens(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("rule a: entity MISC\n    !&LOC city\n");
    tsent s;
    mk(&s, "New York City and Quebec city");
    addf(&s, 0, 3, NERVE__RF_GAZ, NERVE_TYPE_LOC);
    /* "York" is inside the candidate (an `i` item), so "York City" does not match */
    assert_string_equal(ent(rs, &s), "a[4,6)");
    nerve__ruleset_free(rs);
}

static void t_capture_in_define_used_twice(void **st)
{
    (void)st;
    const char *r = "define P = p:[cap]\nrule a: entity PER\n    $P and $P\n";
    assert_string_equal(match1(r, "Tom and Jerry"), "a[0,3) p=0-1 p=2-3");
}

static void t_scratch_reuse_long_then_short(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("rule a: entity MISC\n    w:[cap] end\n");
    nerve__rules_scratch *sc;
    assert_int_equal(nerve__rules_scratch_new(rs, &AL, &sc), NERVE_OK);
    static tsent s;
    char text[4000] = "";
    for (int i = 0; i < 120; i++)
        strcat(text, "x ");
    strcat(text, "Z end");
    mk(&s, text);
    for (uint32_t i = 0; i < 60; i++)
        addf(&s, i, i + 2, NERVE__RF_MENTION, NERVE_TYPE_PER); /* unused by the rule */
    nerve__rmatches out;
    memset(&out, 0, sizeof out);
    nerve__rsent r = rsent(&s);
    assert_int_equal(nerve__rules_match(rs, NERVE__RULE_ENTITY, sc, &r, &out), NERVE_OK);
    assert_int_equal(out.m.n, 1);
    assert_int_equal(out.m.v[0].tok_begin, 120);
    assert_int_equal(out.m.v[0].tok_end, 122);
    assert_int_equal(out.caps.v[0].tok_begin, 120);
    mk(&s, "A end");
    r = rsent(&s);
    out.m.n = out.caps.n = 0;
    assert_int_equal(nerve__rules_match(rs, NERVE__RULE_ENTITY, sc, &r, &out), NERVE_OK);
    assert_int_equal(out.m.n, 1);
    assert_int_equal(out.m.v[0].tok_begin, 0);
    size_t len;
    nerve__rules_last_encoding(sc, &len);
    assert_true(len < 40); /* unused features are not encoded */
    nerve__rmatches_free(&AL, &out);
    nerve__rules_scratch_free(sc);
    nerve__ruleset_free(rs);
}

static void t_declarations_across_files(void **st)
{
    (void)st;
    /* the rule comes first, its event type and class in a later file */
    nerve__ruleset *rs = NULL;
    nerve_error err;
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    const char *a = "rule p.x: event protest\n    who:ORG trigger:@protest_verb\n";
    const char *b =
        "event protest roles who where cameo 141\nclass protest_verb = protest~ rally~\n";
    assert_int_equal(nerve__ruleset_add(rs, "a.rules", a, strlen(a), &err), NERVE_OK);
    assert_int_equal(nerve__ruleset_add(rs, "b.rules", b, strlen(b), &err), NERVE_OK);
    assert_int_equal(nerve__ruleset_compile(rs, NULL, &err), NERVE_OK);
    assert_string_equal(nerve__ruleset_rule(rs, 0)->cameo, "141");
    assert_string_equal(nerve__ruleset_rule(rs, 0)->file, "a.rules");
    tsent s;
    mk(&s, "unions rallied");
    addf(&s, 0, 1, NERVE__RF_MENTION, NERVE_TYPE_ORG);
    run_kind(rs, NERVE__RULE_EVENT, &s, RESULT, sizeof RESULT, NULL, NULL);
    assert_string_equal(RESULT, "p.x[0,2) who=0-1#0 trigger=1-2");
    nerve__ruleset_free(rs);
}

static void t_crlf_and_bom(void **st)
{
    (void)st;
    const char *r = "\xEF\xBB\xBF# rules\r\nrule a: entity PER\r\n    mr\r\n    [cap]\r\n\r\n"
                    "rule b: entity PER\r\n    dr [cap]\r\n";
    assert_string_equal(match1(r, "Mr Smith and Dr Who"), "a[0,2); b[3,5)");
    ASSERT_ERR("\xEF\xBB\xBFrule a: entity PER\r\n    (x\r\n", 2, 5, "never closed");
}

static void t_unicode_literals(void **st)
{
    (void)st;
    /* literals are normalized like token keys: case folded, marks stripped */
    nerve__ruleset *rs = load("rule a: entity LOC\n    Montréal \"SÃO\"\n");
    tsent s;
    mk(&s, "montreal sao");
    assert_string_equal(ent(rs, &s), "a[0,2)");
    nerve__ruleset_free(rs);
}

static void t_null_arguments(void **st)
{
    (void)st;
    nerve__ruleset *rs = load("rule a: entity PER\n    x\n");
    nerve__rules_scratch *sc;
    assert_int_equal(nerve__rules_scratch_new(rs, &AL, &sc), NERVE_OK);
    nerve__rmatches out;
    memset(&out, 0, sizeof out);
    assert_int_equal(nerve__rules_match(rs, NERVE__RULE_ENTITY, sc, NULL, &out), NERVE_EINVAL);
    assert_int_equal(nerve__ruleset_count(NULL), 0);
    assert_null(nerve__ruleset_rule(NULL, 0));
    assert_null(nerve__rules_event_roles(rs, NULL));
    nerve_error err;
    assert_int_equal(nerve__ruleset_add(NULL, "x", "", 0, &err), NERVE_EINVAL);
    nerve__rules_scratch_free(sc);
    nerve__ruleset_free(rs);
    /* a scratch needs a compiled ruleset */
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    assert_int_equal(nerve__rules_scratch_new(rs, &AL, &sc), NERVE_ESTATE);
    nerve__ruleset_free(rs);
}

/* ------------------------------------------------------------------------ */
/* Throughput (printed, not asserted beyond a generous floor)               */
/* ------------------------------------------------------------------------ */

static void t_throughput(void **st)
{
    (void)st;
    /* 200 rules, each keyed on its own trigger word, plus 10 unkeyed rules */
    size_t cap = 200 * 160 + 2000;
    char *src = malloc(cap);
    assert_non_null(src);
    size_t o = 0;
    o += (size_t)snprintf(src + o, cap - o, "event ev roles who where when\n");
    for (int i = 0; i < 200; i++)
        o += (size_t)snprintf(src + o, cap - o,
                              "rule r%d: event ev\n    who:PER|ORG []{0,3} trig%d~ []{0,4} "
                              "(in|to) where:LOC (on when:DATE)?\n",
                              i, i);
    for (int i = 0; i < 10; i++)
        o += (size_t)snprintf(src + o, cap - o, "rule u%d: entity PER\n    [cap] [cap] ([cap])?\n",
                              i);
    nerve__ruleset *rs = NULL;
    nerve_error err;
    assert_int_equal(new_ruleset(&rs), NERVE_OK);
    assert_int_equal(nerve__ruleset_add(rs, "bench.rules", src, o, &err), NERVE_OK);
    assert_int_equal(nerve__ruleset_compile(rs, NULL, &err), NERVE_OK);
    free(src);
    tsent s;
    mk(&s, "Defense Secretary Mark Esper will trig7 to Morocco on Friday , officials said , "
           "in the first such visit by a Pentagon chief since 2005 , and he will meet the king");
    addf(&s, 2, 4, NERVE__RF_MENTION, NERVE_TYPE_PER);
    addf(&s, 7, 8, NERVE__RF_MENTION, NERVE_TYPE_LOC);
    addf(&s, 9, 10, NERVE__RF_MENTION, NERVE_TYPE_DATE);
    addf(&s, 25, 26, NERVE__RF_MENTION, NERVE_TYPE_ORG);
    nerve__rules_scratch *sc;
    assert_int_equal(nerve__rules_scratch_new(rs, &AL, &sc), NERVE_OK);
    nerve__rmatches out;
    memset(&out, 0, sizeof out);
    nerve__rsent r = rsent(&s);
    int iters = 200;
    for (int i = 0; i < iters; i++) {
        out.m.n = out.caps.n = 0;
        assert_int_equal(nerve__rules_match(rs, NERVE__RULE_EVENT, sc, &r, &out), NERVE_OK);
        assert_int_equal(nerve__rules_match(rs, NERVE__RULE_ENTITY, sc, &r, &out), NERVE_OK);
    }
    /* Speed is bench/'s job; here the index must keep most rules from running. */
    nerve__rules_stats stt;
    nerve__rules_scratch_stats(sc, &stt);
    assert_int_equal(out.m.n, 1 + 10);
    assert_true((double)stt.runs / iters < 20.0);
    nerve__rmatches_free(&AL, &out);
    nerve__rules_scratch_free(sc);
    nerve__ruleset_free(rs);
}

/* An anchored rule is tried only where its first tokens can be what it
 * starts with: flag tests, words, and `^` (the sentence's first token). */
static void t_lead_tokens_skip_tries(void **st)
{
    (void)st;
    nerve__rules_stats stt;
    tsent s;
    /* "said" at 2 and 7: starts 0 ("the", not capitalized) and 5 ("Ana") */
    nerve__ruleset *rs = load("rule a: entity PER\n    name:([cap] [cap]) said\n");
    mk(&s, "the people said , and Ana Ruiz said so");
    run_kind(rs, NERVE__RULE_ENTITY, &s, RESULT, sizeof RESULT, &stt, NULL);
    assert_string_equal(RESULT, "a[5,8) name=5-7");
    assert_int_equal(stt.tries, 1);
    nerve__ruleset_free(rs);
    /* a word, then another word of the same sequence, then a test */
    rs = load("rule b: entity PER\n    \",\" the name:[cap]\n");
    mk(&s, "Ruiz , a Minister , the Minister , the minister");
    run_kind(rs, NERVE__RULE_ENTITY, &s, RESULT, sizeof RESULT, &stt, NULL);
    assert_string_equal(RESULT, "b[4,7) name=6-7");
    assert_int_equal(stt.tries, 1);
    nerve__ruleset_free(rs);
    /* words of an alternative, through a define and a capture */
    rs = load("define V = (met | meets)\nrule c: entity PER\n    v:$V with name:[cap]\n");
    mk(&s, "he met with Ana , she meets with bob , we sat with Al");
    run_kind(rs, NERVE__RULE_ENTITY, &s, RESULT, sizeof RESULT, &stt, NULL);
    assert_string_equal(RESULT, "c[1,4) v=1-2 name=3-4");
    assert_int_equal(stt.tries, 1); /* "bob" fails [cap], "sat" the words */
    nerve__ruleset_free(rs);
    /* `^`: the first token only, however many commas the sentence has */
    rs = load("rule d: entity LOC\n    ^ name:[allcaps] \",\"\n");
    mk(&s, "PARIS , ROME , BONN ,");
    run_kind(rs, NERVE__RULE_ENTITY, &s, RESULT, sizeof RESULT, &stt, NULL);
    assert_string_equal(RESULT, "d[0,2) name=0-1");
    assert_int_equal(stt.tries, 1);
    nerve__ruleset_free(rs);
}

/* A rule that opens with an optional part is tried only at tokens that can
 * start that part or what follows it: here "the", a capitalized word, or a
 * person's mention. */
static void t_first_tokens_skip_tries(void **st)
{
    (void)st;
    nerve__rules_stats stt;
    tsent s;
    /* "said" at 3 and 7: the starts 1 ("in") and 2 ("rome") can be neither */
    nerve__ruleset *rs = load("rule a: entity PER\n    (the)? name:[cap] said\n");
    mk(&s, "officials in rome said , the Minister said");
    run_kind(rs, NERVE__RULE_ENTITY, &s, RESULT, sizeof RESULT, &stt, NULL);
    assert_string_equal(RESULT, "a[5,8) name=6-7");
    assert_int_equal(stt.tries, 1);
    nerve__ruleset_free(rs);
    /* a slot first, or the trigger when the slot is left out */
    rs = load("event visit roles who where\n"
              "rule v: event visit\n    (who:PER)? trigger:visited where:LOC\n");
    mk(&s, "yesterday Ruiz visited Rome , they visited Paris");
    addf(&s, 1, 2, NERVE__RF_MENTION, NERVE_TYPE_PER);
    addf(&s, 3, 4, NERVE__RF_MENTION, NERVE_TYPE_LOC);
    addf(&s, 7, 8, NERVE__RF_MENTION, NERVE_TYPE_LOC);
    run_kind(rs, NERVE__RULE_EVENT, &s, RESULT, sizeof RESULT, &stt, NULL);
    assert_string_equal(RESULT, "v[1,4) who=1-2#0 trigger=2-3 where=3-4#1; "
                                "v[6,8) trigger=6-7 where=7-8#2");
    assert_true(stt.tries <= 2); /* never at "they" */
    nerve__ruleset_free(rs);
    /* a verb family's many forms after an optional part are all first words */
    char src[512];
    int o = snprintf(src, sizeof src, "rule w: entity MISC\n    (the)? (x0");
    for (int i = 1; i < 40; i++)
        o += snprintf(src + o, sizeof src - (size_t)o, " | x%d", i);
    snprintf(src + o, sizeof src - (size_t)o, ") said\n");
    rs = load(src);
    mk(&s, "officials in rome x3 , the x37 said");
    run_kind(rs, NERVE__RULE_ENTITY, &s, RESULT, sizeof RESULT, &stt, NULL);
    assert_string_equal(RESULT, "w[5,8)");
    assert_int_equal(stt.tries, 2); /* at x3 and at the; not at rome */
    nerve__ruleset_free(rs);
}

int main(void)
{
    nerve__allocator_init(&AL, NULL);
    snprintf(TMPDIR, sizeof TMPDIR, "/tmp/nerve_test_rules_%ld", (long)getpid());
    char cmd[300];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", TMPDIR);
    if (system(cmd) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_literal_word),
        cmocka_unit_test(t_lead_tokens_skip_tries),
        cmocka_unit_test(t_first_tokens_skip_tries),
        cmocka_unit_test(t_literal_quoted_and_phrase),
        cmocka_unit_test(t_word_alternatives),
        cmocka_unit_test(t_lemma_family),
        cmocka_unit_test(t_word_data),
        cmocka_unit_test(t_token_tests),
        cmocka_unit_test(t_any_and_gap),
        cmocka_unit_test(t_quantifiers),
        cmocka_unit_test(t_alternation),
        cmocka_unit_test(t_negation),
        cmocka_unit_test(t_anchors),
        cmocka_unit_test(t_leftmost_nonoverlapping),
        cmocka_unit_test(t_start_window),
        cmocka_unit_test(t_file_class),
        cmocka_unit_test(t_define_macro),
        cmocka_unit_test(t_gazetteer_class),
        cmocka_unit_test(t_gaz_candidates),
        cmocka_unit_test(t_mention_slots),
        cmocka_unit_test(t_mention_negation),
        cmocka_unit_test(t_captures),
        cmocka_unit_test(t_event_roles_and_info),
        cmocka_unit_test(t_continuation_and_comments),
        cmocka_unit_test(t_encoding_escapes),
        cmocka_unit_test(t_index_skips),
        cmocka_unit_test(t_limits),
        cmocka_unit_test(t_include),
        cmocka_unit_test(t_err_syntax),
        cmocka_unit_test(t_err_parens),
        cmocka_unit_test(t_err_unknown_names),
        cmocka_unit_test(t_err_gaps_and_quantifiers),
        cmocka_unit_test(t_err_empty_and_duplicates),
        cmocka_unit_test(t_event_clause_roles),
        cmocka_unit_test(t_event_agent_role),
        cmocka_unit_test(t_err_too_long_and_pcre),
        cmocka_unit_test(t_state_errors),
        cmocka_unit_test(t_empty_sentence_and_ruleset),
        cmocka_unit_test(t_slot_alternation_binds_feature),
        cmocka_unit_test(t_class_phrases_and_negation),
        cmocka_unit_test(t_gaz_negation_inner_tokens),
        cmocka_unit_test(t_capture_in_define_used_twice),
        cmocka_unit_test(t_scratch_reuse_long_then_short),
        cmocka_unit_test(t_declarations_across_files),
        cmocka_unit_test(t_crlf_and_bom),
        cmocka_unit_test(t_unicode_literals),
        cmocka_unit_test(t_null_arguments),
        cmocka_unit_test(t_throughput),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", TMPDIR);
    if (system(cmd) != 0)
        return 1;
    return rc;
}
