/*
 * events_merge.c - one event per happening (step 5 of events.c): events of
 * one type with the same who, compatible places, dates and modality merge;
 * a statement with no who joins the nearest compatible event of its type.
 */
#include "events_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

enum { DAYS_APART = 3 }; /* the most days between two dates of one happening */

/* Same date, or days at most 3 apart (one trip over several days), or a day
 * in a week; for two planned events, a day at most 3 days from the week
 * ("leaves tomorrow for talks next week": the plan is told in round terms;
 * what happened is dated: "talks last week", "the talks began yesterday"
 * are two). */
static int when_compatible(const nerve__view *in, const ev_tmp *ea, const ev_tmp *eb,
                           const ev_arg *a, const ev_arg *b)
{
    if (!a || !b)
        return 1;
    const char *va = in->ment[a->mention].value, *vb = in->ment[b->mention].value;
    if (!va || !vb || strcmp(va, vb) == 0)
        return 1;
    long da = nerve__events_day_number(va), db = nerve__events_day_number(vb);
    if (da >= 0 && db >= 0)
        return labs(da - db) <= DAYS_APART;
    /* a period holds the day: "this year", "in June" and "on June 14" */
    size_t la = strlen(va), lb = strlen(vb);
    if ((la < lb && strncmp(va, vb, la) == 0 && vb[la] == '-') ||
        (lb < la && strncmp(vb, va, lb) == 0 && va[lb] == '-'))
        return 1;
    int slack = ea->modality == NERVE_MODALITY_PLANNED && eb->modality == NERVE_MODALITY_PLANNED
                    ? DAYS_APART
                    : 0;
    if (da >= 0 && lb == 8 && vb[5] == 'W')
        return nerve__events_day_near_week(va, vb, slack);
    if (db >= 0 && la == 8 && va[5] == 'W')
        return nerve__events_day_near_week(vb, va, slack);
    return 0;
}

static int mergeable_modality(int a, int b)
{
    int ka = a == NERVE_MODALITY_ASSERTED || a == NERVE_MODALITY_PLANNED;
    int kb = b == NERVE_MODALITY_ASSERTED || b == NERVE_MODALITY_PLANNED;
    return (ka && kb) || a == b;
}

/* Are phrase fillers a and b the same words ("the steering committee" in
 * two sentences), by the tokens' normal forms? */
static int same_phrase_words(const nerve__view *in, const ev_arg *a, const ev_arg *b)
{
    if (a->mention != NERVE_NONE || b->mention != NERVE_NONE || a->te - a->tb != b->te - b->tb)
        return 0;
    for (size_t k = 0; k < a->te - a->tb; k++) {
        const nerve_token *x = &in->tok[a->tb + k], *y = &in->tok[b->tb + k];
        if (x->norm_len != y->norm_len || memcmp(x->norm, y->norm, x->norm_len) != 0)
            return 0;
    }
    return 1;
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
                        same_phrase_words(in, &x, y) ||
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

/* Does event e's type state that its who is at its place (a key role
 * `where`: a visit, a speech)? */
static int states_presence(const ev_state *st, const ev_tmp *e)
{
    const char *const *keys = nerve__rules_event_keys(st->in->model->rules, e->info->label);
    for (; keys && *keys; keys++)
        if (strcmp(*keys, "where") == 0)
            return 1;
    return 0;
}

/* Is mention k's entity the who or with of e? */
static int takes_part(const ev_state *st, const ev_tmp *e, size_t k)
{
    size_t ek = mention_entity(st->in, k);
    for (size_t i = 0; i < e->arg_count && ek != NERVE_NONE; i++) {
        const ev_arg *a = &st->args.v[e->arg_first + i];
        if ((role_is(a->role, "who") || role_is(a->role, "with")) &&
            mention_entity(st->in, a->mention) == ek)
            return 1;
    }
    return 0;
}

/* Is e's trigger the object of an origin word ("arrived from a meeting
 * with X", "back from talks")? It happened before the journey, elsewhere. */
int nerve__events_after_origin(const ev_state *st, const ev_tmp *e)
{
    const nerve__view *in = st->in;
    size_t first = in->sent[e->sentence].token_begin;
    for (size_t k = 1; k <= 3 && e->trig_b >= first + k; k++) {
        if (nerve__events_word_in_class(st, e->trig_b - k, st->cls_origin))
            return 1;
        if (!nerve__events_word_in_class(st, e->trig_b - k, in->model->cls[NERVE__CLS_NP_DET]) &&
            in->tok[e->trig_b - k].kind == NERVE_TOKEN_WORD &&
            (in->tok[e->trig_b - k].flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)))
            return 0;
    }
    return 0;
}

