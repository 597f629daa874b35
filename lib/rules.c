/*
 * rules.c - the rule language's back end (docs/rules.md): resolving names,
 * compiling each rule to one PCRE2 pattern over a byte encoding of a
 * sentence, indexing rules by the words, classes and types they require, and
 * matching. The only file that includes pcre2.h. Parsing is in rules_parse.c.
 *
 * Encoding of a sentence: one segment per token,
 *
 *     0x1E  B1 B2 B3  key  0x1F  items
 *
 * B1 = 0x80 | kind | cap<<3 | allcaps<<4 | digit<<5 | sentence-start<<6,
 * B2 = 0x80 | hyphen | abbrev<<1 | poss<<2 | space-before<<3 | line-start<<4
 *      | open-quote<<5 | close-quote<<6,
 * B3 = 0x80 | the part of speech (nerve_pos; 0 when the sentence is untagged),
 * key = the token's normalized key, bytes < 0x20 escaped as 0x1D, c+0x40,
 * items = one per feature covering the token: `s` K id `,` n `;` (a
 * one-token feature), `b` K id `,` n `;` (first token), `i` K id `;` (inner)
 * and `e` K id `,` n `;` (last token), where K is c (class), g (gazetteer
 * candidate) or m (mention), id the class id or type and n the feature's
 * index in the sentence's feature array. A multi-token slot matches from the
 * token with `b..,n;` to the token with `e..,n;` via a back reference to n,
 * so overlapping features of the same kind are matched exactly.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "error.h"
#include "rules_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* PCRE2 memory through the caller's allocator                              */
/* ------------------------------------------------------------------------ */

static void *pc_malloc(size_t n, void *data)
{
    return nerve__malloc((const nerve_allocator *)data, n);
}

static void pc_free(void *ptr, void *data)
{
    nerve__free((const nerve_allocator *)data, ptr);
}

/* ------------------------------------------------------------------------ */
/* Ruleset lifecycle                                                        */
/* ------------------------------------------------------------------------ */

int nerve__ruleset_new(const nerve_allocator *al, nerve__ruleset **out)
{
    nerve_allocator a;
    nerve__allocator_init(&a, al);
    nerve__ruleset *rs = nerve__calloc(&a, 1, sizeof *rs);
    if (!rs)
        return NERVE_ENOMEM;
    rs->al = a;
    nerve__arena_init(&rs->arena, &rs->al);
    rs->match_limit = NERVE__RULES_MATCH_LIMIT;
    rs->max_source = NERVE__RULES_MAX_SOURCE;
    rs->depth_limit = NERVE__RULES_DEPTH_LIMIT;
    rs->gctx = pcre2_general_context_create(pc_malloc, pc_free, &rs->al);
    if (!rs->gctx) {
        nerve__free(&a, rs);
        return NERVE_ENOMEM;
    }
    *out = rs;
    return NERVE_OK;
}

static void index_free(nerve__ruleset *rs, nerve__rindex *ix)
{
    nerve__free(&rs->al, ix->keys);
    nerve__free(&rs->al, ix->post_off);
    nerve__free(&rs->al, ix->post_cnt);
    nerve__free(&rs->al, ix->always);
    nerve__free(&rs->al, ix->kindmask);
    nerve__vec_free(&rs->al, &ix->post);
    memset(ix, 0, sizeof *ix);
}

void nerve__ruleset_free(nerve__ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->rules.n; i++)
        pcre2_code_free(rs->rules.v[i].code);
    for (int k = 0; k < 2; k++)
        index_free(rs, &rs->index[k]);
    pcre2_compile_context_free(rs->cctx);
    pcre2_general_context_free(rs->gctx);
    nerve__free(&rs->al, rs->used_class);
    nerve__vec_free(&rs->al, &rs->nodes);
    nerve__vec_free(&rs->al, &rs->rules);
    nerve__vec_free(&rs->al, &rs->events);
    nerve__vec_free(&rs->al, &rs->classes);
    nerve__vec_free(&rs->al, &rs->defines);
    nerve__rules_names_free(rs);
    nerve__vec_free(&rs->al, &rs->capnames);
    nerve__vec_free(&rs->al, &rs->tests);
    nerve__vec_free(&rs->al, &rs->rels);
    nerve__vec_free(&rs->al, &rs->inflections);
    nerve__vec_free(&rs->al, &rs->word_costs);
    nerve__vec_free(&rs->al, &rs->caps);
    nerve__vec_free(&rs->al, &rs->grp_inst);
    nerve__arena_free(&rs->arena);
    nerve_allocator a = rs->al;
    nerve__free(&a, rs);
}

int nerve__ruleset_add(nerve__ruleset *rs, const char *file, const char *src, size_t len,
                       nerve_error *err)
{
    if (!rs || (!src && len))
        return nerve__error_set(err, NERVE_EINVAL, 0, "invalid argument");
    if (rs->compiled)
        return nerve__error_set(err, NERVE_ESTATE, 0, "rules added after compile");
    if (len > rs->max_source)
        return nerve__error_set_file(err, NERVE_ETOOBIG, file, 0, 0, 0,
                                     "%s: %zu bytes of rules exceed the limit of %zu bytes", file,
                                     len, rs->max_source);
    /* On error, drop what this call added so the set stays consistent. */
    size_t nrules = rs->rules.n, nev = rs->events.n, ncl = rs->classes.n, ndef = rs->defines.n;
    size_t nrel = rs->rels.n;
    int rc = nerve__rules_parse(rs, file, src ? src : "", len, 0, err);
    if (rc != NERVE_OK) {
        rs->rels.n = nrel;
        rs->rules.n = nrules;
        rs->events.n = nev;
        rs->classes.n = ncl;
        rs->defines.n = ndef;
    }
    return rc;
}

void nerve__ruleset_set_max_source(nerve__ruleset *rs, size_t max_bytes)
{
    rs->max_source = max_bytes ? max_bytes : NERVE__RULES_MAX_SOURCE;
}

void nerve__ruleset_set_limits(nerve__ruleset *rs, uint32_t match_limit, uint32_t depth_limit)
{
    rs->match_limit = match_limit ? match_limit : NERVE__RULES_MATCH_LIMIT;
    rs->depth_limit = depth_limit ? depth_limit : NERVE__RULES_DEPTH_LIMIT;
}

size_t nerve__ruleset_count(const nerve__ruleset *rs)
{
    return rs ? rs->rules.n : 0;
}

const nerve__rule_info *nerve__ruleset_rule(const nerve__ruleset *rs, uint32_t index)
{
    return rs && index < rs->rules.n ? &rs->rules.v[index].info : NULL;
}

const char *nerve__rules_capname(const nerve__ruleset *rs, uint32_t name)
{
    return rs && name < rs->capnames.n ? rs->capnames.v[name] : NULL;
}

static const nerve__revent *find_event(const nerve__ruleset *rs, const char *type)
{
    uint32_t i = nerve__rules_name_find(rs, NERVE__RN_EVENT, type);
    return i == NERVE__RNONE ? NULL : &rs->events.v[i];
}

const char *const *nerve__rules_event_roles(const nerve__ruleset *rs, const char *type)
{
    const nerve__revent *e = rs && type ? find_event(rs, type) : NULL;
    return e ? (const char *const *)e->roles : NULL;
}

const char *const *nerve__rules_event_keys(const nerve__ruleset *rs, const char *type)
{
    const nerve__revent *e = rs && type ? find_event(rs, type) : NULL;
    return e ? (const char *const *)e->keys : NULL;
}

const char *const *nerve__rules_event_clauses(const nerve__ruleset *rs, const char *type)
{
    const nerve__revent *e = rs && type ? find_event(rs, type) : NULL;
    return e ? (const char *const *)e->clauses : NULL;
}

const char *nerve__rules_event_agent(const nerve__ruleset *rs, const char *type)
{
    const nerve__revent *e = rs && type ? find_event(rs, type) : NULL;
    return e ? e->agent : NULL;
}

/* ------------------------------------------------------------------------ */
/* Keys (index)                                                             */
/* ------------------------------------------------------------------------ */

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h ? h : 1;
}

/* Eight bytes a step: every token of every sentence is hashed for the
 * index, twice (mention and event rules). */
static uint64_t word_key(const char *s, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ ((uint64_t)n * UINT64_C(0x9E3779B97F4A7C15));
    const unsigned char *p = (const unsigned char *)s;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * UINT64_C(0x100000001b3);
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)p[i] << (8 * i);
    return mix64((h ^ w) * UINT64_C(0x100000001b3));
}

static uint64_t feat_key(uint32_t kind, uint32_t id)
{
    return mix64(((uint64_t)kind << 32 | id) ^ UINT64_C(0x9E3779B97F4A7C15));
}

static uint32_t feat_cost(uint32_t kind, uint32_t id)
{
    if (kind == NERVE__RF_CLASS)
        return 20;
    if (kind == NERVE__RF_GAZ)
        return 200;
    if (id == NERVE_TYPE_DATE || id == NERVE_TYPE_TIME || id == NERVE_TYPE_DURATION ||
        id == NERVE_TYPE_SET)
        return 200;
    return 500;
}

/* ------------------------------------------------------------------------ */
/* Compiling a rule                                                         */
/* ------------------------------------------------------------------------ */

typedef NERVE__VEC(uint64_t) keyvec;

typedef struct emitter {
    nerve__ruleset *rs;
    const nerve__gazset *gs;
    nerve_error *err;
    nerve__rrule *rule;
    const nerve__revent *ev;
    nerve__buf pat;
    uint32_t ngroups;
    NERVE__VEC(uint8_t) inst; /* per group number: 1 = feature instance group */
    NERVE__VEC(uint32_t) used_class;
    int depth;
} emitter;

