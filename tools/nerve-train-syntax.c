/*
 * nerve-train-syntax - train the syntax model (UPOS tagger and dependency
 * parser) from CoNLL-U treebanks, on nerve's own tokens, and write the model
 * file lib/syntax.c reads.
 *
 *   nerve-train-syntax [options] OUT.syn TREEBANK...
 *
 * TREEBANK is a .conllu file or a directory of them (read in name order).
 * Options: --tag-epochs N (default 8), --dep-epochs N (default 15),
 * --folds K (jackknifing of the parser's training tags, default 4),
 * --seed S, --notice FILE (text stored in the model: sources, licences),
 * --dev DIR (print scores on a development treebank), --explore N (in how
 * many tenths of its mistakes the dynamic oracle follows the model, default
 * 9; 0 never),
 * --tag-min-updates N and --dep-min-updates N (features that took part in
 * fewer updates are left out of the file; defaults 1 and 3), --both-tokens N
 * (a sentence nerve tokenizes otherwise than the treebank is learnt on both
 * tokenizations: 0 no, the default; 1 by the tagger and the parser; 2 the
 * tagger only; 3 the parser only; syntax/README.md has the figures),
 * --mix K (train K taggers and K parsers on K orders of the sentences and
 * average their weights; default 1), --classes FILE (word classes from
 * tools/nerve-train-classes: word, count, then its class at up to three
 * granularities, coarse to fine; stored in the model for its features).
 *
 * Deterministic: the same treebanks and options give the same bytes (fixed
 * seed for the sentence order and the oracle's exploration, integer
 * perceptron arithmetic, features written in hash order).
 *
 * Each sentence's text is rebuilt from FORM and SpaceAfter=No, tokenized by
 * nerve__tokenize and aligned to the treebank's words (tools/conllu.c); the
 * tagger is an averaged perceptron with a tag dictionary of frequent
 * unambiguous words; the parser an arc-hybrid averaged perceptron trained
 * with a dynamic oracle on projectivized trees and jackknifed tags.
 */
#include "conllu.h"
#include "syntax.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fprintf(stderr, "nerve-train-syntax: out of memory\n");
        exit(1);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "nerve-train-syntax: out of memory\n");
        exit(1);
    }
    return q;
}

/* ---- training sentences --------------------------------------------------- */

typedef struct tsent {
    const char *text;
    nerve_token *tok;
    nerve__syn_word *w;
    uint8_t *gold_tag, *tag; /* tag: the tagger's (jackknifed) tags for the parser */
    int *head;               /* projective gold heads, n = root */
    uint8_t *label;
    size_t n;
    size_t fold; /* the jackknifing fold's index: a sentence's copies share it */
    int copy;    /* on the treebank's words (--both-tokens) */
} tsent;

static const char *const POS[] = {
#define NERVE_X_POS(name) #name,
    NERVE_POS_LIST(NERVE_X_POS)
#undef NERVE_X_POS
};
#define NPOS ((int)(sizeof POS / sizeof *POS))
static const char *const DEPS[] = {
#define NERVE_X_DEP(name, text) text,
    NERVE_DEP_LIST(NERVE_X_DEP)
#undef NERVE_X_DEP
};
#define NDEPS ((int)(sizeof DEPS / sizeof *DEPS))

static int pos_index(const char *s)
{
    for (int i = 0; i < NPOS; i++)
        if (strcmp(POS[i], s) == 0)
            return i;
    return NPOS - 1; /* X */
}

/* A relation nerve knows: itself, else its universal part, else dep. */
static int dep_index(const char *s)
{
    char b[64];
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < NDEPS; i++)
            if (strcmp(DEPS[i], s) == 0)
                return i;
        s = cu_base_rel(s, b, sizeof b);
    }
    for (int i = 0; i < NDEPS; i++)
        if (strcmp(DEPS[i], "dep") == 0)
            return i;
    return 0;
}

/* ---- averaged perceptron with sparse rows -------------------------------- */

typedef struct pent {
    int64_t tot; /* sum of w over the updates' timeline up to ts */
    int32_t w;
    uint32_t ts;
    uint16_t cls;
} pent;

typedef struct prow {
    uint64_t key;
    pent *e;
    uint32_t n, cap;
    uint32_t updates; /* times the feature took part in an update */
    double *avg;      /* after finish: averaged weight of each entry */
} prow;

typedef struct percep {
    uint32_t *slot; /* row index + 1, 0 empty */
    size_t mask;
    prow *rows;
    size_t nrows, cap;
    uint32_t now; /* examples seen */
    int nclasses;
    int finished;
} percep;

static void percep_init(percep *p, int nclasses)
{
    memset(p, 0, sizeof *p);
    p->mask = (1u << 20) - 1;
    p->slot = xmalloc((p->mask + 1) * sizeof *p->slot);
    p->nclasses = nclasses;
}

static void percep_free(percep *p)
{
    for (size_t i = 0; i < p->nrows; i++) {
        free(p->rows[i].e);
        free(p->rows[i].avg);
    }
    free(p->rows);
    free(p->slot);
    memset(p, 0, sizeof *p);
}

static prow *find_row(const percep *p, uint64_t key)
{
    size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL >> 20) & p->mask;
    for (;;) {
        uint32_t s = p->slot[i];
        if (!s)
            return NULL;
        if (p->rows[s - 1].key == key)
            return &p->rows[s - 1];
        i = (i + 1) & p->mask;
    }
}

static void insert_slot(percep *p, uint64_t key, uint32_t id)
{
    size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL >> 20) & p->mask;
    while (p->slot[i])
        i = (i + 1) & p->mask;
    p->slot[i] = id;
}

static prow *get_row(percep *p, uint64_t key)
{
    prow *r = find_row(p, key);
    if (r)
        return r;
    if ((p->nrows + 1) * 2 > p->mask + 1) {
        free(p->slot);
        p->mask = p->mask * 2 + 1;
        p->slot = xmalloc((p->mask + 1) * sizeof *p->slot);
        for (size_t k = 0; k < p->nrows; k++)
            insert_slot(p, p->rows[k].key, (uint32_t)k + 1);
    }
    if (p->nrows == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 1 << 16;
        p->rows = xrealloc(p->rows, p->cap * sizeof *p->rows);
    }
    r = &p->rows[p->nrows++];
    memset(r, 0, sizeof *r);
    r->key = key;
    insert_slot(p, key, (uint32_t)p->nrows);
    return r;
}

static void update(percep *p, const uint64_t *f, size_t nf, int cls, int delta)
{
    for (size_t j = 0; j < nf; j++) {
        prow *r = get_row(p, f[j]);
        if (delta > 0)
            r->updates++;
        pent *e = NULL;
        for (uint32_t k = 0; k < r->n; k++)
            if (r->e[k].cls == cls) {
                e = &r->e[k];
                break;
            }
        if (!e) {
            if (r->n == r->cap) {
                r->cap = r->cap ? r->cap * 2 : 4;
                r->e = xrealloc(r->e, r->cap * sizeof *r->e);
            }
            e = &r->e[r->n++];
            memset(e, 0, sizeof *e);
            e->cls = (uint16_t)cls;
            e->ts = p->now;
        }
        e->tot += (int64_t)e->w * (int64_t)(p->now - e->ts);
        e->ts = p->now;
        e->w += delta;
    }
}

