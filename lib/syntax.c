/*
 * syntax.c - the syntax stage: tagging, parsing, and the model file they
 * read (format and checks in syntax.h).
 *
 * Tagger: greedy, left to right; a word the tag dictionary knows (frequent
 * and unambiguous in the training data) costs one probe, any other word one
 * probe per feature template. Parser: arc-hybrid (SHIFT, LEFT-l, RIGHT-l)
 * with the root at the end of the buffer and one root per sentence, greedy;
 * each transition scores the features of the top of the stack and the front
 * of the buffer. Both score with 16-bit weights summed into 32-bit scores:
 * the argmax of a scaled table is the argmax of the trained one.
 */
#include "syntax.h"

#include "error.h"
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- hashing ------------------------------------------------------------ */

static inline uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

uint64_t nerve__syn_hash(const void *data, size_t n, uint64_t seed)
{
    /* Two independent lanes over 16-byte blocks: fast enough to checksum a
     * model of a few megabytes well inside the load budget. */
    const unsigned char *p = data;
    uint64_t a = seed ^ 0x9e3779b97f4a7c15ULL ^ (uint64_t)n;
    uint64_t b = seed + 0x632be59bd9b4e019ULL;
    while (n >= 16) {
        uint64_t x, y;
        memcpy(&x, p, 8);
        memcpy(&y, p + 8, 8);
        a = (a ^ (x * 0x87c37b91114253d5ULL)) * 0x4cf5ad432745937fULL;
        b = (b ^ (y * 0x4cf5ad432745937fULL)) * 0x87c37b91114253d5ULL;
        a = (a << 31) | (a >> 33);
        b = (b << 29) | (b >> 35);
        p += 16;
        n -= 16;
    }
    uint64_t tail = 0;
    for (size_t i = 0; i < n; i++)
        tail |= (uint64_t)p[i] << (8 * (i & 7));
    return mix64(a ^ mix64(b ^ tail ^ ((uint64_t)n << 56)));
}

/* Feature hash of a template and up to three values. */
static inline uint64_t f1(unsigned t, uint64_t a)
{
    return mix64(a * 0x9e3779b97f4a7c15ULL + ((uint64_t)t << 48) + t);
}
static inline uint64_t f2(unsigned t, uint64_t a, uint64_t b)
{
    return mix64(f1(t, a) ^ (b * 0xc2b2ae3d27d4eb4fULL));
}
static inline uint64_t f3(unsigned t, uint64_t a, uint64_t b, uint64_t c)
{
    return mix64(f2(t, a, b) ^ (c * 0x165667b19e3779f9ULL));
}

uint64_t nerve__syn_dict_hash(uint64_t word)
{
    return mix64(word ^ 0x5bd1e995ULL);
}

uint64_t nerve__syn_amb_hash(uint64_t word)
{
    return mix64(word ^ 0x27d4eb2f165667c5ULL);
}

uint64_t nerve__syn_cls_hash(uint64_t word)
{
    return mix64(word ^ 0x94d049bb133111ebULL);
}

/* ---- words ---------------------------------------------------------------- */

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

void nerve__syn_words(const char *text, const nerve_token *tok, size_t n, nerve__syn_word *out)
{
    for (size_t i = 0; i < n; i++) {
        const unsigned char *s = (const unsigned char *)text + tok[i].span.start;
        size_t len = tok[i].span.end - tok[i].span.start;
        nerve__syn_word *w = &out[i];
        unsigned char low[64];
        char shape[16];
        size_t nl = len < sizeof low ? len : sizeof low;
        size_t ns = 0, upper = 0, lower = 0, cps = 0;
        uint32_t flags = i == 0 ? NERVE__SYN_W_FIRST : 0;
        char last = 0;
        for (size_t k = 0; k < len; k++) {
            unsigned char c = s[k];
            char sh;
            if (c >= 'A' && c <= 'Z') {
                upper++;
                sh = 'X';
                c = (unsigned char)(c + 32);
            } else if (c >= 'a' && c <= 'z') {
                lower++;
                sh = 'x';
            } else if (c >= '0' && c <= '9') {
                flags |= NERVE__SYN_W_DIGIT;
                sh = 'd';
                c = '0';
            } else if (c < 0x80) {
                if (c == '-' && k > 0 && k + 1 < len)
                    flags |= NERVE__SYN_W_HYPHEN;
                sh = (char)c;
            } else {
                sh = is_cont(c) ? 0 : 'u';
            }
            if (!is_cont(s[k]))
                cps++;
            if (k < nl)
                low[k] = c;
            if (sh && sh != last && ns < sizeof shape) {
                shape[ns++] = sh;
                last = sh;
            }
        }
        if (upper && (s[0] >= 'A' && s[0] <= 'Z'))
            flags |= NERVE__SYN_W_CAP;
        if (upper >= 2 && !lower)
            flags |= NERVE__SYN_W_ALLCAP;
        if (cps > 4)
            flags |= NERVE__SYN_W_LONG;
        w->word = nerve__syn_hash(low, nl, 1);
        w->shape = nerve__syn_hash(shape, ns, 2);
        /* Suffixes and prefixes by code points, over the lower-cased bytes. */
        size_t e = nl, k = nl;
        for (int j = 0; j < 4; j++) {
            if (k > 0) {
                k--;
                while (k > 0 && is_cont(low[k]))
                    k--;
            }
            w->suf[j] = nerve__syn_hash(low + k, e - k, 10 + (uint64_t)j);
        }
        k = 0;
        for (int j = 0; j < 2; j++) {
            if (k < nl) {
                k++;
                while (k < nl && is_cont(low[k]))
                    k++;
            }
            w->pre[j] = nerve__syn_hash(low, k, 20 + (uint64_t)j);
        }
        w->flags = flags;
        w->amb = 0;
        w->cls[0] = w->cls[1] = w->cls[2] = 0;
    }
}

/* ---- tagger features ------------------------------------------------------ */

/* Stand-ins for words outside the sentence. */
#define W_BEFORE 0x1b873593ULL
#define W_AFTER 0x38b34ae5ULL

