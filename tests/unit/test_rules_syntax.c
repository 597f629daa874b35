/*
 * test_rules_syntax.c - the rule language over the syntax layer
 * (docs/rules.md, "Parts of speech and relations"): `[pos=...]` token tests
 * and relation clauses, on sentences written for these tests with their
 * parse written by hand (so the rules are tested apart from the parser's
 * accuracy), one group per relation family (control, coordination, relative
 * clause, apposition, passive, light verb + noun); the on-demand tagging
 * and parsing callback; every new syntax error with its line and column;
 * and, with the bundled model, relation rules through nerve_doc_process.
 *
 * A sentence is written as space-separated `word/UPOS/head/relation`
 * items, heads 1-based with 0 for the root, as in CoNLL-U.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "error.h"
#include "rules.h"

static nerve_allocator AL;

#define MAXTOK 64

typedef struct psent {
    nerve_token tok[MAXTOK];
    char norm[MAXTOK][32];
    size_t ntok;
    nerve__rfeat feat[16];
    size_t nfeat;
    /* the annotation, kept for the callback test (which starts untagged) */
    uint32_t pos[MAXTOK], dep[MAXTOK];
    size_t head[MAXTOK];
} psent;

static int find_name(const char *(*name)(int), int count, const char *s)
{
    for (int i = 1; i < count; i++)
        if (strcmp(name(i), s) == 0)
            return i;
    fail_msg("unknown name '%s' in a test sentence", s);
    return 0;
}

/* Parse `word/UPOS/head/rel ...`; annotate the tokens unless bare. */
static void mkp(psent *s, const char *text, int bare)
{
    memset(s, 0, sizeof *s);
    char buf[2048];
    snprintf(buf, sizeof buf, "%s", text);
    char *save = NULL;
    for (char *it = strtok_r(buf, " ", &save); it; it = strtok_r(NULL, " ", &save)) {
        size_t i = s->ntok++;
        assert_true(i < MAXTOK);
        char *w = it, *p = strchr(w, '/');
        assert_non_null(p);
        *p++ = '\0';
        char *h = strchr(p, '/');
        assert_non_null(h);
        *h++ = '\0';
        char *d = strchr(h, '/');
        assert_non_null(d);
        *d++ = '\0';
        nerve_token *t = &s->tok[i];
        for (size_t k = 0; w[k] && k < 31; k++)
            s->norm[i][k] = (char)((w[k] >= 'A' && w[k] <= 'Z') ? w[k] + 32 : w[k]);
        t->norm = s->norm[i];
        t->norm_len = strlen(s->norm[i]);
        t->kind = strchr(".,;:!?", w[0]) ? NERVE_TOKEN_PUNCT : NERVE_TOKEN_WORD;
        if (w[0] >= 'A' && w[0] <= 'Z')
            t->flags |= NERVE_TOK_CAPITALIZED;
        t->flags |= i == 0 ? NERVE_TOK_SENT_START : NERVE_TOK_SPACE_BEFORE;
        s->pos[i] = (uint32_t)find_name(nerve_pos_name, NERVE_POS_COUNT_, p);
        s->dep[i] = (uint32_t)find_name(nerve_dep_name, NERVE_DEP_COUNT_, d);
        long hd = strtol(h, NULL, 10);
        s->head[i] = hd == 0 ? NERVE_NONE : (size_t)(hd - 1);
        t->head = NERVE_NONE;
        if (!bare) {
            t->pos = s->pos[i];
            t->dep = s->dep[i];
            t->head = s->head[i];
        }
    }
}

static void mention(psent *s, uint32_t b, uint32_t e, int type)
{
    nerve__rfeat f = {b, e, NERVE__RF_MENTION, (uint32_t)type, (uint32_t)s->nfeat};
    s->feat[s->nfeat++] = f;
}

/* The lexicon the relation clauses read: the words that stand for a
 * relative clause's antecedent (gazetteers/clause_words.tsv's kind). */
static nerve__gazset *GS;
static const char RELATIVE_TSV[] = "name\ttype\tsubtype\nwho\tLEX\trelative_word\n"
                                   "that\tLEX\trelative_word\n";