/* Scores with the current weights (training) or the averaged ones. */
static void pscore(const percep *p, const uint64_t *f, size_t nf, double *sc)
{
    for (int c = 0; c < p->nclasses; c++)
        sc[c] = 0;
    for (size_t j = 0; j < nf; j++) {
        const prow *r = find_row(p, f[j]);
        if (!r)
            continue;
        if (p->finished)
            for (uint32_t k = 0; k < r->n; k++)
                sc[r->e[k].cls] += r->avg[k];
        else
            for (uint32_t k = 0; k < r->n; k++)
                sc[r->e[k].cls] += r->e[k].w;
    }
}

static void percep_finish(percep *p)
{
    double t = p->now ? (double)p->now : 1;
    for (size_t i = 0; i < p->nrows; i++) {
        prow *r = &p->rows[i];
        r->avg = xmalloc((r->n ? r->n : 1) * sizeof *r->avg);
        for (uint32_t k = 0; k < r->n; k++) {
            pent *e = &r->e[k];
            int64_t tot = e->tot + (int64_t)e->w * (int64_t)(p->now - e->ts);
            r->avg[k] = (double)tot / t;
        }
    }
    p->finished = 1;
}

/* Add weight times p's averaged weights into m (parameter mixing: the
 * average of perceptrons trained in different orders varies less from one
 * order to another than each of them). m's update counts are p's, scaled
 * the same way, so that --*-min-updates keeps its meaning. */
static void percep_mix(percep *m, const percep *p, double weight, int k)
{
    for (size_t i = 0; i < p->nrows; i++) {
        const prow *r = &p->rows[i];
        prow *d = get_row(m, r->key);
        d->updates += r->updates;
        for (uint32_t x = 0; x < r->n; x++) {
            uint32_t j = 0;
            while (j < d->n && d->e[j].cls != r->e[x].cls)
                j++;
            if (j == d->n) {
                if (d->n == d->cap) {
                    d->cap = d->cap ? d->cap * 2 : 4;
                    d->e = xrealloc(d->e, d->cap * sizeof *d->e);
                    d->avg = xrealloc(d->avg, d->cap * sizeof *d->avg);
                }
                memset(&d->e[j], 0, sizeof d->e[j]);
                d->e[j].cls = r->e[x].cls;
                d->avg[j] = 0;
                d->n++;
            }
            d->avg[j] += weight * r->avg[x];
        }
    }
    if (k >= 0) /* the last model: mean update counts */
        for (size_t i = 0; i < m->nrows; i++)
            m->rows[i].updates /= (uint32_t)k;
    m->finished = 1;
}

/* ---- deterministic randomness -------------------------------------------- */

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void shuffle(size_t *v, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(rng() % i);
        size_t t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

/* 1: the copies of sentences on the treebank's words train the tagger and
 * the parser; 2: the tagger only; 3: the parser only. */
static int both_tokens = 0;
#define TAGGER_SKIPS(t) ((t)->copy && both_tokens == 3)

/* ---- tag dictionary ------------------------------------------------------- */

typedef struct dict_entry {
    uint64_t word;
    uint32_t count[NERVE__SYN_MAX_TAGS];
    uint32_t total;
} dict_entry;

typedef struct tagdict {
    dict_entry *e;
    size_t mask, n;
    /* the words kept: word -> tag */
    uint64_t *kw;
    uint8_t *kt;
    size_t nk;
} tagdict;

static dict_entry *dict_get(tagdict *d, uint64_t word)
{
    size_t i = (size_t)(word >> 7) & d->mask;
    while (d->e[i].total && d->e[i].word != word)
        i = (i + 1) & d->mask;
    d->e[i].word = word;
    return &d->e[i];
}

static int dict_find(const tagdict *d, uint64_t word)
{
    /* Linear scan is too slow; the kept words are sorted. */
    size_t lo = 0, hi = d->nk;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->kw[mid] < word)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->nk && d->kw[lo] == word ? d->kt[lo] : -1;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void build_dict(tagdict *d, const tsent *s, size_t ns, uint32_t min_count, double min_ratio)
{
    d->mask = (1u << 18) - 1;
    d->e = xmalloc((d->mask + 1) * sizeof *d->e);
    for (size_t i = 0; i < ns; i++)
        for (size_t k = 0; k < s[i].n && !TAGGER_SKIPS(&s[i]); k++) {
            dict_entry *e = dict_get(d, s[i].w[k].word);
            e->count[s[i].gold_tag[k]]++;
            e->total++;
        }
    uint64_t *pairs = xmalloc((d->mask + 1) * sizeof *pairs);
    size_t np = 0;
    for (size_t i = 0; i <= d->mask; i++) {
        const dict_entry *e = &d->e[i];
        if (e->total < min_count)
            continue;
        uint32_t best = 0;
        for (int t = 1; t < NERVE__SYN_MAX_TAGS; t++)
            if (e->count[t] > e->count[best])
                best = (uint32_t)t;
        if ((double)e->count[best] >= min_ratio * e->total)
            pairs[np++] = i;
    }
    d->kw = xmalloc(np * sizeof *d->kw);
    d->kt = xmalloc(np);
    /* sort by word */
    uint64_t *words = xmalloc(np * sizeof *words);
    for (size_t i = 0; i < np; i++)
        words[i] = d->e[pairs[i]].word;
    qsort(words, np, sizeof *words, cmp_u64);
    for (size_t i = 0; i < np; i++) {
        dict_entry *e = dict_get(d, words[i]);
        uint32_t best = 0;
        for (int t = 1; t < NERVE__SYN_MAX_TAGS; t++)
            if (e->count[t] > e->count[best])
                best = (uint32_t)t;
        d->kw[i] = words[i];
        d->kt[i] = (uint8_t)best;
    }
    d->nk = np;
    free(words);
    free(pairs);
}

/* ---- ambiguity lexicon ---------------------------------------------------- */

typedef struct amblex {
    uint64_t *word;
    uint32_t *mask;
    size_t n;
} amblex;

typedef struct wt {
    uint64_t word;
    uint32_t tag;
} wt;

static int cmp_wt(const void *a, const void *b)
{
    const wt *x = a, *y = b;
    if (x->word != y->word)
        return x->word < y->word ? -1 : 1;
    return (x->tag > y->tag) - (x->tag < y->tag);
}

/* The tags of every word seen at least min_count times in the sentences
 * outside fold skip (skip < 0: all). */
static void build_amb(amblex *lx, const tsent *s, size_t ns, int folds, int skip,
                      uint32_t min_count)
{
    size_t n = 0;
    for (size_t i = 0; i < ns; i++)
        if ((skip < 0 || (int)(s[i].fold % (size_t)folds) != skip) && !TAGGER_SKIPS(&s[i]))
            n += s[i].n;
    wt *v = xmalloc(n * sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < ns; i++)
        if ((skip < 0 || (int)(s[i].fold % (size_t)folds) != skip) && !TAGGER_SKIPS(&s[i]))
            for (size_t j = 0; j < s[i].n; j++) {
                v[k].word = s[i].w[j].word;
                v[k].tag = s[i].gold_tag[j];
                k++;
            }
    qsort(v, n, sizeof *v, cmp_wt);
    free(lx->word);
    free(lx->mask);
    lx->word = xmalloc(n * sizeof *lx->word);
    lx->mask = xmalloc(n * sizeof *lx->mask);
    lx->n = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint32_t mask = 0;
        while (j < n && v[j].word == v[i].word)
            mask |= 1u << v[j++].tag;
        if (j - i >= min_count) {
            lx->word[lx->n] = v[i].word;
            lx->mask[lx->n] = mask;
            lx->n++;
        }
        i = j;
    }
    free(v);
}

