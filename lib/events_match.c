/*
 * events_match.c - rule matches to events (step 1 and 2 of events.c): the
 * sentence's features for the event rules, the filler of each capture (a
 * mention, the person a titled phrase is about, or a phrase that names no
 * entity), one event per coordinated filler of a split role, and one event
 * per trigger.
 */
#include "events_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Features of one sentence for event rules: lexicon classes and mentions. */
int nerve__events_features(const nerve__view *in, nerve__sentence *ss, size_t s, size_t *gi,
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

/* A title or a group noun (chairman, member, officials)? */
static int role_word(const nerve__view *in, size_t t)
{
    return nerve__events_tok_in_title(in, t) ||
           nerve__events_tok_in_class(in, t, in->model->cls[NERVE__CLS_GROUP_NOUN]);
}

/* Is the coordinator at t, inside a phrase from b, one between two
 * modifiers of a single head ("defence and oil ministers"), not between two
 * noun phrases ("ministers and officials", "the panel and its staff")? The
 * words before it hold no group noun; after it come one or two lower-case
 * words, then a group noun or the last word of the capture [b, e). */
static int coordinated_modifier(const nerve__view *in, size_t b, size_t t, size_t e)
{
    const uint32_t *cls = in->model->cls;
    if (!nerve__events_tok_in_class(in, t, cls[NERVE__CLS_COORDINATOR]))
        return 0;
    for (size_t u = b; u < t; u++)
        if (nerve__events_tok_in_class(in, u, cls[NERVE__CLS_GROUP_NOUN]) ||
            in->tok[u].kind != NERVE_TOKEN_WORD)
            return 0;
    for (size_t u = t + 1; u < e && u <= t + 3; u++) {
        const nerve_token *w = &in->tok[u];
        if (w->kind != NERVE_TOKEN_WORD ||
            (w->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)) ||
            nerve__events_tok_in_class(in, u, cls[NERVE__CLS_NP_DET]))
            return 0;
        if (u > t + 1 &&
            (nerve__events_tok_in_class(in, u, cls[NERVE__CLS_GROUP_NOUN]) || u + 1 == e))
            return 1; /* ... or the head its rule ends the phrase with ("research and
                       * development agreement") */
    }
    return 0;
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
    size_t mlo = nerve__events_first_mention(in, tok[b].sentence);
    /* "TOKYO, March 10 - Police arrested": a date and the marks before the
     * phrase are not part of it */
    for (;;) {
        size_t k = b < e ? nerve__events_mention_at(in, mlo, b) : NERVE_NONE;
        if (b < e && tok[b].kind == NERVE_TOKEN_PUNCT)
            b++;
        else if (k != NERVE_NONE && in->ment[k].type >= NERVE_TYPE_DATE)
            b = in->ment[k].token_end;
        else
            break;
    }
    const uint32_t *c0 = m->cls;
    if (b < e && (nerve__events_tok_in_class(in, b, c0[NERVE__CLS_CLAUSE_PREP]) ||
                  nerve__events_tok_in_class(in, b, c0[NERVE__CLS_CLAUSE_START]) ||
                  nerve__events_tok_in_class(in, b, c0[NERVE__CLS_COORDINATOR]) ||
                  nerve__events_tok_in_class(in, b, c0[NERVE__CLS_BE_FORM]) ||
                  nerve__events_tok_in_class(in, b, c0[NERVE__CLS_AUX_VERB])))
        return 0; /* "by rebels" is no object */
    /* "police spokesman Ott Cefkin said King was arrested": a rule's noun
     * phrase read across a name and its speech verb is a speaker and the
     * clause spoken, no phrase ("previously announced agreements", "met
     * officials and told reporters" are phrases still) */
    for (size_t u = b + 1; u < e; u++)
        if (nerve__events_tok_in_class(in, u, c0[NERVE__CLS_SPEECH_VERB]) &&
            (tok[u - 1].flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)))
            return 0;
    size_t t = b;
    for (; t < e; t++) {
        const uint32_t *cls = m->cls;
        size_t k = nerve__events_mention_at(in, mlo, t);
        if (k != NERVE_NONE && in->ment[k].type == NERVE_TYPE_PER) {
            out->mention = k;
            return 1;
        }
        if (t > b && coordinated_modifier(in, b, t, e))
            continue; /* "the defence and oil ministers" */
        int stop = tok[t].kind == NERVE_TOKEN_PUNCT && !is_punct(&tok[t], '-');
        stop |= k != NERVE_NONE && in->ment[k].type >= NERVE_TYPE_DATE;
        stop |= t > b && (nerve__events_tok_in_class(in, t, cls[NERVE__CLS_CLAUSE_PREP]) ||
                          nerve__events_tok_in_class(in, t, cls[NERVE__CLS_CLAUSE_START]) ||
                          nerve__events_tok_in_class(in, t, cls[NERVE__CLS_COORDINATOR]) ||
                          nerve__events_tok_in_class(in, t, cls[NERVE__CLS_BE_FORM]) ||
                          nerve__events_tok_in_class(in, t, cls[NERVE__CLS_PLACE_HERE]));
        if (stop)
            break;
    }
    e = t;
    while (e > b && nerve__events_tok_in_class(in, e - 1, m->cls[NERVE__CLS_NP_DET]))
        e--;
    if (e == b || tok[e - 1].kind != NERVE_TOKEN_WORD)
        return 0;
    if (e - b == 1 && (nerve__events_tok_in_class(in, b, m->cls[NERVE__CLS_PRONOUN_PERSON]) ||
                       nerve__events_tok_in_class(in, b, m->cls[NERVE__CLS_PRONOUN_GROUP])))
        return 0;
    out->mention = NERVE_NONE;
    out->tb = b;
    out->te = e;
    return 1;
}

