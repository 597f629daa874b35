/*
 * gazetteer_image.c - opening compiled gazetteer images: memory-mapping a
 * file read-only and validating the header, the section table and every
 * offset and index the lookup follows, so that a corrupt or hostile file
 * gives NERVE_EFORMAT and never an out-of-bounds read.
 */
#include "error.h"
#include "gazetteer_int.h"
#include "io.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

uint64_t nerve__gaz_hash_bytes(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)n * 0xc2b2ae3d27d4eb4fULL);
    uint64_t h2 = 0x2545f4914f6cdd1dULL;
    while (n >= 16) {
        uint64_t a, b;
        memcpy(&a, p, 8);
        memcpy(&b, p + 8, 8);
        h = (h ^ (a * 0xbf58476d1ce4e5b9ULL)) * 0x94d049bb133111ebULL;
        h2 = (h2 ^ (b * 0x94d049bb133111ebULL)) * 0xbf58476d1ce4e5b9ULL;
        h = (h << 29) | (h >> 35);
        h2 = (h2 << 31) | (h2 >> 33);
        p += 16;
        n -= 16;
    }
    return nerve__gaz_fmix(h ^ nerve__gaz_hash_part((const char *)p, n) ^
                           nerve__gaz_fmix(h2 + 0x632be59bd9b4e019ULL));
}

/* NERVE_EFORMAT with a message that starts with the file's name: callers
 * print the message alone. */
