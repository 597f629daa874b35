/*
 * nerve-train-classes - induce word classes from unlabeled text for the
 * syntax model's features (syntax/README.md).
 *
 *   nerve-train-classes [options] OUT.tsv INPUT...
 *
 * INPUT is a JSONL file of documents (the "text" member of each line), a
 * .conllu file or a directory of them (each sentence's surface text). The
 * text is tokenized with nerve's tokenizer and the bundled tokenizer
 * lexicon, as the syntax trainer does; each token is lower-cased (ASCII)
 * with digits as 0, the key the syntax features use. Sentence boundaries
 * are a word of their own.
 *
 * Classes: the exchange algorithm (Kneser and Ney; Martin, Liermann and
 * Ney 1998): every word of at least --min-count occurrences (default 3)
 * belongs to one class, rarer words are one "unknown" word; starting from
 * the frequency ranks dealt round-robin over the classes, each word in turn
 * moves to the class that most raises the likelihood of the class bigram
 * model,
 *
 *     sum_{c,d} N(c,d) log N(c,d) - sum_c N(c,.) log N(c,.) - sum_d N(.,d) log N(.,d),
 *
 * until a pass moves fewer than one word in a thousand or --iters passes
 * (default 12) are done. --classes A,B,C (default 32,256,1024) runs it
 * once for each number of classes.
 *
 * Output: one line per word (frequency order): the word, its count, then
 * its class at each granularity (0-based, numbered in order of first
 * appearance in the list). Deterministic: the same input and options give
 * the same bytes.
 */
#include "conllu.h"
#include "jsonl.h"
#include "tokenize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_GRAN 3
#define KEY_MAX 64 /* the syntax features' word key keeps 64 bytes */

static void *xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fprintf(stderr, "nerve-train-classes: out of memory\n");
        exit(1);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "nerve-train-classes: out of memory\n");
        exit(1);
    }
    return q;
}

/* ---- vocabulary ------------------------------------------------------------ */

typedef struct vocab {
    char *pool; /* NUL-terminated keys */
    size_t pool_n, pool_cap;
    size_t *off; /* word id -> key offset */
    uint64_t *count;
    size_t n, cap;
    uint32_t *slot; /* id + 1, 0 empty */
    size_t mask;
} vocab;

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static void vocab_init(vocab *v)
{
    memset(v, 0, sizeof *v);
    v->mask = (1u << 16) - 1;
    v->slot = xmalloc((v->mask + 1) * sizeof *v->slot);
}

static uint32_t vocab_id(vocab *v, const char *s, size_t n)
{
    size_t i = (size_t)hash_bytes(s, n) & v->mask;
    for (;;) {
        uint32_t id = v->slot[i];
        if (!id)
            break;
        const char *k = v->pool + v->off[id - 1];
        if (strlen(k) == n && memcmp(k, s, n) == 0)
            return id - 1;
        i = (i + 1) & v->mask;
    }
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1 << 14;
        v->off = xrealloc(v->off, v->cap * sizeof *v->off);
        v->count = xrealloc(v->count, v->cap * sizeof *v->count);
    }
    if (v->pool_n + n + 1 > v->pool_cap) {
        v->pool_cap = (v->pool_n + n + 1) * 2;
        v->pool = xrealloc(v->pool, v->pool_cap);
    }
    memcpy(v->pool + v->pool_n, s, n);
    v->pool[v->pool_n + n] = 0;
    v->off[v->n] = v->pool_n;
    v->count[v->n] = 0;
    v->pool_n += n + 1;
    uint32_t id = (uint32_t)v->n++;
    v->slot[i] = id + 1;
    if (v->n * 2 > v->mask + 1) { /* grow and rehash */
        free(v->slot);
        v->mask = v->mask * 2 + 1;
        v->slot = xmalloc((v->mask + 1) * sizeof *v->slot);
        for (size_t k = 0; k < v->n; k++) {
            const char *key = v->pool + v->off[k];
            size_t j = (size_t)hash_bytes(key, strlen(key)) & v->mask;
            while (v->slot[j])
                j = (j + 1) & v->mask;
            v->slot[j] = (uint32_t)k + 1;
        }
    }
    return id;
}