/* Did cutting the phrase a rule captured for a side of the event (who, with,
 * target) lose the noun its rule ended it with? "ended a meeting with a
 * frank confession that their governments ...": the rule read one phrase
 * up to "governments", the cut at "that" leaves "a frank confession",
 * which names nobody. A capture that ends in a group, title or target noun
 * must keep one. */
static int lost_head(const ev_state *st, const ev_arg *a, size_t cap_e, const char *role)
{
    const nerve__view *in = st->in;
    if (a->mention != NERVE_NONE || a->te >= cap_e ||
        !(role_is(role, "who") || role_is(role, "with") || role_is(role, "target")))
        return 0;
    if (nerve__events_tok_in_class(in, a->te, st->cls_phrase_of))
        return 0; /* "a number of villages", "the fronts of three divisions" */
    uint32_t target = st->cls_target;
    if (!role_word(in, cap_e - 1) && !nerve__events_tok_in_class(in, cap_e - 1, target))
        return 0;
    for (size_t t = a->tb; t < a->te; t++)
        if (role_word(in, t) || nerve__events_tok_in_class(in, t, target))
            return 0;
    return 1;
}

/* A phrase that ends the rule's match in a title or a group noun right
 * before a person ("jailed former deputy prime minister Alpaslan Turkes")
 * is that person's title, and the person fills the role: its mention, or
 * NERVE_NONE. (A rule that reads the person after the title itself, as in
 * "Trade Minister Karl Brandt was replaced", ends its match past it.) */
static size_t person_after(const nerve__view *in, const ev_arg *a)
{
    if (a->te <= a->tb || a->te >= in->ntok || !role_word(in, a->te - 1))
        return NERVE_NONE;
    size_t k = nerve__events_mention_at(
        in, nerve__events_first_mention(in, in->tok[a->tb].sentence), a->te);
    return k != NERVE_NONE && in->ment[k].type == NERVE_TYPE_PER && in->ment[k].token_begin == a->te
               ? k
               : NERVE_NONE;
}

/* A role filled by a clause as its rule captured it, [b, e) without
 * punctuation at either end; 0 when nothing is left. */
static int clause_filler(const nerve__view *in, size_t b, size_t e, ev_arg *out)
{
    while (b < e && in->tok[b].kind == NERVE_TOKEN_PUNCT)
        b++;
    while (e > b && in->tok[e - 1].kind == NERVE_TOKEN_PUNCT)
        e--;
    if (b == e)
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
size_t nerve__events_phrase_person(const nerve__view *in, size_t mention)
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
        int title = role_word(in, t) ||
                    nerve__events_tok_in_class(in, t, in->model->cls[NERVE__CLS_NP_DET]) ||
                    (tok[t].kind == NERVE_TOKEN_WORD &&
                     (tok[t].flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS))) ||
                    /* "Bundesbank board member Claus Koehler" */
                    (tok[t].kind == NERVE_TOKEN_WORD && t + 1 < end && role_word(in, t + 1));
        if (!title)
            break;
        titles++;
        t++;
    }
    return mention;
}