size_t nerve__syn_tag_features(const nerve__syn_word *w, size_t n, size_t i, int t1, int t2,
                               uint64_t *out)
{
    const nerve__syn_word *c = &w[i];
    uint64_t wm1 = i >= 1 ? w[i - 1].word : W_BEFORE;
    uint64_t wm2 = i >= 2 ? w[i - 2].word : W_BEFORE;
    uint64_t wp1 = i + 1 < n ? w[i + 1].word : W_AFTER;
    uint64_t wp2 = i + 2 < n ? w[i + 2].word : W_AFTER;
    uint64_t sm1 = i >= 1 ? w[i - 1].suf[2] : W_BEFORE;
    uint64_t sp1 = i + 1 < n ? w[i + 1].suf[2] : W_AFTER;
    uint64_t hm1 = i >= 1 ? w[i - 1].shape : W_BEFORE;
    uint64_t hp1 = i + 1 < n ? w[i + 1].shape : W_AFTER;
    uint64_t a = (uint64_t)((int64_t)t1 + 2), b = (uint64_t)((int64_t)t2 + 2);
    size_t k = 0;
    out[k++] = f1(1, 0);
    out[k++] = f1(2, c->word);
    out[k++] = f1(3, wm1);
    out[k++] = f1(4, wp1);
    out[k++] = f1(5, wm2);
    out[k++] = f1(6, wp2);
    out[k++] = f1(7, c->suf[0]);
    out[k++] = f1(8, c->suf[1]);
    out[k++] = f1(9, c->suf[2]);
    out[k++] = f1(10, c->suf[3]);
    out[k++] = f1(11, c->pre[0]);
    out[k++] = f1(12, c->pre[1]);
    out[k++] = f1(13, c->shape);
    out[k++] = f1(14, a);
    out[k++] = f2(15, a, b);
    out[k++] = f2(16, a, c->word);
    out[k++] = f1(17, sm1);
    out[k++] = f1(18, sp1);
    out[k++] = f1(19, hp1);
    out[k++] = f1(20, hm1);
    out[k++] = f2(21, c->word, wp1);
    out[k++] = f2(22, wm1, c->word);
    out[k++] = f2(23, a, c->suf[2]);
    out[k++] = f1(24, c->flags);
    out[k++] = f2(25, a, wp1);
    out[k++] = f2(26, c->shape, c->flags);
    out[k++] = f2(27, c->suf[2], wp1);
    /* What the lexicon knows of this word and the next two. */
    out[k++] = f1(28, c->amb);
    out[k++] = f2(29, c->amb, i + 1 < n ? w[i + 1].amb : 1u << 31);
    out[k++] = f2(30, a, c->amb);
    out[k++] = f1(31, i + 2 < n ? w[i + 2].amb : 1u << 31);
    /* Word classes learnt from unlabeled text (tools/nerve-train-classes):
     * the word's at each granularity, its neighbours' and with the
     * previous tag. */
    uint64_t cm1 = i >= 1 ? w[i - 1].cls[1] : W_BEFORE;
    uint64_t cp1 = i + 1 < n ? w[i + 1].cls[1] : W_AFTER;
    out[k++] = f1(32, c->cls[2]);
    out[k++] = f1(33, c->cls[1]);
    out[k++] = f1(34, c->cls[0]);
    out[k++] = f1(35, cm1);
    out[k++] = f1(36, cp1);
    out[k++] = f2(37, a, c->cls[1]);
    out[k++] = f2(38, c->cls[0], i + 1 < n ? w[i + 1].cls[0] : W_AFTER);
    return k;
}

/* ---- weights -------------------------------------------------------------- */

typedef int32_t syn_v4 __attribute__((vector_size(16)));

/* Sum the weights of features f[0..nf) into sc. The table is larger than the
 * caches: every slot is prefetched before the first probe, every entry row
 * before the first sum, so that the misses overlap instead of queueing. */
static void score(const nerve__syn_table *t, const uint64_t *f, size_t nf, int32_t *sc)
{
    uint32_t pos[NERVE__SYN_FEATS];
    const uint32_t *row[NERVE__SYN_FEATS];
    uint32_t len[NERVE__SYN_FEATS];
    for (size_t j = 0; j < nf; j++) {
        pos[j] = nerve__syn_slot(f[j], t->slots);
        __builtin_prefetch(t->slot + 2 * (size_t)pos[j]);
    }
    size_t nh = 0;
    for (size_t j = 0; j < nf; j++) {
        uint32_t fp = nerve__syn_fp(f[j]);
        uint32_t i = pos[j];
        for (;;) {
            uint32_t k = t->slot[2 * (size_t)i];
            if (k == fp) {
                uint32_t v = t->slot[2 * (size_t)i + 1];
                row[nh] = t->entry + (v >> 8);
                len[nh] = v & 0xFF;
                __builtin_prefetch(row[nh]);
                nh++;
                break;
            }
            if (k == 0)
                break;
            if (++i == t->slots)
                i = 0;
        }
    }
    const uint32_t pad = NERVE__SYN_PAD(t->nclasses);
    memset(sc, 0, pad * sizeof *sc);
    for (size_t h = 0; h < nh; h++) {
        if (len[h] == NERVE__SYN_DENSE) {
            /* A 32-bit weight for every class (padded to a multiple of 4),
             * summed four at a time. */
            const uint32_t *w = row[h];
            for (uint32_t c = 0; c < pad; c += 4) {
                syn_v4 a, b;
                memcpy(&a, sc + c, sizeof a);
                memcpy(&b, w + c, sizeof b);
                a += b;
                memcpy(sc + c, &a, sizeof a);
            }
        } else {
            for (uint32_t e = 0; e < len[h]; e++) {
                uint32_t c = row[h][e] >> 16;
                if (c < pad) /* see check_table */
                    sc[c] += (int16_t)(uint16_t)(row[h][e] & 0xFFFF);
            }
        }
    }
}

