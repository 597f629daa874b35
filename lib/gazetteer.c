/*
 * gazetteer.c - the gazetteer set (compiled images plus TSV compiled at
 * freeze), entry decoding, subtype classes, and the longest-match lookup over
 * a document's tokens. Parsing and compiling live in gazetteer_tsv.c, the
 * image format and its validation in gazetteer_image.c.
 */
#include "error.h"
#include "gazetteer_int.h"
#include "utf8.h"

#include <string.h>

struct nerve__gazset {
    nerve_allocator alc;
    NERVE__VEC(nerve__gaz_image) img;
    nerve__gaz_builder *pending;   /* TSV added since the last freeze, or NULL */
    const nerve__tok_lexicon *lex; /* names are tokenized with it (borrowed) */
    int frozen;
    uint32_t total;               /* entries in img */
    uint32_t flags;               /* union of the images' flags */
    NERVE__VEC(const char *) cls; /* class names (in image pools) by set class id */
    uint32_t *cls_tab;            /* open addressing: class id + 1, 0 = empty */
    size_t cls_cap;
};

int nerve__gazset_new(const nerve_allocator *al, nerve__gazset **out)
{
    nerve_allocator alc;
    nerve__allocator_init(&alc, al);
    nerve__gazset *gs = nerve__calloc(&alc, 1, sizeof *gs);
    if (!gs)
        return NERVE_ENOMEM;
    gs->alc = alc;
    *out = gs;
    return NERVE_OK;
}

void nerve__gazset_set_tok_lexicon(nerve__gazset *gs, const nerve__tok_lexicon *lex)
{
    if (gs)
        gs->lex = lex;
}

void nerve__gazset_free(nerve__gazset *gs)
{
    if (!gs)
        return;
    const nerve_allocator *al = &gs->alc;
    for (size_t i = 0; i < gs->img.n; i++)
        nerve__gaz_image_release(al, &gs->img.v[i]);
    nerve__vec_free(al, &gs->img);
    nerve__gaz_builder_free(gs->pending);
    nerve__vec_free(al, &gs->cls);
    nerve__free(al, gs->cls_tab);
    nerve_allocator alc = gs->alc;
    nerve__free(&alc, gs);
}

/* ------------------------------------------------------------------------ */
/* Classes                                                                  */
/* ------------------------------------------------------------------------ */

static size_t cls_find(const nerve__gazset *gs, const char *name, size_t n)
{
    size_t mask = gs->cls_cap - 1;
    for (size_t i = (size_t)nerve__gaz_hash_part(name, n) & mask;; i = (i + 1) & mask) {
        uint32_t v = gs->cls_tab[i];
        if (!v || strcmp(gs->cls.v[v - 1], name) == 0)
            return i;
    }
}

/* Set class id of a name, added if new; UINT32_MAX on out of memory. */
static uint32_t cls_intern(nerve__gazset *gs, const char *name)
{
    const nerve_allocator *al = &gs->alc;
    if (!gs->cls_tab || (gs->cls.n + 1) * 2 > gs->cls_cap) {
        size_t ncap = gs->cls_cap ? gs->cls_cap * 2 : 64;
        uint32_t *nt = nerve__calloc(al, ncap, sizeof *nt);
        if (!nt)
            return UINT32_MAX;
        for (size_t c = 0; c < gs->cls.n; c++) {
            const char *s = gs->cls.v[c];
            size_t i = (size_t)nerve__gaz_hash_part(s, strlen(s)) & (ncap - 1);
            while (nt[i])
                i = (i + 1) & (ncap - 1);
            nt[i] = (uint32_t)c + 1;
        }
        nerve__free(al, gs->cls_tab);
        gs->cls_tab = nt;
        gs->cls_cap = ncap;
    }
    size_t slot = cls_find(gs, name, strlen(name));
    if (gs->cls_tab[slot])
        return gs->cls_tab[slot] - 1;
    if (nerve__vec_push(al, &gs->cls, name) != NERVE_OK)
        return UINT32_MAX;
    gs->cls_tab[slot] = (uint32_t)gs->cls.n;
    return (uint32_t)gs->cls.n - 1;
}