/* Push one event per combination of the fillers of the split roles from
 * nerve__events_split_roles[r] on; the other roles are shared. */
static int push_split(ev_state *st, const ev_tmp *proto, const ev_arg *args, size_t nargs, size_t r)
{
    for (; r < N_SPLIT; r++) {
        size_t count = 0;
        for (size_t i = 0; i < nargs; i++)
            count += role_is(args[i].role, nerve__events_split_roles[r]);
        if (count > 1)
            break;
    }
    if (r == N_SPLIT)
        return nerve__events_push(st, proto, args, nargs);
    size_t made = 0;
    for (size_t w = 0; w < nargs && made < MAX_SPLIT_EVENTS; w++) {
        if (!role_is(args[w].role, nerve__events_split_roles[r]))
            continue;
        ev_arg one[32];
        size_t n = 0;
        for (size_t i = 0; i < nargs; i++)
            if (i == w || !role_is(args[i].role, nerve__events_split_roles[r]))
                one[n++] = args[i];
        int rc = push_split(st, proto, one, n, r + 1);
        if (rc != NERVE_OK)
            return rc;
        made++;
    }
    return NERVE_OK;
}

/* A who before the trigger that is the object of a preposition and closes
 * an apposition between commas ("Dumas, a close aide to President X, met
 * Y"; "Y, president of Z, was named"): the rule read the apposition's end
 * as the subject; it is dropped, so that the stage reads the clause's
 * subject itself. ("plans for X to meet": no commas, X is the infinitive's
 * subject and stays.) */
static size_t drop_objects_as_actors(const ev_state *st, const ev_tmp *e, ev_arg *args,
                                     size_t nargs)
{
    const nerve__view *in = st->in;
    size_t out = 0;
    for (size_t i = 0; i < nargs; i++) {
        const ev_arg *a = &args[i];
        if (a->mention != NERVE_NONE && role_is(a->role, "who")) {
            const nerve_mention *mm = &in->ment[a->mention];
            int before = mm->token_end <= e->trig_b;
            int poss =
                mm->token_end < in->ntok && (in->tok[mm->token_end].flags & NERVE_TOK_POSSESSIVE);
            size_t c = mm->token_end;
            int closes = c < in->ntok && is_punct(&in->tok[c], ',');
            /* ... and a comma opened the apposition ("under Greenspan,
             * designated to succeed X" is a participle's antecedent) */
            size_t pb = nerve__events_mention_after_prep(st, a->mention);
            int opened = 0;
            for (size_t t = in->sent[mm->sentence].token_begin; pb != NERVE_NONE && t < pb; t++)
                opened |= is_punct(&in->tok[t], ',');
            if (before && !poss && closes && opened)
                continue;
        }
        args[out++] = args[i];
    }
    return out;
}

/* A later member of a comma list that is followed by a verb starts a new
 * clause instead ("after a meeting with Aquino, Shultz said"): the list
 * ends before it. A member is followed by a separator, a preposition, a
 * mention or the end of the sentence; a lower-case word other than those
 * is taken for a verb. A later member right before a speech verb is its
 * speaker whatever stands before it ("met Michel Camdessus, and economy
 * minister Juan Sourrouille said"). */
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
            verb_follows =
                t->kind == NERVE_TOKEN_WORD &&
                !(t->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)) &&
                !nerve__events_tok_in_class(in, next, m->cls[NERVE__CLS_CLAUSE_PREP]) &&
                !nerve__events_tok_in_class(in, next, m->cls[NERVE__CLS_COORDINATOR]) &&
                nerve__events_mention_at(in, nerve__events_first_mention(in, mm->sentence), next) ==
                    NERVE_NONE;
        }
        if (later && next < end &&
            nerve__events_tok_in_class(in, next, m->cls[NERVE__CLS_SPEECH_VERB]))
            verb_follows = 1;
        if (!verb_follows)
            args[out++] = args[i];
    }
    return out;
}