static int eerr(emitter *e, const nerve__rnode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int eerr(emitter *e, const nerve__rnode *n, const char *fmt, ...)
{
    if (e->err) {
        char msg[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        nerve__error_set_file(e->err, NERVE_ERULES, n->file, n->line, n->col, 0, "%s", msg);
    }
    return NERVE_ERULES;
}

static int put(emitter *e, const char *s)
{
    return nerve__buf_append(&e->rs->al, &e->pat, s, strlen(s));
}

/* Append one encoded byte as a regex literal. */
static int put_lit_byte(emitter *e, unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80)
        return nerve__buf_putc(&e->rs->al, &e->pat, (char)c);
    char b[8];
    snprintf(b, sizeof b, "\\x%02x", c);
    return put(e, b);
}

/* A key as it appears in the encoding, as a regex literal. */
static int put_key(emitter *e, const char *k)
{
    int rc = NERVE_OK;
    for (const unsigned char *p = (const unsigned char *)k; *p && rc == NERVE_OK; p++) {
        if (*p < 0x20) {
            rc = put_lit_byte(e, 0x1d);
            if (rc == NERVE_OK)
                rc = put_lit_byte(e, (unsigned char)(*p + 0x40));
        } else {
            rc = put_lit_byte(e, *p);
        }
    }
    return rc;
}

/* A character class of the bytes 0x80|v for the set bits v of set[0] (7-bit values). */
static int put_byteset(emitter *e, const uint64_t set[2])
{
    int rc = put(e, "[");
    for (unsigned v = 0; v < 128 && rc == NERVE_OK;) {
        if (!((set[v >> 6] >> (v & 63)) & 1)) {
            v++;
            continue;
        }
        unsigned w = v;
        while (w + 1 < 128 && ((set[(w + 1) >> 6] >> ((w + 1) & 63)) & 1))
            w++;
        char b[24];
        if (w == v)
            snprintf(b, sizeof b, "\\x%02x", 0x80 | v);
        else
            snprintf(b, sizeof b, "\\x%02x-\\x%02x", 0x80 | v, 0x80 | w);
        rc = put(e, b);
        v = w + 1;
    }
    return rc ? rc : put(e, "]");
}

static const char feat_char[] = {0, 'c', 'g', 'm'};

/* (?:X1|X2) for the features of a slot (list of RN_FEAT siblings starting at f). */
static int put_feat_alts(emitter *e, const uint32_t *fk, const uint32_t *fid, size_t n)
{
    int rc = put(e, "(?:");
    for (size_t i = 0; i < n && rc == NERVE_OK; i++) {
        char b[24];
        snprintf(b, sizeof b, "%s%c%u", i ? "|" : "", feat_char[fk[i]], fid[i]);
        rc = put(e, b);
    }
    return rc ? rc : put(e, ")");
}

static int new_group(emitter *e, int inst, uint32_t *g)
{
    if (e->inst.n == 0 && nerve__vec_push(&e->rs->al, &e->inst, (uint8_t)0) != NERVE_OK)
        return NERVE_ENOMEM;
    *g = ++e->ngroups;
    return nerve__vec_push(&e->rs->al, &e->inst, (uint8_t)inst);
}

/* One token range covered by one of the features (kinds fk, ids fid). */
static int put_range(emitter *e, const uint32_t *fk, const uint32_t *fid, size_t n)
{
    uint32_t g1, g2;
    int rc;
    if ((rc = put(e, "\\x1e[^\\x1f]*+\\x1f(?:[^\\x1e;]*+;)*?(?:s")) ||
        (rc = put_feat_alts(e, fk, fid, n)) || (rc = new_group(e, 1, &g1)) ||
        (rc = put(e, ",(\\d+);|b")) || (rc = put_feat_alts(e, fk, fid, n)) ||
        (rc = new_group(e, 1, &g2)) ||
        (rc = put(
             e, ",(\\d+);(?>(?:[^\\x1e]*+\\x1e)+?[^\\x1f]*+\\x1f(?:[^\\x1e;]*+;)*?e[^,;\\x1e]*+,")))
        return rc;
    char b[32];
    snprintf(b, sizeof b, "\\g{%u};))[^\\x1e]*+", g2);
    return put(e, b);
}

/* Lookahead body: the token (from just after 0x1E) is covered by one of the features. */
static int put_covered(emitter *e, const uint32_t *fk, const uint32_t *fid, size_t n)
{
    int rc;
    if ((rc = put(e, "[^\\x1f]*+\\x1f(?:[^\\x1e;]*+;)*?[sbie]")) ||
        (rc = put_feat_alts(e, fk, fid, n)))
        return rc;
    return put(e, "[,;]");
}

static int note_feat(emitter *e, uint32_t kind, uint32_t id)
{
    if (kind == NERVE__RF_CLASS)
        return nerve__vec_push(&e->rs->al, &e->used_class, id);
    if (id < 32) {
        if (kind == NERVE__RF_GAZ)
            e->rs->used_gaz |= 1u << id;
        else
            e->rs->used_mention |= 1u << id;
    }
    return NERVE_OK;
}

static const nerve__rclass *find_class(const nerve__ruleset *rs, const char *name)
{
    uint32_t i = nerve__rules_name_find(rs, NERVE__RN_CLASS, name);
    return i == NERVE__RNONE ? NULL : &rs->classes.v[i];
}

static nerve__rdefine *find_define(nerve__ruleset *rs, const char *name)
{
    uint32_t i = nerve__rules_name_find(rs, NERVE__RN_DEFINE, name);
    return i == NERVE__RNONE ? NULL : &rs->defines.v[i];
}

static uint32_t class_gaz_id(emitter *e, const char *name)
{
    return e->gs ? nerve__gaz_class_id(e->gs, name) : NERVE__RNONE;
}

/* Resolve @name: file class and/or gazetteer class id; error if neither. */
static int resolve_class(emitter *e, const nerve__rnode *n, const nerve__rclass **fc, uint32_t *gid)
{
    *fc = find_class(e->rs, n->s);
    *gid = class_gaz_id(e, n->s);
    if (!*fc && *gid == NERVE__RNONE)
        return eerr(e, n, "unknown class '@%s'", n->s);
    return NERVE_OK;
}

static int all_words(const nerve__ruleset *rs, uint32_t k)
{
    for (; k != NERVE__RNONE; k = rs->nodes.v[k].next)
        if (rs->nodes.v[k].kind != RN_WORD)
            return 0;
    return 1;
}

/* (?:w1|w2) for the RN_WORD siblings starting at k. */
static int put_words(emitter *e, uint32_t k)
{
    int rc = put(e, "(?:");
    for (int first = 1; k != NERVE__RNONE && rc == NERVE_OK;
         k = e->rs->nodes.v[k].next, first = 0) {
        if (!first)
            rc = put(e, "|");
        if (rc == NERVE_OK)
            rc = put_key(e, e->rs->nodes.v[k].s);
    }
    return rc ? rc : put(e, ")");
}

static int slot_feats(const nerve__ruleset *rs, uint32_t slot, uint32_t *fk, uint32_t *fid,
                      size_t *n)
{
    *n = 0;
    for (uint32_t k = rs->nodes.v[slot].kid; k != NERVE__RNONE && *n < 16;
         k = rs->nodes.v[k].next) {
        fk[*n] = rs->nodes.v[k].sub;
        fid[*n] = rs->nodes.v[k].id;
        (*n)++;
    }
    return NERVE_OK;
}

/* Lookahead body for `!`: the token (just after 0x1E) matches node n. */
static int emit_cond(emitter *e, uint32_t ni)
{
    const nerve__rnode n = e->rs->nodes.v[ni];
    int rc;
    switch (n.kind) {
    case RN_WORD:
        if ((rc = put(e, "[\\x80-\\xff]{3}")) || (rc = put_key(e, n.s)))
            return rc;
        return put(e, "\\x1f");
    case RN_TEST: {
        const nerve__rtest *t = &e->rs->tests.v[n.id];
        if ((t->b3[0] & t->b3[1]) != ~(uint64_t)0)
            e->rule->needs |= NERVE__RNEED_TAGS; /* a [pos=...] test */
        if ((rc = put_byteset(e, t->b1)) || (rc = put_byteset(e, t->b2)) ||
            (rc = put_byteset(e, t->b3)))
            return rc;
        if (n.kid != NERVE__RNONE) {
            if ((rc = put_words(e, n.kid)))
                return rc;
            return put(e, "\\x1f");
        }
        return NERVE_OK;
    }
    case RN_ALT: {
        rc = put(e, "(?:");
        for (uint32_t k = n.kid; k != NERVE__RNONE && rc == NERVE_OK; k = e->rs->nodes.v[k].next) {
            if (k != n.kid)
                rc = put(e, "|");
            if (rc == NERVE_OK)
                rc = emit_cond(e, k);
        }
        return rc ? rc : put(e, ")");
    }
    case RN_SLOT: {
        uint32_t fk[16], fid[16];
        size_t nf;
        slot_feats(e->rs, ni, fk, fid, &nf);
        for (size_t i = 0; i < nf; i++)
            if ((rc = note_feat(e, fk[i], fid[i])))
                return rc;
        return put_covered(e, fk, fid, nf);
    }
    case RN_CLASS: {
        const nerve__rclass *fc;
        uint32_t gid;
        if ((rc = resolve_class(e, &n, &fc, &gid)))
            return rc;
        int alts = 0;
        rc = put(e, "(?:");
        if (gid != NERVE__RNONE) {
            uint32_t fk = NERVE__RF_CLASS;
            if ((rc = note_feat(e, fk, gid)) || (rc = put_covered(e, &fk, &gid, 1)))
                return rc;
            alts++;
        }
        if (fc) {
            /* one-token entries only; phrases cannot be tested on one token */
            for (uint32_t k = e->rs->nodes.v[fc->root].kid; k != NERVE__RNONE && rc == NERVE_OK;
                 k = e->rs->nodes.v[k].next) {
                int kk = e->rs->nodes.v[k].kind;
                if (kk != RN_WORD && kk != RN_ALT)
                    continue;
                if (alts++)
                    rc = put(e, "|");
                if (rc == NERVE_OK)
                    rc = emit_cond(e, k);
            }
        }
        if (rc == NERVE_OK && !alts)
            rc = put(e, "(*FAIL)");
        return rc ? rc : put(e, ")");
    }
    default:
        return eerr(e, &n, "negation needs a single-token atom");
    }
}

static int is_any(nerve__ruleset *rs, uint32_t k, int depth)
{
    const nerve__rnode *n = &rs->nodes.v[k];
    if (depth > NERVE__RMAX_DEFINE_DEPTH)
        return 0;
    if (n->kind == RN_ANY)
        return 1;
    if (n->kind == RN_CAP)
        return is_any(rs, n->kid, depth + 1);
    if (n->kind == RN_MACRO) {
        nerve__rdefine *d = find_define(rs, n->s);
        return d ? is_any(rs, d->root, depth + 1) : 0;
    }
    return 0;
}

static int emit(emitter *e, uint32_t ni);

/* Does node k hold a capture (through groups and defines)? */
static int has_capture(nerve__ruleset *rs, uint32_t k, int depth)
{
    if (k == NERVE__RNONE || depth > NERVE__RMAX_DEFINE_DEPTH)
        return 0;
    const nerve__rnode *n = &rs->nodes.v[k];
    switch (n->kind) {
    case RN_CAP:
        return 1;
    case RN_SEQ:
    case RN_ALT:
        for (uint32_t c = n->kid; c != NERVE__RNONE; c = rs->nodes.v[c].next)
            if (has_capture(rs, c, depth + 1))
                return 1;
        return 0;
    case RN_REP:
        return has_capture(rs, n->kid, depth + 1);
    case RN_MACRO: {
        nerve__rdefine *d = find_define(rs, n->s);
        return d ? has_capture(rs, d->root, depth + 1) : 0;
    }
    default:
        return 0;
    }
}

/* Repetitions of a group with captures written out one by one, so that
 * every repetition reports its captures ("met A, B and C" gives A, B and
 * C, not only C): min copies, then up to REP_UNROLL nested optional copies
 * ((?:X(?:X)?)? is X{0,2} with the same backtracking order), then, for an
 * unbounded or longer repetition, the rest as an ordinary repetition whose
 * captures keep their last repetition. */
enum { REP_UNROLL = 8 };

static int emit_unrolled(emitter *e, const nerve__rnode *n)
{
    int rc;
    uint32_t opt = n->max == NERVE__RINF ? REP_UNROLL : n->max - n->min;
    uint32_t tail = 0; /* repetitions beyond the unrolled ones */
    if (opt > REP_UNROLL) {
        tail = n->max == NERVE__RINF ? NERVE__RINF : opt - REP_UNROLL;
        opt = REP_UNROLL;
    }
    for (uint32_t i = 0; i < n->min; i++)
        if ((rc = put(e, "(?:")) || (rc = emit(e, n->kid)) || (rc = put(e, ")")))
            return rc;
    const char *close = n->lazy ? ")??" : ")?";
    for (uint32_t i = 0; i < opt; i++)
        if ((rc = put(e, "(?:")) || (rc = emit(e, n->kid)))
            return rc;
    if (tail) {
        char b[40];
        if (tail == NERVE__RINF)
            snprintf(b, sizeof b, ")*%s", n->lazy ? "?" : "");
        else
            snprintf(b, sizeof b, "){0,%u}%s", tail, n->lazy ? "?" : "");
        if ((rc = put(e, "(?:")) || (rc = emit(e, n->kid)) || (rc = put(e, b)))
            return rc;
    }
    for (uint32_t i = 0; i < opt; i++)
        if ((rc = put(e, close)))
            return rc;
    return NERVE_OK;
}

static int role_ok(const nerve__revent *ev, const char *name)
{
    if (strcmp(name, "trigger") == 0 || name[0] == '_')
        return 1;
    for (uint32_t i = 0; i < ev->nroles; i++)
        if (strcmp(ev->roles[i], name) == 0)
            return 1;
    return 0;
}

static int emit(emitter *e, uint32_t ni)
{
    const nerve__rnode n = e->rs->nodes.v[ni];
    int rc;
    if (e->pat.n > NERVE__RMAX_PATTERN)
        return NERVE_OK; /* reported by the caller */
    switch (n.kind) {
    case RN_WORD:
        if ((rc = put(e, "\\x1e[\\x80-\\xff]{3}")) || (rc = put_key(e, n.s)))
            return rc;
        return put(e, "\\x1f[^\\x1e]*+");
    case RN_ANY:
        return put(e, "\\x1e[^\\x1e]*+");
    case RN_TEST:
        if ((rc = put(e, "\\x1e")) || (rc = emit_cond(e, ni)))
            return rc;
        return put(e, "[^\\x1e]*+");
    case RN_SEQ:
        for (uint32_t k = n.kid; k != NERVE__RNONE; k = e->rs->nodes.v[k].next)
            if ((rc = emit(e, k)))
                return rc;
        return NERVE_OK;
    case RN_ALT:
        if (all_words(e->rs, n.kid)) {
            if ((rc = put(e, "\\x1e[\\x80-\\xff]{3}")) || (rc = put_words(e, n.kid)))
                return rc;
            return put(e, "\\x1f[^\\x1e]*+");
        }
        rc = put(e, "(?:");
        for (uint32_t k = n.kid; k != NERVE__RNONE && rc == NERVE_OK; k = e->rs->nodes.v[k].next) {
            if (k != n.kid)
                rc = put(e, "|");
            if (rc == NERVE_OK)
                rc = emit(e, k);
        }
        return rc ? rc : put(e, ")");
    case RN_REP: {
        if (n.max == NERVE__RINF && is_any(e->rs, n.kid, 0))
            return eerr(e, &n, "unbounded gap: use a bounded gap such as []{0,5}");
        if (has_capture(e->rs, n.kid, 0))
            return emit_unrolled(e, &n);
        if ((rc = put(e, "(?:")) || (rc = emit(e, n.kid)))
            return rc;
        char b[40];
        if (n.min == 0 && n.max == 1)
            snprintf(b, sizeof b, ")?");
        else if (n.max == NERVE__RINF)
            snprintf(b, sizeof b, "){%u,}", n.min);
        else
            snprintf(b, sizeof b, "){%u,%u}", n.min, n.max);
        if ((rc = put(e, b)))
            return rc;
        return n.lazy ? put(e, "?") : NERVE_OK;
    }
    case RN_CAP: {
        if (e->ev && !role_ok(e->ev, n.s)) {
            char roles[160];
            size_t o = 0;
            roles[0] = '\0';
            for (uint32_t i = 0; i < e->ev->nroles && o < sizeof roles; i++)
                o += (size_t)snprintf(roles + o, sizeof roles - o, "%s%s", i ? ", " : "",
                                      e->ev->roles[i]);
            return eerr(e, &n, "unknown role '%s' for event type '%s' (roles: %s)", n.s,
                        e->ev->name, roles);
        }
        nerve__rcapinfo ci;
        memset(&ci, 0, sizeof ci);
        if ((rc = new_group(e, 0, &ci.group)))
            return rc;
        ci.name = n.id;
        ci.inner_first = ci.group + 1;
        size_t slot = e->rs->caps.n;
        if ((rc = nerve__vec_push(&e->rs->al, &e->rs->caps, ci)))
            return rc;
        if ((rc = put(e, "(")) || (rc = emit(e, n.kid)))
            return rc;
        e->rs->caps.v[slot].inner_last = e->ngroups;
        return put(e, ")");
    }
    case RN_CLASS: {
        const nerve__rclass *fc;
        uint32_t gid;
        if ((rc = resolve_class(e, &n, &fc, &gid)))
            return rc;
        if ((rc = put(e, "(?:")))
            return rc;
        if (gid != NERVE__RNONE) {
            uint32_t fk = NERVE__RF_CLASS;
            if ((rc = note_feat(e, fk, gid)) || (rc = put_range(e, &fk, &gid, 1)))
                return rc;
            if (fc && (rc = put(e, "|")))
                return rc;
        }
        if (fc && (rc = emit(e, fc->root)))
            return rc;
        return put(e, ")");
    }
    case RN_SLOT: {
        uint32_t fk[16], fid[16];
        size_t nf;
        slot_feats(e->rs, ni, fk, fid, &nf);
        for (size_t i = 0; i < nf; i++)
            if ((rc = note_feat(e, fk[i], fid[i])))
                return rc;
        return put_range(e, fk, fid, nf);
    }
    case RN_NOT:
        if ((rc = put(e, "\\x1e(?!")) || (rc = emit_cond(e, n.kid)))
            return rc;
        return put(e, ")[^\\x1e]*+");
    case RN_BOL:
        return put(e, "^");
    case RN_EOL:
        return put(e, "\\z");
    case RN_MACRO: {
        nerve__rdefine *d = find_define(e->rs, n.s);
        if (!d)
            return eerr(e, &n, "unknown define '$%s'", n.s);
        if (d->busy || e->depth >= NERVE__RMAX_DEFINE_DEPTH)
            return eerr(e, &n, "recursive define '$%s'", n.s);
        d->busy = 1;
        e->depth++;
        rc = put(e, "(?:");
        if (rc == NERVE_OK)
            rc = emit(e, d->root);
        if (rc == NERVE_OK)
            rc = put(e, ")");
        e->depth--;
        d->busy = 0;
        return rc;
    }
    default:
        return eerr(e, &n, "internal error: unknown node kind %d", n.kind);
    }
}

/* Fewest tokens node can match (macros resolved; emission already checked them). */
static uint32_t minlen(nerve__ruleset *rs, uint32_t ni, int depth)
{
    const nerve__rnode *n = &rs->nodes.v[ni];
    if (depth > NERVE__RMAX_DEFINE_DEPTH)
        return 1;
    switch (n->kind) {
    case RN_SEQ: {
        uint32_t s = 0;
        for (uint32_t k = n->kid; k != NERVE__RNONE; k = rs->nodes.v[k].next)
            s += minlen(rs, k, depth + 1);
        return s;
    }
    case RN_ALT: {
        uint32_t m = UINT32_MAX;
        for (uint32_t k = n->kid; k != NERVE__RNONE; k = rs->nodes.v[k].next) {
            uint32_t x = minlen(rs, k, depth + 1);
            if (x < m)
                m = x;
        }
        return m == UINT32_MAX ? 0 : m;
    }
    case RN_REP:
        return n->min ? n->min * minlen(rs, n->kid, depth + 1) : 0;
    case RN_CAP:
        return minlen(rs, n->kid, depth + 1);
    case RN_MACRO: {
        nerve__rdefine *d = find_define(rs, n->s);
        return d ? minlen(rs, d->root, depth + 1) : 1;
    }
    case RN_BOL:
    case RN_EOL:
        return 0;
    default:
        return 1;
    }
}

/*
 * Most tokens a node can match, as fixed + slots * L where L is the longest
 * feature of the sentence (a typed slot or a gazetteer class spans one
 * feature); inf when unbounded. Components saturate at LEN_BIG.
 */
typedef struct lenb {
    uint32_t fixed, slots;
    int inf;
} lenb;
enum { LEN_BIG = 1u << 20 };

static uint32_t sat_add(uint32_t a, uint32_t b)
{
    return a + b > LEN_BIG ? LEN_BIG : a + b;
}

static lenb lenb_max(lenb a, lenb b)
{
    lenb r = {a.fixed > b.fixed ? a.fixed : b.fixed, a.slots > b.slots ? a.slots : b.slots,
              a.inf || b.inf};
    return r;
}

static lenb maxlen(nerve__ruleset *rs, emitter *e, uint32_t ni, int depth)
{
    const nerve__rnode *n = &rs->nodes.v[ni];
    lenb r = {0, 0, 0};
    if (depth > NERVE__RMAX_DEFINE_DEPTH) {
        r.inf = 1;
        return r;
    }
    switch (n->kind) {
    case RN_SEQ:
        for (uint32_t k = n->kid; k != NERVE__RNONE; k = rs->nodes.v[k].next) {
            lenb x = maxlen(rs, e, k, depth + 1);
            r.fixed = sat_add(r.fixed, x.fixed);
            r.slots = sat_add(r.slots, x.slots);
            r.inf |= x.inf;
        }
        return r;
    case RN_ALT:
        for (uint32_t k = n->kid; k != NERVE__RNONE; k = rs->nodes.v[k].next)
            r = lenb_max(r, maxlen(rs, e, k, depth + 1));
        return r;
    case RN_REP: {
        lenb x = maxlen(rs, e, n->kid, depth + 1);
        if (n->max == NERVE__RINF) {
            r.inf = x.inf || x.fixed || x.slots;
            return r;
        }
        r.fixed = (uint32_t)((uint64_t)x.fixed * n->max > LEN_BIG ? LEN_BIG : x.fixed * n->max);
        r.slots = (uint32_t)((uint64_t)x.slots * n->max > LEN_BIG ? LEN_BIG : x.slots * n->max);
        r.inf = x.inf;
        return r;
    }
    case RN_CAP:
        return maxlen(rs, e, n->kid, depth + 1);
    case RN_MACRO: {
        nerve__rdefine *d = find_define(rs, n->s);
        if (!d)
            r.inf = 1;
        return d ? maxlen(rs, e, d->root, depth + 1) : r;
    }
    case RN_SLOT:
        r.slots = 1;
        return r;
    case RN_CLASS: {
        const nerve__rclass *fc = find_class(rs, n->s);
        if (class_gaz_id(e, n->s) != NERVE__RNONE)
            r.slots = 1;
        return fc ? lenb_max(r, maxlen(rs, e, fc->root, depth + 1)) : r;
    }
    case RN_BOL:
    case RN_EOL:
        return r;
    default: /* one token */
        r.fixed = 1;
        return r;
    }
}

/* Where the requirement of a node lies: its keys occur at a token from
 * min to max tokens after the start of the node's match. */
typedef struct reqoff {
    uint32_t min;
    lenb max;
} reqoff;

static reqoff reqoff_union(reqoff a, reqoff b)
{
    reqoff r = {a.min < b.min ? a.min : b.min, lenb_max(a.max, b.max)};
    return r;
}

/*
 * Requirement of node: a set of keys at least one of which every match
 * contains (appended to k at base), with an estimated cost (share of
 * sentences, per mille), and where in the match those keys lie (*off).
 * Returns 0 when the node requires nothing.
 */
static int req(emitter *e, uint32_t ni, keyvec *k, uint32_t *cost, reqoff *off, int depth)
{
    nerve__ruleset *rs = e->rs;
    const nerve__rnode *n = &rs->nodes.v[ni];
    size_t base = k->n;
    reqoff zero = {0, {0, 0, 0}};
    *off = zero;
    if (depth > NERVE__RMAX_DEFINE_DEPTH || k->n > 4096)
        return 0;
    switch (n->kind) {
    case RN_WORD:
        if (nerve__vec_push(&rs->al, k, word_key(n->s, strlen(n->s))) != NERVE_OK)
            return 0;
        *cost = nerve__rules_word_cost(rs, n->s);
        return 1;
    case RN_SEQ: {
        uint32_t best = UINT32_MAX;
        uint32_t pre_min = 0; /* tokens before child c */
        lenb pre_max = {0, 0, 0};
        for (uint32_t c = n->kid; c != NERVE__RNONE; c = rs->nodes.v[c].next) {
            size_t start = k->n;
            uint32_t cc;
            reqoff co;
            if (req(e, c, k, &cc, &co, depth + 1) && cc < best) {
                size_t len = k->n - start;
                if (len)
                    memmove(k->v + base, k->v + start, len * sizeof *k->v);
                k->n = base + len;
                best = cc;
                off->min = sat_add(pre_min, co.min);
                off->max.fixed = sat_add(pre_max.fixed, co.max.fixed);
                off->max.slots = sat_add(pre_max.slots, co.max.slots);
                off->max.inf = pre_max.inf || co.max.inf;
            } else {
                k->n = start;
            }
            lenb x = maxlen(rs, e, c, depth + 1);
            pre_min = sat_add(pre_min, minlen(rs, c, depth + 1));
            pre_max.fixed = sat_add(pre_max.fixed, x.fixed);
            pre_max.slots = sat_add(pre_max.slots, x.slots);
            pre_max.inf |= x.inf;
        }
        *cost = best;
        return best != UINT32_MAX;
    }
    case RN_ALT:
    case RN_TEST: {
        if (n->kind == RN_TEST && n->kid == NERVE__RNONE)
            return 0;
        uint32_t sum = 0;
        int first = 1;
        for (uint32_t c = n->kid; c != NERVE__RNONE; c = rs->nodes.v[c].next) {
            uint32_t cc;
            reqoff co;
            if (!req(e, c, k, &cc, &co, depth + 1)) {
                k->n = base;
                return 0;
            }
            /* a test's words are the token itself */
            *off = n->kind == RN_TEST ? zero : first ? co : reqoff_union(*off, co);
            first = 0;
            sum += cc;
            if (sum > 1000)
                sum = 1000;
        }
        *cost = sum;
        return k->n > base;
    }
    case RN_REP: /* every repetition holds a key, the first one too */
        return n->min ? req(e, n->kid, k, cost, off, depth + 1) : 0;
    case RN_CAP:
        return req(e, n->kid, k, cost, off, depth + 1);
    case RN_MACRO: {
        nerve__rdefine *d = find_define(rs, n->s);
        return d ? req(e, d->root, k, cost, off, depth + 1) : 0;
    }
    case RN_SLOT: {
        uint32_t sum = 0;
        for (uint32_t c = n->kid; c != NERVE__RNONE; c = rs->nodes.v[c].next) {
            const nerve__rnode *f = &rs->nodes.v[c];
            if (nerve__vec_push(&rs->al, k, feat_key(f->sub, f->id)) != NERVE_OK)
                return 0;
            sum += feat_cost(f->sub, f->id);
        }
        *cost = sum > 1000 ? 1000 : sum;
        return 1;
    }
    case RN_CLASS: {
        const nerve__rclass *fc = find_class(rs, n->s);
        uint32_t gid = class_gaz_id(e, n->s), sum = 0;
        if (gid != NERVE__RNONE) {
            if (nerve__vec_push(&rs->al, k, feat_key(NERVE__RF_CLASS, gid)) != NERVE_OK)
                return 0;
            sum += feat_cost(NERVE__RF_CLASS, gid);
        }
        if (fc) {
            uint32_t cc;
            reqoff co;
            if (!req(e, fc->root, k, &cc, &co, depth + 1)) {
                k->n = base;
                return 0;
            }
            *off = gid != NERVE__RNONE ? reqoff_union(zero, co) : co;
            sum += cc;
        }
        *cost = sum > 1000 ? 1000 : sum;
        return k->n > base;
    }
    default:
        return 0;
    }
}

/* A rule's relation clauses: each role a role of the event type, each
 * anchor a capture of the pattern. */
static int check_relations(emitter *e, nerve__rrule *r)
{
    nerve__ruleset *rs = e->rs;
    for (uint32_t i = 0; i < r->rel_count; i++) {
        const nerve__rrel *rel = &rs->rels.v[r->rel_first + i];
        const char *role = rs->capnames.v[rel->name];
        if (e->ev && !role_ok(e->ev, role))
            return nerve__error_set_file(e->err, NERVE_ERULES, rel->file, rel->line, rel->col, 0,
                                         "unknown role '%s' for event type '%s'", role,
                                         e->ev->name);
        int found = 0;
        char names[160];
        size_t o = 0;
        names[0] = '\0';
        for (uint32_t c = 0; c < r->cap_count; c++) {
            uint32_t nm = rs->caps.v[r->cap_first + c].name;
            found |= nm == rel->anchor;
            if (o < sizeof names && !strstr(names, rs->capnames.v[nm]))
                o += (size_t)snprintf(names + o, sizeof names - o, "%s%s", o ? ", " : "",
                                      rs->capnames.v[nm]);
        }
        if (!found)
            return nerve__error_set_file(
                e->err, NERVE_ERULES, rel->file, rel->anchor_line, rel->anchor_col, 0,
                "unknown capture '%s' in a relation (the pattern captures: %s)",
                rs->capnames.v[rel->anchor], o ? names : "nothing");
        r->needs |= NERVE__RNEED_PARSE;
    }
    return NERVE_OK;
}

/* ------------------------------------------------------------------------ */
/* Leading tokens (nerve__rrule.nlead)                                      */
/* ------------------------------------------------------------------------ */

static void lead_any(nerve__rrule *r, uint32_t p)
{
    for (int i = 0; i < 2; i++)
        r->lead_b1[p][i] = r->lead_b2[p][i] = ~(uint64_t)0;
    r->lead_words[p] = NERVE__RNONE;
}

/*
 * Walk node ni as the next part of the rule's sequence, *pos tokens in:
 * a node that always consumes exactly one token records what that token
 * must be and advances *pos; anything else (a slot or class that may span
 * tokens, an optional or repeated part, alternatives that are not all
 * words) records nothing and sets *stop, since the positions after it are
 * not fixed. Every recorded test is one the pattern itself makes, so a
 * start that fails it cannot match.
 */
static void lead_walk(nerve__ruleset *rs, nerve__rrule *r, uint32_t ni, uint32_t *pos, int *stop,
                      int depth)
{
    const nerve__rnode *n = &rs->nodes.v[ni];
    if (*stop || depth > NERVE__RMAX_DEFINE_DEPTH) {
        *stop = 1;
        return;
    }
    if (*pos >= NERVE__RMAX_LEAD && n->kind != RN_SEQ && n->kind != RN_CAP && n->kind != RN_MACRO) {
        *stop = 1;
        return;
    }
    switch (n->kind) {
    case RN_SEQ:
        for (uint32_t k = n->kid; k != NERVE__RNONE && !*stop; k = rs->nodes.v[k].next)
            lead_walk(rs, r, k, pos, stop, depth + 1);
        return;
    case RN_CAP:
        lead_walk(rs, r, n->kid, pos, stop, depth + 1);
        return;
    case RN_MACRO: {
        nerve__rdefine *d = find_define(rs, n->s);
        if (!d) {
            *stop = 1;
            return;
        }
        lead_walk(rs, r, d->root, pos, stop, depth + 1);
        return;
    }
    case RN_BOL:
        if (*pos == 0)
            r->bol = 1;
        else
            *stop = 1;
        return;
    case RN_WORD:
        lead_any(r, *pos);
        r->lead_words[*pos] = ni;
        r->lead_one |= (uint8_t)(1u << *pos);
        (*pos)++;
        return;
    case RN_ALT:
        if (!all_words(rs, n->kid)) {
            *stop = 1;
            return;
        }
        lead_any(r, *pos);
        r->lead_words[*pos] = n->kid;
        (*pos)++;
        return;
    case RN_TEST: {
        const nerve__rtest *t = &rs->tests.v[n->id];
        lead_any(r, *pos);
        memcpy(r->lead_b1[*pos], t->b1, sizeof t->b1);
        memcpy(r->lead_b2[*pos], t->b2, sizeof t->b2);
        r->lead_words[*pos] = n->kid; /* words the test also requires, or none */
        (*pos)++;
        return;
    }
    case RN_ANY:
    case RN_NOT:
        lead_any(r, *pos);
        (*pos)++;
        return;
    case RN_REP:
        /* the first repetition is certain when min >= 1; what follows is not fixed */
        if (n->min >= 1)
            lead_walk(rs, r, n->kid, pos, stop, depth + 1);
        *stop = 1;
        return;
    default: /* RN_CLASS, RN_SLOT (may span tokens), RN_EOL */
        *stop = 1;
        return;
    }
}

typedef struct first_acc {
    nerve__rrule *r;
    int any; /* some match may start at any token, or the atoms overflowed */
} first_acc;

static void first_add(first_acc *a, uint8_t kind, uint32_t x, uint64_t y)
{
    nerve__rrule *r = a->r;
    for (uint32_t i = 0; i < r->nfirst; i++)
        if (r->first[i].kind == kind && r->first[i].a == x && r->first[i].b == y)
            return;
    if (r->nfirst >= NERVE__RMAX_FIRST) {
        a->any = 1;
        return;
    }
    r->first[r->nfirst].kind = kind;
    r->first[r->nfirst].a = x;
    r->first[r->nfirst].b = y;
    r->nfirst++;
}

/*
 * Add to a->r's first atoms what can be the first token of a match of node
 * ni; returns 1 when ni can match no token at all (then what follows it can
 * be first as well). The atoms mirror what the emitted pattern requires of
 * a token: a word's key, a test's flag bytes, a slot's `s` or `b` item.
 */
static int first_walk(emitter *e, first_acc *a, uint32_t ni, int depth)
{
    nerve__ruleset *rs = e->rs;
    const nerve__rnode *n = &rs->nodes.v[ni];
    if (a->any || depth > NERVE__RMAX_DEFINE_DEPTH) {
        a->any = 1;
        return 0;
    }
    switch (n->kind) {
    case RN_WORD:
        first_add(a, NERVE__RFIRST_WORD, 0, word_key(n->s, strlen(n->s)));
        return 0;
    case RN_TEST:
        first_add(a, NERVE__RFIRST_TEST, n->id, 0);
        return 0;
    case RN_SLOT:
        for (uint32_t k = n->kid; k != NERVE__RNONE; k = rs->nodes.v[k].next)
            first_add(a, NERVE__RFIRST_FEAT, rs->nodes.v[k].sub, rs->nodes.v[k].id);
        return 0;
    case RN_CLASS: {
        const nerve__rclass *fc = find_class(rs, n->s);
        uint32_t gid = class_gaz_id(e, n->s);
        if (gid != NERVE__RNONE)
            first_add(a, NERVE__RFIRST_FEAT, NERVE__RF_CLASS, gid);
        if (fc)
            return first_walk(e, a, fc->root, depth + 1);
        return 0;
    }
    case RN_SEQ:
        for (uint32_t k = n->kid; k != NERVE__RNONE; k = rs->nodes.v[k].next)
            if (!first_walk(e, a, k, depth + 1))
                return 0;
        return 1;
    case RN_ALT: {
        int empty = 0;
        for (uint32_t k = n->kid; k != NERVE__RNONE; k = rs->nodes.v[k].next)
            empty |= first_walk(e, a, k, depth + 1);
        return empty;
    }
    case RN_REP:
        return first_walk(e, a, n->kid, depth + 1) || n->min == 0;
    case RN_CAP:
        return first_walk(e, a, n->kid, depth + 1);
    case RN_MACRO: {
        nerve__rdefine *d = find_define(rs, n->s);
        if (!d) {
            a->any = 1;
            return 0;
        }
        return first_walk(e, a, d->root, depth + 1);
    }
    case RN_BOL:
    case RN_EOL:
        return 1;
    default: /* RN_ANY, RN_NOT */
        a->any = 1;
        return 0;
    }
}

static void lead_compute(emitter *e, nerve__rrule *r)
{
    nerve__ruleset *rs = e->rs;
    first_acc fa = {r, 0};
    r->nfirst = 0;
    if (first_walk(e, &fa, r->root, 0) || fa.any)
        r->nfirst = 0;

    uint32_t pos = 0;
    int stop = 0;
    r->bol = r->lead_one = 0;
    lead_walk(rs, r, r->root, &pos, &stop, 0);
    r->nlead = (uint8_t)pos;
}

static int compile_rule(emitter *e, uint32_t ri, keyvec *keys, int *has_req)
{
    nerve__ruleset *rs = e->rs;
    nerve__rrule *r = &rs->rules.v[ri];
    int rc;
    e->rule = r;
    e->ev = NULL;
    e->pat.n = 0;
    e->ngroups = 0;
    e->inst.n = 0;
    if (r->info.kind == NERVE__RULE_EVENT) {
        e->ev = find_event(rs, r->info.label);
        if (!e->ev)
            return nerve__error_set_file(e->err, NERVE_ERULES, r->info.file, r->label_line,
                                         r->label_col, 0, "unknown event type '%s'", r->info.label);
        if (!r->info.cameo)
            r->info.cameo = e->ev->cameo;
    }
    r->cap_first = (uint32_t)rs->caps.n;
    r->needs = 0;
    if ((rc = emit(e, r->root)))
        return rc;
    r->cap_count = (uint32_t)(rs->caps.n - r->cap_first);
    if ((rc = check_relations(e, r)))
        return rc;
    if (e->pat.n > NERVE__RMAX_PATTERN)
        return nerve__error_set_file(e->err, NERVE_ERULES, r->info.file, r->info.line, r->col, 0,
                                     "pattern too long (more than %d bytes of PCRE2)",
                                     NERVE__RMAX_PATTERN);
    if (minlen(rs, r->root, 0) == 0)
        return nerve__error_set_file(e->err, NERVE_ERULES, r->info.file, r->pat_line, r->pat_col, 0,
                                     "pattern can match zero tokens");
    /* groups table */
    r->ngroups = e->ngroups;
    r->grp_first = (uint32_t)rs->grp_inst.n;
    for (uint32_t g = 0; g <= e->ngroups; g++)
        if (nerve__vec_push(&rs->al, &rs->grp_inst, g < e->inst.n ? e->inst.v[g] : (uint8_t)0))
            return NERVE_ENOMEM;
    if (e->ngroups > rs->max_groups)
        rs->max_groups = e->ngroups;
    /* requirement */
    keys->n = 0;
    uint32_t cost;
    reqoff off;
    *has_req = req(e, r->root, keys, &cost, &off, 0) && keys->n <= 512 && cost < 1000;
    /* Every token pattern starts with 0x1E and `^` matches at 0 only, so a
     * match starts at a token; with the keys' place in the match bounded,
     * the tokens a match can start from are few and the pattern is tried
     * there only (an unanchored search tries every token). */
    r->anchored = *has_req && !off.max.inf && off.max.fixed < 256 && off.max.slots < 256;
    r->off_min = off.min;
    r->off_fixed = off.max.fixed;
    r->off_slots = off.max.slots;
    lead_compute(e, r);
    /* PCRE2 */
    int ecode;
    PCRE2_SIZE eoff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)e->pat.v, e->pat.n,
                                     r->anchored ? PCRE2_ANCHORED : 0, &ecode, &eoff, rs->cctx);
    if (!code) {
        PCRE2_UCHAR msg[160];
        if (pcre2_get_error_message(ecode, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", ecode);
        if (ecode == PCRE2_ERROR_NOMEMORY || ecode == PCRE2_ERROR_HEAP_FAILED)
            return NERVE_ENOMEM;
        return nerve__error_set_file(e->err, NERVE_ERULES, r->info.file, r->info.line, r->col, 0,
                                     "PCRE2 compile error in rule '%s' at pattern offset %zu: %s",
                                     r->info.name, (size_t)eoff, (const char *)msg);
    }
    /* without JIT support: the interpreter */
    r->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    r->code = code;
    return NERVE_OK;
}

typedef struct kr {
    uint64_t key;
    uint32_t rule;
} kr;

static int kr_cmp(const void *a, const void *b)
{
    const kr *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static int build_index(nerve__ruleset *rs, nerve__rindex *ix, kr *pairs, size_t np)
{
    ix->always = nerve__calloc(&rs->al, rs->nwords ? rs->nwords : 1, sizeof(uint64_t));
    ix->kindmask = nerve__calloc(&rs->al, rs->nwords ? rs->nwords : 1, sizeof(uint64_t));
    if (!ix->always || !ix->kindmask)
        return NERVE_ENOMEM;
    if (np == 0)
        return NERVE_OK;
    qsort(pairs, np, sizeof *pairs, kr_cmp);
    size_t distinct = 0;
    for (size_t i = 0; i < np; i++)
        if (i == 0 || pairs[i].key != pairs[i - 1].key)
            distinct++;
    size_t size = 16;
    while (size < distinct * 2)
        size *= 2;
    ix->keys = nerve__calloc(&rs->al, size, sizeof(uint64_t));
    ix->post_off = nerve__calloc(&rs->al, size, sizeof(uint32_t));
    ix->post_cnt = nerve__calloc(&rs->al, size, sizeof(uint32_t));
    if (!ix->keys || !ix->post_off || !ix->post_cnt)
        return NERVE_ENOMEM;
    ix->mask = size - 1;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        size_t h = (size_t)pairs[i].key & ix->mask;
        while (ix->keys[h])
            h = (h + 1) & ix->mask;
        ix->keys[h] = pairs[i].key;
        ix->post_off[h] = (uint32_t)ix->post.n;
        for (; j < np && pairs[j].key == pairs[i].key; j++) {
            if (j > i && pairs[j].rule == pairs[j - 1].rule)
                continue;
            if (nerve__vec_push(&rs->al, &ix->post, pairs[j].rule) != NERVE_OK)
                return NERVE_ENOMEM;
        }
        ix->post_cnt[h] = (uint32_t)(ix->post.n - ix->post_off[h]);
        i = j;
    }
    return NERVE_OK;
}

int nerve__ruleset_compile(nerve__ruleset *rs, const nerve__gazset *gs, nerve_error *err)
{
    if (!rs)
        return nerve__error_set(err, NERVE_EINVAL, 0, "invalid argument");
    if (rs->compiled)
        return nerve__error_set(err, NERVE_ESTATE, 0, "ruleset already compiled");
    if (!rs->cctx) {
        rs->cctx = pcre2_compile_context_create(rs->gctx);
        if (!rs->cctx)
            return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    }
    emitter e;
    memset(&e, 0, sizeof e);
    e.rs = rs;
    e.gs = gs;
    e.err = err;
    keyvec keys = {0};
    NERVE__VEC(kr) pairs[2] = {{0}, {0}};
    const char **pats = NULL;
    int rc = NERVE_OK;
    rs->nwords = (rs->rules.n + 63) / 64;
    rs->caps.n = 0;
    rs->grp_inst.n = 0;
    rs->max_groups = 0;
    rs->used_gaz = rs->used_mention = 0;
    rs->cls_relative = gs ? nerve__gaz_class_id(gs, "relative_word") : UINT32_MAX;
    pats = nerve__arena_alloc(&rs->arena, sizeof(char *) * (rs->rules.n + 1));
    if (!pats)
        rc = NERVE_ENOMEM;
    for (size_t i = 0; rc == NERVE_OK && i < rs->rules.n; i++) {
        int has_req = 0;
        rc = compile_rule(&e, (uint32_t)i, &keys, &has_req);
        if (rc)
            break;
        pats[i] = nerve__arena_strndup(&rs->arena, e.pat.v, e.pat.n);
        if (!pats[i]) {
            rc = NERVE_ENOMEM;
            break;
        }
        int ki = rs->rules.v[i].info.kind == NERVE__RULE_EVENT;
        if (!has_req)
            keys.n = 0;
        for (size_t k = 0; k < keys.n && rc == NERVE_OK; k++) {
            kr p = {keys.v[k], (uint32_t)i};
            rc = nerve__vec_push(&rs->al, &pairs[ki], p);
        }
        /* rules without a requirement: remembered with key 0 */
        if (!has_req && rc == NERVE_OK) {
            kr p = {0, (uint32_t)i};
            rc = nerve__vec_push(&rs->al, &pairs[ki], p);
        }
    }
    for (int ki = 0; ki < 2 && rc == NERVE_OK; ki++) {
        nerve__rindex *ix = &rs->index[ki];
        /* split out key-0 entries (always run) */
        size_t w = 0;
        NERVE__VEC(uint32_t) always = {0};
        for (size_t i = 0; i < pairs[ki].n && rc == NERVE_OK; i++) {
            if (pairs[ki].v[i].key == 0)
                rc = nerve__vec_push(&rs->al, &always, pairs[ki].v[i].rule);
            else
                pairs[ki].v[w++] = pairs[ki].v[i];
        }
        if (rc == NERVE_OK)
            rc = build_index(rs, ix, pairs[ki].v, w);
        for (size_t i = 0; rc == NERVE_OK && i < always.n; i++)
            ix->always[always.v[i] >> 6] |= (uint64_t)1 << (always.v[i] & 63);
        nerve__vec_free(&rs->al, &always);
    }
    for (size_t i = 0; rc == NERVE_OK && i < rs->rules.n; i++) {
        int ki = rs->rules.v[i].info.kind == NERVE__RULE_EVENT;
        rs->index[ki].kindmask[i >> 6] |= (uint64_t)1 << (i & 63);
    }
    /* classes used by some rule */
    if (rc == NERVE_OK && e.used_class.n) {
        uint32_t maxid = 0;
        for (size_t i = 0; i < e.used_class.n; i++)
            if (e.used_class.v[i] > maxid)
                maxid = e.used_class.v[i];
        rs->used_class_n = maxid + 1;
        rs->used_class = nerve__calloc(&rs->al, (rs->used_class_n + 63) / 64, sizeof(uint64_t));
        if (!rs->used_class)
            rc = NERVE_ENOMEM;
        for (size_t i = 0; rc == NERVE_OK && i < e.used_class.n; i++)
            rs->used_class[e.used_class.v[i] >> 6] |= (uint64_t)1 << (e.used_class.v[i] & 63);
    }
    nerve__vec_free(&rs->al, &keys);
    nerve__vec_free(&rs->al, &pairs[0]);
    nerve__vec_free(&rs->al, &pairs[1]);
    nerve__vec_free(&rs->al, &e.pat);
    nerve__vec_free(&rs->al, &e.inst);
    nerve__vec_free(&rs->al, &e.used_class);
    if (rc != NERVE_OK) {
        for (size_t i = 0; i < rs->rules.n; i++) {
            pcre2_code_free(rs->rules.v[i].code);
            rs->rules.v[i].code = NULL;
        }
        for (int k = 0; k < 2; k++)
            index_free(rs, &rs->index[k]);
        nerve__free(&rs->al, rs->used_class);
        rs->used_class = NULL;
        rs->used_class_n = 0;
        if (rc == NERVE_ENOMEM)
            nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
        return rc;
    }
    rs->patterns = pats;
    rs->compiled = 1;
    return NERVE_OK;
}

const char *nerve__rules_pattern(const nerve__ruleset *rs, uint32_t index)
{
    return rs && rs->compiled && index < rs->rules.n ? rs->patterns[index] : NULL;
}

/* ------------------------------------------------------------------------ */
/* Scratch                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct nerve__rhit {
    uint32_t tok, next;
} nerve__rhit;

struct nerve__rules_scratch {
    nerve_allocator al;
    const nerve__ruleset *rs;
    pcre2_general_context *gctx;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    pcre2_match_data *md;
    nerve__buf enc;
    NERVE__VEC(size_t) seg;      /* ntok + 1 segment starts */
    NERVE__VEC(uint32_t) icount; /* items per token, then offsets */
    NERVE__VEC(uint32_t) items;  /* feature index << 2 | role */
    NERVE__VEC(uint8_t) fused;   /* per feature: encoded (some rule reads its kind and id) */
    NERVE__VEC(uint64_t) tkey;   /* per token: its index key (word_key) */
    uint64_t *cand;
    /* Anchored rules (nerve__rrule.anchored): where their keys occur in the
     * current sentence, a list per rule (head per rule, UINT32_MAX empty),
     * and the tokens a match may start from. */
    NERVE__VEC(nerve__rhit) hits;
    uint32_t *hit_head;
    NERVE__VEC(uint64_t) starts;
    uint32_t maxfeat; /* longest feature of the sentence, in tokens */
    nerve__rules_stats stats;
    nerve__rules_syntax_fn syn; /* tags and parses on demand, or NULL */
    void *syn_ctx;
};

