/*
 * entities_link.c - document-level entities: mentions that name the same
 * thing become one entity with a canonical name and the gazetteer's link.
 *
 *   - people: a later name that is part of an earlier one ("Esper" after
 *     "Mark Esper") joins it; a surname seen as a person is found again where
 *     nothing else claimed it ("Esper’s visit"); a name first seen as a
 *     person stays a person;
 *   - role nominals ("the defense secretary", "the Pentagon chief") join the
 *     person in the document who holds that office, or failing that the
 *     gazetteer's holder of the office at the document date;
 *   - places, organizations, nationalities: same gazetteer canonical, or
 *     same text; an acronym joins the organization whose initials it spells.
 */
#include "entities.h"
#include "tokenize.h"

#include <stdlib.h>
#include <string.h>

/* The stage's scratch: which tokens a mention covers, and which mention. */
struct nerve__link_scratch {
    const nerve_allocator *al;
    nerve__byte_vec taken;
    nerve__u32_vec token_owner; /* a mention covering each token, or UINT32_MAX */
};

int nerve__link_scratch_new(const nerve_allocator *al, nerve__link_scratch **out)
{
    nerve__link_scratch *s = nerve__calloc(al, 1, sizeof *s);
    if (!s)
        return NERVE_ENOMEM;
    s->al = al;
    *out = s;
    return NERVE_OK;
}

void nerve__link_scratch_free(nerve__link_scratch *s)
{
    if (!s)
        return;
    nerve__vec_free(s->al, &s->taken);
    nerve__vec_free(s->al, &s->token_owner);
    nerve__free(s->al, s);
}

/* What the stage's functions work on. */
typedef struct link_ctx {
    const nerve__view *in;
    nerve__link_scratch *sc;
    nerve__mentions_out *out;
    nerve__doc_entities *ents;
} link_ctx;

/* A mention's sort key and its index: sorting these (16 bytes each) and then
 * moving the mentions once, in place, costs 16 bytes a mention where
 * sorting copies of the mentions cost 120, at the stage where the document
 * holds the most. */
typedef struct ment_key {
    uint32_t start, end;
    int type;
    uint32_t idx;
} ment_key;

static int cmp_ment_key(const void *pa, const void *pb)
{
    const ment_key *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx; /* stable */
}

/* Sort mentions by position (longer first, then by type; ties keep their
 * order), keeping mention_entry in step. */
static int sort_mentions(link_ctx *cx)
{
    size_t n = cx->out->mentions->n;
    if (n < 2)
        return NERVE_OK;
    nerve_mention *m = cx->out->mentions->v;
    uint32_t *entry = cx->out->entry->v;
    ment_key *key = nerve__malloc(cx->sc->al, n * sizeof *key);
    if (!key)
        return NERVE_ENOMEM;
    for (size_t i = 0; i < n; i++)
        key[i] = (ment_key){m[i].span.start, m[i].span.end, m[i].type, (uint32_t)i};
    qsort(key, n, sizeof *key, cmp_ment_key);
    /* Position i takes the mention at key[i].idx: follow each cycle of the
     * permutation once, marking a position done by pointing it at itself. */
    for (size_t i = 0; i < n; i++) {
        if (key[i].idx == i)
            continue;
        nerve_mention held = m[i];
        uint32_t held_entry = entry[i];
        size_t j = i;
        for (;;) {
            size_t k = key[j].idx;
            key[j].idx = (uint32_t)j;
            if (k == i) {
                m[j] = held;
                entry[j] = held_entry;
                break;
            }
            m[j] = m[k];
            entry[j] = entry[k];
            j = k;
        }
    }
    nerve__free(cx->sc->al, key);
    return NERVE_OK;
}

static int norm_eq(const nerve_token *a, const nerve_token *b)
{
    return a->norm_len == b->norm_len && memcmp(a->norm, b->norm, a->norm_len) == 0;
}

/* The office a title span names: the `title` of the longest lexicon title
 * match inside it ("US Secretary of Defense" -> "Secretary of Defense"). */
static const char *office_of_span(const link_ctx *cx, size_t b, size_t e)
{
    const nerve__gazset *gs = cx->in->model->gaz;
    const char *best = NULL;
    size_t best_len = 0;
    for (size_t k = nerve__gaz_first_match_at(cx->in->gaz, cx->in->ngaz, b); k < cx->in->ngaz;
         k++) {
        const nerve__gaz_match *g = &cx->in->gaz[k];
        if (g->tok_begin >= e)
            break;
        if (g->tok_begin < b || g->tok_end > e || g->tok_end - g->tok_begin <= best_len)
            continue;
        for (uint32_t j = 0; j < g->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(gs, cx->in->gaz_ids[g->first + j], &en);
            if (en.type == NERVE__TYPE_LEX && en.title && en.subtype &&
                (strcmp(en.subtype, "title") == 0 || strcmp(en.subtype, "role_nominal") == 0)) {
                best = en.title;
                best_len = g->tok_end - g->tok_begin;
                break;
            }
        }
    }
    return best;
}

