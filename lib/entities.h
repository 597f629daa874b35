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

/* ---- The mention lexicon (entities_lexicon.c, rules/mentions.tsv) ---- */

/* What the fallback knows of a run of capitalized words that no gazetteer
 * entry or rule claimed; the decision table's conditions name these (the
 * strings are the names rules/mentions.tsv uses). */
#define NERVE__FB_PREDICATES(X)                                                                    \
    X(ONE_WORD, "one_word")                                                                        \
    X(TWO_WORDS, "two_words")                                                                      \
    X(THREE_WORDS, "three_words")                                                                  \
    X(FOUR_WORDS, "four_words")                                                                    \
    X(HEADLINE, "headline")                                                                        \
    X(OPENER, "opener")                                                                            \
    X(SURNAME, "surname")                                                                          \
    X(PLACES, "places")                                                                            \
    X(MISC_HEAD, "misc_head")                                                                      \
    X(LOC_SUFFIX_LAST, "loc_suffix_last")                                                          \
    X(ORG_SUFFIX_LAST, "org_suffix_last")                                                          \
    X(ORG_SUFFIX_FIRST, "org_suffix_first")                                                        \
    X(HEAD_WORD, "head_word")                                                                      \
    X(PLACE_PREFIX_FIRST, "place_prefix_first")                                                    \
    X(INITIAL, "initial")                                                                          \
    X(JOINED, "joined")                                                                            \
    X(PARTICLE, "particle")                                                                        \
    X(ENGLISH_FIRST, "english_first")                                                              \
    X(ALL_ENGLISH, "all_english")                                                                  \
    X(COMMON_LAST, "common_last")                                                                  \
    X(AFTER_OF, "after_of")                                                                        \
    X(AFTER_AND_ORG, "after_and_org")                                                              \
    X(ORG_LIST, "org_list")                                                                        \
    X(SAID, "said")                                                                                \
    X(SCORE, "score")                                                                              \
    X(ACRONYM_SHAPE, "acronym_shape")                                                              \
    X(AFTER_VENUE_PREP, "after_venue_prep")                                                        \
    X(QUOTED, "quoted")                                                                            \
    X(SPORTS, "sports")                                                                            \
    X(PLACE_IN_PARENS, "place_in_parens")                                                          \
    X(AFTER_NAME, "after_name")                                                                    \
    X(GIVEN_FIRST, "given_first")                                                                  \
    X(PLACE_NAME_FIRST, "place_name_first")

enum {
#define NERVE__X(name, str) NERVE__FB_##name,
    NERVE__FB_PREDICATES(NERVE__X)
#undef NERVE__X
        NERVE__FB_COUNT_
};
_Static_assert(NERVE__FB_COUNT_ <= 64, "the decision predicates fit a uint64_t mask");

/* The word classes the stage's C tests by the token's normalized key
 * (word rows) or its ending (suffix rows). Kept out of the gazetteer because
 * a longer gazetteer match hides a word's own entry ("The U.S."). */
#define NERVE__MW_CLASSES(X)                                                                       \
    X(DEFINITE, "definite_article")                                                                \
    X(ARTICLE, "article")                                                                          \
    X(ORG_PREP, "org_preposition")                                                                 \
    X(AND, "and_word")                                                                             \
    X(MODIFIER, "name_modifier")                                                                   \
    X(TEAM_AREA, "team_area")                                                                      \
    X(FAMILY_FIRST, "family_name_first")                                                           \
    X(ORG_GROUP, "org_group_noun")                                                                 \
    X(JOINED_PARTICLE, "joined_particle")

enum {
#define NERVE__X(name, str) NERVE__MW_##name,
    NERVE__MW_CLASSES(NERVE__X)
#undef NERVE__X
        NERVE__MW_COUNT_
};

/* A row of the decision table: the first row whose conditions all hold
 * (need) and none of whose exclusions do (deny) types the run. */
typedef struct nerve__fb_decision {
    const char *name;    /* the mention's rule: fallback.surname */
    int type;            /* NERVE_TYPE_*, NERVE_TYPE_NONE: no mention */
    uint64_t need, deny; /* (uint64_t)1 << NERVE__FB_* */
    uint32_t line;
} nerve__fb_decision;

typedef struct nerve__mw_word {
    const char *text; /* case folded */
    uint8_t len, cls, suffix;
} nerve__mw_word;

typedef struct nerve__mention_lexicon {
    const nerve_allocator *al;
    const char *file; /* the path it was loaded from: the decisions' origin */
    nerve__fb_decision *dec;
    size_t ndec;
    nerve__mw_word *words; /* sorted by class (stable) */
    size_t nwords;
    uint32_t cls_first[NERVE__MW_COUNT_ + 1]; /* words of class c: [cls_first[c], cls_first[c+1]) */
    uint8_t cls_maxlen[NERVE__MW_COUNT_];     /* longest word of class c (255 with a suffix row) */
    char *pool;
} nerve__mention_lexicon;

/* Load the table at path; errors and origins name it `name` (relative to
 * the data folder, "rules/mentions.tsv"; NULL: path). */
int nerve__mention_lexicon_load(const nerve_allocator *al, const char *path, const char *name,
                                nerve__mention_lexicon **out, nerve_error *err);
/* The same from a buffer; name is the file name errors and origins give. */
int nerve__mention_lexicon_load_buffer(const nerve_allocator *al, const char *name, const char *src,
                                       size_t len, nerve__mention_lexicon **out, nerve_error *err);
void nerve__mention_lexicon_free(nerve__mention_lexicon *lx);

/* Is the normalized key norm[0, n) a word of class cls (NERVE__MW_*)? A
 * suffix row matches a longer key that ends with it. 0 without a lexicon. */
int nerve__mention_word(const nerve__mention_lexicon *lx, int cls, const char *norm, size_t n);

/* The first decision whose conditions the predicates ((uint64_t)1 << NERVE__FB_*)
 * satisfy, or NULL (no lexicon). */
const nerve__fb_decision *nerve__fb_decide(const nerve__mention_lexicon *lx, uint64_t preds);

#endif
