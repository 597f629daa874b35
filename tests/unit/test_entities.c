/*
 * test_entities.c - the mention stage (lib/entities.c, rules/entities.rules)
 * and document-level linking (lib/entities_link.c) on texts written for
 * these tests: one group of checks per rule family.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nerve.h"

static nerve_model *MODEL;
static nerve_doc *DOC;
static const char *TEXT;

static void process(const char *text, const char *dct)
{
    nerve_options opts;
    memset(&opts, 0, sizeof opts);
    opts.dct = dct;
    TEXT = text;
    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_doc_process(DOC, text, strlen(text), &opts, &err);
    if (rc != NERVE_OK && rc != NERVE_ELIMIT)
        fail_msg("nerve_doc_process: %s", err.message);
}

/* The mention whose text is exactly `surface` (the first one at or after
 * byte `from`), or NULL. */
static const nerve_mention *find_from(const char *surface, size_t from)
{
    size_t n;
    const nerve_mention *m = nerve_doc_mentions(DOC, &n);
    size_t len = strlen(surface);
    for (size_t i = 0; i < n; i++)
        if (m[i].span.start >= from && m[i].span.end - m[i].span.start == len &&
            memcmp(TEXT + m[i].span.start, surface, len) == 0)
            return &m[i];
    return NULL;
}

static void dump(void)
{
    size_t n;
    const nerve_mention *m = nerve_doc_mentions(DOC, &n);
    for (size_t i = 0; i < n; i++)
        print_message("#   %s '%.*s'\n", nerve_type_name(m[i].type),
                      (int)(m[i].span.end - m[i].span.start), TEXT + m[i].span.start);
}

/* A mention `surface` of type `type` exists (after the first occurrence of `after`). */
static void expect_at(const char *surface, int type, const char *after)
{
    size_t from = 0;
    if (after) {
        const char *p = strstr(TEXT, after);
        assert_non_null(p);
        from = (size_t)(p - TEXT) + strlen(after);
    }
    const nerve_mention *m = find_from(surface, from);
    if (!m || m->type != type) {
        dump();
        fail_msg("expected %s '%s'%s%s, got %s", nerve_type_name(type), surface,
                 after ? " after " : "", after ? after : "",
                 m ? nerve_type_name(m->type) : "nothing");
    }
}

static void expect(const char *surface, int type)
{
    expect_at(surface, type, NULL);
}

/* No mention of a name type (PER, LOC, ORG) covers exactly `surface`. */
static void expect_none(const char *surface)
{
    const nerve_mention *m = find_from(surface, 0);
    if (m && m->type >= NERVE_TYPE_PER && m->type <= NERVE_TYPE_ORG) {
        dump();
        fail_msg("did not expect '%s' (got %s)", surface, nerve_type_name(m->type));
    }
}

/* Mentions a and b belong to the same document entity. */
static void expect_same_entity(const char *a, const char *a_after, const char *b,
                               const char *b_after)
{
    size_t fa = a_after ? (size_t)(strstr(TEXT, a_after) - TEXT) + strlen(a_after) : 0;
    size_t fb = b_after ? (size_t)(strstr(TEXT, b_after) - TEXT) + strlen(b_after) : 0;
    const nerve_mention *ma = find_from(a, fa), *mb = find_from(b, fb);
    if (!ma || !mb || ma->entity == NERVE_NONE || ma->entity != mb->entity) {
        dump();
        fail_msg("expected '%s' and '%s' to be one entity", a, b);
    }
}

static void t_title_name(void **state)
{
    (void)state;
    process("The talks were chaired by President Jorge Valdano Ruiz on Monday.\n"
            "Earlier, Foreign Minister Lena Kowalczyk met the delegation.\n",
            "2020-01-06");
    expect("Jorge Valdano Ruiz", NERVE_TYPE_PER);
    expect("Lena Kowalczyk", NERVE_TYPE_PER);
    expect_none("President Jorge Valdano Ruiz");
}

