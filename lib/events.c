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
 *      clause read on the surface (subject_of: across appositions and
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
 *      files' `key` clause) is kept, marked incomplete, less confident.
 *
 * The words the surface reading relies on are lexicon classes
 * (gazetteers/clause_words.tsv, role_nouns.tsv), not lists in this file.
 * The role names who, where and when have this meaning for every event
 * type; every other role is whatever the rule files declare.
 */
#include "events.h"
#include "sentence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct ev_arg {
    const char *role;
    size_t mention; /* NERVE_NONE for a phrase filler */
    size_t tb, te;  /* a phrase filler's tokens ("gunmen", "its creditors") */
} ev_arg;

typedef struct ev_tmp {
    const nerve__rule_info *info;
    size_t sentence;
    size_t trig_b, trig_e;         /* tokens */
    size_t match_b, match_e;       /* tokens of the whole match: its evidence */
    size_t arg_first, arg_count;   /* in the arg scratch */
    size_t evid_first, evid_count; /* in the evidence scratch (token ranges) */
    int modality;
    int alive;
} ev_tmp;

typedef struct ev_range {
    size_t b, e;
} ev_range;

/* The stage's scratch: the sentence as the event rules see it. */
struct nerve__events_scratch {
    const nerve_allocator *al;
    nerve__sentence sent;
};

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
    nerve__free(s->al, s);
}

typedef struct ev_state {
    const nerve__view *in; /* the model and the earlier stages' results */
    nerve__events_scratch *sc;
    nerve__events_out *out;
    const nerve_allocator *al;
    size_t dateline; /* the dateline's place mention ("PARIS, March 11 -"), or NERVE_NONE */
    uint32_t cls_male, cls_female, cls_poss; /* pronoun classes (clause_words.tsv) */
    char *gender; /* per entity: 'm', 'f' or 0, from the given names of its mentions */
    NERVE__VEC(ev_tmp) ev;
    NERVE__VEC(ev_arg) args;
    NERVE__VEC(ev_range) evid;
} ev_state;

/* Bits of the cue classes, in the order of NERVE__CLS_PLANNED ... _UNCERTAIN. */
enum { CUE_PLANNED = 1, CUE_CANCELLED = 2, CUE_NEGATED = 4, CUE_UNCERTAIN = 8 };

static int role_is(const char *role, const char *name)
{
    return role && strcmp(role, name) == 0;
}

static const ev_arg *find_arg(const ev_state *st, const ev_tmp *e, const char *role)
{
    for (size_t i = 0; i < e->arg_count; i++)
        if (role_is(st->args.v[e->arg_first + i].role, role))
            return &st->args.v[e->arg_first + i];
    return NULL;
}

static size_t mention_entity(const nerve__view *in, size_t mention)
{
    return mention == NERVE_NONE ? NERVE_NONE : in->ment[mention].entity;
}

/* Do a and b name the same filler (the same mention, or the same phrase)? */
static int same_filler(const ev_arg *a, const ev_arg *b)
{
    if (a->mention != NERVE_NONE || b->mention != NERVE_NONE)
        return a->mention == b->mention;
    return a->tb == b->tb && a->te == b->te;
}