static int dict_lookup(const nerve__syntax *m, uint64_t word)
{
    if (!m->dict_slots)
        return -1;
    uint64_t h = nerve__syn_dict_hash(word);
    uint32_t fp = nerve__syn_fp(h);
    uint32_t i = nerve__syn_slot(h, m->dict_slots);
    for (;;) {
        uint32_t k = m->dict_key[i];
        if (k == fp)
            return m->dict_tag[i];
        if (k == 0)
            return -1;
        if (++i == m->dict_slots)
            i = 0;
    }
}

static uint32_t amb_lookup(const nerve__syntax *m, uint64_t word)
{
    if (!m->amb_slots)
        return 0;
    uint64_t h = nerve__syn_amb_hash(word);
    uint32_t fp = nerve__syn_fp(h);
    uint32_t i = nerve__syn_slot(h, m->amb_slots);
    for (;;) {
        uint32_t k = m->amb_key[i];
        if (k == fp)
            return m->amb_mask[i];
        if (k == 0)
            return 0;
        if (++i == m->amb_slots)
            i = 0;
    }
}

/* The word classes of w[0..n) from the model's table (0: not in it). */
static void cls_lookup(const nerve__syntax *m, nerve__syn_word *w, size_t n)
{
    if (!m->cls_slots)
        return;
    for (size_t j = 0; j < n; j++) {
        uint64_t h = nerve__syn_cls_hash(w[j].word);
        uint32_t fp = nerve__syn_fp(h);
        uint32_t i = nerve__syn_slot(h, m->cls_slots);
        for (;;) {
            uint32_t k = m->cls_key[i];
            if (k == fp) {
                nerve__syn_cls_unpack(m->cls_val[i], w[j].cls);
                break;
            }
            if (k == 0)
                break;
            if (++i == m->cls_slots)
                i = 0;
        }
    }
}

/* ---- transition system ---------------------------------------------------- */

void nerve__syn_state_init(nerve__syn_state *st, size_t n)
{
    st->n = n;
    st->depth = 0;
    st->b = 0;
    for (size_t i = 0; i <= n; i++) {
        st->head[i] = -1;
        st->label[i] = 0;
        st->lc1[i] = st->lc2[i] = st->rc1[i] = st->rc2[i] = -1;
        st->nl[i] = st->nr[i] = 0;
        st->lset[i] = st->rset[i] = 0;
    }
}

unsigned nerve__syn_allowed(const nerve__syn_state *st)
{
    unsigned a = 0;
    if (st->b < st->n)
        a |= 1u; /* SHIFT */
    if (st->depth >= 1 && (st->b < st->n || st->depth == 1))
        a |= 2u; /* LEFT: to the root only as the last arc */
    if (st->depth >= 2)
        a |= 4u; /* RIGHT */
    return a;
}

void nerve__syn_apply(nerve__syn_state *st, unsigned cls)
{
    if (cls == NERVE__SYN_SHIFT) {
        st->stack[st->depth++] = (int32_t)st->b++;
        return;
    }
    unsigned l = (cls - 1) / 2;
    int32_t d = st->stack[--st->depth];
    int32_t h;
    if ((cls - 1) % 2 == 0) { /* LEFT: d is a left child of the buffer front */
        h = (int32_t)st->b;
        st->lc2[h] = st->lc1[h];
        st->lc1[h] = d;
        if (st->nl[h] < 255)
            st->nl[h]++;
        st->lset[h] |= 1ULL << (l & 63);
    } else { /* RIGHT: d is a right child of the next item of the stack */
        h = st->stack[st->depth - 1];
        st->rc2[h] = st->rc1[h];
        st->rc1[h] = d;
        if (st->nr[h] < 255)
            st->nr[h]++;
        st->rset[h] |= 1ULL << (l & 63);
    }
    st->head[d] = h;
    st->label[d] = (uint8_t)l;
}

#define V_NONE 0x2545f491ULL /* no such item */
#define V_ROOT 0x4f6cdd1dULL /* the root */

