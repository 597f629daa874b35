/*
 * internal.h - the model and document structs every stage shares. Only
 * the library sources include this; the public header keeps both types opaque.
 */
#ifndef NERVE_INTERNAL_H
#define NERVE_INTERNAL_H

#include "alloc.h"
#include "gazetteer.h"
#include "nerve.h"
#include "rules.h"
#include "syntax.h"
#include "timex.h"
#include "tokenize.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

/* Limits set on the model at load (documented in nerve.h / README). */
typedef struct nerve__limits {
    size_t max_text;                   /* bytes accepted by nerve_doc_process */
    size_t max_sentence_tokens;        /* longer sentences are cut for the rule stages */
    uint32_t match_limit, depth_limit; /* PCRE2 limits; 0 = the rules module's default */
    size_t max_rule_bytes;             /* largest rule file or string */
    size_t max_gazetteer_bytes;        /* largest gazetteer file nerve_model_add_gazetteer takes */
} nerve__limits;

/* Lexicon classes (gazetteer subtypes) the stages test tokens for, resolved
 * once when the model freezes; model.c names them. */
enum {
    NERVE__CLS_TITLE,
    NERVE__CLS_ORG_SUFFIX, /* the four heads of names that are not people ... */
    NERVE__CLS_ORG_HEAD,
    NERVE__CLS_LOC_SUFFIX,
    NERVE__CLS_MISC_HEAD, /* ... up to here */
    NERVE__CLS_GIVEN_NAME,
    NERVE__CLS_COMMON_WORD,
    NERVE__CLS_ROMAN_NUMERAL,
    NERVE__CLS_FUNCTION_WORD,
    NERVE__CLS_PLANNED, /* the four modality cues, in the order of events.c's CUE_* bits */
    NERVE__CLS_CANCELLED,
    NERVE__CLS_NEGATED,
    NERVE__CLS_UNCERTAIN,
    NERVE__CLS_CLAUSE_PREP, /* the clause words of events.c (gazetteers/clause_words.tsv) */
    NERVE__CLS_CLAUSE_START,
    NERVE__CLS_NP_DET,
    NERVE__CLS_PRONOUN_PERSON,
    NERVE__CLS_PRONOUN_GROUP,
    NERVE__CLS_PLACE_HERE,
    NERVE__CLS_BE_FORM,
    NERVE__CLS_COORDINATOR,
    NERVE__CLS_AUX_VERB,
    NERVE__CLS_GROUP_NOUN, /* gazetteers/role_nouns.tsv */
    NERVE__CLS_RELATIVE_PRONOUN,
    NERVE__CLS_COUNT_
};

/* A gazetteer person with an office and the dates they held it. */
typedef struct nerve__office {
    const char *office;
    const char *country;
    int32_t from, to; /* YYYYMMDD, 0 = open */
    uint32_t entry;
} nerve__office;

struct nerve_model {
    nerve_allocator al;
    nerve__gazset *gaz;
    nerve__ruleset *rules;
    nerve__timex_lexicon *timex;
    nerve__syntax *syntax; /* the tagger and parser, or NULL (no syntax/ model) */
    nerve__limits limits;
    NERVE__VEC(nerve__office) offices; /* built at freeze from the gazetteer */
    uint32_t cls[NERVE__CLS_COUNT_];   /* gazetteer class id of each NERVE__CLS_*, or UINT32_MAX */
    /* Set (release) once freezing has finished; read (acquire) without the
     * lock. freeze_lock serializes freezing itself, so the first nerve_doc_new
     * may be made by several threads at once. */
    atomic_int frozen;
    pthread_mutex_t freeze_lock;
    char *data_dir; /* where the bundled data came from, or NULL */
};

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

/* The per-document state of the entity stage that later stages read. */
typedef struct nerve__doc_entities {
    NERVE__VEC(nerve_entity) ent;
    NERVE__VEC(size_t) members; /* entity mention lists, contiguous per entity */
} nerve__doc_entities;

struct nerve_doc {
    nerve_model *model;
    const nerve_allocator *al; /* the model's allocator */
    nerve__arena arena;        /* strings of this document's results */

    nerve__buf text;   /* copy of the caller's text (NUL-terminated) */
    char *doc_id;      /* in id_buf, or NULL */
    nerve__buf id_buf; /* not in the arena: opts->doc_id may point into it */
    char dct_str[11];
    nerve__date dct;
    int has_dct;

    nerve__tokens tokens;
    nerve__gaz_matches gaz;
    nerve__mention_vec mentions;
    NERVE__VEC(uint32_t) mention_entry; /* gazetteer entry of each mention, or UINT32_MAX */
    nerve__doc_entities entities;
    NERVE__VEC(nerve_event) events;
    NERVE__VEC(nerve_arg) args;
    NERVE__VEC(nerve_span) evidence;

    /* scratch for the rule stages, reused across sentences and documents */
    nerve__rules_scratch *rscratch;
    nerve__rmatches rmatches;
    NERVE__VEC(nerve__rfeat) rfeat;
    NERVE__VEC(uint32_t) scratch_u32;
    nerve__cand_vec cands;
    NERVE__VEC(unsigned char) taken;
    NERVE__VEC(uint32_t) token_owner; /* a mention covering each token, or UINT32_MAX */
    uint32_t limit_hits;
    nerve__syntax_scratch *syn;         /* the syntax stage's, when the model has one */
    NERVE__VEC(unsigned char) syn_want; /* sentences to parse */
};

/* Span of tokens [b, e) of the doc (b < e). */
nerve_span nerve__token_range_span(const nerve_doc *doc, size_t b, size_t e);

/* Stages, in pipeline order; each reads the earlier stages' arrays. */
int nerve__entities_find(nerve_doc *doc); /* gazetteer + entity rules -> mentions */
int nerve__entities_link(nerve_doc *doc); /* sort mentions; document entities */
int nerve__events_find(nerve_doc *doc);   /* event rules -> events, args, evidence */

#endif
