/*
 * entities.h - the mention stage (entities.c: gazetteer candidates and
 * entity-rule matches become PER, LOC, ORG, NORP and MISC mentions) and the
 * document linking stage (entities_link.c: mentions that name the same thing
 * become one entity). Each owns a scratch, created with the doc and reused
 * for every document.
 */
#ifndef NERVE_ENTITIES_H
#define NERVE_ENTITIES_H

#include "internal.h"

/* A candidate mention before the conflict policy picks among them. */
typedef struct nerve__cand {
    size_t tok_begin, tok_end;
    size_t title_begin, title_end; /* title tokens (rules' title:), or equal */
    int type;
    int priority;
    int source;
    uint32_t entry; /* gazetteer entry id, or UINT32_MAX */
    const char *subtype, *canonical, *rule;
    const char *rule_file; /* the rule's file and line, for rule candidates */
    uint32_t rule_line;
    float confidence;
} nerve__cand;
typedef NERVE__VEC(nerve__cand) nerve__cand_vec;

/* What linking makes of the mentions: the document's entities, each with
 * its members. */
typedef struct nerve__doc_entities {
    NERVE__VEC(nerve_entity) ent;
    NERVE__VEC(size_t) members; /* entity mention lists, contiguous per entity */
} nerve__doc_entities;

/* Where the two stages put mentions: the doc's mention array, the gazetteer
 * entry of each mention (UINT32_MAX for none), kept in step with it, and
 * the arena for their strings. */
typedef struct nerve__mentions_out {
    nerve__mention_vec *mentions;
    nerve__u32_vec *entry;
    nerve__arena *arena;
    uint32_t limit_hits; /* rule matches abandoned at a PCRE2 limit, added to */
} nerve__mentions_out;

/* Append a mention built from a candidate (and its gazetteer entry id);
 * reads in->model, in->text and in->tok. */
int nerve__entities_add_mention(const nerve__view *in, const nerve_allocator *al,
                                nerve__mentions_out *out, const nerve__cand *c);

/* ---- The mention stage (entities.c) ---- */

typedef struct nerve__entities_scratch nerve__entities_scratch;

int nerve__entities_scratch_new(const nerve_model *m, const nerve_allocator *al,
                                nerve__entities_scratch **out);
void nerve__entities_scratch_free(nerve__entities_scratch *s);

/* Find the mentions of the document. Reads in->model, text, tok, sent, gaz,
 * gaz_ids. out->mentions holds the temporal mentions on entry (nothing may
 * overlap them); the stage sets out->entry for them and appends its own. */
int nerve__entities_find(const nerve__view *in, nerve__entities_scratch *s,
                         nerve__mentions_out *out);

/* ---- Document linking (entities_link.c) ---- */

typedef struct nerve__link_scratch nerve__link_scratch;

int nerve__link_scratch_new(const nerve_allocator *al, nerve__link_scratch **out);
void nerve__link_scratch_free(nerve__link_scratch *s);

/* Link the mentions of out (the mention stage's) into entities. Reads
 * in->model, text, tok, gaz, gaz_ids, dct. The mentions are completed (a
 * known surname found again, role nominals that resolve to a person), sorted
 * by position, stripped of unresolved role nominals and given their entity;
 * the entities are appended to *ents. */
int nerve__entities_link(const nerve__view *in, nerve__link_scratch *s, nerve__mentions_out *out,
                         nerve__doc_entities *ents);

#endif
