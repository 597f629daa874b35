/*
 * gazetteer_tsv.c - parsing gazetteer TSV (gazetteers/FORMAT.md) into a
 * builder, and writing the builder out as a compiled image
 * (gazetteer_int.h describes the format). Also nerve__gaz_compile_dir and
 * the public nerve_gazetteer_compile over it.
 */
#include "error.h"
#include "gazetteer_int.h"
#include "io.h"
#include "utf8.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINE ((size_t)64 * 1024)
#define MAX_FILE ((uint64_t)1 << 30)
#define MAX_POOL ((size_t)UINT32_MAX)

/* ------------------------------------------------------------------------ */
/* A hash table of uint32 values (stored +1, 0 = empty) with their hashes.  */
/* ------------------------------------------------------------------------ */

typedef struct htab {
    uint64_t *h;
    uint32_t *v;
    size_t cap, n; /* cap is 0 or a power of two */
} htab;

typedef int (*htab_eq)(const void *ctx, uint32_t value, const void *probe);

/* Index of the slot holding an equal value, or of the empty slot where it goes. */
static size_t htab_find(const htab *t, uint64_t h, htab_eq eq, const void *ctx, const void *probe)
{
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (!t->v[i] || (t->h[i] == h && eq(ctx, t->v[i] - 1, probe)))
            return i;
    }
}

static void htab_free(const nerve_allocator *al, htab *t)
{
    nerve__free(al, t->h);
    nerve__free(al, t->v);
    memset(t, 0, sizeof *t);
}

/* Make room for one more value (load <= 1/2). */
static int htab_reserve(const nerve_allocator *al, htab *t)
{
    if (t->cap && (t->n + 1) * 2 <= t->cap)
        return NERVE_OK;
    size_t ncap = t->cap ? t->cap * 2 : 64;
    uint64_t *nh = nerve__calloc(al, ncap, sizeof *nh);
    uint32_t *nv = nerve__calloc(al, ncap, sizeof *nv);
    if (!nh || !nv) {
        nerve__free(al, nh);
        nerve__free(al, nv);
        return NERVE_ENOMEM;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->v[i])
            continue;
        size_t j = (size_t)t->h[i] & (ncap - 1);
        while (nv[j])
            j = (j + 1) & (ncap - 1);
        nh[j] = t->h[i];
        nv[j] = t->v[i];
    }
    nerve__free(al, t->h);
    nerve__free(al, t->v);
    t->h = nh;
    t->v = nv;
    t->cap = ncap;
    return NERVE_OK;
}

static void htab_set(htab *t, size_t slot, uint64_t h, uint32_t value)
{
    t->h[slot] = h;
    t->v[slot] = value + 1;
    t->n++;
}

static void htab_clear(htab *t)
{
    if (t->cap)
        memset(t->v, 0, t->cap * sizeof *t->v);
    t->n = 0;
}

/* ------------------------------------------------------------------------ */
/* Builder                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct bentry {
    nerve__gaz_rec rec;
    uint32_t key;
} bentry;

typedef struct bkey {
    uint64_t hash;
    uint32_t off, len; /* key bytes in the pool */
    uint32_t count;    /* entries with this key */
    uint32_t first;    /* set by finish */
} bkey;

struct nerve__gaz_builder {
    nerve_allocator alc;
    nerve__buf pool; /* pool.v[0] == '\0' */
    htab strs;       /* pool offset */
    htab keys;       /* key index */
    htab dups;       /* entry index, by (name, type, subtype, id) */
    htab cls;        /* class index, by subtype pool offset */
    NERVE__VEC(bentry) ents;
    NERVE__VEC(bkey) keyv;
    NERVE__VEC(uint32_t) classes;  /* pool offsets of subtype names */
    const nerve__tok_lexicon *lex; /* names are tokenized with it (borrowed) */
    nerve__tokens toks;
    nerve__buf keybuf;
    uint32_t flags;
    /* File names under origin_root[0..origin_root_len) are recorded relative
     * to it: the folder above the compiled one, so that an entry says
     * "gazetteers/capitals.tsv" wherever the tree lives. */
    const char *origin_root;
    size_t origin_root_len;
};

typedef struct strprobe {
    const char *s;
    size_t n;
} strprobe;

static int str_eq(const void *ctx, uint32_t off, const void *probe)
{
    const nerve__gaz_builder *b = ctx;
    const strprobe *p = probe;
    return memcmp(b->pool.v + off, p->s, p->n) == 0 && b->pool.v[off + p->n] == '\0';
}

static int key_eq(const void *ctx, uint32_t k, const void *probe)
{
    const nerve__gaz_builder *b = ctx;
    const strprobe *p = probe;
    const bkey *key = &b->keyv.v[k];
    return key->len == p->n && memcmp(b->pool.v + key->off, p->s, p->n) == 0;
}

static int dup_eq(const void *ctx, uint32_t e, const void *probe)
{
    const nerve__gaz_builder *b = ctx;
    const nerve__gaz_rec *r = &b->ents.v[e].rec, *p = probe;
    return r->name == p->name && r->type == p->type && r->subtype == p->subtype && r->id == p->id &&
           r->from == p->from;
}

static int u32_eq(const void *ctx, uint32_t v, const void *probe)
{
    const nerve__gaz_builder *b = ctx;
    return b->classes.v[v] == *(const uint32_t *)probe;
}

static uint64_t dup_hash(const nerve__gaz_rec *r)
{
    uint64_t h = nerve__gaz_hash_extend(NERVE__GAZ_HASH_INIT, r->name);
    h = nerve__gaz_hash_extend(h, ((uint64_t)r->type << 32) | r->subtype);
    return nerve__gaz_hash_extend(h, ((uint64_t)(uint32_t)r->from << 32) | r->id);
}

