/*
 * test_oom.c - every allocation the library makes can fail.
 *
 * A counting allocator fails the Nth allocation (malloc or growing realloc);
 * for N = 0, 1, 2, ... until a run completes without reaching N, each public
 * call must return NERVE_ENOMEM (with err.code set), leave nothing allocated
 * once its objects are freed, and leave those objects usable. The allocator
 * also checks the library's bookkeeping: realloc's old_size and free's
 * pointer must match what it handed out.
 *
 * Covered: nerve_model_load (an empty model plus the fixture gazetteer and
 * rules in tests/data/oom/, and the default model), nerve_model_freeze,
 * nerve_doc_new, nerve_doc_process on a paragraph, nerve_doc_write_json.
 * The default model can take many allocations to load; its failure points
 * are sampled evenly (at most MAX_POINTS of them, always the first 64).
 */
#define _GNU_SOURCE /* dladdr */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <nerve.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <dlfcn.h>
#include <execinfo.h>
#define HAVE_BACKTRACE 1
#endif

#ifndef NERVE_TEST_DATA
#error "NERVE_TEST_DATA (tests/data) must be defined"
#endif

#define MAX_POINTS 400

static const char PARAGRAPH[] =
    "US Secretary of Defense Mark Esper is expected in Morocco on Friday to discuss "
    "cooperations between both countries in counter-terrorism.\n"
    "Esper\xe2\x80\x99s visit to Morocco comes after trips to Tunisia and Algeria, a tour "
    "marking his first visit to Africa since he assumed office.\n"
    "The defense secretary will open his tour on Wednesday with a visit to Tunisia to hold "
    "\xe2\x80\x9c"
    "bilateral talks with President Kais Ssaied and Tunisia\xe2\x80\x99s Minister "
    "of Defense Ibrahim Bartagi.\xe2\x80\x9d Dr. Smith met the Moroccan king in Rabat.\n";

/* ------------------------------------------------------------------------ */
/* The counting, failing allocator                                          */
/* ------------------------------------------------------------------------ */

#define MAGIC 0x6e657276u /* "nerv" */

typedef struct header {
    size_t size;
    uint32_t magic;
    uint32_t pad;
} header;

typedef struct counter {
    size_t calls;    /* allocations attempted since reset */
    size_t fail_at;  /* the call (1-based) that fails; 0 = never */
    int hit;         /* the failure was injected */
    long live;       /* blocks allocated and not freed */
    size_t bad_size; /* realloc calls whose old_size did not match */
    size_t spared;   /* failures not injected: inside pcre2_jit_compile */
} counter;

static counter C;

/*
 * PCRE2 10.42's JIT compiler crashes when its allocator fails (upstream: its
 * allocation-failure paths were untested until PCRE2 pull request 697), so a
 * failure that would land inside pcre2_jit_compile moves to the next
 * allocation instead. The library itself must handle every other one.
 */
static int inside_pcre2_jit(void)
{
#ifdef HAVE_BACKTRACE
    void *frames[64];
    int n = backtrace(frames, 64);
    for (int i = 0; i < n; i++) {
        Dl_info info;
        if (dladdr(frames[i], &info) && info.dli_sname &&
            strncmp(info.dli_sname, "pcre2_jit_compile", 17) == 0)
            return 1;
    }
#endif
    return 0;
}

static int should_fail(void)
{
    C.calls++;
    if (C.fail_at && C.calls == C.fail_at) {
        if (inside_pcre2_jit()) {
            C.fail_at++;
            C.spared++;
            return 0;
        }
        C.hit = 1;
        return 1;
    }
    return 0;
}

static void *t_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (should_fail())
        return NULL;
    header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->size = size;
    h->magic = MAGIC;
    C.live++;
    return h + 1;
}

static void t_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (!ptr)
        return;
    header *h = (header *)ptr - 1;
    if (h->magic != MAGIC) {
        fprintf(stderr, "test_oom: free of a pointer the allocator did not hand out\n");
        abort();
    }
    h->magic = 0;
    C.live--;
    free(h);
}

static void *t_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size)
{
    if (!ptr)
        return t_malloc(ctx, new_size);
    header *h = (header *)ptr - 1;
    if (h->magic != MAGIC) {
        fprintf(stderr, "test_oom: realloc of a pointer the allocator did not hand out\n");
        abort();
    }
    if (h->size != old_size)
        C.bad_size++;
    if (should_fail())
        return NULL;
    header *n = realloc(h, sizeof *n + new_size);
    if (!n)
        return NULL;
    n->size = new_size;
    return n + 1;
}

