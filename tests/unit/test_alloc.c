/*
 * test_alloc.c - growable arrays, buffers and the arena, with a counting
 * allocator that can fail on demand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct counting {
    size_t calls, live, fail_at; /* fail the fail_at-th call (1-based); 0 = never */
} counting;

static void *c_malloc(void *ctx, size_t n)
{
    counting *c = ctx;
    if (c->fail_at && ++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(n);
    if (p)
        c->live++;
    return p;
}

static void *c_realloc(void *ctx, void *p, size_t old, size_t n)
{
    counting *c = ctx;
    (void)old;
    if (c->fail_at && ++c->calls == c->fail_at)
        return NULL;
    return realloc(p, n);
}

static void c_free(void *ctx, void *p)
{
    counting *c = ctx;
    c->live--;
    free(p);
}

static void vec_push_and_grow(void **state)
{
    (void)state;
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    NERVE__VEC(int) v = {0};
    for (int i = 0; i < 1000; i++)
        assert_int_equal(nerve__vec_push(&al, &v, i), NERVE_OK);
    assert_int_equal(v.n, 1000);
    assert_true(v.cap >= 1000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v.v[i], i);
    nerve__vec_free(&al, &v);
    assert_null(v.v);
}

static void vec_push_failure_keeps_contents(void **state)
{
    (void)state;
    counting c = {0, 0, 0};
    nerve_allocator user = {c_malloc, c_realloc, c_free, &c};
    nerve_allocator al;
    nerve__allocator_init(&al, &user);
    NERVE__VEC(int) v = {0};
    for (int i = 0; i < 8; i++)
        assert_int_equal(nerve__vec_push(&al, &v, i), NERVE_OK);
    c.calls = 0;
    c.fail_at = 1; /* the growth from 8 to 16 fails */
    assert_int_equal(nerve__vec_push(&al, &v, 8), NERVE_ENOMEM);
    assert_int_equal(v.n, 8);
    assert_int_equal(v.v[7], 7);
    c.fail_at = 0;
    assert_int_equal(nerve__vec_push(&al, &v, 8), NERVE_OK);
    nerve__vec_free(&al, &v);
    assert_int_equal(c.live, 0);
}

static void grow_overflow_is_enomem(void **state)
{
    (void)state;
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    void *p = NULL;
    size_t cap = 0;
    assert_int_equal(nerve__grow(&al, &p, &cap, SIZE_MAX / 2, 16), NERVE_ENOMEM);
    assert_null(p);
    assert_int_equal(cap, 0);
}

static void buf_printf_long(void **state)
{
    (void)state;
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    nerve__buf b = {0};
    assert_int_equal(nerve__buf_append(&al, &b, "id=", 3), NERVE_OK);
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(nerve__buf_printf(&al, &b, "%s/%d", big, 42), NERVE_OK);
    assert_int_equal(b.n, 3 + 299 + 3);
    assert_string_equal(b.v + b.n - 3, "/42");
    assert_int_equal(b.v[b.n], '\0');
    nerve__vec_free(&al, &b);
}

static void arena_pointers_stay_valid(void **state)
{
    (void)state;
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    nerve__arena a;
    nerve__arena_init(&a, &al);
    char *first = nerve__arena_strndup(&a, "Rabat", 5);
    assert_non_null(first);
    for (int i = 0; i < 10000; i++) {
        char *p = nerve__arena_strndup(&a, "Algiers and Tunis", 17);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
    }
    char *huge = nerve__arena_alloc(&a, 1 << 20);
    assert_non_null(huge);
    memset(huge, 1, 1 << 20);
    assert_string_equal(first, "Rabat");
    nerve__arena_reset(&a);
    char *again = nerve__arena_strndup(&a, "Carthage", 8);
    assert_string_equal(again, "Carthage");
    nerve__arena_free(&a);
}

static void arena_failure_returns_null(void **state)
{
    (void)state;
    counting c = {0, 0, 1};
    nerve_allocator user = {c_malloc, c_realloc, c_free, &c};
    nerve_allocator al;
    nerve__allocator_init(&al, &user);
    nerve__arena a;
    nerve__arena_init(&a, &al);
    assert_null(nerve__arena_alloc(&a, 10));
    c.fail_at = 0;
    assert_non_null(nerve__arena_alloc(&a, 10));
    nerve__arena_free(&a);
    assert_int_equal(c.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vec_push_and_grow),
        cmocka_unit_test(vec_push_failure_keeps_contents),
        cmocka_unit_test(grow_overflow_is_enomem),
        cmocka_unit_test(buf_printf_long),
        cmocka_unit_test(arena_pointers_stay_valid),
        cmocka_unit_test(arena_failure_returns_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
