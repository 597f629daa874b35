/*
 * nerve.h - the public interface of the nerve library.
 *
 * nerve reads English news text and returns the people, places, organizations
 * and dates in it and the events they take part in, with exact offsets back
 * into the caller's text.
 *
 * Objects:
 *   nerve_model  everything loaded from gazetteers and rules. Immutable after
 *                loading finishes (nerve_model_freeze or the first
 *                nerve_doc_new); any number of threads may share one model
 *                without locks.
 *   nerve_doc    the result of processing one text, plus scratch space reused
 *                for the next text. A doc is never used by two threads at once.
 *
 * Results are const arrays of plain structs owned by the doc. They stay valid
 * until the next nerve_doc_process on that doc or nerve_doc_free. Results
 * hold offsets, never pointers into the caller's text: the caller's buffer may
 * be freed as soon as nerve_doc_process returns. Every string a result points
 * to (names, values, rule names, origin files) is owned by the doc or by its
 * model and lives at least as long as the result: copy it to keep it longer.
 *
 * Offsets are half-open [start, end) UTF-8 byte offsets into the caller's
 * text; char_start/char_end are the same positions counted in Unicode code
 * points (what Python's str indexing uses).
 *
 * Errors: every call that can fail returns a nerve_status (NERVE_OK is 0,
 * errors are negative) and fills the optional nerve_error the caller passes.
 * No call prints, exits or aborts. The library keeps no global mutable state
 * and reads no environment variable.
 */
#ifndef NERVE_H
#define NERVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(NERVE_STATIC)
#define NERVE_API
#elif defined(_WIN32)
#if defined(NERVE_BUILDING)
#define NERVE_API __declspec(dllexport)
#else
#define NERVE_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define NERVE_API __attribute__((visibility("default")))
#else
#define NERVE_API
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                  */
/* ------------------------------------------------------------------------ */

#define NERVE_VERSION_MAJOR 0
#define NERVE_VERSION_MINOR 1
#define NERVE_VERSION_PATCH 0
/** (major << 16) | (minor << 8) | patch, for compile-time comparisons. */
#define NERVE_VERSION                                                                              \
    ((NERVE_VERSION_MAJOR << 16) | (NERVE_VERSION_MINOR << 8) | NERVE_VERSION_PATCH)
#define NERVE_VERSION_STRING "0.1.0"

/** Version of the library actually linked, encoded as NERVE_VERSION. Since: 0.1 */
NERVE_API uint32_t nerve_version(void);
/** Version of the linked library as "major.minor.patch"; static storage. Since: 0.1 */
NERVE_API const char *nerve_version_string(void);

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

/* X-macro list of status codes: name, value, description. */
#define NERVE_STATUS_LIST(X)                                                                       \
    X(OK, 0, "success")                                                                            \
    X(EINVAL, -1, "invalid argument")                                                              \
    X(ENOMEM, -2, "out of memory")                                                                 \
    X(EIO, -3, "file could not be read")                                                           \
    X(EUTF8, -4, "invalid UTF-8 in input text")                                                    \
    X(ETOOBIG, -5, "input exceeds a configured limit")                                             \
    X(EGAZETTEER, -6, "malformed gazetteer file")                                                  \
    X(ERULES, -7, "malformed rule file")                                                           \
    X(EFORMAT, -8, "corrupt or incompatible compiled model file")                                  \
    X(ESTATE, -9, "operation not allowed in the object's current state")                           \
    X(ELIMIT, -10, "a matching limit was reached; results are partial")                            \
    X(EDATE, -11, "invalid date")                                                                  \
    X(EWRITE, -12, "output sink reported an error")

/** Status codes returned by fallible calls. Since: 0.1 */
typedef enum nerve_status {
#define NERVE_X_ENUM(name, value, text) NERVE_##name = (value),
    NERVE_STATUS_LIST(NERVE_X_ENUM)
#undef NERVE_X_ENUM
} nerve_status;

/**
 * Details of a failure. Caller-owned; every function taking one accepts NULL.
 * On success the struct is left untouched. Public structs only grow at the end.
 */
