/*
 * rules_int.h - private to the rules module (rules_parse.c: reading rule
 * files into an AST; rules.c: compiling the AST to PCRE2 and matching).
 * Nothing here mentions PCRE2; compiled objects are held as void pointers.
 */
#ifndef NERVE_RULES_INT_H
#define NERVE_RULES_INT_H

#include "rules.h"

#include <stdint.h>

#define NERVE__RNONE UINT32_MAX
#define NERVE__RINF 0xFFFFu       /* unbounded quantifier maximum */
#define NERVE__RMAX_REPEAT 100    /* largest m or n in {m,n} */
#define NERVE__RMAX_INCLUDE 16    /* include nesting limit */
#define NERVE__RMAX_PATTERN 65536 /* bytes of generated PCRE2 pattern */
#define NERVE__RMAX_DEFINE_DEPTH 32
#define NERVE__RMAX_LEAD 4   /* leading tokens of a rule checked before a try */
#define NERVE__RMAX_FIRST 64 /* kinds of first token a rule's matches may have */
enum { NERVE__RFIRST_WORD = 1, NERVE__RFIRST_TEST, NERVE__RFIRST_FEAT };

/* AST node kinds. */
enum {
    RN_WORD = 1, /* one token whose key is s */
    RN_SEQ,      /* children in order */
    RN_ALT,      /* one of the children */
    RN_REP,      /* child repeated min..max times (max NERVE__RINF: unbounded) */
    RN_CAP,      /* child captured under capture name id */
    RN_ANY,      /* [] : any one token */
    RN_TEST,     /* [cap !punct "us"] : flag sets (test index id), optional RN_WORD children */
    RN_CLASS,    /* @s : a word class (file class and/or gazetteer class) */
    RN_SLOT,     /* typed slot: children RN_FEAT, alternatives of one token range */
    RN_FEAT,     /* (inside RN_SLOT) feature kind `sub`, id */
    RN_NOT,      /* one token that does not match child */
    RN_BOL,      /* ^ */
    RN_EOL,      /* $ */
    RN_MACRO,    /* $s : a define */
};

typedef struct nerve__rnode {
    uint8_t kind;
    uint8_t lazy; /* RN_REP: lazy quantifier */
    uint8_t sub;  /* RN_FEAT: NERVE__RF_* */
    uint16_t min, max;
    uint32_t line, col;
    const char *file;
    uint32_t kid, next; /* first child, next sibling (NERVE__RNONE) */
    uint32_t id;        /* RN_CAP: capname id; RN_FEAT: type id; RN_TEST: test index */
    const char *s;      /* RN_WORD key, RN_CLASS / RN_MACRO name, RN_CAP name */
} nerve__rnode;

/* Allowed values of the three flag bytes of a token (7 bits each; b3 is
 * the part of speech, docs/rules.md "Encoding"). */
typedef struct nerve__rtest {
    uint64_t b1[2], b2[2], b3[2];
} nerve__rtest;

/* What a rule needs of the syntax stage (nerve__rrule.needs). */
enum { NERVE__RNEED_TAGS = 1, NERVE__RNEED_PARSE = 2 };

/* Longest relation path, and most words in a step's [case/mark] filter. */
#define NERVE__RMAX_STEPS 4
#define NERVE__RMAX_STEP_WORDS 8

/* One step of a relation path: `>rel` (head to dependent) or `<rel`
 * (dependent to head), with alternatives `>obj|nsubj:pass`. */
typedef struct nerve__rstep {
    uint8_t down;  /* 1: `>`, 0: `<` */
    uint64_t deps; /* bit d for nerve_dep d */
    uint32_t nwords;
    const char *words[NERVE__RMAX_STEP_WORDS]; /* keys a case/mark child must have (any) */
    uint32_t line, col;
} nerve__rstep;

/* A relation clause `role:PER|ORG = anchor >nsubj`, checked after the
 * pattern matched (docs/rules.md, "Relations"). */
typedef struct nerve__rrel {
    uint32_t name;    /* capture name id of the role */
    uint32_t anchor;  /* capture name id of the anchor */
    uint32_t types;   /* bit t for mention type t; 0: any phrase */
    uint8_t optional; /* `?`: the match stands without a filler */
    uint32_t nsteps;
    nerve__rstep step[NERVE__RMAX_STEPS];
    const char *file;
    uint32_t line, col;               /* the role name */
    uint32_t anchor_line, anchor_col; /* the anchor */
} nerve__rrel;

