/*
 * test_stages.c - the mention, linking and event stages on their own: each
 * called with a view of the earlier results and a scratch of its own, over
 * a small model built here (a gazetteer of an invented country and a few
 * rules), not the bundled one. The tokens and gazetteer matches come from
 * the real tokenizer and matcher; the earlier stages' results are whatever
 * the test hands in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "entities.h"
#include "events.h"

/* The fixture gazetteer (FORMAT.md): places of different weight, a person
 * holding an office, and the lexicon words the stages and rules use. */
static const char GAZ[] =
    "# test fixture\n"
    "name\ttype\tsubtype\tcanonical\tid\ttitle\tcountry\tpopulation\tfrom\tto\tcase\n"
    "Ruritania\tLOC\tcountry\tRuritania\ttest:rt\t\tRT\t\t\t\t\n"
    "Strelsau\tLOC\tcity\tStrelsau\ttest:strelsau\t\tRT\t300000\t\t\tcap\n"
    "Zenda\tLOC\tcity\tZenda\ttest:zenda\t\tRT\t5000\t\t\tcap\n"
    "Rudolf Rassendyll\tPER\tpolitician\tRudolf Rassendyll\ttest:per:rr\tForeign "
    "Minister\tRT\t\t2019-01-01\t\texact\n"
    "Minister\tLEX\ttitle\tMinister\ttest:title:minister\tMinister\t\t\t\t\tcap\n"
    "foreign minister\tLEX\trole_nominal\tForeign Minister\ttest:title:fm\tForeign "
    "Minister\tRT\t\t\t\t\n"
    "will\tLEX\tmodality_planned\t\t\t\t\t\t\t\t\n"
    "not\tLEX\tmodality_negated\t\t\t\t\t\t\t\t\n"
    "the\tLEX\trefer_back_det\t\t\t\t\t\t\t\t\n"
    "the visit\tLEX\tfixture_phrase\t\t\t\t\t\t\t\t\n";

static const char RULES[] = "rule per.title_name: entity PER priority 5 confidence 0.9\n"
                            "    title:@title name:([cap] [cap]?)\n"
                            "event visit roles who where when key who where\n"
                            "rule visit.test: event visit priority 5 confidence 0.8\n"
                            "    who:PER (will | did not)? trigger:visit~ where:LOC\n"
                            "rule visit.noun: event visit priority 3 confidence 0.7\n"
                            "    trigger:visit to where:LOC\n";

/* The fixture's mention lexicon (rules/mentions.tsv's format): the article
 * a role nominal needs and a fallback that makes no mention. */
static const char MENTIONS[] = "kind\tname\tvalue\tif\tunless\n"
                               "word\tdefinite_article\tthe\t-\t-\n"
                               "decide\tfallback.none\t-\t-\t-\n";

typedef struct fx {
    nerve_allocator al;
    nerve_model *model;
    const char *text;
    nerve__tokens toks;
    nerve__gaz_matches gaz;
    nerve__date dct;
    int has_dct;
    /* the stages' outputs and scratch */
    nerve__arena arena;
    nerve__mention_vec mentions;
    nerve__u32_vec entry;
    nerve__doc_entities ents;
    nerve__event_vec events;
    nerve__arg_vec args;
    nerve__span_vec evidence;
    nerve__entities_scratch *es;
    nerve__link_scratch *ls;
    nerve__events_scratch *vs;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    nerve__allocator_init(&f->al, NULL);
    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &f->model, &err);
    if (rc == NERVE_OK)
        rc = nerve__gazset_add_tsv_buffer(f->model->gaz, "fixture.tsv", GAZ, sizeof GAZ - 1, &err);
    if (rc == NERVE_OK)
        rc = nerve_model_add_rules_string(f->model, "fixture.rules", RULES, sizeof RULES - 1, &err);
    if (rc == NERVE_OK)
        rc = nerve__mention_lexicon_load_buffer(&f->model->al, "fixture-mentions.tsv", MENTIONS,
                                                sizeof MENTIONS - 1, &f->model->mentions, &err);
    if (rc == NERVE_OK)
        rc = nerve_model_freeze(f->model, &err);
    if (rc == NERVE_OK)
        rc = nerve__entities_scratch_new(f->model, &f->al, &f->es);
    if (rc == NERVE_OK)
        rc = nerve__link_scratch_new(&f->al, &f->ls);
    if (rc == NERVE_OK)
        rc = nerve__events_scratch_new(f->model, &f->al, &f->vs);
    if (rc != NERVE_OK)
        fprintf(stderr, "fixture: %s:%u:%u %s\n", err.file, err.line, err.column, err.message);
    nerve__arena_init(&f->arena, &f->al);
    *state = f;
    return rc == NERVE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    const nerve_allocator *al = &f->al;
    nerve__entities_scratch_free(f->es);
    nerve__link_scratch_free(f->ls);
    nerve__events_scratch_free(f->vs);
    nerve__tokens_free(al, &f->toks);
    nerve__gaz_matches_free(al, &f->gaz);
    nerve__arena_free(&f->arena);
    nerve__vec_free(al, &f->mentions);
    nerve__vec_free(al, &f->entry);
    nerve__vec_free(al, &f->ents.ent);
    nerve__vec_free(al, &f->ents.members);
    nerve__vec_free(al, &f->events);
    nerve__vec_free(al, &f->args);
    nerve__vec_free(al, &f->evidence);
    nerve_model_free(f->model);
    free(f);
    return 0;
}