/* Mark tokens covered by mentions, and the mention covering each. */
static int mark_taken(link_ctx *cx)
{
    /* exactly the tokens when they grow (no slack: 5 bytes a token) */
    size_t ntok = cx->in->ntok ? cx->in->ntok : 1;
    if ((cx->sc->taken.cap < ntok &&
         nerve__vec_resize(cx->sc->al, &cx->sc->taken, ntok) != NERVE_OK) ||
        (cx->sc->token_owner.cap < ntok &&
         nerve__vec_resize(cx->sc->al, &cx->sc->token_owner, ntok) != NERVE_OK))
        return NERVE_ENOMEM;
    unsigned char *taken = cx->sc->taken.v;
    memset(taken, 0, cx->in->ntok);
    uint32_t *owner = cx->sc->token_owner.v;
    for (size_t t = 0; t < cx->in->ntok; t++)
        owner[t] = UINT32_MAX;
    for (size_t i = 0; i < cx->out->mentions->n; i++) {
        const nerve_mention *m = &cx->out->mentions->v[i];
        memset(taken + m->token_begin, 1, m->token_end - m->token_begin);
        for (size_t t = m->token_begin; t < m->token_end; t++)
            owner[t] = (uint32_t)i;
    }
    return NERVE_OK;
}

/* Name parts known in the document, in a small open-addressing table keyed
 * by the token's normalized text: surnames of people ("Esper" after "Mark
 * Esper"), one-word people ("Xiao said"), first words and one-word names of
 * organizations ("Deportivo" after "Deportivo Coruna"). */
typedef struct part_slot {
    const char *norm;
    uint32_t len;
    uint32_t from; /* first token of the mention that gave it */
    int type;      /* 0 = empty */
    uint32_t origin_line;
    const char *origin_file; /* and that mention's origin, which its repeats carry */
} part_slot;

static uint64_t norm_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static part_slot *part_find(part_slot *tab, size_t cap, const nerve_token *t)
{
    size_t i = (size_t)norm_hash(t->norm, t->norm_len) & (cap - 1);
    while (tab[i].type &&
           !(tab[i].len == t->norm_len && memcmp(tab[i].norm, t->norm, t->norm_len) == 0))
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

/* Is the token a plausible name part on its own (capitalized, not tiny)? */
static int name_like(const nerve_token *t)
{
    return t->kind == NERVE_TOKEN_WORD &&
           (t->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)) && t->norm_len >= 2 &&
           !(t->flags & NERVE_TOK_HAS_DIGIT);
}

/* Is mention j a gazetteer town of fewer than 100,000 people (no country,
 * region or capital)? */
static int small_town(const link_ctx *cx, size_t j)
{
    uint32_t id = cx->out->entry->v[j];
    if (id == UINT32_MAX)
        return 0;
    nerve__entry en;
    nerve__gaz_entry(cx->in->model->gaz, id, &en);
    return en.type == NERVE_TYPE_LOC && en.subtype && strcmp(en.subtype, "city") == 0 &&
           en.population < 100000;
}

/* Does a place preposition or a comma ("in Maine", "Portland, Maine") come
 * right before the mention: a place as places are written, whatever
 * organization bears its name? */
static int after_place_word(const link_ctx *cx, const nerve_mention *m)
{
    const nerve_token *tok = cx->in->tok;
    uint32_t prep = cx->in->model->cls[NERVE__CLS_PLACE_PREP];
    if (m->token_begin > 0) {
        const nerve_token *p = &tok[m->token_begin - 1];
        if (p->kind == NERVE_TOKEN_PUNCT && p->norm_len == 1 && p->norm[0] == ',')
            return 1;
        for (size_t k = nerve__gaz_first_match_at(cx->in->gaz, cx->in->ngaz, m->token_begin - 1);
             k < cx->in->ngaz && cx->in->gaz[k].tok_begin == m->token_begin - 1; k++)
            for (uint32_t j = 0; j < cx->in->gaz[k].count; j++) {
                uint32_t sub;
                nerve__gaz_entry_type(cx->in->model->gaz, cx->in->gaz_ids[cx->in->gaz[k].first + j],
                                      &sub);
                if (sub == prep)
                    return 1;
            }
    }
    return 0;
}