int nerve__gaz_builder_new(const nerve_allocator *al, const nerve__tok_lexicon *lex,
                           nerve__gaz_builder **out)
{
    nerve_allocator alc;
    nerve__allocator_init(&alc, al);
    nerve__gaz_builder *b = nerve__calloc(&alc, 1, sizeof *b);
    if (!b)
        return NERVE_ENOMEM;
    b->alc = alc;
    b->lex = lex;
    if (nerve__buf_putc(&b->alc, &b->pool, '\0') != NERVE_OK) {
        nerve__free(&alc, b);
        return NERVE_ENOMEM;
    }
    *out = b;
    return NERVE_OK;
}

void nerve__gaz_builder_free(nerve__gaz_builder *b)
{
    if (!b)
        return;
    const nerve_allocator *al = &b->alc;
    nerve__vec_free(al, &b->pool);
    htab_free(al, &b->strs);
    htab_free(al, &b->keys);
    htab_free(al, &b->dups);
    htab_free(al, &b->cls);
    nerve__vec_free(al, &b->ents);
    nerve__vec_free(al, &b->keyv);
    nerve__vec_free(al, &b->classes);
    nerve__tokens_free(al, &b->toks);
    nerve__vec_free(al, &b->keybuf);
    nerve_allocator alc = b->alc;
    nerve__free(&alc, b);
}

size_t nerve__gaz_builder_size(const nerve__gaz_builder *b)
{
    return b ? b->ents.n : 0;
}

/* Pool offset of s[0..n) (added if new); 0 for the empty string; UINT32_MAX on failure. */
static uint32_t intern(nerve__gaz_builder *b, const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (htab_reserve(&b->alc, &b->strs) != NERVE_OK)
        return UINT32_MAX;
    strprobe p = {s, n};
    uint64_t h = nerve__gaz_hash_part(s, n);
    size_t slot = htab_find(&b->strs, h, str_eq, b, &p);
    if (b->strs.v[slot])
        return b->strs.v[slot] - 1;
    if (b->pool.n + n + 1 > MAX_POOL)
        return UINT32_MAX;
    uint32_t off = (uint32_t)b->pool.n;
    if (nerve__buf_append(&b->alc, &b->pool, s, n) != NERVE_OK ||
        nerve__buf_putc(&b->alc, &b->pool, '\0') != NERVE_OK)
        return UINT32_MAX;
    htab_set(&b->strs, slot, h, off);
    return off;
}

/* Class index of an interned subtype; UINT32_MAX on failure. */
static uint32_t class_of(nerve__gaz_builder *b, uint32_t subtype, int *oom)
{
    if (!subtype)
        return UINT32_MAX;
    if (htab_reserve(&b->alc, &b->cls) != NERVE_OK) {
        *oom = 1;
        return UINT32_MAX;
    }
    uint64_t h = nerve__gaz_hash_extend(NERVE__GAZ_HASH_INIT, subtype);
    size_t slot = htab_find(&b->cls, h, u32_eq, b, &subtype);
    if (b->cls.v[slot])
        return b->cls.v[slot] - 1;
    if (nerve__vec_push(&b->alc, &b->classes, subtype) != NERVE_OK) {
        *oom = 1;
        return UINT32_MAX;
    }
    htab_set(&b->cls, slot, h, (uint32_t)(b->classes.n - 1));
    return (uint32_t)(b->classes.n - 1);
}

/* ------------------------------------------------------------------------ */
/* Cells                                                                    */
/* ------------------------------------------------------------------------ */

enum {
    COL_NAME,
    COL_TYPE,
    COL_SUBTYPE,
    COL_CANONICAL,
    COL_ID,
    COL_COUNTRY,
    COL_POPULATION,
    COL_LAT,
    COL_LON,
    COL_TITLE,
    COL_CASE,
    COL_FROM,
    COL_TO,
    COL_VALUE,
    COL_COUNT_
};

static const char *const COL_NAMES[COL_COUNT_] = {
    "name", "type", "subtype", "canonical", "id",   "country", "population",
    "lat",  "lon",  "title",   "case",      "from", "to",      "value",
};

typedef struct cell {
    const char *s;
    size_t n;
    size_t col; /* 0-based byte column in the line */
} cell;

static int cell_is(const cell *c, const char *lit)
{
    size_t n = strlen(lit);
    return c->n == n && memcmp(c->s, lit, n) == 0;
}

static int parse_u32(const cell *c, uint32_t *out)
{
    uint64_t v = 0;
    if (c->n == 0 || c->n > 10)
        return 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->s[i] < '0' || c->s[i] > '9')
            return 0;
        v = v * 10 + (uint64_t)(c->s[i] - '0');
    }
    if (v > UINT32_MAX)
        return 0;
    *out = (uint32_t)v;
    return 1;
}

/* [-+]digits[.digits], locale-independent. */
static int parse_decimal(const cell *c, double lo, double hi, float *out)
{
    size_t i = 0;
    int neg = 0, digits = 0;
    double v = 0, scale = 1;
    if (i < c->n && (c->s[i] == '-' || c->s[i] == '+'))
        neg = c->s[i++] == '-';
    for (; i < c->n && c->s[i] >= '0' && c->s[i] <= '9'; i++, digits++)
        v = v * 10 + (c->s[i] - '0');
    if (i < c->n && c->s[i] == '.') {
        for (i++; i < c->n && c->s[i] >= '0' && c->s[i] <= '9'; i++, digits++) {
            scale /= 10;
            v += (c->s[i] - '0') * scale;
        }
    }
    if (i != c->n || digits == 0 || digits > 30)
        return 0;
    if (neg)
        v = -v;
    if (v < lo || v > hi)
        return 0;
    *out = (float)v;
    return 1;
}

/* YYYY, YYYY-MM or YYYY-MM-DD as YYYYMMDD (missing parts 00). */
static int parse_date(const cell *c, int32_t *out)
{
    const char *s = c->s;
    int y = 0, m = 0, d = 0;
    if (c->n != 4 && c->n != 7 && c->n != 10)
        return 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        y = y * 10 + (s[i] - '0');
    }
    if (c->n >= 7) {
        if (s[4] != '-' || s[5] < '0' || s[5] > '9' || s[6] < '0' || s[6] > '9')
            return 0;
        m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12)
            return 0;
    }
    if (c->n == 10) {
        if (s[7] != '-' || s[8] < '0' || s[8] > '9' || s[9] < '0' || s[9] > '9')
            return 0;
        d = (s[8] - '0') * 10 + (s[9] - '0');
        if (d < 1 || d > 31)
            return 0;
    }
    *out = (int32_t)(y * 10000 + m * 100 + d);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Keys                                                                     */