uint32_t nerve__gaz_class_id(const nerve__gazset *gs, const char *name)
{
    if (!gs || !name || !gs->cls_tab)
        return UINT32_MAX;
    uint32_t v = gs->cls_tab[cls_find(gs, name, strlen(name))];
    return v ? v - 1 : UINT32_MAX;
}

uint32_t nerve__gaz_class_count(const nerve__gazset *gs)
{
    return gs ? (uint32_t)gs->cls.n : 0;
}

const char *nerve__gaz_class_name(const nerve__gazset *gs, uint32_t id)
{
    return gs && id < gs->cls.n ? gs->cls.v[id] : NULL;
}

/* ------------------------------------------------------------------------ */
/* Adding images                                                            */
/* ------------------------------------------------------------------------ */

/* Take ownership of a validated image (released on failure). */
static int add_image(nerve__gazset *gs, nerve__gaz_image *img, const char *name, nerve_error *err)
{
    const nerve_allocator *al = &gs->alc;
    int rc = NERVE_OK;
    if ((uint64_t)gs->total + img->nent >= UINT32_MAX) {
        rc = nerve__error_set_file(err, NERVE_ETOOBIG, name, 0, 0, 0,
                                   "more than 2^32 gazetteer entries");
        goto fail;
    }
    if (img->nclass) {
        img->class_map = nerve__calloc(al, img->nclass, sizeof *img->class_map);
        if (!img->class_map)
            goto oom;
    }
    size_t ncls_before = gs->cls.n;
    /* Room for the image first: after the classes are interned (names that
     * point into this image) nothing may fail. */
    if (nerve__vec_reserve(al, &gs->img, gs->img.n + 1) != NERVE_OK)
        goto oom;
    for (uint32_t c = 0; c < img->nclass; c++) {
        img->class_map[c] = cls_intern(gs, img->pool + img->classes[c]);
        if (img->class_map[c] == UINT32_MAX) {
            gs->cls.n = ncls_before; /* forget names pointing into this image */
            if (gs->cls_tab) {
                memset(gs->cls_tab, 0, gs->cls_cap * sizeof *gs->cls_tab);
                for (size_t k = 0; k < gs->cls.n; k++) {
                    const char *s = gs->cls.v[k];
                    gs->cls_tab[cls_find(gs, s, strlen(s))] = (uint32_t)k + 1;
                }
            }
            goto oom;
        }
    }
    img->id_base = gs->total;
    gs->img.v[gs->img.n++] = *img; /* reserved above */
    gs->total += img->nent;
    gs->flags |= img->flags;
    return NERVE_OK;
oom:
    rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
fail:
    nerve__gaz_image_release(al, img);
    return rc;
}

int nerve__gazset_add_compiled(nerve__gazset *gs, const char *path, nerve_error *err)
{
    if (!gs || !path)
        return nerve__error_set(err, NERVE_EINVAL, 0, "NULL argument");
    if (gs->frozen)
        return nerve__error_set(err, NERVE_ESTATE, 0, "gazetteer set is frozen");
    nerve__gaz_image img;
    int rc = nerve__gaz_image_map(&img, path, err);
    if (rc != NERVE_OK)
        return rc;
    /* Its keys are names as that lexicon tokenized them ("St. Louis" one
     * key with the abbreviation, another without): with another lexicon
     * documents would silently stop matching. */
    uint32_t want = nerve__tok_lexicon_hash(gs->lex);
    if (img.tok_hash != want) {
        const char *lx = nerve__tok_lexicon_file(gs->lex);
        rc = nerve__error_set_file(
            err, NERVE_EFORMAT, path, 0, 0, 0,
            "compiled with another tokenizer lexicon (hash %08x; the model's %s has %08x): "
            "recompile it with nerve-compile",
            (unsigned)img.tok_hash, lx ? lx : "empty lexicon", (unsigned)want);
        nerve__gaz_image_release(&gs->alc, &img);
        return rc;
    }
    return add_image(gs, &img, path, err);
}

static int pending(nerve__gazset *gs, nerve_error *err)
{
    if (gs->frozen)
        return nerve__error_set(err, NERVE_ESTATE, 0, "gazetteer set is frozen");
    if (!gs->pending && nerve__gaz_builder_new(&gs->alc, gs->lex, &gs->pending) != NERVE_OK)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    return NERVE_OK;
}

