/*
 * sentence.h - a sentence as the rules see it: the features of its tokens
 * (lexicon classes and gazetteer entity types from the gazetteer matches,
 * and whatever a stage adds, such as its mentions) and running a rule set
 * over it. The mention and event stages each own one nerve__sentence in
 * their scratch; it is reused from sentence to sentence.
 */
#ifndef NERVE_SENTENCE_H
#define NERVE_SENTENCE_H

#include "internal.h"
#include "rules.h"

typedef struct nerve__sentence {
    const nerve_allocator *al;
    nerve__rules_scratch *rules;   /* the matcher's (encoding, match data) */
    NERVE__VEC(nerve__rfeat) feat; /* features of the current sentence */
    nerve__rmatches matches;       /* matches of the last run */
    uint32_t limit_hits;           /* matches abandoned at a PCRE2 limit since reset */
} nerve__sentence;

/* Set up s for the model's rules (frozen); NERVE_OK or NERVE_ENOMEM. */
int nerve__sentence_init(nerve__sentence *s, const nerve_model *m, const nerve_allocator *al);
void nerve__sentence_free(nerve__sentence *s);

/* Add a feature, skipping an exact duplicate of the last one. */
int nerve__sentence_add_feat(nerve__sentence *s, uint32_t b, uint32_t e, uint32_t kind, uint32_t id,
                             uint32_t ref);

/* Replace the features with those of sentence sent_index of in (reads
 * model->gaz, sent, gaz, gaz_ids): CLASS for lexicon words and subtypes, GAZ
 * entity types when with_gaz_types. *gi is a cursor into in->gaz, advanced. */
int nerve__sentence_features(nerve__sentence *s, const nerve__view *in, size_t sent_index,
                             size_t *gi, int with_gaz_types);

/* Does sentence-relative token t carry the lexicon class feature cls? */
int nerve__sentence_has_class(const nerve__sentence *s, uint32_t t, uint32_t cls);

/* Run the rules of `kind` (NERVE__RULE_*) over sentence sent_index of in
 * (reads model, text, tok, sent) with the features in s; the matches land in
 * s->matches and refer to *rs, the sentence view, filled here; limit hits
 * are added to s->limit_hits. A sentence longer than the model's limit is
 * cut for the rules. */
int nerve__sentence_run(nerve__sentence *s, const nerve__view *in, size_t sent_index, int kind,
                        nerve__rsent *rs);

#endif