/* ------------------------------------------------------------------------ */

/* name_key's result for a name of more than NERVE__GAZ_MAX_NAME_UNITS parts. */
#define NAME_TOO_LONG 1

/*
 * Tokenize a name and find or add its key. Returns NERVE_OK with *key set,
 * NERVE_EGAZETTEER if the name has no tokens, NAME_TOO_LONG (with *key the
 * number of parts), NERVE_ENOMEM / NERVE_ETOOBIG.
 */
static int name_key(nerve__gaz_builder *b, const char *name, size_t n, uint32_t *key)
{
    const nerve_allocator *al = &b->alc;
    if (nerve__tokenize(al, b->lex, name, n, &b->toks) != NERVE_OK)
        return NERVE_ENOMEM;
    if (b->toks.tok.n == 0)
        return NERVE_EGAZETTEER;
    b->keybuf.n = 0;
    uint64_t h = NERVE__GAZ_HASH_INIT;
    int first = 1;
    size_t units = 0;
    for (size_t i = 0; i < b->toks.tok.n; i++) {
        const char *parts[NERVE__GAZ_MAX_PARTS];
        size_t lens[NERVE__GAZ_MAX_PARTS];
        size_t np = nerve__gaz_token_parts(&b->toks.tok.v[i], parts, lens, NERVE__GAZ_MAX_PARTS);
        units += np;
        if (units > NERVE__GAZ_MAX_NAME_UNITS) {
            *key = b->toks.tok.n > UINT32_MAX ? UINT32_MAX : (uint32_t)b->toks.tok.n;
            return NAME_TOO_LONG;
        }
        for (size_t k = 0; k < np; k++) {
            if (!first && nerve__buf_putc(al, &b->keybuf, NERVE__GAZ_KEY_SEP) != NERVE_OK)
                return NERVE_ENOMEM;
            if (nerve__buf_append(al, &b->keybuf, parts[k], lens[k]) != NERVE_OK)
                return NERVE_ENOMEM;
            h = nerve__gaz_hash_extend(h, nerve__gaz_hash_part(parts[k], lens[k]));
            first = 0;
        }
    }
    if (b->keybuf.n == 0)
        return NERVE_EGAZETTEER;
    if (b->keybuf.n >= UINT32_MAX)
        return NERVE_ETOOBIG;
    if (b->toks.tok.v[0].kind == NERVE_TOKEN_PUNCT)
        b->flags |= NERVE__GAZ_F_PUNCT_START;
    if (htab_reserve(al, &b->keys) != NERVE_OK)
        return NERVE_ENOMEM;
    strprobe p = {b->keybuf.v, b->keybuf.n};
    size_t slot = htab_find(&b->keys, h, key_eq, b, &p);
    if (b->keys.v[slot]) {
        *key = b->keys.v[slot] - 1;
        return NERVE_OK;
    }
    if (b->keyv.n >= NERVE__GAZ_SLOT_KEY - 1)
        return NERVE_ETOOBIG;
    uint32_t off = intern(b, b->keybuf.v, b->keybuf.n);
    if (off == UINT32_MAX)
        return b->pool.n + b->keybuf.n + 1 > MAX_POOL ? NERVE_ETOOBIG : NERVE_ENOMEM;
    bkey k = {h, off, (uint32_t)b->keybuf.n, 0, 0};
    if (nerve__vec_push(al, &b->keyv, k) != NERVE_OK)
        return NERVE_ENOMEM;
    htab_set(&b->keys, slot, h, (uint32_t)(b->keyv.n - 1));
    *key = (uint32_t)(b->keyv.n - 1);
    return NERVE_OK;
}

/* ------------------------------------------------------------------------ */
/* Rollback: forget everything added since a mark (used when a file fails). */
/* ------------------------------------------------------------------------ */

typedef struct bmark {
    size_t pool, ents, keys, classes;
} bmark;

static int rebuild_tables(nerve__gaz_builder *b)
{
    htab_clear(&b->strs);
    htab_clear(&b->keys);
    htab_clear(&b->dups);
    htab_clear(&b->cls);
    for (size_t off = 1; off < b->pool.n;) {
        size_t n = strlen(b->pool.v + off);
        if (htab_reserve(&b->alc, &b->strs) != NERVE_OK)
            return NERVE_ENOMEM;
        strprobe p = {b->pool.v + off, n};
        uint64_t h = nerve__gaz_hash_part(p.s, n);
        size_t slot = htab_find(&b->strs, h, str_eq, b, &p);
        if (!b->strs.v[slot])
            htab_set(&b->strs, slot, h, (uint32_t)off);
        off += n + 1;
    }
    for (size_t k = 0; k < b->keyv.n; k++) {
        bkey *key = &b->keyv.v[k];
        key->count = 0;
        if (htab_reserve(&b->alc, &b->keys) != NERVE_OK)
            return NERVE_ENOMEM;
        strprobe p = {b->pool.v + key->off, key->len};
        htab_set(&b->keys, htab_find(&b->keys, key->hash, key_eq, b, &p), key->hash, (uint32_t)k);
    }
    for (size_t e = 0; e < b->ents.n; e++) {
        b->keyv.v[b->ents.v[e].key].count++;
        if (htab_reserve(&b->alc, &b->dups) != NERVE_OK)
            return NERVE_ENOMEM;
        uint64_t h = dup_hash(&b->ents.v[e].rec);
        htab_set(&b->dups, htab_find(&b->dups, h, dup_eq, b, &b->ents.v[e].rec), h, (uint32_t)e);
    }
    for (size_t c = 0; c < b->classes.n; c++) {
        if (htab_reserve(&b->alc, &b->cls) != NERVE_OK)
            return NERVE_ENOMEM;
        uint64_t h = nerve__gaz_hash_extend(NERVE__GAZ_HASH_INIT, b->classes.v[c]);
        htab_set(&b->cls, htab_find(&b->cls, h, u32_eq, b, &b->classes.v[c]), h, (uint32_t)c);
    }
    return NERVE_OK;
}

