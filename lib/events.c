/*
 * events.c - the event stage. Event rules (rules/ files) bind mentions to
 * roles around a trigger; this stage turns their matches into events:
 *
 *   1. matches: one event per match; a capture that is one mention fills
 *      its role (the person a titled phrase is about: "Bank of Japan
 *      Governor X" gives X), any other capture a phrase filler where no
 *      mention fills the role ("gunmen"); a trigger matched by several
 *      rules keeps the match with the most roles (then the higher priority);
 *   2. coordination: several fillers of who, with, where or target give
 *      one event each ("trips to Tunisia and Algeria", "met A, B and C");
 *      coordinated subjects of a type with "with" are its two sides;
 *   3. who, when, where: a missing "who" is the subject of the trigger's
 *      clause read on the surface (nerve__events_subject_of: across appositions and
 *      relative clauses, a pronoun's or role nominal's antecedent, a phrase
 *      of people at the sentence start), else from another event of the
 *      sentence or the previous event when the sentence refers back to it;
 *      the subject of a passive is the target; a missing "when" is the
 *      nearest date of the sentence; a missing "where" comes from another
 *      event of the sentence;
 *   4. modality from the cue words of the clause (lexicon classes
 *      modality_uncertain, modality_cancelled, modality_negated,
 *      modality_planned); an asserted event dated after the document date
 *      (day, week or month) is planned;
 *   5. merging: the same type with the same "who", compatible "where"
 *      (same entity, or a place inside the country named) and compatible
 *      "when" become one event with all the evidence;
 *   6. completeness: an event missing a key role of its type (the rule
 *      files' `key` clause) is published only when asked
 *      (NERVE_OPT_INCOMPLETE_EVENTS), marked incomplete, less confident;
 *      it has merged into the complete statements it repeats by then.
 *
 * The words the surface reading relies on are lexicon classes
 * (gazetteers/clause_words.tsv, role_nouns.tsv), not lists in this file.
 * The role names who, where and when have this meaning for every event
 * type; every other role is whatever the rule files declare.
 *
 * The stage is in six files:
 *   events.c          this driver, the scratch, the shared readings of the
 *                     text (lexicon classes of a token, the mention at a
 *                     token), the event store, headlines and datelines,
 *                     completeness and publishing (steps 6 and output);
 *   events_match.c    rule matches to events: fillers, phrases, lists (1, 2);
 *   events_subject.c  the surface reading of a clause's subject, pronoun
 *                     and role nominal antecedents, genders (3);
 *   events_fill.c     filling who, when and where from it (3);
 *   events_modality.c cue words and future dates (4);
 *   events_merge.c    one event per happening (5).
 */
#include "events_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int nerve__events_scratch_new(const nerve_model *m, const nerve_allocator *al,
                              nerve__events_scratch **out)
{
    nerve__events_scratch *s = nerve__calloc(al, 1, sizeof *s);
    if (!s)
        return NERVE_ENOMEM;
    s->al = al;
    int rc = nerve__sentence_init(&s->sent, m, al);
    if (rc != NERVE_OK) {
        nerve__events_scratch_free(s);
        return rc;
    }
    *out = s;
    return NERVE_OK;
}

void nerve__events_scratch_free(nerve__events_scratch *s)
{
    if (!s)
        return;
    nerve__sentence_free(&s->sent);
    nerve__gaz_matches_free(s->al, &s->word);
    nerve__free(s->al, s);
}

int nerve__events_push(ev_state *st, const ev_tmp *proto, const ev_arg *args, size_t nargs)
{
    ev_tmp e = *proto;
    e.arg_first = st->args.n;
    e.arg_count = nargs;
    e.evid_first = st->evid.n;
    e.evid_count = 1;
    e.alive = 1;
    for (size_t i = 0; i < nargs; i++)
        if (nerve__vec_push(st->al, &st->args, args[i]) != NERVE_OK)
            return NERVE_ENOMEM;
    ev_range r = {e.match_b, e.match_e};
    if (nerve__vec_push(st->al, &st->evid, r) != NERVE_OK)
        return NERVE_ENOMEM;
    return nerve__vec_push(st->al, &st->ev, e);
}