static nerve__ruleset *load_gs(const char *src, const nerve__gazset *gs)
{
    nerve__ruleset *rs = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve__ruleset_new(&AL, &rs), NERVE_OK);
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
    return load_gs(src, GS);
}

static char RESULT[2048];

/* Run the rules of kind on s (with an optional syntax callback) and describe
 * the matches: "rule[b,e) cap=b-e cap=b-e#feat; ...". */
static const char *run(nerve__ruleset *rs, int kind, const psent *s, nerve__rules_syntax_fn fn,
                       void *ctx)
{
    nerve__rules_scratch *sc = NULL;
    assert_int_equal(nerve__rules_scratch_new(rs, &AL, &sc), NERVE_OK);
    if (fn)
        nerve__rules_scratch_set_syntax(sc, fn, ctx);
    nerve__rmatches out;
    memset(&out, 0, sizeof out);
    nerve__rsent r = {"", s->tok, s->ntok, s->feat, s->nfeat, 0};
    assert_int_equal(nerve__rules_match(rs, kind, sc, &r, &out), NERVE_OK);
    size_t o = 0;
    RESULT[0] = '\0';
    for (size_t i = 0; i < out.m.n; i++) {
        const nerve__rmatch *m = &out.m.v[i];
        o += (size_t)snprintf(RESULT + o, sizeof RESULT - o, "%s%s[%u,%u)", i ? "; " : "",
                              nerve__ruleset_rule(rs, m->rule)->name, m->tok_begin, m->tok_end);
        for (uint32_t c = 0; c < m->cap_count; c++) {
            const nerve__rcap *cp = &out.caps.v[m->cap_first + c];
            o += (size_t)snprintf(RESULT + o, sizeof RESULT - o, " %s=%u-%u",
                                  nerve__rules_capname(rs, cp->name), cp->tok_begin, cp->tok_end);
            if (cp->feat != UINT32_MAX)
                o += (size_t)snprintf(RESULT + o, sizeof RESULT - o, "#%u", cp->feat);
        }
    }
    nerve__rmatches_free(&AL, &out);
    nerve__rules_scratch_free(sc);
    return RESULT;
}

static const char *ev(const char *rules, const psent *s)
{
    nerve__ruleset *rs = load(rules);
    run(rs, NERVE__RULE_EVENT, s, NULL, NULL);
    nerve__ruleset_free(rs);
    return RESULT;
}

static const char *ent(const char *rules, const psent *s)
{
    nerve__ruleset *rs = load(rules);
    run(rs, NERVE__RULE_ENTITY, s, NULL, NULL);
    nerve__ruleset_free(rs);
    return RESULT;
}

#define EVENTS "event visit roles who where with what by host\n"

/* "Mark Esper is expected to visit Tunisia and Algeria ." */
static void esper(psent *s)
{
    mkp(s,
        "Mark/PROPN/4/nsubj:pass Esper/PROPN/1/flat is/AUX/4/aux:pass expected/VERB/0/root "
        "to/PART/6/mark visit/VERB/4/xcomp Tunisia/PROPN/6/obj and/CCONJ/9/cc "
        "Algeria/PROPN/7/conj ./PUNCT/4/punct",
        0);
    mention(s, 0, 2, NERVE_TYPE_PER);
    mention(s, 6, 7, NERVE_TYPE_LOC);
    mention(s, 8, 9, NERVE_TYPE_LOC);
}

/* ------------------------------------------------------------------------ */
/* Parts of speech                                                          */
/* ------------------------------------------------------------------------ */