size_t nerve__syn_dep_features(const nerve__syn_state *st, const nerve__syn_word *w,
                               const uint8_t *tags, uint64_t *out)
{
    const int32_t n = (int32_t)st->n;
    int32_t s0 = st->depth >= 1 ? st->stack[st->depth - 1] : -1;
    int32_t s1 = st->depth >= 2 ? st->stack[st->depth - 2] : -1;
    int32_t s2 = st->depth >= 3 ? st->stack[st->depth - 3] : -1;
    int32_t b0 = (int32_t)st->b;
    int32_t b1 = b0 + 1 <= n ? b0 + 1 : -1;
    int32_t b2 = b0 + 2 <= n ? b0 + 2 : -1;
#define WD(i) ((i) < 0 ? V_NONE : (i) == n ? V_ROOT : w[(i)].word)
#define TG(i) ((uint64_t)((i) < 0 ? 1 : (i) == n ? 2 : 3 + tags[(i)]))
#define LB(i) ((uint64_t)((i) < 0 ? 1 : 2 + st->label[(i)]))
    uint64_t s0w = WD(s0), s1w = WD(s1), b0w = WD(b0), b1w = WD(b1);
    uint64_t s0t = TG(s0), s1t = TG(s1), s2t = TG(s2), b0t = TG(b0), b1t = TG(b1), b2t = TG(b2);
    uint64_t s0wt = s0w ^ (s0t << 56), s1wt = s1w ^ (s1t << 56);
    uint64_t b0wt = b0w ^ (b0t << 56), b1wt = b1w ^ (b1t << 56);
    int32_t s0l1 = s0 >= 0 ? st->lc1[s0] : -1, s0l2 = s0 >= 0 ? st->lc2[s0] : -1;
    int32_t s0r1 = s0 >= 0 ? st->rc1[s0] : -1, s0r2 = s0 >= 0 ? st->rc2[s0] : -1;
    int32_t s1r1 = s1 >= 0 ? st->rc1[s1] : -1, s1l1 = s1 >= 0 ? st->lc1[s1] : -1;
    int32_t b0l1 = st->lc1[b0], b0l2 = st->lc2[b0];
    uint64_t s0l1t = TG(s0l1), s0r1t = TG(s0r1), b0l1t = TG(b0l1);
    uint64_t dist = s0 < 0 ? 0 : (uint64_t)(b0 - s0 > 6 ? (b0 - s0 > 10 ? 8 : 7) : b0 - s0);
    uint64_t s0vl = s0 >= 0 ? st->nl[s0] : 0, s0vr = s0 >= 0 ? st->nr[s0] : 0;
    uint64_t b0vl = st->nl[b0];
    size_t k = 0;
    out[k++] = f1(1, 0);
    out[k++] = f1(2, s0w);
    out[k++] = f1(3, s0t);
    out[k++] = f1(4, s0wt);
    out[k++] = f1(5, s1w);
    out[k++] = f1(6, s1t);
    out[k++] = f1(7, s1wt);
    out[k++] = f1(8, s2t);
    out[k++] = f1(9, b0w);
    out[k++] = f1(10, b0t);
    out[k++] = f1(11, b0wt);
    out[k++] = f1(12, b1w);
    out[k++] = f1(13, b1t);
    out[k++] = f1(14, b1wt);
    out[k++] = f1(15, b2t);
    /* pairs */
    out[k++] = f2(16, s0wt, b0wt);
    out[k++] = f2(17, s0wt, b0w);
    out[k++] = f2(18, s0w, b0wt);
    out[k++] = f2(19, s0wt, b0t);
    out[k++] = f2(20, s0t, b0wt);
    out[k++] = f2(21, s0w, b0w);
    out[k++] = f2(22, s0t, b0t);
    out[k++] = f2(23, b0t, b1t);
    out[k++] = f2(24, s0t, s1t);
    out[k++] = f2(25, s1t, b0t);
    out[k++] = f2(26, s1wt, s0wt);
    out[k++] = f2(27, s1w, b0w);
    /* triples */
    out[k++] = f3(28, b0t, b1t, b2t);
    out[k++] = f3(29, s0t, b0t, b1t);
    out[k++] = f3(30, s1t, s0t, b0t);
    out[k++] = f3(31, s2t, s1t, s0t);
    out[k++] = f3(32, s0t, s0l1t, b0t);
    out[k++] = f3(33, s0t, s0r1t, b0t);
    out[k++] = f3(34, s0t, b0t, b0l1t);
    out[k++] = f3(35, s1t, s0t, s0r1t);
    out[k++] = f3(36, s1t, TG(s1r1), s0t);
    out[k++] = f3(37, s1t, TG(s1l1), s0t);
    out[k++] = f3(38, s0w, b0t, b1t);
    out[k++] = f3(39, s0t, b0w, b1t);
    /* distance */
    out[k++] = f2(40, s0w, dist);
    out[k++] = f2(41, s0t, dist);
    out[k++] = f2(42, b0w, dist);
    out[k++] = f2(43, b0t, dist);
    out[k++] = f3(44, s0t, b0t, dist);
    out[k++] = f3(45, s0w, b0w, dist);
    /* valency */
    out[k++] = f2(46, s0w, s0vr);
    out[k++] = f2(47, s0t, s0vr);
    out[k++] = f2(48, s0w, s0vl);
    out[k++] = f2(49, s0t, s0vl);
    out[k++] = f2(50, b0w, b0vl);
    out[k++] = f2(51, b0t, b0vl);
    /* children */
    out[k++] = f1(52, WD(s0l1));
    out[k++] = f1(53, s0l1t);
    out[k++] = f1(54, LB(s0l1));
    out[k++] = f1(55, WD(s0r1));
    out[k++] = f1(56, s0r1t);
    out[k++] = f1(57, LB(s0r1));
    out[k++] = f1(58, WD(b0l1));
    out[k++] = f1(59, b0l1t);
    out[k++] = f1(60, LB(b0l1));
    out[k++] = f2(61, TG(s0l2), LB(s0l2));
    out[k++] = f2(62, TG(s0r2), LB(s0r2));
    out[k++] = f2(63, TG(b0l2), LB(b0l2));
    out[k++] = f3(64, s0t, s0l1t, TG(s0l2));
    out[k++] = f3(65, s0t, s0r1t, TG(s0r2));
    out[k++] = f3(66, b0t, b0l1t, TG(b0l2));
    /* label sets */
    out[k++] = f2(67, s0t, s0 >= 0 ? st->lset[s0] : 0);
    out[k++] = f2(68, s0t, s0 >= 0 ? st->rset[s0] : 0);
    out[k++] = f2(69, b0t, st->lset[b0]);
    out[k++] = f2(70, s0w, s0 >= 0 ? st->rset[s0] : 0);
    out[k++] = f2(71, b0w, st->lset[b0]);
    out[k++] = f2(72, s1t, LB(s1r1));
    /* word classes (Koo, Carreras and Collins 2008): the fine class in
     * place of the word, the coarser ones beside tags */
#define CL(i, g) ((uint64_t)((i) < 0 ? 0xFFFFu : (i) == n ? 0xFFFEu : w[(i)].cls[(g)]))
    out[k++] = f1(73, CL(s0, 2));
    out[k++] = f1(74, CL(b0, 2));
    out[k++] = f1(75, CL(s1, 1));
    out[k++] = f1(76, CL(b1, 1));
    out[k++] = f2(77, CL(s0, 1), b0t);
    out[k++] = f2(78, s0t, CL(b0, 1));
    out[k++] = f3(79, CL(s0, 0), CL(b0, 0), CL(b1, 0));
#undef CL
#undef WD
#undef TG
#undef LB
    return k;
}

/* ---- the model file ------------------------------------------------------- */

#define BAD(...) nerve__error_set_file(err, NERVE_EFORMAT, name, 0, 0, 0, __VA_ARGS__)

static const char *const POS_NAMES[] = {"_",
#define NERVE_X_POS(name) #name,
                                        NERVE_POS_LIST(NERVE_X_POS)
#undef NERVE_X_POS
};
static const char *const DEP_NAMES[] = {"_",
#define NERVE_X_DEP(name, text) text,
                                        NERVE_DEP_LIST(NERVE_X_DEP)
#undef NERVE_X_DEP
};