enum { PRESENCE_SENTENCES = 8 };

/*
 * An event with no place of its own, one of whose participants (who or
 * with) is at a place in an event that states presence (a visit, a speech:
 * a type whose key roles hold where) a few sentences away, with compatible
 * dates and modality, happens there: "Clark, on a visit to Ottawa, ...
 * Yesterday he held talks with Ruiz" is a meeting in Ottawa. The nearest
 * such event wins, an earlier one on a tie; events of presence types keep
 * their own reading (their place is a key role, looked for elsewhere).
 */
int nerve__events_place_from_presence(ev_state *st)
{
    const nerve__view *in = st->in;
    for (size_t i = 0; i < st->ev.n; i++) {
        ev_tmp *e = &st->ev.v[i];
        if (!e->alive || find_arg(st, e, "where") || !has_role(roles_of(st, e), "where") ||
            states_presence(st, e) || nerve__events_after_origin(st, e))
            continue;
        const ev_arg *best = NULL;
        size_t best_d = PRESENCE_SENTENCES + 1;
        /* events are in sentence order: look outwards from i, earlier first */
        size_t lo = i, hi = i + 1;
        while (lo > 0 && e->sentence - st->ev.v[lo - 1].sentence <= PRESENCE_SENTENCES)
            lo--;
        while (hi < st->ev.n && st->ev.v[hi].sentence - e->sentence <= PRESENCE_SENTENCES)
            hi++;
        for (size_t j = lo; j < hi; j++) {
            const ev_tmp *o = &st->ev.v[j];
            size_t d =
                o->sentence > e->sentence ? o->sentence - e->sentence : e->sentence - o->sentence;
            if (j == i || !o->alive || d >= best_d || !states_presence(st, o) ||
                !mergeable_modality(o->modality, e->modality) ||
                !when_compatible(in, o, e, find_arg(st, o, "when"), find_arg(st, e, "when")))
                continue;
            /* a planned journey and a meeting that took place are not one
             * stay unless their dates say so */
            if (o->modality != e->modality &&
                (!find_arg(st, o, "when") || !find_arg(st, e, "when")))
                continue;
            const ev_arg *ow = find_arg(st, o, "where"), *who = find_arg(st, o, "who");
            if (!ow || ow->mention == NERVE_NONE || !who || who->mention == NERVE_NONE ||
                !takes_part(st, e, who->mention))
                continue;
            best = ow;
            best_d = d;
        }
        if (best) {
            int rc = nerve__events_add_arg(st, e, role_named(st, e, "where"), best->mention);
            if (rc != NERVE_OK)
                return rc;
        }
    }
    return NERVE_OK;
}

/* The country a mention stands for as a side of a meeting or agreement: a
 * country or a nationality's own; for a person, the country or nationality
 * that heads a title before one of its mentions ("Nigerian Finance Minister
 * Chu Okongwu", "Kenya's President X"). Per entity, NULL when none. */
static const char **side_countries(const ev_state *st)
{
    const nerve__view *in = st->in;
    const char **c = nerve__calloc(st->al, in->nent ? in->nent : 1, sizeof *c);
    if (!c)
        return NULL;
    for (size_t k = 0; k < in->nment; k++) {
        const nerve_mention *m = &in->ment[k];
        if (m->entity == NERVE_NONE || m->entity >= in->nent || c[m->entity])
            continue;
        const nerve_entity *e = &in->ent[m->entity];
        if (m->type == NERVE_TYPE_NORP ||
            (m->type == NERVE_TYPE_LOC && m->subtype && strcmp(m->subtype, "country") == 0)) {
            c[m->entity] = e->country;
            continue;
        }
        if (m->type != NERVE_TYPE_PER || k == 0 || !m->title)
            continue;
        const nerve_mention *p = &in->ment[k - 1];
        if (p->sentence != m->sentence || p->token_end > m->token_begin ||
            m->token_begin - p->token_end > 4 || p->entity == NERVE_NONE ||
            !(p->type == NERVE_TYPE_NORP ||
              (p->type == NERVE_TYPE_LOC && p->subtype && strcmp(p->subtype, "country") == 0)))
            continue;
        int title = 1; /* only the title's words between: "Finance Minister", "'s" */
        for (size_t t = p->token_end; t < m->token_begin && title; t++)
            title = (in->tok[t].flags & (NERVE_TOK_POSSESSIVE | NERVE_TOK_CAPITALIZED)) ||
                    nerve__events_tok_in_title(in, t);
        if (title)
            c[m->entity] = in->ent[p->entity].country;
    }
    return c;
}

