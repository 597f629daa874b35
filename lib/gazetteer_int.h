/*
 * gazetteer_int.h - what the gazetteer's source files share: the compiled
 * image format, the key hash, and the TSV builder. Only lib/gazetteer*.c
 * include this.
 *
 * Image format (version 2), one contiguous little-endian file:
 *
 *   header   nerve__gaz_header: magic "NERVEGAZ", version, sizes, counts,
 *            a section table (offset, size) and a hash of the header itself
 *   strings  pool of NUL-terminated UTF-8 strings; offset 0 is "" (= none)
 *   entries  nerve__gaz_rec[entry_count], fixed size, sorted by key, each
 *            with pool offsets of its strings and its numeric attributes,
 *            and the source file (pool offset) and line it came from
 *   classes  uint32[class_count]: pool offsets of the subtype names
 *   keys     nerve__gaz_key[key_count]: the normalized key bytes (token
 *            norms joined by 0x1f) and the range of entries having that key
 *   slots    nerve__gaz_slot[2^k]: open addressing (linear probing) over the
 *            64-bit key hash; a slot holds the upper 32 hash bits, a key index
 *            and a PREFIX bit set when some longer key starts with this one
 *   filter   uint64[]: a one-hash bit filter over every slot's hash, so most
 *            words of running text miss without touching the slot table
 *
 * Every section starts at a multiple of 8 bytes. Loading checks the header,
 * the section table, and every offset and index in the classes, keys and
 * entries; slot values are range-checked when read.
 */
#ifndef NERVE_GAZETTEER_INT_H
#define NERVE_GAZETTEER_INT_H

#include "alloc.h"
#include "gazetteer.h"
#include "tokenize.h"

#include <stdint.h>
#include <string.h>

#define NERVE__GAZ_MAGIC "NERVEGAZ"
#define NERVE__GAZ_VERSION                                                                         \
    3u /* 2: entries record their file and line; 3: the tokenizer lexicon's hash */
#define NERVE__GAZ_KEY_SEP '\x1f'

/* Image flags. */
#define NERVE__GAZ_F_PUNCT_START (1u << 0) /* some key starts with a punctuation token */

enum {
    NERVE__SEC_STRINGS = 0,
    NERVE__SEC_ENTRIES,
    NERVE__SEC_CLASSES,
    NERVE__SEC_KEYS,
    NERVE__SEC_SLOTS,
    NERVE__SEC_FILTER,
    NERVE__SEC_COUNT_
};

typedef struct nerve__gaz_section {
    uint64_t offset, size;
} nerve__gaz_section;

typedef struct nerve__gaz_header {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t file_size;
    uint32_t entry_count;
    uint32_t key_count;
    uint32_t class_count;
    uint32_t slot_count;  /* power of two */
    uint32_t filter_log2; /* filter has 2^filter_log2 bits */
    uint32_t flags;
    uint32_t max_probe; /* longest probe sequence of any hash in slots */
    uint32_t
        tok_lexicon_hash;  /* nerve__tok_lexicon_hash of the lexicon names were tokenized with */
    uint64_t content_hash; /* hash of every byte after the header */
    nerve__gaz_section sec[NERVE__SEC_COUNT_];
    uint64_t header_hash; /* hash of the header bytes before this field */
} nerve__gaz_header;

typedef struct nerve__gaz_rec {
    uint32_t name, subtype, canonical, id, country, title, value; /* pool offsets, 0 = none */
    uint32_t klass;                                               /* local class, or UINT32_MAX */
    uint32_t population;
    float lat, lon;
    int32_t from, to;
    uint8_t type, casing, has_coords, pad;
    uint32_t origin_file; /* pool offset of the source file name, 0 = unknown */
    uint32_t origin_line; /* 1-based line in that file, 0 = unknown */
} nerve__gaz_rec;

typedef struct nerve__gaz_key {
    uint32_t off, len;     /* key bytes in the pool */
    uint32_t first, count; /* entries [first, first+count) */
} nerve__gaz_key;

#define NERVE__GAZ_SLOT_PREFIX 0x80000000u
#define NERVE__GAZ_SLOT_KEY 0x7fffffffu /* key index + 1, 0 = none */

typedef struct nerve__gaz_slot {
    uint32_t tag; /* upper 32 bits of the hash */
    uint32_t val; /* PREFIX bit | (key index + 1); 0 = empty */
} nerve__gaz_slot;

_Static_assert(sizeof(nerve__gaz_header) == 168, "header layout");
_Static_assert(sizeof(nerve__gaz_rec) == 64, "entry layout");
_Static_assert(sizeof(nerve__gaz_key) == 16, "key layout");
_Static_assert(sizeof(nerve__gaz_slot) == 8, "slot layout");