static int recover_surnames(link_ctx *cx, const unsigned char *hl)
{
    const nerve_token *tok = cx->in->tok;
    size_t nment = cx->out->mentions->n, ntok = cx->in->ntok;
    /* at most one part per person or organization mention: a table twice
     * that size stays under half full (the break below is never reached) */
    size_t cand = 0;
    for (size_t i = 0; i < nment; i++)
        cand += cx->out->mentions->v[i].type == NERVE_TYPE_PER ||
                cx->out->mentions->v[i].type == NERVE_TYPE_ORG;
    size_t cap = 16;
    while (cap < 2 * cand + 16)
        cap <<= 1;
    part_slot *tab = nerve__calloc(cx->sc->al, cap, sizeof *tab);
    if (!tab)
        return NERVE_ENOMEM;
    size_t added = 0;
    /* people first: a name seen as a person stays a person */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nment; i++) {
            const nerve_mention *pm = &cx->out->mentions->v[i];
            size_t n = pm->token_end - pm->token_begin;
            if ((pm->subtype && strcmp(pm->subtype, "role_nominal") == 0) ||
                (hl && hl[pm->sentence] && pm->source != NERVE_SOURCE_GAZETTEER))
                continue; /* a headline's own guesses do not spread into the body */
            const nerve_token *parts[2] = {NULL, NULL};
            if (pass == 0 && pm->type == NERVE_TYPE_PER) {
                parts[0] = &tok[pm->token_end - 1];
                /* "Wang Donghai" ... "Wang": a family name written first */
                const nerve_token *t0 = &tok[pm->token_begin];
                if (n >= 2 && nerve__mention_word(cx->in->model->mentions, NERVE__MW_FAMILY_FIRST,
                                                  t0->norm, t0->norm_len))
                    parts[1] = t0;
            } else if (pass == 1 && pm->type == NERVE_TYPE_ORG &&
                       pm->source != NERVE_SOURCE_GAZETTEER)
                parts[0] = &tok[pm->token_begin];
            for (int k = 0; k < 2 && added + 1 < cap / 2; k++) {
                const nerve_token *part = parts[k];
                if (!part || !name_like(part) ||
                    (n == 1 && pass == 0 && pm->source == NERVE_SOURCE_DOCUMENT))
                    continue;
                if (pass == 1 && n > 1 && (part->flags & NERVE_TOK_ALLCAPS) == 0 &&
                    part->norm_len < 4)
                    continue;
                part_slot *sl = part_find(tab, cap, part);
                if (sl->type)
                    continue;
                sl->norm = part->norm;
                sl->len = (uint32_t)part->norm_len;
                sl->type = pm->type;
                sl->from = pm->token_begin;
                sl->origin_file = pm->origin_file;
                sl->origin_line = pm->origin_line;
                added++;
            }
            if (added + 1 >= cap / 2)
                break;
        }
    }
    if (added) {
        /* other one-word mentions of the same word take the person's type;
         * a small town of the name of an organization the text named in full
         * is that organization's short name ("Dome" after "Dome Petroleum
         * Ltd") */
        for (size_t j = 0; j < nment; j++) {
            nerve_mention *om = &cx->out->mentions->v[j];
            if (om->type == NERVE_TYPE_PER || om->type >= NERVE_TYPE_DATE ||
                om->type == NERVE_TYPE_NONE || om->token_end - om->token_begin != 1)
                continue;
            part_slot *sl = part_find(tab, cap, &tok[om->token_begin]);
            if (sl->type == NERVE_TYPE_ORG && om->type == NERVE_TYPE_LOC && small_town(cx, j) &&
                om->token_begin > sl->from && !after_place_word(cx, om)) {
                om->type = NERVE_TYPE_ORG;
                om->subtype = NULL;
                om->canonical = NULL;
                cx->out->entry->v[j] = UINT32_MAX;
                continue;
            }
            if (sl->type != NERVE_TYPE_PER ||
                (om->token_begin < sl->from && !(tok[om->token_begin].flags & NERVE_TOK_ALLCAPS)))
                continue;
            om->type = NERVE_TYPE_PER;
            om->subtype = NULL;
            om->canonical = NULL;
            cx->out->entry->v[j] = UINT32_MAX;
        }
        /* and the word is found again where nothing else claimed it */
        for (size_t t = 0; t < ntok; t++) {
            if (cx->sc->taken.v[t] || !name_like(&tok[t]))
                continue;
            part_slot *sl = part_find(tab, cap, &tok[t]);
            if (!sl->type || sl->from == t)
                continue;
            /* in running text the case must agree; headlines are all capitals */
            if ((tok[t].flags & NERVE_TOK_ALLCAPS) && !(tok[sl->from].flags & NERVE_TOK_ALLCAPS)) {
                int line_caps = 1;
                for (size_t k = t; k > 0 && line_caps && tok[k].sentence == tok[t].sentence; k--)
                    if (tok[k - 1].kind == NERVE_TOKEN_WORD &&
                        !(tok[k - 1].flags & NERVE_TOK_ALLCAPS) &&
                        tok[k - 1].sentence == tok[t].sentence)
                        line_caps = 0;
                if (!line_caps)
                    continue;
            }
            nerve__cand c;
            memset(&c, 0, sizeof c);
            c.tok_begin = t;
            c.tok_end = t + 1;
            c.type = sl->type;
            c.source = NERVE_SOURCE_DOCUMENT;
            c.entry = UINT32_MAX;
            c.rule_file = sl->origin_file; /* the name it repeats says where it came from */
            c.rule_line = sl->origin_line;
            c.confidence = 0.6f;
            if (nerve__entities_add_mention(cx->in, cx->sc->al, cx->out, &c) != NERVE_OK) {
                nerve__free(cx->sc->al, tab);
                return NERVE_ENOMEM;
            }
            cx->sc->taken.v[t] = 1;
        }
    }
    nerve__free(cx->sc->al, tab);
    return NERVE_OK;
}

/* Is sentence si a headline, in capitals or in title case
 * (nerve__headline)? The mention stage gives such a line no entity rules;
 * here its words are read against the body's names. */
static int headline_sentence(const link_ctx *cx, size_t si)
{
    const nerve_sentence *s = &cx->in->sent[si];
    return nerve__headline(cx->in->tok, cx->in->ntok, si, s->token_begin,
                           s->token_begin + s->token_count);
}

/* Does sentence si hold a word in lower case? */
static int has_lower_word(const link_ctx *cx, size_t si)
{
    const nerve_sentence *s = &cx->in->sent[si];
    const nerve_token *tok = cx->in->tok;
    for (size_t t = s->token_begin; t < s->token_begin + s->token_count; t++)
        if (tok[t].kind == NERVE_TOKEN_WORD &&
            !(tok[t].flags & (NERVE_TOK_ALLCAPS | NERVE_TOK_CAPITALIZED)))
            return 1;
    return 0;
}

