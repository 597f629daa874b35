/*
 * events.h - the event stage (events.c): event rules bind mentions to roles
 * around a trigger; their matches become events with modality, merged
 * across sentences. It owns a scratch, created with the doc and reused for
 * every document.
 */
#ifndef NERVE_EVENTS_H
#define NERVE_EVENTS_H

#include "internal.h"

/* Where the stage puts its results: the doc's arrays. */
typedef struct nerve__events_out {
    nerve__event_vec *events;
    nerve__arg_vec *args;
    nerve__span_vec *evidence;
    uint32_t limit_hits; /* rule matches abandoned at a PCRE2 limit, added to */
} nerve__events_out;

typedef struct nerve__events_scratch nerve__events_scratch;

int nerve__events_scratch_new(const nerve_model *m, const nerve_allocator *al,
                              nerve__events_scratch **out);
void nerve__events_scratch_free(nerve__events_scratch *s);

/* Find the events of the document. Reads all of in: the model, text,
 * tokens, sentences, gazetteer matches, the linked mentions (sorted) and
 * entities, and the document date. Appends to out's arrays. */
/* keep_incomplete: publish events missing a key role too
 * (NERVE_OPT_INCOMPLETE_EVENTS). */
int nerve__events_find(const nerve__view *in, int keep_incomplete, nerve__events_scratch *s,
                       nerve__events_out *out);

#endif