/* Do mentions a and b stand for one side: one entity, or a country (or its
 * nationality) and a person its title makes that country's? The gold and
 * the news both name a side by either ("Nigeria signed ... The accord was
 * signed by Nigerian Finance Minister Chu Okongwu"). */
static int same_side(const ev_state *st, size_t a, size_t b)
{
    const nerve__view *in = st->in;
    const char **country = st->side_country;
    size_t ea = mention_entity(in, a), eb = mention_entity(in, b);
    if (ea == NERVE_NONE || eb == NERVE_NONE)
        return 0;
    if (ea == eb)
        return 1;
    if (!country || !country[ea] || !country[eb] || strcmp(country[ea], country[eb]) != 0)
        return 0;
    /* two people of one country are two sides */
    return in->ent[ea].type != NERVE_TYPE_PER || in->ent[eb].type != NERVE_TYPE_PER;
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
        if (role_is(nerve__events_split_roles[r], "who"))
            continue;
        const ev_arg *fa = find_arg(st, a, nerve__events_split_roles[r]),
                     *fb = find_arg(st, b, nerve__events_split_roles[r]);
        if (!fa || !fb || same_filler(fa, fb))
            continue;
        if (role_is(nerve__events_split_roles[r], "where")) {
            int refines = 0;
            if (fa->mention == NERVE_NONE || fb->mention == NERVE_NONE ||
                !where_compatible(in, fa->mention, fb->mention, &refines))
                return 0;
            continue;
        }
        if (!same_side(st, fa->mention, fb->mention) && !same_phrase_words(in, fa, fb))
            return 0;
    }
    return when_compatible(in, a, b, find_arg(st, a, "when"), find_arg(st, b, "when"));
}

/* Is every who and with of b (a mention's entity) a who or with of a? */
static int sides_within(const ev_state *st, const ev_tmp *a, const ev_tmp *b)
{
    for (size_t i = 0; i < b->arg_count; i++) {
        const ev_arg *x = &st->args.v[b->arg_first + i];
        if ((role_is(x->role, "who") || role_is(x->role, "with")) &&
            (x->mention == NERVE_NONE || !takes_part(st, a, x->mention)))
            return 0;
    }
    return 1;
}

/*
 * A statement inside another's wording: "Peru signed an agreement with
 * Chile" reads "signed" with both sides and "an agreement with Chile" with
 * one. The inner one (its trigger within the outer match, of the same type
 * and sentence, all its sides among the outer's, nothing contradicting) is
 * the same happening: it merges into the outer one, and its sides, already
 * named there, are dropped rather than read a second time in another role.
 */
static int merge_nested(ev_state *st)
{
    for (size_t i = 0; i < st->ev.n; i++) {
        ev_tmp *a = &st->ev.v[i];
        /* a sentence's events are appended together: looking MERGE_REACH
         * events either way keeps a document of thousands linear */
        size_t lo = i > MERGE_REACH ? i - MERGE_REACH : 0;
        size_t hi = st->ev.n - i > MERGE_REACH ? i + MERGE_REACH + 1 : st->ev.n;
        for (size_t j = lo; a->alive && j < hi; j++) {
            ev_tmp *b = &st->ev.v[j];
            if (j == i || !b->alive || b->sentence != a->sentence || b->trig_b == a->trig_b ||
                b->trig_b < a->match_b || b->trig_e > a->match_e || !compatible_events(st, a, b) ||
                !sides_within(st, a, b))
                continue;
            size_t n = 0;
            for (size_t k = 0; k < b->arg_count; k++) {
                ev_arg x = st->args.v[b->arg_first + k];
                if (!role_is(x.role, "who") && !role_is(x.role, "with"))
                    st->args.v[b->arg_first + n++] = x;
            }
            b->arg_count = n;
            int rc = merge_into(st, a, b);
            if (rc != NERVE_OK)
                return rc;
        }
    }
    return NERVE_OK;
}

