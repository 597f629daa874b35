/*
 * rules_rel.c - relation clauses of rules (docs/rules.md, "Relations"):
 * after a rule's pattern has matched, each clause `role:TYPE = anchor
 * >rel ...` walks the dependency parse from the anchor capture's head token
 * and adds a capture of the role for each filler it reaches. Owns the
 * propagation of subjects (coordination, control and raising, relative
 * clauses, light verbs), the expansion of coordinated fillers and the choice
 * of a filler's tokens (the mention over the phrase head, or the noun
 * phrase). Reads only the tokens' pos, head and dep and the sentence's
 * mention features; allocates nothing but the captures it appends.
 */
#include "rules_int.h"

#include <string.h>

/* Most tokens a path keeps at each step (a sentence rarely has more than a
 * handful of conjuncts or dependents of one relation). */
#define REL_SET 16
/* How far subjects are looked for up conj / xcomp / relative clause chains. */
#define REL_CLIMB 4

typedef struct tset {
    uint32_t n;
    uint32_t t[REL_SET];
} tset;

static void tset_add(tset *s, uint32_t t)
{
    for (uint32_t i = 0; i < s->n; i++)
        if (s->t[i] == t)
            return;
    if (s->n < REL_SET)
        s->t[s->n++] = t;
}

#define DEP_BIT(d) ((uint64_t)1 << (d))
static const uint64_t SUBJ = DEP_BIT(NERVE_DEP_NSUBJ) | DEP_BIT(NERVE_DEP_NSUBJ_PASS);

/* Sentence-relative head of token t; -1 for the root, an unparsed token or
 * a head outside the sentence. */
static int32_t rhead(const nerve__rsent *s, uint32_t t)
{
    size_t h = s->tok[t].head;
    if (h == NERVE_NONE || h < s->tok_base || h - s->tok_base >= s->ntok)
        return -1;
    return (int32_t)(h - s->tok_base);
}

static int dep_in(const nerve__rsent *s, uint32_t t, uint64_t deps)
{
    uint32_t d = s->tok[t].dep;
    return d > 0 && d < 64 && ((deps >> d) & 1);
}

static int key_is(const nerve_token *t, const char *k)
{
    size_t n = strlen(k);
    return t->norm && t->norm_len == n && memcmp(t->norm, k, n) == 0;
}

/* Does dependent d have a case or mark child with one of the step's words? */
static int filter_ok(const nerve__rsent *s, uint32_t d, const nerve__rstep *st)
{
    if (!st || st->nwords == 0)
        return 1;
    for (uint32_t c = 0; c < s->ntok; c++) {
        if (rhead(s, c) != (int32_t)d ||
            !dep_in(s, c, DEP_BIT(NERVE_DEP_CASE) | DEP_BIT(NERVE_DEP_MARK)))
            continue;
        for (uint32_t k = 0; k < st->nwords; k++)
            if (key_is(&s->tok[c], st->words[k]))
                return 1;
    }
    return 0;
}

/* Dependents of h by one of deps (with the step's filter). */
static void dependents(const nerve__rsent *s, uint32_t h, uint64_t deps, const nerve__rstep *st,
                       tset *out)
{
    for (uint32_t c = 0; c < s->ntok; c++)
        if (rhead(s, c) == (int32_t)h && dep_in(s, c, deps) && filter_ok(s, c, st))
            tset_add(out, c);
}

/* Token t is a word of the lexicon class cls (the ruleset's relative_word:
 * who, whom, which, that). Scans the features: it is asked only of the
 * dependents of a relative clause's verb. */
static int in_class(const nerve__rsent *s, uint32_t t, uint32_t cls)
{
    if (cls == UINT32_MAX)
        return 0;
    for (size_t i = 0; i < s->nfeat; i++) {
        const nerve__rfeat *f = &s->feat[i];
        if (f->kind == NERVE__RF_CLASS && f->id == cls && f->tok_begin <= t && t < f->tok_end)
            return 1;
    }
    return 0;
}

/*
 * Dependents of t by deps, where the subject of a clause that has none of
 * its own is found the way UD's enhanced dependencies find it: a conjunct
 * shares its first conjunct's subject ("arrived and met"), an xcomp takes
 * its controller (the object if the governing verb has one: "asked X to
 * visit", else its subject: "X is expected to visit"), a relative clause or
 * a participle modifier takes its antecedent ("the envoy, who will meet",
 * "officials visiting Rabat"), an adverbial clause its main clause's
 * subject, and a noun that is the object of a light verb the verb's subject
 * ("made a visit"). A relative pronoun filler is its antecedent.
 */