int nerve__rules_scratch_new(const nerve__ruleset *rs, const nerve_allocator *al,
                             nerve__rules_scratch **out)
{
    if (!rs || !rs->compiled)
        return NERVE_ESTATE;
    nerve_allocator a;
    nerve__allocator_init(&a, al);
    nerve__rules_scratch *s = nerve__calloc(&a, 1, sizeof *s);
    if (!s)
        return NERVE_ENOMEM;
    s->al = a;
    s->rs = rs;
    s->gctx = pcre2_general_context_create(pc_malloc, pc_free, &s->al);
    s->mctx = s->gctx ? pcre2_match_context_create(s->gctx) : NULL;
    s->jit =
        s->gctx ? pcre2_jit_stack_create((size_t)32 * 1024, (size_t)1024 * 1024, s->gctx) : NULL;
    s->md = s->gctx ? pcre2_match_data_create(rs->max_groups + 1, s->gctx) : NULL;
    s->cand = nerve__calloc(&s->al, rs->nwords ? rs->nwords : 1, sizeof(uint64_t));
    s->hit_head = nerve__malloc(&s->al, (rs->rules.n ? rs->rules.n : 1) * sizeof(uint32_t));
    if (s->hit_head)
        memset(s->hit_head, 0xff, (rs->rules.n ? rs->rules.n : 1) * sizeof(uint32_t));
    if (!s->mctx || !s->md || !s->cand || !s->hit_head) {
        nerve__rules_scratch_free(s);
        return NERVE_ENOMEM;
    }
    pcre2_set_match_limit(s->mctx, rs->match_limit);
    pcre2_set_depth_limit(s->mctx, rs->depth_limit);
    if (s->jit)
        pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
    *out = s;
    return NERVE_OK;
}