/* Features of one sentence for event rules: lexicon classes and mentions. */
static int event_features(const nerve__view *in, nerve__sentence *ss, size_t s, size_t *gi,
                          size_t *mi)
{
    int rc = nerve__sentence_features(ss, in, s, gi, 0);
    if (rc != NERVE_OK)
        return rc;
    const nerve_sentence *se = &in->sent[s];
    size_t first = se->token_begin, end = first + se->token_count;
    while (*mi < in->nment && in->ment[*mi].token_begin < first)
        (*mi)++;
    size_t covered = first; /* mentions nested in an earlier one are left out */
    for (size_t k = *mi; k < in->nment && in->ment[k].token_begin < end; k++) {
        const nerve_mention *m = &in->ment[k];
        if (m->token_end > end || m->type == NERVE_TYPE_NONE || m->token_begin < covered)
            continue;
        covered = m->token_end;
        nerve__rfeat f = {(uint32_t)(m->token_begin - first), (uint32_t)(m->token_end - first),
                          NERVE__RF_MENTION, (uint32_t)m->type, (uint32_t)k};
        if (nerve__vec_push(ss->al, &ss->feat, f) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    return NERVE_OK;
}

/* Cue classes present in tokens [b, e) (from lexicon matches). */
static size_t first_mention_of(const nerve__view *in, size_t s);
static size_t mention_at(const nerve__view *in, size_t lo, size_t t);

static unsigned cues_in(const nerve__view *in, size_t b, size_t e)
{
    const nerve_model *m = in->model;
    unsigned cues = 0;
    if (b >= e || b >= in->ntok)
        return 0;
    size_t mlo = first_mention_of(in, in->tok[b].sentence);
    for (size_t k = nerve__gaz_first_match_at(in->gaz, in->ngaz, b); k < in->ngaz; k++) {
        const nerve__gaz_match *g = &in->gaz[k];
        if (g->tok_begin >= e)
            break;
        size_t mk = mention_at(in, mlo, g->tok_begin);
        int in_date = mk != NERVE_NONE && (in->ment[mk].type == NERVE_TYPE_DATE ||
                                           in->ment[mk].type == NERVE_TYPE_TIME);
        for (uint32_t j = 0; j < g->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(m->gaz, in->gaz_ids[g->first + j], &en);
            if (en.type != NERVE__TYPE_LEX)
                continue;
            for (int c = NERVE__CLS_PLANNED; c <= NERVE__CLS_UNCERTAIN; c++)
                if (en.subtype_class == m->cls[c] && !(in_date && c == NERVE__CLS_UNCERTAIN))
                    cues |= 1u << (c - NERVE__CLS_PLANNED); /* "in May" is no doubt */
        }
    }
    return cues;
}

/* The clause around a trigger: back to the previous ';' or sentence start,
 * at most 12 tokens; forward 2 tokens, and 8 for cancellation cues. */
static int tok_in_class(const nerve__view *in, size_t t, uint32_t cls);
static int is_punct(const nerve_token *t, char c);

static int modality_of(const nerve__view *in, size_t sent, size_t trig_b, size_t trig_e)
{
    const nerve_sentence *se = &in->sent[sent];
    const nerve_token *tok = in->tok;
    size_t first = se->token_begin, end = first + se->token_count;
    size_t b = trig_b;
    while (b > first && trig_b - b < 12) {
        const nerve_token *t = &tok[b - 1];
        if (t->kind == NERVE_TOKEN_PUNCT && t->norm_len == 1 &&
            (t->norm[0] == ';' || t->norm[0] == ':'))
            break;
        b--;
    }
    size_t e = trig_e + 2 < end ? trig_e + 2 : end;
    unsigned cues = cues_in(in, b, e);
    /* "the visit to Ghana was postponed", "an accord with the IMF could be
     * ...": cancellation and doubt may follow the trigger in its clause */
    size_t e2 = trig_e + 8 < end ? trig_e + 8 : end;
    size_t stop = e, e3 = trig_e + 10 < end ? trig_e + 10 : end;
    while (stop < e3 && !is_punct(&tok[stop], ',') && !is_punct(&tok[stop], ';') &&
           !tok_in_class(in, stop, in->model->cls[NERVE__CLS_CLAUSE_START]))
        stop++;
    cues |= cues_in(in, e, e2) & CUE_CANCELLED;
    cues |= cues_in(in, e, stop) & CUE_UNCERTAIN;
    if (cues & CUE_UNCERTAIN)
        return NERVE_MODALITY_UNCERTAIN;
    if (cues & CUE_CANCELLED)
        return NERVE_MODALITY_CANCELLED;
    if (cues & CUE_NEGATED)
        return NERVE_MODALITY_NEGATED;
    if (cues & CUE_PLANNED)
        return NERVE_MODALITY_PLANNED;
    return NERVE_MODALITY_ASSERTED;
}

static int push_event(ev_state *st, const ev_tmp *proto, const ev_arg *args, size_t nargs)
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

/* Index of the first mention of sentence s (mentions are in text order). */
static size_t first_mention_of(const nerve__view *in, size_t s)
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
static int tok_in_class(const nerve__view *in, size_t t, uint32_t cls)
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

enum { TITLE_REACH = 4 }; /* tokens of the longest title phrase looked back over */

/* Is token t inside a title of the lexicon ("prime minister", "Secretary of
 * State"), of one token or several? */
static int tok_in_title(const nerve__view *in, size_t t)
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
static size_t mention_at(const nerve__view *in, size_t lo, size_t t)
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

static int actor_type(int type)
{
    return type == NERVE_TYPE_PER || type == NERVE_TYPE_ORG || type == NERVE_TYPE_NORP;
}

static int is_punct(const nerve_token *t, char c)
{
    return t->kind == NERVE_TOKEN_PUNCT && t->norm_len == 1 && t->norm[0] == c;
}

/*
 * A role filled by a noun phrase that names no entity ("gunmen attacked a
 * bus", "reached an agreement with its creditors", "met the full panel"):
 * the captured tokens [b, e) cut before the first word that cannot be
 * inside the phrase (a preposition, a clause word, a coordinator, a form
 * of be, punctuation, a date). A phrase that is only a pronoun or a
 * determiner names nothing. If the phrase holds a person, the person fills
 * the role instead.
 */
static int phrase_filler(const nerve__view *in, size_t b, size_t e, ev_arg *out)
{
    const nerve_model *m = in->model;
    const nerve_token *tok = in->tok;
    if (b >= e)
        return 0;
    size_t mlo = first_mention_of(in, tok[b].sentence);
    while (b < e && tok[b].kind == NERVE_TOKEN_PUNCT)
        b++;
    const uint32_t *c0 = m->cls;
    if (b < e && (tok_in_class(in, b, c0[NERVE__CLS_CLAUSE_PREP]) ||
                  tok_in_class(in, b, c0[NERVE__CLS_CLAUSE_START]) ||
                  tok_in_class(in, b, c0[NERVE__CLS_COORDINATOR]) ||
                  tok_in_class(in, b, c0[NERVE__CLS_BE_FORM]) ||
                  tok_in_class(in, b, c0[NERVE__CLS_AUX_VERB])))
        return 0; /* "by rebels" is no object */
    size_t t = b;
    for (; t < e; t++) {
        const uint32_t *cls = m->cls;
        size_t k = mention_at(in, mlo, t);
        if (k != NERVE_NONE && in->ment[k].type == NERVE_TYPE_PER) {
            out->mention = k;
            return 1;
        }
        int stop = tok[t].kind == NERVE_TOKEN_PUNCT && !is_punct(&tok[t], '-');
        stop |= k != NERVE_NONE && in->ment[k].type >= NERVE_TYPE_DATE;
        stop |= t > b && (tok_in_class(in, t, cls[NERVE__CLS_CLAUSE_PREP]) ||
                          tok_in_class(in, t, cls[NERVE__CLS_CLAUSE_START]) ||
                          tok_in_class(in, t, cls[NERVE__CLS_COORDINATOR]) ||
                          tok_in_class(in, t, cls[NERVE__CLS_BE_FORM]) ||
                          tok_in_class(in, t, cls[NERVE__CLS_PLACE_HERE]));
        if (stop)
            break;
    }
    e = t;
    while (e > b && tok_in_class(in, e - 1, m->cls[NERVE__CLS_NP_DET]))
        e--;
    if (e == b || tok[e - 1].kind != NERVE_TOKEN_WORD)
        return 0;
    if (e - b == 1 && (tok_in_class(in, b, m->cls[NERVE__CLS_PRONOUN_PERSON]) ||
                       tok_in_class(in, b, m->cls[NERVE__CLS_PRONOUN_GROUP])))
        return 0;
    out->mention = NERVE_NONE;
    out->tb = b;
    out->te = e;
    return 1;
}

/*
 * The person a noun phrase is about when a captured place, organization or
 * nationality only premodifies them: "Bank of Japan Governor Satoshi Sumita",
 * "Federal Reserve Board Chairman Paul Volcker", "Japanese Prime Minister
 * X". After the mention come title words (the title class, or capitalized
 * words that are no mention) and then a person: the role goes to the person.
 */
static size_t phrase_person(const nerve__view *in, size_t mention)
{
    const nerve_mention *mm = &in->ment[mention];
    if (mm->type != NERVE_TYPE_ORG && mm->type != NERVE_TYPE_LOC && mm->type != NERVE_TYPE_NORP)
        return mention;
    const nerve_token *tok = in->tok;
    const nerve_sentence *se = &in->sent[mm->sentence];
    size_t end = se->token_begin + se->token_count;
    size_t k = mention + 1, t = mm->token_end, titles = 0;
    while (k < in->nment && in->ment[k].token_begin < t)
        k++; /* mentions nested in this one */
    while (t < end && titles <= 4) {
        if (k < in->nment && in->ment[k].token_begin == t) {
            const nerve_mention *n = &in->ment[k];
            return titles && n->type == NERVE_TYPE_PER ? k : mention;
        }
        if (t == mm->token_end && (tok[t].flags & NERVE_TOK_POSSESSIVE)) {
            t++; /* "Saudi Arabia's Oil Minister Hisham Nazir" */
            continue;
        }
        int title = tok_in_title(in, t) ||
                    tok_in_class(in, t, in->model->cls[NERVE__CLS_GROUP_NOUN]) ||
                    tok_in_class(in, t, in->model->cls[NERVE__CLS_NP_DET]) ||
                    (tok[t].kind == NERVE_TOKEN_WORD &&
                     (tok[t].flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)));
        if (!title)
            break;
        titles++;
        t++;
    }
    return mention;
}

/* Roles whose coordinated fillers are one event each: "trips to Tunisia
 * and Algeria", "met A, B and C", "attacked X and Y". Other roles (when,
 * purpose, ...) keep all their fillers. */
static const char *const split_roles[] = {"where", "with", "target", "who"};
enum { N_SPLIT = sizeof split_roles / sizeof *split_roles, MAX_SPLIT_EVENTS = 32 };

/* Push one event per combination of the fillers of the split roles from
 * split_roles[r] on; the other roles are shared. */
static int push_split(ev_state *st, const ev_tmp *proto, const ev_arg *args, size_t nargs, size_t r)
{
    for (; r < N_SPLIT; r++) {
        size_t count = 0;
        for (size_t i = 0; i < nargs; i++)
            count += role_is(args[i].role, split_roles[r]);
        if (count > 1)
            break;
    }
    if (r == N_SPLIT)
        return push_event(st, proto, args, nargs);
    size_t made = 0;
    for (size_t w = 0; w < nargs && made < MAX_SPLIT_EVENTS; w++) {
        if (!role_is(args[w].role, split_roles[r]))
            continue;
        ev_arg one[32];
        size_t n = 0;
        for (size_t i = 0; i < nargs; i++)
            if (i == w || !role_is(args[i].role, split_roles[r]))
                one[n++] = args[i];
        int rc = push_split(st, proto, one, n, r + 1);
        if (rc != NERVE_OK)
            return rc;
        made++;
    }
    return NERVE_OK;
}

/* A later member of a comma list that is followed by a verb starts a new
 * clause instead ("after a meeting with Aquino, Shultz said"): the list
 * ends before it. A member is followed by a separator, a preposition, a
 * mention or the end of the sentence; a lower-case word other than those
 * is taken for a verb. */
static size_t drop_clause_subjects(const nerve__view *in, ev_arg *args, size_t nargs)
{
    const nerve_token *tok = in->tok;
    const nerve_model *m = in->model;
    size_t out = 0;
    for (size_t i = 0; i < nargs; i++) {
        int later = 0;
        for (size_t j = 0; j < out; j++)
            later |= role_is(args[j].role, args[i].role);
        if (args[i].mention == NERVE_NONE) {
            args[out++] = args[i];
            continue;
        }
        const nerve_mention *mm = &in->ment[args[i].mention];
        const nerve_sentence *se = &in->sent[mm->sentence];
        size_t next = mm->token_end, end = se->token_begin + se->token_count;
        int verb_follows = 0;
        if (later && next < end && mm->token_begin > 0 &&
            is_punct(&tok[mm->token_begin - 1], ',')) {
            const nerve_token *t = &tok[next];
            verb_follows = t->kind == NERVE_TOKEN_WORD &&
                           !(t->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)) &&
                           !tok_in_class(in, next, m->cls[NERVE__CLS_CLAUSE_PREP]) &&
                           !tok_in_class(in, next, m->cls[NERVE__CLS_COORDINATOR]) &&
                           mention_at(in, first_mention_of(in, mm->sentence), next) == NERVE_NONE;
        }
        if (!verb_follows)
            args[out++] = args[i];
    }
    return out;
}

/* A phrase fills a role only where no entity does: "met the full panel"
 * gives the phrase, "met panel chairman Omar Haddad" the person. */
static size_t drop_phrases_beside_mentions(ev_arg *args, size_t nargs)
{
    size_t out = 0;
    for (size_t i = 0; i < nargs; i++) {
        int named = 0;
        for (size_t j = 0; j < nargs && args[i].mention == NERVE_NONE; j++)
            named |= args[j].mention != NERVE_NONE && role_is(args[j].role, args[i].role);
        if (!named)
            args[out++] = args[i];
    }
    return out;
}

