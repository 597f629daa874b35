/*
 * entities.c - the mention stage: gazetteer candidates and entity-rule
 * matches become PER, LOC, ORG and NORP mentions.
 *
 * Conflict policy, applied in one place (choose_candidates):
 *   1. temporal mentions found earlier are kept; nothing may overlap them;
 *   2. a longer span beats a shorter one;
 *   3. at equal length the higher priority wins (rules state theirs;
 *      gazetteer candidates have priority 4 for names of several words
 *      other than towns, 0 otherwise, less when the context weakens them:
 *      a small town at the start of a sentence);
 *   4. at equal priority a rule beats the gazetteer, then text order.
 * Candidates that lose are dropped; nothing overlaps in the result.
 *
 * Document-level entities are in entities_link.c.
 */
#include "entities.h"
#include "sentence.h"
#include "tokenize.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The stage's scratch, reused from sentence to sentence and document to document. */
struct nerve__entities_scratch {
    const nerve_allocator *al;
    nerve__sentence sent;  /* the sentence as the entity rules see it */
    nerve__cand_vec cands; /* the candidates of one sentence */
    nerve__byte_vec taken; /* tokens of the document a chosen mention covers */
    nerve__u32_vec bits;   /* the fallback's token bits (TK_*) of one sentence */
};

int nerve__entities_scratch_new(const nerve_model *m, const nerve_allocator *al,
                                nerve__entities_scratch **out)
{
    nerve__entities_scratch *s = nerve__calloc(al, 1, sizeof *s);
    if (!s)
        return NERVE_ENOMEM;
    s->al = al;
    int rc = nerve__sentence_init(&s->sent, m, al);
    if (rc != NERVE_OK) {
        nerve__entities_scratch_free(s);
        return rc;
    }
    *out = s;
    return NERVE_OK;
}

void nerve__entities_scratch_free(nerve__entities_scratch *s)
{
    if (!s)
        return;
    const nerve_allocator *al = s->al;
    nerve__sentence_free(&s->sent);
    nerve__vec_free(al, &s->cands);
    nerve__vec_free(al, &s->taken);
    nerve__vec_free(al, &s->bits);
    nerve__free(al, s);
}

/* What the mention stage knows about the whole document. */
typedef struct ent_ctx {
    int sports;
    int32_t when; /* document date as YYYYMMDD, 0 if none */
} ent_ctx;

static int tok_is(const nerve_token *t, const char *w)
{
    size_t n = strlen(w);
    return t->norm_len == n && memcmp(t->norm, w, n) == 0;
}

/* A word of class cls (NERVE__MW_*) of rules/mentions.tsv. */
static int mword(const nerve__view *in, const nerve_token *t, int cls)
{
    return nerve__mention_word(in->model->mentions, cls, t->norm, t->norm_len);
}

static int type_from_label(const char *label)
{
    for (int t = NERVE_TYPE_PER; t < NERVE_TYPE_COUNT_; t++)
        if (label && strcmp(label, nerve_type_name(t)) == 0)
            return t;
    return NERVE_TYPE_NONE;
}

/* How specific a place subtype is when one name has several entries. */
static int entry_rank(const nerve__entry *en)
{
    const char *subtype = en->subtype;
    if (!subtype)
        return 0;
    if (strcmp(subtype, "country") == 0 || strcmp(subtype, "former_country") == 0)
        return 5;
    /* world regions; an ISO 3166-2 "region" is a province, ranked as a town */
    if (strcmp(subtype, "continent") == 0 ||
        (strcmp(subtype, "region") == 0 && !(en->id && strncmp(en->id, "iso3166-2:", 10) == 0)))
        return 4;
    return 1;
}

/* How well an entry's from/to fit the document date `when` (YYYYMMDD, 0 =
 * unknown): 2 it holds then, 1 it is open-ended (the present), 0 otherwise.
 * An office holder named in the text is the term of that date ("Lula" in
 * 2005 and in 2024 are two terms of one person). */
static int entry_at(const nerve__entry *en, int32_t when)
{
    if (when && (!en->from || en->from <= when) && (!en->to || when <= en->to))
        return 2;
    return !en->to;
}

/* Better of two entries for the same surface: countries and regions before
 * towns, then the larger population, then the term valid at the document
 * date, then entities before lexicon words. */
static int entry_better(const nerve__entry *a, const nerve__entry *b, int32_t when)
{
    int ra = entry_rank(a), rb = entry_rank(b);
    if (a->type != NERVE_TYPE_LOC)
        ra = 3;
    if (b->type != NERVE_TYPE_LOC)
        rb = 3;
    if (a->type == NERVE_TYPE_LOC && a->population >= 1000000)
        ra = 5;
    if (b->type == NERVE_TYPE_LOC && b->population >= 1000000)
        rb = 5;
    if (ra != rb)
        return ra > rb;
    if (a->population != b->population)
        return a->population > b->population;
    int aa = entry_at(a, when), ab = entry_at(b, when);
    if (aa != ab)
        return aa > ab;
    /* no term holds: the latest one that began before the date */
    return a->from > b->from && (!when || a->from <= when);
}

/* Is cls one of the classes from NERVE__CLS_ENGLISH_WORD to NERVE__CLS_SCORE_WORD
 * (English words and the stage's word lists)? */
static int stage_word_class(const nerve_model *m, uint32_t cls)
{
    for (int c = NERVE__CLS_ENGLISH_WORD; c <= NERVE__CLS_SCORE_WORD; c++)
        if (m->cls[c] == cls && cls != UINT32_MAX)
            return 1;
    return 0;
}

/* Is token t a word of lexicon class NERVE__CLS_<c> (a gazetteer match of
 * its own starting at t)? The closed word lists the stage reads are data
 * (gazetteers/entity_words.tsv), not C. */
static int word_of(const nerve__view *in, size_t t, int c)
{
    uint32_t cls = in->model->cls[c];
    if (cls == UINT32_MAX)
        return 0;
    for (size_t k = nerve__gaz_first_match_at(in->gaz, in->ngaz, t);
         k < in->ngaz && in->gaz[k].tok_begin == t; k++) {
        const nerve__gaz_match *g = &in->gaz[k];
        for (uint32_t j = 0; j < g->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(in->model->gaz, in->gaz_ids[g->first + j], &en);
            if (en.subtype_class == cls)
                return 1;
        }
    }
    return 0;
}