/* Is there a comma or a coordinator between phrase p and mention k (two
 * members of a list: "met Saad Haddad and the oil ministers")? */
static int list_apart(const nerve__view *in, const ev_arg *p, size_t k)
{
    const nerve_mention *m = &in->ment[k];
    size_t b = p->te <= m->token_begin ? p->te : m->token_end;
    size_t e = p->te <= m->token_begin ? m->token_begin : p->tb;
    if (p->tb < m->token_end && m->token_begin < p->te)
        return 0; /* they overlap: one noun phrase */
    for (size_t t = b; t < e; t++)
        if (is_punct(&in->tok[t], ',') ||
            nerve__events_tok_in_class(in, t, in->model->cls[NERVE__CLS_COORDINATOR]))
            return 1;
    return 0;
}

/* A phrase fills a role only where no entity of the same noun phrase does:
 * "met the full panel" gives the phrase, "met panel chairman Omar Haddad"
 * the person, "met Omar Haddad and the oil ministers" both. */
static size_t drop_phrases_beside_mentions(const nerve__view *in, ev_arg *args, size_t nargs)
{
    size_t out = 0;
    for (size_t i = 0; i < nargs; i++) {
        int named = 0;
        for (size_t j = 0; j < nargs && args[i].mention == NERVE_NONE; j++)
            named |= args[j].mention != NERVE_NONE && role_is(args[j].role, args[i].role) &&
                     !list_apart(in, &args[i], args[j].mention);
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

/* The lexicon class PREFIX_TYPE of an event type (event_cues.tsv), or
 * UINT32_MAX when the lexicon has none. */
static uint32_t type_cue_class(const nerve__view *in, const char *prefix, const char *label)
{
    char name[64];
    int n = snprintf(name, sizeof name, "%s_%s", prefix, label);
    if (n < 0 || (size_t)n >= sizeof name)
        return UINT32_MAX;
    return nerve__gaz_class_id(in->model->gaz, name);
}

/* The figurative_TYPE (which 0), unrealized_TYPE (1) or cause_TYPE (2) class of e's type,
 * looked up once per type and document. */
static uint32_t type_cues(ev_state *st, const ev_tmp *e, int which)
{
    const char *label = e->info->label;
    size_t k = 0;
    while (k < st->ntype_cues && strcmp(st->type_cues[k].label, label) != 0)
        k++;
    if (k == st->ntype_cues) {
        uint32_t fig = type_cue_class(st->in, "figurative", label),
                 unr = type_cue_class(st->in, "unrealized", label),
                 cau = type_cue_class(st->in, "cause", label);
        if (k == EV_TYPE_CUES)
            return which == 2 ? cau : which ? unr : fig; /* more types than the table keeps */
        st->type_cues[k].label = label;
        st->type_cues[k].figurative = fig;
        st->type_cues[k].unrealized = unr;
        st->type_cues[k].cause = cau;
        st->ntype_cues++;
    }
    return which == 2 ? st->type_cues[k].cause
           : which    ? st->type_cues[k].unrealized
                      : st->type_cues[k].figurative;
}

/* Words after a trigger that make it a figure of speech, not the event:
 * "attacked the budget proposals", "an attack on the dollar", "struck a
 * deal". The lexicon names them per event type (class figurative_TYPE in
 * event_cues.tsv). The object is read from the trigger to the end of its
 * phrase: one preposition may open it ("on", "against"); a second one, or a
 * punctuation mark, ends it. */
enum { FIGURATIVE_SPAN = 5 };

static int figurative_use(const nerve__view *in, ev_state *st, const ev_tmp *e)
{
    uint32_t cls = type_cues(st, e, 0);
    if (cls == UINT32_MAX)
        return 0;
    const nerve_sentence *se = &in->sent[e->sentence];
    size_t end = se->token_begin + se->token_count;
    uint32_t prep = in->model->cls[NERVE__CLS_CLAUSE_PREP];
    size_t span = FIGURATIVE_SPAN;
    for (size_t t = e->trig_e; t < end && t < e->trig_e + span; t++) {
        if (in->tok[t].flags & NERVE_TOK_POSSESSIVE) {
            span++; /* "fighting Fujitsu Ltd's plan": the owner's mark is no end */
            continue;
        }
        if (in->tok[t].kind == NERVE_TOKEN_PUNCT)
            return 0;
        if (nerve__events_word_in_class(st, t, cls))
            return 1;
        if (t > e->trig_e && nerve__events_word_in_class(st, t, prep))
            return 0;
    }
    return 0;
}

/* Words a few tokens before a trigger, in its clause, that make it an event
 * not yet come about: "negotiation of a trade agreement", "trying to reach
 * agreement" (class unrealized_TYPE in event_cues.tsv). */
enum { UNREALIZED_SPAN = 5 };

/* ... and words there that name a cause that is no actor of the type: "the
 * earthquake killed 1,000 people", "a storm struck the coast" (class
 * cause_TYPE): no attack. */
static int before_cue(const nerve__view *in, ev_state *st, const ev_tmp *e, int which);

static int unrealized_use(const nerve__view *in, ev_state *st, const ev_tmp *e)
{
    return before_cue(in, st, e, 1) || before_cue(in, st, e, 2);
}

static int before_cue(const nerve__view *in, ev_state *st, const ev_tmp *e, int which)
{
    uint32_t cls = type_cues(st, e, which);
    if (cls == UINT32_MAX)
        return 0;
    const nerve_sentence *se = &in->sent[e->sentence];
    const uint32_t *mc = in->model->cls;
    for (size_t k = 1; k <= UNREALIZED_SPAN && e->trig_b >= se->token_begin + k; k++) {
        size_t t = e->trig_b - k;
        if (in->tok[t].kind == NERVE_TOKEN_PUNCT ||
            nerve__events_word_in_class(st, t, mc[NERVE__CLS_CLAUSE_START]))
            return 0;
        if (nerve__events_word_in_class(st, t, cls))
            return 1;
    }
    return 0;
}

/* Is mention k the dateline's place, or the country after it ("REGGIO
 * CALABRIA, Italy, April 1 -")? */
static int in_dateline(const ev_state *st, size_t k)
{
    const nerve__view *in = st->in;
    size_t d = st->dateline;
    if (d == NERVE_NONE || k == NERVE_NONE)
        return 0;
    if (k == d)
        return 1;
    const nerve_mention *a = &in->ment[d], *b = &in->ment[k];
    return k == d + 1 && b->type == NERVE_TYPE_LOC && b->token_begin == a->token_end + 1 &&
           is_punct(&in->tok[a->token_end], ',');
}

/* Turn one rule match into events (one per coordinated filler). */
int nerve__events_from_match(ev_state *st, size_t sent, const nerve__rmatch *rm)
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
        if (info->veto || nargs == sizeof args / sizeof *args)
            continue;
        const nerve__rfeat *f =
            cap->feat < st->sc->sent.feat.n ? &st->sc->sent.feat.v[cap->feat] : NULL;
        size_t ref = f ? f->ref : NERVE_NONE;
        int place = strcmp(name, "where") == 0 || strcmp(name, "when") == 0;
        ev_arg a = {name, NERVE_NONE, 0, 0};
        if (f && f->kind == NERVE__RF_CLASS && f->id == in->model->cls[NERVE__CLS_PLACE_HERE] &&
            strcmp(name, "where") == 0 && st->dateline != NERVE_NONE)
            a.mention = st->dateline; /* "a visit here": the dateline's place */
        else if (f && f->kind == NERVE__RF_MENTION && !place && ref != NERVE_NONE &&
                 news_source(&in->ment[ref]) && (role_is(name, "who") || role_is(name, "with")))
            continue; /* "he told Reuters that X was arrested" (an agency may be a
                         target: "hackers hijacked the Associated Press's account") */
        else if (f && f->kind == NERVE__RF_MENTION && !place && in_dateline(st, ref))
            continue; /* "BERNE, March 4 - X met Y": the dateline is where the
                         story was filed, never a participant (a parse may
                         make it the verb's subject) */
        else if (f && f->kind == NERVE__RF_MENTION)
            a.mention = place ? ref : nerve__events_phrase_person(in, ref);
        else if (!place && cap->tok_end == cap->tok_begin + 1 &&
                 nerve__events_tok_in_class(in, se->token_begin + cap->tok_begin,
                                            st->cls_pron_obj)) {
            a.tb = se->token_begin + cap->tok_begin; /* resolved in events_fill.c */
            a.te = a.tb + 1;
        } else if (has_role(nerve__rules_event_clauses(rs, info->label), name)) {
            /* a clause role ("purpose": "to seek new credits"), delimited by
             * its rule: kept as captured, without punctuation at its ends */
            if (!clause_filler(in, se->token_begin + cap->tok_begin, se->token_begin + cap->tok_end,
                               &a))
                continue;
        } else if (place || !phrase_filler(in, se->token_begin + cap->tok_begin,
                                           se->token_begin + cap->tok_end, &a))
            continue;
        else if (a.mention == NERVE_NONE && a.te == proto.match_e)
            a.mention = person_after(in, &a); /* "jailed former deputy premier X" */
        if (lost_head(st, &a, se->token_begin + cap->tok_end, name))
            continue;
        int dup = 0;
        for (size_t i = 0; i < nargs; i++)
            dup |= same_filler(&args[i], &a) && role_is(args[i].role, name);
        if (dup)
            continue;
        args[nargs] = a;
        nargs++;
    }
    if (info->veto) {
        ev_veto v = {info->label, proto.trig_b, proto.trig_e};
        return nerve__vec_push(st->al, &st->veto, v);
    }
    nargs = drop_phrases_beside_mentions(in, args, nargs);
    nargs = drop_clause_subjects(in, args, nargs);
    nargs = drop_objects_as_actors(st, &proto, args, nargs);
    symmetric_sides(rs, info, args, nargs);
    if (figurative_use(in, st, &proto) || unrealized_use(in, st, &proto))
        return NERVE_OK;
    proto.modality = nerve__events_modality_of(in, sent, proto.trig_b, proto.trig_e);
    return push_split(st, &proto, args, nargs, 0);
}