typedef struct nerve_error {
    int code;          /**< a nerve_status */
    size_t offset;     /**< byte offset in the input text or the source file */
    uint32_t line;     /**< 1-based line in a gazetteer or rule file, 0 if n/a */
    uint32_t column;   /**< 1-based column (in bytes) in that line, 0 if n/a */
    char file[256];    /**< file the error is in, "" if n/a; truncated */
    char message[256]; /**< NUL-terminated, truncated, never allocated */
} nerve_error;

/** Short description of a status code; static storage, never NULL. Since: 0.1 */
NERVE_API const char *nerve_strerror(int code);
/** Name of a status code ("NERVE_EUTF8"); static storage, never NULL. Since: 0.1 */
NERVE_API const char *nerve_errname(int code);

/* ------------------------------------------------------------------------ */
/* Allocator                                                                */
/* ------------------------------------------------------------------------ */

/**
 * Memory functions the library uses instead of libc. NULL anywhere an
 * allocator is accepted means libc. The struct is copied; ctx is passed back.
 * realloc receives the old size so pool allocators need not track it.
 */
typedef struct nerve_allocator {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t old_size, size_t new_size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} nerve_allocator;

/* ------------------------------------------------------------------------ */
/* Model                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct nerve_model nerve_model;

/** nerve_model_load flag: load no gazetteers and no rules, start from an
 * empty model. The tokenizer lexicon is the one exception: an empty model
 * reads data_dir's (NULL: the default data directory's)
 * rules/tokenizer.tsv when that file exists, so that it splits text into
 * tokens and sentences, and tokenizes the names of gazetteers added to it,
 * as the bundled model does; where there is none it has the empty lexicon
 * (only letter-dot sequences and single capitals keep their period). */
#define NERVE_MODEL_EMPTY (1u << 0)

/**
 * Directory the build baked in for the bundled gazetteers and rules: the
 * source tree for an uninstalled build, else the installed data directory.
 * Static storage. Since: 0.1
 */
NERVE_API const char *nerve_default_data_dir(void);

/**
 * Load a model from data_dir, which holds `gazetteers/` (TSV sources and/or
 * the compiled `nerve.gaz`) and `rules/`. data_dir NULL loads the default
 * data directory (nerve_default_data_dir()). With NERVE_MODEL_EMPTY nothing
 * but the tokenizer lexicon is loaded (see NERVE_MODEL_EMPTY). alloc may be
 * NULL (libc).
 *
 * On success *out owns a new model the caller frees with nerve_model_free.
 * Until frozen the model may be extended with nerve_model_add_gazetteer and
 * nerve_model_add_rules; it freezes at nerve_model_freeze or the first
 * nerve_doc_new, after which it is read-only and thread-safe. Several threads
 * may make that first nerve_doc_new at once (the freeze is serialized);
 * loading and additions are for one thread.
 * Since: 0.1
 */
NERVE_API int nerve_model_load(const char *data_dir, const nerve_allocator *alloc, uint32_t flags,
                               nerve_model **out, nerve_error *err);

/**
 * Add a gazetteer TSV file, a compiled gazetteer, or a directory of them
 * (non-recursive, *.tsv and *.gaz in name order) to an unfrozen model.
 * Malformed files give NERVE_EGAZETTEER with file, line and column.
 * Since: 0.1
 */
NERVE_API int nerve_model_add_gazetteer(nerve_model *model, const char *path, nerve_error *err);

/**
 * Add a rule file to an unfrozen model. Syntax and semantic errors give
 * NERVE_ERULES with file, line and column. Since: 0.1
 */
NERVE_API int nerve_model_add_rules(nerve_model *model, const char *path, nerve_error *err);

/**
 * Add rules from a memory buffer; name is used in error messages and as the
 * rules' source (may be NULL: "<memory>"). Since: 0.1
 */
NERVE_API int nerve_model_add_rules_string(nerve_model *model, const char *name, const char *src,
                                           size_t len, nerve_error *err);

/**
 * Finish loading: compile what was added. After this the model is immutable.
 * Called implicitly by the first nerve_doc_new. Idempotent. Since: 0.1
 */
NERVE_API int nerve_model_freeze(nerve_model *model, nerve_error *err);

/**
 * Free a model. NULL is a no-op. Every doc created from the model must be
 * freed first. Since: 0.1
 */