/* For a type with both sides of an encounter (roles who and with: a
 * meeting, an agreement), coordinated subjects with no "with" are the two
 * sides: "Egypt and the Soviet Union signed an accord". */
static void symmetric_sides(const nerve__ruleset *rs, const nerve__rule_info *info, ev_arg *args,
                            size_t nargs)
{
    const char *const *roles = nerve__rules_event_roles(rs, info->label);
    const char *with_name = NULL;
    int has_who = 0;
    for (; roles && *roles; roles++) {
        if (strcmp(*roles, "with") == 0)
            with_name = *roles;
        has_who |= strcmp(*roles, "who") == 0;
    }
    if (!with_name || !has_who)
        return;
    size_t nwho = 0;
    for (size_t i = 0; i < nargs; i++) {
        if (role_is(args[i].role, "with"))
            return;
        nwho += role_is(args[i].role, "who");
    }
    if (nwho < 2)
        return;
    size_t seen = 0;
    for (size_t i = 0; i < nargs; i++)
        if (role_is(args[i].role, "who") && seen++ > 0)
            args[i].role = with_name;
}

/* Turn one rule match into events (one per coordinated filler). */
static int events_from_match(ev_state *st, size_t sent, const nerve__rmatch *rm)
{
    const nerve__view *in = st->in;
    const nerve__ruleset *rs = in->model->rules;
    const nerve_sentence *se = &in->sent[sent];
    const nerve__rule_info *info = nerve__ruleset_rule(rs, rm->rule);
    if (!info || info->kind != NERVE__RULE_EVENT)
        return NERVE_OK;
    ev_tmp proto;
    memset(&proto, 0, sizeof proto);
    proto.info = info;
    proto.sentence = sent;
    proto.match_b = se->token_begin + rm->tok_begin;
    proto.match_e = se->token_begin + rm->tok_end;
    proto.trig_b = proto.match_b;
    proto.trig_e = proto.match_e;
    ev_arg args[32];
    size_t nargs = 0;
    for (uint32_t k = 0; k < rm->cap_count; k++) {
        const nerve__rcap *cap = &st->sc->sent.matches.caps.v[rm->cap_first + k];
        const char *name = nerve__rules_capname(rs, cap->name);
        if (!name)
            continue;
        if (strcmp(name, "trigger") == 0) {
            proto.trig_b = se->token_begin + cap->tok_begin;
            proto.trig_e = se->token_begin + cap->tok_end;
            /* a trigger phrase of the lexicon may open with a comma (", now in"):
             * the trigger is its words */
            while (proto.trig_e - proto.trig_b > 1 &&
                   in->tok[proto.trig_b].kind == NERVE_TOKEN_PUNCT)
                proto.trig_b++;
            continue;
        }
        if (nargs == sizeof args / sizeof *args)
            continue;
        const nerve__rfeat *f =
            cap->feat < st->sc->sent.feat.n ? &st->sc->sent.feat.v[cap->feat] : NULL;
        size_t ref = f ? f->ref : NERVE_NONE;
        int place = strcmp(name, "where") == 0 || strcmp(name, "when") == 0;
        ev_arg a = {name, NERVE_NONE, 0, 0};
        if (f && f->kind == NERVE__RF_CLASS && f->id == in->model->cls[NERVE__CLS_PLACE_HERE] &&
            strcmp(name, "where") == 0 && st->dateline != NERVE_NONE)
            a.mention = st->dateline; /* "a visit here": the dateline's place */
        else if (f && f->kind == NERVE__RF_MENTION)
            a.mention = place ? ref : phrase_person(in, ref);
        else if (place || !phrase_filler(in, se->token_begin + cap->tok_begin,
                                         se->token_begin + cap->tok_end, &a))
            continue;
        int dup = 0;
        for (size_t i = 0; i < nargs; i++)
            dup |= same_filler(&args[i], &a) && role_is(args[i].role, name);
        if (dup)
            continue;
        args[nargs] = a;
        nargs++;
    }
    nargs = drop_phrases_beside_mentions(args, nargs);
    nargs = drop_clause_subjects(in, args, nargs);
    symmetric_sides(rs, info, args, nargs);
    proto.modality = modality_of(in, sent, proto.trig_b, proto.trig_e);
    return push_split(st, &proto, args, nargs, 0);
}

/* Do a and b have different fillers for one of the split roles? */
static int fillers_differ(const ev_state *st, const ev_tmp *a, const ev_tmp *b)
{
    for (size_t r = 0; r < N_SPLIT; r++) {
        const ev_arg *fa = find_arg(st, a, split_roles[r]), *fb = find_arg(st, b, split_roles[r]);
        if (fa && fb && !same_filler(fa, fb))
            return 1;
    }
    return 0;
}

/* Keep one event per (type, trigger): the one with the most roles. */
static void dedupe_triggers(ev_state *st)
{
    for (size_t i = 0; i < st->ev.n; i++) {
        ev_tmp *a = &st->ev.v[i];
        for (size_t j = i + 1; a->alive && j < st->ev.n && st->ev.v[j].sentence == a->sentence;
             j++) {
            ev_tmp *b = &st->ev.v[j];
            if (!b->alive || b->trig_b != a->trig_b || strcmp(b->info->label, a->info->label) != 0)
                continue;
            if (fillers_differ(st, a, b))
                continue; /* coordinated events share a trigger */
            int b_better = b->arg_count > a->arg_count ||
                           (b->arg_count == a->arg_count && b->info->priority > a->info->priority);
            if (b_better) {
                a->alive = 0;
                break;
            }
            b->alive = 0;
        }
    }
}

static int add_arg(ev_state *st, ev_tmp *e, const char *role, size_t mention)
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

/* Does the event refer back to the actor of earlier sentences: a definite
 * or possessive before the trigger ("the visit", "his trip") or a personal
 * pronoun before it in the sentence ("he then flew")? */
static int continues_discourse(const nerve__view *in, const ev_tmp *e)
{
    static const char *const back[] = {"the", "his", "her", "their", "its", "that", "this", NULL};
    static const char *const pron[] = {"he", "she", "they", "we", NULL};
    const nerve_token *tok = in->tok;
    size_t first = in->sent[e->sentence].token_begin;
    for (size_t k = 1; k <= 2 && e->trig_b >= first + k; k++)
        for (const char *const *w = back; *w; w++)
            if (tok[e->trig_b - k].norm_len == strlen(*w) &&
                memcmp(tok[e->trig_b - k].norm, *w, strlen(*w)) == 0)
                return 1;
    for (size_t t = first; t < e->trig_b; t++)
        for (const char *const *w = pron; *w; w++)
            if (tok[t].norm_len == strlen(*w) && memcmp(tok[t].norm, *w, strlen(*w)) == 0)
                return 1;
    return 0;
}

/*
 * Can the noun phrase that ends with the mention [mb, me) be the subject of
 * a clause? Read on the surface: step back over what premodifies a name
 * (determiners, capitalized title words, a nationality or place before it:
 * "U.S. Treasury Secretary James Baker"), then look at the word before the
 * phrase: the sentence start, punctuation, a clause word (and, that, who,
 * said ...) or a date may precede a subject; a preposition makes it the
 * object of a phrase, any other word (a verb) makes it an object. A name
 * followed by 's modifies the next noun and is not the subject either.
 */
static int subject_like(const nerve__view *in, size_t first, size_t mlo, size_t mb, size_t me,
                        size_t end)
{
    const nerve_model *m = in->model;
    const nerve_token *tok = in->tok;
    if (me < end && (tok[me].flags & NERVE_TOK_POSSESSIVE))
        return 0;
    size_t p = mb;
    while (p > first) {
        const nerve_token *t = &tok[p - 1];
        size_t mp = mention_at(in, mlo, p - 1);
        if (mp != NERVE_NONE && in->ment[mp].type != NERVE_TYPE_DATE &&
            in->ment[mp].type != NERVE_TYPE_TIME && in->ment[mp].type != NERVE_TYPE_PER) {
            p = in->ment[mp].token_begin; /* "U.S." in "U.S. Treasury Secretary" */
            continue;
        }
        if (t->kind == NERVE_TOKEN_WORD && mp == NERVE_NONE &&
            ((t->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)) &&
             !tok_in_class(in, p - 1, m->cls[NERVE__CLS_CLAUSE_START]) &&
             !tok_in_class(in, p - 1, m->cls[NERVE__CLS_CLAUSE_PREP]))) {
            p--; /* a title word: "Foreign Secretary" */
            continue;
        }
        if (tok_in_class(in, p - 1, m->cls[NERVE__CLS_NP_DET]) || tok_in_title(in, p - 1) ||
            (t->flags & NERVE_TOK_POSSESSIVE)) {
            p--;
            continue;
        }
        break;
    }
    if (p == first)
        return 1;
    const nerve_token *t = &tok[p - 1];
    size_t mp = mention_at(in, mlo, p - 1);
    if (mp != NERVE_NONE)
        return in->ment[mp].type == NERVE_TYPE_DATE || in->ment[mp].type == NERVE_TYPE_TIME;
    if (t->kind == NERVE_TOKEN_PUNCT)
        return !is_punct(t, '\'') && !is_punct(t, '/') && !is_punct(t, '(');
    if (tok_in_class(in, p - 1, m->cls[NERVE__CLS_CLAUSE_PREP]))
        return 0;
    return tok_in_class(in, p - 1, m->cls[NERVE__CLS_CLAUSE_START]);
}