/* Does the gazetteer name an entry of type `type` over exactly [b, e)? */
static int gaz_names(const nerve__view *in, size_t b, size_t e, int type)
{
    for (size_t k = nerve__gaz_first_match_at(in->gaz, in->ngaz, b);
         k < in->ngaz && in->gaz[k].tok_begin == b; k++) {
        const nerve__gaz_match *g = &in->gaz[k];
        if (g->tok_end != e)
            continue;
        for (uint32_t j = 0; j < g->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(in->model->gaz, in->gaz_ids[g->first + j], &en);
            if (en.type == type)
                return 1;
        }
    }
    return 0;
}

static int is_capword(const nerve_token *t);
static int is_particle_name(const nerve__view *in, const nerve_token *t);
static int sports_team_place(const nerve__view *in, nerve__entities_scratch *sc,
                             const nerve__entry *en, size_t first, size_t end, size_t b, size_t e);
static int sword(const nerve__view *in, nerve__entities_scratch *sc, size_t first, size_t t, int c);
static int score_context(const nerve__view *in, nerve__entities_scratch *sc, size_t first,
                         size_t end, size_t b, size_t e);

/* Does the entry's name begin with the article token t, capitalized ("The
 * Hague", not the lower-case article of "the U.S.")? */
static int name_has_article(const char *name, const nerve_token *t)
{
    size_t n = t->norm_len;
    if (!name || n == 0 || strlen(name) <= n || name[n] != ' ' || name[0] != t->norm[0] - 32)
        return 0;
    return memcmp(name + 1, t->norm + 1, n - 1) == 0;
}

/* Is token t's key a word of name (case-insensitive, ASCII)? "President"
 * is no word of "Xi Jinping": an alias that opens with a title. */
static int word_in_name(const char *name, const nerve_token *t)
{
    size_t n = t->norm_len;
    for (const char *p = name; p && *p;) {
        while (*p == ' ')
            p++;
        const char *q = p;
        while (*q && *q != ' ')
            q++;
        if ((size_t)(q - p) == n && strncasecmp(p, t->norm, n) == 0)
            return 1;
        p = q;
    }
    return name == NULL;
}