typedef struct nerve__rrule {
    nerve__rule_info info;
    uint32_t col;
    uint32_t label_line, label_col;
    uint32_t root;
    uint32_t pat_line, pat_col;
    uint32_t rel_first, rel_count; /* relation clauses, into ruleset rels */
    uint8_t needs;                 /* NERVE__RNEED_*: set by compile */
    /* Where a match can start (set by compile): with `anchored`, the
     * pattern is compiled anchored and tried only at the tokens from which
     * an occurrence of one of the rule's index keys (at token t) lies
     * off_min .. off_fixed + off_slots * L tokens ahead, L the longest
     * feature of the sentence; every match starts at such a token, so the
     * matches are those of an unanchored search. */
    uint8_t anchored;
    uint8_t jit; /* code has JIT code (pcre2_jit_match) */
    /* What the first tokens of every match must be (set by compile; a
     * necessary condition, checked before an anchored try so that most
     * tries that would fail cost no call into PCRE2): with `bol` a match
     * starts at the sentence's first token only; the tokens at offsets
     * 0 .. nlead-1 from the start exist, have flag bytes B1 and B2 (the
     * encoding's) in lead_b1 / lead_b2 and, where lead_words is not
     * NERVE__RNONE, a key among the RN_WORD siblings it starts (the one
     * word when lead_one has bit p). */
    uint8_t bol, nlead, lead_one;
    uint64_t lead_b1[NERVE__RMAX_LEAD][2], lead_b2[NERVE__RMAX_LEAD][2];
    uint32_t lead_words[NERVE__RMAX_LEAD];
    /* What the first token of every match must be, one of nfirst atoms
     * (set by compile; 0: anything, or more kinds than fit): a word (its
     * index key), a flag test, or the start of a feature (kind, id). Where
     * a rule opens with an optional part, "the first token" is either the
     * optional part's or what follows it. */
    uint8_t nfirst;
    struct {
        uint8_t kind; /* NERVE__RFIRST_* */
        uint32_t a;   /* test index, or feature kind */
        uint64_t b;   /* word key, or feature id */
    } first[NERVE__RMAX_FIRST];
    uint32_t off_min, off_fixed, off_slots;
    /* filled by compile (rules.c) */
    void *code;                    /* pcre2_code_8 */
    uint32_t ngroups;              /* capturing groups in the pattern */
    uint32_t cap_first, cap_count; /* into ruleset caps */
    uint32_t grp_first;            /* into ruleset grp_inst: one byte per group 0..ngroups */
} nerve__rrule;

typedef struct nerve__rcapinfo {
    uint32_t group, name, inner_first, inner_last;
} nerve__rcapinfo;

typedef struct nerve__revent {
    const char *name;
    const char **roles; /* NULL-terminated, in the arena */
    uint32_t nroles;
    const char **keys;    /* the roles a complete event has: NULL-terminated, in the arena */
    const char **clauses; /* the roles filled by a clause as captured: NULL-terminated */
    const char *agent;    /* the role an active trigger's subject fills instead of who, or NULL */
    const char *cameo;
    const char *file;
    uint32_t line, col;
} nerve__revent;

typedef struct nerve__rclass {
    const char *name;
    uint32_t root; /* RN_ALT of the entries (each RN_WORD or RN_SEQ of RN_WORD) */
    const char *file;
    uint32_t line, col;
} nerve__rclass;

typedef struct nerve__rdefine {
    const char *name;
    uint32_t root;
    const char *file;
    uint32_t line, col;
    int busy; /* during compile: expansion in progress (recursion check) */
} nerve__rdefine;

/* One kind's inverted index: required key -> rules. */
typedef struct nerve__rindex {
    uint64_t *keys; /* open addressing, 0 = empty */
    uint32_t *post_off, *post_cnt;
    size_t mask; /* table size - 1 (table size a power of two), or 0 with keys NULL */
    NERVE__VEC(uint32_t) post;
    uint64_t *always;   /* bitset of rules with no requirement */
    uint64_t *kindmask; /* bitset of rules of this kind */
} nerve__rindex;