/* ---- the token stream -------------------------------------------------------- */

typedef struct stream {
    uint32_t *v;
    size_t n, cap;
} stream;

static void push(stream *s, uint32_t id)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1 << 20;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = id;
}

#define BOUNDARY "<s>"

/* The syntax features' key of a token: ASCII lower case, digits as 0. */
static size_t token_key(const char *text, const nerve_token *t, char *out)
{
    size_t n = t->span.end - t->span.start;
    if (n > KEY_MAX)
        n = KEY_MAX;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)text[t->span.start + k];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (c >= '0' && c <= '9')
            c = '0';
        out[k] = (char)c;
    }
    return n;
}

static uint64_t ntexts;
static nerve_allocator libc;

static void add_text(vocab *v, stream *s, const nerve__tok_lexicon *lex, nerve__tokens *toks,
                     const char *text, size_t len, uint32_t boundary)
{
    if (nerve__tokenize(&libc, lex, text, len, toks) != NERVE_OK) {
        fprintf(stderr, "nerve-train-classes: out of memory\n");
        exit(1);
    }
    ntexts++;
    char key[KEY_MAX];
    for (size_t k = 0; k < toks->sent.n; k++) {
        const nerve_sentence *se = &toks->sent.v[k];
        for (uint32_t i = 0; i < se->token_count; i++) {
            size_t n = token_key(text, &toks->tok.v[se->token_begin + i], key);
            uint32_t id = vocab_id(v, key, n);
            v->count[id]++;
            push(s, id);
        }
        push(s, boundary);
        v->count[boundary]++;
    }
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int read_input(const char *path, vocab *v, stream *s, const nerve__tok_lexicon *lex,
                      uint32_t boundary)
{
    nerve__tokens toks;
    memset(&toks, 0, sizeof toks);
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode) && ends_with(path, ".jsonl")) {
        bench_corpus c;
        if (bench_corpus_load(path, &c) != 0) {
            perror(path);
            return -1;
        }
        for (size_t i = 0; i < c.count; i++)
            if (c.docs[i].text)
                add_text(v, s, lex, &toks, c.docs[i].text, c.docs[i].text_len, boundary);
        bench_corpus_free(&c);
    } else {
        cu_corpus c;
        memset(&c, 0, sizeof c);
        if (cu_read(&c, path) != 0) {
            cu_free(&c);
            return -1;
        }
        for (size_t i = 0; i < c.n; i++)
            add_text(v, s, lex, &toks, c.s[i].text, c.s[i].len, boundary);
        cu_free(&c);
    }
    nerve__tokens_free(&libc, &toks);
    return 0;
}

/* ---- word bigrams ------------------------------------------------------------ */

/* Each word's distinct neighbours with their counts (CSR). */
typedef struct adj {
    size_t *first; /* nw + 1 */
    uint32_t *nb;
    uint32_t *cnt;
} adj;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* pairs: sorted (a << 32 | b) keys of every bigram occurrence. */
static void build_adj(const uint64_t *pairs, size_t np, size_t nw, adj *out)
{
    out->first = xmalloc((nw + 1) * sizeof *out->first);
    size_t nu = 0;
    for (size_t i = 0; i < np; i++)
        if (i == 0 || pairs[i] != pairs[i - 1])
            nu++;
    out->nb = xmalloc(nu * sizeof *out->nb);
    out->cnt = xmalloc(nu * sizeof *out->cnt);
    size_t k = 0;
    uint32_t cur = 0;
    out->first[0] = 0;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        while (j < np && pairs[j] == pairs[i])
            j++;
        uint32_t a = (uint32_t)(pairs[i] >> 32);
        while (cur < a)
            out->first[++cur] = k;
        out->nb[k] = (uint32_t)pairs[i];
        out->cnt[k] = (uint32_t)(j - i);
        k++;
        i = j;
    }
    while (cur < nw)
        out->first[++cur] = k;
}

/* ---- the exchange algorithm ------------------------------------------------- */

#define FTAB 65536
static double ftab[FTAB];

static inline double flog(uint64_t x)
{
    return x < FTAB ? ftab[x] : (double)x * log((double)x);
}

/* Cluster nw words (bigrams: right and left neighbours) into C classes;
 * cls[w] is w's class on return. */