enum { SUBJECT_REACH = 40, ANTECEDENT_SENTENCES = 4 };

/* The gender a given name at token t gives its person: 'm', 'f', or 0 when
 * no name or the lists disagree. */
static char token_gender(const nerve__view *in, size_t t)
{
    const nerve_model *m = in->model;
    uint32_t cls = m->cls[NERVE__CLS_GIVEN_NAME];
    char g = 0;
    if (cls == UINT32_MAX)
        return 0;
    for (size_t k = nerve__gaz_first_match_at(in->gaz, in->ngaz, t);
         k < in->ngaz && in->gaz[k].tok_begin == t; k++) {
        const nerve__gaz_match *gm = &in->gaz[k];
        if (gm->tok_end != t + 1)
            continue;
        for (uint32_t j = 0; j < gm->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(m->gaz, in->gaz_ids[gm->first + j], &en);
            if (en.type != NERVE__TYPE_LEX || en.subtype_class != cls || !en.value ||
                (en.value[0] != 'm' && en.value[0] != 'f'))
                continue;
            if (g && g != en.value[0])
                return 0;
            g = en.value[0];
        }
    }
    return g;
}

/* Each person entity's gender: the given name that opens one of its
 * mentions ("Ana Ruiz" ... "Ruiz" is a woman), unless they disagree. */
static int entity_genders(ev_state *st)
{
    const nerve__view *in = st->in;
    if (in->nent == 0)
        return NERVE_OK;
    st->gender = nerve__calloc(st->al, in->nent, 1);
    if (!st->gender)
        return NERVE_ENOMEM;
    for (size_t k = 0; k < in->nment; k++) {
        const nerve_mention *mm = &in->ment[k];
        if (mm->type != NERVE_TYPE_PER || mm->entity == NERVE_NONE || mm->entity >= in->nent ||
            mm->token_end - mm->token_begin < 2)
            continue; /* a lone word is a surname as often as a given name */
        char g = token_gender(in, mm->token_begin);
        char *eg = &st->gender[mm->entity];
        if (g && *eg != 'x')
            *eg = *eg && *eg != g ? 'x' : g;
    }
    for (size_t e = 0; e < in->nent; e++)
        if (st->gender[e] == 'x')
            st->gender[e] = 0;
    return NERVE_OK;
}

/* Does the person of mention k go with the pronoun at token t (he/his: a
 * man, she/her: a woman; unknown genders go with both)? *known is set when
 * both genders are known and agree. */
static int gender_agrees(const ev_state *st, size_t t, size_t k, int *known)
{
    const nerve__view *in = st->in;
    char want = tok_in_class(in, t, st->cls_male)     ? 'm'
                : tok_in_class(in, t, st->cls_female) ? 'f'
                                                      : 0;
    size_t e = in->ment[k].entity;
    char have = st->gender && e != NERVE_NONE && e < in->nent ? st->gender[e] : 0;
    *known = want && have && want == have;
    return !want || !have || want == have;
}

/* Is there a paragraph break (an empty line) between sentences a < b? */
static int paragraph_between(const nerve__view *in, size_t a, size_t b)
{
    size_t from = in->tok[in->sent[a].token_begin + in->sent[a].token_count - 1].span.end;
    size_t to = in->tok[in->sent[b].token_begin].span.start;
    int lines = 0;
    for (size_t i = from; i < to && i < in->text_len; i++) {
        if (in->text[i] == '\n' && ++lines == 2)
            return 1;
        if (in->text[i] != '\n' && in->text[i] != ' ' && in->text[i] != '\t' && in->text[i] != '\r')
            lines = 0;
    }
    return 0;
}

/* The antecedent of a personal pronoun at token t: the subject of its
 * sentence before it, else of the nearest of the few sentences before that
 * has a person as subject (the leftmost person standing as a subject: the
 * main clause's, not a listed object's), skipping people of the other
 * gender; across a paragraph break only a person whose gender is known to
 * agree. */
static size_t antecedent_of(const ev_state *st, size_t t)
{
    const nerve__view *in = st->in;
    size_t s = in->tok[t].sentence;
    int paragraph = 0;
    for (size_t back = 0; back <= ANTECEDENT_SENTENCES && back <= s; back++) {
        size_t cs = s - back;
        if (back > 0 && !paragraph)
            paragraph = paragraph_between(in, cs, cs + 1);
        const nerve_sentence *se = &in->sent[cs];
        size_t mlo = first_mention_of(in, cs);
        for (size_t k = mlo; k < in->nment && in->ment[k].sentence == cs; k++) {
            const nerve_mention *mm = &in->ment[k];
            if (mm->token_end > t)
                break;
            int known = 0;
            if (mm->type == NERVE_TYPE_PER &&
                subject_like(in, se->token_begin, mlo, mm->token_begin, mm->token_end,
                             se->token_begin + se->token_count) &&
                gender_agrees(st, t, k, &known) && (!paragraph || known))
                return k;
        }
    }
    /* no subject agrees: the latest person whose gender is known to agree
     * ("Bruni received Ana Ruiz. She then flew to Quito.") */
    size_t lo = first_mention_of(in, s >= ANTECEDENT_SENTENCES ? s - ANTECEDENT_SENTENCES : 0);
    for (size_t k = first_mention_of(in, s + 1); k-- > lo;) {
        const nerve_mention *mm = &in->ment[k];
        int known = 0;
        if (mm->token_end <= t && mm->type == NERVE_TYPE_PER && gender_agrees(st, t, k, &known) &&
            known)
            return k;
    }
    return NERVE_NONE;
}

/* The person a role nominal ("the Chancellor", "the minister") at token t
 * stands for: the latest person before it, within the few sentences before,
 * whose title has that word. */
static size_t titled_person(const nerve__view *in, size_t t)
{
    const nerve_token *w = &in->tok[t];
    size_t s = w->sentence;
    size_t lo = first_mention_of(in, s >= ANTECEDENT_SENTENCES ? s - ANTECEDENT_SENTENCES : 0);
    for (size_t k = first_mention_of(in, s + 1); k-- > lo;) {
        const nerve_mention *mm = &in->ment[k];
        if (mm->token_end > t || mm->type != NERVE_TYPE_PER || !mm->title)
            continue;
        for (const char *p = mm->title; *p; p++) /* a word of the title, caselessly */
            if ((p == mm->title || p[-1] == ' ') && strncasecmp(p, w->norm, w->norm_len) == 0 &&
                (p[w->norm_len] == '\0' || p[w->norm_len] == ' '))
                return k;
    }
    return NERVE_NONE;
}

/*
 * The subject of the clause of e's trigger, read on the surface: the
 * nearest actor before the trigger, in the sentence, that can stand as a
 * subject (subject_like), or a personal pronoun there resolved to its
 * antecedent. Appositions and relative clauses between the subject and the
 * trigger ("Smith, the envoy, met"; "Smith, who arrived on Sunday, met")
 * are passed over because their mentions follow a comma or a verb. The
 * syntax layer will replace this with the parse's nsubj.
 */
static int subject_type(const nerve_mention *mm)
{
    return actor_type(mm->type) ||
           (mm->type == NERVE_TYPE_LOC && mm->subtype && strcmp(mm->subtype, "country") == 0);
}

/* Does a role of e already hold mention k's entity (or k itself)? */
static int holds(const ev_state *st, const ev_tmp *e, size_t k)
{
    size_t ek = mention_entity(st->in, k);
    for (size_t i = 0; i < e->arg_count; i++) {
        size_t a = st->args.v[e->arg_first + i].mention;
        if (a == NERVE_NONE)
            continue;
        if (a == k || (ek != NERVE_NONE && mention_entity(st->in, a) == ek))
            return 1;
    }
    return 0;
}