/* A parsed, validated image (memory-mapped or heap). */
typedef struct nerve__gaz_image {
    const unsigned char *base;
    size_t size;
    int mapped; /* 1: munmap at free; 0: nerve__free */
    const char *pool;
    size_t pool_size;
    const nerve__gaz_rec *ent;
    uint32_t nent;
    const uint32_t *classes;
    uint32_t nclass;
    const nerve__gaz_key *keys;
    uint32_t nkeys;
    const nerve__gaz_slot *slots;
    uint32_t slot_mask;
    const uint64_t *filter;
    uint32_t filter_shift; /* 64 - filter_log2 */
    uint32_t flags;
    uint32_t max_probe;
    uint32_t tok_hash;   /* the header's tok_lexicon_hash */
    uint32_t id_base;    /* global id of entry 0 */
    uint32_t *class_map; /* local class -> set class (heap) */
} nerve__gaz_image;

/* ---- hashing (shared by compile and lookup; little-endian hosts only) ---- */

static inline uint64_t nerve__gaz_fmix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* 64-bit hash of one key part (a token norm or a hyphen part). */
static inline uint64_t nerve__gaz_hash_part(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)n * 0xc2b2ae3d27d4eb4fULL);
    const unsigned char *p = (const unsigned char *)s;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        w *= 0xbf58476d1ce4e5b9ULL;
        w ^= w >> 31;
        h = (h ^ w) * 0x94d049bb133111ebULL;
        h = (h << 27) | (h >> 37);
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)p[i] << (8 * i);
    w *= 0xbf58476d1ce4e5b9ULL;
    w ^= w >> 31;
    h = (h ^ w) * 0x94d049bb133111ebULL;
    return h;
}

#define NERVE__GAZ_HASH_INIT 0x2545f4914f6cdd1dULL

/* Hash of a key extended by one more part. */
static inline uint64_t nerve__gaz_hash_extend(uint64_t h, uint64_t part)
{
    return nerve__gaz_fmix((h * 0x9e3779b97f4a7c15ULL) ^ part);
}

/* Hash of a byte range, for checksums. */
uint64_t nerve__gaz_hash_bytes(const void *p, size_t n);

/* ---- key parts of a token sequence (names and text alike) ---- */

/*
 * Store in parts/lens (room for max >= 1) the key parts of token t: its norm,
 * or for a non-punctuation token with inner hyphens each non-empty part
 * between them. Returns the number of parts (>= 1).
 */
static inline size_t nerve__gaz_token_parts(const nerve_token *t, const char **parts, size_t *lens,
                                            size_t max)
{
    const char *s = t->norm;
    size_t n = t->norm_len;
    if (t->kind == NERVE_TOKEN_PUNCT || n < 3 || !memchr(s + 1, '-', n - 2)) {
        parts[0] = s;
        lens[0] = n;
        return 1;
    }
    size_t k = 0, i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '-')
            j++;
        if (j > i) {
            if (k == max) { /* too many parts: keep the rest as one */
                lens[k - 1] = (size_t)(s + n - parts[k - 1]);
                return k;
            }
            parts[k] = s + i;
            lens[k] = j - i;
            k++;
        }
        i = j + 1;
    }
    if (k == 0) {
        parts[0] = s;
        lens[0] = n;
        return 1;
    }
    return k;
}

#define NERVE__GAZ_MAX_PARTS 32 /* per token */

/* ---- builder (gazetteer_tsv.c) ---- */

typedef struct nerve__gaz_builder nerve__gaz_builder;

/* Names are tokenized with lex (borrowed; NULL: the empty lexicon), whose
 * hash the image records. */
int nerve__gaz_builder_new(const nerve_allocator *al, const nerve__tok_lexicon *lex,
                           nerve__gaz_builder **out);
void nerve__gaz_builder_free(nerve__gaz_builder *b);
size_t nerve__gaz_builder_size(const nerve__gaz_builder *b);
int nerve__gaz_builder_add_tsv(nerve__gaz_builder *b, const char *name, const char *src, size_t len,
                               nerve_error *err);
int nerve__gaz_builder_add_file(nerve__gaz_builder *b, const char *path, nerve_error *err);
/* Write the image into a new heap buffer (*out, *out_size) owned by the caller. */
int nerve__gaz_builder_finish(nerve__gaz_builder *b, unsigned char **out, size_t *out_size,
                              nerve_error *err);

/* ---- images (gazetteer_image.c) ---- */

/* Validate data[0..size) and fill img (which then borrows data). */
int nerve__gaz_image_open(nerve__gaz_image *img, const unsigned char *data, size_t size,
                          const char *name, nerve_error *err);
/* Map a file read-only and validate it. */
int nerve__gaz_image_map(nerve__gaz_image *img, const char *path, nerve_error *err);
/* Check the content hash (reads every byte; done when a file is mapped). */
int nerve__gaz_image_verify(const nerve__gaz_image *img);
void nerve__gaz_image_release(const nerve_allocator *al, nerve__gaz_image *img);

/* String at pool offset off, or NULL for 0 / out of range. */
static inline const char *nerve__gaz_str(const nerve__gaz_image *img, uint32_t off)
{
    return off && off < img->pool_size ? img->pool + off : NULL;
}

#endif