/* Names of the body found again in the headline in capitals: where the
 * tokens of a headline spell a body mention ("STANDARD LIEGE" after
 * "Standard Liege"), that is the mention there, with the body's type, entry
 * and canonical name; a guess of the headline itself on those tokens gives
 * way, its gazetteer names and dates stay. The longest body name wins; body
 * names are looked up by their first word in a small hash table, so the pass
 * is linear. hl[] marks the headline's sentences. */
static int headline_names(link_ctx *cx, const unsigned char *hl)
{
    const nerve_token *tok = cx->in->tok;
    nerve__mention_vec *mv = cx->out->mentions;
    size_t nment = mv->n;
    size_t cap = 16;
    while (cap < 2 * nment + 16)
        cap <<= 1;
    /* head[slot]: the first mention whose first word hashes there; next[] chains */
    uint32_t *head = nerve__malloc(cx->sc->al, (cap + nment + 1) * sizeof *head);
    if (!head)
        return NERVE_ENOMEM;
    uint32_t *next = head + cap;
    for (size_t i = 0; i < cap; i++)
        head[i] = UINT32_MAX;
    for (size_t i = nment; i-- > 0;) {
        const nerve_mention *m = &mv->v[i];
        next[i] = UINT32_MAX;
        if (m->type < NERVE_TYPE_PER || m->type > NERVE_TYPE_ORG || hl[m->sentence] ||
            m->source == NERVE_SOURCE_DOCUMENT)
            continue;
        const nerve_token *t0 = &tok[m->token_begin];
        size_t h = (size_t)norm_hash(t0->norm, t0->norm_len) & (cap - 1);
        next[i] = head[h];
        head[h] = (uint32_t)i; /* earlier mentions first in the chain */
    }
    int rc = NERVE_OK;
    for (size_t si = 0; rc == NERVE_OK && si < cx->in->nsent; si++) {
        if (!hl[si])
            continue;
        const nerve_sentence *s = &cx->in->sent[si];
        size_t end = s->token_begin + s->token_count;
        for (size_t t = s->token_begin; rc == NERVE_OK && t < end;) {
            size_t h = (size_t)norm_hash(tok[t].norm, tok[t].norm_len) & (cap - 1);
            uint32_t best = UINT32_MAX;
            size_t best_len = 0;
            for (uint32_t i = head[h]; i != UINT32_MAX; i = next[i]) {
                const nerve_mention *m = &mv->v[i];
                size_t len = m->token_end - m->token_begin;
                if (len <= best_len || t + len > end)
                    continue;
                size_t k = 0;
                while (k < len && norm_eq(&tok[t + k], &tok[m->token_begin + k]))
                    k++;
                if (k == len) {
                    best = i;
                    best_len = len;
                }
            }
            int blocked = best == UINT32_MAX;
            for (size_t k = t; k < t + best_len && !blocked; k++) {
                uint32_t o = cx->sc->token_owner.v[k];
                if (o == UINT32_MAX)
                    continue;
                const nerve_mention *om = &mv->v[o];
                blocked = om->type >= NERVE_TYPE_DATE || om->token_begin < t ||
                          om->token_end > t + best_len || om->source == NERVE_SOURCE_GAZETTEER;
            }
            if (blocked) {
                t++;
                continue;
            }
            for (size_t k = t; k < t + best_len; k++) {
                uint32_t o = cx->sc->token_owner.v[k];
                if (o != UINT32_MAX)
                    mv->v[o].type = NERVE_TYPE_NONE; /* dropped with the others */
            }
            const nerve_mention *bm = &mv->v[best];
            nerve__cand c;
            memset(&c, 0, sizeof c);
            c.tok_begin = t;
            c.tok_end = t + best_len;
            c.type = bm->type;
            c.subtype = bm->subtype;
            c.canonical = bm->canonical;
            c.source = NERVE_SOURCE_DOCUMENT;
            c.rule_file = bm->origin_file; /* as the body's name it is read as */
            c.rule_line = bm->origin_line;
            c.entry = cx->out->entry->v[best];
            c.confidence = 0.6f;
            rc = nerve__entities_add_mention(cx->in, cx->sc->al, cx->out, &c);
            if (rc != NERVE_OK)
                break;
            for (size_t k = t; k < t + best_len; k++) {
                cx->sc->taken.v[k] = 1;
                cx->sc->token_owner.v[k] = (uint32_t)(mv->n - 1);
            }
            t += best_len;
        }
    }
    nerve__free(cx->sc->al, head);
    return rc;
}

/* A town or county the mention stage made a team somewhere in a document
 * ("Surrey beat Kent") is that team wherever else the document names it
 * ("title rivals Essex , Derbyshire and Surrey"), except as the venue: after
 * "in", "at", "near" (class venue_preposition). Places that are teams nowhere in it stay places,
 * and so do cities of 100,000 people or more (as often the city as the club). */
/* Is token t a preposition before a venue (gazetteers/entity_words.tsv:
 * in, at, near ...)? */
