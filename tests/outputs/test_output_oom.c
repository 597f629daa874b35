/*
 * test_output_oom - every serializer of nerve_doc_write when the model's
 * allocator fails: each allocation a writer makes fails in turn, and the
 * call must then return NERVE_ENOMEM having written nothing, free what it
 * took, and otherwise write exactly what it writes with memory to spare.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <nerve.h>

#include <stdlib.h>
#include <string.h>

static const char TEXT[] =
    "Portuguese Foreign Minister Ana Duarte will travel to Morocco on Thursday for talks with "
    "her Moroccan counterpart.\n"
    "Duarte is expected to meet King Mohammed VI in Rabat before flying on to Algiers.\n"
    "The German chancellor's planned trip to Warsaw and Prague was called off on Sunday.\n";

typedef struct counter {
    size_t calls, fail_at;
    int hit;
    long live;
} counter;

static void *c_malloc(void *ctx, size_t size)
{
    counter *c = ctx;
    if (c->fail_at && ++c->calls == c->fail_at) {
        c->hit = 1;
        return NULL;
    }
    void *p = malloc(size);
    c->live += p != NULL;
    return p;
}

static void *c_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size)
{
    counter *c = ctx;
    (void)old_size;
    if (c->fail_at && ++c->calls == c->fail_at) {
        c->hit = 1;
        return NULL;
    }
    void *p = realloc(ptr, new_size);
    c->live += p != NULL && ptr == NULL;
    return p;
}

static void c_free(void *ctx, void *ptr)
{
    counter *c = ctx;
    c->live -= ptr != NULL;
    free(ptr);
}

typedef struct buf {
    char *v;
    size_t n;
} buf;

static int sink(void *ctx, const char *data, size_t len)
{
    buf *b = ctx;
    char *p = realloc(b->v, b->n + len + 1);
    if (!p)
        return -1;
    memcpy(p + b->n, data, len);
    b->v = p;
    b->n += len;
    b->v[b->n] = '\0';
    return 0;
}

static void writers_fail_cleanly(void **state)
{
    (void)state;
    counter c;
    memset(&c, 0, sizeof c);
    nerve_allocator al = {c_malloc, c_realloc, c_free, &c};
    nerve_model *model = NULL;
    nerve_doc *doc = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve_model_load(NULL, &al, 0, &model, &err), NERVE_OK);
    assert_int_equal(nerve_doc_new(model, &doc, &err), NERVE_OK);
    nerve_options opts;
    memset(&opts, 0, sizeof opts);
    opts.dct = "2021-03-15";
    opts.doc_id = "oom";
    assert_int_equal(nerve_doc_process(doc, TEXT, sizeof TEXT - 1, &opts, &err), NERVE_OK);
    size_t n_events = 0;
    nerve_doc_events(doc, &n_events);
    assert_true(n_events >= 3); /* the writers that allocate have work to do */
    static const int FORMATS[] = {NERVE_FORMAT_JSON,
                                  NERVE_FORMAT_PRETTY,
                                  NERVE_FORMAT_CONLL,
                                  NERVE_FORMAT_CONLLU,
                                  NERVE_FORMAT_BRAT,
                                  NERVE_FORMAT_HTML,
                                  NERVE_FORMAT_BRAT_ANNOTATION_CONF,
                                  NERVE_FORMAT_BRAT_VISUAL_CONF};
    size_t injected = 0;
    for (size_t f = 0; f < sizeof FORMATS / sizeof FORMATS[0]; f++) {
        buf want = {NULL, 0};
        assert_int_equal(nerve_doc_write(doc, FORMATS[f], 0, sink, &want, &err), NERVE_OK);
        assert_true(want.n > 0);
        for (size_t n = 1;; n++) {
            long live = c.live;
            c.calls = 0;
            c.fail_at = n;
            c.hit = 0;
            buf got = {NULL, 0};
            memset(&err, 0, sizeof err);
            int rc = nerve_doc_write(doc, FORMATS[f], 0, sink, &got, &err);
            int hit = c.hit;
            c.fail_at = 0;
            assert_int_equal(c.live, live); /* everything taken was given back */
            if (hit) {
                injected++;
                assert_int_equal(rc, NERVE_ENOMEM);
                assert_int_equal(err.code, NERVE_ENOMEM);
                /* every allocation comes before the first byte is written */
                assert_int_equal(got.n, 0);
            } else {
                assert_int_equal(rc, NERVE_OK);
                assert_int_equal(got.n, want.n);
                assert_memory_equal(got.v, want.v, want.n);
            }
            free(got.v);
            if (!hit)
                break;
        }
        free(want.v);
    }
    /* HTML (scratch arrays) and brat (trigger numbers) allocate, as does the
     * writer's buffer of every format */
    assert_true(injected >= sizeof FORMATS / sizeof FORMATS[0] + 2);
    nerve_doc_free(doc);
    nerve_model_free(model);
    assert_int_equal(c.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(writers_fail_cleanly)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