/* Gazetteer candidates of one sentence: the best entity entry of each match. */
static int gazetteer_candidates(const nerve__view *in, nerve__entities_scratch *sc,
                                const ent_ctx *cx, size_t first, size_t end, size_t *gi,
                                nerve__cand_vec *out)
{
    const nerve__gazset *gs = in->model->gaz;
    const nerve_token *tok = in->tok;
    size_t place_end = (size_t)-1; /* end of the last place candidate */
    for (; *gi < in->ngaz && in->gaz[*gi].tok_begin < end; (*gi)++) {
        const nerve__gaz_match *g = &in->gaz[*gi];
        if (g->tok_begin < first || g->tok_end > end)
            continue;
        nerve__entry best;
        memset(&best, 0, sizeof best);
        uint32_t best_id = UINT32_MAX;
        int has_lex = 0, lex_not_given = 0, subdivision = 0, english = 0;
        nerve__entry area_en; /* the first state or province of that name */
        uint32_t area_id = UINT32_MAX;
        for (uint32_t j = 0; j < g->count; j++) {
            uint32_t id = in->gaz_ids[g->first + j], sub;
            int etype = nerve__gaz_entry_type(gs, id, &sub);
            /* an English word, or a word of the stage's own lists (Marathon,
             * Racing), is no reason to doubt a place: Hull, Reading */
            english |= etype == NERVE__TYPE_LEX && sub == in->model->cls[NERVE__CLS_ENGLISH_WORD];
            if (etype == NERVE__TYPE_LEX && !stage_word_class(in->model, sub)) {
                has_lex = 1;
                lex_not_given |= sub != in->model->cls[NERVE__CLS_GIVEN_NAME];
            }
            if (etype <= NERVE_TYPE_NONE || etype > NERVE_TYPE_MISC)
                continue; /* (only names are decoded whole) */
            nerve__entry en;
            nerve__gaz_entry(gs, id, &en);
            /* a county or state of that name, whatever town outranks it */
            int area = en.type == NERVE_TYPE_LOC && en.subtype && entry_rank(&en) <= 1 &&
                       nerve__mention_word(in->model->mentions, NERVE__MW_TEAM_AREA, en.subtype,
                                           strlen(en.subtype));
            subdivision |= area;
            if (en.type == NERVE_TYPE_LOC && en.id && strncmp(en.id, "iso3166-2:", 10) == 0 &&
                area_id == UINT32_MAX) {
                area_en = en;
                area_id = id;
            }
            if (best_id == UINT32_MAX || entry_better(&en, &best, cx->when)) {
                best = en;
                best_id = id;
            }
        }

        if (best_id == UINT32_MAX)
            continue;
        const nerve_token *t0 = &tok[g->tok_begin];
        int single = g->tok_end - g->tok_begin == 1;
        /* "Reagan", "Blair": a known person's surname that is also a given
         * name is that person only in a text dated within one of the
         * person's terms, and not beside another name ("Blair Smith") */
        if (single && best.type == NERVE_TYPE_PER && has_lex && !lex_not_given &&
            (entry_at(&best, cx->when) != 2 || (g->tok_end < end && is_capword(&tok[g->tok_end])) ||
             (g->tok_begin > first && is_capword(&tok[g->tok_begin - 1]) &&
              !(tok[g->tok_begin - 1].flags & NERVE_TOK_SENT_START) &&
              !sword(in, sc, first, g->tok_begin - 1, NERVE__CLS_TITLE))))
            continue;
        /* A text without case ("visited paris"): the gazetteer's names
         * match in any case, but a word that is also a word of English
         * ("reading", "nice", "moon") is the word, unless it names a country,
         * a nationality ("german") or a city of a million. */
        if (in->caseless && single && ((has_lex && lex_not_given) || english) &&
            best.type != NERVE_TYPE_NORP &&
            !(best.subtype && strcmp(best.subtype, "country") == 0) && best.population < 1000000)
            continue;
        /* A name of several words found whole in the gazetteer is strong
         * evidence: it beats the generic name rules (not title + name). */
        int priority = !single && (best.type != NERVE_TYPE_LOC || entry_rank(&best) > 1) ? 4 : 0;
        /* A word that opens a sentence is capitalized anyway: a one-word
         * town there is weak evidence ("Due", "Bath", "Split"). */
        int team = cx->sports && best.type == NERVE_TYPE_LOC &&
                   score_context(in, sc, first, end, g->tok_begin, g->tok_end);
        if (single && !team && best.type == NERVE_TYPE_LOC && entry_rank(&best) <= 1 &&
            best.population < 1000000) {
            int after_prep = g->tok_begin > first &&
                             sword(in, sc, first, g->tok_begin - 1, NERVE__CLS_PLACE_PREP);
            /* "Charlottesville , Virginia": a state or province after its town
             * (not in sports stories, where "Derbyshire , Essex" lists teams) */
            if (area_id != UINT32_MAX && !cx->sports && g->tok_begin >= first + 2 &&
                place_end == g->tok_begin - 1 && tok[g->tok_begin - 1].norm_len == 1 &&
                tok[g->tok_begin - 1].norm[0] == ',') {
                after_prep = 1;
                best = area_en;
                best_id = area_id;
            }
            /* (in sports, counties and states are teams: Kent, Somerset) */
            int county_team = cx->sports && subdivision &&
                              !(g->tok_begin > first && is_capword(&tok[g->tok_begin - 1])) &&
                              !(g->tok_end < end && is_capword(&tok[g->tok_end]));
            if ((t0->flags & NERVE_TOK_SENT_START) && !after_prep && !county_team)
                continue;
            if (in->caseless && !after_prep && best.population < 100000)
                continue; /* "lena ruiz": without capitals a small town needs its "in" */
            /* a city of half a million or more that is also only a given name
             * (Washington, Denver, Charlotte), with no name word beside it, is
             * the city: a person named by a given name alone is rare in news */
            int big_city = !lex_not_given && best.population >= 500000 &&
                           !(g->tok_begin > first && is_capword(&tok[g->tok_begin - 1])) &&
                           !(g->tok_end < end && is_capword(&tok[g->tok_end]));
            /* also a title, a given name or a common word: not a place here */
            if (has_lex && !after_prep && !county_team && !big_city)
                continue;
            if (!after_prep && best.population < 20000)
                priority = -2;
        }
        /* a small town in an ALL-CAPS line is most likely an ordinary word
         * ("EXPORT LICENSING REFORM BILL") unless the context is a place */
        if (single && !team && (t0->flags & NERVE_TOK_ALLCAPS) && best.type == NERVE_TYPE_LOC &&
            entry_rank(&best) <= 1 && best.population < 100000 &&
            !(g->tok_begin > first &&
              sword(in, sc, first, g->tok_begin - 1, NERVE__CLS_PLACE_PREP)))
            continue;
        /* ALL-CAPS lines (headlines) capitalize everything: demand more. */
        if (single && !team && (t0->flags & NERVE_TOK_ALLCAPS) &&
            best.casing != NERVE__CASE_EXACT && t0->span.end - t0->span.start <= 3 &&
            entry_rank(&best) < 5)
            continue;
        /* "Chinese President Xi Jinping": a person's name that opens with a
         * title ("President Xi") does not hold the name that goes on; the
         * name is read from its own words */
        if (best.type == NERVE_TYPE_PER && !single && g->tok_end < end &&
            is_capword(&tok[g->tok_end]) && !(tok[g->tok_end].flags & NERVE_TOK_ALLCAPS) &&
            !word_in_name(best.canonical, &tok[g->tok_begin]))
            continue;
        nerve__cand c;
        memset(&c, 0, sizeof c);
        c.tok_begin = g->tok_begin;
        c.tok_end = g->tok_end;
        /* "the Pentagon", "The Hague": the article is not part of the mention */
        if (c.tok_end - c.tok_begin > 1 && mword(in, &tok[c.tok_begin], NERVE__MW_DEFINITE) &&
            (!(tok[c.tok_begin].flags & NERVE_TOK_CAPITALIZED) ||
             !name_has_article(best.name, &tok[c.tok_begin])))
            c.tok_begin++; /* ("The Hague" keeps its article) */
        if (c.tok_end - c.tok_begin > 1 && mword(in, &tok[c.tok_begin], NERVE__MW_MODIFIER))
            c.tok_begin++; /* "Minneapolis-based", "state-owned": a modifier, not the name */
        if (in->caseless && c.tok_end - c.tok_begin == 1 && !single &&
            word_of(in, c.tok_begin, NERVE__CLS_ENGLISH_WORD))
            continue; /* "the fund" without capitals is a fund */
        if (in->caseless && !single &&
            (best.type == NERVE_TYPE_PER ||
             (best.type == NERVE_TYPE_LOC && best.population < 100000 &&
              !(best.subtype && strcmp(best.subtype, "country") == 0)))) {
            size_t words = 0; /* "prime minister", "five points": words of English */
            for (size_t t = c.tok_begin; t < c.tok_end; t++)
                words += tok[t].kind != NERVE_TOKEN_WORD ||
                         word_of(in, t, NERVE__CLS_ENGLISH_WORD) ||
                         mword(in, &tok[t], NERVE__MW_ARTICLE);
            if (words == c.tok_end - c.tok_begin)
                continue;
        }
        /* "Interfax news agency", "Dow Jones industrial average": the name is
         * the capitalized part */
        if (best.type == NERVE_TYPE_ORG && !in->caseless)
            while (c.tok_end - c.tok_begin > 1 && tok[c.tok_end - 1].kind == NERVE_TOKEN_WORD &&
                   !(tok[c.tok_end - 1].flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)))
                c.tok_end--;
        {
            int capital = 0;
            for (size_t t = c.tok_begin; t < c.tok_end; t++)
                capital |= (tok[t].flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)) != 0;
            if (!capital && !in->caseless)
                continue; /* "the agency": a common noun, not a name */
        }
        c.type = best.type;
        if (best.type == NERVE_TYPE_LOC)
            place_end = c.tok_end;
        if (cx->sports && sports_team_place(in, sc, &best, first, end, c.tok_begin, c.tok_end))
            c.type = NERVE_TYPE_ORG; /* "Surrey beat Kent", "CHICAGO 72 64" */
        c.priority = priority;
        c.source = NERVE_SOURCE_GAZETTEER;
        c.entry = best_id;
        c.subtype = best.subtype;
        c.canonical = best.canonical;
        c.confidence = priority < 0 ? 0.5f : 0.8f;
        if (in->caseless)
            c.confidence *= 0.75f; /* no capital to confirm the name */
        if (nerve__vec_push(sc->al, out, c) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    return NERVE_OK;
}

/* Does a token of sentence-relative [b, e) carry a name-head class? */
static int has_head_word(const nerve__view *in, const nerve__entities_scratch *sc, uint32_t b,
                         uint32_t e)
{
    for (uint32_t t = b; t < e; t++)
        for (int h = NERVE__CLS_ORG_SUFFIX; h <= NERVE__CLS_MISC_HEAD; h++)
            if (nerve__sentence_has_class(&sc->sent, t, in->model->cls[h]))
                return 1;
    return 0;
}

