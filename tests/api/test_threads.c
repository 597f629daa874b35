/*
 * test_threads.c - one model shared by several threads, one doc per thread.
 *
 * The texts are ../shared/corpus/maghreb-tour.txt and the first Reuters
 * documents of ../shared/corpus/reuters.jsonl ($NERVE_SHARED_DIR), plus a few
 * built-in ones. One thread's JSON output for each text, from a model of its
 * own, is the reference. The shared model is loaded but not frozen: the
 * THREADS threads all make their first nerve_doc_new on it at once (the
 * README's example does the same), so the lazy freeze races unless it is
 * serialized. Then each thread processes every text ROUNDS times, starting at
 * a different text, and every output must equal the reference byte for byte.
 * Run under ThreadSanitizer by scripts/test (build-tsan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <nerve.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define ROUNDS 2
#define REUTERS_DOCS 40
#define MAX_TEXTS 64

typedef struct text {
    char *v;
    size_t n;
    char dct[11];
} text;

static text TEXTS[MAX_TEXTS];
static size_t NTEXTS;
static char *WANT[MAX_TEXTS];
static nerve_model *MODEL;
static pthread_barrier_t START; /* the workers' first nerve_doc_new, all at once */

static const char *const BUILTIN[] = {
    "President Kais Saied met Defense Minister Ibrahim Bartagi in Tunis on Wednesday.",
    "The visit, planned for next week, was called off, a Pentagon spokesman said.",
    "Caf\xc3\xa9 \xe2\x80\x9cquotes\xe2\x80\x9d and \xf0\x9f\x98\x80 in S\xc3\xa3o Paulo last "
    "month.",
    "",
};

static void add_text(const char *v, size_t n, const char *dct)
{
    if (NTEXTS == MAX_TEXTS)
        return;
    text *t = &TEXTS[NTEXTS++];
    t->v = malloc(n + 1);
    assert_non_null(t->v);
    memcpy(t->v, v, n);
    t->v[n] = '\0';
    t->n = n;
    snprintf(t->dct, sizeof t->dct, "%s", dct ? dct : "");
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p)
                free(buf);
            buf = p;
        }
    }
    fclose(f);
    if (buf)
        *len = n;
    return buf;
}