static void t_given_surname_particles_initials(void **state)
{
    (void)state;
    process("The report was written by Maria van der Berg and Ahmed bin Rashid.\n"
            "The side was led by J. R. Thornbury, who made 80.\n"
            "A late goal came from D. Bicknell .\n",
            NULL);
    expect("Maria van der Berg", NERVE_TYPE_PER);
    expect("Ahmed bin Rashid", NERVE_TYPE_PER);
    expect("J. R. Thornbury", NERVE_TYPE_PER);
    expect("D. Bicknell", NERVE_TYPE_PER);
}

static void t_speaker_apposition(void **state)
{
    (void)state;
    process("\"We will not give up,\" said Tomasz Wrobelny.\n"
            "Kurtanidze said the deal was fair.\n"
            "Orlo Pennefeather, the head of the commission, disagreed.\n",
            NULL);
    expect("Tomasz Wrobelny", NERVE_TYPE_PER);
    expect("Kurtanidze", NERVE_TYPE_PER);
    expect("Orlo Pennefeather", NERVE_TYPE_PER);
}

static void t_org_suffix_heads_acronyms(void **state)
{
    (void)state;
    process("Shares of Brandlow Holdings Inc rose after the Ministry of Water Resources spoke.\n"
            "The Committee for Coastal Protection (CCP) met in the capital. The CCP said it "
            "would report in May.\n"
            "She played with the Vellmar Philharmonic before joining Korrin Motors.\n",
            NULL);
    expect("Brandlow Holdings Inc", NERVE_TYPE_ORG);
    expect("Ministry of Water Resources", NERVE_TYPE_ORG);
    expect("CCP", NERVE_TYPE_ORG);
    expect_at("CCP", NERVE_TYPE_ORG, "capital.");
    expect("Vellmar Philharmonic", NERVE_TYPE_ORG);
    expect("Korrin Motors", NERVE_TYPE_ORG);
}

static void t_units_and_name_heads(void **state)
{
    (void)state;
    process("The 65th Air Division and IV Corps moved north, and the 102d Infantry Regiment "
            "followed.\nDelegates met at the Varnholt Hotel with Anna Kessler.\n",
            NULL);
    expect("65th Air Division", NERVE_TYPE_ORG);
    expect("IV Corps", NERVE_TYPE_ORG);
    expect("102d Infantry Regiment", NERVE_TYPE_ORG);
    expect("Anna Kessler", NERVE_TYPE_PER);
    const nerve_mention *hotel = find_from("Varnholt Hotel", 0);
    assert_true(!hotel || hotel->type != NERVE_TYPE_PER); /* a hotel is no person */
}

/* A capitalized run that fills a quotation is a title, not a person. */
static void t_quoted_titles(void **state)
{
    (void)state;
    process("The band's single \"Broken Compass\" was released in May, and Dorin Vasko "
            "produced it.\n",
            NULL);
    expect("Broken Compass", NERVE_TYPE_MISC);
    expect("Dorin Vasko", NERVE_TYPE_PER);
}

static void t_places_and_context(void **state)
{
    (void)state;
    process("Fighting was reported near Kharvelo and in Ostrava on Tuesday.\n"
            "The boat sank in the Mellow River, close to Lake Ontario.\n",
            NULL);
    expect("Kharvelo", NERVE_TYPE_LOC);
    expect("Ostrava", NERVE_TYPE_LOC);
    expect("Mellow River", NERVE_TYPE_LOC);
    expect("Lake Ontario", NERVE_TYPE_LOC);
}

static void t_dateline_and_headline(void **state)
{
    (void)state;
    process("TENNIS - KOWALCZYK UPSETS SECOND SEED IN MONTREAL .\n"
            "MONTREAL 1996-08-30\n"
            "Poland's Anna Kowalczyk beat the second seed 6-3 6-4 on Friday .\n"
            "Kowalczyk will play in the semi-finals .\n",
            NULL);
    expect("MONTREAL", NERVE_TYPE_LOC);
    expect("Anna Kowalczyk", NERVE_TYPE_PER);
    expect_at("Kowalczyk", NERVE_TYPE_PER, "Friday");
    /* the headline's surname in capitals is linked to the person */
    expect("KOWALCZYK", NERVE_TYPE_PER);
}