static void exchange(size_t nw, const adj *right, const adj *left, uint32_t C, int iters,
                     uint32_t *cls)
{
    uint32_t *N = xmalloc((size_t)C * C * sizeof *N);  /* N[c*C+d]: class bigram (c, d) */
    uint32_t *NT = xmalloc((size_t)C * C * sizeof *N); /* NT[d*C+c] = N[c*C+d] */
    uint64_t *nl = xmalloc(C * sizeof *nl), *nr = xmalloc(C * sizeof *nr);
    uint64_t *wl = xmalloc(nw * sizeof *wl), *wr = xmalloc(nw * sizeof *wr);
    uint32_t *self = xmalloc(nw * sizeof *self);
    for (size_t w = 0; w < nw; w++) {
        cls[w] = (uint32_t)(w % C);
        for (size_t k = right->first[w]; k < right->first[w + 1]; k++) {
            wl[w] += right->cnt[k];
            if (right->nb[k] == w)
                self[w] = right->cnt[k];
        }
        for (size_t k = left->first[w]; k < left->first[w + 1]; k++)
            wr[w] += left->cnt[k];
    }
    for (size_t w = 0; w < nw; w++) {
        nl[cls[w]] += wl[w];
        nr[cls[w]] += wr[w];
        for (size_t k = right->first[w]; k < right->first[w + 1]; k++) {
            uint32_t c = cls[w], d = cls[right->nb[k]];
            N[(size_t)c * C + d] += right->cnt[k];
            NT[(size_t)d * C + c] += right->cnt[k];
        }
    }
    /* Per word: counts of its right (R) and left (L) neighbours by class. */
    uint64_t *R = xmalloc(C * sizeof *R), *L = xmalloc(C * sizeof *L);
    uint32_t *rl = xmalloc(C * sizeof *rl), *ll = xmalloc(C * sizeof *ll);
    for (int it = 0; it < iters; it++) {
        size_t moved = 0;
        clock_t t0 = clock();
        for (size_t w = 0; w < nw; w++) {
            uint32_t a = cls[w];
            size_t nrl = 0, nll = 0;
            for (size_t k = right->first[w]; k < right->first[w + 1]; k++) {
                if (right->nb[k] == w)
                    continue; /* the self bigram is counted apart */
                uint32_t d = cls[right->nb[k]];
                if (!R[d])
                    rl[nrl++] = d;
                R[d] += right->cnt[k];
            }
            for (size_t k = left->first[w]; k < left->first[w + 1]; k++) {
                if (left->nb[k] == w)
                    continue;
                uint32_t d = cls[left->nb[k]];
                if (!L[d])
                    ll[nll++] = d;
                L[d] += left->cnt[k];
            }
            uint64_t s = self[w];
            /* Take w out of a. */
            for (size_t k = 0; k < nrl; k++) {
                N[(size_t)a * C + rl[k]] -= (uint32_t)R[rl[k]];
                NT[(size_t)rl[k] * C + a] -= (uint32_t)R[rl[k]];
            }
            for (size_t k = 0; k < nll; k++) {
                N[(size_t)ll[k] * C + a] -= (uint32_t)L[ll[k]];
                NT[(size_t)a * C + ll[k]] -= (uint32_t)L[ll[k]];
            }
            N[(size_t)a * C + a] -= (uint32_t)s;
            NT[(size_t)a * C + a] -= (uint32_t)s;
            nl[a] -= wl[w];
            nr[a] -= wr[w];
            /* The gain of putting it into each class b. */
            uint32_t best = a;
            double bestg = -INFINITY;
            for (uint32_t b = 0; b < C; b++) {
                const uint32_t *row = N + (size_t)b * C, *col = NT + (size_t)b * C;
                double g = 0;
                for (size_t k = 0; k < nrl; k++) {
                    uint32_t d = rl[k];
                    if (d != b)
                        g += flog(row[d] + R[d]) - flog(row[d]);
                }
                for (size_t k = 0; k < nll; k++) {
                    uint32_t d = ll[k];
                    if (d != b)
                        g += flog(col[d] + L[d]) - flog(col[d]);
                }
                g += flog(row[b] + R[b] + L[b] + s) - flog(row[b]);
                g -= flog(nl[b] + wl[w]) - flog(nl[b]);
                g -= flog(nr[b] + wr[w]) - flog(nr[b]);
                if (g > bestg + 1e-9 || (b == a && g >= bestg - 1e-9)) {
                    bestg = g;
                    best = b;
                }
            }
            uint32_t b = best;
            for (size_t k = 0; k < nrl; k++) {
                N[(size_t)b * C + rl[k]] += (uint32_t)R[rl[k]];
                NT[(size_t)rl[k] * C + b] += (uint32_t)R[rl[k]];
            }
            for (size_t k = 0; k < nll; k++) {
                N[(size_t)ll[k] * C + b] += (uint32_t)L[ll[k]];
                NT[(size_t)b * C + ll[k]] += (uint32_t)L[ll[k]];
            }
            N[(size_t)b * C + b] += (uint32_t)s;
            NT[(size_t)b * C + b] += (uint32_t)s;
            nl[b] += wl[w];
            nr[b] += wr[w];
            if (b != a) {
                cls[w] = b;
                moved++;
            }
            for (size_t k = 0; k < nrl; k++)
                R[rl[k]] = 0;
            for (size_t k = 0; k < nll; k++)
                L[ll[k]] = 0;
        }
        double ll_ = 0;
        for (size_t i = 0; i < (size_t)C * C; i++)
            ll_ += flog(N[i]);
        for (uint32_t c = 0; c < C; c++)
            ll_ -= flog(nl[c]) + flog(nr[c]);
        fprintf(stderr, "  %u classes, pass %d: %zu words moved, objective %.6e (%.1f s)\n", C,
                it + 1, moved, ll_, (double)(clock() - t0) / CLOCKS_PER_SEC);
        if (moved * 1000 < nw)
            break;
    }
    free(N);
    free(NT);
    free(nl);
    free(nr);
    free(wl);
    free(wr);
    free(self);
    free(R);
    free(L);
    free(rl);
    free(ll);
}