static void t_pos_tests(void **st)
{
    (void)st;
    psent s;
    esper(&s);
    assert_string_equal(ent("rule p: entity MISC\n    [pos=PROPN]+\n", &s),
                        "p[0,2); p[6,7); p[8,9)");
    assert_string_equal(ent("rule v: entity MISC\n    [pos=VERB|AUX]\n", &s),
                        "v[2,3); v[3,4); v[5,6)");
    /* with other tests (AND), negated, and as a negated element */
    assert_string_equal(ent("rule c: entity MISC\n    [cap pos=PROPN !start]\n", &s),
                        "c[1,2); c[6,7); c[8,9)");
    assert_string_equal(ent("rule n: entity MISC\n    to [!pos=NOUN|PROPN]\n", &s), "n[4,6)");
    assert_string_equal(ent("rule n: entity MISC\n    to ![pos=VERB]\n", &s), "");
    /* a capture on a tested token, inside a define */
    assert_string_equal(ent("define V = [pos=VERB]\nrule d: entity MISC\n    to x:$V\n", &s),
                        "d[4,6) x=5-6");
    /* an untagged sentence: no [pos=X] holds, every [!pos=X] does */
    psent b;
    mkp(&b, "Esper/PROPN/2/nsubj visits/VERB/0/root ./PUNCT/2/punct", 1);
    assert_string_equal(ent("rule v: entity MISC\n    [pos=VERB]\n", &b), "");
    assert_string_equal(ent("rule v: entity MISC\n    [!pos=VERB]\n", &b),
                        "v[0,1); v[1,2); v[2,3)");
}

/* ------------------------------------------------------------------------ */
/* Relations, by family                                                     */
/* ------------------------------------------------------------------------ */

static void t_core_and_coordinated_fillers(void **st)
{
    (void)st;
    psent s;
    esper(&s);
    /* who through raising/control (expected <- visit), each conjunct a filler */
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visit~\n"
                                  "    who:PER = trigger >nsubj\n    where:LOC = trigger >obj\n",
                           &s),
                        "v[5,6) trigger=5-6 who=0-2#0 where=6-7#1 where=8-9#2");
    /* a path up then down gives the same subject */
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visit~\n"
                                  "    who:PER = trigger <xcomp >nsubj:pass\n",
                           &s),
                        "v[5,6) trigger=5-6 who=0-2#0");
    /* an up step alone: the governing verb, as a phrase */
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visit~\n"
                                  "    _gov = trigger <xcomp\n",
                           &s),
                        "v[5,6) trigger=5-6 _gov=3-4");
    /* a required clause without a filler drops the match; an optional one keeps it */
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visit~\n"
                                  "    where:LOC = trigger >obl\n",
                           &s),
                        "");
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visit~\n"
                                  "    where:LOC? = trigger >obl\n    who:PER = trigger >nsubj\n",
                           &s),
                        "v[5,6) trigger=5-6 who=0-2#0");
    /* the type must agree: Esper is no place */
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visit~\n"
                                  "    who:LOC = trigger >nsubj\n",
                           &s),
                        "");
}

static void t_control(void **st)
{
    (void)st;
    psent s; /* object control: the object of 'asked' visits */
    mkp(&s,
        "The/DET/2/det president/NOUN/3/nsubj asked/VERB/0/root Ruiz/PROPN/3/obj to/PART/6/mark "
        "visit/VERB/3/xcomp Rabat/PROPN/6/obj ./PUNCT/3/punct",
        0);
    mention(&s, 3, 4, NERVE_TYPE_PER);
    mention(&s, 6, 7, NERVE_TYPE_LOC);
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visit~\n"
                                  "    who = trigger >nsubj\n    where:LOC = trigger >obj\n",
                           &s),
                        "v[5,6) trigger=5-6 who=3-4#0 where=6-7#1");
}

static void t_coordinated_verbs(void **st)
{
    (void)st;
    psent s; /* the second verb shares the first one's subject */
    mkp(&s,
        "Ruiz/PROPN/2/nsubj arrived/VERB/0/root in/ADP/4/case Rabat/PROPN/2/obl and/CCONJ/6/cc "
        "visited/VERB/2/conj the/DET/9/det old/ADJ/9/amod port/NOUN/6/obj ./PUNCT/2/punct",
        0);
    mention(&s, 0, 1, NERVE_TYPE_PER);
    mention(&s, 3, 4, NERVE_TYPE_LOC);
    /* an untyped role without a mention is the noun phrase */
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visited\n"
                                  "    who:PER = trigger >nsubj\n    what = trigger >obj\n",
                           &s),
                        "v[5,6) trigger=5-6 who=0-1#0 what=6-9");
    /* the case word filters obliques */
    assert_string_equal(ev(EVENTS "rule a: event visit\n    trigger:arrived\n"
                                  "    where:LOC = trigger >obl[in at]\n",
                           &s),
                        "a[1,2) trigger=1-2 where=3-4#1");
    assert_string_equal(ev(EVENTS "rule a: event visit\n    trigger:arrived\n"
                                  "    where:LOC = trigger >obl[to]\n",
                           &s),
                        "");
}

