/*
 * entities.c - the mention stage: gazetteer candidates and entity-rule
 * matches become PER, LOC, ORG and NORP mentions.
 *
 * Conflict policy, applied in one place (choose_candidates):
 *   1. temporal mentions found earlier are kept; nothing may overlap them;
 *   2. a longer span beats a shorter one;
 *   3. at equal length the higher priority wins (rules state theirs;
 *      gazetteer candidates have priority 4 for names of several words
 *      other than towns, 0 otherwise, less when the context weakens them:
 *      a small town at the start of a sentence);
 *   4. at equal priority a rule beats the gazetteer, then text order.
 * Candidates that lose are dropped; nothing overlaps in the result.
 *
 * Document-level entities are in entities_link.c.
 */
#include "entities_int.h"

#include <stdlib.h>
#include <string.h>

/* Add a feature for the rule matcher, skipping exact duplicates of the last one. */
static int add_feat(nerve_doc *doc, uint32_t b, uint32_t e, uint32_t kind, uint32_t id,
                    uint32_t ref)
{
    if (doc->rfeat.n) {
        const nerve__rfeat *last = &doc->rfeat.v[doc->rfeat.n - 1];
        if (last->tok_begin == b && last->tok_end == e && last->kind == kind && last->id == id)
            return NERVE_OK;
    }
    nerve__rfeat f = {b, e, kind, id, ref};
    return nerve__vec_push(doc->al, &doc->rfeat, f);
}

int nerve__entities_sentence_features(nerve_doc *doc, size_t sent_index, size_t *gi,
                                      int with_gaz_types)
{
    const nerve_sentence *s = &doc->tokens.sent.v[sent_index];
    size_t first = s->token_begin, end = s->token_begin + s->token_count;
    const nerve__gazset *gs = doc->model->gaz;
    doc->rfeat.n = 0;
    while (*gi < doc->gaz.m.n && doc->gaz.m.v[*gi].tok_begin < first)
        (*gi)++;
    for (size_t k = *gi; k < doc->gaz.m.n && doc->gaz.m.v[k].tok_begin < end; k++) {
        const nerve__gaz_match *g = &doc->gaz.m.v[k];
        if (g->tok_end > end)
            continue;
        uint32_t b = (uint32_t)(g->tok_begin - first), e = (uint32_t)(g->tok_end - first);
        for (uint32_t j = 0; j < g->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(gs, doc->gaz.ids.v[g->first + j], &en);
            int rc = NERVE_OK;
            if (en.type == NERVE__TYPE_LEX) {
                if (en.subtype_class != UINT32_MAX)
                    rc = add_feat(doc, b, e, NERVE__RF_CLASS, en.subtype_class, g->first + j);
            } else if (with_gaz_types && en.type > NERVE_TYPE_NONE && en.type <= NERVE_TYPE_MISC) {
                rc = add_feat(doc, b, e, NERVE__RF_GAZ, (uint32_t)en.type, g->first + j);
                if (rc == NERVE_OK && en.subtype_class != UINT32_MAX)
                    rc = add_feat(doc, b, e, NERVE__RF_CLASS, en.subtype_class, g->first + j);
            }
            if (rc != NERVE_OK)
                return rc;
        }
    }
    return NERVE_OK;
}

static int type_from_label(const char *label)
{
    for (int t = NERVE_TYPE_PER; t < NERVE_TYPE_COUNT_; t++)
        if (label && strcmp(label, nerve_type_name(t)) == 0)
            return t;
    return NERVE_TYPE_NONE;
}

/* How specific a place subtype is when one name has several entries. */
static int subtype_rank(const char *subtype)
{
    if (!subtype)
        return 0;
    if (strcmp(subtype, "country") == 0)
        return 5;
    if (strcmp(subtype, "continent") == 0 || strcmp(subtype, "region") == 0)
        return 4;
    return 1;
}

/* Better of two entries for the same surface: countries and regions before
 * towns, then the larger population, then entities before lexicon words. */