/* ---- main ------------------------------------------------------------------- */

typedef struct rank {
    uint64_t count;
    const char *key;
    uint32_t id;
} rank;

static int cmp_rank(const void *a, const void *b)
{
    const rank *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

int main(int argc, char **argv)
{
    uint32_t gran[MAX_GRAN] = {32, 256, 1024};
    int ngran = 3, iters = 12;
    uint64_t min_count = 3;
    int a = 1;
    for (; a < argc && argv[a][0] == '-' && argv[a][1] == '-'; a++) {
        if (a + 1 >= argc)
            break;
        if (strcmp(argv[a], "--classes") == 0) {
            ngran = 0;
            char *p = argv[++a];
            while (*p && ngran < MAX_GRAN) {
                gran[ngran++] = (uint32_t)strtoul(p, &p, 10);
                if (*p == ',')
                    p++;
            }
        } else if (strcmp(argv[a], "--min-count") == 0) {
            min_count = strtoull(argv[++a], NULL, 10);
        } else if (strcmp(argv[a], "--iters") == 0) {
            iters = atoi(argv[++a]);
        } else {
            fprintf(stderr, "nerve-train-classes: unknown option %s\n", argv[a]);
            return 2;
        }
    }
    int ok = argc - a >= 2 && ngran > 0 && iters > 0 && min_count > 0;
    for (int g = 0; g < ngran; g++)
        ok = ok && gran[g] >= 2 && gran[g] <= 4096;
    if (!ok) {
        fprintf(stderr, "usage: nerve-train-classes [--classes A,B,C] [--min-count N] "
                        "[--iters K] OUT.tsv INPUT...\n");
        return 2;
    }
    const char *out = argv[a++];
    clock_t t0 = clock();
    nerve__allocator_init(&libc, NULL);
    nerve__tok_lexicon *lex = NULL;
    {
        char path[4096];
        nerve_error err;
        snprintf(path, sizeof path, "%s/rules/tokenizer.tsv", nerve_default_data_dir());
        if (nerve__tok_lexicon_load(NULL, path, NULL, &lex, &err) != NERVE_OK) {
            fprintf(stderr, "nerve-train-classes: %s:%u: %s\n", err.file, err.line, err.message);
            return 1;
        }
    }
    vocab v;
    vocab_init(&v);
    stream s = {0};
    uint32_t boundary = vocab_id(&v, BOUNDARY, strlen(BOUNDARY));
    push(&s, boundary);
    v.count[boundary]++;
    for (; a < argc; a++)
        if (read_input(argv[a], &v, &s, lex, boundary) != 0) {
            nerve__tok_lexicon_free(lex);
            free(s.v);
            free(v.pool);
            free(v.off);
            free(v.count);
            free(v.slot);
            return 1;
        }
    nerve__tok_lexicon_free(lex);
    /* Frequency ranks; words under min_count become one unknown word. */
    rank *r = xmalloc(v.n * sizeof *r);
    for (size_t i = 0; i < v.n; i++) {
        r[i].count = v.count[i];
        r[i].key = v.pool + v.off[i];
        r[i].id = (uint32_t)i;
    }
    qsort(r, v.n, sizeof *r, cmp_rank);
    size_t nw = 0;
    while (nw < v.n && r[nw].count >= min_count)
        nw++;
    uint32_t unk = (uint32_t)nw;
    uint32_t *map = xmalloc(v.n * sizeof *map);
    for (size_t i = 0; i < v.n; i++)
        map[r[i].id] = i < nw ? (uint32_t)i : unk;
    size_t nall = nw + 1;
    fprintf(stderr,
            "%llu texts, %zu tokens, %zu distinct words, %zu of them seen %llu times or more\n",
            (unsigned long long)ntexts, s.n, v.n, nw, (unsigned long long)min_count);
    uint64_t *pairs = xmalloc((s.n ? s.n - 1 : 1) * sizeof *pairs);
    size_t np = 0;
    for (size_t i = 0; i + 1 < s.n; i++)
        pairs[np++] = (uint64_t)map[s.v[i]] << 32 | map[s.v[i + 1]];
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    adj right, left;
    build_adj(pairs, np, nall, &right);
    for (size_t i = 0; i < np; i++)
        pairs[i] = (pairs[i] << 32) | (pairs[i] >> 32);
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    build_adj(pairs, np, nall, &left);
    free(pairs);
    for (size_t x = 0; x < FTAB; x++)
        ftab[x] = x ? (double)x * log((double)x) : 0;
    uint32_t *cls[MAX_GRAN];
    for (int g = 0; g < ngran; g++) {
        cls[g] = xmalloc(nall * sizeof *cls[g]);
        exchange(nall, &right, &left, gran[g], iters, cls[g]);
        /* Number the classes in order of first appearance by rank. */
        uint32_t *ren = xmalloc(gran[g] * sizeof *ren);
        for (uint32_t c = 0; c < gran[g]; c++)
            ren[c] = UINT32_MAX;
        uint32_t next = 0;
        for (size_t w = 0; w < nw; w++) {
            if (ren[cls[g][w]] == UINT32_MAX)
                ren[cls[g][w]] = next++;
            cls[g][w] = ren[cls[g][w]];
        }
        free(ren);
    }
    FILE *fp = fopen(out, "wb");
    if (!fp) {
        perror(out);
        return 1;
    }
    for (size_t w = 0; w < nw; w++) {
        if (strcmp(r[w].key, BOUNDARY) == 0)
            continue;
        fprintf(fp, "%s\t%llu", r[w].key, (unsigned long long)r[w].count);
        for (int g = 0; g < ngran; g++)
            fprintf(fp, "\t%u", cls[g][w]);
        fputc('\n', fp);
    }
    if (fclose(fp) != 0) {
        perror(out);
        return 1;
    }
    fprintf(stderr, "wrote %s: %zu words (%.1f s)\n", out, nw - 1,
            (double)(clock() - t0) / CLOCKS_PER_SEC);
    for (int g = 0; g < ngran; g++)
        free(cls[g]);
    free(map);
    free(r);
    free(right.first);
    free(right.nb);
    free(right.cnt);
    free(left.first);
    free(left.nb);
    free(left.cnt);
    free(s.v);
    free(v.pool);
    free(v.off);
    free(v.count);
    free(v.slot);
    return 0;
}