static void t_relative_clause(void **st)
{
    (void)st;
    psent s; /* 'who' is its antecedent */
    mkp(&s,
        "The/DET/2/det envoy/NOUN/9/nsubj ,/PUNCT/6/punct who/PRON/6/nsubj will/AUX/6/aux "
        "visit/VERB/2/acl:relcl Rabat/PROPN/6/obj ,/PUNCT/6/punct spoke/VERB/0/root "
        "./PUNCT/9/punct",
        0);
    mention(&s, 6, 7, NERVE_TYPE_LOC);
    uint32_t rel = nerve__gaz_class_id(GS, "relative_word");
    assert_true(rel != UINT32_MAX);
    nerve__rfeat who = {3, 4, NERVE__RF_CLASS, rel, 0};
    s.feat[s.nfeat++] = who;
    const char *visit = EVENTS "rule v: event visit\n    trigger:visit\n"
                               "    who = trigger >nsubj\n    where:LOC = trigger >obj\n";
    assert_string_equal(ev(visit, &s), "v[5,6) trigger=5-6 who=0-2 where=6-7#0");
    /* the word list is the lexicon's: without the class, "who" fills it */
    nerve__ruleset *bare = load_gs(visit, NULL);
    run(bare, NERVE__RULE_EVENT, &s, NULL, NULL);
    assert_string_equal(RESULT, "v[5,6) trigger=5-6 who=3-4 where=6-7#0");
    nerve__ruleset_free(bare);
    /* "that" is one of its words too */
    psent t;
    mkp(&t,
        "Officials/NOUN/6/nsubj that/PRON/3/nsubj visited/VERB/1/acl:relcl Rabat/PROPN/3/obj "
        "have/AUX/6/aux left/VERB/0/root ./PUNCT/6/punct",
        0);
    nerve__rfeat that = {1, 2, NERVE__RF_CLASS, rel, 0};
    t.feat[t.nfeat++] = that;
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visited\n"
                                  "    who = trigger >nsubj\n",
                           &t),
                        "v[2,3) trigger=2-3 who=0-1");
    /* a reduced relative: the participle's subject is the noun it modifies */
    psent r;
    mkp(&r,
        "Officials/NOUN/4/nsubj visiting/VERB/1/acl Rabat/PROPN/2/obj said/VERB/0/root "
        "./PUNCT/4/punct",
        0);
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visiting\n"
                                  "    who = trigger >nsubj\n",
                           &r),
                        "v[1,2) trigger=1-2 who=0-1");
}

static void t_apposition_and_names(void **st)
{
    (void)st;
    psent s; /* the phrase head's mention, not the premodifier's */
    mkp(&s,
        "World/PROPN/2/compound Bank/PROPN/3/compound president/NOUN/4/compound "
        "Ana/PROPN/6/nsubj Ruiz/PROPN/4/flat visited/VERB/0/root Lima/PROPN/6/obj "
        "./PUNCT/6/punct",
        0);
    mention(&s, 0, 2, NERVE_TYPE_ORG);
    mention(&s, 3, 5, NERVE_TYPE_PER);
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visited\n"
                                  "    who:PER|ORG = trigger >nsubj\n",
                           &s),
                        "v[5,6) trigger=5-6 who=3-5#1");
    psent a; /* "The envoy, Ana Ruiz, visited Lima": the apposition's name */
    mkp(&a,
        "The/DET/2/det envoy/NOUN/7/nsubj ,/PUNCT/4/punct Ana/PROPN/2/appos Ruiz/PROPN/4/flat "
        ",/PUNCT/4/punct visited/VERB/0/root Lima/PROPN/7/obj ./PUNCT/7/punct",
        0);
    mention(&a, 3, 5, NERVE_TYPE_PER);
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visited\n"
                                  "    who:PER = trigger >nsubj\n",
                           &a),
                        "v[6,7) trigger=6-7 who=3-5#0");
}