void nerve__rules_scratch_free(nerve__rules_scratch *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    pcre2_jit_stack_free(s->jit);
    pcre2_match_context_free(s->mctx);
    pcre2_general_context_free(s->gctx);
    nerve__vec_free(&s->al, &s->enc);
    nerve__vec_free(&s->al, &s->seg);
    nerve__vec_free(&s->al, &s->icount);
    nerve__vec_free(&s->al, &s->items);
    nerve__vec_free(&s->al, &s->fused);
    nerve__vec_free(&s->al, &s->tkey);
    nerve__free(&s->al, s->cand);
    nerve__vec_free(&s->al, &s->hits);
    nerve__vec_free(&s->al, &s->starts);
    nerve__free(&s->al, s->hit_head);
    nerve_allocator a = s->al;
    nerve__free(&a, s);
}

void nerve__rules_scratch_set_syntax(nerve__rules_scratch *s, nerve__rules_syntax_fn fn, void *ctx)
{
    s->syn = fn;
    s->syn_ctx = ctx;
}

void nerve__rules_scratch_stats(const nerve__rules_scratch *s, nerve__rules_stats *out)
{
    *out = s->stats;
}

const char *nerve__rules_last_encoding(const nerve__rules_scratch *s, size_t *len)
{
    *len = s->enc.n;
    return s->enc.v;
}