static uint32_t amb_find(const amblex *lx, uint64_t word)
{
    size_t lo = 0, hi = lx->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (lx->word[mid] < word)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lx->n && lx->word[lo] == word ? lx->mask[lo] : 0;
}

static void set_amb(const amblex *lx, tsent *s, size_t ns)
{
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < s[i].n; j++)
            s[i].w[j].amb = amb_find(lx, s[i].w[j].word);
}

/* ---- word classes ----------------------------------------------------------- */

typedef struct clslex {
    uint64_t *word; /* sorted */
    uint32_t *val;  /* nerve__syn_cls_pack of the classes + 1 */
    size_t n;
    uint64_t hash; /* of the file's bytes, for the notice */
} clslex;

typedef struct wv {
    uint64_t word;
    uint32_t val;
} wv;

static int cmp_wv(const void *a, const void *b)
{
    const wv *x = a, *y = b;
    return x->word < y->word ? -1 : x->word > y->word;
}

static char *read_text(const char *path);

/* Read a class file; exits with a message naming the line on bad input. */
static void load_classes(clslex *cl, const char *path)
{
    char *text = read_text(path);
    if (!text)
        exit(1);
    size_t len = strlen(text), cap = 1024, n = 0;
    cl->hash = nerve__syn_hash(text, len, 7);
    wv *v = xmalloc(cap * sizeof *v);
    unsigned line = 0;
    static const unsigned maxc[3] = {NERVE__SYN_CLS_MAX0, NERVE__SYN_CLS_MAX1, NERVE__SYN_CLS_MAX2};
    for (char *p = text; *p;) {
        char *e = strchr(p, '\n');
        if (!e)
            e = p + strlen(p);
        line++;
        char *tab = memchr(p, '\t', (size_t)(e - p));
        unsigned long col[5];
        int nc = 0;
        if (tab) {
            char *q = tab;
            while (q < e && *q == '\t' && nc < 5) {
                col[nc++] = strtoul(q + 1, &q, 10);
            }
        }
        if (!tab || nc < 2 || tab == p) {
            fprintf(stderr, "nerve-train-syntax: %s:%u: expected word, count, classes\n", path,
                    line);
            exit(1);
        }
        uint16_t c[3];
        for (int g = 0; g < 3; g++) {
            unsigned long x = col[1 + (g < nc - 1 ? g : nc - 2)] + 1;
            if (x > maxc[g]) {
                fprintf(stderr, "nerve-train-syntax: %s:%u: class %lu out of range\n", path, line,
                        x - 1);
                exit(1);
            }
            c[g] = (uint16_t)x;
        }
        nerve_token tk;
        memset(&tk, 0, sizeof tk);
        tk.span.start = 0;
        tk.span.end = (uint32_t)(tab - p);
        nerve__syn_word w;
        nerve__syn_words(p, &tk, 1, &w);
        if (n == cap) {
            cap *= 2;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[n].word = w.word;
        v[n].val = nerve__syn_cls_pack(c);
        n++;
        p = *e ? e + 1 : e;
    }
    qsort(v, n, sizeof *v, cmp_wv);
    cl->word = xmalloc(n * sizeof *cl->word);
    cl->val = xmalloc(n * sizeof *cl->val);
    cl->n = 0;
    for (size_t i = 0; i < n; i++) {
        if (cl->n && cl->word[cl->n - 1] == v[i].word)
            continue; /* the same key twice: the first (more frequent) */
        cl->word[cl->n] = v[i].word;
        cl->val[cl->n] = v[i].val;
        cl->n++;
    }
    free(v);
    free(text);
}

static void set_cls(const clslex *cl, nerve__syn_word *w, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        size_t lo = 0, hi = cl->n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (cl->word[mid] < w[j].word)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < cl->n && cl->word[lo] == w[j].word)
            nerve__syn_cls_unpack(cl->val[lo], w[j].cls);
    }
}

static clslex classes;

/* ---- tagger --------------------------------------------------------------- */

static void tag_sentence(const percep *p, const tagdict *d, const tsent *s, uint8_t *out)
{
    uint64_t f[NERVE__SYN_TAG_FEATS];
    double sc[NERVE__SYN_MAX_TAGS];
    int t1 = -1, t2 = -1;
    for (size_t i = 0; i < s->n; i++) {
        int t = dict_find(d, s->w[i].word);
        if (t < 0) {
            size_t nf = nerve__syn_tag_features(s->w, s->n, i, t1, t2, f);
            pscore(p, f, nf, sc);
            t = 0;
            for (int c = 1; c < p->nclasses; c++)
                if (sc[c] > sc[t])
                    t = c;
        }
        out[i] = (uint8_t)t;
        t2 = t1;
        t1 = t;
    }
}

/* Train on the sentences whose index i has i % folds != skip (skip < 0: all). */
static void train_tagger(percep *p, const tagdict *d, const tsent *s, size_t ns, int epochs,
                         int folds, int skip)
{
    size_t *order = xmalloc(ns * sizeof *order), no = 0;
    for (size_t i = 0; i < ns; i++)
        if ((skip < 0 || (int)(s[i].fold % (size_t)folds) != skip) && !TAGGER_SKIPS(&s[i]))
            order[no++] = i;
    uint64_t f[NERVE__SYN_TAG_FEATS];
    double sc[NERVE__SYN_MAX_TAGS];
    for (int ep = 0; ep < epochs; ep++) {
        shuffle(order, no);
        size_t right = 0, total = 0;
        for (size_t oi = 0; oi < no; oi++) {
            const tsent *t = &s[order[oi]];
            int t1 = -1, t2 = -1;
            for (size_t i = 0; i < t->n; i++) {
                int gold = t->gold_tag[i];
                int guess = dict_find(d, t->w[i].word);
                if (guess < 0) {
                    size_t nf = nerve__syn_tag_features(t->w, t->n, i, t1, t2, f);
                    pscore(p, f, nf, sc);
                    guess = 0;
                    for (int c = 1; c < p->nclasses; c++)
                        if (sc[c] > sc[guess])
                            guess = c;
                    p->now++;
                    if (guess != gold) {
                        update(p, f, nf, gold, 1);
                        update(p, f, nf, guess, -1);
                    }
                }
                right += guess == gold;
                total++;
                t2 = t1;
                t1 = guess;
            }
        }
        fprintf(stderr, "  tagger epoch %d: %.2f%% on training tokens\n", ep + 1,
                100.0 * (double)right / (double)(total ? total : 1));
    }
    free(order);
    percep_finish(p);
}

/* ---- parser --------------------------------------------------------------- */

typedef struct pstate {
    nerve__syn_state st;
    int32_t *buf;
} pstate;

