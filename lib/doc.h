/*
 * doc.h - the document struct: what the driver (doc.c) keeps of one text,
 * read by the public accessors, the output writers and the benchmarks. No
 * stage includes this: a stage sees only its view (internal.h), its scratch
 * and its output arrays.
 */
#ifndef NERVE_DOC_H
#define NERVE_DOC_H

#include "entities.h" /* the stages' scratch types, opaque here */
#include "events.h"
#include "internal.h"

struct nerve_doc {
    nerve_model *model;
    const nerve_allocator *al; /* the model's allocator */
    nerve__arena arena;        /* strings of this document's results */

    nerve__buf text;   /* copy of the caller's text (NUL-terminated) */
    char *doc_id;      /* in id_buf, or NULL */
    nerve__buf id_buf; /* not in the arena: opts->doc_id may point into it */
    char dct_str[11];  /* the document date as given, for the output writers */
    nerve__date dct;   /* the same, parsed once: what the stages get */
    int has_dct;

    nerve__tokens tokens;
    nerve__gaz_matches gaz;
    nerve__gaz_matches gaz_block; /* one block's lookup (gaz_lookup in doc.c) */
    nerve__mention_vec mentions;
    nerve__u32_vec mention_entry; /* gazetteer entry of each mention, or UINT32_MAX */
    nerve__doc_entities entities;
    nerve__event_vec events;
    nerve__arg_vec args;
    nerve__span_vec evidence;

    /* each stage's scratch, reused across sentences and documents */
    nerve__entities_scratch *ent_scratch;
    nerve__link_scratch *link_scratch;
    nerve__events_scratch *ev_scratch;
    uint32_t limit_hits;                /* rule matches abandoned at a PCRE2 limit */
    nerve__syntax_scratch *syn;         /* the syntax stage's, when the model has one */
    NERVE__VEC(unsigned char) syn_want; /* sentences to parse */
};

/* The driver's steps for the stages after the temporal one, in pipeline
 * order (doc.c): each fills the stage's view from the doc and runs it. The
 * benchmark calls them one by one. */
int nerve__doc_run_gaz(nerve_doc *doc);      /* gazetteer matches, a block at a time */
int nerve__doc_run_entities(nerve_doc *doc); /* gazetteer + entity rules -> mentions */
int nerve__doc_run_link(nerve_doc *doc);     /* sort mentions; document entities */
int nerve__doc_run_events(nerve_doc *doc,
                          uint32_t flags); /* event rules -> events, args, evidence */

#endif