enum { PREMOD_GAP = 3 }; /* words between a premodifier and the person ("economist") */

/*
 * Is filler p a premodifier of the person that filler k names: two readings
 * of one noun phrase ("senior bank executive" or "World Bank" before
 * "Karl Brandt" in "senior World Bank economist Karl Brandt")? p is a phrase
 * or a place, body or nationality that ends a few words before k's person,
 * with only words between that neither join nor govern a phrase.
 */
static int premodifies(const nerve__view *in, const ev_arg *p, const ev_arg *k)
{
    if (k->mention == NERVE_NONE || in->ment[k->mention].type != NERVE_TYPE_PER)
        return 0;
    size_t pe = p->te;
    if (p->mention != NERVE_NONE) {
        int t = in->ment[p->mention].type;
        if (t != NERVE_TYPE_ORG && t != NERVE_TYPE_LOC && t != NERVE_TYPE_NORP)
            return 0;
        pe = in->ment[p->mention].token_end;
    } else if (p->te <= p->tb) {
        return 0;
    }
    size_t kb = in->ment[k->mention].token_begin;
    if (pe > kb || kb - pe > PREMOD_GAP)
        return 0;
    const uint32_t *cls = in->model->cls;
    for (size_t t = pe; t < kb; t++)
        if (in->tok[t].kind != NERVE_TOKEN_WORD ||
            nerve__events_tok_in_class(in, t, cls[NERVE__CLS_CLAUSE_PREP]) ||
            nerve__events_tok_in_class(in, t, cls[NERVE__CLS_COORDINATOR]))
            return 0;
    return 1;
}