static void pstate_init(pstate *ps, size_t n)
{
    size_t m = n + 1;
    int32_t *b = xmalloc(m * 7 * sizeof *b);
    ps->buf = b;
    ps->st.stack = b;
    ps->st.head = b + m;
    ps->st.lc1 = b + 2 * m;
    ps->st.lc2 = b + 3 * m;
    ps->st.rc1 = b + 4 * m;
    ps->st.rc2 = b + 5 * m;
    ps->st.label = xmalloc(m);
    ps->st.nl = xmalloc(m);
    ps->st.nr = xmalloc(m);
    ps->st.lset = xmalloc(m * sizeof(uint64_t));
    ps->st.rset = xmalloc(m * sizeof(uint64_t));
    nerve__syn_state_init(&ps->st, n);
}

static void pstate_free(pstate *ps)
{
    free(ps->buf);
    free(ps->st.label);
    free(ps->st.nl);
    free(ps->st.nr);
    free(ps->st.lset);
    free(ps->st.rset);
}

/* Arcs of the gold tree no longer reachable after each transition kind
 * (arc-hybrid; Goldberg and Nivre's costs). */
static void costs(const nerve__syn_state *st, const int *gh, int *c_shift, int *c_left,
                  int *c_right)
{
    const int n = (int)st->n, b = (int)st->b, d = (int)st->depth;
    int s0 = d >= 1 ? st->stack[d - 1] : -1, s1 = d >= 2 ? st->stack[d - 2] : -1;
    *c_shift = *c_left = *c_right = 0;
    if (b < n) {
        for (int k = 0; k < d; k++) {
            int x = st->stack[k];
            if (gh[x] == b)
                (*c_shift)++;
            if (k < d - 1 && gh[b] == x)
                (*c_shift)++;
        }
    }
    if (s0 >= 0) {
        int deps = 0;
        for (int k = b; k < n; k++)
            if (gh[k] == s0)
                deps++;
        *c_left = deps + ((gh[s0] != b && (gh[s0] == s1 || gh[s0] > b)) ? 1 : 0);
        *c_right = deps + ((gh[s0] != s1 && gh[s0] >= b) ? 1 : 0);
    }
}

static unsigned root_label;
/* Tenths of the model's mistakes the dynamic oracle follows from the second
 * epoch on (0: always the oracle's transition, a static-style oracle). */
static int explore = 9;
static int label_dep_g[NERVE__SYN_MAX_LABELS]; /* model label -> index in DEPS */

/* The class of the allowed transitions with the lowest cost (ties: the
 * highest score), and the class with the highest score. */
static void choose(const percep *p, const nerve__syn_state *st, const double *sc, const int *gh,
                   const uint8_t *gl, unsigned *gold, unsigned *pred, int *pred_cost, int *nallowed)
{
    unsigned ok = nerve__syn_allowed(st);
    int cs, cl, cr;
    costs(st, gh, &cs, &cl, &cr);
    int s0 = st->depth >= 1 ? st->stack[st->depth - 1] : -1;
    int s1 = st->depth >= 2 ? st->stack[st->depth - 2] : -1;
    int to_root = st->b == st->n;
    unsigned bg = UINT32_MAX, bp = UINT32_MAX;
    int bgc = 1 << 30, bpc = 0;
    double bgs = -1e300, bps = -1e300;
    int count = 0;
    for (unsigned c = 0; c < (unsigned)p->nclasses; c++) {
        int cost;
        if (c == 0) {
            if (!(ok & 1u))
                continue;
            cost = cs;
        } else {
            unsigned l = (c - 1) / 2;
            int left = (c - 1) % 2 == 0;
            if (left && (!(ok & 2u) || (l == root_label) != to_root))
                continue;
            if (!left && (!(ok & 4u) || l == root_label))
                continue;
            cost = left ? cl : cr;
            int h = left ? (int)st->b : s1;
            if (gh[s0] == h && gl[s0] != l)
                cost++;
        }
        count++;
        if (cost < bgc || (cost == bgc && sc[c] > bgs)) {
            bg = c;
            bgc = cost;
            bgs = sc[c];
        }
        if (sc[c] > bps) {
            bp = c;
            bps = sc[c];
            bpc = cost;
        }
    }
    *gold = bg;
    *pred = bp;
    *pred_cost = bpc - bgc;
    *nallowed = count;
}

static void train_parser(percep *p, const tsent *s, size_t ns, int epochs)
{
    size_t *order = xmalloc(ns * sizeof *order);
    for (size_t i = 0; i < ns; i++)
        order[i] = i;
    uint64_t f[NERVE__SYN_FEATS];
    double *sc = xmalloc((size_t)p->nclasses * sizeof *sc);
    for (int ep = 0; ep < epochs; ep++) {
        shuffle(order, ns);
        size_t right = 0, total = 0;
        for (size_t oi = 0; oi < ns; oi++) {
            const tsent *t = &s[order[oi]];
            if (t->n > NERVE__SYN_MAX_PARSE || (t->copy && both_tokens == 2))
                continue;
            pstate ps;
            pstate_init(&ps, t->n);
            nerve__syn_state *st = &ps.st;
            while (st->b < st->n || st->depth > 0) {
                size_t nf = nerve__syn_dep_features(st, t->w, t->tag, f);
                pscore(p, f, nf, sc);
                unsigned gold, pred;
                int extra, nallowed;
                choose(p, st, sc, t->head, t->label, &gold, &pred, &extra, &nallowed);
                unsigned next = gold;
                if (nallowed > 1) {
                    p->now++;
                    if (extra > 0) {
                        update(p, f, nf, (int)gold, 1);
                        update(p, f, nf, (int)pred, -1);
                        /* Explore: follow the model's own mistake now and then,
                         * so that it learns to recover from them. */
                        if (ep >= 1 && (int)(rng() % 10) < explore)
                            next = pred;
                    }
                }
                nerve__syn_apply(st, next);
            }
            for (size_t i = 0; i < t->n; i++) {
                right += st->head[i] == t->head[i];
                total++;
            }
            pstate_free(&ps);
        }
        fprintf(stderr, "  parser epoch %d: %.2f%% heads right on training tokens\n", ep + 1,
                100.0 * (double)right / (double)(total ? total : 1));
    }
    free(sc);
    free(order);
    percep_finish(p);
}

/* ---- writing the model ---------------------------------------------------- */

typedef struct outbuf {
    unsigned char *v;
    size_t n, cap;
} outbuf;

static size_t out_add(outbuf *o, const void *p, size_t n)
{
    while (o->n % 8)
        o->v[o->n++] = 0; /* sections start 8-aligned; cap keeps 8 spare */
    if (o->n + n + 8 > o->cap) {
        o->cap = (o->n + n + 8) * 2;
        o->v = xrealloc(o->v, o->cap);
    }
    size_t off = o->n;
    if (n)
        memcpy(o->v + o->n, p, n);
    o->n += n;
    return off;
}

typedef struct qfeat {
    uint64_t key;
    uint32_t first, count; /* in the quantized entries */
} qfeat;

static int cmp_qfeat(const void *a, const void *b)
{
    uint64_t x = ((const qfeat *)a)->key, y = ((const qfeat *)b)->key;
    return x < y ? -1 : x > y;
}

