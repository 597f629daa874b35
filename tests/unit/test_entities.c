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

#include "entities.h"
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

/* The entity linked to the mention `surface`: its link id and title. */
static const nerve_entity *entity_of(const char *surface)
{
    const nerve_mention *m = find_from(surface, 0);
    if (!m || m->entity == NERVE_NONE) {
        dump();
        fail_msg("'%s' has no entity", surface);
    }
    size_t n;
    const nerve_entity *e = nerve_doc_entities(DOC, &n);
    assert_true(m->entity < n);
    return &e[m->entity];
}

/* A known office holder named by surname alone is that person, with the
 * office held at the document date; a town of the same name does not win. */
static void t_known_surname(void **state)
{
    (void)state;
    process("Merkel met Scholz in the chancellery on Monday.\n", "2022-03-01");
    expect("Merkel", NERVE_TYPE_PER);
    expect("Scholz", NERVE_TYPE_PER);
    assert_string_equal(entity_of("Scholz")->link_id, "nerve:per:olaf-scholz");
    process("Medvedev said the plan would work.\n", "2010-05-01");
    assert_string_equal(entity_of("Medvedev")->title, "President");
    process("Medvedev said the plan would work.\n", "2015-05-01");
    assert_string_equal(entity_of("Medvedev")->title, "Prime Minister");
    /* another person of the same surname is someone else, and a surname
     * alone does not link the person named in full to the gazetteer's one */
    process("Naina Yeltsin visited the hospital on Friday.\n"
            "Governor Pete Wilson spoke first. Wilson said the plan would work.\n",
            "1996-08-30");
    expect("Naina Yeltsin", NERVE_TYPE_PER);
    assert_null(entity_of("Naina Yeltsin")->link_id);
    expect_same_entity("Pete Wilson", NULL, "Wilson", "first.");
    assert_null(entity_of("Pete Wilson")->link_id);
}

/* Capitalized English words together are a title or a thing, not a person;
 * an English word in capitals is not an acronym. */
static void t_english_words(void **state)
{
    (void)state;
    process("Their album Broken Lantern sold well, and Dorin Vasko toured after the Battle of "
            "Kerrowmoor.\nTraders cited ORDERS data and the PMI survey.\n",
            NULL);
    expect("Broken Lantern", NERVE_TYPE_MISC);
    expect("Dorin Vasko", NERVE_TYPE_PER);
    expect("Battle of Kerrowmoor", NERVE_TYPE_MISC);
    expect_none("ORDERS");
    expect("PMI", NERVE_TYPE_ORG);
}

/* Compound places are not people: a word that opens place names (South,
 * Upper, West) makes an unknown run a place, and a given name that is one
 * (West) does not start a person. Particles make a person, "of" an
 * organization. */
static void t_compound_places_and_particles(void **state)
{
    (void)state;
    process("Rain fell across South Varnland and Upper Kessow.\n"
            "The West Indian bowler took four wickets.\n"
            "Tavio Perrault de Vasconcel wrote the poem.\n",
            NULL);
    expect("South Varnland", NERVE_TYPE_LOC);
    expect("Upper Kessow", NERVE_TYPE_LOC);
    expect_none("West Indian");
    expect("Tavio Perrault de Vasconcel", NERVE_TYPE_PER);
}

/* Arabic names with particles and an article joined by a hyphen. */
static void t_arabic_names(void **state)
{
    (void)state;
    process("She will see President Sheikh Tariq bin Nasser al-Haddadi and Oil Minister Fadil "
            "Kamal al-Rumaihi on Monday.\n",
            NULL);
    expect("Tariq bin Nasser al-Haddadi", NERVE_TYPE_PER);
    expect("Fadil Kamal al-Rumaihi", NERVE_TYPE_PER);
}

/* A headline in capitals is read against the body's names: no entity rule
 * reads its capitals, the body's names are found in it, and it does not
 * name the entity. A dateline with its date alone is a place. */