static void find_deps(const nerve__rsent *s, uint32_t rel_cls, uint32_t t, uint64_t deps,
                      const nerve__rstep *st, tset *out, int depth)
{
    uint32_t before = out->n;
    dependents(s, t, deps, st, out);
    int32_t h = rhead(s, t);
    if (h >= 0 && dep_in(s, t, DEP_BIT(NERVE_DEP_ACL_RELCL)))
        for (uint32_t i = before; i < out->n; i++)
            if (in_class(s, out->t[i], rel_cls))
                out->t[i] = (uint32_t)h;
    if (out->n > before || !(deps & SUBJ) || depth >= REL_CLIMB || h < 0)
        return;
    uint32_t d = s->tok[t].dep;
    switch (d) {
    case NERVE_DEP_CONJ:
    case NERVE_DEP_ADVCL:
        find_deps(s, rel_cls, (uint32_t)h, deps, NULL, out, depth + 1);
        break;
    case NERVE_DEP_XCOMP:
        dependents(s, (uint32_t)h, DEP_BIT(NERVE_DEP_OBJ), NULL, out);
        if (out->n == before)
            find_deps(s, rel_cls, (uint32_t)h, SUBJ, NULL, out, depth + 1);
        break;
    case NERVE_DEP_ACL:
    case NERVE_DEP_ACL_RELCL:
        tset_add(out, (uint32_t)h);
        break;
    case NERVE_DEP_OBJ:
        if (s->tok[t].pos == NERVE_POS_NOUN)
            find_deps(s, rel_cls, (uint32_t)h, deps, NULL, out, depth + 1);
        break;
    default:
        break;
    }
}

/* The mention feature covering token t whose type is in types (0: any). */
static uint32_t mention_at(const nerve__rsent *s, uint32_t t, uint32_t types)
{
    for (size_t f = 0; f < s->nfeat; f++) {
        const nerve__rfeat *ft = &s->feat[f];
        if (ft->kind == NERVE__RF_MENTION && ft->tok_begin <= t && t < ft->tok_end &&
            ft->tok_end <= s->ntok && (!types || (ft->id < 32 && ((types >> ft->id) & 1))))
            return (uint32_t)f;
    }
    return UINT32_MAX;
}

/* Relations inside a noun phrase: a filler without a mention is its head
 * with these dependents (transitively). */
static const uint64_t NP_INNER = DEP_BIT(NERVE_DEP_DET) | DEP_BIT(NERVE_DEP_AMOD) |
                                 DEP_BIT(NERVE_DEP_COMPOUND) | DEP_BIT(NERVE_DEP_FLAT) |
                                 DEP_BIT(NERVE_DEP_NUMMOD) | DEP_BIT(NERVE_DEP_NMOD_POSS) |
                                 DEP_BIT(NERVE_DEP_DET_PREDET) | DEP_BIT(NERVE_DEP_FIXED);

static void phrase_span(const nerve__rsent *s, uint32_t t, uint32_t *b, uint32_t *e, int depth)
{
    if (t < *b)
        *b = t;
    if (t + 1 > *e)
        *e = t + 1;
    if (depth >= 8)
        return;
    for (uint32_t c = 0; c < s->ntok; c++)
        if (rhead(s, c) == (int32_t)t && dep_in(s, c, NP_INNER))
            phrase_span(s, c, b, e, depth + 1);
}

/*
 * The filler of role rel at token t: the mention over t, else over one of
 * its name parts or its apposition ("the president, Ana Ruiz"), else (an
 * untyped clause only) the noun phrase headed by t. Returns 0 when none.
 */
static int filler_at(const nerve__rsent *s, const nerve__rrel *rel, uint32_t t, nerve__rcap *cap)
{
    uint32_t f = mention_at(s, t, rel->types);
    /* a name part or an apposition names the head ("executive William
     * Rhodes"); a compound only modifies it ("Citibank executive"), so it
     * is the filler only when no name part or apposition is one */
    const uint64_t near[2] = {DEP_BIT(NERVE_DEP_FLAT) | DEP_BIT(NERVE_DEP_APPOS),
                              DEP_BIT(NERVE_DEP_COMPOUND)};
    for (int pass = 0; pass < 2 && f == UINT32_MAX; pass++)
        for (uint32_t c = 0; c < s->ntok && f == UINT32_MAX; c++)
            if (rhead(s, c) == (int32_t)t && dep_in(s, c, near[pass]))
                f = mention_at(s, c, rel->types);
    if (f != UINT32_MAX) {
        cap->tok_begin = s->feat[f].tok_begin;
        cap->tok_end = s->feat[f].tok_end;
        cap->feat = f;
        return 1;
    }
    if (rel->types)
        return 0;
    cap->tok_begin = t;
    cap->tok_end = t + 1;
    cap->feat = UINT32_MAX;
    phrase_span(s, t, &cap->tok_begin, &cap->tok_end, 0);
    return 1;
}

