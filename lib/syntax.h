/*
 * syntax.h - the syntax stage: a part-of-speech tagger (UPOS) and a
 * dependency parser (Universal Dependencies relations), both greedy and
 * driven by averaged-perceptron weights read from a memory-mapped model
 * file (FORMAT below). Owns the model file's format and validation, the
 * feature templates (shared with the training program in tools/, so that
 * training and tagging compute the same hashes), the arc-hybrid transition
 * system and the per-document scratch. Knows nothing about gazetteers,
 * rules or events: it reads token spans over a text and writes a tag, a
 * head and a relation per token.
 *
 * FORMAT (little-endian): a header (nerve__syn_header) then sections at the
 * offsets it names. Each weight table is an open-addressing hash of
 * features (linear probing from nerve__syn_slot): slot[2 * slots], each
 * slot a 32-bit fingerprint of the feature's 64-bit hash (0 = empty) and
 * (first << 8 | count) of its entries in entry[], each entry
 * (class << 16 | 16-bit weight), in class order; a count of
 * NERVE__SYN_DENSE instead marks a dense row, one 32-bit weight per class
 * (NERVE__SYN_PAD of them), for the features most classes weigh. One slot holds
 * all a probe needs, so scoring a feature touches two cache lines. The tag
 * dictionary maps the fingerprint of a frequent word to its only tag, the
 * ambiguity lexicon a word seen in training to the set of its tags (bit t
 * for tag t), the word classes a word of the unlabeled text the classes
 * were learnt from (tools/nerve-train-classes) to its class at three
 * granularities (NERVE__SYN_CLS_* packing, each class + 1).
 * Class names (UPOS tags, relations) are NUL-separated strings; the
 * notice section is free text (training data and licences).
 * content_hash covers every byte after the header.
 */
#ifndef NERVE_SYNTAX_H
#define NERVE_SYNTAX_H

#include "alloc.h"
#include "nerve.h"

#include <stdint.h>

#define NERVE__SYN_MAGIC "NERVESYN"
#define NERVE__SYN_VERSION 5u

/* Most classes of a table: tags, or transitions (1 + 2 * relations). */
#define NERVE__SYN_MAX_TAGS 32
#define NERVE__SYN_MAX_LABELS 64
#define NERVE__SYN_MAX_CLASSES (1 + 2 * NERVE__SYN_MAX_LABELS)
/* The entry count of a dense row, and its length in 32-bit weights. */
#define NERVE__SYN_DENSE 0xFFu
#define NERVE__SYN_PAD(nclasses) (((nclasses) + 3u) & ~3u)

/* Longest sentence the parser parses (longer ones get tags only). */
#define NERVE__SYN_MAX_PARSE 512

enum {
    NERVE__SYN_SEC_TAG_SLOT,
    NERVE__SYN_SEC_TAG_ENTRY,
    NERVE__SYN_SEC_DEP_SLOT,
    NERVE__SYN_SEC_DEP_ENTRY,
    NERVE__SYN_SEC_DICT_KEY,
    NERVE__SYN_SEC_DICT_TAG,
    NERVE__SYN_SEC_AMB_KEY,
    NERVE__SYN_SEC_AMB_MASK,
    NERVE__SYN_SEC_TAG_NAMES,
    NERVE__SYN_SEC_LABEL_NAMES,
    NERVE__SYN_SEC_NOTICE,
    NERVE__SYN_SEC_CLS_KEY, /* since format 5 */
    NERVE__SYN_SEC_CLS_VAL,
    NERVE__SYN_SEC_COUNT_
};

typedef struct nerve__syn_section {
    uint64_t offset, size; /* bytes from the start of the file */
} nerve__syn_section;

typedef struct nerve__syn_header {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t file_size;
    uint64_t content_hash;
    uint32_t ntags, nlabels;
    uint32_t tag_slots, dep_slots, dict_slots, amb_slots; /* slots of each hash table */
    uint32_t cls_slots, reserved;                         /* reserved: 0 */
    nerve__syn_section sec[NERVE__SYN_SEC_COUNT_];
} nerve__syn_header;

/* One weight table as the scorer reads it (pointers into the mapping). */
typedef struct nerve__syn_table {
    const uint32_t *slot, *entry;
    uint32_t slots;
    uint32_t nclasses;
} nerve__syn_table;