static void t_sports_results(void **state)
{
    (void)state;
    process("SOCCER - ENGLISH LEAGUE RESULTS .\n"
            "LONDON 1996-08-31\n"
            "Results of English league matches on Saturday :\n"
            "Division two\n"
            "Bristol 2 Stockport 1\n"
            "Wrexham 0 Luton 3\n"
            "Playing Sunday : Walsall v Burnley\n"
            "Chelsea beat Arsenal 2-1 in London .\n",
            NULL);
    expect("Bristol", NERVE_TYPE_ORG);
    expect("Stockport", NERVE_TYPE_ORG);
    expect("Luton", NERVE_TYPE_ORG);
    expect("Walsall", NERVE_TYPE_ORG);
    expect("Chelsea", NERVE_TYPE_ORG);
    expect("Arsenal", NERVE_TYPE_ORG);
    /* a place stays a place after "in", and in the dateline */
    expect_at("London", NERVE_TYPE_LOC, "2-1 in");
    expect("LONDON", NERVE_TYPE_LOC);
}

static void t_norp_and_misc(void **state)
{
    (void)state;
    process("The Brazilian and Kenyan delegates joined African ministers after the Gulf War.\n",
            NULL);
    expect("Brazilian", NERVE_TYPE_NORP);
    expect("Kenyan", NERVE_TYPE_NORP);
    expect("African", NERVE_TYPE_NORP);
    expect_none("Gulf War");
}

static void t_document_linking(void **state)
{
    (void)state;
    process("US Secretary of Defense Mark Esper will visit Tunisia on Friday.\n"
            "Esper's trip follows talks in Washington.\n"
            "The defense secretary will then fly to Algeria.\n",
            "2020-09-28");
    expect("Mark Esper", NERVE_TYPE_PER);
    expect_at("Esper", NERVE_TYPE_PER, "Friday.");
    expect_same_entity("Mark Esper", NULL, "Esper", "Friday.");
    /* the role nominal joins the person who holds the office */
    expect_same_entity("Mark Esper", NULL, "defense secretary", NULL);
}

static void t_us_alias(void **state)
{
    (void)state;
    process("The U.S. sent two ships. Later the United States said more would follow.\n", NULL);
    expect("U.S.", NERVE_TYPE_LOC);
    expect_same_entity("U.S.", NULL, "United States", NULL);
}

static void t_person_stays_person(void **state)
{
    (void)state;
    process("Coach Byron Washington said the team was ready.\n"
            "Washington added that the injured players would return.\n",
            NULL);
    expect("Byron Washington", NERVE_TYPE_PER);
    expect_at("Washington", NERVE_TYPE_PER, "ready.");
}

static void t_possessive_and_function_words(void **state)
{
    (void)state;
    process("The minister resigned. He said Zhou Minghai's decision was final.\n"
            "However, analysts disagreed.\n",
            NULL);
    expect("Zhou Minghai", NERVE_TYPE_PER);
    expect_none("The");
    expect_none("He");
    expect_none("However");
}

static int setup(void **state)
{
    (void)state;
    const char *dir = getenv("NERVE_BUILD_DIR");
    nerve_error err;
    memset(&err, 0, sizeof err);
    if (nerve_model_load(dir, NULL, 0, &MODEL, &err) != NERVE_OK) {
        print_message("# model: %s\n", err.message);
        return -1;
    }
    return nerve_doc_new(MODEL, &DOC, &err) == NERVE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nerve_doc_free(DOC);
    nerve_model_free(MODEL);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_title_name),
        cmocka_unit_test(t_given_surname_particles_initials),
        cmocka_unit_test(t_speaker_apposition),
        cmocka_unit_test(t_org_suffix_heads_acronyms),
        cmocka_unit_test(t_units_and_name_heads),
        cmocka_unit_test(t_quoted_titles),
        cmocka_unit_test(t_places_and_context),
        cmocka_unit_test(t_dateline_and_headline),
        cmocka_unit_test(t_sports_results),
        cmocka_unit_test(t_norp_and_misc),
        cmocka_unit_test(t_document_linking),
        cmocka_unit_test(t_us_alias),
        cmocka_unit_test(t_person_stays_person),
        cmocka_unit_test(t_possessive_and_function_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
