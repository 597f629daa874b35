/*
 * sentence.c - a sentence as the rules see it (sentence.h): its features
 * from the gazetteer matches and one run of a rule set over it.
 */
#include "sentence.h"

#include <string.h>

int nerve__sentence_init(nerve__sentence *s, const nerve_model *m, const nerve_allocator *al)
{
    memset(s, 0, sizeof *s);
    s->al = al;
    return nerve__rules_scratch_new(m->rules, al, &s->rules);
}

void nerve__sentence_free(nerve__sentence *s)
{
    if (!s->al)
        return;
    nerve__rules_scratch_free(s->rules);
    nerve__rmatches_free(s->al, &s->matches);
    nerve__vec_free(s->al, &s->feat);
    s->rules = NULL;
}

/* Inlined into the feature loop, which adds one or two features for every
 * entry of every gazetteer match. */
static inline int add_feat(nerve__sentence *s, uint32_t b, uint32_t e, uint32_t kind, uint32_t id,
                           uint32_t ref)
{
    if (s->feat.n) {
        const nerve__rfeat *last = &s->feat.v[s->feat.n - 1];
        if (last->tok_begin == b && last->tok_end == e && last->kind == kind && last->id == id)
            return NERVE_OK;
    }
    nerve__rfeat f = {b, e, kind, id, ref};
    return nerve__vec_push(s->al, &s->feat, f);
}

int nerve__sentence_add_feat(nerve__sentence *s, uint32_t b, uint32_t e, uint32_t kind, uint32_t id,
                             uint32_t ref)
{
    return add_feat(s, b, e, kind, id, ref);
}

int nerve__sentence_features(nerve__sentence *s, const nerve__view *in, size_t sent_index,
                             size_t *gi, int with_gaz_types)
{
    const nerve_sentence *se = &in->sent[sent_index];
    size_t first = se->token_begin, end = se->token_begin + se->token_count;
    const nerve__gazset *gs = in->model->gaz;
    s->feat.n = 0;
    while (*gi < in->ngaz && in->gaz[*gi].tok_begin < first)
        (*gi)++;
    for (size_t k = *gi; k < in->ngaz && in->gaz[k].tok_begin < end; k++) {
        const nerve__gaz_match *g = &in->gaz[k];
        if (g->tok_end > end)
            continue;
        uint32_t b = (uint32_t)(g->tok_begin - first), e = (uint32_t)(g->tok_end - first);
        for (uint32_t j = 0; j < g->count; j++) {
            uint32_t cls;
            int type = nerve__gaz_entry_type(gs, in->gaz_ids[g->first + j], &cls);
            int rc = NERVE_OK;
            if (type == NERVE__TYPE_LEX) {
                if (cls != UINT32_MAX)
                    rc = add_feat(s, b, e, NERVE__RF_CLASS, cls, g->first + j);
            } else if (with_gaz_types && type > NERVE_TYPE_NONE && type <= NERVE_TYPE_MISC) {
                rc = add_feat(s, b, e, NERVE__RF_GAZ, (uint32_t)type, g->first + j);
                if (rc == NERVE_OK && cls != UINT32_MAX)
                    rc = add_feat(s, b, e, NERVE__RF_CLASS, cls, g->first + j);
            }
            if (rc != NERVE_OK)
                return rc;
        }
    }
    return NERVE_OK;
}

int nerve__sentence_has_class(const nerve__sentence *s, uint32_t t, uint32_t cls)
{
    if (cls == UINT32_MAX)
        return 0;
    /* The features come from the gazetteer matches in order, so tok_begin
     * never decreases, and a match spans at most NERVE__GAZ_MAX_NAME_UNITS
     * tokens: only features starting in [t - that, t] can cover t. Binary
     * search to them (a scan of the whole sentence for every token made a
     * long sentence quadratic). */
    uint32_t from = t > NERVE__GAZ_MAX_NAME_UNITS ? t - NERVE__GAZ_MAX_NAME_UNITS : 0;
    size_t lo = 0, hi = s->feat.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->feat.v[mid].tok_begin < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < s->feat.n && s->feat.v[i].tok_begin <= t; i++) {
        const nerve__rfeat *f = &s->feat.v[i];
        if (f->kind == NERVE__RF_CLASS && f->id == cls && t < f->tok_end)
            return 1;
    }
    return 0;
}

int nerve__sentence_run(nerve__sentence *s, const nerve__view *in, size_t sent_index, int kind,
                        nerve__rsent *rs)
{
    const nerve_model *m = in->model;
    const nerve_sentence *se = &in->sent[sent_index];
    size_t ntok = se->token_count;
    if (ntok > m->limits.max_sentence_tokens)
        ntok = m->limits.max_sentence_tokens; /* the rest of a huge sentence gets no rules */
    rs->text = in->text;
    rs->tok = in->tok + se->token_begin;
    rs->ntok = ntok;
    rs->feat = s->feat.v;
    rs->nfeat = s->feat.n;
    rs->tok_base = se->token_begin;
    nerve__rules_scratch_set_syntax(s->rules, in->syntax, in->syntax_ctx);
    s->matches.m.n = 0;
    s->matches.caps.n = 0;
    s->matches.limit_hits = 0;
    int rc = nerve__rules_match(m->rules, kind, s->rules, rs, &s->matches);
    s->limit_hits += s->matches.limit_hits;
    return rc;
}