typedef struct nerve__syntax {
    const unsigned char *base;
    size_t size;
    int mapped; /* base is an mmap (else owned memory) */
    nerve__syn_table tag, dep;
    const uint32_t *dict_key;
    const unsigned char *dict_tag;
    uint32_t dict_slots;
    const uint32_t *amb_key, *amb_mask;
    uint32_t amb_slots;
    const uint32_t *cls_key, *cls_val;
    uint32_t cls_slots;
    uint32_t ntags, nlabels;
    uint16_t tag_pos[NERVE__SYN_MAX_TAGS];     /* model tag -> NERVE_POS_* */
    uint16_t label_dep[NERVE__SYN_MAX_LABELS]; /* model label -> NERVE_DEP_* */
    uint8_t pos_tag[NERVE_POS_COUNT_];         /* NERVE_POS_* -> model tag (0 if none) */
    int punct_tag;                             /* model tag of PUNCT, or -1 */
    const char *notice;
    size_t notice_len;
} nerve__syntax;

/* Open the model file at path (memory-mapped, validated, checksum verified).
 * A truncated, corrupted or wrong-version file gives NERVE_EFORMAT naming it. */
int nerve__syntax_open(const nerve_allocator *al, const char *path, nerve__syntax **out,
                       nerve_error *err);
/* The same over a buffer the caller keeps alive (tests, the trainer). */
int nerve__syntax_open_memory(const nerve_allocator *al, const void *data, size_t size,
                              const char *name, nerve__syntax **out, nerve_error *err);
void nerve__syntax_close(const nerve_allocator *al, nerve__syntax *m);

/* 64-bit hash of bytes; the file checksum and the trainer use it too. */
uint64_t nerve__syn_hash(const void *data, size_t n, uint64_t seed);

/* ---- features (shared with the training program) ---------------------- */

/* What the feature templates know of one token, computed once per sentence. */
typedef struct nerve__syn_word {
    uint64_t word;   /* lower-cased form, digits as 0 */
    uint64_t suf[4]; /* last 1..4 code points of it */
    uint64_t pre[2]; /* first 1..2 */
    uint64_t shape;  /* Xx, XX, x, d, X.X ... with runs collapsed */
    uint32_t flags;  /* NERVE__SYN_W_* */
    uint32_t amb;    /* tags the word had in training (the ambiguity lexicon), 0 unknown */
    uint16_t cls[3]; /* word class + 1, coarse to fine (NERVE__SYN_CLS_*), 0 unknown */
} nerve__syn_word;

/* A word class entry packs the three granularities' classes + 1: bits
 * 0-9 the coarse one, 10-20 the middle one, 21-31 the fine one. */
#define NERVE__SYN_CLS_MAX0 1023u
#define NERVE__SYN_CLS_MAX1 2047u
#define NERVE__SYN_CLS_MAX2 2047u
static inline uint32_t nerve__syn_cls_pack(const uint16_t *c)
{
    return (uint32_t)c[0] | (uint32_t)c[1] << 10 | (uint32_t)c[2] << 21;
}
static inline void nerve__syn_cls_unpack(uint32_t v, uint16_t *c)
{
    c[0] = (uint16_t)(v & 0x3FFu);
    c[1] = (uint16_t)((v >> 10) & 0x7FFu);
    c[2] = (uint16_t)(v >> 21);
}

enum {
    NERVE__SYN_W_CAP = 1,
    NERVE__SYN_W_ALLCAP = 2,
    NERVE__SYN_W_FIRST = 4,
    NERVE__SYN_W_DIGIT = 8,
    NERVE__SYN_W_HYPHEN = 16,
    NERVE__SYN_W_LONG = 32 /* more than 4 code points */
};

/* Describe the n tokens tok[0..n) of text (one sentence); amb and cls are
 * left 0 (the tagger fills them from the model's lexicons). */
void nerve__syn_words(const char *text, const nerve_token *tok, size_t n, nerve__syn_word *out);

/* Hashes of token i's tagger features given the two previous tags (-1 when
 * none); returns how many were written (at most NERVE__SYN_TAG_FEATS). */
#define NERVE__SYN_TAG_FEATS 40
size_t nerve__syn_tag_features(const nerve__syn_word *w, size_t n, size_t i, int t1, int t2,
                               uint64_t *out);

/* The tag dictionary's hash of a word hash (its fingerprint and slot as
 * for features). */