/* Quantize a perceptron into the three sections of a table. */
static void table_sections(const percep *p, outbuf *o, nerve__syn_header *hd, int ss, int se,
                           uint32_t *slots_out, uint32_t min_updates, const char *what)
{
    double maxabs = 0;
    for (size_t i = 0; i < p->nrows; i++)
        for (uint32_t k = 0; k < p->rows[i].n; k++)
            if (fabs(p->rows[i].avg[k]) > maxabs)
                maxabs = fabs(p->rows[i].avg[k]);
    double scale = maxabs > 0 ? 32767.0 / maxabs : 1;
    qfeat *qf = xmalloc(p->nrows * sizeof *qf);
    uint32_t *ent = NULL;
    size_t nent = 0, entcap = 0, nf = 0;
    for (size_t i = 0; i < p->nrows; i++) {
        const prow *r = &p->rows[i];
        /* Rare features cost space and speed for next to no accuracy. */
        if (r->updates < min_updates)
            continue;
        /* Entries by class, weights that round to 0 dropped. */
        uint32_t first = (uint32_t)nent;
        for (int c = 0; c < p->nclasses; c++)
            for (uint32_t k = 0; k < r->n; k++) {
                if (r->e[k].cls != c)
                    continue;
                long q = lround(r->avg[k] * scale);
                if (q == 0)
                    continue;
                if (q > 32767)
                    q = 32767;
                if (q < -32767)
                    q = -32767;
                if (nent == entcap) {
                    entcap = entcap ? entcap * 2 : 1 << 16;
                    ent = xrealloc(ent, entcap * sizeof *ent);
                }
                ent[nent++] = ((uint32_t)c << 16) | (uint16_t)(int16_t)q;
            }
        if (nent > first) {
            qf[nf].key = r->key;
            qf[nf].first = first;
            qf[nf].count = (uint32_t)nent - first;
            nf++;
        }
    }
    qsort(qf, nf, sizeof *qf, cmp_qfeat);
    size_t slots = nf + nf * 3 / 5 + 1; /* load 0.625: misses stay short under linear probing */
    uint32_t *key = xmalloc(slots * sizeof *key);
    uint32_t *which = xmalloc(slots * sizeof *which);
    size_t dropped = 0;
    for (size_t i = 0; i < nf; i++) {
        uint32_t fp = nerve__syn_fp(qf[i].key);
        size_t s = nerve__syn_slot(qf[i].key, (uint32_t)slots);
        int dup = 0;
        while (key[s]) {
            if (key[s] == fp)
                dup = 1;
            s = s + 1 == slots ? 0 : s + 1;
        }
        if (dup) { /* a fingerprint collision on the probe path: keep the first */
            dropped++;
            continue;
        }
        key[s] = fp;
        which[s] = (uint32_t)i;
    }
    uint32_t *slot = xmalloc(slots * 2 * sizeof *slot);
    /* A row is dense when most classes have a weight in it. */
    size_t pad = NERVE__SYN_PAD((uint32_t)p->nclasses);
    uint32_t *out = xmalloc((nent + nf * pad + 1) * sizeof *out);
    size_t no = 0, ndense = 0;
    for (size_t s = 0; s < slots; s++) {
        if (key[s]) {
            const qfeat *q = &qf[which[s]];
            slot[2 * s] = key[s];
            if (q->count * 2 >= (uint32_t)p->nclasses) {
                int32_t *w = xmalloc(pad * sizeof *w);
                for (uint32_t e = 0; e < q->count; e++) {
                    uint32_t v = ent[q->first + e];
                    w[v >> 16] = (int16_t)(uint16_t)(v & 0xFFFF);
                }
                slot[2 * s + 1] = ((uint32_t)no << 8) | NERVE__SYN_DENSE;
                memcpy(out + no, w, pad * sizeof *out);
                no += pad;
                ndense++;
                free(w);
            } else {
                slot[2 * s + 1] = ((uint32_t)no << 8) | q->count;
                memcpy(out + no, ent + q->first, q->count * sizeof *out);
                no += q->count;
            }
        }
    }
    hd->sec[ss].offset = out_add(o, slot, slots * 8);
    hd->sec[ss].size = slots * 8;
    hd->sec[se].offset = out_add(o, out, no * 4);
    hd->sec[se].size = no * 4;
    *slots_out = (uint32_t)slots;
    fprintf(stderr,
            "  %s: %zu features (%zu dense), %zu weights, %zu slots (%.1f MB), %zu collisions\n",
            what, nf - dropped, ndense, nent, slots, (double)(slots * 8 + no * 4) / 1e6, dropped);
    if (no >= (1u << 24))
        fprintf(stderr, "nerve-train-syntax: %s: too many weights for the format\n", what);
    free(qf);
    free(ent);
    free(key);
    free(which);
    free(slot);
    free(out);
}