/* The head token of the capture span [b, e): the first token whose head
 * lies outside it; -1 when the sentence is not parsed. */
static int32_t span_head(const nerve__rsent *s, uint32_t b, uint32_t e)
{
    for (uint32_t t = b; t < e && t < s->ntok; t++) {
        if (s->tok[t].dep == NERVE_DEP_NONE)
            return -1;
        int32_t h = rhead(s, t);
        if (h < (int32_t)b || h >= (int32_t)e)
            return (int32_t)t;
    }
    return -1;
}

static int one_relation(const nerve__rsent *s, uint32_t rel_cls, const nerve__rrel *rel,
                        const nerve_allocator *al, nerve__rmatches *out, uint32_t cap_first,
                        uint32_t cap_end, int *found)
{
    *found = 0;
    tset cur = {0, {0}};
    for (uint32_t c = cap_first; c < cap_end; c++) {
        const nerve__rcap *cp = &out->caps.v[c];
        if (cp->name != rel->anchor)
            continue;
        int32_t a = span_head(s, cp->tok_begin, cp->tok_end);
        if (a >= 0)
            tset_add(&cur, (uint32_t)a);
    }
    for (uint32_t k = 0; k < rel->nsteps && cur.n; k++) {
        const nerve__rstep *st = &rel->step[k];
        tset next = {0, {0}};
        for (uint32_t i = 0; i < cur.n; i++) {
            uint32_t t = cur.t[i];
            if (st->down) {
                find_deps(s, rel_cls, t, st->deps, st, &next, 0);
            } else if (dep_in(s, t, st->deps)) {
                int32_t h = rhead(s, t);
                if (h >= 0)
                    tset_add(&next, (uint32_t)h);
            }
        }
        cur = next;
    }
    /* a noun in apposition names the filler too ("the two neighbours -
     * Uganda and Tanzania -"), and each conjunct of a filler is a filler
     * ("Tunisia and Algeria") */
    for (uint32_t i = 0, n = cur.n; i < n; i++)
        dependents(s, cur.t[i], DEP_BIT(NERVE_DEP_APPOS), NULL, &cur);
    for (uint32_t i = 0, n = cur.n; i < n; i++)
        dependents(s, cur.t[i], DEP_BIT(NERVE_DEP_CONJ), NULL, &cur);
    for (uint32_t i = 0; i < cur.n; i++) {
        nerve__rcap cap = {rel->name, 0, 0, UINT32_MAX};
        if (!filler_at(s, rel, cur.t[i], &cap))
            continue;
        int dup = 0;
        for (size_t c = cap_end; c < out->caps.n && !dup; c++)
            dup = out->caps.v[c].name == cap.name && out->caps.v[c].tok_begin == cap.tok_begin &&
                  out->caps.v[c].tok_end == cap.tok_end;
        if (dup)
            continue;
        if (nerve__vec_push(al, &out->caps, cap) != NERVE_OK)
            return NERVE_ENOMEM;
        *found = 1;
    }
    return NERVE_OK;
}

int nerve__rules_relations(const nerve__ruleset *rs, const nerve__rrule *r,
                           const nerve__rsent *sent, const nerve_allocator *al,
                           nerve__rmatches *out, uint32_t cap_first, int *ok)
{
    *ok = 1;
    uint32_t cap_end = (uint32_t)out->caps.n;
    for (uint32_t i = 0; i < r->rel_count; i++) {
        const nerve__rrel *rel = &rs->rels.v[r->rel_first + i];
        int found;
        if (one_relation(sent, rs->cls_relative, rel, al, out, cap_first, cap_end, &found) !=
            NERVE_OK)
            return NERVE_ENOMEM;
        if (!found && !rel->optional) {
            *ok = 0;
            return NERVE_OK;
        }
    }
    return NERVE_OK;
}