NERVE_API void nerve_model_free(nerve_model *model);

/** Limits a model applies; see nerve_model_set_limit for the defaults. */
typedef enum nerve_limit {
    NERVE_LIMIT_MAX_TEXT = 0,        /**< bytes nerve_doc_process accepts (6 MiB) */
    NERVE_LIMIT_SENTENCE_TOKENS = 1, /**< tokens of one sentence the rules see (1000) */
    NERVE_LIMIT_MATCH = 2,           /**< PCRE2 match limit per rule and sentence (100000) */
    NERVE_LIMIT_DEPTH = 3,           /**< PCRE2 depth limit per rule and sentence (1000) */
    NERVE_LIMIT_RULE_BYTES = 4,      /**< bytes of one rule file, include or string (16 MiB) */
    NERVE_LIMIT_GAZETTEER_BYTES = 5  /**< bytes of one gazetteer file added (512 MiB) */
} nerve_limit;

/**
 * Set one limit of an unfrozen model. value 0 restores the default. A text
 * over NERVE_LIMIT_MAX_TEXT gives NERVE_ETOOBIG; tokens of a sentence past
 * NERVE_LIMIT_SENTENCE_TOKENS get no entity or event rules; a rule that hits
 * the match or depth limit is skipped for that sentence (NERVE_ELIMIT, the
 * rest of the document is kept). A rule or gazetteer file added afterwards
 * that is larger than its limit gives NERVE_ETOOBIG naming the file (the
 * bundled data, loaded by nerve_model_load, is not subject to them).
 * NERVE_EINVAL for an unknown limit or a value out of range (a text limit
 * above NERVE_MAX_TEXT_LIMIT), NERVE_ESTATE once frozen. Since: 0.1
 */
NERVE_API int nerve_model_set_limit(nerve_model *model, int limit, uint64_t value,
                                    nerve_error *err);

/** Number of gazetteer entries in the model (0 for NULL). Since: 0.1 */
NERVE_API size_t nerve_model_gazetteer_size(const nerve_model *model);
/** Number of rules in the model (0 for NULL). Since: 0.1 */
NERVE_API size_t nerve_model_rule_count(const nerve_model *model);

/**
 * Compile the gazetteer TSV sources under src_dir (recursively, *.tsv) into
 * one binary file at out_path, which nerve_model_load memory-maps.
 * Names are tokenized with the tokenizer lexicon of the data directory
 * src_dir is in (src_dir/../rules/tokenizer.tsv), else with the default
 * data directory's, else with the empty lexicon; the file records that
 * lexicon's hash, and a model whose lexicon differs refuses it
 * (NERVE_EFORMAT: recompile it).
 * Since: 0.1
 */
NERVE_API int nerve_gazetteer_compile(const char *src_dir, const char *out_path,
                                      const nerve_allocator *alloc, nerve_error *err);

/* ------------------------------------------------------------------------ */
/* Documents                                                                */
/* ------------------------------------------------------------------------ */

typedef struct nerve_doc nerve_doc;

/** Options for one nerve_doc_process call. Zero-initialize, then set fields. */
typedef struct nerve_options {
    uint32_t flags;     /**< NERVE_OPT_* bits */
    const char *dct;    /**< document date "YYYY-MM-DD" (years 1000..8999), or NULL */
    const char *doc_id; /**< copied into the doc and the JSON "id"; NULL for none */
} nerve_options;

/** Replace invalid UTF-8 with U+FFFD in results instead of failing. */
#define NERVE_OPT_REPLACE_INVALID (1u << 0)
/** Stop after tokenization (sentences and tokens only). */
#define NERVE_OPT_TOKENS_ONLY (1u << 1)
/** Syntax: tag every token (nerve_token.pos) and parse the sentences that
 * hold an event (head, dep). Off by default: it costs more than the rest of
 * the pipeline (see the README's figures). Needs the data directory's
 * syntax model (else tokens stay untagged). Since: 0.1 */
#define NERVE_OPT_SYNTAX (1u << 2)
/** Syntax on every sentence: tag and parse all of them (implies
 * NERVE_OPT_SYNTAX). Since: 0.1 */