const char *nerve_pos_name(int pos)
{
    return pos > 0 && pos < NERVE_POS_COUNT_ ? POS_NAMES[pos] : "_";
}

const char *nerve_dep_name(int dep)
{
    return dep > 0 && dep < NERVE_DEP_COUNT_ ? DEP_NAMES[dep] : "_";
}

/* Resolve NUL-separated class names against a list of known names. */
static int map_names(const unsigned char *p, size_t size, uint32_t count, const char *const *known,
                     int nknown, uint16_t *out, const char *what, const char *name,
                     nerve_error *err)
{
    size_t off = 0;
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *z = off < size ? memchr(p + off, 0, size - off) : NULL;
        if (!z)
            return BAD("%s name %u runs past its section (truncated or corrupted)", what,
                       (unsigned)i);
        const char *s = (const char *)p + off;
        int found = -1;
        for (int k = 1; k < nknown; k++)
            if (strcmp(s, known[k]) == 0)
                found = k;
        if (found < 0)
            return BAD("unknown %s \"%.40s\" (model of a newer version?)", what, s);
        out[i] = (uint16_t)found;
        off = (size_t)(z - p) + 1;
    }
    return NERVE_OK;
}

static int check_table(const nerve__syn_header *hd, const unsigned char *base, int ss, int se,
                       uint32_t slots, uint32_t nclasses, nerve__syn_table *t, const char *which,
                       const char *name, nerve_error *err)
{
    if (slots == 0)
        return BAD("%s table has no slots", which);
    if (hd->sec[ss].size != (uint64_t)slots * 8 || hd->sec[se].size % 4 != 0 ||
        hd->sec[se].size / 4 >= (1u << 24))
        return BAD("%s table sections have inconsistent sizes", which);
    t->slot = (const uint32_t *)(const void *)(base + hd->sec[ss].offset);
    t->entry = (const uint32_t *)(const void *)(base + hd->sec[se].offset);
    t->slots = slots;
    t->nclasses = nclasses;
    uint64_t nent = hd->sec[se].size / 4;
    uint32_t empty = 0;
    for (uint32_t i = 0; i < slots; i++) {
        uint32_t v = t->slot[2 * (size_t)i + 1];
        if (t->slot[2 * (size_t)i] == 0) {
            empty++;
            if (v != 0)
                return BAD("%s table: an empty slot has weights", which);
        } else if ((uint64_t)(v >> 8) +
                       ((v & 0xFF) == NERVE__SYN_DENSE ? NERVE__SYN_PAD(nclasses) : (v & 0xFF)) >
                   nent) {
            return BAD("%s table: slot %u points past the weights", which, (unsigned)i);
        }
    }
    if (empty == 0)
        return BAD("%s table has no empty slot", which);
    /* The class of each sparse entry is not checked here: a pass over the
     * millions of entries was most of the load time, and score() ignores a
     * class beyond the table's (a file whose checksum holds but whose
     * classes do not gives bad tags, never an access out of bounds). */
    return NERVE_OK;
}