static int write_model(const char *path, const percep *tagger, const percep *parser,
                       const tagdict *d, const amblex *lx, const int *label_dep, int nlabels,
                       const char *notice, uint32_t tag_min, uint32_t dep_min)
{
    outbuf o = {0};
    nerve__syn_header hd;
    memset(&hd, 0, sizeof hd);
    o.cap = 1 << 20;
    o.v = xmalloc(o.cap);
    o.n = sizeof hd;
    table_sections(tagger, &o, &hd, NERVE__SYN_SEC_TAG_SLOT, NERVE__SYN_SEC_TAG_ENTRY,
                   &hd.tag_slots, tag_min, "tagger");
    table_sections(parser, &o, &hd, NERVE__SYN_SEC_DEP_SLOT, NERVE__SYN_SEC_DEP_ENTRY,
                   &hd.dep_slots, dep_min, "parser");
    size_t ds = d->nk * 2 + 1;
    uint32_t *dk = xmalloc(ds * 4);
    uint8_t *dt = xmalloc(ds);
    for (size_t i = 0; i < d->nk; i++) {
        uint64_t h = nerve__syn_dict_hash(d->kw[i]);
        size_t s = nerve__syn_slot(h, (uint32_t)ds);
        while (dk[s])
            s = s + 1 == ds ? 0 : s + 1;
        dk[s] = nerve__syn_fp(h);
        dt[s] = d->kt[i];
    }
    hd.dict_slots = (uint32_t)ds;
    hd.sec[NERVE__SYN_SEC_DICT_KEY].offset = out_add(&o, dk, ds * 4);
    hd.sec[NERVE__SYN_SEC_DICT_KEY].size = ds * 4;
    hd.sec[NERVE__SYN_SEC_DICT_TAG].offset = out_add(&o, dt, ds);
    hd.sec[NERVE__SYN_SEC_DICT_TAG].size = ds;
    free(dk);
    free(dt);
    size_t as = lx->n + lx->n / 2 + 1;
    uint32_t *ak = xmalloc(as * 4), *am = xmalloc(as * 4);
    for (size_t i = 0; i < lx->n; i++) {
        uint64_t h = nerve__syn_amb_hash(lx->word[i]);
        size_t s = nerve__syn_slot(h, (uint32_t)as);
        while (ak[s])
            s = s + 1 == as ? 0 : s + 1;
        ak[s] = nerve__syn_fp(h);
        am[s] = lx->mask[i];
    }
    hd.amb_slots = (uint32_t)as;
    hd.sec[NERVE__SYN_SEC_AMB_KEY].offset = out_add(&o, ak, as * 4);
    hd.sec[NERVE__SYN_SEC_AMB_KEY].size = as * 4;
    hd.sec[NERVE__SYN_SEC_AMB_MASK].offset = out_add(&o, am, as * 4);
    hd.sec[NERVE__SYN_SEC_AMB_MASK].size = as * 4;
    free(ak);
    free(am);
    size_t cs = classes.n ? classes.n + classes.n / 2 + 1 : 0;
    uint32_t *ck = xmalloc(cs * 4), *cv = xmalloc(cs * 4);
    for (size_t i = 0; i < classes.n; i++) {
        uint64_t h = nerve__syn_cls_hash(classes.word[i]);
        size_t s = nerve__syn_slot(h, (uint32_t)cs);
        while (ck[s])
            s = s + 1 == cs ? 0 : s + 1;
        ck[s] = nerve__syn_fp(h);
        cv[s] = classes.val[i];
    }
    hd.cls_slots = (uint32_t)cs;
    hd.sec[NERVE__SYN_SEC_CLS_KEY].offset = out_add(&o, ck, cs * 4);
    hd.sec[NERVE__SYN_SEC_CLS_KEY].size = cs * 4;
    hd.sec[NERVE__SYN_SEC_CLS_VAL].offset = out_add(&o, cv, cs * 4);
    hd.sec[NERVE__SYN_SEC_CLS_VAL].size = cs * 4;
    free(ck);
    free(cv);
    /* names */
    outbuf names = {0};
    names.cap = 4096;
    names.v = xmalloc(names.cap);
    for (int i = 0; i < NPOS; i++) {
        memcpy(names.v + names.n, POS[i], strlen(POS[i]) + 1);
        names.n += strlen(POS[i]) + 1;
    }
    hd.ntags = (uint32_t)NPOS;
    hd.sec[NERVE__SYN_SEC_TAG_NAMES].offset = out_add(&o, names.v, names.n);
    hd.sec[NERVE__SYN_SEC_TAG_NAMES].size = names.n;
    names.n = 0;
    for (int l = 0; l < nlabels; l++) {
        const char *s = DEPS[label_dep[l]];
        memcpy(names.v + names.n, s, strlen(s) + 1);
        names.n += strlen(s) + 1;
    }
    hd.nlabels = (uint32_t)nlabels;
    hd.sec[NERVE__SYN_SEC_LABEL_NAMES].offset = out_add(&o, names.v, names.n);
    hd.sec[NERVE__SYN_SEC_LABEL_NAMES].size = names.n;
    free(names.v);
    hd.sec[NERVE__SYN_SEC_NOTICE].offset = out_add(&o, notice, strlen(notice));
    hd.sec[NERVE__SYN_SEC_NOTICE].size = strlen(notice);
    out_add(&o, NULL, 0); /* pad the end to 8 */
    memcpy(hd.magic, NERVE__SYN_MAGIC, 8);
    hd.version = NERVE__SYN_VERSION;
    hd.header_size = sizeof hd;
    hd.file_size = o.n;
    hd.content_hash = nerve__syn_hash(o.v + sizeof hd, o.n - sizeof hd, 0);
    memcpy(o.v, &hd, sizeof hd);
    /* Check it opens before writing it. */
    nerve_allocator libc;
    nerve__allocator_init(&libc, NULL);
    nerve__syntax *m = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    if (nerve__syntax_open_memory(&libc, o.v, o.n, path, &m, &err) != NERVE_OK) {
        fprintf(stderr, "nerve-train-syntax: the model does not open: %s\n", err.message);
        free(o.v);
        return -1;
    }
    nerve__syntax_close(&libc, m);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(o.v, 1, o.n, fp) != o.n || fclose(fp) != 0) {
        perror(path);
        free(o.v);
        return -1;
    }
    fprintf(stderr, "wrote %s: %zu bytes\n", path, o.n);
    free(o.v);
    return 0;
}

/* ---- development scores (unquantized weights, the treebank's tokens) ---- */

static void parse_float(const percep *p, const tsent *t, const uint8_t *tags, int *heads,
                        uint8_t *labels)
{
    pstate ps;
    pstate_init(&ps, t->n);
    nerve__syn_state *st = &ps.st;
    uint64_t f[NERVE__SYN_FEATS];
    double *sc = xmalloc((size_t)p->nclasses * sizeof *sc);
    while (st->b < st->n || st->depth > 0) {
        size_t nf = nerve__syn_dep_features(st, t->w, tags, f);
        pscore(p, f, nf, sc);
        unsigned gold, pred;
        int extra, nallowed;
        choose(p, st, sc, t->head, t->label, &gold, &pred, &extra, &nallowed);
        nerve__syn_apply(st, pred);
    }
    for (size_t i = 0; i < t->n; i++) {
        heads[i] = st->head[i];
        labels[i] = st->label[i];
    }
    free(sc);
    pstate_free(&ps);
}

static void dev_scores(const percep *tagger, const tagdict *d, const amblex *lx,
                       const percep *parser, const char *dir, const int *dep_label, int punct)
{
    cu_corpus c;
    memset(&c, 0, sizeof c);
    if (cu_read(&c, dir) != 0)
        return;
    size_t words = 0, pos_ok = 0, scored = 0, uas[2] = {0, 0}, las[2] = {0, 0};
    static size_t confusion[NPOS][NPOS]; /* gold x predicted */
    memset(confusion, 0, sizeof confusion);
    for (size_t i = 0; i < c.n; i++) {
        const cu_sentence *se = &c.s[i];
        tsent t;
        memset(&t, 0, sizeof t);
        t.n = se->n;
        t.text = se->gtext;
        t.tok = xmalloc(t.n * sizeof *t.tok);
        for (size_t k = 0; k < t.n; k++) {
            t.tok[k].span.start = se->w[k].gstart;
            t.tok[k].span.end = se->w[k].gend;
        }
        t.w = xmalloc(t.n * sizeof *t.w);
        nerve__syn_words(t.text, t.tok, t.n, t.w);
        set_cls(&classes, t.w, t.n);
        set_amb(lx, &t, 1);
        t.head = xmalloc(t.n * sizeof *t.head);
        t.label = xmalloc(t.n);
        t.gold_tag = xmalloc(t.n);
        t.tag = xmalloc(t.n);
        for (size_t k = 0; k < t.n; k++) {
            t.head[k] = se->w[k].head < 0 ? (int)t.n : se->w[k].head;
            int l = dep_label[dep_index(se->w[k].deprel)];
            t.label[k] = (uint8_t)(l < 0 ? 0 : l);
            t.gold_tag[k] = (uint8_t)pos_index(se->w[k].upos);
        }
        tag_sentence(tagger, d, &t, t.tag);
        int *heads = xmalloc(t.n * sizeof *heads);
        uint8_t *labels = xmalloc(t.n);
        for (int g = 0; g < 2; g++) {
            parse_float(parser, &t, g ? t.gold_tag : t.tag, heads, labels);
            for (size_t k = 0; k < t.n; k++) {
                if (t.gold_tag[k] == punct)
                    continue;
                if (heads[k] == t.head[k]) {
                    uas[g]++;
                    char x[64], y[64];
                    las[g] += strcmp(cu_base_rel(DEPS[label_dep_g[labels[k]]], x, sizeof x),
                                     cu_base_rel(se->w[k].deprel, y, sizeof y)) == 0;
                }
            }
        }
        for (size_t k = 0; k < t.n; k++) {
            words++;
            pos_ok += t.tag[k] == t.gold_tag[k];
            confusion[t.gold_tag[k]][t.tag[k]]++;
            scored += t.gold_tag[k] != punct;
        }
        free(heads);
        free(labels);
        free(t.tok);
        free(t.w);
        free(t.head);
        free(t.label);
        free(t.gold_tag);
        free(t.tag);
    }
    fprintf(stderr,
            "dev %s (unquantized, treebank tokens): UPOS %.2f; UAS %.2f LAS %.2f; with gold "
            "tags UAS %.2f LAS %.2f\n",
            dir, 100.0 * (double)pos_ok / (double)words, 100.0 * (double)uas[0] / (double)scored,
            100.0 * (double)las[0] / (double)scored, 100.0 * (double)uas[1] / (double)scored,
            100.0 * (double)las[1] / (double)scored);
    /* The most frequent tagging errors, to see what kind of error to fix. */
    for (int shown = 0; shown < 12; shown++) {
        size_t best = 0;
        int bg = 0, bp = 0;
        for (int g = 0; g < NPOS; g++)
            for (int q = 0; q < NPOS; q++)
                if (g != q && confusion[g][q] > best) {
                    best = confusion[g][q];
                    bg = g;
                    bp = q;
                }
        if (!best)
            break;
        fprintf(stderr, "  tagged %s as %s: %zu\n", POS[bg], POS[bp], best);
        confusion[bg][bp] = 0;
    }
    cu_free(&c);
}

