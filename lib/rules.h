/*
 * rules.h - the rule language (docs/rules.md): parsing rule files, compiling
 * each rule to a PCRE2 pattern over an encoding of a sentence's tokens and
 * features, and matching. The only module that includes pcre2.h.
 *
 * A ruleset belongs to a model and is immutable after compile; the scratch
 * (match data, encoding buffer) belongs to a doc.
 */
#ifndef NERVE_RULES_H
#define NERVE_RULES_H

#include "alloc.h"
#include "gazetteer.h"
#include "nerve.h"

#include <stdint.h>

enum { NERVE__RULE_ENTITY = 1, NERVE__RULE_EVENT = 2 };

/* Feature kinds attached to token ranges of a sentence. */
enum {
    NERVE__RF_CLASS = 1,   /* a lexicon/gazetteer class: id = class id (nerve__gaz_class_id) */
    NERVE__RF_GAZ = 2,     /* a gazetteer candidate of entity type id (nerve_type) */
    NERVE__RF_MENTION = 3, /* a chosen mention of type id (nerve_type); ref = mention index */
};

typedef struct nerve__rfeat {
    uint32_t tok_begin, tok_end; /* relative to the sentence's first token */
    uint32_t kind;               /* NERVE__RF_* */
    uint32_t id;
    uint32_t ref;
} nerve__rfeat;

/* What a rule matches against: one sentence. */
typedef struct nerve__rsent {
    const char *text;
    const nerve_token *tok; /* the sentence's tokens */
    size_t ntok;
    const nerve__rfeat *feat; /* any order; may overlap, except MENTION features */
    size_t nfeat;
    size_t tok_base; /* index of tok[0] among the tokens nerve_token.head counts in */
} nerve__rsent;

/*
 * The syntax a rule needs (docs/rules.md, "Parts of speech and relations"):
 * before a sentence is encoded for a rule with a `[pos=...]` test the
 * scratch asks for its tags (level NERVE__RULES_NEED_TAGS), and before a
 * rule's relation clauses are checked for its parse (NERVE__RULES_NEED_PARSE).
 * The callback fills pos, head and dep of sent->tok[0..ntok) (the tokens
 * are the caller's, so it may write them) and returns NERVE_OK or an error
 * that ends the match. Without a callback the tokens are read as they are.
 */
enum { NERVE__RULES_NEED_TAGS = 1, NERVE__RULES_NEED_PARSE = 2 };
typedef int (*nerve__rules_syntax_fn)(void *ctx, const nerve__rsent *sent, int level);

typedef struct nerve__rcap {
    uint32_t name;               /* capture name id (nerve__rules_capname) */
    uint32_t tok_begin, tok_end; /* relative to the sentence */
    uint32_t feat;               /* index of the feature a typed slot bound to, or UINT32_MAX */
} nerve__rcap;

typedef struct nerve__rmatch {
    uint32_t rule;               /* rule index */
    uint32_t tok_begin, tok_end; /* the whole match */
    uint32_t cap_first, cap_count;
} nerve__rmatch;

typedef struct nerve__rmatches {
    NERVE__VEC(nerve__rmatch) m;
    NERVE__VEC(nerve__rcap) caps;
    uint32_t limit_hits; /* matches abandoned because a PCRE2 limit was reached */
} nerve__rmatches;

typedef struct nerve__rule_info {
    const char *name; /* "visit.np_to" */
    const char *file; /* source file */
    uint32_t line;
    int kind;          /* NERVE__RULE_* */
    const char *label; /* entity rules: "PER" ...; event rules: the event type */
    const char *subtype;
    const char *cameo; /* event rules: CAMEO code or NULL */
    int priority;
    float confidence;
    int veto; /* event rules: a match removes the events of its type on its trigger */
} nerve__rule_info;

typedef struct nerve__ruleset nerve__ruleset;
typedef struct nerve__rules_scratch nerve__rules_scratch;

int nerve__ruleset_new(const nerve_allocator *al, nerve__ruleset **out);
void nerve__ruleset_free(nerve__ruleset *rs);
/* Parse rules from memory; file names the source in errors. */
int nerve__ruleset_add(nerve__ruleset *rs, const char *file, const char *src, size_t len,
                       nerve_error *err);
/* Name the rules of files under dir relative to it ("rules/events.rules")
 * in origins and declarations, until set again (NULL: paths as given). dir
 * must outlive the calls to nerve__ruleset_add. */
void nerve__ruleset_set_origin_root(nerve__ruleset *rs, const char *dir);
/* The rule compiler's word data, before the rules that use it: the irregular
 * verb forms behind "word~" (TSV "base<TAB>forms", rules/inflections.tsv) and
 * how common words are, for the index (TSV "word<TAB>per_mille",
 * rules/index_words.tsv). Errors name file:line:column. */