static void t_passive(void **st)
{
    (void)st;
    psent s;
    mkp(&s,
        "Two/NUM/2/nummod journalists/NOUN/4/nsubj:pass were/AUX/4/aux:pass "
        "arrested/VERB/0/root by/ADP/6/case police/NOUN/4/obl:agent in/ADP/8/case "
        "Cairo/PROPN/4/obl ./PUNCT/4/punct",
        0);
    mention(&s, 7, 8, NERVE_TYPE_LOC);
    /* the passive subject is the patient; the agent is the by-phrase */
    assert_string_equal(ev(EVENTS "rule a: event visit\n    trigger:arrested\n"
                                  "    who = trigger >nsubj:pass\n    by = trigger >obl:agent\n"
                                  "    where:LOC = trigger >obl[in]\n",
                           &s),
                        "a[3,4) trigger=3-4 who=0-2 by=5-6 where=7-8#0");
    /* and is no active subject */
    assert_string_equal(ev(EVENTS "rule a: event visit\n    trigger:arrested\n"
                                  "    who = trigger >nsubj\n",
                           &s),
                        "");
}

static void t_light_verb(void **st)
{
    (void)st;
    psent s; /* "made a visit": the verb's subject is the noun's */
    mkp(&s,
        "Esper/PROPN/2/nsubj made/VERB/0/root a/DET/4/det visit/NOUN/2/obj to/ADP/6/case "
        "Morocco/PROPN/4/nmod ./PUNCT/2/punct",
        0);
    mention(&s, 0, 1, NERVE_TYPE_PER);
    mention(&s, 5, 6, NERVE_TYPE_LOC);
    assert_string_equal(ev(EVENTS "rule v: event visit\n    trigger:visit\n"
                                  "    who:PER = trigger >nsubj\n"
                                  "    where:LOC = trigger >nmod|obl[to]\n",
                           &s),
                        "v[3,4) trigger=3-4 who=0-1#0 where=5-6#1");
}

/* ------------------------------------------------------------------------ */
/* Tags and parses on demand                                                */
/* ------------------------------------------------------------------------ */

typedef struct hook_log {
    psent *s;
    int tags, parses;
} hook_log;

/* A syntax callback that copies the hand annotation into the tokens. */
static int hook(void *ctx, const nerve__rsent *sent, int level)
{
    hook_log *h = ctx;
    assert_ptr_equal(sent->tok, h->s->tok);
    for (size_t i = 0; i < h->s->ntok; i++) {
        h->s->tok[i].pos = h->s->pos[i];
        if (level >= NERVE__RULES_NEED_PARSE) {
            h->s->tok[i].dep = h->s->dep[i];
            h->s->tok[i].head = h->s->head[i];
        }
    }
    if (level >= NERVE__RULES_NEED_PARSE)
        h->parses++;
    else
        h->tags++;
    return NERVE_OK;
}

static int failing_hook(void *ctx, const nerve__rsent *sent, int level)
{
    (void)ctx;
    (void)sent;
    (void)level;
    return NERVE_ENOMEM;
}

