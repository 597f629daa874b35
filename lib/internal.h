/*
 * internal.h - the model struct every stage reads and the view of a
 * document's earlier results that the later stages take. (The document
 * struct itself is doc.h's: no stage sees it.) Only the library sources
 * include this; the public header keeps the model opaque.
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
    NERVE__CLS_ENGLISH_WORD, /* gazetteers/english_words.tsv: lower-case words of English */
    NERVE__CLS_PLACE_PREFIX, /* North, Eastern, Upper ...: words that open place names */
    NERVE__CLS_SPEECH_VERB,  /* the word lists of gazetteers/entity_words.tsv ... */
    NERVE__CLS_NAME_PARTICLE,
    NERVE__CLS_ORG_CONNECTOR,
    NERVE__CLS_PLACE_PREP,
    NERVE__CLS_VENUE_PREP,
    NERVE__CLS_TOWARD_WORD,
    NERVE__CLS_SPORT_WORD,
    NERVE__CLS_SCORE_WORD, /* ... up to here */
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
    /* rules/tokenizer.tsv: the words the tokenizer tests, for documents and
     * gazetteer names alike; NULL (the empty lexicon) only for a
     * NERVE_MODEL_EMPTY model that found no data directory */
    nerve__tok_lexicon *toklex;
    struct nerve__mention_lexicon *mentions; /* rules/mentions.tsv (entities.h), or NULL */
    nerve__syntax *syntax;                   /* the tagger and parser, or NULL (no syntax/ model) */
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

/* Arrays of the later stages' results, as the doc holds them. */
typedef NERVE__VEC(uint32_t) nerve__u32_vec;
typedef NERVE__VEC(unsigned char) nerve__byte_vec;
typedef NERVE__VEC(nerve_event) nerve__event_vec;
typedef NERVE__VEC(nerve_arg) nerve__arg_vec;
typedef NERVE__VEC(nerve_span) nerve__span_vec;

/*
 * What a later stage reads of a document: the model it is processed with and
 * the results of the stages before, as pointers and counts into the doc's
 * arrays. The driver fills it before each stage; no stage writes through it.
 * Each stage's header says which fields it reads (the others may be zero).
 */
typedef struct nerve__view {
    const nerve_model *model;
    const char *text; /* NUL-terminated */
    size_t text_len;
    const nerve_token *tok;
    size_t ntok;
    const nerve_sentence *sent;
    size_t nsent;
    const nerve__gaz_match *gaz; /* gazetteer matches, sorted by tok_begin */
    size_t ngaz;
    const uint32_t *gaz_ids;   /* the entries of the matches */
    const nerve_mention *ment; /* mentions (after linking: sorted, with entities) */
    size_t nment;
    const nerve_entity *ent;
    size_t nent;
    const nerve__date *dct; /* the document date, or NULL */
    int caseless;           /* the text has no capitals (nerve__tokens.caseless) */
    /* Tags and parses on demand for the rules that need them (the syntax
     * stage run on one sentence, writing only its tokens' pos, head and
     * dep; the driver's hook in doc.c): set on the rule scratch by nerve__sentence_run. */
    nerve__rules_syntax_fn syntax;
    void *syntax_ctx;
} nerve__view;

#endif