__attribute__((format(printf, 3, 4))) static int bad(nerve_error *err, const char *name,
                                                     const char *fmt, ...)
{
    if (!err)
        return NERVE_EFORMAT;
    char msg[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return nerve__error_set_file(err, NERVE_EFORMAT, name, 0, 0, 0, "%s: %s", name, msg);
}

#define BAD(...) bad(err, name, __VA_ARGS__)

int nerve__gaz_image_open(nerve__gaz_image *img, const unsigned char *data, size_t size,
                          const char *name, nerve_error *err)
{
    memset(img, 0, sizeof *img);
    if (!name)
        name = "<memory>";
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    (void)data;
    (void)size;
    return BAD("compiled gazetteers are little-endian; this host is not");
#else
    nerve__gaz_header hd;
    if (size < sizeof hd)
        return BAD("not a compiled gazetteer (truncated header)");
    memcpy(&hd, data, sizeof hd);
    if (memcmp(hd.magic, NERVE__GAZ_MAGIC, 8) != 0)
        return BAD("not a compiled gazetteer (bad magic number)");
    if (hd.version != NERVE__GAZ_VERSION)
        return BAD("compiled gazetteer format version %u, expected %u (recompile it)",
                   (unsigned)hd.version, NERVE__GAZ_VERSION);
    if (hd.header_size != sizeof hd)
        return BAD("bad header size");
    if (nerve__gaz_hash_bytes(data, offsetof(nerve__gaz_header, header_hash)) != hd.header_hash)
        return BAD("header checksum mismatch");
    if (hd.file_size != size)
        return BAD("file size %zu, header says %llu (truncated?)", size,
                   (unsigned long long)hd.file_size);
    for (int i = 0; i < NERVE__SEC_COUNT_; i++) {
        const nerve__gaz_section *s = &hd.sec[i];
        if (s->offset % 8 || s->offset < sizeof hd || s->offset > size ||
            s->size > size - s->offset)
            return BAD("section %d out of bounds", i);
    }
    const nerve__gaz_section *sec = hd.sec;
    if (sec[NERVE__SEC_STRINGS].size == 0 || sec[NERVE__SEC_STRINGS].size > UINT32_MAX)
        return BAD("bad string pool size");
    if (sec[NERVE__SEC_ENTRIES].size != (uint64_t)hd.entry_count * sizeof(nerve__gaz_rec) ||
        sec[NERVE__SEC_CLASSES].size != (uint64_t)hd.class_count * sizeof(uint32_t) ||
        sec[NERVE__SEC_KEYS].size != (uint64_t)hd.key_count * sizeof(nerve__gaz_key) ||
        sec[NERVE__SEC_SLOTS].size != (uint64_t)hd.slot_count * sizeof(nerve__gaz_slot))
        return BAD("section sizes disagree with the counts");
    if (hd.slot_count == 0 || (hd.slot_count & (hd.slot_count - 1)) ||
        hd.max_probe >= hd.slot_count)
        return BAD("bad slot table size");
    if (hd.filter_log2 < 6 || hd.filter_log2 > 40 ||
        sec[NERVE__SEC_FILTER].size != ((uint64_t)1 << hd.filter_log2) / 8)
        return BAD("bad filter size");
    if (hd.key_count >= NERVE__GAZ_SLOT_KEY || hd.entry_count == UINT32_MAX)
        return BAD("too many keys or entries");

    img->base = data;
    img->size = size;
    img->pool = (const char *)data + sec[NERVE__SEC_STRINGS].offset;
    img->pool_size = (size_t)sec[NERVE__SEC_STRINGS].size;
    img->ent = (const nerve__gaz_rec *)(const void *)(data + sec[NERVE__SEC_ENTRIES].offset);
    img->nent = hd.entry_count;
    img->classes = (const uint32_t *)(const void *)(data + sec[NERVE__SEC_CLASSES].offset);
    img->nclass = hd.class_count;
    img->keys = (const nerve__gaz_key *)(const void *)(data + sec[NERVE__SEC_KEYS].offset);
    img->nkeys = hd.key_count;
    img->slots = (const nerve__gaz_slot *)(const void *)(data + sec[NERVE__SEC_SLOTS].offset);
    img->slot_mask = hd.slot_count - 1;
    img->filter = (const uint64_t *)(const void *)(data + sec[NERVE__SEC_FILTER].offset);
    img->filter_shift = 64 - hd.filter_log2;
    img->flags = hd.flags;
    img->max_probe = hd.max_probe;
    img->tok_hash = hd.tok_lexicon_hash;

    /* The pool starts with "" and ends with a NUL, so every offset inside it is a string. */
    if (img->pool[0] != '\0' || img->pool[img->pool_size - 1] != '\0')
        return BAD("string pool not NUL-terminated");
    uint32_t psize = (uint32_t)img->pool_size;
    for (uint32_t c = 0; c < img->nclass; c++) {
        if (img->classes[c] == 0 || img->classes[c] >= psize)
            return BAD("class %u: bad string offset", (unsigned)c);
    }
    for (uint32_t k = 0; k < img->nkeys; k++) {
        const nerve__gaz_key *key = &img->keys[k];
        if (key->off >= psize || key->len > psize - key->off || key->count == 0 ||
            key->first > img->nent || key->count > img->nent - key->first)
            return BAD("key %u out of bounds", (unsigned)k);
    }
    for (uint32_t e = 0; e < img->nent; e++) {
        const nerve__gaz_rec *r = &img->ent[e];
        uint32_t worst = r->name | r->subtype | r->canonical | r->id | r->country | r->title |
                         r->value | r->origin_file;
        /* OR is >= each operand, so worst < psize bounds them all; check exactly if not. */
        if (worst >= psize && (r->name >= psize || r->subtype >= psize || r->canonical >= psize ||
                               r->id >= psize || r->country >= psize || r->title >= psize ||
                               r->value >= psize || r->origin_file >= psize))
            return BAD("entry %u: bad string offset", (unsigned)e);
        if (r->name == 0 || (r->klass >= img->nclass && r->klass != UINT32_MAX) ||
            r->casing > NERVE__CASE_EXACT ||
            (r->type >= NERVE_TYPE_COUNT_ && r->type != NERVE__TYPE_LEX) || r->has_coords > 1)
            return BAD("entry %u: bad field", (unsigned)e);
        /* Written as JSON numbers: NaN and infinities (which fail these
         * comparisons or exceed them) are not JSON. */
        if (r->has_coords && !(r->lat >= -90 && r->lat <= 90 && r->lon >= -180 && r->lon <= 180))
            return BAD("entry %u: coordinates out of range or not numbers", (unsigned)e);
    }
    return NERVE_OK;
#endif
}

int nerve__gaz_image_map(nerve__gaz_image *img, const char *path, nerve_error *err)
{
    memset(img, 0, sizeof *img);
    const void *p;
    size_t size;
    int rc =
        nerve__map_file(path, sizeof(nerve__gaz_header), "a compiled gazetteer", 0, &p, &size, err);
    if (rc != NERVE_OK)
        return rc;
    rc = nerve__gaz_image_open(img, p, size, path, err);
    /* The structure checks keep lookups in bounds; only the content hash
     * catches a flipped byte in a name or an id, which would silently change
     * results. Reading every byte once costs a few ms per 10 MB. */
    if (rc == NERVE_OK && nerve__gaz_image_verify(img) != NERVE_OK)
        rc = bad(err, path, "content checksum mismatch (the file is corrupt; recompile it)");
    if (rc != NERVE_OK) {
        nerve__unmap_file(p, size);
        memset(img, 0, sizeof *img);
        return rc;
    }
    img->mapped = 1;
    return NERVE_OK;
}

int nerve__gaz_image_verify(const nerve__gaz_image *img)
{
    nerve__gaz_header hd;
    memcpy(&hd, img->base, sizeof hd);
    uint64_t h = nerve__gaz_hash_bytes(img->base + sizeof hd, img->size - sizeof hd);
    return h == hd.content_hash ? NERVE_OK : NERVE_EFORMAT;
}

void nerve__gaz_image_release(const nerve_allocator *al, nerve__gaz_image *img)
{
    if (img->base) {
        if (img->mapped)
            nerve__unmap_file(img->base, img->size);
        else
            nerve__free(al, (void *)(uintptr_t)img->base);
    }
    nerve__free(al, img->class_map);
    memset(img, 0, sizeof *img);
}