#define NERVE_OPT_PARSE_ALL (1u << 3)
/** Also report events that miss a key role of their type (the rule files'
 * `key` clause: a meeting with no other side, an attack with no target),
 * with nerve_event.complete 0 and a lower confidence. By default only
 * complete records are reported; incomplete statements still merge into
 * the complete ones they repeat. Since: 0.2 */
#define NERVE_OPT_INCOMPLETE_EVENTS (1u << 4)
#define NERVE_OPT_ALL_                                                                             \
    (NERVE_OPT_REPLACE_INVALID | NERVE_OPT_TOKENS_ONLY | NERVE_OPT_SYNTAX | NERVE_OPT_PARSE_ALL |  \
     NERVE_OPT_INCOMPLETE_EVENTS)

/**
 * Largest text nerve_doc_process accepts by default (bytes): 6 MiB, the
 * largest whole number of MiB that a process of 2 GB can serve whatever the
 * text. Processing holds at most about 20 bytes per input byte for news
 * text, but up to about 191 for the densest input measured (a name every
 * three bytes, "US US US ...": bench/bench_memory --pattern "US "), and
 * extract, which also holds the output of a document before writing it,
 * peaked at 290 bytes per input byte on that text (JSON with --tokens) over
 * its 55 MB at start: 55 MB + 6 MiB * 290 = 1.88 GB. Raise the limit with
 * NERVE_LIMIT_MAX_TEXT for large texts of ordinary prose. Since: 0.2
 * (before: 8 MiB)
 */
#define NERVE_DEFAULT_MAX_TEXT ((size_t)6 * 1024 * 1024)

/**
 * Create a doc bound to model (which freezes if it was not). The doc keeps a
 * pointer to the model: free the doc before the model. Since: 0.1
 */
NERVE_API int nerve_doc_new(nerve_model *model, nerve_doc **out, nerve_error *err);

/** Free a doc and every result it holds. NULL is a no-op. Since: 0.1 */
NERVE_API void nerve_doc_free(nerve_doc *doc);

/**
 * Process len bytes of UTF-8 text (NUL bytes are ordinary characters; the text
 * need not be NUL-terminated). opts may be NULL. Earlier results of this doc
 * are discarded. On error the doc holds no results (empty arrays) and stays
 * usable. Invalid UTF-8 gives NERVE_EUTF8 with err->offset at the first bad
 * byte, unless NERVE_OPT_REPLACE_INVALID is set. An invalid dct gives
 * NERVE_EDATE. NERVE_ELIMIT means a rule hit a match limit: the results are
 * complete except for that rule's matches in that sentence.
 * text may lie in this doc's own text (nerve_doc_text() + k, to reprocess a
 * part of it; a range past the end of that text gives NERVE_EINVAL), and
 * opts' strings may be strings of its results: all are copied before the
 * earlier results are discarded.
 * Since: 0.1
 */
NERVE_API int nerve_doc_process(nerve_doc *doc, const char *text, size_t len,
                                const nerve_options *opts, nerve_error *err);

/* ------------------------------------------------------------------------ */
/* Results                                                                  */
/* ------------------------------------------------------------------------ */

/*
 * Offsets and indices in the result structs are 32-bit: a text is limited to
 * NERVE_MAX_TEXT_LIMIT bytes (under 4 GiB), so every byte and code point
 * offset, and every token, sentence, mention, entity, event and argument
 * index of a document fits, and the token array (the largest one the library
 * keeps, one struct per token) takes 48 bytes a token instead of 80.
 * Since: 0.2 (before: size_t)
 */

/** "No index" value for optional index fields (uint32_t). Since: 0.2 (before: (size_t)-1) */
#define NERVE_NONE ((uint32_t)0xffffffffu)

/** Largest value NERVE_LIMIT_MAX_TEXT accepts: offsets are 32-bit and
 * NERVE_NONE is never an offset. Since: 0.2 */
#define NERVE_MAX_TEXT_LIMIT ((size_t)0xfffffffeu)

/** A half-open range of the input, in bytes and in code points. */
typedef struct nerve_span {
    uint32_t start;      /**< UTF-8 byte offset of the first byte */
    uint32_t end;        /**< UTF-8 byte offset one past the last byte */
    uint32_t char_start; /**< code point offset of start */
    uint32_t char_end;   /**< code point offset of end */
} nerve_span;