static int open_image(nerve__syntax *m, const char *name, nerve_error *err)
{
    const unsigned char *base = m->base;
    size_t size = m->size;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    (void)base;
    (void)size;
    return BAD("syntax models are little-endian; this host is not");
#else
    nerve__syn_header hd;
    if (size < sizeof hd)
        return BAD("not a syntax model (truncated header: %zu bytes)", size);
    memcpy(&hd, base, sizeof hd);
    if (memcmp(hd.magic, NERVE__SYN_MAGIC, 8) != 0)
        return BAD("not a syntax model (bad magic number)");
    if (hd.version != NERVE__SYN_VERSION)
        return BAD("syntax model format version %u, expected %u (retrain it with "
                   "nerve-train-syntax)",
                   (unsigned)hd.version, NERVE__SYN_VERSION);
    if (hd.header_size != sizeof hd)
        return BAD("syntax model header of %u bytes, expected %zu", (unsigned)hd.header_size,
                   sizeof hd);
    if (hd.file_size != size)
        return BAD("syntax model is %zu bytes but its header says %llu (truncated?)", size,
                   (unsigned long long)hd.file_size);
    for (int i = 0; i < NERVE__SYN_SEC_COUNT_; i++) {
        const nerve__syn_section *s = &hd.sec[i];
        if (s->offset < sizeof hd || s->offset > size || s->size > size - s->offset ||
            s->offset % 4 != 0)
            return BAD("syntax model section %d lies outside the file", i);
    }
    if (nerve__syn_hash(base + sizeof hd, size - sizeof hd, 0) != hd.content_hash)
        return BAD("syntax model checksum mismatch (corrupted file)");
    if (hd.ntags == 0 || hd.ntags > NERVE__SYN_MAX_TAGS || hd.nlabels == 0 ||
        hd.nlabels > NERVE__SYN_MAX_LABELS)
        return BAD("syntax model has %u tags and %u relations (out of range)", (unsigned)hd.ntags,
                   (unsigned)hd.nlabels);
    m->ntags = hd.ntags;
    m->nlabels = hd.nlabels;
    int rc = map_names(base + hd.sec[NERVE__SYN_SEC_TAG_NAMES].offset,
                       hd.sec[NERVE__SYN_SEC_TAG_NAMES].size, hd.ntags, POS_NAMES, NERVE_POS_COUNT_,
                       m->tag_pos, "tag", name, err);
    if (rc == NERVE_OK)
        rc = map_names(base + hd.sec[NERVE__SYN_SEC_LABEL_NAMES].offset,
                       hd.sec[NERVE__SYN_SEC_LABEL_NAMES].size, hd.nlabels, DEP_NAMES,
                       NERVE_DEP_COUNT_, m->label_dep, "relation", name, err);
    if (rc == NERVE_OK)
        rc = check_table(&hd, base, NERVE__SYN_SEC_TAG_SLOT, NERVE__SYN_SEC_TAG_ENTRY, hd.tag_slots,
                         hd.ntags, &m->tag, "tagger", name, err);
    if (rc == NERVE_OK)
        rc = check_table(&hd, base, NERVE__SYN_SEC_DEP_SLOT, NERVE__SYN_SEC_DEP_ENTRY, hd.dep_slots,
                         1 + 2 * hd.nlabels, &m->dep, "parser", name, err);
    if (rc != NERVE_OK)
        return rc;
    int root = -1;
    for (uint32_t l = 0; l < hd.nlabels; l++)
        if (m->label_dep[l] == NERVE_DEP_ROOT)
            root = (int)l;
    if (root < 0)
        return BAD("syntax model has no \"root\" relation");
    m->punct_tag = -1;
    for (uint32_t t = 0; t < hd.ntags; t++)
        if (m->tag_pos[t] == NERVE_POS_PUNCT)
            m->punct_tag = (int)t;
    memset(m->pos_tag, 0, sizeof m->pos_tag);
    for (uint32_t t = m->ntags; t-- > 0;)
        if (m->tag_pos[t] < NERVE_POS_COUNT_)
            m->pos_tag[m->tag_pos[t]] = (uint8_t)t;
    uint32_t ds = hd.dict_slots;
    if (hd.sec[NERVE__SYN_SEC_DICT_KEY].size != (uint64_t)ds * 4 ||
        hd.sec[NERVE__SYN_SEC_DICT_TAG].size < ds)
        return BAD("tag dictionary sections have inconsistent sizes");
    m->dict_key = (const uint32_t *)(const void *)(base + hd.sec[NERVE__SYN_SEC_DICT_KEY].offset);
    m->dict_tag = base + hd.sec[NERVE__SYN_SEC_DICT_TAG].offset;
    m->dict_slots = ds;
    uint32_t dict_empty = 0;
    for (uint32_t i = 0; i < ds; i++) {
        if (m->dict_key[i] == 0)
            dict_empty++;
        else if (m->dict_tag[i] >= hd.ntags)
            return BAD("tag dictionary: tag %u out of range", (unsigned)m->dict_tag[i]);
    }
    if (ds && !dict_empty)
        return BAD("tag dictionary has no empty slot");
    uint32_t as = hd.amb_slots;
    if (hd.sec[NERVE__SYN_SEC_AMB_KEY].size != (uint64_t)as * 4 ||
        hd.sec[NERVE__SYN_SEC_AMB_MASK].size != (uint64_t)as * 4)
        return BAD("ambiguity lexicon sections have inconsistent sizes");
    m->amb_key = (const uint32_t *)(const void *)(base + hd.sec[NERVE__SYN_SEC_AMB_KEY].offset);
    m->amb_mask = (const uint32_t *)(const void *)(base + hd.sec[NERVE__SYN_SEC_AMB_MASK].offset);
    m->amb_slots = as;
    uint32_t amb_empty = 0;
    for (uint32_t i = 0; i < as; i++)
        amb_empty += m->amb_key[i] == 0;
    if (as && !amb_empty)
        return BAD("ambiguity lexicon has no empty slot");
    uint32_t cs = hd.cls_slots;
    if (hd.sec[NERVE__SYN_SEC_CLS_KEY].size != (uint64_t)cs * 4 ||
        hd.sec[NERVE__SYN_SEC_CLS_VAL].size != (uint64_t)cs * 4)
        return BAD("word class sections have inconsistent sizes");
    m->cls_key = (const uint32_t *)(const void *)(base + hd.sec[NERVE__SYN_SEC_CLS_KEY].offset);
    m->cls_val = (const uint32_t *)(const void *)(base + hd.sec[NERVE__SYN_SEC_CLS_VAL].offset);
    m->cls_slots = cs;
    uint32_t cls_empty = 0;
    for (uint32_t i = 0; i < cs; i++)
        cls_empty += m->cls_key[i] == 0;
    if (cs && !cls_empty)
        return BAD("word class table has no empty slot");
    m->notice = (const char *)base + hd.sec[NERVE__SYN_SEC_NOTICE].offset;
    m->notice_len = hd.sec[NERVE__SYN_SEC_NOTICE].size;
    return NERVE_OK;
#endif
}

int nerve__syntax_open_memory(const nerve_allocator *al, const void *data, size_t size,
                              const char *name, nerve__syntax **out, nerve_error *err)
{
    *out = NULL;
    if (!name)
        name = "<memory>";
    if ((uintptr_t)data % 8 != 0)
        return BAD("syntax model buffer is not 8-byte aligned");
    nerve__syntax *m = nerve__calloc(al, 1, sizeof *m);
    if (!m)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    m->base = data;
    m->size = size;
    int rc = open_image(m, name, err);
    if (rc != NERVE_OK) {
        nerve__free(al, m);
        return rc;
    }
    *out = m;
    return NERVE_OK;
}

int nerve__syntax_open(const nerve_allocator *al, const char *path, nerve__syntax **out,
                       nerve_error *err)
{
    *out = NULL;
    /* Populated at once: the checksum reads every page anyway, and one
     * batched fault is much cheaper than thousands. */
    const void *p;
    size_t size;
    int mrc = nerve__map_file(path, sizeof(nerve__syn_header), "a syntax model", 1, &p, &size, err);
    if (mrc != NERVE_OK)
        return mrc;
    nerve__syntax *m = nerve__calloc(al, 1, sizeof *m);
    if (!m) {
        nerve__unmap_file(p, size);
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    }
    m->base = p;
    m->size = size;
    m->mapped = 1;
    int rc = open_image(m, path, err);
    if (rc != NERVE_OK) {
        nerve__syntax_close(al, m);
        /* Name the file in the message too: callers often print only that. */
        if (err && strncmp(err->message, path, strlen(path)) != 0) {
            char msg[sizeof err->message];
            memcpy(msg, err->message, sizeof msg);
            snprintf(err->message, sizeof err->message, "%.100s: %.150s", path, msg);
        }
        return rc;
    }
    *out = m;
    return NERVE_OK;
}