static int venue_word(const link_ctx *cx, size_t t)
{
    uint32_t cls = cx->in->model->cls[NERVE__CLS_VENUE_PREP];
    for (size_t k = nerve__gaz_first_match_at(cx->in->gaz, cx->in->ngaz, t);
         cls != UINT32_MAX && k < cx->in->ngaz && cx->in->gaz[k].tok_begin == t; k++)
        for (uint32_t j = 0; j < cx->in->gaz[k].count; j++) {
            nerve__entry en;
            nerve__gaz_entry(cx->in->model->gaz, cx->in->gaz_ids[cx->in->gaz[k].first + j], &en);
            if (en.subtype_class == cls)
                return 1;
        }
    return 0;
}

static uint32_t *team_slot(uint32_t *set, size_t cap, uint32_t id)
{
    size_t h = (size_t)(id * 2654435761u) & (cap - 1);
    while (set[h] != UINT32_MAX && set[h] != id)
        h = (h + 1) & (cap - 1);
    return &set[h];
}

static int teams_stay_teams(link_ctx *cx)
{
    const nerve__gazset *gs = cx->in->model->gaz;
    const nerve_token *tok = cx->in->tok;
    nerve__mention_vec *mv = cx->out->mentions;
    size_t n = mv->n, teams = 0;
    for (int pass = 0; pass < 2; pass++) {
        uint32_t *set = NULL;
        size_t cap = 16;
        if (pass == 1) {
            if (!teams)
                return NERVE_OK;
            while (cap < 4 * teams)
                cap <<= 1;
            set = nerve__malloc(cx->sc->al, cap * sizeof *set);
            if (!set)
                return NERVE_ENOMEM;
            for (size_t i = 0; i < cap; i++)
                set[i] = UINT32_MAX;
        }
        for (size_t i = 0; i < n; i++) {
            const nerve_mention *m = &mv->v[i];
            uint32_t id = cx->out->entry->v[i];
            if (m->type != NERVE_TYPE_ORG || m->source != NERVE_SOURCE_GAZETTEER ||
                id == UINT32_MAX)
                continue;
            nerve__entry en;
            nerve__gaz_entry(gs, id, &en);
            if (en.type != NERVE_TYPE_LOC ||
                (en.subtype && strcmp(en.subtype, "city") == 0 && en.population >= 100000))
                continue;
            if (pass == 0)
                teams++;
            else
                *team_slot(set, cap, id) = id;
        }
        if (pass == 0)
            continue;
        for (size_t i = 0; i < n; i++) {
            nerve_mention *m = &mv->v[i];
            uint32_t id = cx->out->entry->v[i];
            if (m->type != NERVE_TYPE_LOC || id == UINT32_MAX || *team_slot(set, cap, id) != id)
                continue;
            size_t b = m->token_begin;
            if (b > 0 && tok[b - 1].sentence == m->sentence && venue_word(cx, b - 1))
                continue;
            m->type = NERVE_TYPE_ORG;
        }
        nerve__free(cx->sc->al, set);
    }
    return NERVE_OK;
}

/* Tokens [b, e) are free, or hold only place and organization mentions
 * wholly inside them ("the Pentagon chief" holds "Pentagon"). */
static int nests_only_names(const link_ctx *cx, size_t b, size_t e)
{
    for (size_t t = b; t < e; t++) {
        uint32_t i = cx->sc->token_owner.v[t];
        if (i == UINT32_MAX) {
            if (cx->sc->taken.v[t])
                return 0; /* claimed by a mention added since (a surname) */
            continue;
        }
        const nerve_mention *m = &cx->out->mentions->v[i];
        if (m->token_begin < b || m->token_end > e || m->type == NERVE_TYPE_PER ||
            m->type >= NERVE_TYPE_DATE || (m->token_begin == b && m->token_end == e))
            return 0;
    }
    return 1;
}

/* Role nominals become PER mentions when they resolve to a person. */
static int role_nominals(link_ctx *cx)
{
    const nerve__gazset *gs = cx->in->model->gaz;
    const nerve_token *tok = cx->in->tok;
    for (size_t k = 0; k < cx->in->ngaz; k++) {
        const nerve__gaz_match *g = &cx->in->gaz[k];
        if (g->tok_begin == 0 || !nests_only_names(cx, g->tok_begin, g->tok_end))
            continue;
        /* "the defense secretary", "the US ambassador" */
        size_t det = g->tok_begin - 1;
        while (det > 0 && cx->sc->taken.v[det] &&
               cx->in->tok[det].sentence == cx->in->tok[g->tok_begin].sentence)
            det--; /* skip a nationality or country before the role */
        if (!nerve__mention_word(cx->in->model->mentions, NERVE__MW_DEFINITE, tok[det].norm,
                                 tok[det].norm_len))
            continue;
        for (uint32_t j = 0; j < g->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(gs, cx->in->gaz_ids[g->first + j], &en);
            if (en.type != NERVE__TYPE_LEX || !en.subtype || !en.title ||
                (strcmp(en.subtype, "role_nominal") != 0 && strcmp(en.subtype, "title") != 0))
                continue;
            nerve__cand c;
            memset(&c, 0, sizeof c);
            c.tok_begin = g->tok_begin;
            c.tok_end = g->tok_end;
            c.type = NERVE_TYPE_PER;
            c.source = NERVE_SOURCE_DOCUMENT;
            c.entry = cx->in->gaz_ids[g->first + j]; /* the role; the holder once linked */
            c.subtype = "role_nominal";
            c.confidence = 0.6f;
            if (nerve__entities_add_mention(cx->in, cx->sc->al, cx->out, &c) != NERVE_OK)
                return NERVE_ENOMEM;
            memset(cx->sc->taken.v + g->tok_begin, 1, g->tok_end - g->tok_begin);
            for (size_t t = g->tok_begin; t < g->tok_end; t++)
                cx->sc->token_owner.v[t] = (uint32_t)(cx->out->mentions->n - 1);
            break;
        }
    }
    return NERVE_OK;
}