/* Does f fill role in e? */
static int fills_role(const ev_state *st, const ev_tmp *e, const ev_arg *f, const char *role)
{
    for (size_t i = 0; i < e->arg_count; i++)
        if (role_is(st->args.v[e->arg_first + i].role, role) &&
            same_filler(&st->args.v[e->arg_first + i], f))
            return 1;
    return 0;
}

/* Is the who of b the other side of a's encounter, b naming no other side
 * ("Ruiz and Bruni will meet": who Ruiz with Bruni, and who Bruni alone)? */
static int other_side(const ev_state *st, const ev_tmp *a, const ev_tmp *b, const ev_arg *fb)
{
    return !find_arg(st, b, "with") && fills_role(st, a, fb, "with");
}

/* Do a and b have different fillers for one of the split roles, other
 * than two readings of one noun phrase or the two sides of one encounter?
 * *head is set to 1 when b reads the phrase's person where a reads a
 * premodifier, -1 for the other way. */
static int fillers_differ(const ev_state *st, const ev_tmp *a, const ev_tmp *b, int *head,
                          int *sides)
{
    *head = 0;
    *sides = 0;
    for (size_t r = 0; r < N_SPLIT; r++) {
        const ev_arg *fa = find_arg(st, a, nerve__events_split_roles[r]),
                     *fb = find_arg(st, b, nerve__events_split_roles[r]);
        if (!fa || !fb || same_filler(fa, fb))
            continue;
        if (role_is(fa->role, "who") && (other_side(st, a, b, fb) || other_side(st, b, a, fa))) {
            *sides = 1;
            continue;
        }
        if (premodifies(st->in, fa, fb))
            *head = 1;
        else if (premodifies(st->in, fb, fa))
            *head = -1;
        else
            return 1;
    }
    return 0;
}