/* Tokens and gazetteer matches of text (the stages before the mentions);
 * every later result emptied. */
static void start(fx *f, const char *text, const char *dct)
{
    f->text = text;
    f->has_dct = dct != NULL;
    if (dct)
        assert_int_equal(nerve__date_parse(dct, &f->dct), NERVE_OK);
    assert_int_equal(nerve__tokenize(&f->al, f->model->toklex, text, strlen(text), &f->toks),
                     NERVE_OK);
    assert_int_equal(
        nerve__gaz_lookup(f->model->gaz, &f->al, text, f->toks.tok.v, f->toks.tok.n, &f->gaz),
        NERVE_OK);
    nerve__arena_reset(&f->arena);
    f->mentions.n = f->entry.n = 0;
    f->ents.ent.n = f->ents.members.n = 0;
    f->events.n = f->args.n = f->evidence.n = 0;
}

static nerve__view view(const fx *f)
{
    nerve__view v;
    memset(&v, 0, sizeof v);
    v.model = f->model;
    v.text = f->text;
    v.text_len = strlen(f->text);
    v.tok = f->toks.tok.v;
    v.ntok = f->toks.tok.n;
    v.sent = f->toks.sent.v;
    v.nsent = f->toks.sent.n;
    v.gaz = f->gaz.m.v;
    v.ngaz = f->gaz.m.n;
    v.gaz_ids = f->gaz.ids.v;
    v.ment = f->mentions.v;
    v.nment = f->mentions.n;
    v.ent = f->ents.ent.v;
    v.nent = f->ents.ent.n;
    v.dct = f->has_dct ? &f->dct : NULL;
    return v;
}

static nerve__mentions_out mentions_out(fx *f)
{
    nerve__mentions_out out = {&f->mentions, &f->entry, &f->arena, 0};
    return out;
}

static void find_mentions(fx *f)
{
    nerve__view v = view(f);
    nerve__mentions_out out = mentions_out(f);
    assert_int_equal(nerve__entities_find(&v, f->es, &out), NERVE_OK);
    assert_int_equal(f->entry.n, f->mentions.n);
    assert_int_equal(out.limit_hits, 0);
}

static void link_mentions(fx *f)
{
    nerve__view v = view(f);
    nerve__mentions_out out = mentions_out(f);
    assert_int_equal(nerve__entities_link(&v, f->ls, &out, &f->ents), NERVE_OK);
    assert_int_equal(f->entry.n, f->mentions.n);
}

static void find_events(fx *f)
{
    nerve__view v = view(f);
    nerve__events_out out = {&f->events, &f->args, &f->evidence, 0};
    assert_int_equal(nerve__events_find(&v, 1, f->vs, &out), NERVE_OK);
}

/* Index of the mention whose text is exactly s, or -1. */
static long mention_of(const fx *f, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < f->mentions.n; i++) {
        const nerve_mention *m = &f->mentions.v[i];
        if (m->type != NERVE_TYPE_NONE && m->span.end - m->span.start == n &&
            memcmp(f->text + m->span.start, s, n) == 0)
            return (long)i;
    }
    return -1;
}