static void t_on_demand(void **st)
{
    (void)st;
    psent s;
    mkp(&s, "Ruiz/PROPN/3/nsubj will/AUX/3/aux visit/VERB/0/root Lima/PROPN/3/obj ./PUNCT/3/punct",
        1);
    mention(&s, 0, 1, NERVE_TYPE_PER);
    mention(&s, 3, 4, NERVE_TYPE_LOC);
    nerve__ruleset *rs = load(EVENTS "rule v: event visit\n    trigger:visit~\n"
                                     "    who:PER = trigger >nsubj\n"
                                     "rule t: event visit\n    tour [pos=NOUN]\n"
                                     "rule p: entity MISC\n    [pos=PROPN]\n");
    hook_log h = {&s, 0, 0};
    /* the relation rule asks for the parse once its pattern has matched */
    assert_string_equal(run(rs, NERVE__RULE_EVENT, &s, hook, &h), "v[2,3) trigger=2-3 who=0-1#0");
    assert_int_equal(h.parses, 1);
    assert_int_equal(h.tags, 0); /* 'tour' is absent: the [pos=] rule is no candidate */
    /* a [pos=] rule asks for the tags before the sentence is encoded */
    mkp(&s, "Ruiz/PROPN/2/nsubj left/VERB/0/root ./PUNCT/2/punct", 1);
    h.tags = h.parses = 0;
    assert_string_equal(run(rs, NERVE__RULE_ENTITY, &s, hook, &h), "p[0,1)");
    assert_int_equal(h.tags, 1);
    assert_int_equal(h.parses, 0); /* no trigger word: never parsed */
    /* an error of the callback ends the match with that error */
    nerve__rules_scratch *sc = NULL;
    assert_int_equal(nerve__rules_scratch_new(rs, &AL, &sc), NERVE_OK);
    nerve__rules_scratch_set_syntax(sc, failing_hook, NULL);
    nerve__rmatches out;
    memset(&out, 0, sizeof out);
    nerve__rsent r = {"", s.tok, s.ntok, s.feat, s.nfeat, 0};
    assert_int_equal(nerve__rules_match(rs, NERVE__RULE_ENTITY, sc, &r, &out), NERVE_ENOMEM);
    nerve__rmatches_free(&AL, &out);
    nerve__rules_scratch_free(sc);
    nerve__ruleset_free(rs);
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

static void expect_err(const char *src, uint32_t line, uint32_t col, const char *needle)
{
    nerve__ruleset *rs = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve__ruleset_new(&AL, &rs), NERVE_OK);
    int rc = nerve__ruleset_add(rs, "bad.rules", src, strlen(src), &err);
    if (rc == NERVE_OK)
        rc = nerve__ruleset_compile(rs, NULL, &err);
    nerve__ruleset_free(rs);
    if (rc != NERVE_ERULES || !strstr(err.message, needle) || err.line != line ||
        err.column != col || strcmp(err.file, "bad.rules") != 0)
        fail_msg("for %s: expected %u:%u '%s', got %d %s:%u:%u: %s", src, line, col, needle, rc,
                 err.file, err.line, err.column, err.message);
}

#define RULE EVENTS "rule v: event visit\n    trigger:visit\n"

static void t_errors(void **st)
{
    (void)st;
    expect_err("rule p: entity MISC\n    [pos=VERBS]\n", 2, 10,
               "unknown part-of-speech tag 'VERBS'");
    expect_err("rule p: entity MISC\n    [pos VERB]\n", 2, 10, "expected '=' after 'pos'");
    expect_err("rule p: entity MISC\n    [pos=]\n", 2, 10, "expected a part-of-speech tag");
    expect_err("rule p: entity MISC\n    [pos=VERB !pos=VERB]\n", 2, 5,
               "token test can never match");
    /* relations: the line of the clause is line 4 */
    expect_err(RULE "    who:PER = trigger >nsubjx\n", 4, 24, "unknown relation 'nsubjx'");
    expect_err(RULE "    who:PER = trigger >obj|sbj\n", 4, 28, "unknown relation 'sbj'");
    expect_err(RULE "    who:PER = trigger > nsubj\n", 4, 24, "expected a relation name");
    expect_err(RULE "    who:PER = trigger\n", 4, 22, "expected a relation step");
    expect_err(RULE "    who:PER = >nsubj\n", 4, 15, "expected the name of a capture");
    expect_err(RULE "    who:PER = trig >nsubj\n", 4, 15, "unknown capture 'trig'");
    expect_err(RULE "    whom:PER = trigger >nsubj\n", 4, 5, "unknown role 'whom'");
    expect_err(RULE "    who:&PER = trigger >nsubj\n", 4, 9, "fills its role with a mention");
    expect_err(RULE "    who:PER = trigger >obl[to\n", 4, 27, "'[' is never closed");
    expect_err(RULE "    who:PER = trigger >obl[]\n", 4, 27, "empty relation filter");
    expect_err(RULE "    who:PER = trigger <xcomp <xcomp <xcomp <xcomp <xcomp\n", 4, 51,
               "relation path too long");
    expect_err(RULE "    who:PER = trigger >nsubj visit\n", 4, 30,
               "expected a relation clause or end of rule");
    /* a relation clause needs a pattern before it, and is not a pattern element */
    expect_err(EVENTS "rule v: event visit\n    who:PER = trigger >nsubj\n", 3, 5,
               "a relation clause comes after the pattern");
    expect_err(RULE "    (who:PER = trigger >nsubj)\n", 4, 14, "found '='");
}