static void t_headline_caseless(void **state)
{
    (void)state;
    process("POLITICS - VARNHOLT NAMES PIET KESSOW AS ENVOY .\n"
            "KESSOWICE 1996-08-30\n"
            "President Anton Varnholt named Piet Kessow as his envoy on Friday .\n"
            "MINISTRY ORDERS REVIEW OF HARBOUR PLANS AT DRAVO PORT .\n",
            "1996-08-30");
    expect("KESSOWICE", NERVE_TYPE_LOC);
    expect("PIET KESSOW", NERVE_TYPE_PER);
    expect_same_entity("PIET KESSOW", NULL, "Piet Kessow", NULL);
    assert_string_equal(entity_of("PIET KESSOW")->canonical, "Piet Kessow");
    expect("VARNHOLT", NERVE_TYPE_PER);
    size_t n;
    const nerve_mention *m = nerve_doc_mentions(DOC, &n);
    const char *line = strstr(TEXT, "MINISTRY");
    for (size_t i = 0; i < n; i++)
        if (m[i].type >= NERVE_TYPE_PER && m[i].type <= NERVE_TYPE_ORG &&
            m[i].span.start >= (size_t)(line - TEXT)) {
            dump();
            fail_msg("a name guessed from the capitals of a headline");
        }
}

/* In a sports document a county the stage made a team is the team
 * elsewhere too, but the place after "in". */
