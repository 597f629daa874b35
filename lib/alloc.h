/*
 * alloc.h - allocator plumbing: the caller's nerve_allocator (or libc),
 * overflow-checked growth of arrays, and a chunked per-document arena whose
 * blocks never move (so pointers into it stay valid until reset).
 */
#ifndef NERVE_ALLOC_H
#define NERVE_ALLOC_H

#include "nerve.h"

#include <stddef.h>

/* Fill *out from a user allocator, or with libc's functions when user is NULL. */
void nerve__allocator_init(nerve_allocator *out, const nerve_allocator *user);

void *nerve__malloc(const nerve_allocator *al, size_t size);
void *nerve__calloc(const nerve_allocator *al, size_t count, size_t size);
void *nerve__realloc(const nerve_allocator *al, void *ptr, size_t old_size, size_t new_size);
void nerve__free(const nerve_allocator *al, void *ptr);

/*
 * Make room for at least `need` elements of `elem` bytes in *ptr (capacity
 * *cap, in elements). Grows geometrically. Returns NERVE_OK or NERVE_ENOMEM
 * (then *ptr and *cap are unchanged).
 */
int nerve__grow(const nerve_allocator *al, void **ptr, size_t *cap, size_t need, size_t elem);

/*
 * Set the capacity of *ptr to exactly `cap_want` elements (at least 1) when
 * that differs from *cap: for arrays whose final size is known, where the
 * geometric growth of nerve__grow would leave up to half unused (per input
 * byte, that slack was a large part of a document's memory). NERVE_ENOMEM
 * leaves *ptr and *cap unchanged; shrinking never fails the caller's data.
 */
int nerve__resize(const nerve_allocator *al, void **ptr, size_t *cap, size_t cap_want, size_t elem);

/* A growable array of T: v[0..n) used, cap allocated. Zero-initialize. */
#define NERVE__VEC(T)                                                                              \
    struct {                                                                                       \
        T *v;                                                                                      \
        size_t n, cap;                                                                             \
    }

#define nerve__vec_reserve(al, vec, need)                                                          \
    ((need) <= (vec)->cap                                                                          \
         ? NERVE_OK                                                                                \
         : nerve__grow((al), (void **)&(vec)->v, &(vec)->cap, (need), sizeof(*(vec)->v)))

/* Append one element; evaluates to NERVE_OK or NERVE_ENOMEM. */
#define nerve__vec_push(al, vec, item)                                                             \
    (nerve__vec_reserve((al), (vec), (vec)->n + 1) != NERVE_OK                                     \
         ? NERVE_ENOMEM                                                                            \
         : ((vec)->v[(vec)->n++] = (item), NERVE_OK))

/* Capacity exactly need elements (grow or shrink); NERVE_OK or NERVE_ENOMEM. */
#define nerve__vec_resize(al, vec, need)                                                           \
    nerve__resize((al), (void **)&(vec)->v, &(vec)->cap, (need), sizeof(*(vec)->v))

/* Give back the unused capacity of a large array (a no-op for small ones). */
#define nerve__vec_shrink(al, vec)                                                                 \
    ((void)(((vec)->cap - (vec)->n) * sizeof(*(vec)->v) > ((size_t)64 << 10)                       \
                ? nerve__vec_resize((al), (vec), (vec)->n)                                         \
                : NERVE_OK))

#define nerve__vec_free(al, vec)                                                                   \
    do {                                                                                           \
        nerve__free((al), (vec)->v);                                                               \
        (vec)->v = NULL;                                                                           \
        (vec)->n = (vec)->cap = 0;                                                                 \
    } while (0)

/* A growable byte buffer, always NUL-terminated when n > 0 is appended through it. */
typedef NERVE__VEC(char) nerve__buf;

int nerve__buf_append(const nerve_allocator *al, nerve__buf *b, const char *s, size_t n);
int nerve__buf_putc(const nerve_allocator *al, nerve__buf *b, char c);
/* printf-style append; returns NERVE_OK, NERVE_ENOMEM or NERVE_EINVAL on a format error. */
int nerve__buf_printf(const nerve_allocator *al, nerve__buf *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Arrays of public result structs, shared by the stages that fill them. */
typedef NERVE__VEC(nerve_mention) nerve__mention_vec;

/* A chunked bump allocator. Blocks never move; reset keeps the first block. */
typedef struct nerve__arena_block nerve__arena_block;
typedef struct nerve__arena {
    const nerve_allocator *al;
    nerve__arena_block *head;
    size_t used; /* bytes used in head */
} nerve__arena;

void nerve__arena_init(nerve__arena *a, const nerve_allocator *al);
/* Aligned to 16 bytes; NULL on out of memory. */
void *nerve__arena_alloc(nerve__arena *a, size_t size);
/* Copy s[0..n) and a NUL; NULL on out of memory. */
char *nerve__arena_strndup(nerve__arena *a, const char *s, size_t n);
void nerve__arena_reset(nerve__arena *a);
void nerve__arena_free(nerve__arena *a);

#endif