int nerve__ruleset_add_inflections(nerve__ruleset *rs, const char *file, const char *src,
                                   size_t len, nerve_error *err);
int nerve__ruleset_add_word_costs(nerve__ruleset *rs, const char *file, const char *src, size_t len,
                                  nerve_error *err);
/* Resolve classes against gs (NULL: none known) and compile to PCRE2. */
int nerve__ruleset_compile(nerve__ruleset *rs, const nerve__gazset *gs, nerve_error *err);

size_t nerve__ruleset_count(const nerve__ruleset *rs);
const nerve__rule_info *nerve__ruleset_rule(const nerve__ruleset *rs, uint32_t index);
const char *nerve__rules_capname(const nerve__ruleset *rs, uint32_t name);
/* Roles declared for an event type, NULL-terminated list; NULL if unknown type. */
const char *const *nerve__rules_event_roles(const nerve__ruleset *rs, const char *type);

/* The key roles of an event type (its `key` clause): NULL-terminated, empty
 * when the type declares none; NULL for an unknown type. */
const char *const *nerve__rules_event_keys(const nerve__ruleset *rs, const char *type);
/* The roles of event type `type` that a clause fills (`clause` in its
 * declaration): NULL-terminated, NULL for an unknown type. */
const char *const *nerve__rules_event_clauses(const nerve__ruleset *rs, const char *type);
/* The role the subject of an active trigger fills in place of who (`agent
 * ROLE` of the declaration: "police detained ..." names the arrester), or
 * NULL. */
const char *nerve__rules_event_agent(const nerve__ruleset *rs, const char *type);

int nerve__rules_scratch_new(const nerve__ruleset *rs, const nerve_allocator *al,
                             nerve__rules_scratch **out);
void nerve__rules_scratch_free(nerve__rules_scratch *s);
/* Set the callback that provides tags and parses (NULL: none). */
void nerve__rules_scratch_set_syntax(nerve__rules_scratch *s, nerve__rules_syntax_fn fn, void *ctx);

/*
 * Run every rule of `kind` that the sentence could match (rules are indexed
 * by the words, classes and types they require). Appends matches: for each
 * rule, leftmost non-overlapping matches. Returns NERVE_OK or NERVE_ENOMEM;
 * a match or depth limit abandons that rule in that sentence and counts in
 * out->limit_hits.
 */
int nerve__rules_match(const nerve__ruleset *rs, int kind, nerve__rules_scratch *s,
                       const nerve__rsent *sent, nerve__rmatches *out);

void nerve__rmatches_free(const nerve_allocator *al, nerve__rmatches *m);

/* Defaults of the per-match PCRE2 limits (docs/rules.md, "Limits"). */
#define NERVE__RULES_MATCH_LIMIT 100000u
#define NERVE__RULES_DEPTH_LIMIT 1000u

/*
 * Set the PCRE2 match and depth limits (0 keeps the default). Takes effect
 * for scratches created afterwards. The JIT honours only the match limit.
 */
void nerve__ruleset_set_limits(nerve__ruleset *rs, uint32_t match_limit, uint32_t depth_limit);

/* Default of the largest rule source (one file or string) accepted. */
#define NERVE__RULES_MAX_SOURCE ((size_t)16 << 20)

/* Set the largest rule source in bytes (0 restores the default). */
void nerve__ruleset_set_max_source(nerve__ruleset *rs, size_t max_bytes);

/* The generated PCRE2 pattern of a compiled rule (for debugging and tests), or NULL. */
const char *nerve__rules_pattern(const nerve__ruleset *rs, uint32_t index);

/* Counters kept by a scratch since it was created (tests, benchmarks). */
typedef struct nerve__rules_stats {
    uint64_t sentences; /* nerve__rules_match calls */
    uint64_t encoded;   /* sentences encoded (some rule was a candidate) */
    uint64_t runs;      /* rules run on a sentence */
    uint64_t skipped;   /* rules of the requested kind the index skipped */
    uint64_t tries;     /* calls into PCRE2 (a search, or an anchored try at one token) */
} nerve__rules_stats;

void nerve__rules_scratch_stats(const nerve__rules_scratch *s, nerve__rules_stats *out);

/* The encoding of the last sentence encoded by this scratch (docs/rules.md, "Encoding"). */
const char *nerve__rules_last_encoding(const nerve__rules_scratch *s, size_t *len);

/* The forms `base~` stands for in rs (with its inflection table), space-separated,
 * into out (truncated). For tests. */
int nerve__rules_inflect(const nerve__ruleset *rs, const char *base, char *out, size_t outsize);

#endif