/* Is e's trigger a noun that refers back, after a definite or possessive
 * ("the recent detention of ...", "the accord", "his trip")? */
int nerve__events_definite_remention(const ev_state *st, const ev_tmp *e)
{
    const nerve__view *in = st->in;
    size_t first = in->sent[e->sentence].token_begin;
    for (size_t k = 1; k <= 2 && e->trig_b >= first + k; k++)
        if (nerve__events_word_in_class(st, e->trig_b - k, st->cls_back_det))
            return 1;
    return 0;
}

enum { REMENTION_SENTENCES = 8 }; /* how far back a definite re-mention reaches */

/*
 * A definite re-mention ("Iran seized the boats and detained their crew ...
 * the recent detention of Kuwaiti fishing vessels by Iran") is the latest
 * earlier event of its type a few sentences back that it does not
 * contradict: no split role filled otherwise, compatible place, date and
 * modality, and no two different named actors as who. Its own wording of
 * the participants ("Kuwaiti fishing vessels" for "their crew") is another
 * name for them.
 */
static int merge_rementions(ev_state *st)
{
    for (size_t j = 1; j < st->ev.n; j++) {
        ev_tmp *b = &st->ev.v[j];
        if (!b->alive || !nerve__events_definite_remention(st, b))
            continue;
        for (size_t i = j; i-- > 0;) {
            ev_tmp *a = &st->ev.v[i];
            if (b->sentence - a->sentence > REMENTION_SENTENCES)
                break;
            if (!a->alive || a->sentence == b->sentence ||
                strcmp(a->info->label, b->info->label) != 0)
                continue;
            if (!compatible_events(st, a, b))
                break; /* the latest of its type is another happening */
            const ev_arg *wa = find_arg(st, a, "who"), *wb = find_arg(st, b, "who");
            if (wa && wb && wa->mention != NERVE_NONE && wb->mention != NERVE_NONE &&
                !same_side(st, wa->mention, wb->mention))
                break;
            if (wa && wb) { /* one who: the earlier statement's */
                size_t n = 0;
                for (size_t k = 0; k < b->arg_count; k++) {
                    ev_arg x = st->args.v[b->arg_first + k];
                    if (!role_is(x.role, "who"))
                        st->args.v[b->arg_first + n++] = x;
                }
                b->arg_count = n;
            }
            int rc = merge_into(st, a, b);
            if (rc != NERVE_OK)
                return rc;
            break;
        }
    }
    return NERVE_OK;
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
int nerve__events_merge(ev_state *st)
{
    const nerve__view *in = st->in;
    st->side_country = side_countries(st);
    if (!st->side_country)
        return NERVE_ENOMEM;
    int rc = merge_nested(st);
    for (size_t i = 0; rc == NERVE_OK && i < st->ev.n; i++) {
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
            if (!wa || !wb || !same_side(st, wa->mention, wb->mention))
                continue;
            /* the same place and date: one event, whoever else takes part
             * ("talks with A and B in Tunis" is one meeting with both) */
            const ev_arg *pa = find_arg(st, a, "where"), *pb = find_arg(st, b, "where");
            int refines = 0;
            int same_place =
                pa && pb && pa->mention != NERVE_NONE && pb->mention != NERVE_NONE &&
                where_compatible(in, pa->mention, pb->mention, &refines) &&
                when_compatible(in, a, b, find_arg(st, a, "when"), find_arg(st, b, "when"));
            if (!same_place && !compatible_events(st, a, b))
                continue;
            rc = merge_into(st, a, b);
            if (rc != NERVE_OK)
                break;
        }
    }
    if (rc != NERVE_OK) {
        nerve__free(st->al, st->side_country);
        st->side_country = NULL;
        return rc;
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
            rc = merge_into(st, into, b);
            if (rc != NERVE_OK)
                break;
        }
    }
    if (rc == NERVE_OK)
        rc = merge_rementions(st);
    nerve__free(st->al, st->side_country);
    st->side_country = NULL;
    return rc;
}