/* One entity being built. */
typedef struct proto {
    int type;
    size_t name_mention; /* mention whose text names it best */
    uint32_t entry;      /* gazetteer entry or UINT32_MAX */
    const char *office;  /* person's office, if known */
    const char *canonical;
} proto;

typedef NERVE__VEC(proto) proto_vec;

/* Is the token sequence of mention a a contiguous part of mention b's? */
static int tokens_within(const link_ctx *cx, const nerve_mention *a, const nerve_mention *b)
{
    const nerve_token *tok = cx->in->tok;
    size_t la = a->token_end - a->token_begin, lb = b->token_end - b->token_begin;
    if (la > lb)
        return 0;
    for (size_t off = 0; off + la <= lb; off++) {
        size_t k = 0;
        while (k < la && norm_eq(&tok[a->token_begin + k], &tok[b->token_begin + off + k]))
            k++;
        if (k == la)
            return 1;
    }
    return 0;
}

/* Are a's last tokens b's tokens (b no longer than a)? */
static int ends_with(const link_ctx *cx, const nerve_mention *a, const nerve_mention *b)
{
    const nerve_token *tok = cx->in->tok;
    size_t la = a->token_end - a->token_begin, lb = b->token_end - b->token_begin;
    if (lb > la)
        return 0;
    for (size_t k = 0; k < lb; k++)
        if (!norm_eq(&tok[a->token_end - lb + k], &tok[b->token_begin + k]))
            return 0;
    return 1;
}

/* Does the all-caps single token of a spell the initials of b's capitalized words? */
static int acronym_of(const link_ctx *cx, const nerve_mention *a, const nerve_mention *b)
{
    const nerve_token *tok = cx->in->tok;
    if (a->token_end - a->token_begin != 1 || !(tok[a->token_begin].flags & NERVE_TOK_ALLCAPS))
        return 0;
    const nerve_token *ac = &tok[a->token_begin];
    size_t k = 0;
    for (size_t t = b->token_begin; t < b->token_end; t++) {
        if (!(tok[t].flags & NERVE_TOK_CAPITALIZED))
            continue;
        if (k >= ac->norm_len || tok[t].norm[0] != ac->norm[k])
            return 0;
        k++;
    }
    return k == ac->norm_len && k >= 2;
}

static int32_t dct_number(const link_ctx *cx)
{
    return cx->in->dct ? cx->in->dct->year * 10000 + cx->in->dct->month * 100 + cx->in->dct->day
                       : 0;
}

/* The office and country a role nominal mention names (its entry is the role). */
static const char *role_office(const link_ctx *cx, size_t mi, const char **country)
{
    nerve__entry en;
    *country = NULL;
    if (cx->out->entry->v[mi] == UINT32_MAX)
        return NULL;
    nerve__gaz_entry(cx->in->model->gaz, cx->out->entry->v[mi], &en);
    *country = en.country;
    return en.title;
}

/* The gazetteer's person holding an office of a country at the document date. */
static uint32_t office_holder(const link_ctx *cx, const char *office, const char *country)
{
    int32_t when = dct_number(cx);
    if (!office || !country || !when)
        return UINT32_MAX;
    const nerve_model *m = cx->in->model;
    for (size_t i = 0; i < m->offices.n; i++) {
        const nerve__office *o = &m->offices.v[i];
        if (strcmp(o->office, office) == 0 && o->country && strcmp(o->country, country) == 0 &&
            (!o->from || o->from <= when) && (!o->to || when <= o->to))
            return o->entry;
    }
    return UINT32_MAX;
}

enum { LINK_REACH = 400 };

static int find_proto(const link_ctx *cx, const proto_vec *pv, size_t mi)
{
    const nerve_mention *m = &cx->out->mentions->v[mi];
    uint32_t entry = cx->out->entry->v[mi];
    /* The most recent LINK_REACH entities only: a name refers back to one
     * of the last few hundred things the document named, and the bound
     * keeps documents with tens of thousands of names linear. */
    size_t stop = pv->n > LINK_REACH ? pv->n - LINK_REACH : 0;
    for (size_t p = pv->n; p-- > stop;) {
        const proto *pr = &pv->v[p];
        const nerve_mention *nm = &cx->out->mentions->v[pr->name_mention];
        if (m->type == NERVE_TYPE_PER && pr->type == NERVE_TYPE_PER) {
            if (m->subtype && strcmp(m->subtype, "role_nominal") == 0) {
                const char *country;
                const char *office = role_office(cx, mi, &country);
                if (pr->office && office && strcmp(pr->office, office) == 0)
                    return (int)p;
                continue;
            }
            if (tokens_within(cx, m, nm))
                return (int)p;
            /* a longer name after a shorter one: "Mark Esper" after "Esper";
             * but a known person's surname does not make "Reagan Wells"
             * Ronald Reagan: a name the gazetteer gave a person is found
             * again only as the last words of the longer one, or as that
             * same person */
            if (tokens_within(cx, nm, m) &&
                (pr->entry == UINT32_MAX || entry == pr->entry || ends_with(cx, m, nm)))
                return (int)p;
            continue;
        }
        if (pr->type != m->type)
            continue;
        if (entry != UINT32_MAX && pr->entry == entry)
            return (int)p;
        if (m->canonical && pr->canonical && strcmp(m->canonical, pr->canonical) == 0)
            return (int)p;
        if (m->span.end - m->span.start == nm->span.end - nm->span.start &&
            tokens_within(cx, m, nm))
            return (int)p;
        if (m->type == NERVE_TYPE_ORG && (acronym_of(cx, m, nm) || acronym_of(cx, nm, m)))
            return (int)p;
        /* "Dome" after "Dome Petroleum Ltd": an organization's first word
         * alone (a name of no gazetteer entry) is its short name */
        if (m->type == NERVE_TYPE_ORG && entry == UINT32_MAX &&
            m->token_end - m->token_begin == 1 && nm->token_end - nm->token_begin > 1 &&
            norm_eq(&cx->in->tok[m->token_begin], &cx->in->tok[nm->token_begin]))
            return (int)p;
    }
    return -1;
}