int nerve__gazset_add_tsv(nerve__gazset *gs, const char *path, nerve_error *err)
{
    if (!gs || !path)
        return nerve__error_set(err, NERVE_EINVAL, 0, "NULL argument");
    int rc = pending(gs, err);
    return rc != NERVE_OK ? rc : nerve__gaz_builder_add_file(gs->pending, path, err);
}

int nerve__gazset_add_tsv_buffer(nerve__gazset *gs, const char *name, const char *src, size_t len,
                                 nerve_error *err)
{
    if (!gs || (!src && len))
        return nerve__error_set(err, NERVE_EINVAL, 0, "NULL argument");
    int rc = pending(gs, err);
    return rc != NERVE_OK ? rc : nerve__gaz_builder_add_tsv(gs->pending, name, src, len, err);
}

int nerve__gazset_freeze(nerve__gazset *gs, nerve_error *err)
{
    if (!gs)
        return nerve__error_set(err, NERVE_EINVAL, 0, "NULL argument");
    if (gs->frozen)
        return NERVE_OK;
    if (gs->pending && nerve__gaz_builder_size(gs->pending) > 0) {
        unsigned char *data;
        size_t size;
        int rc = nerve__gaz_builder_finish(gs->pending, &data, &size, err);
        if (rc != NERVE_OK)
            return rc;
        nerve__gaz_image img;
        rc = nerve__gaz_image_open(&img, data, size, "<user gazetteers>", err);
        if (rc != NERVE_OK) {
            nerve__free(&gs->alc, data);
            return rc;
        }
        img.mapped = 0;
        rc = add_image(gs, &img, "<user gazetteers>", err);
        if (rc != NERVE_OK)
            return rc;
    }
    nerve__gaz_builder_free(gs->pending);
    gs->pending = NULL;
    gs->frozen = 1;
    return NERVE_OK;
}

size_t nerve__gazset_size(const nerve__gazset *gs)
{
    return gs ? gs->total + nerve__gaz_builder_size(gs->pending) : 0;
}

/* ------------------------------------------------------------------------ */
/* Entries                                                                  */
/* ------------------------------------------------------------------------ */

static const nerve__gaz_image *image_of(const nerve__gazset *gs, uint32_t id)
{
    for (size_t i = 0; i < gs->img.n; i++) {
        const nerve__gaz_image *im = &gs->img.v[i];
        if (id - im->id_base < im->nent)
            return im;
    }
    return NULL;
}

int nerve__gaz_entry_type(const nerve__gazset *gs, uint32_t id, uint32_t *subtype_class)
{
    const nerve__gaz_image *im = gs ? image_of(gs, id) : NULL;
    *subtype_class = UINT32_MAX;
    if (!im)
        return 0;
    const nerve__gaz_rec *r = &im->ent[id - im->id_base];
    if (r->klass < im->nclass)
        *subtype_class = im->class_map[r->klass];
    return r->type;
}

void nerve__gaz_entry(const nerve__gazset *gs, uint32_t id, nerve__entry *out)
{
    const nerve__gaz_image *im = gs ? image_of(gs, id) : NULL;
    if (!im) {
        memset(out, 0, sizeof *out);
        out->subtype_class = UINT32_MAX;
        return;
    }
    /* Every field assigned (no memset first): entries are decoded for
     * every candidate of every match. */
    const nerve__gaz_rec *r = &im->ent[id - im->id_base];
    out->name = nerve__gaz_str(im, r->name);
    out->subtype = nerve__gaz_str(im, r->subtype);
    out->canonical = nerve__gaz_str(im, r->canonical);
    out->id = nerve__gaz_str(im, r->id);
    out->country = nerve__gaz_str(im, r->country);
    out->title = nerve__gaz_str(im, r->title);
    out->value = nerve__gaz_str(im, r->value);
    out->origin_file = nerve__gaz_str(im, r->origin_file);
    out->origin_line = r->origin_line;
    out->subtype_class = r->klass < im->nclass ? im->class_map[r->klass] : UINT32_MAX;
    out->type = r->type;
    out->casing = r->casing;
    out->population = r->population;
    out->has_coords = r->has_coords != 0;
    out->lat = r->lat;
    out->lon = r->lon;
    out->from = r->from;
    out->to = r->to;
}