static void t_teams_stay_teams(void **state)
{
    (void)state;
    process("CRICKET - RESULTS .\nLONDON 1996-08-30\n"
            "Kent beat Derbyshire by six wickets .\n"
            "Their rivals Derbyshire , Essex and Kent all won , and Essex play in Kent next week "
            ".\n",
            NULL);
    expect_at("Derbyshire", NERVE_TYPE_ORG, "rivals");
    expect_at("Essex", NERVE_TYPE_ORG, "rivals");
    expect_at("Kent", NERVE_TYPE_LOC, "play in");
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

/* A family name written first ("Wang Donghai") names the person alone too. */
static void t_family_name_first(void **state)
{
    (void)state;
    process("Police detained the writer Zhou Weiming on Tuesday.\n"
            "Friends said Zhou had expected the arrest.\n",
            "2021-03-01");
    expect("Zhou Weiming", NERVE_TYPE_PER);
    expect_at("Zhou", NERVE_TYPE_PER, "Friends said");
    expect_same_entity("Zhou Weiming", NULL, "Zhou", "Friends said");
}

/* A province named without the generic word of its official name. */
static void t_province_short_names(void **state)
{
    (void)state;
    process("The plant is in the eastern province of Zhejiang, near the coast.\n", "2021-03-01");
    expect("Zhejiang", NERVE_TYPE_LOC);
}

/* In a sports story a county or state is its team, even opening a
 * sentence, and a club followed by its country in parentheses is a club. */
static void t_sports_counties_and_clubs(void **state)
{
    (void)state;
    process("CRICKET - COUNTY CHAMPIONSHIP SCORES .\n"
            "Somerset 236-4 ( M. Lathwell 85 ) v Essex 72-0 .\n"
            "Somerset declared before lunch .\n"
            "The final went to Quelvano ( Portugal ) 2 Brettmoor ( Scotland ) 1\n",
            "2021-03-01");
    expect("Somerset", NERVE_TYPE_ORG);
    expect_at("Somerset", NERVE_TYPE_ORG, "72-0 .\n");
    expect("Quelvano", NERVE_TYPE_ORG);
    expect("Brettmoor", NERVE_TYPE_ORG);
    expect("Portugal", NERVE_TYPE_LOC);
}

/* A given name alone, not a place and not an English word, is a person;
 * a place that is also a given name stays a place. */
static void t_given_name_alone(void **state)
{
    (void)state;
    process("The band was founded by two cousins.\n"
            "Later that year , Ilse left and moved to Florence , where Dorothea joined her.\n",
            "2021-03-01");
    expect("Dorothea", NERVE_TYPE_PER);
    expect("Ilse", NERVE_TYPE_PER);
    expect("Florence", NERVE_TYPE_LOC);
}

/* A city of half a million that is also a given name is the city when no
 * name word stands beside it, and part of a person's name when one does. */
static void t_big_city_given_name(void **state)
{
    (void)state;
    process("The trade delegation will visit Denver next week.\n"
            "The talks were moved after Denver Moyo fell ill.\n"
            "Most of the delegates left Charlotte on Friday.\n",
            "2021-03-01");
    expect_at("Denver", NERVE_TYPE_LOC, "visit ");
    expect_at("Denver Moyo", NERVE_TYPE_PER, "after ");
    expect("Charlotte", NERVE_TYPE_LOC);
}

/* Acronyms that are common nouns are not organizations; a wire desk is. */
static void t_common_acronyms_and_desks(void **state)
{
    (void)state;
    process(
        "Growth of GDP slowed while sales of every new CD and SUV fell , the Krelborg IPO aside .\n"
        "-- Valparaiso Newsroom , +56 2 555 0100\n",
        "2021-03-01");
    expect_none("GDP");
    expect_none("CD");
    expect_none("SUV");
    expect("Valparaiso Newsroom", NERVE_TYPE_ORG);
}

/* In results, a player of two words before a country in parentheses is a
 * person, a one-word club there is a club. */
static void t_players_in_results(void **state)
{
    (void)state;
    process("TENNIS - RESULTS OF THE OPEN .\n"
            "Ilse Marvold ( Norway ) beat Tamsin Quayle ( Australia ) 6-3 6-2\n",
            "2021-03-01");
    expect("Tamsin Quayle", NERVE_TYPE_PER);
    expect("Ilse Marvold", NERVE_TYPE_PER);
}

/* A place named by what it is, and a state after its town. */
static void t_places_by_their_kind(void **state)
{
    (void)state;
    process("Marbury is a village in the county of Lincolnshire.\n"
            "The road runs between the villages of Quenwick and Ostrady , near the town of "
            "Pellingham .\n"
            "She was born in Charlottesville , Virginia , and moved to Jacksonville , Florida .\n",
            "2021-03-01");
    expect("Marbury", NERVE_TYPE_LOC);
    expect("Quenwick", NERVE_TYPE_LOC);
    expect("Ostrady", NERVE_TYPE_LOC);
    expect("Pellingham", NERVE_TYPE_LOC);
    expect("Virginia", NERVE_TYPE_LOC);
    expect("Florida", NERVE_TYPE_LOC);
}

/* The line of rules/mentions.tsv whose row is `row` (kind<TAB>name<TAB>...). */
static uint32_t mentions_tsv_line(const char *row)
{
    const char *src = getenv("NERVE_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/rules/mentions.tsv", src ? src : ".");
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char line[1024];
    uint32_t n = 0, found = 0;
    while (!found && fgets(line, sizeof line, fp)) {
        n++;
        if (strncmp(line, row, strlen(row)) == 0)
            found = n;
    }
    fclose(fp);
    return found;
}

/* A mention `surface` made by rule `rule`, whose origin is `file_end:line`. */
static void expect_origin(const char *surface, int type, const char *rule, const char *file_end,
                          uint32_t line)
{
    const nerve_mention *m = find_from(surface, 0);
    if (!m || m->type != type || !m->rule || strcmp(m->rule, rule) != 0) {
        dump();
        fail_msg("expected %s '%s' from %s", nerve_type_name(type), surface, rule);
    }
    assert_non_null(m->origin_file);
    size_t fl = strlen(m->origin_file), el = strlen(file_end);
    assert_true(fl >= el && strcmp(m->origin_file + fl - el, file_end) == 0);
    assert_int_equal(m->origin_line, line);
}

/* Unknown capitalized names are typed by the rows of rules/mentions.tsv,
 * and say which row; a name that repeats one says where that one came from. */
static void t_fallback_origin(void **state)
{
    (void)state;
    process("The prize went to Quentar Voslund on Monday.\n"
            "Later Morvane said the plan would go ahead.\n"
            "The Duchy of Quellbrand sent a letter, and Voslund read it.\n",
            "2021-03-01");
    uint32_t multi = mentions_tsv_line("decide\tfallback.multi\t");
    uint32_t said = mentions_tsv_line("decide\tfallback.said\t");
    uint32_t of_words = mentions_tsv_line("decide\tfallback.of_words\t");
    assert_true(multi > 0 && said > 0 && of_words > 0);
    expect_origin("Quentar Voslund", NERVE_TYPE_PER, "fallback.multi", "rules/mentions.tsv", multi);
    expect_origin("Morvane", NERVE_TYPE_PER, "fallback.said", "rules/mentions.tsv", said);
    expect_origin("Duchy of Quellbrand", NERVE_TYPE_MISC, "fallback.of_words", "rules/mentions.tsv",
                  of_words);
    /* the surname alone repeats the full name: the same row */
    const nerve_mention *m = find_from("Voslund", 100);
    assert_non_null(m);
    assert_int_equal(m->type, NERVE_TYPE_PER);
    assert_non_null(m->origin_file);
    assert_int_equal(m->origin_line, multi);
    /* every mention of a name type has an origin */
    size_t n;
    const nerve_mention *all = nerve_doc_mentions(DOC, &n);
    for (size_t i = 0; i < n; i++)
        if (all[i].type <= NERVE_TYPE_MISC)
            assert_non_null(all[i].origin_file);
}

/* Modifiers ending in a suffix of class name_modifier and articles are not
 * part of the name they precede. */
static void t_modifiers_and_articles(void **state)
{
    (void)state;
    process("The Tallinn-based Quorvex Holdings Corp said profits rose.\n"
            "A state-owned Brevald Mining Corp was sold.\n",
            "2021-03-01");
    expect("Quorvex Holdings Corp", NERVE_TYPE_ORG);
    expect("Brevald Mining Corp", NERVE_TYPE_ORG);
    expect_none("Tallinn-based Quorvex Holdings Corp");
}

/* Bad mention lexicons are refused with their file and line. */
static void t_mention_lexicon_errors(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        uint32_t line;
        const char *msg;
    } bad[] = {
        {"kind\tname\tvalue\n", 1, "expected the header"},
        {"kind\tname\tvalue\tif\tunless\ndecide\tx\tPER\tnosuch\t-\n", 2, "unknown condition"},
        {"kind\tname\tvalue\tif\tunless\ndecide\tx\tPERSON\t-\t-\n", 2, "PER, LOC, ORG"},
        {"kind\tname\tvalue\tif\tunless\ndecide\tx\tPER\tsaid\tsaid\n", 2, "both required"},
        {"kind\tname\tvalue\tif\tunless\ndecide\tx\tPER\tsaid\t-\n", 2, "last row"},
        {"kind\tname\tvalue\tif\tunless\nword\tnosuch\tthe\t-\t-\n", 2, "unknown word class"},
        {"kind\tname\tvalue\tif\tunless\nrule\tx\tPER\t-\t-\n", 2, "kind is"},
        {"kind\tname\tvalue\tif\tunless\ndecide\tx\tPER\t-\n", 2, "5 tab-separated"},
    };
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nerve_error err;
        memset(&err, 0, sizeof err);
        nerve__mention_lexicon *lx = NULL;
        int rc = nerve__mention_lexicon_load_buffer(&al, "bad.tsv", bad[i].src, strlen(bad[i].src),
                                                    &lx, &err);
        assert_int_equal(rc, NERVE_ERULES);
        assert_null(lx);
        assert_int_equal(err.line, bad[i].line);
        if (!strstr(err.message, bad[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.message, bad[i].msg);
    }
    /* bytes the line reader cannot report: a NUL, CR-only line endings */
    static const char nul[] = "kind\tname\tvalue\tif\tunless\ndecide\tx\0y\tPER\t-\t-\n";
    static const char cr[] = "kind\tname\tvalue\tif\tunless\rdecide\tx\t-\t-\t-\r";
    const struct {
        const char *src;
        size_t len;
        uint32_t line;
        const char *msg;
    } bytes[] = {{nul, sizeof nul - 1, 2, "NUL byte in the mention lexicon"},
                 {cr, sizeof cr - 1, 1, "carriage return without a line feed"}};
    for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++) {
        nerve_error e2;
        memset(&e2, 0, sizeof e2);
        nerve__mention_lexicon *l2 = NULL;
        assert_int_equal(nerve__mention_lexicon_load_buffer(&al, "bad.tsv", bytes[i].src,
                                                            bytes[i].len, &l2, &e2),
                         NERVE_ERULES);
        assert_null(l2);
        assert_int_equal(e2.line, bytes[i].line);
        assert_string_equal(e2.file, "bad.tsv");
        if (!strstr(e2.message, bytes[i].msg))
            fail_msg("bytes case %zu: '%s' lacks '%s'", i, e2.message, bytes[i].msg);
    }
    /* a good one: first matching row wins, a suffix matches a longer key */
    static const char good[] = "kind\tname\tvalue\tif\tunless\n"
                               "decide\tfb.said\tPER\tsaid\theadline\n"
                               "decide\tfb.rest\t-\t-\t-\n"
                               "suffix\tname_modifier\t-Based\t-\t-\n";
    nerve_error err;
    nerve__mention_lexicon *lx = NULL;
    assert_int_equal(
        nerve__mention_lexicon_load_buffer(&al, "good.tsv", good, sizeof good - 1, &lx, &err),
        NERVE_OK);
    const nerve__fb_decision *d = nerve__fb_decide(lx, 1u << NERVE__FB_SAID);
    assert_string_equal(d->name, "fb.said");
    assert_int_equal(d->type, NERVE_TYPE_PER);
    assert_int_equal(d->line, 2);
    d = nerve__fb_decide(lx, 1u << NERVE__FB_SAID | 1u << NERVE__FB_HEADLINE);
    assert_string_equal(d->name, "fb.rest");
    assert_int_equal(d->type, NERVE_TYPE_NONE);
    assert_true(nerve__mention_word(lx, NERVE__MW_MODIFIER, "oslo-based", 10));
    assert_false(nerve__mention_word(lx, NERVE__MW_MODIFIER, "-based", 6));
    assert_false(nerve__mention_word(lx, NERVE__MW_ARTICLE, "the", 3));
    nerve__mention_lexicon_free(lx);
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
        cmocka_unit_test(t_known_surname),
        cmocka_unit_test(t_english_words),
        cmocka_unit_test(t_compound_places_and_particles),
        cmocka_unit_test(t_arabic_names),
        cmocka_unit_test(t_headline_caseless),
        cmocka_unit_test(t_teams_stay_teams),
        cmocka_unit_test(t_family_name_first),
        cmocka_unit_test(t_province_short_names),
        cmocka_unit_test(t_sports_counties_and_clubs),
        cmocka_unit_test(t_given_name_alone),
        cmocka_unit_test(t_big_city_given_name),
        cmocka_unit_test(t_common_acronyms_and_desks),
        cmocka_unit_test(t_players_in_results),
        cmocka_unit_test(t_places_by_their_kind),
        cmocka_unit_test(t_fallback_origin),
        cmocka_unit_test(t_modifiers_and_articles),
        cmocka_unit_test(t_mention_lexicon_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