void nerve__rmatches_free(const nerve_allocator *al, nerve__rmatches *m)
{
    nerve__vec_free(al, &m->m);
    nerve__vec_free(al, &m->caps);
    m->limit_hits = 0;
}

/* ------------------------------------------------------------------------ */
/* Encoding                                                                 */
/* ------------------------------------------------------------------------ */

enum { ROLE_S = 0, ROLE_B = 1, ROLE_I = 2, ROLE_E = 3 };

static int feat_used(const nerve__ruleset *rs, const nerve__rfeat *f)
{
    switch (f->kind) {
    case NERVE__RF_CLASS:
        return f->id < rs->used_class_n && ((rs->used_class[f->id >> 6] >> (f->id & 63)) & 1);
    case NERVE__RF_GAZ:
        return f->id < 32 && ((rs->used_gaz >> f->id) & 1);
    case NERVE__RF_MENTION:
        return f->id < 32 && ((rs->used_mention >> f->id) & 1);
    default:
        return 0;
    }
}

static char *put_u32(char *o, uint32_t v)
{
    char tmp[12];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *o++ = tmp[--n];
    return o;
}

/* A token's flag bytes B1 and B2 without their 0x80 bit (the file comment). */
static inline unsigned tok_b1(const nerve_token *tk)
{
    uint32_t fl = tk->flags;
    return (tk->kind & 7u) | ((fl & NERVE_TOK_CAPITALIZED) ? 0x08u : 0) |
           ((fl & NERVE_TOK_ALLCAPS) ? 0x10u : 0) | ((fl & NERVE_TOK_HAS_DIGIT) ? 0x20u : 0) |
           ((fl & NERVE_TOK_SENT_START) ? 0x40u : 0);
}

