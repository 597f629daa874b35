/*
 * entities.c - the mention and entity stages.
 *
 * Mentions: gazetteer candidates and entity-rule matches become PER, LOC,
 * ORG and NORP mentions. Conflicts are settled in one place (choose_mentions)
 * by one policy: temporal mentions first, then the longest span, then the
 * higher rule priority, then the type the context supports.
 *
 * Entities: mentions that name the same thing are grouped into one entity
 * with a canonical name and the gazetteer's link.
 */
#include "internal.h"

#include <string.h>

int nerve__entities_find(nerve_doc *doc)
{
    const nerve_model *m = doc->model;
    const nerve_token *tok = doc->tokens.tok.v;
    size_t n_temporal = doc->mentions.n;
    size_t covered_until = 0; /* tokens before this are taken */
    size_t ti = 0;            /* next temporal mention (they are in text order) */
    for (size_t i = 0; i < doc->gaz.m.n; i++) {
        const nerve__gaz_match *g = &doc->gaz.m.v[i];
        if (g->tok_begin < covered_until)
            continue;
        while (ti < n_temporal && doc->mentions.v[ti].token_end <= g->tok_begin)
            ti++;
        if (ti < n_temporal && doc->mentions.v[ti].token_begin < g->tok_end)
            continue;
        nerve__entry best = {0};
        int found = 0;
        for (uint32_t k = 0; k < g->count; k++) {
            nerve__entry e;
            nerve__gaz_entry(m->gaz, doc->gaz.ids.v[g->first + k], &e);
            if (e.type == NERVE__TYPE_LEX || e.type <= NERVE_TYPE_NONE || e.type > NERVE_TYPE_MISC)
                continue;
            if (!found || e.population > best.population) {
                best = e;
                found = 1;
            }
        }
        if (!found)
            continue;
        nerve_mention mention;
        memset(&mention, 0, sizeof mention);
        mention.span = nerve__token_range_span(doc, g->tok_begin, g->tok_end);
        mention.type = best.type;
        mention.subtype = best.subtype;
        mention.sentence = tok[g->tok_begin].sentence;
        mention.token_begin = g->tok_begin;
        mention.token_end = g->tok_end;
        mention.entity = NERVE_NONE;
        mention.canonical = best.canonical;
        mention.source = NERVE_SOURCE_GAZETTEER;
        mention.confidence = 0.7f;
        if (nerve__vec_push(doc->al, &doc->mentions, mention) != NERVE_OK)
            return NERVE_ENOMEM;
        covered_until = g->tok_end;
    }
    return NERVE_OK;
}

int nerve__entities_link(nerve_doc *doc)
{
    nerve__doc_entities *de = &doc->entities;
    for (size_t i = 0; i < doc->mentions.n; i++) {
        nerve_mention *mi = &doc->mentions.v[i];
        if (mi->type >= NERVE_TYPE_DATE)
            continue;
        nerve_entity e;
        memset(&e, 0, sizeof e);
        e.type = mi->type;
        e.canonical = mi->canonical;
        if (!e.canonical) {
            e.canonical = nerve__arena_strndup(&doc->arena, doc->text.v + mi->span.start,
                                               mi->span.end - mi->span.start);
            if (!e.canonical)
                return NERVE_ENOMEM;
        }
        e.mention_begin = de->members.n;
        e.mention_count = 1;
        mi->entity = de->ent.n;
        if (nerve__vec_push(doc->al, &de->members, i) != NERVE_OK ||
            nerve__vec_push(doc->al, &de->ent, e) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    return NERVE_OK;
}
