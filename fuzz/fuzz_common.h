/*
 * fuzz_common.h - helpers shared by the fuzz targets: output sinks, the data
 * directory, a scratch file for APIs that take paths, and result invariants.
 * Header-only (static functions) so each target stays one translation unit.
 */
#ifndef NERVE_FUZZ_COMMON_H
#define NERVE_FUZZ_COMMON_H

#include <nerve.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Abort with a message: the fuzzer (or the replay test) reports the input. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The bundled data: $NERVE_DATA_DIR, else the build tree baked in by meson. */
static inline const char *fuzz_data_dir(void)
{
    const char *d = getenv("NERVE_DATA_DIR");
    if (d && *d)
        return d;
#ifdef FUZZ_DATA_DIR
    return FUZZ_DATA_DIR;
#else
    return NULL;
#endif
}

/* The default model and one reusable document, made on first use and freed
 * at exit: the targets that process text (fuzz_process, fuzz_json) share
 * them across inputs, as a long-running user of the library would. */
typedef struct fuzz_default {
    nerve_model *model;
    nerve_doc *doc;
} fuzz_default;

static inline fuzz_default *fuzz_default_state(void)
{
    static fuzz_default state; /* one per target process, as libFuzzer runs it */
    return &state;
}

static inline void fuzz_default_free(void)
{
    fuzz_default *s = fuzz_default_state();
    nerve_doc_free(s->doc);
    nerve_model_free(s->model);
}

static inline nerve_doc *fuzz_default_doc(const char *target)
{
    fuzz_default *s = fuzz_default_state();
    if (s->doc)
        return s->doc;
    nerve_error err;
    memset(&err, 0, sizeof err);
    if (nerve_model_load(fuzz_data_dir(), NULL, 0, &s->model, &err) != NERVE_OK ||
        nerve_doc_new(s->model, &s->doc, &err) != NERVE_OK) {
        fprintf(stderr, "%s: cannot load the default model: %s\n", target, err.message);
        exit(1);
    }
    atexit(fuzz_default_free);
    return s->doc;
}

/* A sink that discards everything. */
static inline int fuzz_sink_discard(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return 0;
}

/* A sink that keeps a growable copy of the output (for checks). */
typedef struct fuzz_buf {
    char *v;
    size_t n, cap;
    size_t fail_after; /* report failure once this many bytes were written (0 = never) */
} fuzz_buf;

static inline int fuzz_sink_buf(void *ctx, const char *data, size_t len)
{
    fuzz_buf *b = ctx;
    FUZZ_CHECK(data != NULL || len == 0);
    if (b->fail_after && b->n + len > b->fail_after)
        return 1;
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->n + len + 1)
            cap *= 2;
        char *p = realloc(b->v, cap);
        if (!p)
            return 1;
        b->v = p;
        b->cap = cap;
    }
    if (len)
        memcpy(b->v + b->n, data, len);
    b->n += len;
    b->v[b->n] = '\0';
    return 0;
}

/* Length of the valid UTF-8 prefix of s[0..n) (strict: no overlongs, surrogates). */
static inline size_t fuzz_utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            k = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            k = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return i;
        }
        if (n - i <= k)
            return i;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += k + 1;
    }
    return n;
}

static inline int fuzz_is_boundary(const char *text, size_t len, size_t off)
{
    return off == 0 || off == len || ((unsigned char)text[off] & 0xC0) != 0x80;
}

/*
 * Code point offset of every byte offset of the text, so that each span is
 * checked in constant time: counting from the start for every token made the
 * check quadratic in the input and held the fuzzers to a few runs a second.
 * NULL when the text is not valid UTF-8 (offsets are not comparable then).
 */
static inline size_t *fuzz_char_offsets(const char *text, size_t len)
{
    size_t *at = malloc((len + 1) * sizeof *at);
    FUZZ_CHECK(at != NULL);
    size_t c = 0;
    for (size_t i = 0; i < len; i++) {
        at[i] = c;
        c += ((unsigned char)text[i] & 0xC0) != 0x80;
    }
    at[len] = c;
    return at;
}

static inline void fuzz_check_span(const char *text, size_t len, nerve_span s, const size_t *at)
{
    FUZZ_CHECK(s.start <= s.end);
    FUZZ_CHECK(s.end <= len);
    FUZZ_CHECK(s.char_start <= s.char_end);
    FUZZ_CHECK(s.char_end <= len);
    if (at) {
        FUZZ_CHECK(fuzz_is_boundary(text, len, s.start));
        FUZZ_CHECK(fuzz_is_boundary(text, len, s.end));
        FUZZ_CHECK(s.char_start == at[s.start]);
        FUZZ_CHECK(s.char_end == at[s.end]);
    }
}

/*
 * Invariants every successful result must satisfy: spans inside the text and
 * on code point boundaries, code point offsets that agree with the bytes,
 * indices that point into their arrays, strings that are NUL-terminated.
 */