/* How many of e's roles a mention fills. */
static size_t named_args(const ev_state *st, const ev_tmp *e)
{
    size_t n = 0;
    for (size_t i = 0; i < e->arg_count; i++)
        n += st->args.v[e->arg_first + i].mention != NERVE_NONE;
    return n;
}

/* The roles named in loser and not in keeper, given to keeper: the event
 * of one side of an encounter may have read its place or date. */
static int absorb(ev_state *st, ev_tmp *keeper, const ev_tmp *loser)
{
    for (size_t i = 0; i < loser->arg_count; i++) {
        ev_arg a = st->args.v[loser->arg_first + i];
        if (a.mention == NERVE_NONE || find_arg(st, keeper, a.role))
            continue;
        int rc = nerve__events_add_arg(st, keeper, a.role, a.mention);
        if (rc != NERVE_OK)
            return rc;
    }
    return NERVE_OK;
}

void nerve__events_apply_vetoes(ev_state *st, size_t first)
{
    for (size_t k = 0; k < st->veto.n; k++) {
        const ev_veto *v = &st->veto.v[k];
        for (size_t i = first; i < st->ev.n; i++) {
            ev_tmp *e = &st->ev.v[i];
            if (e->trig_b < v->e && v->b < e->trig_e && strcmp(e->info->label, v->label) == 0)
                e->alive = 0;
        }
    }
    st->veto.n = 0;
}

/* Keep one event per (type, trigger): of two readings of one noun phrase
 * the one naming its person, else the one with the most roles, then the
 * most roles named by a mention, then the higher priority. Of the events of
 * the two sides of one encounter, the one naming both keeps the other's
 * roles. */
int nerve__events_dedupe_triggers(ev_state *st)
{
    for (size_t i = 0; i < st->ev.n; i++) {
        ev_tmp *a = &st->ev.v[i];
        for (size_t j = i + 1; a->alive && j < st->ev.n && st->ev.v[j].sentence == a->sentence;
             j++) {
            ev_tmp *b = &st->ev.v[j];
            if (!b->alive || b->trig_b != a->trig_b || strcmp(b->info->label, a->info->label) != 0)
                continue;
            int head, sides;
            if (fillers_differ(st, a, b, &head, &sides))
                continue; /* coordinated events share a trigger */
            size_t na = named_args(st, a), nb = named_args(st, b);
            int b_better =
                head ? head > 0
                     : b->arg_count > a->arg_count ||
                           (b->arg_count == a->arg_count &&
                            (nb > na || (nb == na && b->info->priority > a->info->priority)));
            ev_tmp *keep = b_better ? b : a, *lose = b_better ? a : b;
            if (sides) {
                if (find_arg(st, lose, "with")) { /* the one naming both sides stays */
                    ev_tmp *t = keep;
                    keep = lose;
                    lose = t;
                }
                int rc = absorb(st, keep, lose);
                if (rc != NERVE_OK)
                    return rc;
            }
            lose->alive = 0;
            if (lose == a)
                break;
        }
    }
    return NERVE_OK;
}