static int entry_better(const nerve__entry *a, const nerve__entry *b)
{
    int ra = subtype_rank(a->subtype), rb = subtype_rank(b->subtype);
    if (a->type != NERVE_TYPE_LOC)
        ra = 3;
    if (b->type != NERVE_TYPE_LOC)
        rb = 3;
    if (a->type == NERVE_TYPE_LOC && a->population >= 1000000)
        ra = 5;
    if (b->type == NERVE_TYPE_LOC && b->population >= 1000000)
        rb = 5;
    if (ra != rb)
        return ra > rb;
    return a->population > b->population;
}

static int is_place_preposition(const nerve_token *t)
{
    static const char *const preps[] = {"in", "at", "from", "to", "near", "of", "into", "outside",
                                        "across", "toward", "towards", "via", NULL};
    for (const char *const *p = preps; *p; p++)
        if (t->norm_len == strlen(*p) && memcmp(t->norm, *p, t->norm_len) == 0)
            return 1;
    return 0;
}

/* Gazetteer candidates of one sentence: the best entity entry of each match. */
static int gazetteer_candidates(nerve_doc *doc, size_t first, size_t end, size_t *gi,
                                nerve__cand_vec *out)
{
    const nerve__gazset *gs = doc->model->gaz;
    const nerve_token *tok = doc->tokens.tok.v;
    for (; *gi < doc->gaz.m.n && doc->gaz.m.v[*gi].tok_begin < end; (*gi)++) {
        const nerve__gaz_match *g = &doc->gaz.m.v[*gi];
        if (g->tok_begin < first || g->tok_end > end)
            continue;
        nerve__entry best;
        memset(&best, 0, sizeof best);
        uint32_t best_id = UINT32_MAX;
        int has_lex = 0;
        for (uint32_t j = 0; j < g->count; j++) {
            nerve__entry en;
            uint32_t id = doc->gaz.ids.v[g->first + j];
            nerve__gaz_entry(gs, id, &en);
            if (en.type == NERVE__TYPE_LEX)
                has_lex = 1;
            if (en.type <= NERVE_TYPE_NONE || en.type > NERVE_TYPE_MISC)
                continue;
            if (best_id == UINT32_MAX || entry_better(&en, &best)) {
                best = en;
                best_id = id;
            }
        }
        if (best_id == UINT32_MAX)
            continue;
        const nerve_token *t0 = &tok[g->tok_begin];
        int single = g->tok_end - g->tok_begin == 1;
        /* A name of several words found whole in the gazetteer is strong
         * evidence: it beats the generic name rules (not title + name). */
        int priority = !single && (best.type != NERVE_TYPE_LOC || subtype_rank(best.subtype) > 1)
                           ? 4
                           : 0;
        /* A word that opens a sentence is capitalized anyway: a one-word
         * town there is weak evidence ("Due", "Bath", "Split"). */
        if (single && best.type == NERVE_TYPE_LOC && subtype_rank(best.subtype) <= 1 &&
            best.population < 1000000) {
            int after_prep = g->tok_begin > first && is_place_preposition(&tok[g->tok_begin - 1]);
            if ((t0->flags & NERVE_TOK_SENT_START) && !after_prep)
                continue;
            /* also a title, a given name or a common word: not a place here */
            if (has_lex && !after_prep)
                continue;
            if (!after_prep && best.population < 20000)
                priority = -2;
        }
        /* ALL-CAPS lines (headlines) capitalize everything: demand more. */
        if (single && (t0->flags & NERVE_TOK_ALLCAPS) && best.casing != NERVE__CASE_EXACT &&
            t0->span.end - t0->span.start <= 3 && subtype_rank(best.subtype) < 5)
            continue;
        nerve__cand c;
        memset(&c, 0, sizeof c);
        c.tok_begin = g->tok_begin;
        c.tok_end = g->tok_end;
        /* "the Pentagon", "The Hague": the article is not part of the mention */
        if (c.tok_end - c.tok_begin > 1 && tok[c.tok_begin].norm_len == 3 &&
            memcmp(tok[c.tok_begin].norm, "the", 3) == 0 &&
            !(tok[c.tok_begin].flags & NERVE_TOK_CAPITALIZED))
            c.tok_begin++;
        c.type = best.type;
        c.priority = priority;
        c.source = NERVE_SOURCE_GAZETTEER;
        c.entry = best_id;
        c.subtype = best.subtype;
        c.canonical = best.canonical;
        c.confidence = priority < 0 ? 0.5f : 0.8f;
        if (nerve__vec_push(doc->al, out, c) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    return NERVE_OK;
}

/* Does sentence-relative token t carry a lexicon class feature cls? */
static int token_has_class(const nerve_doc *doc, uint32_t t, uint32_t cls)
{
    if (cls == UINT32_MAX)
        return 0;
    for (size_t i = 0; i < doc->rfeat.n; i++) {
        const nerve__rfeat *f = &doc->rfeat.v[i];
        if (f->kind == NERVE__RF_CLASS && f->id == cls && f->tok_begin <= t && t < f->tok_end)
            return 1;
    }
    return 0;
}

/* Entity-rule candidates of one sentence. */
static int rule_candidates(nerve_doc *doc, size_t sent_index, nerve__cand_vec *out)
{
    const nerve_model *m = doc->model;
    const nerve_sentence *s = &doc->tokens.sent.v[sent_index];
    size_t ntok = s->token_count;
    if (ntok > m->limits.max_sentence_tokens)
        ntok = m->limits.max_sentence_tokens;
    nerve__rsent rs = {doc->text.v, doc->tokens.tok.v + s->token_begin, ntok, doc->rfeat.v,
                       doc->rfeat.n};
    doc->rmatches.m.n = 0;
    doc->rmatches.caps.n = 0;
    doc->rmatches.limit_hits = 0;
    int rc = nerve__rules_match(m->rules, NERVE__RULE_ENTITY, doc->rscratch, &rs, &doc->rmatches);
    if (rc != NERVE_OK)
        return rc;
    doc->limit_hits += doc->rmatches.limit_hits;
    for (size_t i = 0; i < doc->rmatches.m.n; i++) {
        const nerve__rmatch *rm = &doc->rmatches.m.v[i];
        const nerve__rule_info *info = nerve__ruleset_rule(m->rules, rm->rule);
        int type = info ? type_from_label(info->label) : NERVE_TYPE_NONE;
        if (type == NERVE_TYPE_NONE)
            continue;
        uint32_t b = rm->tok_begin, e = rm->tok_end;
        uint32_t tb = 0, te = 0;
        for (uint32_t k = 0; k < rm->cap_count; k++) {
            const nerve__rcap *cap = &doc->rmatches.caps.v[rm->cap_first + k];
            const char *name = nerve__rules_capname(m->rules, cap->name);
            if (!name)
                continue;
            if (strcmp(name, "name") == 0) {
                b = cap->tok_begin;
                e = cap->tok_end;
            } else if (strcmp(name, "title") == 0) {
                tb = cap->tok_begin;
                te = cap->tok_end;
            }
        }
        if (type == NERVE_TYPE_PER)
            while (b < e && token_has_class(doc, b, m->class_title))
                b++; /* "General Director": a title is not part of a name */
        if (e <= b)
            continue;
        nerve__cand c;
        memset(&c, 0, sizeof c);
        c.tok_begin = s->token_begin + b;
        c.tok_end = s->token_begin + e;
        c.type = type;
        c.priority = info->priority;
        c.source = NERVE_SOURCE_RULE;
        c.entry = UINT32_MAX;
        c.subtype = info->subtype;
        c.rule = info->name;
        c.confidence = info->confidence > 0 ? info->confidence : 0.75f;
        if (te > tb) {
            c.title_begin = s->token_begin + tb;
            c.title_end = s->token_begin + te;
        }
        if (nerve__vec_push(doc->al, out, c) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    return NERVE_OK;
}

static int cand_order(const void *pa, const void *pb)
{
    const nerve__cand *a = pa, *b = pb;
    size_t la = a->tok_end - a->tok_begin, lb = b->tok_end - b->tok_begin;
    if (la != lb)
        return la > lb ? -1 : 1;
    if (a->priority != b->priority)
        return a->priority > b->priority ? -1 : 1;
    if (a->source != b->source)
        return a->source == NERVE_SOURCE_RULE ? -1 : 1;
    return a->tok_begin < b->tok_begin ? -1 : a->tok_begin > b->tok_begin;
}

/* The conflict policy (see the file comment). taken[] marks used tokens. */
static int choose_candidates(nerve_doc *doc, nerve__cand_vec *cands, unsigned char *taken)
{
    qsort(cands->v, cands->n, sizeof *cands->v, cand_order);
    for (size_t i = 0; i < cands->n; i++) {
        const nerve__cand *c = &cands->v[i];
        int free_span = 1;
        for (size_t t = c->tok_begin; t < c->tok_end && free_span; t++)
            free_span = !taken[t];
        if (!free_span)
            continue;
        memset(taken + c->tok_begin, 1, c->tok_end - c->tok_begin);
        int rc = nerve__entities_add_mention(doc, c);
        if (rc != NERVE_OK)
            return rc;
    }
    return NERVE_OK;
}

int nerve__entities_add_mention(nerve_doc *doc, const nerve__cand *c)
{
    nerve_mention mention;
    memset(&mention, 0, sizeof mention);
    mention.span = nerve__token_range_span(doc, c->tok_begin, c->tok_end);
    mention.type = c->type;
    mention.subtype = c->subtype;
    mention.sentence = doc->tokens.tok.v[c->tok_begin].sentence;
    mention.token_begin = c->tok_begin;
    mention.token_end = c->tok_end;
    mention.entity = NERVE_NONE;
    mention.canonical = c->canonical;
    mention.rule = c->rule;
    mention.source = c->source;
    mention.confidence = c->confidence;
    if (c->title_end > c->title_begin) {
        nerve_span ts = nerve__token_range_span(doc, c->title_begin, c->title_end);
        mention.title = nerve__arena_strndup(&doc->arena, doc->text.v + ts.start, ts.end - ts.start);
        if (!mention.title)
            return NERVE_ENOMEM;
    }
    if (nerve__vec_push(doc->al, &doc->mentions, mention) != NERVE_OK)
        return NERVE_ENOMEM;
    return nerve__vec_push(doc->al, &doc->mention_entry, c->entry);
}

int nerve__entities_find(nerve_doc *doc)
{
    size_t ntok = doc->tokens.tok.n;
    doc->mention_entry.n = 0;
    for (size_t i = 0; i < doc->mentions.n; i++) /* temporal mentions have no entry */
        if (nerve__vec_push(doc->al, &doc->mention_entry, UINT32_MAX) != NERVE_OK)
            return NERVE_ENOMEM;
    if (ntok == 0)
        return NERVE_OK;
    if (nerve__vec_reserve(doc->al, &doc->taken, ntok) != NERVE_OK)
        return NERVE_ENOMEM;
    unsigned char *taken = doc->taken.v;
    memset(taken, 0, ntok);
    for (size_t i = 0; i < doc->mentions.n; i++)
        memset(taken + doc->mentions.v[i].token_begin, 1,
               doc->mentions.v[i].token_end - doc->mentions.v[i].token_begin);
    size_t gi_feat = 0, gi_cand = 0;
    for (size_t s = 0; s < doc->tokens.sent.n; s++) {
        const nerve_sentence *se = &doc->tokens.sent.v[s];
        doc->cands.n = 0;
        int rc = nerve__entities_sentence_features(doc, s, &gi_feat, 1);
        if (rc == NERVE_OK)
            rc = rule_candidates(doc, s, &doc->cands);
        if (rc == NERVE_OK)
            rc = gazetteer_candidates(doc, se->token_begin, se->token_begin + se->token_count,
                                      &gi_cand, &doc->cands);
        if (rc == NERVE_OK)
            rc = choose_candidates(doc, &doc->cands, taken);
        if (rc != NERVE_OK)
            return rc;
    }
    return NERVE_OK;
}