int nerve__entities_link(const nerve__view *in, nerve__link_scratch *sc, nerve__mentions_out *out,
                         nerve__doc_entities *ents)
{
    link_ctx cx_ = {in, sc, out, ents}, *cx = &cx_;
    if (cx->in->ntok) {
        size_t ns = cx->in->nsent;
        unsigned char *hl = nerve__calloc(cx->sc->al, ns ? ns : 1, 1);
        if (!hl)
            return NERVE_ENOMEM;
        /* the headline is the document's first lines, before any line in
         * lower case (a table in capitals further down is not one) */
        int any = 0;
        for (size_t si = 0; si < ns && !has_lower_word(cx, si); si++)
            any |= hl[si] = (unsigned char)headline_sentence(cx, si);
        int rc0 = mark_taken(cx);
        if (rc0 == NERVE_OK && any)
            rc0 = headline_names(cx, hl);
        if (rc0 == NERVE_OK)
            rc0 = recover_surnames(cx, any ? hl : NULL);
        if (rc0 == NERVE_OK)
            rc0 = role_nominals(cx);
        if (rc0 == NERVE_OK)
            rc0 = teams_stay_teams(cx);
        nerve__free(cx->sc->al, hl);
        if (rc0 != NERVE_OK)
            return rc0;
    }
    if (sort_mentions(cx) != NERVE_OK)
        return NERVE_ENOMEM;

    size_t n = cx->out->mentions->n;
    proto_vec pv = {0};
    NERVE__VEC(size_t) of = {0}; /* entity of each mention, NERVE_NONE if none */
    int rc = nerve__vec_reserve(cx->sc->al, &of, n ? n : 1);
    const nerve__gazset *gs = cx->in->model->gaz;
    for (size_t i = 0; rc == NERVE_OK && i < n; i++) {
        nerve_mention *m = &cx->out->mentions->v[i];
        of.v[i] = NERVE_NONE;
        if (m->type >= NERVE_TYPE_DATE || m->type == NERVE_TYPE_NONE)
            continue;
        int p = find_proto(cx, &pv, i);
        const char *office = NULL;
        if (m->type == NERVE_TYPE_PER && m->title) {
            /* the title tokens precede the name */
            size_t tb = m->token_begin;
            while (tb > 0 && cx->in->tok[tb - 1].sentence == m->sentence &&
                   cx->in->tok[m->token_begin].span.start - cx->in->tok[tb - 1].span.start <=
                       strlen(m->title) + 1)
                tb--;
            office = office_of_span(cx, tb, m->token_begin);
            if (!office)
                office = m->title;
        }
        int nominal = m->subtype && strcmp(m->subtype, "role_nominal") == 0;
        if (nominal) {
            const char *country;
            office = role_office(cx, i, &country);
            uint32_t holder = p < 0 ? office_holder(cx, office, country) : UINT32_MAX;
            if (p < 0 && holder == UINT32_MAX) {
                /* unresolved role nominal: not a name, drop the mention */
                m->type = NERVE_TYPE_NONE;
                continue;
            }
            cx->out->entry->v[i] = holder;
        }
        if (p < 0) {
            proto pr = {m->type, i, cx->out->entry->v[i], office, m->canonical};
            if (pr.type == NERVE_TYPE_PER && pr.entry != UINT32_MAX && !pr.office) {
                nerve__entry en;
                nerve__gaz_entry(gs, pr.entry, &en);
                pr.office = en.title;
            }
            rc = nerve__vec_push(cx->sc->al, &pv, pr);
            p = (int)pv.n - 1;
        } else {
            proto *pr = &pv.v[p];
            const nerve_mention *nm = &cx->out->mentions->v[pr->name_mention];
            int is_nominal = m->subtype && strcmp(m->subtype, "role_nominal") == 0;
            if (!is_nominal && m->token_end - m->token_begin > nm->token_end - nm->token_begin)
                pr->name_mention = i;
            if (!pr->office && office)
                pr->office = office;
            /* a surname alone ("Wilson" after "Pete Wilson") does not link
             * the person named in full to the gazetteer's one of that name */
            if (pr->entry == UINT32_MAX && cx->out->entry->v[i] != UINT32_MAX &&
                m->token_end - m->token_begin >= nm->token_end - nm->token_begin) {
                pr->entry = cx->out->entry->v[i];
                pr->canonical = m->canonical;
            }
        }
        of.v[i] = (size_t)p;
    }
    /* Drop mentions that did not survive (unresolved role nominals). */
    size_t w = 0;
    for (size_t i = 0; rc == NERVE_OK && i < n; i++) {
        if (cx->out->mentions->v[i].type == NERVE_TYPE_NONE)
            continue;
        cx->out->mentions->v[w] = cx->out->mentions->v[i];
        cx->out->entry->v[w] = cx->out->entry->v[i];
        of.v[w] = of.v[i];
        w++;
    }
    if (rc == NERVE_OK) {
        cx->out->mentions->n = w;
        cx->out->entry->n = w;
        n = w;
        /* no mention is added from here: give back the growth slack before
         * the entity arrays are made, the document's peak */
        nerve__vec_shrink(cx->sc->al, cx->out->mentions);
    }
    /* Entities, with their members contiguous and in text order: one pass
     * counts each entity's members and finds its longest name, a second
     * places the members (a counting sort, linear in the mentions). */
    nerve__doc_entities *de = cx->ents;
    NERVE__VEC(size_t) slot = {0}; /* per entity: next member position, then best name */
    if (rc == NERVE_OK)
        rc = nerve__vec_reserve(cx->sc->al, &de->ent, pv.n ? pv.n : 1);
    if (rc == NERVE_OK)
        rc = nerve__vec_reserve(cx->sc->al, &de->members, n ? n : 1);
    if (rc == NERVE_OK)
        rc = nerve__vec_reserve(cx->sc->al, &slot, pv.n ? 2 * pv.n : 1);
    /* The analyzer loses the reserve calls above and thinks slot.v may be NULL. */
    // NOLINTBEGIN(clang-analyzer-core.NullDereference)
    if (rc == NERVE_OK) {
        size_t *count = slot.v, *best = slot.v + pv.n;
        for (size_t p = 0; p < pv.n; p++) {
            count[p] = 0;
            best[p] = NERVE_NONE;
        }
        for (size_t i = 0; i < n; i++) {
            size_t p = of.v[i];
            if (p == NERVE_NONE)
                continue;
            count[p]++;
            const nerve_mention *mm = &cx->out->mentions->v[i];
            if (mm->subtype && strcmp(mm->subtype, "role_nominal") == 0)
                continue;
            /* the longest name, written in running text rather than in a
             * headline in capitals ("Piet Kessow", not "PIET KESSOW") */
            const nerve_mention *bm = best[p] == NERVE_NONE ? NULL : &cx->out->mentions->v[best[p]];
            size_t ml = mm->span.end - mm->span.start;
            size_t bl = bm ? bm->span.end - bm->span.start : 0;
            int mcaps = (cx->in->tok[mm->token_begin].flags & NERVE_TOK_ALLCAPS) != 0;
            int bcaps = bm && (cx->in->tok[bm->token_begin].flags & NERVE_TOK_ALLCAPS) != 0;
            if (!bm || ml > bl || (ml == bl && bcaps && !mcaps))
                best[p] = i;
        }
        size_t pos = 0;
        for (size_t p = 0; p < pv.n; p++) {
            size_t c = count[p];
            count[p] = pos; /* now the next free position of entity p */
            pos += c;
        }
        for (size_t i = 0; i < n; i++) {
            size_t p = of.v[i];
            if (p == NERVE_NONE)
                continue;
            de->members.v[count[p]++] = i;
            cx->out->mentions->v[i].entity = p;
        }
        de->members.n = pos;
    }
    for (size_t p = 0, begin = 0; rc == NERVE_OK && p < pv.n; p++) {
        const proto *pr = &pv.v[p];
        nerve_entity e;
        memset(&e, 0, sizeof e);
        e.type = pr->type;
        if (pr->entry != UINT32_MAX) {
            nerve__entry en;
            nerve__gaz_entry(gs, pr->entry, &en);
            e.canonical = en.canonical ? en.canonical : en.name;
            e.link_id = en.id;
            e.country = en.country;
            e.title = en.title;
            e.has_coords = en.has_coords;
            e.lat = en.lat;
            e.lon = en.lon;
        }
        size_t bi = slot.v[pv.n + p];
        if (!e.canonical && bi != NERVE_NONE) {
            const nerve_mention *mm = &cx->out->mentions->v[bi];
            e.canonical = nerve__arena_strndup(cx->out->arena, cx->in->text + mm->span.start,
                                               mm->span.end - mm->span.start);
            if (!e.canonical) {
                rc = NERVE_ENOMEM;
                break;
            }
        } else if (!e.canonical) {
            e.canonical = pr->canonical ? pr->canonical : "";
        }
        if (!e.title)
            e.title = pr->office;
        e.mention_begin = begin;
        e.mention_count = slot.v[p] - begin; /* slot.v[p] ended one past its last member */
        begin = slot.v[p];
        de->ent.v[de->ent.n++] = e;
    }
    // NOLINTEND(clang-analyzer-core.NullDereference)
    nerve__vec_free(cx->sc->al, &slot);
    nerve__vec_free(cx->sc->al, &pv);
    nerve__vec_free(cx->sc->al, &of);
    return rc;
}
