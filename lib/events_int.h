/*
 * events_int.h - what the files of the event stage share (see events.c for
 * the steps and which file owns each): the events being built, their
 * arguments and evidence, the stage's state, and the functions one file
 * calls in another. Not used outside lib/events*.c.
 */
#ifndef NERVE_EVENTS_INT_H
#define NERVE_EVENTS_INT_H

#include "events.h"
#include "sentence.h"

#include <string.h>

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

/* A veto rule's match: no event of its type on these trigger tokens. */
typedef struct ev_veto {
    const char *label;
    size_t b, e;
} ev_veto;

/* The stage's scratch: the sentence as the event rules see it. */
struct nerve__events_scratch {
    const nerve_allocator *al;
    nerve__sentence sent;
    nerve__gaz_matches word; /* the lexicon entries of one token alone (word_in_class) */
};

enum { EV_TYPE_CUES = 16 }; /* event types whose cue classes are kept resolved */

typedef struct ev_state {
    const nerve__view *in; /* the model and the earlier stages' results */
    nerve__events_scratch *sc;
    nerve__events_out *out;
    const nerve_allocator *al;
    int keep_incomplete; /* publish events missing a key role (NERVE_OPT_INCOMPLETE_EVENTS) */
    size_t dateline;     /* the dateline's place mention ("PARIS, March 11 -"), or NERVE_NONE */
    uint32_t cls_male, cls_female, cls_poss; /* pronoun classes (clause_words.tsv) */
    uint32_t cls_back_det, cls_back_pron;    /* refer_back_* (event_cues.tsv) */
    uint32_t cls_origin;                     /* origin_word (event_cues.tsv) */
    uint32_t cls_pron_obj;                   /* pronoun_object (clause_words.tsv) */
    uint32_t cls_target;                     /* target_noun (role_nouns.tsv) */
    uint32_t cls_phrase_of;                  /* phrase_of (clause_words.tsv) */
    uint32_t cls_pron_thing;                 /* pronoun_thing (clause_words.tsv) */
    char *gender;              /* per entity: 'm', 'f' or 0, from the given names of its mentions */
    const char **side_country; /* per entity, while merging: the country it stands for */
    /* the cue classes figurative_TYPE and unrealized_TYPE (event_cues.tsv) of
     * the event types met so far, resolved once per type, not per event */
    struct {
        const char *label;
        uint32_t figurative, unrealized, cause;
    } type_cues[EV_TYPE_CUES];
    size_t ntype_cues;
    NERVE__VEC(ev_tmp) ev;
    NERVE__VEC(ev_arg) args;
    NERVE__VEC(ev_range) evid;
    NERVE__VEC(ev_veto) veto; /* the current sentence's */
} ev_state;

/* Bits of the cue classes, in the order of NERVE__CLS_PLANNED ... _UNCERTAIN. */
enum { CUE_PLANNED = 1, CUE_CANCELLED = 2, CUE_NEGATED = 4, CUE_UNCERTAIN = 8 };

/* Roles whose coordinated fillers are one event each: "trips to Tunisia
 * and Algeria", "met A, B and C", "attacked X and Y". Other roles (when,
 * purpose, ...) keep all their fillers. */
static const char *const nerve__events_split_roles[] = {"where", "with", "target", "who"};
enum {
    N_SPLIT = sizeof nerve__events_split_roles / sizeof *nerve__events_split_roles,
    MAX_SPLIT_EVENTS = 32
};

static inline int role_is(const char *role, const char *name)
{
    return role && strcmp(role, name) == 0;
}

static inline const ev_arg *find_arg(const ev_state *st, const ev_tmp *e, const char *role)
{
    for (size_t i = 0; i < e->arg_count; i++)
        if (role_is(st->args.v[e->arg_first + i].role, role))
            return &st->args.v[e->arg_first + i];
    return NULL;
}

static inline size_t mention_entity(const nerve__view *in, size_t mention)
{
    return mention == NERVE_NONE ? NERVE_NONE : in->ment[mention].entity;
}

/* Do a and b name the same filler (the same mention, or the same phrase)? */
static inline int same_filler(const ev_arg *a, const ev_arg *b)
{
    if (a->mention != NERVE_NONE || b->mention != NERVE_NONE)
        return a->mention == b->mention;
    return a->tb == b->tb && a->te == b->te;
}

static inline int actor_type(int type)
{
    return type == NERVE_TYPE_PER || type == NERVE_TYPE_ORG || type == NERVE_TYPE_NORP;
}