/* The string value of "key" in one JSON object line (escapes decoded), or NULL. */
static char *json_field(const char *line, const char *key, size_t *len)
{
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\": \"", key);
    const char *p = strstr(line, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    char *out = malloc(strlen(p) * 4 + 1), *o = out;
    if (!out)
        return NULL;
    while (*p && *p != '"') {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        p++;
        char c = *p++;
        switch (c) {
        case 'n':
            *o++ = '\n';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'u': {
            unsigned cp = 0;
            if (sscanf(p, "%4x", &cp) != 1)
                break;
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && p[0] == '\\' && p[1] == 'u') {
                unsigned lo = 0;
                if (sscanf(p + 2, "%4x", &lo) == 1 && lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (cp < 0x80) {
                *o++ = (char)cp;
            } else if (cp < 0x800) {
                *o++ = (char)(0xC0 | (cp >> 6));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                *o++ = (char)(0xE0 | (cp >> 12));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else {
                *o++ = (char)(0xF0 | (cp >> 18));
                *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default:
            *o++ = c;
            break;
        }
    }
    *o = '\0';
    *len = (size_t)(o - out);
    return out;
}

static void load_texts(void)
{
    const char *shared = getenv("NERVE_SHARED_DIR");
    char path[1024];
    size_t len;
    if (shared) {
        snprintf(path, sizeof path, "%s/corpus/maghreb-tour.txt", shared);
        char *t = read_file(path, &len);
        if (t) {
            add_text(t, len, "2020-09-28");
            free(t);
        }
        snprintf(path, sizeof path, "%s/corpus/reuters.jsonl", shared);
        FILE *f = fopen(path, "rb");
        char *line = NULL;
        size_t cap = 0;
        for (int i = 0; f && i < REUTERS_DOCS && getline(&line, &cap, f) > 0; i++) {
            size_t n, dn = 0;
            char *body = json_field(line, "text", &n);
            char *dct = json_field(line, "dct", &dn);
            if (body)
                add_text(body, n, dct && dn == 10 ? dct : NULL);
            free(body);
            free(dct);
        }
        free(line);
        if (f)
            fclose(f);
    }
    if (NTEXTS < 2)
        print_message("# NERVE_SHARED_DIR texts not found; using the built-in texts only\n");
    for (size_t i = 0; i < sizeof BUILTIN / sizeof *BUILTIN; i++)
        add_text(BUILTIN[i], strlen(BUILTIN[i]), i % 2 ? "2021-03-15" : NULL);
}

typedef struct out_buf {
    char *v;
    size_t n, cap;
} out_buf;

static int sink(void *ctx, const char *data, size_t len)
{
    out_buf *b = ctx;
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
    memcpy(b->v + b->n, data, len);
    b->n += len;
    b->v[b->n] = '\0';
    return 0;
}

/* Process text i with doc and return its JSON (with tokens), or NULL. */
static char *process(nerve_doc *doc, size_t i)
{
    nerve_options opts;
    memset(&opts, 0, sizeof opts);
    opts.dct = TEXTS[i].dct[0] ? TEXTS[i].dct : NULL;
    opts.flags = NERVE_OPT_REPLACE_INVALID;
    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_doc_process(doc, TEXTS[i].v, TEXTS[i].n, &opts, &err);
    if (rc != NERVE_OK && rc != NERVE_ELIMIT)
        return NULL;
    out_buf b = {NULL, 0, 0};
    if (nerve_doc_write_json(doc, NERVE_JSON_TOKENS, sink, &b, &err) != NERVE_OK) {
        free(b.v);
        return NULL;
    }
    return b.v;
}

typedef struct worker_arg {
    size_t start;
    size_t mismatches;
    size_t failures;
    size_t done;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *a = p;
    nerve_doc *doc = NULL;
    pthread_barrier_wait(&START);
    if (nerve_doc_new(MODEL, &doc, NULL) != NERVE_OK) {
        a->failures++;
        return NULL;
    }
    for (int r = 0; r < ROUNDS; r++) {
        for (size_t k = 0; k < NTEXTS; k++) {
            size_t i = (a->start + k) % NTEXTS;
            char *got = process(doc, i);
            if (!got)
                a->failures++;
            else if (strcmp(got, WANT[i]) != 0)
                a->mismatches++;
            free(got);
            a->done++;
        }
    }
    nerve_doc_free(doc);
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    load_texts();
    nerve_error err;
    memset(&err, 0, sizeof err);
    if (nerve_model_load(NULL, NULL, 0, &MODEL, &err) != NERVE_OK) {
        fprintf(stderr, "nerve_model_load: %s\n", err.message);
        return -1;
    }
    /* The reference: one doc, one thread (this one), on a model of its own so
     * that MODEL is still unfrozen when the workers start. */
    nerve_model *ref = NULL;
    if (nerve_model_load(NULL, NULL, 0, &ref, &err) != NERVE_OK)
        return -1;
    nerve_doc *doc = NULL;
    if (nerve_doc_new(ref, &doc, &err) != NERVE_OK)
        return -1;
    for (size_t i = 0; i < NTEXTS; i++) {
        WANT[i] = process(doc, i);
        if (!WANT[i])
            return -1;
    }
    nerve_doc_free(doc);
    nerve_model_free(ref);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < NTEXTS; i++) {
        free(WANT[i]);
        free(TEXTS[i].v);
    }
    nerve_model_free(MODEL);
    return 0;
}

static void shared_model_same_results(void **state)
{
    (void)state;
    pthread_t tid[THREADS];
    worker_arg args[THREADS];
    memset(args, 0, sizeof args);
    assert_int_equal(pthread_barrier_init(&START, NULL, THREADS), 0);
    for (int t = 0; t < THREADS; t++) {
        args[t].start = (size_t)t * NTEXTS / THREADS;
        assert_int_equal(pthread_create(&tid[t], NULL, worker, &args[t]), 0);
    }
    size_t done = 0;
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(tid[t], NULL), 0);
        assert_int_equal(args[t].failures, 0);
        assert_int_equal(args[t].mismatches, 0);
        done += args[t].done;
    }
    pthread_barrier_destroy(&START);
    assert_int_equal(done, (size_t)THREADS * ROUNDS * NTEXTS);
    print_message("# %d threads x %d rounds x %zu texts: identical to one thread\n", THREADS,
                  ROUNDS, NTEXTS);
}

/* Several models loaded and freed concurrently: no shared mutable state. */
static void *load_worker(void *p)
{
    size_t *fails = p;
    for (int i = 0; i < 3; i++) {
        nerve_model *m = NULL;
        nerve_doc *d = NULL;
        int rc = nerve_model_load(NULL, NULL, 0, &m, NULL);
        if (rc == NERVE_OK)
            rc = nerve_doc_new(m, &d, NULL);
        if (rc == NERVE_OK)
            rc = nerve_doc_process(d, TEXTS[0].v, TEXTS[0].n, NULL, NULL);
        if (rc != NERVE_OK && rc != NERVE_ELIMIT)
            (*fails)++;
        nerve_doc_free(d);
        nerve_model_free(m);
    }
    return NULL;
}

static void concurrent_model_loads(void **state)
{
    (void)state;
    pthread_t tid[THREADS];
    size_t fails[THREADS] = {0};
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_create(&tid[t], NULL, load_worker, &fails[t]), 0);
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(tid[t], NULL), 0);
        assert_int_equal(fails[t], 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_model_same_results),
        cmocka_unit_test(concurrent_model_loads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
