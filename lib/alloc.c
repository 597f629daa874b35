/*
 * alloc.c - allocator plumbing, growable arrays and the per-document arena.
 */
#include "alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *libc_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void *libc_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size)
{
    (void)ctx;
    (void)old_size;
    return realloc(ptr, new_size);
}

static void libc_free(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

void nerve__allocator_init(nerve_allocator *out, const nerve_allocator *user)
{
    if (user && user->malloc && user->realloc && user->free) {
        *out = *user;
    } else {
        out->malloc = libc_malloc;
        out->realloc = libc_realloc;
        out->free = libc_free;
        out->ctx = NULL;
    }
}

void *nerve__malloc(const nerve_allocator *al, size_t size)
{
    return al->malloc(al->ctx, size ? size : 1);
}

void *nerve__calloc(const nerve_allocator *al, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = nerve__malloc(al, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *nerve__realloc(const nerve_allocator *al, void *ptr, size_t old_size, size_t new_size)
{
    if (!ptr)
        return nerve__malloc(al, new_size);
    return al->realloc(al->ctx, ptr, old_size, new_size ? new_size : 1);
}

void nerve__free(const nerve_allocator *al, void *ptr)
{
    if (ptr)
        al->free(al->ctx, ptr);
}

int nerve__grow(const nerve_allocator *al, void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return NERVE_OK;
    /* Doubling up to 1 MiB, then by half: a large array (the tokens,
     * mentions and matches of a long text) then carries at most half its
     * size in unused capacity, not as much again. */
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return NERVE_ENOMEM;
        ncap += elem && ncap < ((size_t)1 << 20) / elem ? ncap : ncap / 2;
    }
    if (elem && ncap > SIZE_MAX / elem)
        return NERVE_ENOMEM;
    void *p = nerve__realloc(al, *ptr, *cap * elem, ncap * elem);
    if (!p)
        return NERVE_ENOMEM;
    *ptr = p;
    *cap = ncap;
    return NERVE_OK;
}

int nerve__resize(const nerve_allocator *al, void **ptr, size_t *cap, size_t cap_want, size_t elem)
{
    if (cap_want == 0)
        cap_want = 1;
    if (cap_want == *cap)
        return NERVE_OK;
    if (elem && cap_want > SIZE_MAX / elem)
        return NERVE_ENOMEM;
    void *p = nerve__realloc(al, *ptr, *cap * elem, cap_want * elem);
    if (!p)
        return NERVE_ENOMEM;
    *ptr = p;
    *cap = cap_want;
    return NERVE_OK;
}

int nerve__buf_append(const nerve_allocator *al, nerve__buf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX - b->n - 1)
        return NERVE_ENOMEM;
    if (nerve__vec_reserve(al, b, b->n + n + 1) != NERVE_OK)
        return NERVE_ENOMEM;
    if (n)
        memcpy(b->v + b->n, s, n);
    b->n += n;
    b->v[b->n] = '\0';
    return NERVE_OK;
}

int nerve__buf_putc(const nerve_allocator *al, nerve__buf *b, char c)
{
    return nerve__buf_append(al, b, &c, 1);
}

int nerve__buf_printf(const nerve_allocator *al, nerve__buf *b, const char *fmt, ...)
{
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NERVE_EINVAL;
    if ((size_t)n < sizeof small)
        return nerve__buf_append(al, b, small, (size_t)n);
    if (nerve__vec_reserve(al, b, b->n + (size_t)n + 1) != NERVE_OK)
        return NERVE_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->v + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
    return NERVE_OK;
}

/* Arena: a list of blocks, newest first. */
struct nerve__arena_block {
    nerve__arena_block *next;
    size_t size; /* usable bytes after the header */
};

#define ARENA_HEADER ((sizeof(nerve__arena_block) + 15) & ~(size_t)15)
#define ARENA_MIN_BLOCK ((size_t)16 * 1024)

void nerve__arena_init(nerve__arena *a, const nerve_allocator *al)
{
    a->al = al;
    a->head = NULL;
    a->used = 0;
}

void *nerve__arena_alloc(nerve__arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    if (!a->head || a->head->size - a->used < size) {
        size_t bsize = size > ARENA_MIN_BLOCK ? size : ARENA_MIN_BLOCK;
        if (a->head && a->head->size * 2 > bsize && a->head->size < ((size_t)1 << 24))
            bsize = a->head->size * 2;
        if (bsize > SIZE_MAX - ARENA_HEADER)
            return NULL;
        nerve__arena_block *blk = nerve__malloc(a->al, ARENA_HEADER + bsize);
        if (!blk)
            return NULL;
        blk->size = bsize;
        blk->next = a->head;
        a->head = blk;
        a->used = 0;
    }
    char *p = (char *)a->head + ARENA_HEADER + a->used;
    a->used += size;
    return p;
}

char *nerve__arena_strndup(nerve__arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = nerve__arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void nerve__arena_reset(nerve__arena *a)
{
    /* Keep the largest (newest) block, free the rest. */
    if (!a->head)
        return;
    nerve__arena_block *keep = a->head, *b = keep->next;
    while (b) {
        nerve__arena_block *next = b->next;
        nerve__free(a->al, b);
        b = next;
    }
    keep->next = NULL;
    a->head = keep;
    a->used = 0;
}

void nerve__arena_free(nerve__arena *a)
{
    nerve__arena_block *b = a->head;
    while (b) {
        nerve__arena_block *next = b->next;
        nerve__free(a->al, b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}