/** Entity and temporal types. */
typedef enum nerve_type {
    NERVE_TYPE_NONE = 0,
    NERVE_TYPE_PER,
    NERVE_TYPE_LOC,
    NERVE_TYPE_ORG,
    NERVE_TYPE_NORP,
    NERVE_TYPE_MISC,
    NERVE_TYPE_DATE,
    NERVE_TYPE_TIME,
    NERVE_TYPE_DURATION,
    NERVE_TYPE_SET,
    NERVE_TYPE_COUNT_
} nerve_type;

/** Name of a nerve_type ("PER"); "NONE" for out of range values. Since: 0.1 */
NERVE_API const char *nerve_type_name(int type);

typedef struct nerve_sentence {
    nerve_span span;
    uint32_t token_begin; /**< index of the first token */
    uint32_t token_count;
} nerve_sentence;

/** Token kinds. */
enum {
    NERVE_TOKEN_WORD = 1,
    NERVE_TOKEN_NUMBER,
    NERVE_TOKEN_PUNCT,
    NERVE_TOKEN_SYMBOL,
    NERVE_TOKEN_URL,
    NERVE_TOKEN_EMAIL
};

/** Token flag bits. */
#define NERVE_TOK_CAPITALIZED (1u << 0)  /* first letter upper case */
#define NERVE_TOK_ALLCAPS (1u << 1)      /* every letter upper case, at least one */
#define NERVE_TOK_SENT_START (1u << 2)   /* first token of its sentence */
#define NERVE_TOK_HYPHENATED (1u << 3)   /* word with inner hyphens (Al-Qaeda) */
#define NERVE_TOK_ABBREV (1u << 4)       /* ends with a period that belongs to it */
#define NERVE_TOK_POSSESSIVE (1u << 5)   /* the 's / ’s / ' after a name */
#define NERVE_TOK_SPACE_BEFORE (1u << 6) /* whitespace precedes the token */
#define NERVE_TOK_LINE_START (1u << 7)   /* first token after a line break */
#define NERVE_TOK_HAS_DIGIT (1u << 8)    /* contains a digit */
#define NERVE_TOK_OPEN_QUOTE (1u << 9)   /* punctuation that opens a quote */
#define NERVE_TOK_CLOSE_QUOTE (1u << 10) /* punctuation that closes a quote */

/** Universal part-of-speech tags (UPOS), in the order of NERVE_POS_LIST. */
// clang-format off
#define NERVE_POS_LIST(F) \
    F(ADJ) F(ADP) F(ADV) F(AUX) F(CCONJ) F(DET) \
    F(INTJ) F(NOUN) F(NUM) F(PART) F(PRON) F(PROPN) \
    F(PUNCT) F(SCONJ) F(SYM) F(VERB) F(X)
// clang-format on

/** A token's part of speech; NERVE_POS_NONE when it was not tagged. Since: 0.1 */
typedef enum nerve_pos {
    NERVE_POS_NONE = 0,
#define NERVE_X_POS(name) NERVE_POS_##name,
    NERVE_POS_LIST(NERVE_X_POS)
#undef NERVE_X_POS
        NERVE_POS_COUNT_
} nerve_pos;

/** Universal Dependencies relations (with the English subtypes the bundled
 * model knows): enum suffix and name. */