/* ------------------------------------------------------------------------ */
/* Through the pipeline, with the bundled model                             */
/* ------------------------------------------------------------------------ */

static void t_pipeline(void **st)
{
    (void)st;
    const char *dir = getenv("NERVE_BUILD_DIR");
    nerve_model *m = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    if (nerve_model_load(dir, NULL, 0, &m, &err) != NERVE_OK)
        fail_msg("model: %s", err.message);
    const char *rules = "event tvisit roles who where\n"
                        "rule tv.rel: event tvisit\n    trigger:tour~\n"
                        "    who:PER = trigger >nsubj\n    where:LOC = trigger >obj\n";
    assert_int_equal(nerve_model_add_rules_string(m, "tv.rules", rules, strlen(rules), &err),
                     NERVE_OK);
    nerve_doc *d = NULL;
    assert_int_equal(nerve_doc_new(m, &d, &err), NERVE_OK);
    const char *text = "Prime Minister Ana Ruiz met the press in Lima on Monday. "
                       "Ana Ruiz is expected to tour Peru and Chile next week.";
    /* no syntax option: only the sentence a relation rule matched is parsed */
    assert_int_equal(nerve_doc_process(d, text, strlen(text), NULL, &err), NERVE_OK);
    size_t nt;
    const nerve_token *t = nerve_doc_tokens(d, &nt);
    size_t parsed[2] = {0, 0};
    for (size_t i = 0; i < nt; i++)
        parsed[t[i].sentence] += t[i].dep != NERVE_DEP_NONE;
    assert_int_equal(parsed[0], 0);
    assert_true(parsed[1] > 0);
    size_t ne, na;
    const nerve_event *e = nerve_doc_events(d, &ne);
    const nerve_arg *args = nerve_doc_args(d, &na);
    int found = 0;
    for (size_t i = 0; i < ne; i++) {
        if (strcmp(e[i].type, "tvisit") != 0)
            continue;
        found++;
        int who = 0, where = 0;
        for (size_t a = 0; a < e[i].arg_count; a++) {
            const nerve_arg *g = &args[e[i].arg_begin + a];
            size_t n = g->span.end - g->span.start;
            const char *s = text + g->span.start;
            who |= strcmp(g->role, "who") == 0 && n == 8 && memcmp(s, "Ana Ruiz", 8) == 0;
            where |= strcmp(g->role, "where") == 0 &&
                     ((n == 4 && memcmp(s, "Peru", 4) == 0) || (n == 5 && !memcmp(s, "Chile", 5)));
        }
        assert_true(who);
        assert_true(where);
    }
    assert_int_equal(found, 2); /* one event per coordinated place */
    nerve_doc_free(d);
    nerve_model_free(m);
}

int main(void)
{
    nerve__allocator_init(&AL, NULL);
    nerve_error err;
    memset(&err, 0, sizeof err);
    if (nerve__gazset_new(&AL, &GS) != NERVE_OK ||
        nerve__gazset_add_tsv_buffer(GS, "relative.tsv", RELATIVE_TSV, sizeof RELATIVE_TSV - 1,
                                     &err) != NERVE_OK ||
        nerve__gazset_freeze(GS, &err) != NERVE_OK) {
        fprintf(stderr, "relative.tsv: %s\n", err.message);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_pos_tests),       cmocka_unit_test(t_core_and_coordinated_fillers),
        cmocka_unit_test(t_control),         cmocka_unit_test(t_coordinated_verbs),
        cmocka_unit_test(t_relative_clause), cmocka_unit_test(t_apposition_and_names),
        cmocka_unit_test(t_passive),         cmocka_unit_test(t_light_verb),
        cmocka_unit_test(t_on_demand),       cmocka_unit_test(t_errors),
        cmocka_unit_test(t_pipeline),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    nerve__gazset_free(GS);
    return failed;
}