void nerve__syntax_close(const nerve_allocator *al, nerve__syntax *m)
{
    if (!m)
        return;
    if (m->mapped && m->base)
        nerve__unmap_file(m->base, m->size);
    nerve__free(al, m);
}

/* ---- the stage ------------------------------------------------------------ */

struct nerve__syntax_scratch {
    const nerve_allocator *al;
    size_t cap; /* tokens the per-sentence arrays hold (+ 1 for the root) */
    nerve__syn_word *w;
    int32_t *stack, *head, *lc1, *lc2, *rc1, *rc2, *heads_out;
    uint8_t *label, *nl, *nr, *labels_out, *stags; /* stags: one sentence's model tags */
    uint64_t *lset, *rset;
    NERVE__VEC(uint8_t) tags; /* model tags of the document's tokens */
};

int nerve__syntax_scratch_new(const nerve_allocator *al, nerve__syntax_scratch **out)
{
    *out = nerve__calloc(al, 1, sizeof **out);
    if (!*out)
        return NERVE_ENOMEM;
    (*out)->al = al;
    return NERVE_OK;
}

static void free_arrays(nerve__syntax_scratch *s)
{
    const nerve_allocator *al = s->al;
    nerve__free(al, s->w);
    nerve__free(al, s->stack);
    nerve__free(al, s->head);
    nerve__free(al, s->lc1);
    nerve__free(al, s->lc2);
    nerve__free(al, s->rc1);
    nerve__free(al, s->rc2);
    nerve__free(al, s->heads_out);
    nerve__free(al, s->label);
    nerve__free(al, s->nl);
    nerve__free(al, s->nr);
    nerve__free(al, s->labels_out);
    nerve__free(al, s->stags);
    nerve__free(al, s->lset);
    nerve__free(al, s->rset);
}

void nerve__syntax_scratch_free(const nerve_allocator *al, nerve__syntax_scratch *s)
{
    if (!s)
        return;
    free_arrays(s);
    nerve__vec_free(al, &s->tags);
    nerve__free(al, s);
}

/* Room for sentences of n tokens; arrays only grow. */
static int reserve(nerve__syntax_scratch *s, size_t n)
{
    if (n + 1 <= s->cap)
        return NERVE_OK;
    size_t cap = s->cap ? s->cap : 64;
    while (cap < n + 1)
        cap *= 2;
    free_arrays(s);
    memset(&s->w, 0, offsetof(nerve__syntax_scratch, tags) - offsetof(nerve__syntax_scratch, w));
    s->cap = 0;
    const nerve_allocator *al = s->al;
    s->w = nerve__malloc(al, cap * sizeof *s->w);
    s->stack = nerve__malloc(al, cap * sizeof(int32_t));
    s->head = nerve__malloc(al, cap * sizeof(int32_t));
    s->lc1 = nerve__malloc(al, cap * sizeof(int32_t));
    s->lc2 = nerve__malloc(al, cap * sizeof(int32_t));
    s->rc1 = nerve__malloc(al, cap * sizeof(int32_t));
    s->rc2 = nerve__malloc(al, cap * sizeof(int32_t));
    s->heads_out = nerve__malloc(al, cap * sizeof(int32_t));
    s->label = nerve__malloc(al, cap);
    s->nl = nerve__malloc(al, cap);
    s->nr = nerve__malloc(al, cap);
    s->labels_out = nerve__malloc(al, cap);
    s->stags = nerve__malloc(al, cap);
    s->lset = nerve__malloc(al, cap * sizeof(uint64_t));
    s->rset = nerve__malloc(al, cap * sizeof(uint64_t));
    if (!s->w || !s->stack || !s->head || !s->lc1 || !s->lc2 || !s->rc1 || !s->rc2 ||
        !s->heads_out || !s->label || !s->nl || !s->nr || !s->labels_out || !s->stags || !s->lset ||
        !s->rset) {
        free_arrays(s);
        memset(&s->w, 0,
               offsetof(nerve__syntax_scratch, tags) - offsetof(nerve__syntax_scratch, w));
        return NERVE_ENOMEM;
    }
    s->cap = cap;
    return NERVE_OK;
}

static void tag_words(const nerve__syntax *m, const nerve__syn_word *w, size_t n, uint8_t *tags)
{
    uint64_t f[NERVE__SYN_TAG_FEATS];
    int32_t sc[NERVE__SYN_PAD(NERVE__SYN_MAX_TAGS)];
    int t1 = -1, t2 = -1;
    for (size_t i = 0; i < n; i++) {
        int t = dict_lookup(m, w[i].word);
        if (t < 0) {
            size_t nf = nerve__syn_tag_features(w, n, i, t1, t2, f);
            score(&m->tag, f, nf, sc);
            t = 0;
            for (uint32_t c = 1; c < m->ntags; c++)
                if (sc[c] > sc[t])
                    t = (int)c;
        }
        tags[i] = (uint8_t)t;
        t2 = t1;
        t1 = t;
    }
}

int nerve__syntax_tag(const nerve__syntax *m, nerve__syntax_scratch *s, const char *text,
                      const nerve_token *tok, size_t n, uint8_t *tags)
{
    if (reserve(s, n) != NERVE_OK)
        return NERVE_ENOMEM;
    nerve__syn_words(text, tok, n, s->w);
    for (size_t i = 0; i < n; i++)
        s->w[i].amb = amb_lookup(m, s->w[i].word);
    cls_lookup(m, s->w, n);
    tag_words(m, s->w, n, tags);
    return NERVE_OK;
}

/* Best allowed transition; LEFT onto the root only with the root label,
 * and the root label for nothing else. */
static unsigned best_transition(const nerve__syntax *m, const nerve__syn_state *st,
                                const int32_t *sc, unsigned root_label)
{
    unsigned ok = nerve__syn_allowed(st);
    unsigned best = UINT_MAX;
    int32_t bs = INT32_MIN;
    if ((ok & 1u) && sc[0] > bs) {
        best = 0;
        bs = sc[0];
    }
    int to_root = st->b == st->n;
    for (unsigned l = 0; l < m->nlabels; l++) {
        if ((ok & 2u) && (l == root_label) == to_root && sc[1 + 2 * l] > bs) {
            best = 1 + 2 * l;
            bs = sc[best];
        }
        if ((ok & 4u) && l != root_label && sc[2 + 2 * l] > bs) {
            best = 2 + 2 * l;
            bs = sc[best];
        }
    }
    return best;
}