// clang-format off
#define NERVE_DEP_LIST(F) \
    F(ACL, "acl") \
    F(ACL_RELCL, "acl:relcl") \
    F(ADVCL, "advcl") \
    F(ADVCL_RELCL, "advcl:relcl") \
    F(ADVMOD, "advmod") \
    F(AMOD, "amod") \
    F(APPOS, "appos") \
    F(AUX, "aux") \
    F(AUX_PASS, "aux:pass") \
    F(CASE, "case") \
    F(CC, "cc") \
    F(CC_PRECONJ, "cc:preconj") \
    F(CCOMP, "ccomp") \
    F(CLF, "clf") \
    F(COMPOUND, "compound") \
    F(COMPOUND_PRT, "compound:prt") \
    F(CONJ, "conj") \
    F(COP, "cop") \
    F(CSUBJ, "csubj") \
    F(CSUBJ_PASS, "csubj:pass") \
    F(DEP, "dep") \
    F(DET, "det") \
    F(DET_PREDET, "det:predet") \
    F(DISCOURSE, "discourse") \
    F(DISLOCATED, "dislocated") \
    F(EXPL, "expl") \
    F(FIXED, "fixed") \
    F(FLAT, "flat") \
    F(GOESWITH, "goeswith") \
    F(IOBJ, "iobj") \
    F(LIST, "list") \
    F(MARK, "mark") \
    F(NMOD, "nmod") \
    F(NMOD_DESC, "nmod:desc") \
    F(NMOD_POSS, "nmod:poss") \
    F(NMOD_UNMARKED, "nmod:unmarked") \
    F(NSUBJ, "nsubj") \
    F(NSUBJ_OUTER, "nsubj:outer") \
    F(NSUBJ_PASS, "nsubj:pass") \
    F(NUMMOD, "nummod") \
    F(OBJ, "obj") \
    F(OBL, "obl") \
    F(OBL_AGENT, "obl:agent") \
    F(OBL_UNMARKED, "obl:unmarked") \
    F(ORPHAN, "orphan") \
    F(PARATAXIS, "parataxis") \
    F(PUNCT, "punct") \
    F(REPARANDUM, "reparandum") \
    F(ROOT, "root") \
    F(VOCATIVE, "vocative") \
    F(XCOMP, "xcomp")
// clang-format on

/** A token's relation to its head; NERVE_DEP_NONE when it was not parsed. Since: 0.1 */
typedef enum nerve_dep {
    NERVE_DEP_NONE = 0,
#define NERVE_X_DEP(name, text) NERVE_DEP_##name,
    NERVE_DEP_LIST(NERVE_X_DEP)
#undef NERVE_X_DEP
        NERVE_DEP_COUNT_
} nerve_dep;

/** Name of a nerve_pos ("VERB"); "_" for NERVE_POS_NONE and out of range. Since: 0.1 */
NERVE_API const char *nerve_pos_name(int pos);
/** Name of a nerve_dep ("nsubj:pass"); "_" for NERVE_DEP_NONE and out of range. Since: 0.1 */
NERVE_API const char *nerve_dep_name(int dep);

/* The fields are ordered so that the struct has no padding (48 bytes on
 * 64-bit targets). Since: 0.2 (before: size_t sentence, norm_len and head,
 * uint32_t kind, pos and dep, in another order) */
typedef struct nerve_token {
    nerve_span span;
    uint32_t sentence; /**< index of its sentence */
    uint32_t norm_len; /**< bytes in norm */
    const char *norm;  /**< normalized key (NFKC, case-folded, marks stripped), NUL-terminated */
    uint32_t flags;    /**< NERVE_TOK_* bits */
    uint16_t kind;     /**< NERVE_TOKEN_* */
    /** Part of speech (nerve_pos); NERVE_POS_NONE unless NERVE_OPT_SYNTAX
     * or NERVE_OPT_PARSE_ALL was given and the model has a syntax model,
     * or a rule with a `[pos=]` test or relation clauses needed the
     * sentence's tags (docs/rules.md). Since: 0.1 */
    uint16_t pos;
    /** Relation to head (nerve_dep): NERVE_DEP_ROOT for the root of its
     * sentence, NERVE_DEP_NONE when the sentence was not parsed (see
     * NERVE_OPT_PARSE_ALL; a rule with relation clauses also parses the
     * sentences it matched). Since: 0.1 */
    uint16_t dep;
    /** Index of the head token in the doc (in the same sentence);
     * NERVE_NONE for the root and for tokens not parsed. Since: 0.1 */
    uint32_t head;
} nerve_token;

/** Where a mention came from. */
enum { NERVE_SOURCE_GAZETTEER = 0, NERVE_SOURCE_RULE, NERVE_SOURCE_DOCUMENT };

/* The integer fields come first, then the pointers: no padding (104 bytes
 * on 64-bit targets). Since: 0.2 (before: size_t indices, in declaration
 * order subtype after type, source and confidence after rule) */