static inline void fuzz_check_doc(const nerve_doc *doc)
{
    size_t len;
    const char *text = nerve_doc_text(doc, &len);
    FUZZ_CHECK(text != NULL);
    /* Offsets are only comparable with code points on valid UTF-8. */
    int valid = fuzz_utf8_valid_prefix((const unsigned char *)text, len) == len;
    size_t *at = valid ? fuzz_char_offsets(text, len) : NULL;

    size_t ns, nt, nm, ne, nem, nev, na, nx;
    const nerve_sentence *sent = nerve_doc_sentences(doc, &ns);
    const nerve_token *tok = nerve_doc_tokens(doc, &nt);
    const nerve_mention *men = nerve_doc_mentions(doc, &nm);
    const nerve_entity *ent = nerve_doc_entities(doc, &ne);
    const size_t *members = nerve_doc_entity_mentions(doc, &nem);
    const nerve_event *ev = nerve_doc_events(doc, &nev);
    const nerve_arg *args = nerve_doc_args(doc, &na);
    const nerve_span *evid = nerve_doc_evidence(doc, &nx);

    size_t prev_end = 0;
    for (size_t i = 0; i < ns; i++) {
        fuzz_check_span(text, len, sent[i].span, at);
        FUZZ_CHECK(sent[i].span.start >= prev_end);
        prev_end = sent[i].span.end;
        FUZZ_CHECK(sent[i].token_begin <= nt && sent[i].token_count <= nt - sent[i].token_begin);
    }
    prev_end = 0;
    for (size_t i = 0; i < nt; i++) {
        fuzz_check_span(text, len, tok[i].span, at);
        FUZZ_CHECK(tok[i].span.start < tok[i].span.end);
        FUZZ_CHECK(tok[i].span.start >= prev_end);
        prev_end = tok[i].span.end;
        FUZZ_CHECK(tok[i].sentence < ns);
        FUZZ_CHECK(tok[i].norm != NULL);
        FUZZ_CHECK(strlen(tok[i].norm) == tok[i].norm_len);
    }
    for (size_t i = 0; i < nm; i++) {
        fuzz_check_span(text, len, men[i].span, at);
        FUZZ_CHECK(men[i].span.start < men[i].span.end);
        FUZZ_CHECK(men[i].type > NERVE_TYPE_NONE && men[i].type < NERVE_TYPE_COUNT_);
        FUZZ_CHECK(men[i].sentence < ns);
        FUZZ_CHECK(men[i].token_begin < men[i].token_end && men[i].token_end <= nt);
        FUZZ_CHECK(men[i].entity == NERVE_NONE || men[i].entity < ne);
        FUZZ_CHECK(men[i].confidence >= 0.0f && men[i].confidence <= 1.0f);
    }
    for (size_t i = 0; i < ne; i++) {
        FUZZ_CHECK(ent[i].mention_begin <= nem &&
                   ent[i].mention_count <= nem - ent[i].mention_begin);
        for (size_t k = 0; k < ent[i].mention_count; k++)
            FUZZ_CHECK(members[ent[i].mention_begin + k] < nm);
    }
    for (size_t i = 0; i < nev; i++) {
        FUZZ_CHECK(ev[i].type != NULL);
        fuzz_check_span(text, len, ev[i].trigger, at);
        FUZZ_CHECK(ev[i].arg_begin <= na && ev[i].arg_count <= na - ev[i].arg_begin);
        FUZZ_CHECK(ev[i].evidence_begin <= nx && ev[i].evidence_count <= nx - ev[i].evidence_begin);
        FUZZ_CHECK(ev[i].sentence < ns);
        for (size_t k = 0; k < ev[i].arg_count; k++) {
            const nerve_arg *a = &args[ev[i].arg_begin + k];
            FUZZ_CHECK(a->role != NULL);
            FUZZ_CHECK(a->mention < nm || a->mention == NERVE_NONE); /* NONE: a phrase */
            FUZZ_CHECK(a->mention != NERVE_NONE || a->entity == NERVE_NONE);
            FUZZ_CHECK(a->entity == NERVE_NONE || a->entity < ne);
            fuzz_check_span(text, len, a->span, at);
        }
    }
    for (size_t i = 0; i < nx; i++)
        fuzz_check_span(text, len, evid[i], at);
    free(at);
}

/* JSON output must be valid UTF-8 with no raw control characters. */
static inline void fuzz_check_json(const char *s, size_t n)
{
    FUZZ_CHECK(fuzz_utf8_valid_prefix((const unsigned char *)s, n) == n);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK((unsigned char)s[i] >= 0x20 || s[i] == '\n' || s[i] == '\t' || s[i] == '\r');
    FUZZ_CHECK(n > 0 && s[0] == '{');
}

/*
 * A scratch file for APIs that read paths. One per process, rewritten for
 * each input; suffix chooses how the library reads it (".tsv", ".gaz").
 */
static inline char *fuzz_scratch_path(const char *suffix)
{
    static char path[256];
    if (path[0])
        return path;
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/nerve-fuzz-%ld%s", dir, (long)getpid(), suffix);
    return path;
}

static inline int fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, size, f) == size;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

#endif