static inline unsigned tok_b2(const nerve_token *tk)
{
    uint32_t fl = tk->flags;
    return ((fl & NERVE_TOK_HYPHENATED) ? 0x01u : 0) | ((fl & NERVE_TOK_ABBREV) ? 0x02u : 0) |
           ((fl & NERVE_TOK_POSSESSIVE) ? 0x04u : 0) | ((fl & NERVE_TOK_SPACE_BEFORE) ? 0x08u : 0) |
           ((fl & NERVE_TOK_LINE_START) ? 0x10u : 0) | ((fl & NERVE_TOK_OPEN_QUOTE) ? 0x20u : 0) |
           ((fl & NERVE_TOK_CLOSE_QUOTE) ? 0x40u : 0);
}

static int encode(nerve__rules_scratch *s, const nerve__rsent *sent)
{
    const nerve__ruleset *rs = s->rs;
    const nerve_allocator *al = &s->al;
    size_t ntok = sent->ntok;
    if (nerve__vec_reserve(al, &s->seg, ntok + 1) || nerve__vec_reserve(al, &s->icount, ntok + 1))
        return NERVE_ENOMEM;
    memset(s->icount.v, 0, (ntok + 1) * sizeof(uint32_t));
    if (nerve__vec_reserve(al, &s->fused, sent->nfeat + 1))
        return NERVE_ENOMEM;
    /* items per token (and which features any rule reads, for the fill) */
    size_t nitems = 0;
    for (size_t f = 0; f < sent->nfeat; f++) {
        const nerve__rfeat *ft = &sent->feat[f];
        s->fused.v[f] = ft->tok_begin < ft->tok_end && ft->tok_end <= ntok && feat_used(rs, ft);
        if (!s->fused.v[f])
            continue;
        for (uint32_t t = ft->tok_begin; t < ft->tok_end; t++)
            s->icount.v[t]++;
        nitems += ft->tok_end - ft->tok_begin;
    }
    if (nerve__vec_reserve(al, &s->items, nitems + 1))
        return NERVE_ENOMEM;
    /* offsets (exclusive prefix sums), then fill */
    uint32_t acc = 0;
    for (size_t t = 0; t <= ntok; t++) {
        uint32_t c = s->icount.v[t];
        s->icount.v[t] = acc;
        acc += c;
    }
    for (size_t f = 0; f < sent->nfeat; f++) {
        const nerve__rfeat *ft = &sent->feat[f];
        if (!s->fused.v[f])
            continue;
        for (uint32_t t = ft->tok_begin; t < ft->tok_end; t++) {
            uint32_t role = ft->tok_end - ft->tok_begin == 1 ? ROLE_S
                            : t == ft->tok_begin             ? ROLE_B
                            : t + 1 == ft->tok_end           ? ROLE_E
                                                             : ROLE_I;
            s->items.v[s->icount.v[t]++] = (uint32_t)f << 2 | role;
        }
    }
    /* after filling, icount[t] is the end of token t's items; its start is icount[t-1] */
    size_t need = 1;
    for (size_t t = 0; t < ntok; t++)
        need += 5 + sent->tok[t].norm_len * 2;
    need += nitems * 26;
    if (nerve__vec_reserve(al, &s->enc, need))
        return NERVE_ENOMEM;
    char *o = s->enc.v, *base = o;
    uint32_t ibeg = 0;
    for (size_t t = 0; t < ntok; t++) {
        const nerve_token *tk = &sent->tok[t];
        s->seg.v[t] = (size_t)(o - base);
        *o++ = '\x1e';
        *o++ = (char)(0x80 | tok_b1(tk));
        *o++ = (char)(0x80 | tok_b2(tk));
        *o++ = (char)(0x80 | (tk->pos < NERVE_POS_COUNT_ ? tk->pos : 0));
        const unsigned char *k = (const unsigned char *)tk->norm;
        for (size_t i = 0; k && i < tk->norm_len; i++) {
            if (k[i] < 0x20) {
                *o++ = '\x1d';
                *o++ = (char)(k[i] + 0x40);
            } else {
                *o++ = (char)k[i];
            }
        }
        *o++ = '\x1f';
        uint32_t iend = s->icount.v[t];
        for (uint32_t i = ibeg; i < iend; i++) {
            uint32_t f = s->items.v[i] >> 2, role = s->items.v[i] & 3;
            const nerve__rfeat *ft = &sent->feat[f];
            *o++ = "sbie"[role];
            *o++ = feat_char[ft->kind];
            o = put_u32(o, ft->id);
            if (role != ROLE_I) {
                *o++ = ',';
                o = put_u32(o, f);
            }
            *o++ = ';';
        }
        ibeg = iend;
    }
    s->seg.v[ntok] = (size_t)(o - base);
    s->enc.n = (size_t)(o - base);
    s->enc.v[s->enc.n] = '\0';
    s->stats.encoded++;
    return NERVE_OK;
}