/* An open-addressing index of the names of one kind (rules, defines,
 * classes, event types): slots hold index + 1, 0 is empty. Entries past the
 * vector's n (dropped when a failed add rolled back) are skipped. It makes
 * the duplicate checks and the lookups of @class and $define O(1), where a
 * scan of every earlier name made loading quadratic. */
typedef struct nerve__rnames {
    uint32_t *slot;
    size_t cap, used; /* cap a power of two (or 0) */
} nerve__rnames;
enum { NERVE__RN_RULE, NERVE__RN_DEFINE, NERVE__RN_CLASS, NERVE__RN_EVENT, NERVE__RN_KINDS_ };

/* An entry of the rule compiler's word data (rules_words.c), with its origin. */
typedef struct nerve__rword {
    const char *word;  /* the base of a word family, or a word of the index table */
    const char *forms; /* inflections: the irregular forms, space-separated */
    uint32_t value;    /* index table: share of sentences holding the word, per mille */
    const char *file;
    uint32_t line;
} nerve__rword;
typedef NERVE__VEC(nerve__rword) nerve__rword_vec;

struct nerve__ruleset {
    nerve_allocator al;
    nerve__arena arena;
    NERVE__VEC(nerve__rnode) nodes;
    NERVE__VEC(nerve__rrule) rules;
    NERVE__VEC(nerve__revent) events;
    NERVE__VEC(nerve__rclass) classes;
    NERVE__VEC(nerve__rdefine) defines;
    NERVE__VEC(const char *) capnames;
    NERVE__VEC(nerve__rtest) tests;
    NERVE__VEC(nerve__rrel) rels;
    nerve__rword_vec inflections; /* rules/inflections.tsv */
    nerve__rword_vec word_costs;  /* rules/index_words.tsv */
    /* compiled state (rules.c) */
    int compiled;
    uint32_t match_limit, depth_limit;
    size_t max_source; /* bytes of one rule file or string, includes each counted alone */
    /* Files under this folder (the data folder while the bundled rules load)
     * are named relative to it in origins: "rules/events.rules". */
    const char *origin_root;
    void *gctx; /* pcre2_general_context_8 */
    void *cctx; /* pcre2_compile_context_8 */
    NERVE__VEC(nerve__rcapinfo) caps;
    NERVE__VEC(uint8_t) grp_inst;
    uint32_t max_groups;
    size_t nwords;                   /* uint64 words in a rule bitset */
    nerve__rindex index[2];          /* [0] entity, [1] event */
    uint64_t *used_class;            /* bitset of gazetteer class ids used by some rule */
    uint32_t used_class_n;           /* bits */
    uint32_t used_gaz, used_mention; /* bitsets of nerve_type */
    /* The lexicon class whose words stand for a relative clause's antecedent
     * in relation clauses (gazetteers/clause_words.tsv: relative_word), or
     * UINT32_MAX when the model has none. */
    uint32_t cls_relative;
    const char **patterns; /* generated PCRE2 patterns, in the arena */
    nerve__rnames names[NERVE__RN_KINDS_];
};

/* rules_rel.c: check rule r's relation clauses on the match whose captures
 * start at out->caps.v[cap_first]; appends a capture for each filler found
 * and sets *ok to 0 when a clause that is not optional finds none. */
int nerve__rules_relations(const nerve__ruleset *rs, const nerve__rrule *r,
                           const nerve__rsent *sent, const nerve_allocator *al,
                           nerve__rmatches *out, uint32_t cap_first, int *ok);

/* rules_parse.c */
int nerve__rules_parse(nerve__ruleset *rs, const char *file, const char *src, size_t len, int depth,
                       nerve_error *err);
uint32_t nerve__rules_capname_intern(nerve__ruleset *rs, const char *name);
/* Index of the rule, define, class or event (NERVE__RN_*) named name, or
 * NERVE__RNONE. */
uint32_t nerve__rules_name_find(const nerve__ruleset *rs, int kind, const char *name);
void nerve__rules_names_free(nerve__ruleset *rs);
/* Entity type id of an upper-case type name ("PER"), or 0. */
int nerve__rules_type_id(const char *s, size_t n);

/* rules_words.c */
/* The irregular forms of base (space-separated) from the inflection table, or NULL. */
const char *nerve__rules_irregular_forms(const nerve__ruleset *rs, const char *base);
/* Estimated share (per mille) of sentences containing word w, for the index. */
uint32_t nerve__rules_word_cost(const nerve__ruleset *rs, const char *w);

#endif