/* ---- main ------------------------------------------------------------------ */

static char *read_text(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return NULL;
    }
    char *s = NULL;
    size_t n = 0, cap = 0, k;
    char chunk[4096];
    while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (n + k + 1 > cap) {
            cap = (n + k + 1) * 2;
            s = xrealloc(s, cap);
        }
        memcpy(s + n, chunk, k);
        n += k;
    }
    fclose(fp);
    s = xrealloc(s, n + 1);
    s[n] = '\0';
    return s;
}

int main(int argc, char **argv)
{
    int tag_epochs = 8, dep_epochs = 15, folds = 4, tag_min = 1, dep_min = 3, mix = 1;
    uint64_t seed = 20240601;
    const char *notice_path = NULL, *dev = NULL, *classes_path = NULL;
    int a = 1;
    for (; a < argc && argv[a][0] == '-' && argv[a][1] == '-'; a++) {
        if (a + 1 >= argc)
            break;
        if (strcmp(argv[a], "--tag-epochs") == 0)
            tag_epochs = atoi(argv[++a]);
        else if (strcmp(argv[a], "--dep-epochs") == 0)
            dep_epochs = atoi(argv[++a]);
        else if (strcmp(argv[a], "--tag-min-updates") == 0)
            tag_min = atoi(argv[++a]);
        else if (strcmp(argv[a], "--dep-min-updates") == 0)
            dep_min = atoi(argv[++a]);
        else if (strcmp(argv[a], "--folds") == 0)
            folds = atoi(argv[++a]);
        else if (strcmp(argv[a], "--seed") == 0)
            seed = strtoull(argv[++a], NULL, 10);
        else if (strcmp(argv[a], "--notice") == 0)
            notice_path = argv[++a];
        else if (strcmp(argv[a], "--dev") == 0)
            dev = argv[++a];
        else if (strcmp(argv[a], "--both-tokens") == 0)
            both_tokens = atoi(argv[++a]);
        else if (strcmp(argv[a], "--explore") == 0)
            explore = atoi(argv[++a]);
        else if (strcmp(argv[a], "--mix") == 0)
            mix = atoi(argv[++a]);
        else if (strcmp(argv[a], "--classes") == 0)
            classes_path = argv[++a];
        else {
            fprintf(stderr, "nerve-train-syntax: unknown option %s\n", argv[a]);
            return 2;
        }
    }
    if (argc - a < 2 || tag_epochs < 1 || dep_epochs < 1 || folds < 2 || mix < 1 || mix > 16) {
        fprintf(stderr, "usage: nerve-train-syntax [--tag-epochs N] [--dep-epochs N] "
                        "[--folds K] [--seed S] [--notice FILE] OUT.syn TREEBANK...\n");
        return 2;
    }
    rng_state = seed ? seed : 1;
    const char *out = argv[a++];
    char *notice = notice_path ? read_text(notice_path) : NULL;
    if (notice_path && !notice)
        return 1;
    if (classes_path) {
        load_classes(&classes, classes_path);
        fprintf(stderr, "word classes: %zu words\n", classes.n);
    }
    clock_t t0 = clock();
    cu_corpus c;
    memset(&c, 0, sizeof c);
    for (; a < argc; a++)
        if (cu_read(&c, argv[a]) != 0) {
            free(notice);
            cu_free(&c);
            return 1;
        }
    /* Align, map tags and relations, projectivize. With --both-tokens, a
     * sentence nerve tokenizes otherwise than the treebank is also learnt on
     * the treebank's words (the tagger and parser then know both). */
    tsent *s = xmalloc(2 * c.n * sizeof *s);
    size_t ns = 0, ntok = 0, nwords = 0, ncopies = 0;
    int label_count[NDEPS];
    memset(label_count, 0, sizeof label_count);
    cu_aligned al;
    memset(&al, 0, sizeof al);
    /* nerve's tokens are the bundled tokenizer lexicon's */
    nerve__tok_lexicon *toklex = NULL;
    {
        char path[4096];
        nerve_error err;
        snprintf(path, sizeof path, "%s/rules/tokenizer.tsv", nerve_default_data_dir());
        if (nerve__tok_lexicon_load(NULL, path, NULL, &toklex, &err) != NERVE_OK) {
            fprintf(stderr, "nerve-train-syntax: %s:%u: %s\n", err.file, err.line, err.message);
            exit(1);
        }
    }
    al.lex = toklex;
    int **rel_dep = xmalloc(2 * c.n * sizeof *rel_dep);
    for (size_t i = 0; i < c.n; i++) {
        const cu_sentence *se = &c.s[i];
        if (cu_align(se, &al) != 0) {
            fprintf(stderr, "nerve-train-syntax: out of memory\n");
            exit(1);
        }
        nwords += se->n;
        if (al.n == 0)
            continue;
        int same = al.n == se->n;
        for (size_t k = 0; same && k < se->n; k++)
            same = al.toks.tok.v[k].span.start == se->w[k].start &&
                   al.toks.tok.v[k].span.end == se->w[k].end;
        for (int copy = 0; copy < (both_tokens && !same ? 2 : 1); copy++) {
            tsent *t = &s[ns];
            size_t n = copy ? se->n : al.n;
            t->n = n;
            t->fold = i;
            t->copy = copy;
            t->text = copy ? se->gtext : se->text;
            t->tok = xmalloc(n * sizeof *t->tok);
            if (copy) {
                for (size_t k = 0; k < n; k++) {
                    t->tok[k].span.start = se->w[k].gstart;
                    t->tok[k].span.end = se->w[k].gend;
                }
            } else {
                memcpy(t->tok, al.toks.tok.v, n * sizeof *t->tok);
            }
            t->w = xmalloc(n * sizeof *t->w);
            nerve__syn_words(t->text, t->tok, n, t->w);
            set_cls(&classes, t->w, n);
            t->gold_tag = xmalloc(n);
            t->tag = xmalloc(n);
            t->head = xmalloc(n * sizeof *t->head);
            t->label = xmalloc(n);
            rel_dep[ns] = xmalloc(n * sizeof **rel_dep);
            for (size_t k = 0; k < n; k++) {
                t->gold_tag[k] = (uint8_t)pos_index(copy ? se->w[k].upos : al.upos[k]);
                t->head[k] = copy ? se->w[k].head : al.head[k];
                int dep = dep_index(copy ? se->w[k].deprel : al.rel[k]);
                rel_dep[ns][k] = dep;
                label_count[dep]++;
            }
            cu_projectivize(t->head, n);
            for (size_t k = 0; k < n; k++)
                if (t->head[k] < 0)
                    t->head[k] = (int)n;
            ntok += n;
            ns++;
            ncopies += (size_t)copy;
        }
    }
    cu_aligned_free(&al);
    nerve__tok_lexicon_free(toklex);
    /* Labels: the relations seen, in nerve.h's order. */
    int label_dep[NERVE__SYN_MAX_LABELS] = {0}, dep_label[NDEPS], nlabels = 0;
    for (int dpi = 0; dpi < NDEPS; dpi++) {
        dep_label[dpi] = -1;
        if (label_count[dpi] > 0 && nlabels < NERVE__SYN_MAX_LABELS) {
            dep_label[dpi] = nlabels;
            label_dep[nlabels++] = dpi;
        }
    }
    root_label = 0;
    memcpy(label_dep_g, label_dep, sizeof label_dep);
    for (int l = 0; l < nlabels; l++)
        if (strcmp(DEPS[label_dep[l]], "root") == 0)
            root_label = (unsigned)l;
    for (size_t i = 0; i < ns; i++) {
        for (size_t k = 0; k < s[i].n; k++)
            s[i].label[k] = (uint8_t)dep_label[rel_dep[i][k]];
        free(rel_dep[i]);
    }
    free(rel_dep);
    fprintf(stderr,
            "%zu sentences (%zu of them on the treebank's words), %zu treebank words, %zu tokens, "
            "%d relations\n",
            ns, ncopies, nwords, ntok, nlabels);

    tagdict d;
    memset(&d, 0, sizeof d);
    build_dict(&d, s, ns, 20, 0.97);
    fprintf(stderr, "tag dictionary: %zu words\n", d.nk);

    amblex lx;
    memset(&lx, 0, sizeof lx);
    /* Jackknifed tags for the parser's training data. */
    for (int k = 0; k < folds; k++) {
        fprintf(stderr, "tagger fold %d/%d\n", k + 1, folds);
        percep p;
        percep_init(&p, NPOS);
        build_amb(&lx, s, ns, folds, k, 2);
        set_amb(&lx, s, ns);
        train_tagger(&p, &d, s, ns, tag_epochs, folds, k);
        size_t right = 0, total = 0;
        for (size_t i = 0; i < ns; i++) {
            if ((int)(s[i].fold % (size_t)folds) != k)
                continue;
            tag_sentence(&p, &d, &s[i], s[i].tag);
            for (size_t j = 0; j < s[i].n; j++)
                right += s[i].tag[j] == s[i].gold_tag[j];
            total += s[i].n;
        }
        fprintf(stderr, "  held-out fold: %.2f%%\n",
                100.0 * (double)right / (double)(total ? total : 1));
        percep_free(&p);
    }
    fprintf(stderr, "tagger (all data)\n");
    build_amb(&lx, s, ns, folds, -1, 2);
    set_amb(&lx, s, ns);
    fprintf(stderr, "ambiguity lexicon: %zu words\n", lx.n);
    percep tagger, parser;
    percep_init(&tagger, NPOS);
    percep_init(&parser, 1 + 2 * nlabels);
    if (mix == 1) {
        train_tagger(&tagger, &d, s, ns, tag_epochs, folds, -1);
        fprintf(stderr, "parser\n");
        train_parser(&parser, s, ns, dep_epochs);
    } else {
        /* --mix K: K taggers and K parsers, each from its own order of the
         * sentences (the generator reseeded from the seed), averaged. */
        for (int r = 0; r < mix; r++) {
            rng_state = (seed ? seed : 1) + 0x9e3779b97f4a7c15ULL * (uint64_t)(r + 1);
            fprintf(stderr, "tagger %d/%d (all data)\n", r + 1, mix);
            percep p;
            percep_init(&p, NPOS);
            train_tagger(&p, &d, s, ns, tag_epochs, folds, -1);
            percep_mix(&tagger, &p, 1.0 / mix, r == mix - 1 ? mix : -1);
            percep_free(&p);
            fprintf(stderr, "parser %d/%d\n", r + 1, mix);
            percep_init(&p, 1 + 2 * nlabels);
            train_parser(&p, s, ns, dep_epochs);
            percep_mix(&parser, &p, 1.0 / mix, r == mix - 1 ? mix : -1);
            percep_free(&p);
        }
    }
    if (dev)
        dev_scores(&tagger, &d, &lx, &parser, dev, dep_label, pos_index("PUNCT"));

    char both[64] = "";
    if (both_tokens)
        snprintf(both, sizeof both, " --both-tokens %d", both_tokens);
    if (mix > 1)
        snprintf(both + strlen(both), sizeof both - strlen(both), " --mix %d", mix);
    char cls_note[160] = "";
    if (classes.n)
        snprintf(cls_note, sizeof cls_note,
                 "; word classes of %zu words (nerve-train-classes output, hash %016llx)",
                 classes.n, (unsigned long long)classes.hash);
    char opts[512];
    snprintf(opts, sizeof opts,
             "\nTrained by nerve-train-syntax: %zu sentences, %zu treebank words, %zu tokens; "
             "--tag-epochs %d --dep-epochs %d --folds %d --seed %llu --tag-min-updates %d "
             "--dep-min-updates %d%s%s\n",
             ns, nwords, ntok, tag_epochs, dep_epochs, folds, (unsigned long long)seed, tag_min,
             dep_min, both, cls_note);
    size_t nl = (notice ? strlen(notice) : 0) + strlen(opts) + 1;
    char *full = xmalloc(nl);
    snprintf(full, nl, "%s%s", notice ? notice : "", opts);
    int rc = write_model(out, &tagger, &parser, &d, &lx, label_dep, nlabels, full,
                         (uint32_t)tag_min, (uint32_t)dep_min);
    fprintf(stderr, "%.1f s\n", (double)(clock() - t0) / CLOCKS_PER_SEC);
    free(full);
    free(notice);
    percep_free(&tagger);
    percep_free(&parser);
    free(d.e);
    free(d.kw);
    free(d.kt);
    free(lx.word);
    free(lx.mask);
    free(classes.word);
    free(classes.val);
    for (size_t i = 0; i < ns; i++) {
        free(s[i].tok);
        free(s[i].w);
        free(s[i].gold_tag);
        free(s[i].tag);
        free(s[i].head);
        free(s[i].label);
    }
    free(s);
    cu_free(&c);
    return rc == 0 ? 0 : 1;
}