/* Entity-rule candidates of one sentence. */
static int rule_candidates(const nerve__view *in, nerve__entities_scratch *sc, size_t sent_index,
                           nerve__cand_vec *out)
{
    const nerve_model *m = in->model;
    const nerve_sentence *s = &in->sent[sent_index];
    /* The entity rules read capitals as evidence of a name, which a headline
     * in capitals does not give: it is left to the gazetteer and to the
     * names of the body (document linking). */
    if (nerve__headline(in->tok, in->ntok, sent_index, s->token_begin,
                        s->token_begin + s->token_count))
        return NERVE_OK;
    nerve__rsent rs;
    int rc = nerve__sentence_run(&sc->sent, in, sent_index, NERVE__RULE_ENTITY, &rs);
    if (rc != NERVE_OK)
        return rc;
    for (size_t i = 0; i < sc->sent.matches.m.n; i++) {
        const nerve__rmatch *rm = &sc->sent.matches.m.v[i];
        const nerve__rule_info *info = nerve__ruleset_rule(m->rules, rm->rule);
        int type = info ? type_from_label(info->label) : NERVE_TYPE_NONE;
        if (type == NERVE_TYPE_NONE)
            continue;
        uint32_t b = rm->tok_begin, e = rm->tok_end;
        uint32_t tb = 0, te = 0;
        for (uint32_t k = 0; k < rm->cap_count; k++) {
            const nerve__rcap *cap = &sc->sent.matches.caps.v[rm->cap_first + k];
            const char *name = nerve__rules_capname(m->rules, cap->name);
            if (!name)
                continue;
            if (strcmp(name, "name") == 0) {
                b = cap->tok_begin;
                e = cap->tok_end;
            } else if (strcmp(name, "title") == 0) {
                tb = cap->tok_begin;
                te = cap->tok_end;
            }
        }
        if (type == NERVE_TYPE_PER || type == NERVE_TYPE_LOC)
            while (b < e && nerve__sentence_has_class(&sc->sent, b, m->cls[NERVE__CLS_TITLE]))
                b++; /* "General Director": a title is not part of a name */
        /* "Peninsula Hotel", "MAC News Media Association": a word that heads
         * organization, place or work names is not part of a person's name */
        if (type == NERVE_TYPE_PER && has_head_word(in, sc, b, e))
            continue;
        /* "West Jersey", "West Indian": a given name that opens place names
         * (West, North) before another name is the place's first word */
        if (type == NERVE_TYPE_PER && te == tb && e - b >= 2 &&
            nerve__sentence_has_class(&sc->sent, b, m->cls[NERVE__CLS_PLACE_PREFIX]))
            continue;
        /* "The Supreme Court", "St. Louis-based Mercantile Bancorp Inc." */
        while (e - b > 1 && (mword(in, &rs.tok[b], NERVE__MW_ARTICLE) ||
                             mword(in, &rs.tok[b], NERVE__MW_MODIFIER)))
            b++;
        if (e <= b)
            continue;
        /* "committee chairman Citibank": a title before a known
         * organization's one-word name does not make it a person, unless the
         * word is also a given name ("President Ford") */
        if (type == NERVE_TYPE_PER && te > tb && e - b == 1 &&
            gaz_names(in, s->token_begin + b, s->token_begin + e, NERVE_TYPE_ORG) &&
            !nerve__sentence_has_class(&sc->sent, b, m->cls[NERVE__CLS_GIVEN_NAME]))
            continue;
        /* "Mohammed Hamza al-Zubeidi": the surname behind a particle */
        while (type == NERVE_TYPE_PER && e < s->token_count && is_particle_name(in, &rs.tok[e]))
            e++;
        nerve__cand c;
        memset(&c, 0, sizeof c);
        c.tok_begin = s->token_begin + b;
        c.tok_end = s->token_begin + e;
        c.type = type;
        c.priority = info->priority;
        c.source = NERVE_SOURCE_RULE;
        c.entry = UINT32_MAX;
        c.subtype = info->subtype;
        c.rule = info->name;
        c.rule_file = info->file;
        c.rule_line = info->line;
        c.confidence = info->confidence > 0 ? info->confidence : 0.75f;
        if (te > tb) {
            c.title_begin = s->token_begin + tb;
            c.title_end = s->token_begin + te;
        }
        if (nerve__vec_push(sc->al, out, c) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    return NERVE_OK;
}

/* ------------------------------------------------------------------------ */
/* Document context and the fallback for capitalized words nothing claimed */
/* ------------------------------------------------------------------------ */

/* A capitalized word (Smith, SMITH, J.). */
static int is_capword(const nerve_token *t)
{
    return t->kind == NERVE_TOKEN_WORD &&
           (t->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)) &&
           !(t->flags & NERVE_TOK_HAS_DIGIT);
}

/* A surname behind a joined particle ("al-Zubeidi", "el-Baz", "dell'Isola",
 * "d'Estaing"): a lower-case particle of class joined_particle, a hyphen or
 * an apostrophe, a capital letter. */
static int is_particle_name(const nerve__view *in, const nerve_token *t)
{
    const char *h = memchr(t->norm, '-', t->norm_len);
    const char *q = memchr(t->norm, '\'', t->norm_len);
    if (!h || (q && q < h))
        h = q;
    if (t->kind != NERVE_TOKEN_WORD || !h || (t->flags & NERVE_TOK_CAPITALIZED))
        return 0;
    size_t at = (size_t)(h - t->norm);
    if (at + 1 >= t->norm_len || t->span.end - t->span.start != t->norm_len)
        return 0;
    char c = in->text[t->span.start + at + 1];
    return c >= 'A' && c <= 'Z' &&
           nerve__mention_word(in->model->mentions, NERVE__MW_JOINED_PARTICLE, t->norm, at);
}

static int is_punct_tok(const nerve_token *t, char c)
{
    return t->kind == NERVE_TOKEN_PUNCT && t->norm_len == 1 && t->norm[0] == c;
}

/* A number as in scores and tables: 3, 6-2, .529, 10-0-59-1. */
static int is_numeric(const nerve_token *t)
{
    return t->norm_len > 0 &&
           ((t->norm[0] >= '0' && t->norm[0] <= '9') || (t->norm[0] == '.' && t->norm_len > 1));
}

/* Tokens [b, e) stand where a team stands in results: a score line or a
 * table row ("Ayr 6 Berwick 0", "3 Chelsea 1", "Ayr 4 2 1 1"), a fixture
 * ("Walsall v Wrexham") or a result ("Glamorgan beat Durham"). */
static int score_context(const nerve__view *in, nerve__entities_scratch *sc, size_t first,
                         size_t end, size_t b, size_t e)
{
    const nerve_token *tok = in->tok;
    const nerve_token *prev = b > first ? &tok[b - 1] : NULL;
    const nerve_token *next = e < end ? &tok[e] : NULL;
    if (next && is_numeric(next) &&
        ((e + 1 < end && is_capword(&tok[e + 1])) || (prev && is_numeric(prev)) ||
         (e + 2 < end && is_numeric(&tok[e + 1]) && is_numeric(&tok[e + 2]))))
        return 1;
    return (next && sword(in, sc, first, e, NERVE__CLS_SCORE_WORD) &&
            !(next->flags & NERVE_TOK_ALLCAPS)) ||
           (prev && sword(in, sc, first, b - 1, NERVE__CLS_SCORE_WORD) &&
            !(prev->flags & NERVE_TOK_ALLCAPS));
}

/* Does the document read like sports results? Score lines ("Chelsea 2
 * Arsenal 1"), table rows ("Ayr 4 2 1 1 ...") and a sport slug heading the
 * story ("SOCCER - ..."). One pass over the tokens. */
static int sports_document(const nerve__view *in)
{
    const nerve_token *tok = in->tok;
    size_t n = in->ntok, hits = 0;
    for (size_t i = 0; i < n && i < 4; i++)
        if ((tok[i].flags & NERVE_TOK_ALLCAPS) && word_of(in, i, NERVE__CLS_SPORT_WORD))
            return 1;
    for (size_t i = 1; i + 2 < n; i++) {
        if (!is_numeric(&tok[i]) || !is_capword(&tok[i - 1]))
            continue;
        if ((is_capword(&tok[i + 1]) && i + 2 < n && is_numeric(&tok[i + 2]) &&
             !(tok[i + 1].flags & NERVE_TOK_LINE_START)) ||
            (is_numeric(&tok[i + 1]) && is_numeric(&tok[i + 2])))
            hits++;
        if (hits >= 3)
            return 1;
    }
    return 0;
}

/* word_of for token t of the sentence that begins at `first`, whose
 * features sc holds: a search of the features, no entry decoded. */
static int sword(const nerve__view *in, nerve__entities_scratch *sc, size_t first, size_t t, int c)
{
    return nerve__sentence_has_class(&sc->sent, (uint32_t)(t - first), in->model->cls[c]);
}

/* Token bits for the fallback (per sentence, in sc->bits). */
enum {
    TK_STOP = 1u << 0,      /* lexicon word that is not a name part: title, month ... */
    TK_GIVEN = 1u << 1,     /* given name */
    TK_FUNC = 1u << 2,      /* function word or common sentence opener */
    TK_SUFFIX = 1u << 3,    /* organization suffix */
    TK_RULE = 1u << 4,      /* covered by a rule candidate */
    TK_PLACE = 1u << 5,     /* covered by a gazetteer place candidate */
    TK_OTHER = 1u << 6,     /* covered by another gazetteer candidate */
    TK_PBEGIN = 1u << 7,    /* first token of a place candidate */
    TK_COMMON = 1u << 8,    /* common word that is also a town */
    TK_ROMAN = 1u << 9,     /* Roman numeral (I, II ...) */
    TK_MISC = 1u << 10,     /* head of an event or work name (War, Cup, Open) */
    TK_LOCSUF = 1u << 11,   /* head of a place name (River, County, Street) */
    TK_DICT = 1u << 12,     /* a word of English (english_words.tsv): Force, Beautiful */
    TK_PPREFIX = 1u << 13,  /* opens place names: North, Eastern, Upper */
    TK_PERONE = 1u << 14,   /* a known person of one word (Yeltsin, Lula) */
    TK_GAZPLACE = 1u << 15, /* a gazetteer place name (its candidate may have been dropped) */
};

/* Does any of n token bits mark a word that heads organization, place or
 * work names (Hotel, Division, Cup)? Such runs are not people. */
static int has_head_bits(const uint32_t *bits, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (bits[i] & (TK_SUFFIX | TK_LOCSUF | TK_MISC))
            return 1;
    return 0;
}

/* Do all of n token bits have `want`? */
static int all_bits(const uint32_t *bits, size_t n, uint32_t want)
{
    for (size_t i = 0; i < n; i++)
        if (!(bits[i] & want))
            return 0;
    return 1;
}

static int fallback_candidates(const nerve__view *in, nerve__entities_scratch *sc,
                               const ent_ctx *cx, size_t first, size_t end, nerve__cand_vec *cands)
{
    const nerve__gazset *gs = in->model->gaz;
    const uint32_t *cls = in->model->cls;
    const nerve_token *tok = in->tok;
    size_t ns = end - first;
    if (ns == 0)
        return NERVE_OK;
    if (nerve__vec_reserve(sc->al, &sc->bits, ns) != NERVE_OK)
        return NERVE_ENOMEM;
    uint32_t *bits = sc->bits.v;
    memset(bits, 0, ns * sizeof *bits);
    /* lexicon classes, from the sentence's class features */
    for (size_t i = 0; i < sc->sent.feat.n; i++) {
        const nerve__rfeat *f = &sc->sent.feat.v[i];
        if (f->kind != NERVE__RF_CLASS || f->tok_end > ns)
            continue;
        uint32_t b;
        if (f->id == cls[NERVE__CLS_GIVEN_NAME])
            b = TK_GIVEN;
        else if (f->id == cls[NERVE__CLS_COMMON_WORD])
            b = TK_COMMON;
        else if (f->id == cls[NERVE__CLS_ROMAN_NUMERAL])
            b = TK_ROMAN;
        else if (f->id == cls[NERVE__CLS_ORG_SUFFIX] || f->id == cls[NERVE__CLS_ORG_HEAD])
            b = TK_SUFFIX;
        else if (f->id == cls[NERVE__CLS_FUNCTION_WORD])
            b = TK_FUNC;
        else if (f->id == cls[NERVE__CLS_MISC_HEAD])
            b = TK_MISC;
        else if (f->id == cls[NERVE__CLS_LOC_SUFFIX])
            b = TK_LOCSUF;
        else if (f->id == cls[NERVE__CLS_ENGLISH_WORD])
            b = TK_DICT; /* a name part all the same: Green, Wood */
        else if (f->id == cls[NERVE__CLS_PLACE_PREFIX])
            b = TK_PPREFIX;
        else if (stage_word_class(in->model, f->id))
            continue; /* the stage's word lists say nothing of name parts: De, Van */
        else {
            /* any other lexicon class (title, month ...) is not a name part;
             * classes of place and organization entries are not lexicon words */
            uint32_t ecls;
            int etype = nerve__gaz_entry_type(gs, in->gaz_ids[f->ref], &ecls);
            if (etype == NERVE_TYPE_LOC)
                b = TK_GAZPLACE; /* a place name, whether or not it stands here */
            else if (etype != NERVE__TYPE_LEX)
                continue;
            else
                b = TK_STOP;
        }
        for (uint32_t t = f->tok_begin; t < f->tok_end; t++)
            bits[t] |= b;
    }
    for (size_t i = 0; i < cands->n; i++) {
        const nerve__cand *c = &cands->v[i];
        if (c->tok_begin < first || c->tok_end > end)
            continue;
        uint32_t b = c->source == NERVE_SOURCE_RULE ? TK_RULE
                     : c->type == NERVE_TYPE_LOC    ? TK_PLACE
                                                    : TK_OTHER;
        if (b == TK_OTHER && c->entry != UINT32_MAX) {
            nerve__entry pe; /* a town made a team in sports is still a place part */
            nerve__gaz_entry(gs, c->entry, &pe);
            if (pe.type == NERVE_TYPE_LOC)
                b = TK_PLACE;
            else if (pe.type == NERVE_TYPE_PER && c->tok_end - c->tok_begin == 1)
                b = TK_PERONE; /* "Naina Yeltsin" is another Yeltsin */
        }
        if (b == TK_PLACE && c->tok_end - c->tok_begin == 1 && c->entry != UINT32_MAX) {
            /* a small town of one word is as likely a surname: "Geir Moen" */
            nerve__entry en;
            nerve__gaz_entry(gs, c->entry, &en);
            if (entry_rank(&en) <= 1 && en.population < 100000)
                continue;
        }
        for (size_t t = c->tok_begin; t < c->tok_end; t++)
            bits[t - first] |= b;
        if (b == TK_PLACE)
            bits[c->tok_begin - first] |= TK_PBEGIN;
    }
    /* articles are function words even where a longer gazetteer match hides
     * their lexicon entry ("The U.S.") */
    for (size_t t = first; t < end; t++)
        if (mword(in, &tok[t], NERVE__MW_ARTICLE))
            bits[t - first] |= TK_FUNC;
    /* Headlines in capitals: every word is capitalized, so runs mean little. */
    size_t lower = 0, caps = 0;
    for (size_t t = first; t < end; t++) {
        if (tok[t].kind != NERVE_TOKEN_WORD)
            continue;
        if (tok[t].flags & NERVE_TOK_ALLCAPS)
            caps += tok[t].norm_len > 1;
        else
            lower++;
    }
    int headline = (lower == 0 && caps >= 1) ||
                   nerve__title_headline(tok, in->ntok, tok[first].sentence, first, end);
    /* A headline is read without its case: there an English word is a word
     * ("WIGAN BEAT BRADFORD" is two names), unless it is a known place or a
     * given name; names the body uses are found again by document linking. */
    if (headline)
        for (size_t t = 0; t < ns; t++)
            if ((bits[t] & TK_DICT) && !(bits[t] & (TK_PLACE | TK_GIVEN)))
                bits[t] |= TK_STOP;
    size_t last_org_end = (size_t)-1, last_list_end = (size_t)-1;

    for (size_t i = first; i < end;) {
        uint32_t bi = bits[i - first];
        if (!is_capword(&tok[i]) || (bi & (TK_STOP | TK_FUNC | TK_RULE | TK_OTHER | TK_ROMAN))) {
            i++;
            continue;
        }
        size_t j = i + 1;
        size_t unknown = (bi & TK_PLACE) ? 0 : 1, places = (bi & TK_PBEGIN) ? 1 : 0;
        int has_connector = 0, surname = 0;
        while (j < end && !(tok[j].flags & NERVE_TOK_LINE_START)) {
            uint32_t bj = bits[j - first];
            if ((bj & TK_PERONE) && is_capword(&tok[j])) {
                surname = 1; /* a name run holding a known surname: a person */
                j++;
                continue;
            }
            if (is_capword(&tok[j]) && !(bj & (TK_STOP | TK_FUNC | TK_RULE | TK_OTHER))) {
                unknown += !(bj & TK_PLACE);
                places += (bj & TK_PBEGIN) ? 1 : 0;
                j++;
                continue;
            }
            if (is_particle_name(in, &tok[j])) {
                has_connector |= 2; /* "Abdullah al-Dakhil" */
                unknown++;
                j++;
                continue;
            }
            /* "Banque Arabe de Tunis": after an organization head a particle
             * may join a place */
            uint32_t place_ok = 0;
            for (size_t h = i; h < j; h++)
                place_ok |= (bits[h - first] & TK_SUFFIX) ? TK_PLACE : 0;
            if (j + 1 < end && !(tok[j].flags & NERVE_TOK_CAPITALIZED) && is_capword(&tok[j + 1]) &&
                !(bits[j + 1 - first] &
                  (TK_STOP | TK_FUNC | TK_RULE | TK_OTHER | (TK_PLACE & ~place_ok))) &&
                (sword(in, sc, first, j, NERVE__CLS_NAME_PARTICLE) ||
                 sword(in, sc, first, j, NERVE__CLS_ORG_CONNECTOR))) {
                /* "of", "&" join organization names; de, van, bin ... people's */
                has_connector |= sword(in, sc, first, j, NERVE__CLS_ORG_CONNECTOR) ? 1 : 2;
                j++;
                continue;
            }
            break;
        }
        /* a place candidate that runs past the end is not cut */
        while (j < end && (bits[j - first] & TK_PLACE) && !(bits[j - first] & TK_PBEGIN))
            j++;
        size_t b = i, e = j;
        i = j;
        const nerve_token *prev = b > first ? &tok[b - 1] : NULL;
        const nerve_token *next = e < end ? &tok[e] : NULL;
        /* a sentence opener alone (also after an opening quote): ordinary
         * capitalization, unless a speech verb or a possessive follows */
        int opener = (tok[b].flags & NERVE_TOK_SENT_START) ||
                     (prev && (prev->flags & (NERVE_TOK_OPEN_QUOTE | NERVE_TOK_CLOSE_QUOTE)) &&
                      (b - 1 == first || (tok[b - 1].flags & NERVE_TOK_SENT_START))) ||
                     (prev && (tok_is(prev, ":") || tok_is(prev, "-")));
        /* "Benetton ( Italy )": a place in parentheses after the word */
        int place_in_parens = e + 2 < end && tok[e].kind == NERVE_TOKEN_PUNCT &&
                              tok[e].norm_len == 1 && tok[e].norm[0] == '(' &&
                              (bits[e + 1 - first] & TK_PBEGIN) && tok[e + 2].norm_len == 1 &&
                              tok[e + 2].norm[0] == ')';
        if (opener && e - b == 1 && !(cx->sports && score_context(in, sc, first, end, b, e)) &&
            !(next && (sword(in, sc, first, e, NERVE__CLS_SPEECH_VERB) ||
                       (next->flags & NERVE_TOK_POSSESSIVE))))
            continue;
        if (unknown == 0)
            continue; /* the gazetteer's places stand as they are */
        /* what the run is like; rules/mentions.tsv decides what it is */
        const nerve__mention_lexicon *lx = in->model->mentions;
        size_t len = e - b;
        uint32_t misc = 0;
        for (size_t t = b; t < e; t++)
            misc |= bits[t - first] & TK_MISC;
        uint64_t pr = 0;
#define PRED(cond, p) (pr |= (cond) ? (uint64_t)1 << NERVE__FB_##p : 0)
        PRED(len == 1, ONE_WORD);
        PRED(len >= 2, TWO_WORDS);
        PRED(len >= 3, THREE_WORDS);
        PRED(len >= 4, FOUR_WORDS);
        PRED(headline, HEADLINE);
        PRED(opener, OPENER);
        PRED(surname, SURNAME);
        PRED(places, PLACES);
        PRED(misc, MISC_HEAD);
        PRED(bits[e - 1 - first] & TK_LOCSUF, LOC_SUFFIX_LAST);
        PRED(bits[e - 1 - first] & TK_SUFFIX, ORG_SUFFIX_LAST);
        PRED(bits[b - first] & TK_SUFFIX, ORG_SUFFIX_FIRST);
        PRED(has_head_bits(bits + (b - first), len), HEAD_WORD);
        PRED(bits[b - first] & TK_PPREFIX, PLACE_PREFIX_FIRST);
        PRED((tok[b].flags & NERVE_TOK_ABBREV) && tok[b].norm_len <= 3, INITIAL);
        PRED(has_connector, JOINED);
        PRED(has_connector == 2, PARTICLE);
        PRED(bits[b - first] & TK_DICT, ENGLISH_FIRST);
        PRED(all_bits(bits + (b - first), len, TK_DICT), ALL_ENGLISH);
        PRED(bits[e - 1 - first] & TK_COMMON, COMMON_LAST);
        /* "Director of National Security and Territorial Surveillance" */
        PRED(prev && !(prev->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)) &&
                 b >= first + 2 && is_capword(&tok[b - 2]) &&
                 nerve__mention_word(lx, NERVE__MW_ORG_PREP, prev->norm, prev->norm_len),
             AFTER_OF);
        PRED(prev && last_org_end == b - 1 &&
                 nerve__mention_word(lx, NERVE__MW_AND, prev->norm, prev->norm_len),
             AFTER_AND_ORG);
        /* "French companies Rhone-Poulenc, Pechiney and Imec": after a noun
         * for organizations, and each member of the list that follows */
        int org_list =
            prev && (nerve__mention_word(lx, NERVE__MW_ORG_GROUP, prev->norm, prev->norm_len) ||
                     (last_list_end == b - 1 &&
                      (is_punct_tok(prev, ',') ||
                       nerve__mention_word(lx, NERVE__MW_AND, prev->norm, prev->norm_len))));
        PRED(org_list, ORG_LIST);
        PRED(next && sword(in, sc, first, e, NERVE__CLS_SPEECH_VERB), SAID);
        PRED(cx->sports && score_context(in, sc, first, end, b, e), SCORE);
        PRED(len == 1 && (tok[b].flags & NERVE_TOK_ALLCAPS) && tok[b].norm_len >= 2 &&
                 tok[b].norm_len <= 6 && !memchr(tok[b].norm, '.', tok[b].norm_len),
             ACRONYM_SHAPE);
        PRED(prev && !(prev->flags & NERVE_TOK_ALLCAPS) &&
                 sword(in, sc, first, b - 1, NERVE__CLS_VENUE_PREP),
             AFTER_VENUE_PREP);
        PRED(prev && next && (prev->flags & NERVE_TOK_OPEN_QUOTE) &&
                 (next->flags & NERVE_TOK_CLOSE_QUOTE),
             QUOTED);
        PRED(cx->sports, SPORTS);
        PRED(bits[b - first] & TK_GIVEN, GIVEN_FIRST);
        PRED(bits[b - first] & TK_GAZPLACE, PLACE_NAME_FIRST);
        PRED(prev && is_capword(prev), AFTER_NAME);
        PRED(place_in_parens, PLACE_IN_PARENS);
#undef PRED
        const nerve__fb_decision *d = nerve__fb_decide(lx, pr);
        if (!d || d->type == NERVE_TYPE_NONE)
            continue;
        int type = d->type;
        if (type == NERVE_TYPE_ORG)
            last_org_end = e;
        if (type == NERVE_TYPE_ORG && org_list)
            last_list_end = e;
        nerve__cand c;
        memset(&c, 0, sizeof c);
        c.tok_begin = b;
        c.tok_end = e;
        c.type = type;
        c.priority = -3;
        c.source = NERVE_SOURCE_RULE;
        c.entry = UINT32_MAX;
        c.rule = d->name;
        c.rule_file = lx->file;
        c.rule_line = d->line;
        c.confidence = 0.4f;
        if (nerve__vec_push(sc->al, cands, c) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    return NERVE_OK;
}

/* In a sports document a town or county names its team ("Surrey beat
 * Kent", "CHICAGO 72 64 .529"), except as a place: after "in", "at" ...,
 * in a dateline ("MILWAUKEE , Wisconsin 1996-08-31"). Countries stay places. */
static int sports_team_place(const nerve__view *in, nerve__entities_scratch *sc,
                             const nerve__entry *en, size_t first, size_t end, size_t b, size_t e)
{
    const nerve_token *tok = in->tok;
    if (en->type != NERVE_TYPE_LOC || entry_rank(en) > 1)
        return 0;
    if (b > first && sword(in, sc, first, b - 1, NERVE__CLS_VENUE_PREP))
        return 0; /* "at Headingley", "LOS ANGELES AT PHILADELPHIA" (the venue) */
    /* an article makes the town a modifier ("the Berlin meeting"), a
     * direction a destination */
    if (b > first && (mword(in, &tok[b - 1], NERVE__MW_DEFINITE) ||
                      sword(in, sc, first, b - 1, NERVE__CLS_TOWARD_WORD)))
        return 0; /* "the Berlin grand prix", "the trip to Sarajevo" */
    if (e < end && tok_is(&tok[e], ",") && (e + 1 >= end || !is_numeric(&tok[e + 1])))
        return 0; /* "MILWAUKEE , Wisconsin", "Leeds , England" */
    if (b > first && tok_is(&tok[b - 1], ",") && !(e < end && is_numeric(&tok[e])))
        return 0; /* but ", Leicestershire 296" is a team and its score */
    if (e < end && tok[e].kind == NERVE_TOKEN_NUMBER && tok[e].norm_len >= 8)
        return 0; /* dateline "LONDON 1996-08-30" */
    if (e < end && tok_is(&tok[e], "("))
        return 0;
    return 1;
}

static int cand_order(const void *pa, const void *pb)
{
    const nerve__cand *a = pa, *b = pb;
    size_t la = a->tok_end - a->tok_begin, lb = b->tok_end - b->tok_begin;
    if (la != lb)
        return la > lb ? -1 : 1;
    if (a->priority != b->priority)
        return a->priority > b->priority ? -1 : 1;
    if (a->source != b->source)
        return a->source == NERVE_SOURCE_RULE ? -1 : 1;
    return a->tok_begin < b->tok_begin ? -1 : a->tok_begin > b->tok_begin;
}

/* The conflict policy (see the file comment). taken[] marks used tokens. */
static int choose_candidates(const nerve__view *in, const nerve_allocator *al,
                             nerve__mentions_out *out, nerve__cand_vec *cands, unsigned char *taken)
{
    if (cands->n > 1)
        qsort(cands->v, cands->n, sizeof *cands->v, cand_order);
    for (size_t i = 0; i < cands->n; i++) {
        const nerve__cand *c = &cands->v[i];
        int free_span = 1;
        for (size_t t = c->tok_begin; t < c->tok_end && free_span; t++)
            free_span = !taken[t];
        if (!free_span)
            continue;
        memset(taken + c->tok_begin, 1, c->tok_end - c->tok_begin);
        int rc = nerve__entities_add_mention(in, al, out, c);
        if (rc != NERVE_OK)
            return rc;
    }
    return NERVE_OK;
}

int nerve__entities_add_mention(const nerve__view *in, const nerve_allocator *al,
                                nerve__mentions_out *out, const nerve__cand *c)
{
    nerve_mention mention;
    memset(&mention, 0, sizeof mention);
    mention.span = nerve__token_range_span(in->tok, c->tok_begin, c->tok_end);
    mention.type = c->type;
    mention.subtype = c->subtype;
    mention.sentence = in->tok[c->tok_begin].sentence;
    mention.token_begin = c->tok_begin;
    mention.token_end = c->tok_end;
    mention.entity = NERVE_NONE;
    mention.canonical = c->canonical;
    mention.rule = c->rule;
    mention.source = c->source;
    mention.confidence = c->confidence;
    /* the trace: a gazetteer decision to its TSV line, a rule's to the rule */
    if (c->entry != UINT32_MAX && (c->source == NERVE_SOURCE_GAZETTEER || !c->rule_file)) {
        nerve__entry en;
        nerve__gaz_entry(in->model->gaz, c->entry, &en);
        mention.origin_file = en.origin_file;
        mention.origin_line = en.origin_line;
    } else if (c->rule_file) {
        mention.origin_file = c->rule_file;
        mention.origin_line = c->rule_line;
    }
    if (c->title_end > c->title_begin) {
        nerve_span ts = nerve__token_range_span(in->tok, c->title_begin, c->title_end);
        mention.title = nerve__arena_strndup(out->arena, in->text + ts.start, ts.end - ts.start);
        if (!mention.title)
            return NERVE_ENOMEM;
    }
    if (nerve__vec_push(al, out->mentions, mention) != NERVE_OK)
        return NERVE_ENOMEM;
    return nerve__vec_push(al, out->entry, c->entry);
}

int nerve__entities_find(const nerve__view *in, nerve__entities_scratch *sc,
                         nerve__mentions_out *out)
{
    size_t ntok = in->ntok;
    sc->sent.limit_hits = 0;
    out->entry->n = 0;
    for (size_t i = 0; i < out->mentions->n; i++) /* temporal mentions have no entry */
        if (nerve__vec_push(sc->al, out->entry, UINT32_MAX) != NERVE_OK)
            return NERVE_ENOMEM;
    if (ntok == 0)
        return NERVE_OK;
    if (nerve__vec_reserve(sc->al, &sc->taken, ntok) != NERVE_OK)
        return NERVE_ENOMEM;
    unsigned char *taken = sc->taken.v;
    memset(taken, 0, ntok);
    for (size_t i = 0; i < out->mentions->n; i++)
        memset(taken + out->mentions->v[i].token_begin, 1,
               out->mentions->v[i].token_end - out->mentions->v[i].token_begin);
    size_t gi_feat = 0, gi_cand = 0;
    ent_ctx cx;
    cx.sports = sports_document(in);
    cx.when = in->dct ? in->dct->year * 10000 + in->dct->month * 100 + in->dct->day : 0;
    for (size_t s = 0; s < in->nsent; s++) {
        const nerve_sentence *se = &in->sent[s];
        sc->cands.n = 0;
        int rc = nerve__sentence_features(&sc->sent, in, s, &gi_feat, 1);
        /* a text without case gives the name rules and the fallback for
         * capitalized words nothing to read: its names are the gazetteer's */
        if (rc == NERVE_OK && !in->caseless)
            rc = rule_candidates(in, sc, s, &sc->cands);
        if (rc == NERVE_OK)
            rc = gazetteer_candidates(in, sc, &cx, se->token_begin,
                                      se->token_begin + se->token_count, &gi_cand, &sc->cands);
        if (rc == NERVE_OK && !in->caseless)
            rc = fallback_candidates(in, sc, &cx, se->token_begin,
                                     se->token_begin + se->token_count, &sc->cands);
        if (rc == NERVE_OK)
            rc = choose_candidates(in, sc->al, out, &sc->cands, taken);
        if (rc != NERVE_OK)
            return rc;
    }
    out->limit_hits += sc->sent.limit_hits;
    return NERVE_OK;
}