/* ------------------------------------------------------------------------ */
/* Lookup                                                                   */
/* ------------------------------------------------------------------------ */

/* CAP: the first letter of text[b..e) is not lower case (upper, or an uncased script). */
static int first_letter_ok(const char *text, size_t b, size_t e)
{
    for (size_t p = b; p < e;) {
        unsigned char c = (unsigned char)text[p];
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z')
                return 1;
            if (c >= 'a' && c <= 'z')
                return 0;
            p++;
            continue;
        }
        int32_t cp;
        p += nerve__utf8_decode(text + p, e - p, &cp);
        if (nerve__cp_is_letter(cp))
            return !nerve__cp_is_lower(cp);
    }
    return 1;
}

/* Width of the whitespace character at s[i] (space, tab, CR, LF, NBSP), or 0. */
static size_t ws_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        return 1;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    return 0;
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    size_t w;
    while (i < n && (w = ws_at(s, n, i)) != 0)
        i += w;
    return i;
}

/*
 * EXACT: the surface equals the name byte for byte, except that any run of
 * whitespace (a line break in running text) equals any other run. An ALLCAPS
 * surface thus only ever matches a name that is itself all caps.
 */
static int exact_ok(const char *name, const char *s, size_t sn)
{
    size_t nn = strlen(name), i = 0, j = 0;
    while (i < nn && j < sn) {
        size_t wa = ws_at(name, nn, i), wb = ws_at(s, sn, j);
        if (wa && wb) {
            i = skip_ws(name, nn, i);
            j = skip_ws(s, sn, j);
            continue;
        }
        if (wa || wb || name[i] != s[j])
            return 0;
        i++;
        j++;
    }
    return i == nn && j == sn;
}

/* Do units[u0..u1] spell key k? */
static int key_matches(const nerve__gaz_image *im, uint32_t k, const nerve__gaz_unit *units,
                       size_t u0, size_t u1)
{
    const nerve__gaz_key *key = &im->keys[k];
    const char *kb = im->pool + key->off;
    size_t kl = key->len, p = 0;
    for (size_t v = u0; v <= u1; v++) {
        if (v > u0) {
            if (p >= kl || kb[p] != NERVE__GAZ_KEY_SEP)
                return 0;
            p++;
        }
        if (kl - p < units[v].len || memcmp(kb + p, units[v].s, units[v].len) != 0)
            return 0;
        p += units[v].len;
    }
    return p == kl;
}

/*
 * Probe hash h. Keys in slots with the same tag are appended to out->cand
 * unverified (the lookup verifies only the candidates it picks, so a long
 * run of nested names costs no more than one verification per position).
 * Returns the PREFIX bit, or -1 on out of memory.
 */
static inline int probe(const nerve__gaz_image *im, uint64_t h, uint32_t g, uint32_t tok_end,
                        uint32_t unit_end, const nerve_allocator *al, nerve__gaz_matches *out)
{
    uint32_t tag = (uint32_t)(h >> 32), mask = im->slot_mask, s = (uint32_t)h & mask;
    int prefix = 0;
    for (uint32_t n = 0; n <= im->max_probe; n++, s = (s + 1) & mask) {
        nerve__gaz_slot sl = im->slots[s];
        if (!sl.val)
            break;
        if (sl.tag != tag)
            continue;
        prefix |= (sl.val & NERVE__GAZ_SLOT_PREFIX) != 0;
        uint32_t k = sl.val & NERVE__GAZ_SLOT_KEY;
        if (k && k <= im->nkeys && tok_end) {
            nerve__gaz_cand c = {g, k - 1, tok_end, unit_end};
            if (nerve__vec_push(al, &out->cand, c) != NERVE_OK)
                return -1;
        }
    }
    return prefix;
}

static inline int filter_has(const nerve__gaz_image *im, uint64_t h)
{
    uint64_t bit = (h * 0x9e3779b97f4a7c15ULL) >> im->filter_shift;
    return (int)((im->filter[bit >> 6] >> (bit & 63)) & 1);
}