static void rollback(nerve__gaz_builder *b, const bmark *m)
{
    b->pool.n = m->pool;
    b->ents.n = m->ents;
    b->keyv.n = m->keys;
    b->classes.n = m->classes;
    /* Tables only shrink, so rebuilding cannot need more memory than they have. */
    (void)rebuild_tables(b);
}

/* ------------------------------------------------------------------------ */
/* TSV                                                                      */
/* ------------------------------------------------------------------------ */

typedef struct tsv {
    nerve__gaz_builder *b;
    const char *file;
    nerve_error *err;
    const char *src;        /* start of the buffer, for error offsets */
    uint32_t origin;        /* pool offset of the file name entries record */
    int col_of[COL_COUNT_]; /* cell index of each column, or -1 */
    size_t ncols;
} tsv;

#define TSV_ERROR(t, line, column, lineptr, ...)                                                   \
    nerve__error_set_file((t)->err, NERVE_EGAZETTEER, (t)->file, (uint32_t)(line),                 \
                          (uint32_t)(column), (size_t)((lineptr) - (t)->src) + (column)-1,         \
                          __VA_ARGS__)

/* Split a line at tabs into at most max cells; returns the number of cells (may be > max). */
static size_t split_cells(const char *s, size_t n, cell *cells, size_t max)
{
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '\t') {
            if (k < max)
                cells[k] = (cell){s + start, i - start, start};
            k++;
            start = i + 1;
        }
    }
    return k;
}

static int parse_header(tsv *t, const char *line, size_t n, size_t ln)
{
    cell cells[COL_COUNT_ + 1];
    size_t k = split_cells(line, n, cells, COL_COUNT_ + 1);
    for (int c = 0; c < COL_COUNT_; c++)
        t->col_of[c] = -1;
    for (size_t i = 0; i < k; i++) {
        if (i > COL_COUNT_) /* more cells than known columns: a duplicate exists earlier */
            break;
        int found = -1;
        for (int c = 0; c < COL_COUNT_; c++) {
            if (cell_is(&cells[i], COL_NAMES[c]))
                found = c;
        }
        if (found < 0)
            return TSV_ERROR(t, ln, cells[i].col + 1, line, "unknown column '%.*s'",
                             (int)(cells[i].n > 64 ? 64 : cells[i].n), cells[i].s);
        if (t->col_of[found] >= 0)
            return TSV_ERROR(t, ln, cells[i].col + 1, line, "duplicate column '%s'",
                             COL_NAMES[found]);
        t->col_of[found] = (int)i;
    }
    if (t->col_of[COL_NAME] < 0)
        return TSV_ERROR(t, ln, 1, line, "header lacks the required column 'name'");
    if (t->col_of[COL_TYPE] < 0)
        return TSV_ERROR(t, ln, 1, line, "header lacks the required column 'type'");
    t->ncols = k;
    return NERVE_OK;
}

static const cell *col(const tsv *t, const cell *cells, int c)
{
    static const cell empty = {"", 0, 0};
    return t->col_of[c] >= 0 ? &cells[t->col_of[c]] : &empty;
}

static int oom_or(tsv *t, int rc, size_t ln, const char *line)
{
    if (rc == NERVE_ETOOBIG)
        return nerve__error_set_file(t->err, NERVE_ETOOBIG, t->file, (uint32_t)ln, 1,
                                     (size_t)(line - t->src), "gazetteer too large");
    return nerve__error_set_file(t->err, NERVE_ENOMEM, t->file, (uint32_t)ln, 1,
                                 (size_t)(line - t->src), "out of memory");
}