typedef struct nerve_mention {
    nerve_span span;
    int type;              /**< nerve_type */
    uint32_t sentence;     /**< index of its sentence */
    uint32_t token_begin;  /**< first token */
    uint32_t token_end;    /**< one past the last token */
    uint32_t entity;       /**< index into entities, or NERVE_NONE */
    int source;            /**< NERVE_SOURCE_* */
    const char *subtype;   /**< "country", "city", "weekday" ... or NULL */
    const char *value;     /**< TIMEX3 value for temporal mentions, else NULL */
    const char *anchor;    /**< TIMEX3 anchor ("DCT" or a value) for relative ones, else NULL */
    const char *canonical; /**< gazetteer canonical name, or NULL */
    const char *title;     /**< title of a person as written ("President"), or NULL */
    const char *rule;      /**< name of the rule that built it, or NULL */
    /** Where the decision came from: the gazetteer file of the entry that
     * named it (relative to the folder above the one the image was compiled
     * from, e.g. "gazetteers/capitals.tsv"), the rule file ("rules/
     * entities.rules", bundled files relative to the data folder; files
     * added by the caller as given) or the lexicon row, with its 1-based
     * line: a date's is the rules/timex.tsv line of its head word ("friday")
     * or, for a number alone ("1987"), of the parser rule that read it.
     * Since: 0.1 */
    const char *origin_file;
    float confidence; /**< 0..1 */
    uint32_t origin_line;
} nerve_mention;

/* No padding: 64 bytes on 64-bit targets. Since: 0.2 (before: size_t
 * indices, has_coords last, canonical second) */
typedef struct nerve_entity {
    int type;               /**< nerve_type */
    uint32_t mention_begin; /**< first index into nerve_doc_entity_mentions() */
    uint32_t mention_count;
    int has_coords;        /**< lat and lon are valid */
    const char *canonical; /**< canonical name */
    const char *link_id;   /**< gazetteer id ("iso3166:MA"), or NULL */
    const char *country;   /**< ISO 3166-1 alpha-2, or NULL */
    const char *title;     /**< office of a person ("Secretary of Defense"), or NULL */
    double lat, lon;       /**< valid when has_coords */
} nerve_entity;

/** Event modality. */
typedef enum nerve_modality {
    NERVE_MODALITY_ASSERTED = 0,
    NERVE_MODALITY_PLANNED,
    NERVE_MODALITY_CANCELLED,
    NERVE_MODALITY_NEGATED,
    NERVE_MODALITY_UNCERTAIN
} nerve_modality;

/** Name of a modality ("planned"); "asserted" for out of range values. Since: 0.1 */
NERVE_API const char *nerve_modality_name(int modality);

typedef struct nerve_event {
    const char *type; /**< "visit", "meeting" ... or a user-defined type */
    nerve_span trigger;
    int modality; /**< nerve_modality */
    uint32_t sentence;
    uint32_t arg_begin; /**< first index into nerve_doc_args() */
    uint32_t arg_count;
    uint32_t evidence_begin; /**< first index into nerve_doc_evidence() */
    uint32_t evidence_count;
    const char *rule;  /**< rule that produced it */
    const char *cameo; /**< CAMEO code ("042") or NULL */
    float confidence;
    const char *origin_file; /**< file of the rule, or NULL */
    uint32_t origin_line;    /**< line of the rule in it, or 0 */
    /** 1 when every key role of the type (the `key` clause of its `event`
     * declaration: who and where for a visit ...) has a filler, else 0; an
     * incomplete event has a lower confidence. Since: 0.2 */
    int complete;
} nerve_event;

typedef struct nerve_arg {
    const char *role; /**< "who", "where" ... */
    /** index into mentions, or NERVE_NONE when a noun phrase that names no
     * entity fills the role ("gunmen", "its creditors"; used only where no
     * mention fills it). Since: 0.2 (before: always a mention) */
    uint32_t mention;
    uint32_t entity; /**< index into entities, or NERVE_NONE */
    /** the filler's text: the mention's span, or the phrase's. Since: 0.2 */
    nerve_span span;
} nerve_arg;

/*
 * Result accessors. Each returns a pointer to the doc's array and stores its
 * length in *count (count may be NULL). The pointer may be NULL when the
 * count is 0, and for a NULL doc (count 0). Valid until the next process or
 * free of that doc.
 */
