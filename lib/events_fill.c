/*
 * events_fill.c - filling a missing who, when and where of each event
 * (step 3 of events.c): from the subject of its clause (events_subject.c),
 * another event of the sentence, a possessive, a sentence-opening "they",
 * or the previous event of its type when the sentence refers back to it;
 * the nearest date; the place of another event of the sentence or of the
 * journey just before.
 */
#include "events_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Does the event refer back to the actor of earlier sentences: a definite
 * or possessive before the trigger ("the visit", "his trip") or a personal
 * pronoun before it in the sentence ("he then flew")? */
static int continues_discourse(const ev_state *st, const ev_tmp *e)
{
    const nerve__view *in = st->in;
    size_t first = in->sent[e->sentence].token_begin;
    if (nerve__events_definite_remention(st, e))
        return 1;
    for (size_t t = first; t < e->trig_b; t++)
        if (nerve__events_word_in_class(st, t, st->cls_back_pron))
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
 * mention k (instead of event i's), read through the pronoun at token pron. */
static int clone_with_who(ev_state *st, size_t i, const char *who_name, size_t k, size_t pron)
{
    ev_tmp proto = st->ev.v[i];
    ev_arg args[32];
    size_t n = 0;
    for (size_t a = 0; a < proto.arg_count && n < 31; a++)
        if (!role_is(st->args.v[proto.arg_first + a].role, "who"))
            args[n++] = st->args.v[proto.arg_first + a];
    ev_arg w = {who_name, k, 0, 0};
    args[n++] = w;
    int rc = nerve__events_push(st, &proto, args, n);
    if (rc == NERVE_OK)
        rc = nerve__events_add_evidence(st, &st->ev.v[st->ev.n - 1], pron, pron + 1);
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

/* The personal pronoun coordinated before mention k ("he and Economy
 * Minister X"), past the title words of k, or NERVE_NONE. */
static size_t pronoun_before(const ev_state *st, size_t k)
{
    const nerve__view *in = st->in;
    const uint32_t *cls = in->model->cls;
    size_t first = in->sent[in->ment[k].sentence].token_begin;
    size_t p = in->ment[k].token_begin;
    for (size_t n = 0; n < 4 && p > first && nerve__events_tok_in_title(in, p - 1); n++)
        p--;
    if (p < first + 2 || !nerve__events_tok_in_class(in, p - 1, cls[NERVE__CLS_COORDINATOR]) ||
        !nerve__events_tok_in_class(in, p - 2, cls[NERVE__CLS_PRONOUN_PERSON]))
        return NERVE_NONE;
    return p - 2;
}

/* The end of the relative clause set off by commas that token t is in
 * (", who arrived on Sunday,": the token of its closing comma or the
 * sentence end), with *b its relative pronoun; 0 when t is in none. */
static size_t aside_around(const nerve__view *in, size_t t, size_t *b)
{
    const nerve_sentence *se = &in->sent[in->tok[t].sentence];
    size_t first = se->token_begin, end = first + se->token_count;
    uint32_t rel = in->model->cls[NERVE__CLS_RELATIVE_PRONOUN];
    for (size_t p = t; p > first + 1; p--) {
        if (is_punct(&in->tok[p - 1], ',') || is_punct(&in->tok[p - 1], ';'))
            return 0;
        if (is_punct(&in->tok[p - 2], ',') && nerve__events_tok_in_class(in, p - 1, rel)) {
            size_t q = t;
            while (q < end && !is_punct(&in->tok[q], ','))
                q++;
            *b = p - 1;
            return q;
        }
    }
    return 0;
}

/* May the date mention m be the date of an event whose trigger is at
 * [tb, te)? Not the dateline's date (the date of the report, not of what
 * it reports), and not a date inside a relative clause the trigger is not
 * in ("Ruiz, who arrived on Sunday, will meet ..."). */
static int date_for(const ev_state *st, const nerve_mention *m, size_t tb)
{
    const nerve__view *in = st->in;
    if (st->dateline != NERVE_NONE) {
        const nerve_mention *dl = &in->ment[st->dateline];
        if (dl->sentence == m->sentence && m->token_begin >= dl->token_end &&
            m->token_begin <= dl->token_end + 1)
            return 0; /* "PARIS, March 11 -" */
    }
    size_t b = 0, e = aside_around(in, m->token_begin, &b);
    return !e || (tb >= b && tb < e);
}

/* Fill a missing who, when and where (see the file comment). */
/* A role the rule filled with an object pronoun ("appointed him adviser")
 * is the pronoun's antecedent, the pronoun kept as evidence; with none, the
 * pronoun stays the role's phrase (the person is not known). */
static int resolve_object_pronouns(ev_state *st, ev_tmp *e)
{
    const nerve__view *in = st->in;
    for (size_t i = 0; i < e->arg_count; i++) {
        ev_arg *a = &st->args.v[e->arg_first + i];
        if (a->mention != NERVE_NONE || a->te != a->tb + 1 ||
            !nerve__events_tok_in_class(in, a->tb, st->cls_pron_obj))
            continue;
        size_t k = nerve__events_antecedent_of(st, a->tb);
        if (k == NERVE_NONE || nerve__events_holds(st, e, k))
            continue;
        size_t tb = a->tb;
        a->mention = k;
        int rc = nerve__events_add_evidence(st, e, tb, tb + 1);
        if (rc != NERVE_OK)
            return rc;
    }
    return NERVE_OK;
}

/* Is e's trigger a verb in the active voice, read on the surface: a word
 * in -ed or -ing ("detained", "arresting"; "his arrest" is a noun) after no
 * determiner or possessive, no comma ("Karl Brandt, arrested in May,
 * said" is a reduced passive) and no coordinator ("was arrested and
 * jailed")? The passive with be is tested apart. */
static int active_verb(const ev_state *st, const ev_tmp *e)
{
    const nerve__view *in = st->in;
    const nerve_token *w = &in->tok[e->trig_e - 1];
    int ed = w->norm_len > 3 && memcmp(w->norm + w->norm_len - 2, "ed", 2) == 0;
    int ing = w->norm_len > 4 && memcmp(w->norm + w->norm_len - 3, "ing", 3) == 0;
    if (!ed && !ing)
        return 0;
    if (e->trig_b == in->sent[e->sentence].token_begin)
        return 1;
    size_t p = e->trig_b - 1;
    return !is_punct(&in->tok[p], ',') &&
           !nerve__events_word_in_class(st, p, in->model->cls[NERVE__CLS_NP_DET]) &&
           !nerve__events_tok_in_class(in, p, in->model->cls[NERVE__CLS_COORDINATOR]) &&
           !nerve__events_tok_in_class(in, p, st->cls_poss);
}

int nerve__events_fill_who_when(ev_state *st)
{
    const nerve__view *in = st->in;
    for (size_t i = 0; i < st->ev.n; i++) {
        ev_tmp *e = &st->ev.v[i];
        if (!e->alive)
            continue;
        int prc = resolve_object_pronouns(st, e);
        if (prc != NERVE_OK)
            return prc;
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
        /* "he and Minister X met Y": the pronoun's person is a subject too,
         * one event each (as for a list of names) */
        size_t pron =
            who && who->mention != NERVE_NONE ? pronoun_before(st, who->mention) : NERVE_NONE;
        if (pron != NERVE_NONE) {
            size_t a = nerve__events_antecedent_of(st, pron);
            if (a != NERVE_NONE && !nerve__events_holds(st, e, a)) {
                int rc = clone_with_who(st, i, who->role, a, pron);
                if (rc != NERVE_OK)
                    return rc;
                e = &st->ev.v[i]; /* the events may have moved */
                who = find_arg(st, e, "who");
            }
        }
        if (!who && has_who_role) {
            size_t via = NERVE_NONE; /* the pronoun the who is read through */
            size_t from = nerve__events_subject_of(st, e, &via);
            /* a pronoun subject the stage cannot resolve: the actor is unknown */
            int unresolved = from == NERVE_NONE && via != NERVE_NONE;
            int passive_trigger = nerve__events_passive_trigger(in, e);
            int patient = passive_trigger && has_role(roles_of(st, e), "target");
            /* "the FDA said it had detained 15 shipments": an active
             * trigger's subject is its agent role's (the declaration's
             * `agent`), and the who stays unknown */
            const char *agent = passive_trigger || !active_verb(st, e)
                                    ? NULL
                                    : nerve__rules_event_agent(in->model->rules, e->info->label);
            if (agent) {
                if (from != NERVE_NONE && !find_arg(st, e, agent)) {
                    int rc = nerve__events_add_arg(st, e, agent, from);
                    if (rc != NERVE_OK)
                        return rc;
                }
                from = NERVE_NONE;
            }
            if (from != NERVE_NONE && patient) {
                /* "the convoy was attacked": the subject is the target */
                if (!find_arg(st, e, "target")) {
                    int rc = nerve__events_add_arg(
                        st, e, roles_of(st, e)[target_index(roles_of(st, e))], from);
                    if (rc != NERVE_OK)
                        return rc;
                }
                from = NERVE_NONE;
            }
            for (size_t j = lo; j < hi && from == NERVE_NONE && !patient && !agent && !unresolved;
                 j++) {
                const ev_tmp *o = &st->ev.v[j];
                const ev_arg *ow = o->alive && o->sentence == e->sentence && j != i
                                       ? find_arg(st, o, "who")
                                       : NULL;
                if (ow && ow->mention != NERVE_NONE && !nerve__events_holds(st, e, ow->mention))
                    from = ow->mention;
            }
            /* "his visit", "her talks with": the possessive's antecedent */
            size_t first = in->sent[e->sentence].token_begin;
            for (size_t k = 1; k <= 2 && from == NERVE_NONE && !patient && e->trig_b >= first + k;
                 k++)
                if (nerve__events_tok_in_class(in, e->trig_b - k, st->cls_poss)) {
                    from = nerve__events_antecedent_of(st, e->trig_b - k);
                    via = e->trig_b - k;
                }
            /* "They were arrested in February": the people named before */
            size_t t0 = first;
            while (t0 < e->trig_b && in->tok[t0].kind == NERVE_TOKEN_PUNCT)
                t0++;
            if (from == NERVE_NONE && !patient && t0 < e->trig_b &&
                nerve__events_tok_in_class(in, t0, in->model->cls[NERVE__CLS_PRONOUN_GROUP])) {
                size_t group[GROUP_MAX];
                size_t n = nerve__events_group_antecedents(st, t0, group);
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
            if (from == NERVE_NONE && !patient && !agent && !unresolved &&
                continues_discourse(st, e)) {
                from = last_who_of_type(st, i);
                via = NERVE_NONE;
            }
            ev_arg phrase;
            int passive = 0;
            if (from != NERVE_NONE) {
                int rc = nerve__events_add_arg(st, e, who_name, from);
                if (rc == NERVE_OK && via != NERVE_NONE)
                    rc = nerve__events_add_evidence(st, e, via, via + 1);
                if (rc != NERVE_OK)
                    return rc;
            } else if (!patient && !unresolved &&
                       nerve__events_subject_phrase(st, e, &phrase, &passive)) {
                const char *const *rl = roles_of(st, e);
                int rc = NERVE_OK;
                if (agent && !passive) {
                    if (!find_arg(st, e, agent))
                        rc = nerve__events_add_phrase_arg(st, e, agent, &phrase);
                } else if (!passive)
                    rc = nerve__events_add_phrase_arg(st, e, who_name, &phrase);
                else if (has_role(rl, "target") && !find_arg(st, e, "target"))
                    rc = nerve__events_add_phrase_arg(st, e, rl[target_index(rl)], &phrase);
                if (rc != NERVE_OK)
                    return rc;
            }
        }
        if (!find_arg(st, e, "when") && has_when_role) {
            size_t best = NERVE_NONE, best_dist = (size_t)-1;
            for (size_t k = nerve__events_first_mention(in, e->sentence);
                 k < in->nment && in->ment[k].sentence == e->sentence; k++) {
                const nerve_mention *m = &in->ment[k];
                if ((m->type != NERVE_TYPE_DATE && m->type != NERVE_TYPE_TIME) || !m->value ||
                    strstr(m->value, "_REF"))
                    continue; /* "now", "recently": no date for an event */
                if (!date_for(st, m, e->trig_b))
                    continue;
                size_t d = m->token_begin >= e->trig_e ? m->token_begin - e->trig_e
                                                       : e->trig_b - m->token_end;
                if (d < best_dist) {
                    best = k;
                    best_dist = d;
                }
            }
            if (best != NERVE_NONE) {
                int rc = nerve__events_add_arg(st, e, when_name, best);
                if (rc != NERVE_OK)
                    return rc;
            }
        }
        /* "She met the king here on Wednesday": "here" in the trigger's
         * clause, after it, is the dateline's place */
        if (!find_arg(st, e, "where") && has_role(roles_of(st, e), "where") &&
            st->dateline != NERVE_NONE) {
            const nerve_sentence *se = &in->sent[e->sentence];
            size_t end = se->token_begin + se->token_count;
            for (size_t t = e->trig_e; t < end && t < e->trig_e + 10; t++) {
                if (is_punct(&in->tok[t], ',') || is_punct(&in->tok[t], ';'))
                    break;
                if (nerve__events_tok_in_class(in, t, in->model->cls[NERVE__CLS_PLACE_HERE])) {
                    int rc = nerve__events_add_arg(st, e, role_named(st, e, "where"), st->dateline);
                    if (rc != NERVE_OK)
                        return rc;
                    break;
                }
            }
        }
        /* an event the journey comes from ("arrived in X from talks with Y")
         * happened elsewhere: it takes no place from the journey */
        if (!find_arg(st, e, "where") && has_role(roles_of(st, e), "where") &&
            !nerve__events_after_origin(st, e)) {
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
                    int rc = nerve__events_add_arg(st, e, ow->role, ow->mention);
                    /* coordinated members of one statement share its date */
                    if (rc == NERVE_OK && nm != NERVE_NONE && !find_arg(st, e, "when"))
                        rc = nerve__events_add_arg(st, e, nr, nm);
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
                int rc = nerve__events_add_arg(st, e, wr, wm);
                if (rc == NERVE_OK && nm != NERVE_NONE && !find_arg(st, e, "when"))
                    rc = nerve__events_add_arg(st, e, nr, nm);
                if (rc != NERVE_OK)
                    return rc;
                break;
            }
        }
    }
    return NERVE_OK;
}