static int parse_entry(tsv *t, const char *line, size_t n, size_t ln)
{
    nerve__gaz_builder *b = t->b;
    cell cells[COL_COUNT_] = {{0}};
    size_t k = split_cells(line, n, cells, t->ncols);
    if (k < t->ncols)
        return TSV_ERROR(t, ln, n + 1, line, "expected %zu cells, found %zu", t->ncols, k);
    if (k > t->ncols) {
        size_t c = cells[t->ncols - 1].col + cells[t->ncols - 1].n + 1; /* past the extra tab */
        return TSV_ERROR(t, ln, c + 1, line, "expected %zu cells, found %zu", t->ncols, k);
    }

    nerve__gaz_rec r;
    memset(&r, 0, sizeof r);
    r.klass = UINT32_MAX;
    r.origin_file = t->origin;
    r.origin_line = ln > UINT32_MAX ? 0 : (uint32_t)ln;

    const cell *c = col(t, cells, COL_TYPE);
    static const struct {
        const char *name;
        int type;
    } TYPES[] = {{"PER", NERVE_TYPE_PER},   {"LOC", NERVE_TYPE_LOC},   {"ORG", NERVE_TYPE_ORG},
                 {"NORP", NERVE_TYPE_NORP}, {"MISC", NERVE_TYPE_MISC}, {"LEX", NERVE__TYPE_LEX}};
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++) {
        if (cell_is(c, TYPES[i].name))
            r.type = (uint8_t)TYPES[i].type;
    }
    if (!r.type)
        return TSV_ERROR(t, ln, c->col + 1, line,
                         "bad type '%.*s' (PER, LOC, ORG, NORP, MISC or LEX)",
                         (int)(c->n > 32 ? 32 : c->n), c->s);

    c = col(t, cells, COL_CASE);
    if (c->n == 0 || cell_is(c, "any"))
        r.casing = NERVE__CASE_ANY;
    else if (cell_is(c, "cap"))
        r.casing = NERVE__CASE_CAP;
    else if (cell_is(c, "exact"))
        r.casing = NERVE__CASE_EXACT;
    else
        return TSV_ERROR(t, ln, c->col + 1, line, "bad case flag '%.*s' (empty, cap or exact)",
                         (int)(c->n > 32 ? 32 : c->n), c->s);

    c = col(t, cells, COL_POPULATION);
    if (c->n && !parse_u32(c, &r.population))
        return TSV_ERROR(t, ln, c->col + 1, line, "bad population '%.*s'",
                         (int)(c->n > 32 ? 32 : c->n), c->s);
    const cell *lat = col(t, cells, COL_LAT), *lon = col(t, cells, COL_LON);
    if (lat->n && !parse_decimal(lat, -90, 90, &r.lat))
        return TSV_ERROR(t, ln, lat->col + 1, line, "bad latitude '%.*s'",
                         (int)(lat->n > 32 ? 32 : lat->n), lat->s);
    if (lon->n && !parse_decimal(lon, -180, 180, &r.lon))
        return TSV_ERROR(t, ln, lon->col + 1, line, "bad longitude '%.*s'",
                         (int)(lon->n > 32 ? 32 : lon->n), lon->s);
    if (!lat->n != !lon->n) {
        const cell *m = lat->n ? lon : lat;
        return TSV_ERROR(t, ln, m->col + 1, line, "lat and lon must be given together");
    }
    r.has_coords = lat->n != 0;
    c = col(t, cells, COL_FROM);
    if (c->n && !parse_date(c, &r.from))
        return TSV_ERROR(t, ln, c->col + 1, line, "bad date '%.*s' (YYYY[-MM[-DD]])",
                         (int)(c->n > 32 ? 32 : c->n), c->s);
    c = col(t, cells, COL_TO);
    if (c->n && !parse_date(c, &r.to))
        return TSV_ERROR(t, ln, c->col + 1, line, "bad date '%.*s' (YYYY[-MM[-DD]])",
                         (int)(c->n > 32 ? 32 : c->n), c->s);

    c = col(t, cells, COL_NAME);
    if (c->n == 0)
        return TSV_ERROR(t, ln, c->col + 1, line, "empty name");
    uint32_t key;
    int rc = name_key(b, c->s, c->n, &key);
    if (rc == NERVE_EGAZETTEER)
        return TSV_ERROR(t, ln, c->col + 1, line, "name has no tokens");
    if (rc == NAME_TOO_LONG)
        return TSV_ERROR(t, ln, c->col + 1, line,
                         "name of %u words is longer than %d words and hyphen parts", (unsigned)key,
                         NERVE__GAZ_MAX_NAME_UNITS);
    if (rc != NERVE_OK)
        return oom_or(t, rc, ln, line);

    static const int STR_COLS[] = {COL_NAME,    COL_SUBTYPE, COL_CANONICAL, COL_ID,
                                   COL_COUNTRY, COL_TITLE,   COL_VALUE};
    uint32_t *STR_FIELDS[] = {&r.name,    &r.subtype, &r.canonical, &r.id,
                              &r.country, &r.title,   &r.value};
    for (size_t i = 0; i < sizeof STR_COLS / sizeof STR_COLS[0]; i++) {
        c = col(t, cells, STR_COLS[i]);
        uint32_t off = intern(b, c->s, c->n);
        if (off == UINT32_MAX)
            return oom_or(t, b->pool.n + c->n + 1 > MAX_POOL ? NERVE_ETOOBIG : NERVE_ENOMEM, ln,
                          line);
        *STR_FIELDS[i] = off;
    }
    int oom = 0;
    r.klass = class_of(b, r.subtype, &oom);
    if (oom)
        return oom_or(t, NERVE_ENOMEM, ln, line);

    /* Duplicates (same name, type, subtype, id and start date) merge: empty
     * fields are filled. Two terms of one office holder (two from dates) are
     * two entries, so that the term of the document date can be chosen. */
    if (htab_reserve(&b->alc, &b->dups) != NERVE_OK)
        return oom_or(t, NERVE_ENOMEM, ln, line);
    uint64_t h = dup_hash(&r);
    size_t slot = htab_find(&b->dups, h, dup_eq, b, &r);
    if (b->dups.v[slot]) {
        nerve__gaz_rec *old = &b->ents.v[b->dups.v[slot] - 1].rec;
        if (!old->canonical)
            old->canonical = r.canonical;
        if (!old->country)
            old->country = r.country;
        if (!old->title)
            old->title = r.title;
        if (!old->value)
            old->value = r.value;
        if (!old->population)
            old->population = r.population;
        if (!old->has_coords && r.has_coords) {
            old->has_coords = 1;
            old->lat = r.lat;
            old->lon = r.lon;
        }
        if (!old->from)
            old->from = r.from;
        if (!old->to)
            old->to = r.to;
        if (r.casing > old->casing)
            old->casing = r.casing; /* the stricter condition wins */
        return NERVE_OK;
    }
    if (b->ents.n >= UINT32_MAX - 1)
        return oom_or(t, NERVE_ETOOBIG, ln, line);
    bentry e = {r, key};
    if (nerve__vec_push(&b->alc, &b->ents, e) != NERVE_OK)
        return oom_or(t, NERVE_ENOMEM, ln, line);
    htab_set(&b->dups, slot, h, (uint32_t)(b->ents.n - 1));
    b->keyv.v[key].count++;
    return NERVE_OK;
}

