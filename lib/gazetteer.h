/*
 * gazetteer.h - what nerve knows about the world: parsing gazetteer TSV
 * (gazetteers/FORMAT.md), compiling it to a binary image with a magic number
 * and format version, memory-mapping images read-only, and the longest-match
 * lookup over a document's normalized token keys.
 *
 * A gazetteer set is one or more images: the bundled compiled file (mmapped)
 * and images compiled in memory from files the user adds. Entry ids are
 * global across the set. A frozen set is immutable and shared by threads.
 */
#ifndef NERVE_GAZETTEER_H
#define NERVE_GAZETTEER_H

#include "alloc.h"
#include "nerve.h"
#include "tokenize.h"

#include <stdint.h>

/* Key parts (words and hyphen parts) of one name. The longest bundled name
 * has 13; the bound keeps lookup linear in the text (each position extends
 * at most this far), where a 30,000-word user name made it quadratic. */
#define NERVE__GAZ_MAX_NAME_UNITS 64

/* Entry type for lexicon words (rules' word classes); other entries use nerve_type. */
#define NERVE__TYPE_LEX 100

enum { NERVE__CASE_ANY = 0, NERVE__CASE_CAP = 1, NERVE__CASE_EXACT = 2 };

/* One entry, decoded. Strings point into the image (NULL when empty). */
typedef struct nerve__entry {
    const char *name;
    const char *subtype;
    const char *canonical;
    const char *id;
    const char *country;
    const char *title;
    const char *value;
    uint32_t subtype_class; /* class id of subtype (nerve__gaz_class_id) */
    int type;               /* nerve_type or NERVE__TYPE_LEX */
    int casing;             /* NERVE__CASE_* */
    uint32_t population;
    int has_coords;
    float lat, lon;
    int32_t from, to;        /* YYYYMMDD, 0 = open */
    const char *origin_file; /* source TSV (relative to the compiled folder), or NULL */
    uint32_t origin_line;    /* its line, 0 if unknown */
} nerve__entry;

typedef struct nerve__gazset nerve__gazset;

int nerve__gazset_new(const nerve_allocator *al, nerve__gazset **out);
/* The tokenizer lexicon (borrowed, outlives the set; NULL: the empty one)
 * TSV names are tokenized with and compiled images must have been built
 * with (their recorded hash is checked). Set before adding gazetteers. */
void nerve__gazset_set_tok_lexicon(nerve__gazset *gs, const nerve__tok_lexicon *lex);
void nerve__gazset_free(nerve__gazset *gs);

/* Memory-map a compiled image (checks magic, version, bounds). */
int nerve__gazset_add_compiled(nerve__gazset *gs, const char *path, nerve_error *err);
/* Parse one TSV file and add its entries (compiled in memory at freeze). */
int nerve__gazset_add_tsv(nerve__gazset *gs, const char *path, nerve_error *err);
/* Same, from memory; name is used in error messages. */
int nerve__gazset_add_tsv_buffer(nerve__gazset *gs, const char *name, const char *src, size_t len,
                                 nerve_error *err);
/* Compile pending TSV entries; after this the set is read-only. */
int nerve__gazset_freeze(nerve__gazset *gs, nerve_error *err);

/* Compile every *.tsv under src_dir (recursively) into one image file. */
/* Names are tokenized with lex (NULL: the empty lexicon); the image records
 * its hash. */
int nerve__gaz_compile_dir(const nerve_allocator *al, const nerve__tok_lexicon *lex,
                           const char *src_dir, const char *out_path, nerve_error *err);

size_t nerve__gazset_size(const nerve__gazset *gs);
/* Decode entry `id` (0 <= id < size). */
void nerve__gaz_entry(const nerve__gazset *gs, uint32_t id, nerve__entry *out);
/* The type of entry `id` (nerve_type or NERVE__TYPE_LEX; 0 for an unknown
 * id) and its subtype class (UINT32_MAX: none), as nerve__gaz_entry gives
 * them, without decoding the rest: what a sentence's features need of every
 * entry of every match. */
int nerve__gaz_entry_type(const nerve__gazset *gs, uint32_t id, uint32_t *subtype_class);

/*
 * Class id of a subtype name (the rules' @class), or UINT32_MAX if no entry
 * has that subtype. Ids are dense, 0 <= id < nerve__gaz_class_count().
 */
uint32_t nerve__gaz_class_id(const nerve__gazset *gs, const char *name);
uint32_t nerve__gaz_class_count(const nerve__gazset *gs);
const char *nerve__gaz_class_name(const nerve__gazset *gs, uint32_t id);

/* One match: tokens [tok_begin, tok_end), entries ids[first .. first+count). */
typedef struct nerve__gaz_match {
    uint32_t tok_begin, tok_end;
    uint32_t first, count;
} nerve__gaz_match;

/* Lookup scratch (internal to gazetteer.c): one key part of the text. */
typedef struct nerve__gaz_unit {
    uint64_t hash;
    const char *s;
    uint32_t len;
    uint32_t tok;
} nerve__gaz_unit;

/* Lookup scratch (internal to gazetteer.c): a key whose hash was found at some length. */
typedef struct nerve__gaz_cand {
    uint32_t image, key, tok_end, unit_end;
} nerve__gaz_cand;

typedef struct nerve__gaz_matches {
    NERVE__VEC(nerve__gaz_match) m; /* sorted by tok_begin, then longer first */
    NERVE__VEC(uint32_t) ids;
    /* scratch reused across lookups; zero-initialize with the rest */
    NERVE__VEC(nerve__gaz_unit) units;
    NERVE__VEC(uint32_t) tok_unit; /* first unit of each token, and one past the last */
    NERVE__VEC(nerve__gaz_cand) cand;
    NERVE__VEC(uint32_t) cursor; /* per image: [lo, pos) of its candidates */
    /* set by the caller: entries of case "cap" match in any case (a text
     * written without capitals) */
    int caseless;
} nerve__gaz_matches;

/*
 * For every token position, the longest name starting there (all of its
 * entries whose case condition the text meets). Sentence ends are not
 * crossed. Hyphenated tokens match their parts ("al-Qaeda" = "al Qaeda").
 * Previous contents of out are discarded. Returns NERVE_OK or NERVE_ENOMEM.
 */
int nerve__gaz_lookup(const nerve__gazset *gs, const nerve_allocator *al, const char *text,
                      const nerve_token *tok, size_t ntok, nerve__gaz_matches *out);

void nerve__gaz_matches_free(const nerve_allocator *al, nerve__gaz_matches *m);

/* Index of the first of the n matches m (sorted by start) starting at or
 * after token b: lets a stage look at one span's matches without scanning
 * the document. */
static inline size_t nerve__gaz_first_match_at(const nerve__gaz_match *m, size_t n, size_t b)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m[mid].tok_begin < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

#endif