/* First segment whose start is >= off. */
static uint32_t seg_at(const nerve__rules_scratch *s, size_t ntok, size_t off)
{
    size_t lo = 0, hi = ntok;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->seg.v[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* The JIT's own entry where the rule has JIT code: pcre2_match checks
 * options and arguments on every call, a fifth of a short anchored match. */
static int match_at(const nerve__rrule *r, PCRE2_SPTR subj, size_t len, size_t start,
                    nerve__rules_scratch *s)
{
    s->stats.tries++;
    if (r->jit)
        return pcre2_jit_match(r->code, subj, len, start, 0, s->md, s->mctx);
    return pcre2_match(r->code, subj, len, start, 0, s->md, s->mctx);
}

/* Is token t one that a match of r can start with (nerve__rrule.first)? */
static int first_ok(const nerve__rules_scratch *s, const nerve__rrule *r, const nerve__rsent *sent,
                    size_t t)
{
    const nerve_token *tk = &sent->tok[t];
    uint64_t key = s->tkey.v[t];
    unsigned b1 = tok_b1(tk), b2 = tok_b2(tk);
    uint32_t ib = t ? s->icount.v[t - 1] : 0, ie = s->icount.v[t];
    for (uint32_t i = 0; i < r->nfirst; i++) {
        switch (r->first[i].kind) {
        case NERVE__RFIRST_WORD:
            if (r->first[i].b == key)
                return 1;
            break;
        case NERVE__RFIRST_TEST: {
            const nerve__rtest *ts = &s->rs->tests.v[r->first[i].a];
            if (((ts->b1[b1 >> 6] >> (b1 & 63)) & 1) && ((ts->b2[b2 >> 6] >> (b2 & 63)) & 1))
                return 1;
            break;
        }
        default: /* a feature that starts here: an `s` or `b` item */
            for (uint32_t j = ib; j < ie; j++) {
                uint32_t it = s->items.v[j], role = it & 3;
                const nerve__rfeat *ft = &sent->feat[it >> 2];
                if ((role == ROLE_S || role == ROLE_B) && ft->kind == r->first[i].a &&
                    ft->id == r->first[i].b)
                    return 1;
            }
            break;
        }
    }
    return 0;
}

/* Can a match of r start at token t (nerve__rrule.nlead, .first)? */
static inline int lead_ok(const nerve__rules_scratch *s, const nerve__rrule *r,
                          const nerve__rsent *sent, size_t t)
{
    const nerve__ruleset *rs = s->rs;
    if (r->bol && t != 0)
        return 0;
    if (t + r->nlead > sent->ntok)
        return 0;
    if (r->nfirst && !first_ok(s, r, sent, t))
        return 0;
    for (uint32_t p = 0; p < r->nlead; p++) {
        const nerve_token *tk = &sent->tok[t + p];
        unsigned b1 = tok_b1(tk), b2 = tok_b2(tk);
        if (!((r->lead_b1[p][b1 >> 6] >> (b1 & 63)) & 1) ||
            !((r->lead_b2[p][b2 >> 6] >> (b2 & 63)) & 1))
            return 0;
        uint32_t k = r->lead_words[p];
        if (k == NERVE__RNONE)
            continue;
        const char *norm = tk->norm ? tk->norm : "";
        size_t len = tk->norm ? tk->norm_len : 0;
        int found = 0;
        for (; k != NERVE__RNONE && !found; k = rs->nodes.v[k].next) {
            const char *w = rs->nodes.v[k].s;
            found = strlen(w) == len && memcmp(w, norm, len) == 0;
            if ((r->lead_one >> p) & 1)
                break;
        }
        if (!found)
            return 0;
    }
    return 1;
}

static int run_rule(nerve__rules_scratch *s, uint32_t ri, const nerve__rsent *sent,
                    nerve__rmatches *out)
{
    const nerve__ruleset *rs = s->rs;
    const nerve__rrule *r = &rs->rules.v[ri];
    const nerve_allocator *al = &s->al;
    PCRE2_SPTR subj = (PCRE2_SPTR)s->enc.v;
    size_t len = s->enc.n, start = 0;
    size_t tcur = 0; /* the token at start (start is always a token's first byte) */
    const uint8_t *inst = rs->grp_inst.v + r->grp_first;
    s->stats.runs++;
    const uint64_t *st = NULL; /* anchored: the tokens to try */
    if (r->anchored) {
        size_t ntok = sent->ntok, nw = (ntok + 64) / 64;
        if (nerve__vec_reserve(al, &s->starts, nw) != NERVE_OK)
            return NERVE_ENOMEM;
        uint64_t *b = s->starts.v;
        memset(b, 0, nw * sizeof *b);
        uint64_t span = (uint64_t)r->off_fixed + (uint64_t)r->off_slots * s->maxfeat;
        for (uint32_t h = s->hit_head[ri]; h != UINT32_MAX; h = s->hits.v[h].next) {
            uint32_t t = s->hits.v[h].tok;
            if (t < r->off_min)
                continue;
            size_t hi = t - r->off_min, lo = span >= t ? 0 : (size_t)(t - span);
            if (hi >= ntok)
                hi = ntok - 1;
            for (size_t i = lo; i <= hi; i++)
                b[i >> 6] |= (uint64_t)1 << (i & 63);
        }
        st = b;
    }
    while (start <= len) {
        int rc;
        if (st) {
            /* the next token at or after start that a match may start from */
            size_t t = tcur, w = t >> 6, nw = (sent->ntok + 64) / 64;
            if (t >= sent->ntok)
                break;
            uint64_t bits = st[w] & (~(uint64_t)0 << (t & 63));
            while (!bits && ++w < nw)
                bits = st[w];
            if (!bits)
                break;
            t = w * 64 + (size_t)__builtin_ctzll(bits);
            if (t >= sent->ntok)
                break;
            rc = lead_ok(s, r, sent, t) ? match_at(r, subj, len, s->seg.v[t], s)
                                        : PCRE2_ERROR_NOMATCH;
            if (rc == PCRE2_ERROR_NOMATCH) {
                start = s->seg.v[t + 1];
                tcur = t + 1;
                continue;
            }
        } else {
            rc = match_at(r, subj, len, start, s);
        }
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) {
            if (rc == PCRE2_ERROR_NOMEMORY)
                return NERVE_ENOMEM;
            out->limit_hits++; /* match, depth, heap or JIT stack limit */
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        size_t ms = ov[0], me = ov[1];
        uint32_t tb = seg_at(s, sent->ntok, ms), te = seg_at(s, sent->ntok, me);
        if (te <= tb) { /* empty match: step to the next token */
            if (tb >= sent->ntok)
                break;
            start = s->seg.v[tb + 1];
            tcur = tb + 1;
            continue;
        }
        nerve__rmatch m = {ri, tb, te, (uint32_t)out->caps.n, 0};
        for (uint32_t c = 0; c < r->cap_count; c++) {
            const nerve__rcapinfo *ci = &rs->caps.v[r->cap_first + c];
            if (ci->group >= (uint32_t)rc || ov[2 * (size_t)ci->group] == PCRE2_UNSET)
                continue;
            uint32_t cb = seg_at(s, sent->ntok, ov[2 * (size_t)ci->group]);
            uint32_t ce = seg_at(s, sent->ntok, ov[2 * (size_t)ci->group + 1]);
            if (ce <= cb)
                continue;
            nerve__rcap cap = {ci->name, cb, ce, UINT32_MAX};
            for (uint32_t g = ci->inner_first; g <= ci->inner_last && g < (uint32_t)rc; g++) {
                if (!inst[g] || ov[2 * (size_t)g] == PCRE2_UNSET)
                    continue;
                uint32_t k = 0;
                for (size_t i = ov[2 * (size_t)g]; i < ov[2 * (size_t)g + 1]; i++)
                    k = k * 10 + (uint32_t)(subj[i] - '0');
                if (k < sent->nfeat && sent->feat[k].tok_begin == cb &&
                    sent->feat[k].tok_end == ce) {
                    cap.feat = k;
                    break;
                }
            }
            if (nerve__vec_push(al, &out->caps, cap) != NERVE_OK)
                return NERVE_ENOMEM;
            m.cap_count++;
        }
        if (r->rel_count) {
            /* relation clauses: the parse first, then the paths from the anchors */
            int ok = 0;
            if (s->syn && (rc = s->syn(s->syn_ctx, sent, NERVE__RULES_NEED_PARSE)) != NERVE_OK)
                return rc;
            if ((rc = nerve__rules_relations(rs, r, sent, al, out, m.cap_first, &ok)) != NERVE_OK)
                return rc;
            if (!ok) { /* the match stands only with its relations: look again a token on */
                out->caps.n = m.cap_first;
                start = s->seg.v[tb + 1];
                tcur = tb + 1;
                continue;
            }
            m.cap_count = (uint32_t)(out->caps.n - m.cap_first);
        }
        if (nerve__vec_push(al, &out->m, m) != NERVE_OK)
            return NERVE_ENOMEM;
        start = me;
        tcur = te;
    }
    return NERVE_OK;
}

/* The slot of key in ix, or SIZE_MAX: inlined, as most tokens and features
 * miss and a call per token cost more than the probe. */
static inline size_t index_find(const nerve__rindex *ix, uint64_t key)
{
    size_t h = (size_t)key & ix->mask;
    for (;;) {
        uint64_t k = ix->keys[h];
        if (k == key)
            return h;
        if (k == 0)
            return SIZE_MAX;
        h = (h + 1) & ix->mask;
    }
}

/* Mark the rules of index slot h (a key that occurs at token tok); for
 * anchored rules, remember where. */
static int mark(const nerve__ruleset *rs, const nerve__rindex *ix, nerve__rules_scratch *s,
                size_t h, uint32_t tok)
{
    const uint32_t *p = ix->post.v + ix->post_off[h];
    for (uint32_t i = 0; i < ix->post_cnt[h]; i++) {
        s->cand[p[i] >> 6] |= (uint64_t)1 << (p[i] & 63);
        if (rs->rules.v[p[i]].anchored) {
            nerve__rhit hit = {tok, s->hit_head[p[i]]};
            if (nerve__vec_push(&s->al, &s->hits, hit) != NERVE_OK)
                return NERVE_ENOMEM;
            s->hit_head[p[i]] = (uint32_t)s->hits.n - 1;
        }
    }
    return NERVE_OK;
}

static int match_candidates(const nerve__ruleset *rs, const nerve__rindex *ix,
                            nerve__rules_scratch *s, const nerve__rsent *sent, nerve__rmatches *out)
{
    size_t nw = rs->nwords;
    uint64_t *cand = s->cand;
    int rc = NERVE_OK;
    size_t ncand = 0, nkind = 0;
    for (size_t w = 0; w < nw; w++) {
        cand[w] = (cand[w] | ix->always[w]) & ix->kindmask[w];
        ncand += (size_t)__builtin_popcountll(cand[w]);
        nkind += (size_t)__builtin_popcountll(ix->kindmask[w]);
    }
    s->stats.skipped += nkind - ncand;
    if (ncand == 0)
        return NERVE_OK;
    if (s->syn) { /* a [pos=...] test reads the tags: tag the sentence first */
        int need = 0;
        for (size_t w = 0; w < nw && !need; w++)
            for (uint64_t bits = cand[w]; bits && !need; bits &= bits - 1)
                need =
                    rs->rules.v[w * 64 + (size_t)__builtin_ctzll(bits)].needs & NERVE__RNEED_TAGS;
        if (need)
            rc = s->syn(s->syn_ctx, sent, NERVE__RULES_NEED_TAGS);
    }
    if (rc == NERVE_OK)
        rc = encode(s, sent);
    for (size_t w = 0; w < nw && rc == NERVE_OK; w++) {
        uint64_t bits = cand[w];
        while (bits && rc == NERVE_OK) {
            uint32_t b = (uint32_t)__builtin_ctzll(bits);
            bits &= bits - 1;
            rc = run_rule(s, (uint32_t)(w * 64 + b), sent, out);
        }
    }
    return rc;
}

int nerve__rules_match(const nerve__ruleset *rs, int kind, nerve__rules_scratch *s,
                       const nerve__rsent *sent, nerve__rmatches *out)
{
    if (!rs || !s || !sent || !out || s->rs != rs)
        return NERVE_EINVAL;
    const nerve__rindex *ix = &rs->index[kind == NERVE__RULE_EVENT];
    s->stats.sentences++;
    size_t nw = rs->nwords;
    if (nw == 0 || sent->ntok == 0)
        return NERVE_OK;
    uint64_t *cand = s->cand;
    memset(cand, 0, nw * sizeof *cand);
    int rc = NERVE_OK;
    s->maxfeat = 0;
    for (size_t f = 0; f < sent->nfeat; f++) {
        const nerve__rfeat *ft = &sent->feat[f];
        if (ft->tok_end > ft->tok_begin && ft->tok_end - ft->tok_begin > s->maxfeat)
            s->maxfeat = ft->tok_end - ft->tok_begin;
    }
    /* An anchored rule has keys, so this index is not empty where one runs. */
    if (ix->mask) {
        if (nerve__vec_reserve(&s->al, &s->tkey, sent->ntok) != NERVE_OK)
            return NERVE_ENOMEM;
        for (size_t t = 0; t < sent->ntok && rc == NERVE_OK; t++) {
            uint64_t key = word_key(sent->tok[t].norm, sent->tok[t].norm_len);
            s->tkey.v[t] = key;
            size_t h = index_find(ix, key);
            if (h != SIZE_MAX)
                rc = mark(rs, ix, s, h, (uint32_t)t);
        }
        for (size_t f = 0; f < sent->nfeat && rc == NERVE_OK; f++) {
            size_t h = index_find(ix, feat_key(sent->feat[f].kind, sent->feat[f].id));
            if (h != SIZE_MAX)
                rc = mark(rs, ix, s, h, sent->feat[f].tok_begin);
        }
    }
    if (rc == NERVE_OK)
        rc = match_candidates(rs, ix, s, sent, out);
    /* the hit lists are empty again for the next sentence */
    for (size_t w = 0; w < nw; w++)
        for (uint64_t bits = cand[w]; bits; bits &= bits - 1)
            s->hit_head[w * 64 + (size_t)__builtin_ctzll(bits)] = UINT32_MAX;
    s->hits.n = 0;
    return rc;
}