/* The TSV line of the fixture gazetteer that starts with name\t. */
static uint32_t gaz_line(const char *name)
{
    uint32_t line = 1;
    size_t n = strlen(name);
    for (const char *p = GAZ; *p; line++) {
        if (strncmp(p, name, n) == 0 && p[n] == '\t')
            return line;
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    fail_msg("no fixture line for %s", name);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* The mention stage                                                        */
/* ------------------------------------------------------------------------ */

static void test_rule_and_gazetteer_mentions(void **state)
{
    fx *f = *state;
    start(f, "Minister Anton Hentzau arrived in Strelsau yesterday.", NULL);
    find_mentions(f);
    long p = mention_of(f, "Anton Hentzau");
    assert_true(p >= 0); /* the rule; the title is not part of the name */
    const nerve_mention *pm = &f->mentions.v[p];
    assert_int_equal(pm->type, NERVE_TYPE_PER);
    assert_int_equal(pm->source, NERVE_SOURCE_RULE);
    assert_string_equal(pm->rule, "per.title_name");
    assert_string_equal(pm->title, "Minister");
    assert_string_equal(pm->origin_file, "fixture.rules");
    assert_int_equal(pm->origin_line, 1);
    assert_int_equal(f->entry.v[p], UINT32_MAX);
    long l = mention_of(f, "Strelsau");
    assert_true(l >= 0);
    const nerve_mention *lm = &f->mentions.v[l];
    assert_int_equal(lm->type, NERVE_TYPE_LOC);
    assert_int_equal(lm->source, NERVE_SOURCE_GAZETTEER);
    assert_string_equal(lm->canonical, "Strelsau");
    assert_string_equal(lm->origin_file, "fixture.tsv");
    assert_int_equal(lm->origin_line, gaz_line("Strelsau"));
    assert_int_not_equal(f->entry.v[l], UINT32_MAX);
    assert_int_equal(mention_of(f, "Minister"), -1);
}

/* A one-word small town that opens a sentence is an ordinary capitalized
 * word; after a preposition it is the place. */
static void test_small_town_needs_context(void **state)
{
    fx *f = *state;
    start(f, "Zenda is quiet tonight. Tourists stay in Zenda.", NULL);
    find_mentions(f);
    assert_int_equal(f->mentions.n, 1);
    assert_int_equal(f->mentions.v[0].type, NERVE_TYPE_LOC);
    assert_int_equal(f->mentions.v[0].sentence, 1);
    assert_int_equal(f->mentions.v[0].span.start,
                     strlen("Zenda is quiet tonight. Tourists stay in "));
}

/* The temporal mentions handed in are kept; nothing may overlap them, and
 * they get no gazetteer entry. */
static void test_earlier_mentions_are_kept(void **state)
{
    fx *f = *state;
    start(f, "Strelsau and Ruritania agreed.", NULL);
    nerve_mention t;
    memset(&t, 0, sizeof t);
    t.type = NERVE_TYPE_DATE; /* as if the temporal stage had claimed the first token */
    t.token_begin = 0;
    t.token_end = 1;
    t.span = nerve__token_range_span(f->toks.tok.v, 0, 1);
    t.entity = NERVE_NONE;
    assert_int_equal(nerve__vec_push(&f->al, &f->mentions, t), NERVE_OK);
    find_mentions(f);
    assert_int_equal(f->mentions.n, 2);
    assert_int_equal(f->mentions.v[0].type, NERVE_TYPE_DATE);
    assert_int_equal(f->entry.v[0], UINT32_MAX);
    assert_int_equal(mention_of(f, "Ruritania"), 1);
    assert_int_equal(f->mentions.v[1].type, NERVE_TYPE_LOC);
    assert_int_not_equal(f->entry.v[1], UINT32_MAX);
}

/* ------------------------------------------------------------------------ */
/* Linking                                                                  */
/* ------------------------------------------------------------------------ */

/* A later surname joins the full name; a surname nothing claimed is found
 * again as the person. */
static void test_surname_joins_person(void **state)
{
    fx *f = *state;
    start(f, "Minister Anton Hentzau spoke. Crowds cheered Hentzau warmly.", NULL);
    find_mentions(f);
    assert_int_equal(mention_of(f, "Hentzau"), -1); /* one unknown word: left to linking */
    link_mentions(f);
    long full = mention_of(f, "Anton Hentzau"), sur = mention_of(f, "Hentzau");
    assert_true(full >= 0 && sur > full);
    assert_int_equal(f->mentions.v[sur].type, NERVE_TYPE_PER);
    assert_int_equal(f->mentions.v[sur].source, NERVE_SOURCE_DOCUMENT);
    size_t e = f->mentions.v[full].entity;
    assert_int_equal(f->mentions.v[sur].entity, e);
    assert_true(e < f->ents.ent.n);
    assert_string_equal(f->ents.ent.v[e].canonical, "Anton Hentzau");
    assert_int_equal(f->ents.ent.v[e].mention_count, 2);
    assert_string_equal(f->ents.ent.v[e].title, "Minister");
}

/* Linking needs nothing of the mention stage but its mentions: here they
 * are made by hand and linked with a fresh scratch. */
static void test_link_on_its_own(void **state)
{
    fx *f = *state;
    nerve__link_scratch *fresh = NULL;
    assert_int_equal(nerve__link_scratch_new(&f->al, &fresh), NERVE_OK);
    start(f, "Ola Brandt came. Later Brandt left Zenda.", NULL);
    nerve__view v = view(f);
    nerve__mentions_out out = mentions_out(f);
    nerve__cand c;
    memset(&c, 0, sizeof c);
    c.tok_begin = 0;
    c.tok_end = 2;
    c.type = NERVE_TYPE_PER;
    c.source = NERVE_SOURCE_RULE;
    c.entry = UINT32_MAX;
    c.confidence = 0.5f;
    assert_int_equal(nerve__entities_add_mention(&v, &f->al, &out, &c), NERVE_OK);
    v = view(f);
    assert_int_equal(nerve__entities_link(&v, fresh, &out, &f->ents), NERVE_OK);
    nerve__link_scratch_free(fresh);
    long sur = mention_of(f, "Brandt");
    assert_true(sur > 0);
    assert_int_equal(f->mentions.v[sur].entity, f->mentions.v[0].entity);
    assert_int_equal(f->ents.ent.n, 1);
    assert_string_equal(f->ents.ent.v[0].canonical, "Ola Brandt");
}

/* "the foreign minister" is the gazetteer's holder of that office at the
 * document date; with no date it resolves to no one and is dropped. */
static void test_role_nominal_needs_the_date(void **state)
{
    fx *f = *state;
    const char *text = "Talks opened in Strelsau. Later the foreign minister left.";
    start(f, text, "2020-05-01");
    find_mentions(f);
    link_mentions(f);
    long r = mention_of(f, "foreign minister");
    assert_true(r >= 0);
    const nerve_mention *rm = &f->mentions.v[r];
    assert_int_equal(rm->type, NERVE_TYPE_PER);
    assert_string_equal(rm->subtype, "role_nominal");
    assert_true(rm->entity < f->ents.ent.n);
    const nerve_entity *e = &f->ents.ent.v[rm->entity];
    assert_string_equal(e->link_id, "test:per:rr");
    assert_string_equal(e->canonical, "Rudolf Rassendyll");

    start(f, text, "2018-05-01"); /* before the term */
    find_mentions(f);
    link_mentions(f);
    assert_int_equal(mention_of(f, "foreign minister"), -1);
    start(f, text, NULL);
    find_mentions(f);
    link_mentions(f);
    assert_int_equal(mention_of(f, "foreign minister"), -1);
    assert_true(mention_of(f, "Strelsau") >= 0);
}

/* ------------------------------------------------------------------------ */
/* Events                                                                   */
/* ------------------------------------------------------------------------ */

static const nerve_arg *arg_of(const fx *f, const nerve_event *ev, const char *role)
{
    for (size_t i = 0; i < ev->arg_count; i++)
        if (strcmp(f->args.v[ev->arg_begin + i].role, role) == 0)
            return &f->args.v[ev->arg_begin + i];
    return NULL;
}

static void expect_arg(const fx *f, const nerve_event *ev, const char *role, const char *text)
{
    const nerve_arg *a = arg_of(f, ev, role);
    if (!a)
        fail_msg("no %s", role);
    assert_int_equal(a->span.end - a->span.start, strlen(text));
    assert_memory_equal(f->text + a->span.start, text, strlen(text));
}

static void run_all(fx *f, const char *text, const char *dct)
{
    start(f, text, dct);
    find_mentions(f);
    link_mentions(f);
    find_events(f);
}

static void test_visit_event(void **state)
{
    fx *f = *state;
    run_all(f, "Minister Anton Hentzau visited Strelsau.", NULL);
    assert_int_equal(f->events.n, 1);
    const nerve_event *ev = &f->events.v[0];
    assert_string_equal(ev->type, "visit");
    assert_string_equal(ev->rule, "visit.test");
    assert_string_equal(ev->origin_file, "fixture.rules");
    assert_int_equal(ev->origin_line, 4);
    assert_int_equal(ev->modality, NERVE_MODALITY_ASSERTED);
    assert_true(ev->complete);
    expect_arg(f, ev, "who", "Anton Hentzau");
    expect_arg(f, ev, "where", "Strelsau");
    assert_int_equal(arg_of(f, ev, "who")->entity,
                     f->mentions.v[mention_of(f, "Anton Hentzau")].entity);
    assert_int_equal(ev->evidence_count, 1);
    assert_int_equal(f->evidence.v[ev->evidence_begin].start, strlen("Minister "));
}

/* Modality from the fixture's cue words. */
static void test_event_modality(void **state)
{
    fx *f = *state;
    run_all(f, "Minister Anton Hentzau will visit Zenda.", NULL);
    assert_int_equal(f->events.n, 1);
    assert_int_equal(f->events.v[0].modality, NERVE_MODALITY_PLANNED);
    run_all(f, "Minister Anton Hentzau did not visit Zenda.", NULL);
    assert_int_equal(f->events.n, 1);
    assert_int_equal(f->events.v[0].modality, NERVE_MODALITY_NEGATED);
}

/* The same visit stated twice is one event with both statements as evidence. */
static void test_events_merge(void **state)
{
    fx *f = *state;
    run_all(f, "Minister Anton Hentzau visited Strelsau. Hentzau visited Strelsau again.", NULL);
    assert_int_equal(f->events.n, 1);
    assert_int_equal(f->events.v[0].evidence_count, 2);
}

/* A definite before an event noun refers back to the actor of the event of
 * its type before it ("the visit"), even where a longer lexicon name starts
 * at the determiner ("the visit" is one here): the word is looked up alone.
 * An indefinite refers back to nobody. */
static void test_definite_refers_back(void **state)
{
    fx *f = *state;
    run_all(f, "Minister Anton Hentzau visited Strelsau. The visit to Zenda was short.", NULL);
    assert_int_equal(f->events.n, 2);
    assert_string_equal(f->events.v[1].rule, "visit.noun");
    expect_arg(f, &f->events.v[1], "who", "Anton Hentzau");
    expect_arg(f, &f->events.v[1], "where", "Zenda");
    run_all(f, "Minister Anton Hentzau visited Strelsau. A visit to Zenda was short.", NULL);
    assert_int_equal(f->events.n, 2);
    assert_null(arg_of(f, &f->events.v[1], "who"));
    assert_false(f->events.v[1].complete);
}

/* The stage reads only its view: with no mentions there is nothing to bind. */
static void test_events_need_mentions(void **state)
{
    fx *f = *state;
    start(f, "Minister Anton Hentzau visited Strelsau.", NULL);
    find_events(f);
    assert_int_equal(f->events.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_and_gazetteer_mentions),
        cmocka_unit_test(test_small_town_needs_context),
        cmocka_unit_test(test_earlier_mentions_are_kept),
        cmocka_unit_test(test_surname_joins_person),
        cmocka_unit_test(test_link_on_its_own),
        cmocka_unit_test(test_role_nominal_needs_the_date),
        cmocka_unit_test(test_visit_event),
        cmocka_unit_test(test_event_modality),
        cmocka_unit_test(test_events_merge),
        cmocka_unit_test(test_definite_refers_back),
        cmocka_unit_test(test_events_need_mentions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