static int parse_tsv(tsv *t, const char *src, size_t len)
{
    size_t pos = 0, ln = 0;
    int have_header = 0;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        ln++;
        const char *line = src + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n && line[n - 1] == '\r')
            n--;
        const char *cr = memchr(line, '\r', n);
        if (cr) /* else "name\ttype\rRabat..." reads as one line: "unknown column 'typeRabat'" */
            return TSV_ERROR(t, ln, (size_t)(cr - line) + 1, line,
                             "carriage return inside a line (CR-only line ends? use LF or CRLF)");
        if (n > MAX_LINE)
            return TSV_ERROR(t, ln, MAX_LINE + 1, line, "line longer than %zu bytes", MAX_LINE);
        size_t bad = nerve__utf8_first_invalid(line, n);
        const char *nul = memchr(line, '\0', n);
        if (nul && (size_t)(nul - line) < bad)
            bad = (size_t)(nul - line);
        if (bad < n)
            return TSV_ERROR(t, ln, bad + 1, line, "invalid UTF-8");
        if (n == 0 || line[0] == '#')
            continue;
        size_t i = 0;
        while (i < n && line[i] == ' ')
            i++;
        if (i == n)
            continue; /* blank line */
        int rc = have_header ? parse_entry(t, line, n, ln) : parse_header(t, line, n, ln);
        if (rc != NERVE_OK)
            return rc;
        have_header = 1;
    }
    return NERVE_OK;
}

int nerve__gaz_builder_add_tsv(nerve__gaz_builder *b, const char *name, const char *src, size_t len,
                               nerve_error *err)
{
    if (!name)
        name = "<memory>";
    if ((uint64_t)len > MAX_FILE)
        return nerve__error_set_file(err, NERVE_EGAZETTEER, name, 0, 0, 0,
                                     "file larger than 1 GiB");
    bmark m = {b->pool.n, b->ents.n, b->keyv.n, b->classes.n};
    tsv t;
    memset(&t, 0, sizeof t);
    t.b = b;
    t.file = name;
    t.err = err;
    t.src = src;
    const char *origin = name;
    size_t nroot = b->origin_root ? b->origin_root_len : 0;
    if (nroot && strncmp(name, b->origin_root, nroot) == 0 &&
        (name[nroot] == '/' || b->origin_root[nroot - 1] == '/')) {
        origin = name + nroot;
        while (*origin == '/')
            origin++;
    }
    t.origin = intern(b, origin, strlen(origin));
    if (t.origin == UINT32_MAX) {
        rollback(b, &m);
        return nerve__error_set_file(err, NERVE_ENOMEM, name, 0, 0, 0, "out of memory");
    }
    int rc = parse_tsv(&t, src, len);
    if (rc != NERVE_OK)
        rollback(b, &m);
    return rc;
}