NERVE_API const nerve_sentence *nerve_doc_sentences(const nerve_doc *doc, size_t *count);
NERVE_API const nerve_token *nerve_doc_tokens(const nerve_doc *doc, size_t *count);
NERVE_API const nerve_mention *nerve_doc_mentions(const nerve_doc *doc, size_t *count);
NERVE_API const nerve_entity *nerve_doc_entities(const nerve_doc *doc, size_t *count);
/** Mention indices of all entities, each entity's contiguous, in text order. */
NERVE_API const size_t *nerve_doc_entity_mentions(const nerve_doc *doc, size_t *count);
NERVE_API const nerve_event *nerve_doc_events(const nerve_doc *doc, size_t *count);
NERVE_API const nerve_arg *nerve_doc_args(const nerve_doc *doc, size_t *count);
NERVE_API const nerve_span *nerve_doc_evidence(const nerve_doc *doc, size_t *count);

/** The text the results refer to (a copy owned by the doc); *len its size. */
NERVE_API const char *nerve_doc_text(const nerve_doc *doc, size_t *len);

/* ------------------------------------------------------------------------ */
/* Output                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * Sink for serializers: called with consecutive chunks of output. Return 0 to
 * continue, non-zero to stop (the writer then returns NERVE_EWRITE).
 */
typedef int (*nerve_write_fn)(void *ctx, const char *data, size_t len);

/** JSON writer flags. */
#define NERVE_JSON_TOKENS (1u << 0) /* include "tokens" */
#define NERVE_JSON_PRETTY (1u << 1) /* indent, one field per line */

/**
 * Write the doc as one JSON object following document.schema.json (no
 * trailing newline). Since: 0.1
 */
NERVE_API int nerve_doc_write_json(const nerve_doc *doc, uint32_t flags, nerve_write_fn write,
                                   void *ctx, nerve_error *err);

/** Other output formats for nerve_doc_write (docs/formats.md describes each). */
typedef enum nerve_format {
    NERVE_FORMAT_JSON = 0,
    NERVE_FORMAT_PRETTY, /* human-readable summary */
    NERVE_FORMAT_CONLL,  /* -DOCSTART-, then a token per line with BIO tags */
    NERVE_FORMAT_BRAT,   /* brat standoff .ann lines (T, E, A and # lines) */
    NERVE_FORMAT_HTML,   /* a self-contained page: marked-up text, events, timeline, entities */
    NERVE_FORMAT_CONLLU, /* CoNLL-U: sentences and tokens, NER tags in MISC */
    /* brat's annotation.conf and visual.conf for the types of the doc's model
     * (entity types, every declared event type with its roles, modality);
     * the doc need not have been processed. */
    NERVE_FORMAT_BRAT_ANNOTATION_CONF,
    NERVE_FORMAT_BRAT_VISUAL_CONF
} nerve_format;

/*
 * NERVE_FORMAT_HTML writes a page head (styles and script, no external
 * resources) that ends with a line "<body>", then the document as one
 * <article>. The optional end tags of body and html are left out, so the
 * articles of several documents can follow one head: a program that wants
 * one page for a batch writes the first document whole and the others from
 * the line after "<body>"; the page then lists its documents at the top.
 */

/** Write the doc in one of the nerve_format formats. Since: 0.1 */
NERVE_API int nerve_doc_write(const nerve_doc *doc, int format, uint32_t flags,
                              nerve_write_fn write, void *ctx, nerve_error *err);

/** Struct identifiers for nerve_struct_size (bindings check layout drift). */
enum {
    NERVE_STRUCT_SPAN = 0,
    NERVE_STRUCT_SENTENCE,
    NERVE_STRUCT_TOKEN,
    NERVE_STRUCT_MENTION,
    NERVE_STRUCT_ENTITY,
    NERVE_STRUCT_EVENT,
    NERVE_STRUCT_ARG,
    NERVE_STRUCT_ERROR,
    NERVE_STRUCT_OPTIONS
};
/** sizeof the identified public struct in this build, 0 if unknown. Since: 0.1 */
NERVE_API size_t nerve_struct_size(int which);

#ifdef __cplusplus
}
#endif
#endif /* NERVE_H */