static const nerve_allocator ALLOC = {t_malloc, t_realloc, t_free, NULL};

static void reset(size_t fail_at)
{
    C.calls = 0;
    C.fail_at = fail_at;
    C.hit = 0;
}

/* The failure points to try for an operation of `total` allocations. */
static size_t next_point(size_t n, size_t total)
{
    if (total <= MAX_POINTS || n < 64)
        return n + 1;
    size_t step = (total - 64) / (MAX_POINTS - 64) + 1;
    return n + step;
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

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

static char *to_json(const nerve_doc *doc)
{
    out_buf b = {NULL, 0, 0};
    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_doc_write_json(doc, NERVE_JSON_TOKENS, sink, &b, &err);
    if (rc != NERVE_OK)
        fail_msg("nerve_doc_write_json: %s", err.message);
    return b.v;
}

static void check_enomem(int rc, const nerve_error *err, const char *what, size_t n)
{
    if (rc != NERVE_ENOMEM || err->code != NERVE_ENOMEM)
        fail_msg("%s with allocation %zu failing: got %s (err.code %s: %s), want NERVE_ENOMEM",
                 what, n, nerve_errname(rc), nerve_errname(err->code), err->message);
}

static void check_no_leak(const char *what, size_t n)
{
    if (C.live != 0)
        fail_msg("%s with allocation %zu failing: %ld blocks leaked", what, n, C.live);
    if (C.bad_size != 0)
        fail_msg("%s: %zu realloc calls passed a wrong old_size", what, C.bad_size);
}

/* Load, add the fixtures, freeze. Returns the first failing status. */
static int load_fixture(nerve_model **model, nerve_error *err)
{
    *model = NULL;
    int rc = nerve_model_load(NULL, &ALLOC, NERVE_MODEL_EMPTY, model, err);
    if (rc == NERVE_OK)
        rc = nerve_model_add_gazetteer(*model, NERVE_TEST_DATA "/oom/oom.tsv", err);
    if (rc == NERVE_OK)
        rc = nerve_model_add_rules(*model, NERVE_TEST_DATA "/oom/oom.rules", err);
    if (rc == NERVE_OK)
        rc = nerve_model_freeze(*model, err);
    return rc;
}

static int load_default(nerve_model **model, nerve_error *err)
{
    *model = NULL;
    int rc = nerve_model_load(NULL, &ALLOC, 0, model, err);
    if (rc == NERVE_OK)
        rc = nerve_model_freeze(*model, err);
    return rc;
}

typedef int (*loader)(nerve_model **model, nerve_error *err);

/* ------------------------------------------------------------------------ */
/* Model loading                                                            */
/* ------------------------------------------------------------------------ */

static void model_load_fails_cleanly(loader load, const char *what)
{
    nerve_error err;
    memset(&C, 0, sizeof C);
    /* A run with no failure counts the allocations. */
    nerve_model *model;
    reset(0);
    memset(&err, 0, sizeof err);
    if (load(&model, &err) != NERVE_OK)
        fail_msg("%s: %s", what, err.message);
    size_t total = C.calls;
    nerve_model_free(model);
    check_no_leak(what, 0);

    size_t tried = 0;
    for (size_t n = 1;; n = next_point(n, total)) {
        reset(n);
        memset(&err, 0, sizeof err);
        int rc = load(&model, &err);
        if (!C.hit) {
            assert_int_equal(rc, NERVE_OK);
            nerve_model_free(model);
            check_no_leak(what, n);
            break;
        }
        tried++;
        if (rc != NERVE_OK) {
            check_enomem(rc, &err, what, n);
            if (model) {
                /* Still usable: it freezes (or reports why not) and frees. */
                reset(0);
                nerve_doc *doc = NULL;
                if (nerve_model_freeze(model, &err) == NERVE_OK &&
                    nerve_doc_new(model, &doc, &err) == NERVE_OK) {
                    rc = nerve_doc_process(doc, PARAGRAPH, sizeof PARAGRAPH - 1, NULL, &err);
                    assert_true(rc == NERVE_OK || rc == NERVE_ELIMIT);
                }
                nerve_doc_free(doc);
            }
        }
        nerve_model_free(model);
        check_no_leak(what, n);
    }
    print_message("# %s: %zu allocations, %zu failure points tried (%zu inside PCRE2's JIT "
                  "compiler moved to the next allocation)\n",
                  what, total, tried, C.spared);
}

static void model_fixture(void **state)
{
    (void)state;
    model_load_fails_cleanly(load_fixture, "empty model + fixture gazetteer and rules");
}

static void model_default(void **state)
{
    (void)state;
    model_load_fails_cleanly(load_default, "default model");
}

/* ------------------------------------------------------------------------ */
/* Documents                                                                */
/* ------------------------------------------------------------------------ */

static void doc_fails_cleanly(loader load, const char *what)
{
    nerve_error err;
    memset(&C, 0, sizeof C);
    reset(0);
    nerve_model *model;
    memset(&err, 0, sizeof err);
    if (load(&model, &err) != NERVE_OK)
        fail_msg("%s: %s", what, err.message);
    long model_live = C.live;

    /* The reference result, with no failure. */
    nerve_options opts;
    memset(&opts, 0, sizeof opts);
    opts.dct = "2020-09-28";
    opts.doc_id = "oom";
    nerve_doc *doc;
    assert_int_equal(nerve_doc_new(model, &doc, &err), NERVE_OK);
    reset(0);
    int rc = nerve_doc_process(doc, PARAGRAPH, sizeof PARAGRAPH - 1, &opts, &err);
    assert_true(rc == NERVE_OK || rc == NERVE_ELIMIT);
    size_t process_total = C.calls;
    char *want = to_json(doc);
    size_t nmentions;
    nerve_doc_mentions(doc, &nmentions);
    reset(0);
    free(to_json(doc));
    size_t write_total = C.calls;
    nerve_doc_free(doc);
    assert_int_equal(C.live, model_live);

    /* nerve_doc_new */
    size_t new_points = 0;
    for (size_t n = 1;; n++) {
        reset(n);
        doc = (nerve_doc *)&err; /* must be reset to NULL on failure */
        memset(&err, 0, sizeof err);
        rc = nerve_doc_new(model, &doc, &err);
        if (!C.hit) {
            assert_int_equal(rc, NERVE_OK);
            nerve_doc_free(doc);
            break;
        }
        new_points++;
        if (rc == NERVE_OK) {
            /* An optional allocation (e.g. the JIT stack) was absorbed: the
             * doc must still give the reference result. */
            reset(0);
            rc = nerve_doc_process(doc, PARAGRAPH, sizeof PARAGRAPH - 1, &opts, &err);
            assert_true(rc == NERVE_OK || rc == NERVE_ELIMIT);
            char *got = to_json(doc);
            if (strcmp(got, want) != 0)
                fail_msg("nerve_doc_new absorbed failing allocation %zu, then the doc gave a "
                         "different result",
                         n);
            free(got);
            nerve_doc_free(doc);
        } else {
            check_enomem(rc, &err, "nerve_doc_new", n);
            assert_null(doc);
        }
        assert_int_equal(C.live, model_live);
    }

    /* nerve_doc_process: a fresh doc each time, then the same doc again. */
    size_t process_points = 0;
    for (size_t n = 1;; n = next_point(n, process_total)) {
        reset(0);
        assert_int_equal(nerve_doc_new(model, &doc, &err), NERVE_OK);
        reset(n);
        memset(&err, 0, sizeof err);
        rc = nerve_doc_process(doc, PARAGRAPH, sizeof PARAGRAPH - 1, &opts, &err);
        int hit = C.hit;
        if (hit) {
            process_points++;
            if (rc != NERVE_OK && rc != NERVE_ELIMIT) {
                check_enomem(rc, &err, "nerve_doc_process", n);
                size_t count = 99;
                nerve_doc_mentions(doc, &count);
                assert_int_equal(count, 0);
                nerve_doc_tokens(doc, &count);
                assert_int_equal(count, 0);
            } else {
                /* A failure the library absorbed must not change the result. */
                char *got = to_json(doc);
                if (strcmp(got, want) != 0)
                    fail_msg("nerve_doc_process with allocation %zu failing returned OK with a "
                             "different result",
                             n);
                free(got);
            }
            /* The doc is still usable, and gives the reference result. */
            reset(0);
            rc = nerve_doc_process(doc, PARAGRAPH, sizeof PARAGRAPH - 1, &opts, &err);
            assert_true(rc == NERVE_OK || rc == NERVE_ELIMIT);
            char *got = to_json(doc);
            if (strcmp(got, want) != 0)
                fail_msg("after a failure at allocation %zu the doc gives a different result", n);
            free(got);
        }
        nerve_doc_free(doc);
        assert_int_equal(C.live, model_live);
        if (!hit)
            break;
    }

    /* nerve_doc_write_json */
    reset(0);
    assert_int_equal(nerve_doc_new(model, &doc, &err), NERVE_OK);
    rc = nerve_doc_process(doc, PARAGRAPH, sizeof PARAGRAPH - 1, &opts, &err);
    assert_true(rc == NERVE_OK || rc == NERVE_ELIMIT);
    size_t write_points = 0;
    for (size_t n = 1;; n++) {
        reset(n);
        out_buf b = {NULL, 0, 0};
        memset(&err, 0, sizeof err);
        rc = nerve_doc_write_json(doc, NERVE_JSON_TOKENS, sink, &b, &err);
        int hit = C.hit;
        if (hit) {
            write_points++;
            if (rc != NERVE_OK)
                check_enomem(rc, &err, "nerve_doc_write_json", n);
        }
        if (rc == NERVE_OK)
            assert_string_equal(b.v, want);
        free(b.v);
        if (!hit)
            break;
    }
    reset(0);
    char *got = to_json(doc);
    assert_string_equal(got, want);
    free(got);
    nerve_doc_free(doc);

    free(want);
    nerve_model_free(model);
    check_no_leak(what, 0);
    print_message("# %s: %zu mentions; process %zu allocations (%zu points), doc_new %zu points, "
                  "write %zu allocations (%zu points)\n",
                  what, nmentions, process_total, process_points, new_points, write_total,
                  write_points);
}

static void doc_fixture(void **state)
{
    (void)state;
    doc_fails_cleanly(load_fixture, "fixture model");
}

static void doc_default(void **state)
{
    (void)state;
    doc_fails_cleanly(load_default, "default model");
}

/* Compiling gazetteer sources into an image: every failure is NERVE_ENOMEM,
 * frees everything and leaves no output file behind. */
static void gazetteer_compile(void **state)
{
    (void)state;
    char out[] = "/tmp/nerve-oom-XXXXXX.gaz";
    int fd = mkstemps(out, 4);
    assert_true(fd >= 0);
    close(fd);
    unlink(out);
    nerve_error err;
    memset(&C, 0, sizeof C);
    reset(0);
    memset(&err, 0, sizeof err);
    if (nerve_gazetteer_compile(NERVE_TEST_DATA "/oom", out, &ALLOC, &err) != NERVE_OK)
        fail_msg("nerve_gazetteer_compile: %s", err.message);
    size_t total = C.calls;
    check_no_leak("nerve_gazetteer_compile", 0);
    unlink(out);
    size_t tried = 0;
    for (size_t n = 1;; n = next_point(n, total)) {
        reset(n);
        memset(&err, 0, sizeof err);
        int rc = nerve_gazetteer_compile(NERVE_TEST_DATA "/oom", out, &ALLOC, &err);
        check_no_leak("nerve_gazetteer_compile", n);
        if (!C.hit) {
            assert_int_equal(rc, NERVE_OK);
            break;
        }
        tried++;
        check_enomem(rc, &err, "nerve_gazetteer_compile", n);
        if (access(out, F_OK) == 0)
            fail_msg("nerve_gazetteer_compile with allocation %zu failing left %s behind", n, out);
    }
    /* the image of the last run loads and holds the fixture's entries */
    nerve_model *model = NULL;
    reset(0);
    assert_int_equal(nerve_model_load(NULL, &ALLOC, NERVE_MODEL_EMPTY, &model, &err), NERVE_OK);
    assert_int_equal(nerve_model_add_gazetteer(model, out, &err), NERVE_OK);
    assert_true(nerve_model_gazetteer_size(model) > 0);
    nerve_model_free(model);
    unlink(out);
    check_no_leak("nerve_gazetteer_compile", 0);
    print_message("# nerve_gazetteer_compile: %zu allocations, %zu failure points tried\n", total,
                  tried);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_fixture),     cmocka_unit_test(model_default),
        cmocka_unit_test(doc_fixture),       cmocka_unit_test(doc_default),
        cmocka_unit_test(gazetteer_compile),
    };
    /* TEST_FILTER=doc_* runs a subset (cmocka glob). */
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