int nerve__gaz_builder_add_file(nerve__gaz_builder *b, const char *path, nerve_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nerve__error_set_file(err, NERVE_EIO, path, 0, 0, 0, "%s: cannot open: %s", path,
                                     strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        close(fd);
        return nerve__error_set_file(err, NERVE_EIO, path, 0, 0, 0, "%s: is a directory", path);
    }
    if (!S_ISREG(st.st_mode)) {
        /* A pipe (--gazetteer <(...)) or a device cannot be mapped: read
         * it as a stream from this descriptor (a pipe cannot be opened
         * again), up to the same size limit. */
        char *data;
        size_t n;
        int rc = nerve__read_fd(&b->alc, fd, path, (size_t)MAX_FILE, &data, &n, err);
        if (rc != NERVE_OK)
            return rc;
        rc = nerve__gaz_builder_add_tsv(b, path, data, n, err);
        nerve__free(&b->alc, data);
        return rc;
    }
    if ((uint64_t)st.st_size > MAX_FILE) {
        close(fd);
        return nerve__error_set_file(err, NERVE_EGAZETTEER, path, 0, 0, 0,
                                     "file larger than 1 GiB");
    }
    size_t len = (size_t)st.st_size;
    if (len == 0) {
        close(fd);
        return NERVE_OK;
    }
    void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return nerve__error_set_file(err, NERVE_EIO, path, 0, 0, 0, "%s: cannot map: %s", path,
                                     strerror(errno));
    int rc = nerve__gaz_builder_add_tsv(b, path, p, len, err);
    munmap(p, len);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Writing the image                                                        */
/* ------------------------------------------------------------------------ */

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static uint32_t pow2_at_least(uint64_t n, uint32_t *log2)
{
    uint32_t k = 0;
    while (((uint64_t)1 << k) < n)
        k++;
    if (log2)
        *log2 = k;
    return (uint32_t)1 << k;
}

typedef struct sortrec {
    uint32_t key, id, subtype, type, seq;
} sortrec;

static int cmp_sortrec(const void *pa, const void *pb)
{
    const sortrec *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->id != b->id)
        return a->id < b->id ? -1 : 1;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    if (a->subtype != b->subtype)
        return a->subtype < b->subtype ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Insert hash h into the slot table: as key `key` (or UINT32_MAX) and/or a prefix. */
static void slot_put(nerve__gaz_slot *slots, uint64_t *full, uint32_t mask, uint64_t h,
                     uint32_t key, int prefix, uint32_t *max_probe)
{
    uint32_t i = (uint32_t)h & mask, probe = 0;
    for (;; i = (i + 1) & mask, probe++) {
        nerve__gaz_slot *s = &slots[i];
        if (!s->val)
            break;
        if (full[i] != h)
            continue;
        if (prefix) {
            s->val |= NERVE__GAZ_SLOT_PREFIX;
            return;
        }
        if (!(s->val & NERVE__GAZ_SLOT_KEY)) {
            s->val |= key + 1;
            return;
        }
        /* another key with the same 64-bit hash: it takes its own slot */
    }
    slots[i].tag = (uint32_t)(h >> 32);
    slots[i].val = prefix ? NERVE__GAZ_SLOT_PREFIX : key + 1;
    full[i] = h;
    if (probe > *max_probe)
        *max_probe = probe;
}

int nerve__gaz_builder_finish(nerve__gaz_builder *b, unsigned char **out, size_t *out_size,
                              nerve_error *err)
{
    const nerve_allocator *al = &b->alc;
    size_t nent = b->ents.n, nkeys = b->keyv.n, ncls = b->classes.n;

    /* Nodes: every key and every proper prefix of it (at part boundaries). */
    uint64_t nodes = 0;
    for (size_t k = 0; k < nkeys; k++) {
        const bkey *key = &b->keyv.v[k];
        const char *s = b->pool.v + key->off;
        nodes++;
        for (uint32_t i = 0; i < key->len; i++)
            nodes += s[i] == NERVE__GAZ_KEY_SEP;
    }
    uint32_t slot_log2, filter_log2;
    if (nodes > ((uint64_t)1 << 30))
        return nerve__error_set(err, NERVE_ETOOBIG, 0, "gazetteer too large");
    uint32_t nslots = pow2_at_least(nodes * 2 < 16 ? 16 : nodes * 2, &slot_log2);
    uint64_t fbits = nodes * 8 < 512 ? 512 : nodes * 8;
    pow2_at_least(fbits, &filter_log2);
    (void)slot_log2;
    size_t filter_words = ((size_t)1 << filter_log2) / 64;

    size_t off_pool = align8(sizeof(nerve__gaz_header));
    size_t off_ent = align8(off_pool + b->pool.n);
    size_t off_cls = align8(off_ent + nent * sizeof(nerve__gaz_rec));
    size_t off_keys = align8(off_cls + ncls * sizeof(uint32_t));
    size_t off_slots = align8(off_keys + nkeys * sizeof(nerve__gaz_key));
    size_t off_filter = align8(off_slots + (size_t)nslots * sizeof(nerve__gaz_slot));
    size_t total = off_filter + filter_words * 8;

    unsigned char *img = nerve__calloc(al, 1, total);
    uint64_t *full = nerve__calloc(al, nslots, sizeof *full);
    sortrec *order = nerve__calloc(al, nent ? nent : 1, sizeof *order);
    if (!img || !full || !order) {
        nerve__free(al, img);
        nerve__free(al, full);
        nerve__free(al, order);
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory compiling the gazetteer");
    }

    memcpy(img + off_pool, b->pool.v, b->pool.n);

    /*
     * Entries grouped by key; within a key by id, type and subtype (so the spelling
     * variants of one thing are adjacent and the lookup reports them once), then
     * in input order. Ids compare by pool offset, i.e. by first appearance.
     */
    uint32_t acc = 0;
    for (size_t k = 0; k < nkeys; k++) {
        b->keyv.v[k].first = acc;
        acc += b->keyv.v[k].count;
    }
    nerve__gaz_rec *ent = (nerve__gaz_rec *)(void *)(img + off_ent);
    for (size_t e = 0; e < nent; e++) {
        const bentry *be = &b->ents.v[e];
        order[e] = (sortrec){be->key, be->rec.id, be->rec.subtype, be->rec.type, (uint32_t)e};
    }
    if (nent > 1)
        qsort(order, nent, sizeof *order, cmp_sortrec);
    for (size_t e = 0; e < nent; e++)
        ent[e] = b->ents.v[order[e].seq].rec;

    uint32_t *cls = (uint32_t *)(void *)(img + off_cls);
    for (size_t c = 0; c < ncls; c++)
        cls[c] = b->classes.v[c];

    nerve__gaz_key *keys = (nerve__gaz_key *)(void *)(img + off_keys);
    nerve__gaz_slot *slots = (nerve__gaz_slot *)(void *)(img + off_slots);
    uint64_t *filter = (uint64_t *)(void *)(img + off_filter);
    uint32_t mask = nslots - 1, max_probe = 0, fshift = 64 - filter_log2;
    for (size_t k = 0; k < nkeys; k++) {
        const bkey *key = &b->keyv.v[k];
        keys[k] = (nerve__gaz_key){key->off, key->len, key->first, key->count};
        const char *s = b->pool.v + key->off;
        uint64_t h = NERVE__GAZ_HASH_INIT;
        size_t start = 0;
        for (size_t i = 0; i <= key->len; i++) {
            if (i < key->len && s[i] != NERVE__GAZ_KEY_SEP)
                continue;
            h = nerve__gaz_hash_extend(h, nerve__gaz_hash_part(s + start, i - start));
            slot_put(slots, full, mask, h, (uint32_t)k, i < key->len, &max_probe);
            uint64_t bit = (h * 0x9e3779b97f4a7c15ULL) >> fshift;
            filter[bit >> 6] |= (uint64_t)1 << (bit & 63);
            start = i + 1;
        }
    }
    nerve__free(al, full);
    nerve__free(al, order);

    nerve__gaz_header *hd = (nerve__gaz_header *)(void *)img;
    memcpy(hd->magic, NERVE__GAZ_MAGIC, 8);
    hd->version = NERVE__GAZ_VERSION;
    hd->header_size = sizeof *hd;
    hd->file_size = total;
    hd->entry_count = (uint32_t)nent;
    hd->key_count = (uint32_t)nkeys;
    hd->class_count = (uint32_t)ncls;
    hd->slot_count = nslots;
    hd->filter_log2 = filter_log2;
    hd->flags = b->flags;
    hd->max_probe = max_probe;
    hd->tok_lexicon_hash = nerve__tok_lexicon_hash(b->lex);
    hd->sec[NERVE__SEC_STRINGS] = (nerve__gaz_section){off_pool, b->pool.n};
    hd->sec[NERVE__SEC_ENTRIES] = (nerve__gaz_section){off_ent, nent * sizeof(nerve__gaz_rec)};
    hd->sec[NERVE__SEC_CLASSES] = (nerve__gaz_section){off_cls, ncls * sizeof(uint32_t)};
    hd->sec[NERVE__SEC_KEYS] = (nerve__gaz_section){off_keys, nkeys * sizeof(nerve__gaz_key)};
    hd->sec[NERVE__SEC_SLOTS] =
        (nerve__gaz_section){off_slots, (uint64_t)nslots * sizeof(nerve__gaz_slot)};
    hd->sec[NERVE__SEC_FILTER] = (nerve__gaz_section){off_filter, filter_words * 8};
    hd->content_hash = nerve__gaz_hash_bytes(img + off_pool, total - off_pool);
    hd->header_hash = nerve__gaz_hash_bytes(img, offsetof(nerve__gaz_header, header_hash));
    *out = img;
    *out_size = total;
    return NERVE_OK;
}

/* ------------------------------------------------------------------------ */
/* nerve__gaz_compile_dir                                                   */
/* ------------------------------------------------------------------------ */

/* Compile every *.tsv under dir, in name order, descending into subfolders in place. */
static int walk(nerve__gaz_builder *b, const char *dir, int depth, nerve_error *err)
{
    const nerve_allocator *al = &b->alc;
    if (depth > 32)
        return nerve__error_set_file(err, NERVE_EIO, dir, 0, 0, 0, "folders nested too deep");
    nerve__paths list;
    int rc = nerve__dir_list(al, dir, NULL, &list, err);
    for (size_t i = 0; rc == NERVE_OK && i < list.count; i++) {
        const char *path = list.paths[i];
        struct stat st;
        size_t n = strlen(path);
        if (stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                rc = walk(b, path, depth + 1, err);
            else if (S_ISREG(st.st_mode) && n > 4 && strcmp(path + n - 4, ".tsv") == 0)
                rc = nerve__gaz_builder_add_file(b, path, err);
        }
    }
    nerve__dir_list_free(al, &list);
    return rc;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int nerve__gaz_compile_dir(const nerve_allocator *al, const nerve__tok_lexicon *lex,
                           const char *src_dir, const char *out_path, nerve_error *err)
{
    if (!src_dir || !out_path)
        return nerve__error_set(err, NERVE_EINVAL, 0, "NULL path");
    nerve__gaz_builder *b;
    if (nerve__gaz_builder_new(al, lex, &b) != NERVE_OK)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    /* The root is the compiled folder's parent ("gazetteers/x.tsv"); a
     * folder named without a slash is already relative. */
    size_t n = strlen(src_dir);
    while (n > 1 && src_dir[n - 1] == '/')
        n--;
    while (n > 0 && src_dir[n - 1] != '/')
        n--;
    while (n > 1 && src_dir[n - 1] == '/')
        n--;
    b->origin_root = src_dir;
    b->origin_root_len = n;
    int rc = walk(b, src_dir, 0, err);
    unsigned char *img = NULL;
    size_t size = 0;
    if (rc == NERVE_OK)
        rc = nerve__gaz_builder_finish(b, &img, &size, err);
    nerve_allocator alc = b->alc;
    nerve__gaz_builder_free(b);
    if (rc != NERVE_OK)
        return rc;

    /* Write next to the target, then rename, so readers never see half a
     * file. The rename would replace whatever is at the path: a symbolic
     * link, a FIFO or a device (as root, /dev/full) is refused instead. */
    struct stat st;
    if (lstat(out_path, &st) == 0 && !S_ISREG(st.st_mode)) {
        nerve__free(&alc, img);
        return nerve__error_set_file(err, NERVE_EIO, out_path, 0, 0, 0,
                                     "%s: not a regular file (%s): refusing to replace it",
                                     out_path,
                                     S_ISLNK(st.st_mode)    ? "a symbolic link"
                                     : S_ISDIR(st.st_mode)  ? "a directory"
                                     : S_ISFIFO(st.st_mode) ? "a FIFO"
                                                            : "a device or socket");
    }
    size_t tmp_size = strlen(out_path) + 32;
    char *tmp = nerve__malloc(&alc, tmp_size);
    if (!tmp) {
        nerve__free(&alc, img);
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    }
    snprintf(tmp, tmp_size, "%s.tmp%ld", out_path, (long)getpid());
    /* O_EXCL | O_NOFOLLOW: never write through a link planted at the name */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    int ok = fd >= 0;
    if (ok && write_all(fd, img, size) != 0)
        ok = 0;
    int e = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (ok && rename(tmp, out_path) != 0) {
        ok = 0;
        e = errno;
    }
    if (!ok) {
        if (fd >= 0)
            unlink(tmp);
        rc = nerve__error_set_file(err, NERVE_EIO, out_path, 0, 0, 0, "%s: cannot write: %s",
                                   out_path, strerror(e));
    }
    nerve__free(&alc, tmp);
    nerve__free(&alc, img);
    return rc;
}

int nerve_gazetteer_compile(const char *src_dir, const char *out_path, const nerve_allocator *alloc,
                            nerve_error *err)
{
    if (!src_dir || !out_path)
        return nerve__error_set(err, NERVE_EINVAL, 0, "source directory and output path required");
    nerve_allocator al;
    nerve__allocator_init(&al, alloc);
    /* Names are tokenized as documents will be: with the tokenizer lexicon
     * of the data directory src_dir belongs to (its parent's
     * rules/tokenizer.tsv), else with the bundled one; without either, the
     * empty lexicon. The image records which (a model with another refuses it). */
    nerve__buf parent = {0}, path = {0};
    size_t n = strlen(src_dir);
    while (n > 1 && src_dir[n - 1] == '/')
        n--;
    while (n > 0 && src_dir[n - 1] != '/')
        n--;
    int rc = NERVE_OK;
    if (nerve__buf_append(&al, &parent, n ? src_dir : ".", n ? n : 1) != NERVE_OK ||
        nerve__buf_putc(&al, &parent, '\0') != NERVE_OK ||
        !nerve__path_join(&al, &path, parent.v, "rules/tokenizer.tsv") ||
        (nerve__path_kind(path.v) != 0 &&
         !nerve__path_join(&al, &path, nerve_default_data_dir(), "rules/tokenizer.tsv")))
        rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    nerve__tok_lexicon *lex = NULL;
    if (rc == NERVE_OK && nerve__path_kind(path.v) == 0)
        rc = nerve__tok_lexicon_load(&al, path.v, NULL, &lex, err);
    if (rc == NERVE_OK)
        rc = nerve__gaz_compile_dir(&al, lex, src_dir, out_path, err);
    nerve__tok_lexicon_free(lex);
    nerve__vec_free(&al, &parent);
    nerve__vec_free(&al, &path);
    return rc;
}