static unsigned root_label_of(const nerve__syntax *m)
{
    for (unsigned l = 0; l < m->nlabels; l++)
        if (m->label_dep[l] == NERVE_DEP_ROOT)
            return l;
    return 0; /* open_image refuses a model without one */
}

int nerve__syntax_parse(const nerve__syntax *m, nerve__syntax_scratch *s, const char *text,
                        const nerve_token *tok, size_t n, const uint8_t *tags, int32_t *heads,
                        uint8_t *labels)
{
    if (n > NERVE__SYN_MAX_PARSE) {
        for (size_t i = 0; i < n; i++) {
            heads[i] = -2;
            labels[i] = 0;
        }
        return NERVE_OK;
    }
    if (reserve(s, n) != NERVE_OK)
        return NERVE_ENOMEM;
    nerve__syn_words(text, tok, n, s->w);
    cls_lookup(m, s->w, n);
    nerve__syn_state st = {0,      s->stack, 0,      0,     s->head, s->label, s->lc1,
                           s->lc2, s->rc1,   s->rc2, s->nl, s->nr,   s->lset,  s->rset};
    nerve__syn_state_init(&st, n);
    unsigned root = root_label_of(m);
    uint64_t f[NERVE__SYN_FEATS];
    int32_t sc[NERVE__SYN_PAD(NERVE__SYN_MAX_CLASSES)];
    while (st.b < n || st.depth > 0) {
        if (st.depth == 0) { /* SHIFT is the only move: nothing to score */
            nerve__syn_apply(&st, NERVE__SYN_SHIFT);
            continue;
        }
        size_t nf = nerve__syn_dep_features(&st, s->w, tags, f);
        score(&m->dep, f, nf, sc);
        unsigned c = best_transition(m, &st, sc, root);
        if (c == UINT_MAX)
            break; /* cannot happen: some transition is always allowed */
        nerve__syn_apply(&st, c);
    }
    for (size_t i = 0; i < n; i++) {
        heads[i] = st.head[i] == (int32_t)n ? -1 : st.head[i];
        labels[i] = st.label[i];
    }
    return NERVE_OK;
}

int nerve__syntax_run_tags(const nerve__syntax *m, nerve__syntax_scratch *s, const char *text,
                           nerve_token *tok, size_t ntok, const nerve_sentence *sent, size_t nsent)
{
    if (nerve__vec_reserve(s->al, &s->tags, ntok) != NERVE_OK)
        return NERVE_ENOMEM;
    s->tags.n = ntok;
    for (size_t k = 0; k < nsent; k++) {
        size_t b = sent[k].token_begin, n = sent[k].token_count;
        if (nerve__syntax_tag(m, s, text, tok + b, n, s->tags.v + b) != NERVE_OK)
            return NERVE_ENOMEM;
        for (size_t i = b; i < b + n; i++)
            tok[i].pos = m->tag_pos[s->tags.v[i]];
    }
    return NERVE_OK;
}

int nerve__syntax_run_parse(const nerve__syntax *m, nerve__syntax_scratch *s, const char *text,
                            nerve_token *tok, size_t ntok, const nerve_sentence *sent, size_t nsent,
                            const unsigned char *want)
{
    if (s->tags.n != ntok)
        return NERVE_EINVAL; /* tags first */
    for (size_t k = 0; k < nsent; k++) {
        if (want && !want[k])
            continue;
        size_t b = sent[k].token_begin, n = sent[k].token_count;
        if (n > NERVE__SYN_MAX_PARSE || (n && tok[b].dep != NERVE_DEP_NONE))
            continue; /* too long, or parsed already for the rules */
        if (reserve(s, n) != NERVE_OK)
            return NERVE_ENOMEM;
        int32_t *heads = s->heads_out;
        uint8_t *labels = s->labels_out;
        if (nerve__syntax_parse(m, s, text, tok + b, n, s->tags.v + b, heads, labels) != NERVE_OK)
            return NERVE_ENOMEM;
        for (size_t i = 0; i < n; i++) {
            tok[b + i].head = heads[i] < 0 ? NERVE_NONE : b + (size_t)heads[i];
            tok[b + i].dep = m->label_dep[labels[i]];
        }
    }
    return NERVE_OK;
}

int nerve__syntax_sentence(const nerve__syntax *m, nerve__syntax_scratch *s, const char *text,
                           nerve_token *tok, size_t n, size_t base, int parse)
{
    if (n == 0)
        return NERVE_OK;
    int tagged = tok[0].pos != NERVE_POS_NONE;
    int parsed = tok[0].dep != NERVE_DEP_NONE || n > NERVE__SYN_MAX_PARSE;
    if (tagged && (!parse || parsed))
        return NERVE_OK;
    if (reserve(s, n) != NERVE_OK) /* before tagging: stags is one of the arrays */
        return NERVE_ENOMEM;
    if (tagged) {
        for (size_t i = 0; i < n; i++)
            s->stags[i] = m->pos_tag[tok[i].pos < NERVE_POS_COUNT_ ? tok[i].pos : 0];
    } else {
        if (nerve__syntax_tag(m, s, text, tok, n, s->stags) != NERVE_OK)
            return NERVE_ENOMEM;
        for (size_t i = 0; i < n; i++)
            tok[i].pos = m->tag_pos[s->stags[i]];
    }
    if (!parse || parsed)
        return NERVE_OK;
    if (nerve__syntax_parse(m, s, text, tok, n, s->stags, s->heads_out, s->labels_out) != NERVE_OK)
        return NERVE_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        tok[i].head = s->heads_out[i] < 0 ? NERVE_NONE : base + (size_t)s->heads_out[i];
        tok[i].dep = m->label_dep[s->labels_out[i]];
    }
    return NERVE_OK;
}
