/*
 * timex_impl.h - what timex.c and timex_lexicon.c share: the lexicon's
 * classes, flags and entries, and its lookup. Not used outside the timex
 * module.
 */
#ifndef NERVE_TIMEX_IMPL_H
#define NERVE_TIMEX_IMPL_H

#include "timex.h"

#include <stddef.h>
#include <stdint.h>

/* Lexicon classes; the names are those of the TSV's class column. */
#define NERVE__LX_CLASSES(X)                                                                       \
    X(MONTH, "month", 1)                                                                           \
    X(WEEKDAY, "weekday", 1)                                                                       \
    X(NUMBER, "number", 1)                                                                         \
    X(ORDINAL, "ordinal", 1)                                                                       \
    X(UNIT, "unit", 0)                                                                             \
    X(SEASON, "season", 0)                                                                         \
    X(PARTOFDAY, "partofday", 0)                                                                   \
    X(HOLIDAY, "holiday", 0)                                                                       \
    X(DEICTIC, "deictic", 0)                                                                       \
    X(MODIFIER, "modifier", 0)                                                                     \
    X(DIRECTION, "direction", 1)                                                                   \
    X(RELATION, "relation", 1)                                                                     \
    X(SET, "set", 0)                                                                               \
    X(TENSE, "tense", 0)                                                                           \
    X(BE, "be", 0)                                                                                 \
    X(NOTED, "noted", 0)                                                                           \
    X(TIMEZONE, "timezone", 0)                                                                     \
    X(AMPM, "ampm", 1)                                                                             \
    X(QUARTER, "quarter", 1)                                                                       \
    X(HALF, "half", 1)                                                                             \
    X(FISCAL, "fiscal", 0)                                                                         \
    X(PREP, "prep", 0)                                                                             \
    X(QUANTITY, "quantity", 0)                                                                     \
    X(DET, "det", 0)                                                                               \
    X(MULT, "mult", 0)                                                                             \
    X(OTHER, "other", 0)                                                                           \
    X(FRAC, "frac", 0)                                                                             \
    X(CONJ, "conj", 0)                                                                             \
    X(PERIOD, "period", 0)

enum {
#define NERVE__X(name, str, numeric) NERVE__LX_##name,
    NERVE__LX_CLASSES(NERVE__X)
#undef NERVE__X
        NERVE__LX_MWSTART, /* internal: first word of a multi-word key */
    NERVE__LX_NCLASS
};

#define NERVE__LXF_CAP (1u << 0)
#define NERVE__LXF_DOT (1u << 1)
#define NERVE__LXF_AMBIG (1u << 2)
#define NERVE__LXF_PLURAL (1u << 3)
#define NERVE__LXF_VAGUE (1u << 4)
#define NERVE__LXF_ARTICLE (1u << 5)

/* Tense cue values (class tense). */
enum {
    NERVE__CUE_NONE = 0,
    NERVE__CUE_PAST,
    NERVE__CUE_PRESENT,
    NERVE__CUE_FUTURE,
    NERVE__CUE_MODAL
};

#define NERVE__LX_NONE UINT32_MAX

typedef struct nerve__lx_entry {
    const char *key;  /* lower case, periods removed; in the lexicon's string pool */
    const char *sval; /* value column as written */
    uint32_t next;    /* next entry with the same key, or NERVE__LX_NONE */
    uint32_t mask;    /* on a chain head: classes of the whole chain (bit = 1 << class) */
    int32_t ival;     /* numeric value (X = -1), or the tense cue for class tense */
    uint16_t klen;
    uint8_t cls;
    uint8_t flags;
    uint8_t words; /* words in the key */
} nerve__lx_entry;

struct nerve__timex_lexicon {
    nerve_allocator al;
    nerve__lx_entry *e;
    size_t ne;
    char *pool;
    size_t npool;
    uint32_t *slot; /* open addressing: chain head entry index or NONE */
    size_t nslot;   /* power of two */
    int max_words;
};

/* Chain head for key[0..len), or NERVE__LX_NONE. */
uint32_t nerve__lx_lookup(const nerve__timex_lexicon *lx, const char *key, size_t len);
/* First entry of class cls in the chain starting at head, or NULL. */
const nerve__lx_entry *nerve__lx_get(const nerve__timex_lexicon *lx, uint32_t head, int cls);

#endif