/* Append the ids of key k's entries whose case condition text[b..e) meets. */
static int push_passing(const nerve__gaz_image *im, uint32_t k, const char *text, size_t b,
                        size_t e, const nerve_allocator *al, nerve__gaz_matches *out)
{
    const nerve__gaz_key *key = &im->keys[k];
    size_t start = out->ids.n; /* this key's ids start here */
    int cap = -1;              /* computed on first use */
    for (uint32_t x = 0; x < key->count; x++) {
        const nerve__gaz_rec *r = &im->ent[key->first + x];
        int ok = 1;
        if (r->casing == NERVE__CASE_CAP) {
            if (cap < 0)
                cap = out->caseless || first_letter_ok(text, b, e);
            ok = cap;
        } else if (r->casing == NERVE__CASE_EXACT) {
            ok = exact_ok(im->pool + r->name, text + b, e - b);
        }
        if (!ok)
            continue;
        /* Spelling variants of one thing ("al-Qaeda", "Al Qaeda": one key, same id, type
         * and subtype) are adjacent in the image and reported once, as the first; two
         * terms of one office holder (two from dates) are both reported. */
        if (r->id && out->ids.n > start) {
            const nerve__gaz_rec *q = &im->ent[out->ids.v[out->ids.n - 1] - im->id_base];
            if (q->id == r->id && q->type == r->type && q->subtype == r->subtype &&
                q->from == r->from)
                continue;
        }
        if (ok && nerve__vec_push(al, &out->ids, im->id_base + key->first + x) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    return NERVE_OK;
}

static int lookup(const nerve__gazset *gs, const nerve_allocator *al, const char *text,
                  const nerve_token *tok, size_t ntok, nerve__gaz_matches *out);

int nerve__gaz_lookup(const nerve__gazset *gs, const nerve_allocator *al, const char *text,
                      const nerve_token *tok, size_t ntok, nerve__gaz_matches *out)
{
    int rc = lookup(gs, al, text, tok, ntok, out);
    /* The scratch (24 bytes of units per token) is kept for the next
     * document only when small: for a large one it would outlive its use
     * through every later stage. */
    if (out->units.cap > ((size_t)1 << 16)) {
        nerve__vec_free(al, &out->units);
        nerve__vec_free(al, &out->tok_unit);
    }
    if (out->cand.cap > ((size_t)1 << 16))
        nerve__vec_free(al, &out->cand);
    nerve__vec_shrink(al, &out->m);
    nerve__vec_shrink(al, &out->ids);
    return rc;
}

static int lookup(const nerve__gazset *gs, const nerve_allocator *al, const char *text,
                  const nerve_token *tok, size_t ntok, nerve__gaz_matches *out)
{
    out->m.n = 0;
    out->ids.n = 0;
    if (!gs || gs->img.n == 0 || ntok == 0)
        return NERVE_OK;
    if (ntok >= UINT32_MAX)
        return NERVE_ENOMEM;

    /* Key parts of the text, hashed once. */
    if (nerve__vec_reserve(al, &out->cursor, 2 * gs->img.n) != NERVE_OK ||
        (out->tok_unit.cap < ntok + 1 && nerve__vec_resize(al, &out->tok_unit, ntok + 1)) ||
        (out->units.cap < ntok + 16 && nerve__vec_resize(al, &out->units, ntok + 16)))
        return NERVE_ENOMEM;
    out->units.n = 0;
    for (size_t i = 0; i < ntok; i++) {
        const char *parts[NERVE__GAZ_MAX_PARTS];
        size_t lens[NERVE__GAZ_MAX_PARTS];
        size_t np = nerve__gaz_token_parts(&tok[i], parts, lens, NERVE__GAZ_MAX_PARTS);
        out->tok_unit.v[i] = (uint32_t)out->units.n;
        /* room for this token's parts and one unit per token still to come,
         * plus an eighth: hyphen parts are few, doubling would waste half */
        if (out->units.n + np > out->units.cap &&
            nerve__vec_resize(al, &out->units,
                              out->units.n + np + (ntok - i) + out->units.cap / 8) != NERVE_OK)
            return NERVE_ENOMEM;
        for (size_t k = 0; k < np; k++) {
            nerve__gaz_unit *u = &out->units.v[out->units.n++];
            u->hash = nerve__gaz_hash_part(parts[k], lens[k]);
            u->s = parts[k];
            u->len = (uint32_t)lens[k];
            u->tok = (uint32_t)i;
        }
    }
    out->tok_unit.v[ntok] = (uint32_t)out->units.n;

    const nerve__gaz_unit *units = out->units.v;
    size_t nunits = out->units.n;
    int skip_punct = !(gs->flags & NERVE__GAZ_F_PUNCT_START);
    for (size_t i = 0; i < ntok; i++) {
        if (skip_punct && tok[i].kind == NERVE_TOKEN_PUNCT)
            continue;
        size_t sent = tok[i].sentence, u0 = out->tok_unit.v[i];
        out->cand.n = 0;
        for (size_t g = 0; g < gs->img.n; g++) {
            const nerve__gaz_image *im = &gs->img.v[g];
            uint64_t h = NERVE__GAZ_HASH_INIT;
            out->cursor.v[2 * g] = (uint32_t)out->cand.n;
            size_t uend =
                nunits - u0 > NERVE__GAZ_MAX_NAME_UNITS ? u0 + NERVE__GAZ_MAX_NAME_UNITS : nunits;
            for (size_t u = u0; u < uend; u++) {
                const nerve__gaz_unit *un = &units[u];
                if (un->tok != i && tok[un->tok].sentence != sent)
                    break;
                h = nerve__gaz_hash_extend(h, un->hash);
                if (!filter_has(im, h))
                    break;
                /* a name ends only where a token ends */
                uint32_t tok_end = u + 1 == nunits || units[u + 1].tok != un->tok ? un->tok + 1 : 0;
                int prefix = probe(im, h, (uint32_t)g, tok_end, (uint32_t)u, al, out);
                if (prefix < 0)
                    return NERVE_ENOMEM;
                if (!prefix)
                    break;
            }
            if (out->cand.n >= UINT32_MAX)
                return NERVE_ENOMEM;
            out->cursor.v[2 * g + 1] = (uint32_t)out->cand.n;
        }
        if (out->cand.n == 0)
            continue;

        /*
         * Longest length first; fall back to shorter ones when no entry's case fits.
         * Each image's candidates are in ascending length: merge from their ends.
         */
        const nerve__gaz_cand *cv = out->cand.v;
        uint32_t *cur = out->cursor.v;
        for (;;) {
            uint32_t best = 0;
            for (size_t g = 0; g < gs->img.n; g++) {
                if (cur[2 * g + 1] > cur[2 * g] && cv[cur[2 * g + 1] - 1].tok_end > best)
                    best = cv[cur[2 * g + 1] - 1].tok_end;
            }
            if (!best)
                break;
            size_t first = out->ids.n, b = tok[i].span.start, e = tok[best - 1].span.end;
            for (size_t g = 0; g < gs->img.n; g++) {
                const nerve__gaz_image *im = &gs->img.v[g];
                while (cur[2 * g + 1] > cur[2 * g] && cv[cur[2 * g + 1] - 1].tok_end == best) {
                    const nerve__gaz_cand *cd = &cv[--cur[2 * g + 1]];
                    if (key_matches(im, cd->key, units, u0, cd->unit_end) &&
                        push_passing(im, cd->key, text, b, e, al, out) != NERVE_OK)
                        return NERVE_ENOMEM;
                }
            }
            if (out->ids.n > first) {
                nerve__gaz_match m = {(uint32_t)i, best, (uint32_t)first,
                                      (uint32_t)(out->ids.n - first)};
                if (nerve__vec_push(al, &out->m, m) != NERVE_OK)
                    return NERVE_ENOMEM;
                break;
            }
        }
    }
    return NERVE_OK;
}

void nerve__gaz_matches_free(const nerve_allocator *al, nerve__gaz_matches *m)
{
    nerve__vec_free(al, &m->m);
    nerve__vec_free(al, &m->ids);
    nerve__vec_free(al, &m->units);
    nerve__vec_free(al, &m->tok_unit);
    nerve__vec_free(al, &m->cand);
    nerve__vec_free(al, &m->cursor);
}