/* Is the trigger a passive participle ("was attacked", "were received")? Its
 * subject is then the patient, not the actor. */
static int passive_trigger(const nerve__view *in, const ev_tmp *e)
{
    const nerve_token *tok = in->tok;
    size_t first = in->sent[e->sentence].token_begin;
    if (e->trig_b == first || !tok_in_class(in, e->trig_b - 1, in->model->cls[NERVE__CLS_BE_FORM]))
        return 0;
    const nerve_token *t = &tok[e->trig_b];
    return !(t->norm_len > 3 && memcmp(t->norm + t->norm_len - 3, "ing", 3) == 0);
}

static size_t subject_of(const ev_state *st, const ev_tmp *e, size_t *via)
{
    const nerve__view *in = st->in;
    const nerve_model *m = in->model;
    const nerve_token *tok = in->tok;
    const nerve_sentence *se = &in->sent[e->sentence];
    size_t first = se->token_begin, end = first + se->token_count;
    size_t mlo = first_mention_of(in, e->sentence);
    size_t lim = e->trig_b > first + SUBJECT_REACH ? e->trig_b - SUBJECT_REACH : first;
    size_t t = e->trig_b;
    int opener = 1; /* only prepositional or participial words so far */
    while (t-- > lim) {
        if (is_punct(&tok[t], ';'))
            return NERVE_NONE;
        size_t k = mention_at(in, mlo, t);
        if (k != NERVE_NONE) {
            const nerve_mention *mm = &in->ment[k];
            if (subject_type(mm) &&
                subject_like(in, first, mlo, mm->token_begin, mm->token_end, end)) {
                size_t p = phrase_person(in, k); /* "Soviet deputy premier X" */
                if (!holds(st, e, p))
                    return p;
            }
            t = mm->token_begin; /* the loop steps before the mention */
            if (mm->type != NERVE_TYPE_DATE && mm->type != NERVE_TYPE_TIME &&
                mm->type != NERVE_TYPE_DURATION)
                opener = 0;
            continue;
        }
        if (tok_in_class(in, t, m->cls[NERVE__CLS_PRONOUN_PERSON]) &&
            subject_like(in, first, mlo, t, t + 1, end)) {
            size_t a = antecedent_of(st, t);
            if (a == NERVE_NONE || holds(st, e, a))
                return NERVE_NONE;
            *via = t;
            return a;
        }
        if (t >= first + 2 && tok_in_class(in, t, m->cls[NERVE__CLS_RELATIVE_PRONOUN]) &&
            is_punct(&tok[t - 1], ',')) {
            /* "Akiman, who arrived from a meeting with X": the name before the comma */
            size_t k2 = mention_at(in, mlo, t - 2);
            if (k2 != NERVE_NONE && subject_type(&in->ment[k2]) && !holds(st, e, k2))
                return phrase_person(in, k2);
        }
        if (t > first && tok_in_class(in, t, m->cls[NERVE__CLS_TITLE]) &&
            tok_in_class(in, t - 1, m->cls[NERVE__CLS_NP_DET]) &&
            subject_like(in, first, mlo, t - 1, t + 1, end)) {
            size_t a = titled_person(in, t); /* "the Chancellor had emphasised in talks" */
            if (a != NERVE_NONE && !holds(st, e, a))
                return a;
        }
        if (tok[t].kind == NERVE_TOKEN_PUNCT && !is_punct(&tok[t], '-'))
            opener = 0;
    }
    if (!opener)
        return NERVE_NONE;
    /* An opening phrase: "After an hour-long meeting with Aquino, Shultz
     * said": the subject follows the comma that closes it. */
    for (t = e->trig_e; t < end && t < e->trig_e + SUBJECT_REACH; t++) {
        if (!is_punct(&tok[t], ','))
            continue;
        size_t after = mention_at(in, mlo, t + 1 < end ? t + 1 : t);
        if (after != NERVE_NONE) {
            size_t ae = in->ment[after].token_end;
            if (ae < end &&
                (is_punct(&tok[ae], ',') || tok_in_class(in, ae, m->cls[NERVE__CLS_COORDINATOR])))
                continue; /* a list of the opening phrase: "to France, Germany and Italy" */
        }
        size_t p = t + 1;
        while (p < end && tok[p].kind == NERVE_TOKEN_WORD &&
               (tok_in_class(in, p, m->cls[NERVE__CLS_NP_DET]) || tok_in_title(in, p)) &&
               mention_at(in, mlo, p) == NERVE_NONE)
            p++;
        size_t k = p < end ? mention_at(in, mlo, p) : NERVE_NONE;
        if (k != NERVE_NONE && in->ment[k].type == NERVE_TYPE_NORP)
            k = phrase_person(in, k);
        if (k != NERVE_NONE && subject_type(&in->ment[k]) && !holds(st, e, k))
            return k;
        if (p < end && tok_in_class(in, p, m->cls[NERVE__CLS_PRONOUN_PERSON])) {
            *via = p;
            return antecedent_of(st, p);
        }
        return NERVE_NONE;
    }
    return NERVE_NONE;
}

enum { SUBJECT_PHRASE_WORDS = 4 };

/*
 * A subject that names no entity, at the start of the sentence (after a
 * dateline): "Gunmen attacked a bus", "Unidentified jets attacked ...".
 * The words before the trigger, less the auxiliaries that end them, must
 * be a short run of words with no clause word, preposition, pronoun or
 * named entity (those subjects are read by subject_of). A form of be among
 * the auxiliaries makes the trigger passive (*passive).
 */
static int subject_phrase(const ev_state *st, const ev_tmp *e, ev_arg *out, int *passive)
{
    const nerve__view *in = st->in;
    const uint32_t *cls = in->model->cls;
    const nerve_token *tok = in->tok;
    const nerve_sentence *se = &in->sent[e->sentence];
    size_t b = se->token_begin, end = e->trig_b;
    size_t mlo = first_mention_of(in, e->sentence);
    if (st->dateline != NERVE_NONE && in->ment[st->dateline].sentence == e->sentence) {
        size_t t = in->ment[st->dateline].token_end;
        while (t < end && t < in->ment[st->dateline].token_end + 8 && !is_punct(&tok[t], '-'))
            t++;
        b = t + 1;
    }
    while (b < end && tok[b].kind == NERVE_TOKEN_PUNCT)
        b++;
    *passive = 0;
    while (end > b && (tok_in_class(in, end - 1, cls[NERVE__CLS_AUX_VERB]) ||
                       tok_in_class(in, end - 1, cls[NERVE__CLS_BE_FORM]))) {
        *passive |= tok_in_class(in, end - 1, cls[NERVE__CLS_BE_FORM]);
        end--;
    }
    if (end <= b || end - b > SUBJECT_PHRASE_WORDS)
        return 0;
    for (size_t t = b; t < end; t++) {
        size_t k = mention_at(in, mlo, t);
        if (k != NERVE_NONE && in->ment[k].type != NERVE_TYPE_NORP)
            return 0;
        if (k == NERVE_NONE && tok[t].kind != NERVE_TOKEN_WORD && !is_punct(&tok[t], '-'))
            return 0;
        if (tok_in_class(in, t, cls[NERVE__CLS_CLAUSE_PREP]) ||
            tok_in_class(in, t, cls[NERVE__CLS_CLAUSE_START]) ||
            tok_in_class(in, t, cls[NERVE__CLS_COORDINATOR]) ||
            tok_in_class(in, t, cls[NERVE__CLS_PRONOUN_PERSON]) ||
            tok_in_class(in, t, cls[NERVE__CLS_PRONOUN_GROUP]))
            return 0;
    }
    if (!tok_in_class(in, end - 1, cls[NERVE__CLS_GROUP_NOUN]))
        return 0; /* a noun of people ends it: "gunmen", "jets" */
    out->mention = NERVE_NONE;
    out->tb = b;
    out->te = end;
    return 1;
}

static int add_phrase_arg(ev_state *st, ev_tmp *e, const char *role, const ev_arg *phrase)
{
    int rc = add_arg(st, e, role, NERVE_NONE);
    if (rc == NERVE_OK) {
        st->args.v[e->arg_first + e->arg_count - 1].tb = phrase->tb;
        st->args.v[e->arg_first + e->arg_count - 1].te = phrase->te;
    }
    return rc;
}

static const char *const *roles_of(const ev_state *st, const ev_tmp *e)
{
    return nerve__rules_event_roles(st->in->model->rules, e->info->label);
}

static int has_role(const char *const *roles, const char *name)
{
    for (; roles && *roles; roles++)
        if (strcmp(*roles, name) == 0)
            return 1;
    return 0;
}