/* A news agency (gazetteer subtype news_agency: Reuters, Tass, Kyodo) is the
 * source of a report, not an actor or counterpart of the events it reports
 * ("told Reuters", "the Qatar news agency said ..."). */
static inline int news_source(const nerve_mention *m)
{
    return m->type == NERVE_TYPE_ORG && m->subtype && strcmp(m->subtype, "news_agency") == 0;
}

static inline int is_punct(const nerve_token *t, char c)
{
    return t->kind == NERVE_TOKEN_PUNCT && t->norm_len == 1 && t->norm[0] == c;
}

static inline const char *const *roles_of(const ev_state *st, const ev_tmp *e)
{
    return nerve__rules_event_roles(st->in->model->rules, e->info->label);
}

/* e's type's own string for role `name` (the role names events carry are
 * the declaration's), or NULL when the type has no such role. */
static inline const char *role_named(const ev_state *st, const ev_tmp *e, const char *name)
{
    for (const char *const *r = roles_of(st, e); r && *r; r++)
        if (strcmp(*r, name) == 0)
            return *r;
    return NULL;
}

static inline int has_role(const char *const *roles, const char *name)
{
    for (; roles && *roles; roles++)
        if (strcmp(*roles, name) == 0)
            return 1;
    return 0;
}

/* events.c */
int nerve__events_push(ev_state *st, const ev_tmp *proto, const ev_arg *args, size_t nargs);
int nerve__events_add_arg(ev_state *st, ev_tmp *e, const char *role, size_t mention);
int nerve__events_add_phrase_arg(ev_state *st, ev_tmp *e, const char *role, const ev_arg *phrase);
int nerve__events_add_evidence(ev_state *st, ev_tmp *ev, size_t b, size_t e);
size_t nerve__events_first_mention(const nerve__view *in, size_t s);
int nerve__events_tok_in_class(const nerve__view *in, size_t t, uint32_t cls);
int nerve__events_tok_in_title(const nerve__view *in, size_t t);
int nerve__events_word_in_class(const ev_state *st, size_t t, uint32_t cls);
size_t nerve__events_mention_at(const nerve__view *in, size_t lo, size_t t);
/* events_merge.c: a definite or possessive before the trigger ("the accord") */
int nerve__events_definite_remention(const ev_state *st, const ev_tmp *e);
/* events_subject.c: the clause word before a participle opening a trigger's phrase */
size_t nerve__events_participle_at(const nerve__view *in, size_t sent, size_t trig_b);

/* events_match.c */
int nerve__events_features(const nerve__view *in, nerve__sentence *ss, size_t s, size_t *gi,
                           size_t *mi);
size_t nerve__events_phrase_person(const nerve__view *in, size_t mention);
int nerve__events_from_match(ev_state *st, size_t sent, const nerve__rmatch *rm);
int nerve__events_dedupe_triggers(ev_state *st);
/* Drop the events from ev[first..] that a veto of st->veto names, and
 * forget the vetoes. */
void nerve__events_apply_vetoes(ev_state *st, size_t first);

/* events_modality.c */
int nerve__events_modality_of(const nerve__view *in, size_t sent, size_t trig_b, size_t trig_e);
long nerve__events_day_number(const char *v);
int nerve__events_iso_week_of(const char *date, char *out);
int nerve__events_day_near_week(const char *date, const char *week, int slack);
void nerve__events_future_is_planned(ev_state *st);

/* events_subject.c */
enum { GROUP_MAX = 6 }; /* most people a sentence-opening "they" stands for */
int nerve__events_entity_genders(ev_state *st);
size_t nerve__events_antecedent_of(const ev_state *st, size_t t);
int nerve__events_holds(const ev_state *st, const ev_tmp *e, size_t k);
int nerve__events_passive_trigger(const nerve__view *in, const ev_tmp *e);
size_t nerve__events_subject_of(const ev_state *st, const ev_tmp *e, size_t *via);
/* If mention k, with the title and determiners before it, is the object of
 * a preposition ("a close aide to President X"), that preposition's token;
 * else NERVE_NONE. */
size_t nerve__events_mention_after_prep(const ev_state *st, size_t k);
int nerve__events_subject_phrase(const ev_state *st, const ev_tmp *e, ev_arg *out, int *passive);
size_t nerve__events_group_antecedents(const ev_state *st, size_t t, size_t *out);

/* events_fill.c */
int nerve__events_fill_who_when(ev_state *st);

/* events_merge.c */
int nerve__events_after_origin(const ev_state *st, const ev_tmp *e);
int nerve__events_place_from_presence(ev_state *st);
int nerve__events_merge(ev_state *st);

#endif