int nerve__events_add_arg(ev_state *st, ev_tmp *e, const char *role, size_t mention)
{
    /* args of e must be last in the scratch to grow in place: copy them */
    size_t first = st->args.n;
    for (size_t i = 0; i < e->arg_count; i++) {
        ev_arg a = st->args.v[e->arg_first + i];
        if (nerve__vec_push(st->al, &st->args, a) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    ev_arg a = {role, mention, 0, 0};
    if (nerve__vec_push(st->al, &st->args, a) != NERVE_OK)
        return NERVE_ENOMEM;
    e->arg_first = first;
    e->arg_count++;
    return NERVE_OK;
}

int nerve__events_add_phrase_arg(ev_state *st, ev_tmp *e, const char *role, const ev_arg *phrase)
{
    int rc = nerve__events_add_arg(st, e, role, NERVE_NONE);
    if (rc == NERVE_OK) {
        st->args.v[e->arg_first + e->arg_count - 1].tb = phrase->tb;
        st->args.v[e->arg_first + e->arg_count - 1].te = phrase->te;
    }
    return rc;
}

/* Add the tokens [b, e) to e's evidence (a pronoun its who was read through). */
int nerve__events_add_evidence(ev_state *st, ev_tmp *ev, size_t b, size_t e)
{
    size_t first = st->evid.n;
    for (size_t i = 0; i < ev->evid_count; i++)
        if (nerve__vec_push(st->al, &st->evid, st->evid.v[ev->evid_first + i]) != NERVE_OK)
            return NERVE_ENOMEM;
    ev_range r = {b, e};
    if (nerve__vec_push(st->al, &st->evid, r) != NERVE_OK)
        return NERVE_ENOMEM;
    ev->evid_first = first;
    ev->evid_count++;
    return NERVE_OK;
}

/* Index of the first mention of sentence s (mentions are in text order). */
size_t nerve__events_first_mention(const nerve__view *in, size_t s)
{
    size_t lo = 0, hi = in->nment;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (in->ment[mid].sentence < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Does token t begin a one-token lexicon entry of class cls? */
int nerve__events_tok_in_class(const nerve__view *in, size_t t, uint32_t cls)
{
    if (cls == UINT32_MAX)
        return 0;
    const nerve_model *m = in->model;
    for (size_t k = nerve__gaz_first_match_at(in->gaz, in->ngaz, t);
         k < in->ngaz && in->gaz[k].tok_begin == t; k++) {
        const nerve__gaz_match *g = &in->gaz[k];
        if (g->tok_end != t + 1)
            continue;
        for (uint32_t j = 0; j < g->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(m->gaz, in->gaz_ids[g->first + j], &en);
            if (en.type == NERVE__TYPE_LEX && en.subtype_class == cls)
                return 1;
        }
    }
    return 0;
}

/* Is token t, read alone, a word of class cls? As tok_in_class, but a
 * longer name of the gazetteer that starts at t ("the U.S.", "the Hague")
 * does not hide the word's own entries: the token is looked up alone. */
int nerve__events_word_in_class(const ev_state *st, size_t t, uint32_t cls)
{
    const nerve__view *in = st->in;
    if (nerve__events_tok_in_class(in, t, cls))
        return 1;
    size_t k = nerve__gaz_first_match_at(in->gaz, in->ngaz, t);
    if (cls == UINT32_MAX || k == in->ngaz || in->gaz[k].tok_begin != t ||
        in->gaz[k].tok_end == t + 1)
        return 0; /* no longer name at t: tok_in_class has seen its entries */
    nerve__gaz_matches *w = &st->sc->word;
    if (nerve__gaz_lookup(in->model->gaz, st->al, in->text, &in->tok[t], 1, w) != NERVE_OK)
        return 0; /* out of memory: read as not in the class */
    for (size_t j = 0; w->m.n && j < w->m.v[0].count; j++) {
        nerve__entry en;
        nerve__gaz_entry(in->model->gaz, w->ids.v[w->m.v[0].first + j], &en);
        if (en.type == NERVE__TYPE_LEX && en.subtype_class == cls)
            return 1;
    }
    return 0;
}

enum { TITLE_REACH = 4 }; /* tokens of the longest title phrase looked back over */

/* Is token t inside a title of the lexicon ("prime minister", "Secretary of
 * State"), of one token or several? */
int nerve__events_tok_in_title(const nerve__view *in, size_t t)
{
    uint32_t cls = in->model->cls[NERVE__CLS_TITLE];
    if (cls == UINT32_MAX)
        return 0;
    size_t b = t >= TITLE_REACH ? t - TITLE_REACH : 0;
    for (size_t k = nerve__gaz_first_match_at(in->gaz, in->ngaz, b);
         k < in->ngaz && in->gaz[k].tok_begin <= t; k++) {
        const nerve__gaz_match *g = &in->gaz[k];
        if (g->tok_end <= t)
            continue;
        for (uint32_t j = 0; j < g->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(in->model->gaz, in->gaz_ids[g->first + j], &en);
            if (en.type == NERVE__TYPE_LEX && en.subtype_class == cls)
                return 1;
        }
    }
    return 0;
}

/* The mention covering token t (the outermost one), or NERVE_NONE; lo is the
 * first mention of t's sentence. */
size_t nerve__events_mention_at(const nerve__view *in, size_t lo, size_t t)
{
    size_t found = NERVE_NONE;
    for (size_t k = lo; k < in->nment && in->ment[k].token_begin <= t; k++) {
        const nerve_mention *m = &in->ment[k];
        if (m->type != NERVE_TYPE_NONE && m->token_end > t &&
            (found == NERVE_NONE || m->token_end - m->token_begin >
                                        in->ment[found].token_end - in->ment[found].token_begin))
            found = k;
    }
    return found;
}

/* A headline in capitals ("MINISTER CALLS OFF TRIP TO PERU") restates the
 * body in a caseless telegraphic style whose names cannot be read; the body
 * says the same with its roles, so no event is read from it. */
static int is_headline(const nerve__view *in, size_t s, size_t dateline, int all_caps)
{
    /* the lines before the dateline ("PARIS, March 11 -") are its headline */
    if (dateline != NERVE_NONE && s < in->ment[dateline].sentence)
        return 1;
    if (all_caps)
        return 0; /* a text all in capitals is no headline: its body is in capitals too */
    const nerve_sentence *se = &in->sent[s];
    const nerve_token *tok = in->tok + se->token_begin;
    size_t words = 0, caps = 0;
    for (size_t i = 0; i < se->token_count; i++) {
        if (tok[i].kind != NERVE_TOKEN_WORD)
            continue;
        words++;
        caps += (tok[i].flags & NERVE_TOK_ALLCAPS) != 0;
    }
    /* in capitals, but for a token such as "'S" or a number */
    return words >= 3 && caps * 10 >= words * 9;
}

/* Is the whole text in capitals (no word with a lower-case letter)? */
static int all_caps_text(const nerve__view *in)
{
    size_t words = 0;
    for (size_t t = 0; t < in->ntok; t++) {
        const nerve_token *k = &in->tok[t];
        if (k->kind != NERVE_TOKEN_WORD || (k->flags & NERVE_TOK_HAS_DIGIT))
            continue;
        if (!(k->flags & (NERVE_TOK_ALLCAPS | NERVE_TOK_POSSESSIVE)) && k->norm_len > 1)
            return 0;
        words++;
    }
    return words >= 8;
}

/* Does a dateline's mark follow the place ending at token t: a comma and a
 * date ("PARIS, March 11 -"), or a dash on the same line within a few tokens
 * ("PARIS (Reuters) -", "NEW YORK -")? A headline that opens with a place
 * and a comma ("NIGERIA, FRANCE TO RESCHEDULE DEBT") has neither. */
static int dateline_mark(const nerve__view *in, size_t k, size_t t)
{
    const nerve_token *tok = in->tok;
    if (t < in->ntok && is_punct(&tok[t], ',') && k + 1 < in->nment &&
        in->ment[k + 1].token_begin == t + 1 && in->ment[k + 1].type == NERVE_TYPE_DATE)
        return 1;
    for (size_t u = t; u < in->ntok && u < t + 5; u++) {
        if (u > t && (tok[u].flags & NERVE_TOK_LINE_START))
            return 0;
        if (is_punct(&tok[u], '-') ||
            (tok[u].norm_len == 3 && memcmp(tok[u].norm, "\xe2\x80\x93", 3) == 0) ||
            (tok[u].norm_len == 3 && memcmp(tok[u].norm, "\xe2\x80\x94", 3) == 0))
            return 1;
    }
    return 0;
}

/* The dateline: a place that opens one of the first two lines and is
 * followed by a dateline's mark (dateline_mark). */
static size_t find_dateline(const nerve__view *in)
{
    const nerve_token *tok = in->tok;
    size_t lines = 0;
    for (size_t k = 0; k < in->nment; k++) {
        const nerve_mention *m = &in->ment[k];
        if (m->sentence > 2)
            break;
        size_t b = m->token_begin;
        int opens = b == 0 || (tok[b].flags & NERVE_TOK_LINE_START);
        if (!opens)
            continue;
        if (++lines > 2)
            break;
        if (m->type == NERVE_TYPE_LOC && dateline_mark(in, k, m->token_end))
            return k;
    }
    return NERVE_NONE;
}

/* An event missing a key role is kept (the user decides), at this share of
 * its rule's confidence. */
#define INCOMPLETE_CONFIDENCE 0.6f

/* Does e fill every key role of its type? For a type with both sides of an
 * encounter (who and with), two fillers of who are both sides. */
static int is_complete(const ev_state *st, const ev_tmp *e)
{
    const nerve__ruleset *rs = st->in->model->rules;
    const char *const *keys = nerve__rules_event_keys(rs, e->info->label);
    size_t nwho = 0;
    for (size_t i = 0; i < e->arg_count; i++)
        nwho += role_is(st->args.v[e->arg_first + i].role, "who");
    for (; keys && *keys; keys++)
        if (!find_arg(st, e, *keys) && !(strcmp(*keys, "with") == 0 && nwho >= 2))
            return 0;
    return 1;
}

/* Does a mention fill role in e? */
static int named_role(const ev_state *st, const ev_tmp *e, const char *role)
{
    for (size_t i = 0; i < e->arg_count; i++) {
        const ev_arg *a = &st->args.v[e->arg_first + i];
        if (a->mention != NERVE_NONE && role_is(a->role, role))
            return 1;
    }
    return 0;
}

/* Copy the surviving events into the stage's output arrays. */
/* Nobody meets or signs with themselves: a `with` that names the entity of
 * one of the event's `who` ("he, Baker and Poehl had a discussion" merged
 * with "the meeting with James Baker") is dropped. */
static void drop_self_counterparts(ev_state *st, ev_tmp *e)
{
    const nerve__view *in = st->in;
    if (e->arg_count == 0)
        return;
    ev_arg *a = st->args.v + e->arg_first;
    size_t n = 0;
    for (size_t k = 0; k < e->arg_count; k++) {
        int self = 0;
        size_t ek = mention_entity(in, a[k].mention);
        for (size_t j = 0; j < e->arg_count && role_is(a[k].role, "with") && ek != NERVE_NONE; j++)
            self |= role_is(a[j].role, "who") && mention_entity(in, a[j].mention) == ek;
        if (!self)
            a[n++] = a[k];
    }
    e->arg_count = n;
}

static int publish(ev_state *st)
{
    const nerve__view *in = st->in;
    for (size_t i = 0; i < st->ev.n; i++) {
        ev_tmp *e = &st->ev.v[i];
        if (!e->alive)
            continue;
        drop_self_counterparts(st, e);
        nerve_event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = e->info->label;
        ev.trigger = nerve__token_range_span(in->tok, e->trig_b, e->trig_e);
        ev.modality = e->modality;
        ev.sentence = e->sentence;
        ev.rule = e->info->name;
        ev.origin_file = e->info->file;
        ev.origin_line = e->info->line;
        ev.cameo = e->info->cameo;
        ev.confidence = e->info->confidence > 0 ? e->info->confidence : 0.7f;
        ev.complete = is_complete(st, e);
        if (!ev.complete && !st->keep_incomplete)
            continue;
        if (!ev.complete)
            ev.confidence *= INCOMPLETE_CONFIDENCE;
        ev.arg_begin = st->out->args->n;
        for (size_t k = 0; k < e->arg_count; k++) {
            const ev_arg *a = &st->args.v[e->arg_first + k];
            if (a->mention == NERVE_NONE && named_role(st, e, a->role))
                continue; /* merged with a statement that names the filler */
            nerve_arg arg = {a->role, a->mention, mention_entity(in, a->mention),
                             a->mention != NERVE_NONE
                                 ? in->ment[a->mention].span
                                 : nerve__token_range_span(in->tok, a->tb, a->te)};
            if (nerve__vec_push(st->al, st->out->args, arg) != NERVE_OK)
                return NERVE_ENOMEM;
        }
        ev.arg_count = st->out->args->n - ev.arg_begin;
        ev.evidence_begin = st->out->evidence->n;
        for (size_t k = 0; k < e->evid_count; k++) {
            const ev_range *r = &st->evid.v[e->evid_first + k];
            nerve_span sp = nerve__token_range_span(in->tok, r->b, r->e);
            if (nerve__vec_push(st->al, st->out->evidence, sp) != NERVE_OK)
                return NERVE_ENOMEM;
        }
        ev.evidence_count = st->out->evidence->n - ev.evidence_begin;
        if (nerve__vec_push(st->al, st->out->events, ev) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    return NERVE_OK;
}

int nerve__events_find(const nerve__view *in, int keep_incomplete, nerve__events_scratch *sc,
                       nerve__events_out *out)
{
    const nerve_model *m = in->model;
    if (nerve__ruleset_count(m->rules) == 0 || in->nsent == 0)
        return NERVE_OK;
    ev_state st;
    memset(&st, 0, sizeof st);
    st.in = in;
    st.sc = sc;
    st.out = out;
    st.keep_incomplete = keep_incomplete;
    st.al = sc->al;
    sc->sent.limit_hits = 0;
    st.dateline = find_dateline(in);
    st.cls_male = nerve__gaz_class_id(m->gaz, "pronoun_male");
    st.cls_female = nerve__gaz_class_id(m->gaz, "pronoun_female");
    st.cls_poss = nerve__gaz_class_id(m->gaz, "pronoun_possessive");
    st.cls_back_det = nerve__gaz_class_id(m->gaz, "refer_back_det");
    st.cls_back_pron = nerve__gaz_class_id(m->gaz, "refer_back_pronoun");
    st.cls_origin = nerve__gaz_class_id(m->gaz, "origin_word");
    st.cls_pron_obj = nerve__gaz_class_id(m->gaz, "pronoun_object");
    st.cls_target = nerve__gaz_class_id(m->gaz, "target_noun");
    st.cls_phrase_of = nerve__gaz_class_id(m->gaz, "phrase_of");
    st.cls_pron_thing = nerve__gaz_class_id(m->gaz, "pronoun_thing");
    size_t gi = 0, mi = 0;
    int rc = NERVE_OK, all_caps = all_caps_text(in);
    for (size_t s = 0; rc == NERVE_OK && s < in->nsent; s++) {
        if (is_headline(in, s, st.dateline, all_caps))
            continue;
        rc = nerve__events_features(in, &sc->sent, s, &gi, &mi);
        if (rc != NERVE_OK)
            break;
        nerve__rsent rs;
        rc = nerve__sentence_run(&sc->sent, in, s, NERVE__RULE_EVENT, &rs);
        size_t first = st.ev.n;
        for (size_t k = 0; rc == NERVE_OK && k < sc->sent.matches.m.n; k++)
            rc = nerve__events_from_match(&st, s, &sc->sent.matches.m.v[k]);
        nerve__events_apply_vetoes(&st, first);
    }
    if (rc == NERVE_OK)
        rc = nerve__events_entity_genders(&st);
    if (rc == NERVE_OK)
        rc = nerve__events_dedupe_triggers(&st);
    if (rc == NERVE_OK)
        rc = nerve__events_fill_who_when(&st);
    if (rc == NERVE_OK) {
        nerve__events_future_is_planned(&st);
        rc = nerve__events_merge(&st);
    }
    if (rc == NERVE_OK)
        rc = nerve__events_place_from_presence(&st);
    if (rc == NERVE_OK)
        rc = publish(&st);
    out->limit_hits += sc->sent.limit_hits;
    nerve__vec_free(st.al, &st.ev);
    nerve__vec_free(st.al, &st.args);
    nerve__vec_free(st.al, &st.evid);
    nerve__vec_free(st.al, &st.veto);
    nerve__free(st.al, st.gender);
    return rc;
}