uint64_t nerve__syn_dict_hash(uint64_t word);
uint64_t nerve__syn_amb_hash(uint64_t word);
uint64_t nerve__syn_cls_hash(uint64_t word);
/* The table fingerprint (non-zero) of a feature hash, and its first slot
 * in a table of `slots` (its low 32 bits scaled: any table size works). */
static inline uint32_t nerve__syn_fp(uint64_t h)
{
    return (uint32_t)(h >> 32) | 1u;
}
static inline uint32_t nerve__syn_slot(uint64_t h, uint32_t slots)
{
    return (uint32_t)(((uint64_t)(uint32_t)h * slots) >> 32);
}

/* Arc-hybrid parser state over n tokens plus the root (index n). */
typedef struct nerve__syn_state {
    size_t n;
    int32_t *stack;
    size_t depth;
    size_t b;                       /* front of the buffer; n = only the root left */
    int32_t *head;                  /* head of each token, -1 none yet; n = root */
    uint8_t *label;                 /* model label of each attached token */
    int32_t *lc1, *lc2, *rc1, *rc2; /* leftmost two left, rightmost two right children */
    uint8_t *nl, *nr;               /* children counts (saturating) */
    uint64_t *lset, *rset;          /* label sets of the left and right children */
} nerve__syn_state;

/* Transitions: class 0 is SHIFT, 1 + 2l is LEFT with label l, 2 + 2l RIGHT. */
enum { NERVE__SYN_SHIFT = 0 };
#define NERVE__SYN_FEATS 88

/* Reset st for n tokens; its arrays must hold n + 1 entries (stack n + 1). */
void nerve__syn_state_init(nerve__syn_state *st, size_t n);
/* Bit set of the transitions allowed in st (bit c for class c; SHIFT and the
 * two arc kinds: callers expand labels). */
unsigned nerve__syn_allowed(const nerve__syn_state *st);
void nerve__syn_apply(nerve__syn_state *st, unsigned cls);
/* Parser features of st; tags are model tag classes. */
size_t nerve__syn_dep_features(const nerve__syn_state *st, const nerve__syn_word *w,
                               const uint8_t *tags, uint64_t *out);

/* ---- the stage ---------------------------------------------------------- */

typedef struct nerve__syntax_scratch nerve__syntax_scratch;
int nerve__syntax_scratch_new(const nerve_allocator *al, nerve__syntax_scratch **out);
void nerve__syntax_scratch_free(const nerve_allocator *al, nerve__syntax_scratch *s);

/* Tag tok[0..n) (one sentence): model tag classes into tags[0..n). */
int nerve__syntax_tag(const nerve__syntax *m, nerve__syntax_scratch *s, const char *text,
                      const nerve_token *tok, size_t n, uint8_t *tags);
/* Parse tok[0..n) with their model tags: heads (sentence-relative, -1 for
 * the root) and model labels. Sentences over NERVE__SYN_MAX_PARSE tokens are
 * left unparsed (returns NERVE_OK, heads all -2). */
int nerve__syntax_parse(const nerve__syntax *m, nerve__syntax_scratch *s, const char *text,
                        const nerve_token *tok, size_t n, const uint8_t *tags, int32_t *heads,
                        uint8_t *labels);

/* Tag every token of the document (fills tok[i].pos) and parse the sentences
 * for which want[sentence] is non-zero (want NULL: every sentence), filling
 * head and dep. Tokens of unparsed sentences keep head NERVE_NONE, dep 0. */
int nerve__syntax_run_tags(const nerve__syntax *m, nerve__syntax_scratch *s, const char *text,
                           nerve_token *tok, size_t ntok, const nerve_sentence *sent, size_t nsent);
/* One sentence on demand (the rules' relations and [pos=] tests): tag
 * tok[0..n) unless tagged, and with parse set parse it unless parsed
 * (heads are base + the sentence-relative head). Cheap when done already. */
int nerve__syntax_sentence(const nerve__syntax *m, nerve__syntax_scratch *s, const char *text,
                           nerve_token *tok, size_t n, size_t base, int parse);
int nerve__syntax_run_parse(const nerve__syntax *m, nerve__syntax_scratch *s, const char *text,
                            nerve_token *tok, size_t ntok, const nerve_sentence *sent, size_t nsent,
                            const unsigned char *want);

#endif