static size_t target_index(const char *const *roles)
{
    size_t i = 0;
    while (roles[i] && strcmp(roles[i], "target") != 0)
        i++;
    return i;
}

/* Events are in sentence order: [*lo, *hi) are those of event i's sentence. */
static void sentence_events(const ev_state *st, size_t i, size_t *lo, size_t *hi)
{
    size_t s = st->ev.v[i].sentence, a = i, b = i + 1;
    while (a > 0 && st->ev.v[a - 1].sentence == s)
        a--;
    while (b < st->ev.n && st->ev.v[b].sentence == s)
        b++;
    *lo = a;
    *hi = b;
}

/* Add the tokens [b, e) to e's evidence (a pronoun its who was read through). */
static int add_evidence(ev_state *st, ev_tmp *ev, size_t b, size_t e)
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

/* The who of the latest event of e's type before event i ("the visit",
 * "that meeting" refer back to it), or NERVE_NONE. */
static size_t last_who_of_type(const ev_state *st, size_t i)
{
    const ev_tmp *e = &st->ev.v[i];
    for (size_t j = i; j-- > 0;) {
        const ev_tmp *o = &st->ev.v[j];
        if (!o->alive || strcmp(o->info->label, e->info->label) != 0)
            continue;
        const ev_arg *w = find_arg(st, o, "who");
        if (w && w->mention != NERVE_NONE)
            return w->mention;
    }
    return NERVE_NONE;
}

enum { GROUP_MAX = 6 };

/*
 * "They" opening a sentence: the people listed as subjects of the sentence
 * before ("A, head of X, B and C were charged ... They were arrested"), when
 * there are several; else its one subject that is a body or a country.
 * Returns how many mentions it put in out.
 */
static size_t group_antecedents(const ev_state *st, size_t t, size_t *out)
{
    const nerve__view *in = st->in;
    size_t s = in->tok[t].sentence;
    if (s == 0 || paragraph_between(in, s - 1, s))
        return 0;
    const nerve_sentence *se = &in->sent[s - 1];
    size_t first = se->token_begin, end = first + se->token_count;
    size_t mlo = first_mention_of(in, s - 1), n = 0, body = NERVE_NONE;
    for (size_t k = mlo; k < in->nment && in->ment[k].sentence == s - 1 && n < GROUP_MAX; k++) {
        const nerve_mention *mm = &in->ment[k];
        if (!subject_like(in, first, mlo, mm->token_begin, mm->token_end, end))
            continue;
        if (mm->type == NERVE_TYPE_PER)
            out[n++] = k;
        else if (body == NERVE_NONE && n == 0 && subject_type(mm))
            body = k;
    }
    if (n >= 2)
        return n;
    if (n == 0 && body != NERVE_NONE) {
        out[0] = body;
        return 1;
    }
    return 0;
}

/* Is role a key role of e's type (the rule files' `key` clause)? */
static int is_key(const ev_state *st, const ev_tmp *e, const char *role)
{
    const char *const *keys = nerve__rules_event_keys(st->in->model->rules, e->info->label);
    for (; keys && *keys; keys++)
        if (strcmp(*keys, role) == 0)
            return 1;
    return 0;
}

/* A copy of event i, placed after the events of its sentence, whose who is
 * mention k, read through the pronoun at token pron. */
static int clone_with_who(ev_state *st, size_t i, const char *who_name, size_t k, size_t pron)
{
    ev_tmp proto = st->ev.v[i];
    ev_arg args[32];
    size_t n = 0;
    for (size_t a = 0; a < proto.arg_count && n < 31; a++)
        args[n++] = st->args.v[proto.arg_first + a];
    ev_arg w = {who_name, k, 0, 0};
    args[n++] = w;
    int rc = push_event(st, &proto, args, n);
    if (rc == NERVE_OK)
        rc = add_evidence(st, &st->ev.v[st->ev.n - 1], pron, pron + 1);
    if (rc != NERVE_OK)
        return rc;
    /* keep the events in sentence order */
    for (size_t j = st->ev.n - 1; j > i + 1 && st->ev.v[j - 1].sentence > proto.sentence; j--) {
        ev_tmp t = st->ev.v[j - 1];
        st->ev.v[j - 1] = st->ev.v[j];
        st->ev.v[j] = t;
    }
    return NERVE_OK;
}

/* Fill a missing who, when and where (see the file comment). */
static int fill_who_when(ev_state *st)
{
    const nerve__view *in = st->in;
    for (size_t i = 0; i < st->ev.n; i++) {
        ev_tmp *e = &st->ev.v[i];
        if (!e->alive)
            continue;
        const char *const *roles = nerve__rules_event_roles(in->model->rules, e->info->label);
        int has_who_role = 0, has_when_role = 0;
        const char *who_name = "who", *when_name = "when";
        for (; roles && *roles; roles++) {
            if (strcmp(*roles, "who") == 0) {
                has_who_role = 1;
                who_name = *roles;
            } else if (strcmp(*roles, "when") == 0) {
                has_when_role = 1;
                when_name = *roles;
            }
        }
        size_t lo, hi;
        sentence_events(st, i, &lo, &hi);
        const ev_arg *who = find_arg(st, e, "who");
        if (!who && has_who_role) {
            size_t via = NERVE_NONE; /* the pronoun the who is read through */
            size_t from = subject_of(st, e, &via);
            int patient = passive_trigger(in, e) && has_role(roles_of(st, e), "target");
            if (from != NERVE_NONE && patient) {
                /* "the convoy was attacked": the subject is the target */
                if (!find_arg(st, e, "target")) {
                    int rc = add_arg(st, e, roles_of(st, e)[target_index(roles_of(st, e))], from);
                    if (rc != NERVE_OK)
                        return rc;
                }
                from = NERVE_NONE;
            }
            for (size_t j = lo; j < hi && from == NERVE_NONE && !patient; j++) {
                const ev_tmp *o = &st->ev.v[j];
                const ev_arg *ow = o->alive && o->sentence == e->sentence && j != i
                                       ? find_arg(st, o, "who")
                                       : NULL;
                if (ow && ow->mention != NERVE_NONE && !holds(st, e, ow->mention))
                    from = ow->mention;
            }
            /* "his visit", "her talks with": the possessive's antecedent */
            size_t first = in->sent[e->sentence].token_begin;
            for (size_t k = 1; k <= 2 && from == NERVE_NONE && !patient && e->trig_b >= first + k;
                 k++)
                if (tok_in_class(in, e->trig_b - k, st->cls_poss)) {
                    from = antecedent_of(st, e->trig_b - k);
                    via = e->trig_b - k;
                }
            /* "They were arrested in February": the people named before */
            size_t t0 = first;
            while (t0 < e->trig_b && in->tok[t0].kind == NERVE_TOKEN_PUNCT)
                t0++;
            if (from == NERVE_NONE && !patient && t0 < e->trig_b &&
                tok_in_class(in, t0, in->model->cls[NERVE__CLS_PRONOUN_GROUP])) {
                size_t group[GROUP_MAX];
                size_t n = group_antecedents(st, t0, group);
                for (size_t g = 1; g < n; g++) { /* one event each, as for a list */
                    int rc = clone_with_who(st, i, who_name, group[g], t0);
                    if (rc != NERVE_OK)
                        return rc;
                    e = &st->ev.v[i]; /* the events may have moved */
                }
                if (n) {
                    from = group[0];
                    via = t0;
                }
            }
            if (from == NERVE_NONE && !patient && continues_discourse(in, e)) {
                from = last_who_of_type(st, i);
                via = NERVE_NONE;
            }
            ev_arg phrase;
            int passive = 0;
            if (from != NERVE_NONE) {
                int rc = add_arg(st, e, who_name, from);
                if (rc == NERVE_OK && via != NERVE_NONE)
                    rc = add_evidence(st, e, via, via + 1);
                if (rc != NERVE_OK)
                    return rc;
            } else if (!patient && subject_phrase(st, e, &phrase, &passive)) {
                const char *const *rl = roles_of(st, e);
                int rc = NERVE_OK;
                if (!passive)
                    rc = add_phrase_arg(st, e, who_name, &phrase);
                else if (has_role(rl, "target") && !find_arg(st, e, "target"))
                    rc = add_phrase_arg(st, e, rl[target_index(rl)], &phrase);
                if (rc != NERVE_OK)
                    return rc;
            }
        }
        if (!find_arg(st, e, "when") && has_when_role) {
            size_t best = NERVE_NONE, best_dist = (size_t)-1;
            for (size_t k = first_mention_of(in, e->sentence);
                 k < in->nment && in->ment[k].sentence == e->sentence; k++) {
                const nerve_mention *m = &in->ment[k];
                if (m->type != NERVE_TYPE_DATE || !m->value || strstr(m->value, "_REF"))
                    continue; /* "now", "recently": no date for an event */
                size_t d = m->token_begin >= e->trig_e ? m->token_begin - e->trig_e
                                                       : e->trig_b - m->token_end;
                if (d < best_dist) {
                    best = k;
                    best_dist = d;
                }
            }
            if (best != NERVE_NONE) {
                int rc = add_arg(st, e, when_name, best);
                if (rc != NERVE_OK)
                    return rc;
            }
        }
        if (!find_arg(st, e, "where") && has_role(roles_of(st, e), "where")) {
            for (size_t j = lo; j < hi; j++) {
                const ev_tmp *o = &st->ev.v[j];
                /* another event of the same type is another happening ("retained
                 * its seats but failed to win a seat in X"): its place is its own */
                const ev_arg *ow =
                    o->alive && o->sentence == e->sentence && j != i &&
                            (strcmp(o->info->label, e->info->label) != 0 || o->trig_b == e->trig_b)
                        ? find_arg(st, o, "where")
                        : NULL;
                if (ow) {
                    const ev_arg *on = o->trig_b == e->trig_b ? find_arg(st, o, "when") : NULL;
                    size_t nm = on ? on->mention : NERVE_NONE;
                    const char *nr = on ? on->role : NULL;
                    int rc = add_arg(st, e, ow->role, ow->mention);
                    /* coordinated members of one statement share its date */
                    if (rc == NERVE_OK && nm != NERVE_NONE && !find_arg(st, e, "when"))
                        rc = add_arg(st, e, nr, nm);
                    if (rc != NERVE_OK)
                        return rc;
                    break;
                }
            }
        }
        /* a journey with its traveller but no place, right after one with a
         * place ("He will visit Japan. He will be accompanied by X and Y."):
         * the same journey's place and date */
        if (!find_arg(st, e, "where") && find_arg(st, e, "who") && is_key(st, e, "where")) {
            for (size_t j = i; j-- > 0;) {
                const ev_tmp *o = &st->ev.v[j];
                if (o->sentence + 1 < e->sentence)
                    break;
                if (!o->alive || strcmp(o->info->label, e->info->label) != 0)
                    continue;
                const ev_arg *ow = find_arg(st, o, "where"), *on = find_arg(st, o, "when");
                size_t wm = ow ? ow->mention : NERVE_NONE, nm = on ? on->mention : NERVE_NONE;
                const char *wr = ow ? ow->role : NULL, *nr = on ? on->role : NULL;
                if (wm == NERVE_NONE)
                    continue;
                int rc = add_arg(st, e, wr, wm);
                if (rc == NERVE_OK && nm != NERVE_NONE && !find_arg(st, e, "when"))
                    rc = add_arg(st, e, nr, nm);
                if (rc != NERVE_OK)
                    return rc;
                break;
            }
        }
    }
    return NERVE_OK;
}

/* Days from 1970-01-01 of a proleptic Gregorian date. */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Day number of a "YYYY-MM-DD..." value, or -1. */
static long day_number(const char *v)
{
    int y, m, d;
    if (!v || strlen(v) < 10 || sscanf(v, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return -1;
    return days_from_civil(y, m, d);
}

/* The ISO week of a "YYYY-MM-DD" date as "YYYY-Www" (out: 16 bytes), or 0. */
static int iso_week_of(const char *date, char *out)
{
    int y, m, d;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1 || y > 9998)
        return 0;
    long day = days_from_civil(y, m, d);
    long weekday = ((day % 7) + 7 + 3) % 7; /* Monday 0: 1970-01-01 was a Thursday */
    long thursday = day - weekday + 3;      /* the week belongs to its Thursday's year */
    for (int wy = y + 1; wy >= y - 1; wy--) {
        long jan1 = days_from_civil(wy, 1, 1);
        if (jan1 <= thursday) {
            unsigned wk = (unsigned)((thursday - jan1) / 7 + 1);
            snprintf(out, 16, "%04u-W%02u", (unsigned)wy, wk);
            return 1;
        }
    }
    return 0;
}

/* Asserted events dated after the document date (a later day, week or
 * month) are planned. */
static void future_is_planned(ev_state *st)
{
    const nerve__view *in = st->in;
    if (!in->dct)
        return;
    char dct_str[16]; /* "YYYY-MM-DD", as the mentions' values write dates */
    snprintf(dct_str, sizeof dct_str, "%04d-%02d-%02d", in->dct->year, in->dct->month,
             in->dct->day);
    char week[16] = "";
    if (!iso_week_of(dct_str, week))
        week[0] = '\0';
    for (size_t i = 0; i < st->ev.n; i++) {
        ev_tmp *e = &st->ev.v[i];
        const ev_arg *when = e->alive ? find_arg(st, e, "when") : NULL;
        if (!when || e->modality != NERVE_MODALITY_ASSERTED)
            continue;
        const char *v = in->ment[when->mention].value;
        size_t n = v ? strlen(v) : 0;
        if (n >= 10 && v[4] == '-' && v[7] == '-' && strncmp(v, dct_str, 10) > 0)
            e->modality = NERVE_MODALITY_PLANNED;
        else if (n == 8 && v[4] == '-' && v[5] == 'W' && week[0] && strcmp(v, week) > 0)
            e->modality = NERVE_MODALITY_PLANNED; /* "next week" */
        else if (n == 7 && v[4] == '-' && strncmp(v, dct_str, 7) > 0)
            e->modality = NERVE_MODALITY_PLANNED; /* "next month" */
    }
}

/* Places a and b (entities) are compatible: same, or one is in the other's country. */
static int where_compatible(const nerve__view *in, size_t ma, size_t mb, int *b_refines)
{
    *b_refines = 0;
    size_t ea = mention_entity(in, ma), eb = mention_entity(in, mb);
    if (ea == eb)
        return 1;
    if (ea == NERVE_NONE || eb == NERVE_NONE)
        return 0;
    const nerve_entity *a = &in->ent[ea], *b = &in->ent[eb];
    const nerve_mention *am = &in->ment[ma], *bm = &in->ment[mb];
    if (!a->country || !b->country || strcmp(a->country, b->country) != 0)
        return 0;
    int a_country = am->subtype && strcmp(am->subtype, "country") == 0;
    int b_country = bm->subtype && strcmp(bm->subtype, "country") == 0;
    if (a_country && !b_country) {
        *b_refines = 1;
        return 1;
    }
    return b_country && !a_country;
}

/* Day number of a "YYYY-MM-DD..." value, or -1. */
/* Same date, or days at most 3 apart (one trip over several days). */
static int when_compatible(const nerve__view *in, const ev_arg *a, const ev_arg *b)
{
    if (!a || !b)
        return 1;
    const char *va = in->ment[a->mention].value, *vb = in->ment[b->mention].value;
    if (!va || !vb || strcmp(va, vb) == 0)
        return 1;
    long da = day_number(va), db = day_number(vb);
    if (da >= 0 && db >= 0)
        return labs(da - db) <= 3;
    /* a period holds the day: "this year", "in June" and "on June 14" */
    size_t la = strlen(va), lb = strlen(vb);
    if ((la < lb && strncmp(va, vb, la) == 0 && vb[la] == '-') ||
        (lb < la && strncmp(vb, va, lb) == 0 && va[lb] == '-'))
        return 1;
    char week[16];
    if (da >= 0 && iso_week_of(va, week))
        return strcmp(week, vb) == 0;
    if (db >= 0 && iso_week_of(vb, week))
        return strcmp(week, va) == 0;
    return 0;
}

static int mergeable_modality(int a, int b)
{
    int ka = a == NERVE_MODALITY_ASSERTED || a == NERVE_MODALITY_PLANNED;
    int kb = b == NERVE_MODALITY_ASSERTED || b == NERVE_MODALITY_PLANNED;
    return (ka && kb) || a == b;
}

/* Merge b into a: union of arguments and evidence. */
static int merge_into(ev_state *st, ev_tmp *a, ev_tmp *b)
{
    const nerve__view *in = st->in;
    size_t first = st->args.n;
    for (size_t pass = 0; pass < 2; pass++) {
        const ev_tmp *src = pass ? b : a;
        for (size_t i = 0; i < src->arg_count; i++) {
            ev_arg x = st->args.v[src->arg_first + i];
            int dup = 0;
            for (size_t k = first; k < st->args.n; k++) {
                const ev_arg *y = &st->args.v[k];
                size_t ex = mention_entity(in, x.mention), ey = mention_entity(in, y->mention);
                dup |= role_is(x.role, y->role) &&
                       (same_filler(&x, y) || (ex != NERVE_NONE && ex == ey) ||
                        (role_is(x.role, "when") && x.mention != NERVE_NONE &&
                         y->mention != NERVE_NONE && in->ment[x.mention].value &&
                         in->ment[y->mention].value &&
                         strcmp(in->ment[x.mention].value, in->ment[y->mention].value) == 0));
            }
            if (!dup && nerve__vec_push(st->al, &st->args, x) != NERVE_OK)
                return NERVE_ENOMEM;
        }
    }
    a->arg_first = first;
    a->arg_count = st->args.n - first;
    size_t efirst = st->evid.n;
    for (size_t pass = 0; pass < 2; pass++) {
        const ev_tmp *src = pass ? b : a;
        for (size_t i = 0; i < src->evid_count; i++)
            if (nerve__vec_push(st->al, &st->evid, st->evid.v[src->evid_first + i]) != NERVE_OK)
                return NERVE_ENOMEM;
    }
    a->evid_first = efirst;
    a->evid_count = st->evid.n - efirst;
    if (a->modality == NERVE_MODALITY_ASSERTED && b->modality == NERVE_MODALITY_PLANNED)
        a->modality = NERVE_MODALITY_PLANNED;
    b->alive = 0;
    return NERVE_OK;
}

enum { MERGE_REACH = 256 };

/* Do a and b, of one type, not contradict each other: no split role (other
 * than who) filled differently, compatible places, dates and modality? */
static int compatible_events(const ev_state *st, const ev_tmp *a, const ev_tmp *b)
{
    const nerve__view *in = st->in;
    if (strcmp(a->info->label, b->info->label) != 0 ||
        !mergeable_modality(a->modality, b->modality))
        return 0;
    for (size_t r = 0; r < N_SPLIT; r++) {
        if (role_is(split_roles[r], "who"))
            continue;
        const ev_arg *fa = find_arg(st, a, split_roles[r]), *fb = find_arg(st, b, split_roles[r]);
        if (!fa || !fb || same_filler(fa, fb))
            continue;
        if (role_is(split_roles[r], "where")) {
            int refines = 0;
            if (fa->mention == NERVE_NONE || fb->mention == NERVE_NONE ||
                !where_compatible(in, fa->mention, fb->mention, &refines))
                return 0;
            continue;
        }
        size_t ea = mention_entity(in, fa->mention), eb = mention_entity(in, fb->mention);
        if (ea == NERVE_NONE || ea != eb)
            return 0;
    }
    return when_compatible(in, find_arg(st, a, "when"), find_arg(st, b, "when"));
}

/*
 * One event per happening. Two statements with the same who (one entity)
 * that do not contradict each other are one event ("Esper is expected in
 * Morocco" ... "Esper's Maghreb tour will end in Rabat"; "Clark held talks
 * with Baker" ... "Clark discussed acid rain with Baker"). A statement with
 * no who is a re-mention ("the talks", "the blast", "a visit to Rabat"):
 * it joins the most recent compatible event of its type, else the nearest
 * later one, so a consequence clause or a later reference does not become
 * an event of its own.
 */
static int merge_events(ev_state *st)
{
    const nerve__view *in = st->in;
    for (size_t i = 0; i < st->ev.n; i++) {
        ev_tmp *a = &st->ev.v[i];
        if (!a->alive)
            continue;
        /* a repeated statement comes within the next MERGE_REACH events;
         * the bound keeps a document of thousands of events linear */
        for (size_t j = i + 1; j < st->ev.n && j - i <= MERGE_REACH; j++) {
            ev_tmp *b = &st->ev.v[j];
            if (!b->alive || strcmp(a->info->label, b->info->label) != 0 ||
                !mergeable_modality(a->modality, b->modality))
                continue;
            const ev_arg *wa = find_arg(st, a, "who"), *wb = find_arg(st, b, "who");
            if (!wa || !wb)
                continue;
            size_t ea = mention_entity(in, wa->mention), eb = mention_entity(in, wb->mention);
            if (ea == NERVE_NONE || ea != eb)
                continue;
            /* the same place and date: one event, whoever else takes part
             * ("talks with A and B in Tunis" is one meeting with both) */
            const ev_arg *pa = find_arg(st, a, "where"), *pb = find_arg(st, b, "where");
            int refines = 0;
            int same_place = pa && pb && pa->mention != NERVE_NONE && pb->mention != NERVE_NONE &&
                             where_compatible(in, pa->mention, pb->mention, &refines) &&
                             when_compatible(in, find_arg(st, a, "when"), find_arg(st, b, "when"));
            if (!same_place && !compatible_events(st, a, b))
                continue;
            int rc = merge_into(st, a, b);
            if (rc != NERVE_OK)
                return rc;
        }
    }
    for (size_t j = 0; j < st->ev.n; j++) {
        ev_tmp *b = &st->ev.v[j];
        if (!b->alive || find_arg(st, b, "who") ||
            !has_role(nerve__rules_event_roles(in->model->rules, b->info->label), "who"))
            continue;
        ev_tmp *into = NULL;
        for (size_t i = j; i-- > 0 && j - i <= MERGE_REACH && !into;)
            if (st->ev.v[i].alive && compatible_events(st, &st->ev.v[i], b))
                into = &st->ev.v[i];
        for (size_t i = j + 1; i < st->ev.n && i - j <= MERGE_REACH && !into; i++)
            if (st->ev.v[i].alive && compatible_events(st, &st->ev.v[i], b))
                into = &st->ev.v[i];
        if (into) {
            int rc = merge_into(st, into, b);
            if (rc != NERVE_OK)
                return rc;
        }
    }
    return NERVE_OK;
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
static int publish(ev_state *st)
{
    const nerve__view *in = st->in;
    for (size_t i = 0; i < st->ev.n; i++) {
        const ev_tmp *e = &st->ev.v[i];
        if (!e->alive)
            continue;
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

/* A headline in capitals ("MINISTER CALLS OFF TRIP TO PERU") restates the
 * body in a caseless telegraphic style whose names cannot be read; the body
 * says the same with its roles, so no event is read from it. */
static int is_headline(const nerve__view *in, size_t s, size_t dateline)
{
    /* the lines before the dateline ("PARIS, March 11 -") are its headline */
    if (dateline != NERVE_NONE && s < in->ment[dateline].sentence)
        return 1;
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

/* The dateline: a place that opens one of the first two lines and is
 * followed by a comma ("PARIS, March 11 - ..."). */
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
        if (m->type == NERVE_TYPE_LOC && m->token_end < in->ntok &&
            is_punct(&tok[m->token_end], ','))
            return k;
    }
    return NERVE_NONE;
}

int nerve__events_find(const nerve__view *in, nerve__events_scratch *sc, nerve__events_out *out)
{
    const nerve_model *m = in->model;
    if (nerve__ruleset_count(m->rules) == 0 || in->nsent == 0)
        return NERVE_OK;
    ev_state st;
    memset(&st, 0, sizeof st);
    st.in = in;
    st.sc = sc;
    st.out = out;
    st.al = sc->al;
    sc->sent.limit_hits = 0;
    st.dateline = find_dateline(in);
    st.cls_male = nerve__gaz_class_id(m->gaz, "pronoun_male");
    st.cls_female = nerve__gaz_class_id(m->gaz, "pronoun_female");
    st.cls_poss = nerve__gaz_class_id(m->gaz, "pronoun_possessive");
    size_t gi = 0, mi = 0;
    int rc = NERVE_OK;
    for (size_t s = 0; rc == NERVE_OK && s < in->nsent; s++) {
        if (is_headline(in, s, st.dateline))
            continue;
        rc = event_features(in, &sc->sent, s, &gi, &mi);
        if (rc != NERVE_OK)
            break;
        nerve__rsent rs;
        rc = nerve__sentence_run(&sc->sent, in, s, NERVE__RULE_EVENT, &rs);
        for (size_t k = 0; rc == NERVE_OK && k < sc->sent.matches.m.n; k++)
            rc = events_from_match(&st, s, &sc->sent.matches.m.v[k]);
    }
    if (rc == NERVE_OK)
        rc = entity_genders(&st);
    if (rc == NERVE_OK) {
        dedupe_triggers(&st);
        rc = fill_who_when(&st);
    }
    if (rc == NERVE_OK) {
        future_is_planned(&st);
        rc = merge_events(&st);
    }
    if (rc == NERVE_OK)
        rc = publish(&st);
    out->limit_hits += sc->sent.limit_hits;
    nerve__vec_free(st.al, &st.ev);
    nerve__vec_free(st.al, &st.args);
    nerve__vec_free(st.al, &st.evid);
    nerve__free(st.al, st.gender);
    return rc;
}
