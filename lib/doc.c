/*
 * doc.c - a document's lifecycle and the pipeline driver: text checks,
 * tokens, gazetteer lookup, tags, mentions, entities, events, parse. The
 * driver hands each stage the model, a view of the earlier results and the
 * stage's own scratch; each stage appends to its own arrays of the doc. On
 * any failure every array is emptied so a caller never sees half a result.
 */
#include "doc.h"
#include "error.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

int nerve_doc_new(nerve_model *model, nerve_doc **out, nerve_error *err)
{
    if (!out)
        return nerve__error_set(err, NERVE_EINVAL, 0, "out is NULL");
    *out = NULL;
    if (!model)
        return nerve__error_set(err, NERVE_EINVAL, 0, "model is NULL");
    int rc = nerve_model_freeze(model, err);
    if (rc != NERVE_OK)
        return rc;
    nerve_doc *doc = nerve__calloc(&model->al, 1, sizeof *doc);
    if (!doc)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    doc->model = model;
    doc->al = &model->al;
    nerve__arena_init(&doc->arena, doc->al);
    rc = nerve__entities_scratch_new(model, doc->al, &doc->ent_scratch);
    if (rc == NERVE_OK)
        rc = nerve__link_scratch_new(doc->al, &doc->link_scratch);
    if (rc == NERVE_OK)
        rc = nerve__events_scratch_new(model, doc->al, &doc->ev_scratch);
    if (rc == NERVE_OK && model->syntax)
        rc = nerve__syntax_scratch_new(doc->al, &doc->syn);
    if (rc != NERVE_OK) {
        nerve_doc_free(doc);
        return nerve__error_set(err, rc, 0, "out of memory");
    }
    *out = doc;
    return NERVE_OK;
}

void nerve_doc_free(nerve_doc *doc)
{
    if (!doc)
        return;
    const nerve_allocator *al = doc->al;
    nerve__arena_free(&doc->arena);
    nerve__vec_free(al, &doc->text);
    nerve__vec_free(al, &doc->id_buf);
    nerve__tokens_free(al, &doc->tokens);
    nerve__gaz_matches_free(al, &doc->gaz);
    nerve__gaz_matches_free(al, &doc->gaz_block);
    nerve__vec_free(al, &doc->mentions);
    nerve__vec_free(al, &doc->entities.ent);
    nerve__vec_free(al, &doc->entities.members);
    nerve__vec_free(al, &doc->events);
    nerve__vec_free(al, &doc->args);
    nerve__vec_free(al, &doc->evidence);
    nerve__entities_scratch_free(doc->ent_scratch);
    nerve__link_scratch_free(doc->link_scratch);
    nerve__events_scratch_free(doc->ev_scratch);
    nerve__vec_free(al, &doc->mention_entry);
    nerve__syntax_scratch_free(al, doc->syn);
    nerve__vec_free(al, &doc->syn_want);
    nerve__free(al, doc);
}

/* Empty what the stages produced (the arena too), keeping the input. */
static void clear_stages(nerve_doc *doc)
{
    nerve__arena_reset(&doc->arena);
    doc->tokens.tok.n = 0;
    doc->tokens.sent.n = 0;
    doc->tokens.norm.n = 0;
    doc->gaz.m.n = 0;
    doc->gaz.ids.n = 0;
    doc->mentions.n = 0;
    doc->mention_entry.n = 0;
    doc->entities.ent.n = 0;
    doc->entities.members.n = 0;
    doc->events.n = 0;
    doc->args.n = 0;
    doc->evidence.n = 0;
    doc->limit_hits = 0;
}

static void clear_results(nerve_doc *doc)
{
    clear_stages(doc);
    doc->text.n = 0;
    doc->doc_id = NULL;
    doc->id_buf.n = 0;
    doc->has_dct = 0;
    doc->dct_str[0] = '\0';
}

/* Whether p lies in the doc's copy of the text (its whole capacity). Compared
 * as integers: the caller's pointer may belong to any object. */
static int in_text_buffer(const nerve_doc *doc, const char *p)
{
    uintptr_t b = (uintptr_t)doc->text.v, q = (uintptr_t)p;
    return doc->text.v && q >= b && q - b < doc->text.cap;
}

/* Copy the caller's text into doc->text. The text may be the doc's own
 * (nerve_doc_text() + k, from the previous call): then it is moved within the
 * buffer, which is large enough and must not be reallocated under it. */
static int take_text(nerve_doc *doc, const char *text, size_t len, nerve_error *err)
{
    if (in_text_buffer(doc, text)) {
        size_t k = (size_t)((uintptr_t)text - (uintptr_t)doc->text.v);
        if (len > doc->text.n || k > doc->text.n - len)
            return nerve__error_set(err, NERVE_EINVAL, 0,
                                    "text lies in the doc's own text but runs past its end "
                                    "(offset %zu, %zu bytes, %zu held)",
                                    k, len, doc->text.n);
        memmove(doc->text.v, text, len);
        doc->text.n = len;
        doc->text.v[len] = '\0';
        return NERVE_OK;
    }
    doc->text.n = 0;
    /* exactly the text and its NUL when it must grow: no geometric slack */
    if (len >= doc->text.cap &&
        (len == SIZE_MAX || nerve__vec_resize(doc->al, &doc->text, len + 1) != NERVE_OK))
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory copying the text");
    if (nerve__buf_append(doc->al, &doc->text, text ? text : "", len) != NERVE_OK)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory copying the text");
    return NERVE_OK;
}

/* nerve__vec_shrink for the buffer the tokens' norm pointers point into:
 * they are moved with it. */
static void shrink_norms(nerve_doc *doc)
{
    nerve__buf *nb = &doc->tokens.norm;
    if (nb->cap - nb->n <= ((size_t)64 << 10))
        return;
    uintptr_t old = (uintptr_t)nb->v;
    if (nerve__vec_resize(doc->al, nb, nb->n) != NERVE_OK || (uintptr_t)nb->v == old)
        return;
    nerve_token *t = doc->tokens.tok.v;
    for (size_t i = 0; i < doc->tokens.tok.n; i++)
        t[i].norm = nb->v + ((uintptr_t)t[i].norm - old);
}

/* Tokens per gazetteer lookup (whole sentences; a longer sentence alone). */
#define GAZ_BLOCK_TOKENS 16384

/* The gazetteer lookup over blocks of whole sentences: its scratch (about 28
 * bytes a token) then has the size of a block, not of the document, at the
 * point where the document already holds its tokens. Names never cross a
 * sentence end, so the matches are those of one lookup over the document:
 * each block's are appended with its first token and first id added. */
int nerve__doc_run_gaz(nerve_doc *doc)
{
    const nerve__gazset *gs = doc->model->gaz;
    const nerve_token *tok = doc->tokens.tok.v;
    const nerve_sentence *sent = doc->tokens.sent.v;
    size_t ntok = doc->tokens.tok.n, nsent = doc->tokens.sent.n;
    nerve__gaz_matches *out = &doc->gaz, *blk = &doc->gaz_block;
    out->caseless = blk->caseless = doc->tokens.caseless;
    if (ntok <= GAZ_BLOCK_TOKENS)
        return nerve__gaz_lookup(gs, doc->al, doc->text.v, tok, ntok, out);
    out->m.n = 0;
    out->ids.n = 0;
    size_t b = 0, si = 0;
    while (b < ntok) {
        /* the block ends at the last sentence end within the budget, or
         * after the sentence holding token b */
        size_t e = ntok;
        while (si < nsent && sent[si].token_begin + sent[si].token_count <= b)
            si++;
        if (ntok - b > GAZ_BLOCK_TOKENS) {
            e = si < nsent ? sent[si].token_begin + sent[si].token_count : ntok;
            for (size_t k = si + 1; k < nsent; k++) {
                size_t ke = sent[k].token_begin + sent[k].token_count;
                if (ke - b > GAZ_BLOCK_TOKENS)
                    break;
                e = ke;
            }
            if (e <= b)
                e = ntok;
        }
        if (nerve__gaz_lookup(gs, doc->al, doc->text.v, tok + b, e - b, blk) != NERVE_OK)
            return NERVE_ENOMEM;
        size_t m0 = out->m.n, id0 = out->ids.n;
        if (nerve__vec_reserve(doc->al, &out->m, m0 + blk->m.n) != NERVE_OK ||
            nerve__vec_reserve(doc->al, &out->ids, id0 + blk->ids.n) != NERVE_OK)
            return NERVE_ENOMEM;
        for (size_t k = 0; k < blk->m.n; k++) {
            nerve__gaz_match g = blk->m.v[k];
            g.tok_begin += (uint32_t)b;
            g.tok_end += (uint32_t)b;
            g.first += (uint32_t)id0;
            out->m.v[m0 + k] = g;
        }
        if (blk->ids.n)
            memcpy(out->ids.v + id0, blk->ids.v, blk->ids.n * sizeof *blk->ids.v);
        out->m.n = m0 + blk->m.n;
        out->ids.n = id0 + blk->ids.n;
        b = e;
    }
    nerve__vec_shrink(doc->al, &out->m);
    nerve__vec_shrink(doc->al, &out->ids);
    return NERVE_OK;
}

/* The syntax stage on demand for the rules (nerve__rules_syntax_fn over the
 * doc): a rule that needs a sentence's tags (`[pos=...]`) or, at level
 * NERVE__RULES_NEED_PARSE, its parse has the doc's sentence that the rule
 * sentence lies in tagged or parsed in place, once; so only the sentences
 * such rules can match are tagged and parsed. Without a syntax model it does
 * nothing (such rules then never match). */
static int syntax_hook(void *ctx, const nerve__rsent *sent, int level)
{
    nerve_doc *doc = ctx;
    const nerve__syntax *m = doc->model->syntax;
    if (!m || !doc->syn || sent->ntok == 0)
        return NERVE_OK;
    size_t k = sent->tok[0].sentence;
    if (k >= doc->tokens.sent.n)
        return NERVE_OK;
    const nerve_sentence *s = &doc->tokens.sent.v[k];
    nerve_token *tok = doc->tokens.tok.v + s->token_begin;
    if (sent->tok != tok)
        return NERVE_OK; /* not the doc's tokens: nothing to write */
    return nerve__syntax_sentence(m, doc->syn, doc->text.v, tok, s->token_count, s->token_begin,
                                  level >= NERVE__RULES_NEED_PARSE);
}

/* The view of the doc's results so far that the later stages read. */
static nerve__view doc_view(nerve_doc *doc)
{
    nerve__view v;
    v.model = doc->model;
    v.text = doc->text.v ? doc->text.v : "";
    v.text_len = doc->text.n;
    v.tok = doc->tokens.tok.v;
    v.ntok = doc->tokens.tok.n;
    v.sent = doc->tokens.sent.v;
    v.nsent = doc->tokens.sent.n;
    v.gaz = doc->gaz.m.v;
    v.ngaz = doc->gaz.m.n;
    v.gaz_ids = doc->gaz.ids.v;
    v.ment = doc->mentions.v;
    v.nment = doc->mentions.n;
    v.ent = doc->entities.ent.v;
    v.nent = doc->entities.ent.n;
    v.dct = doc->has_dct ? &doc->dct : NULL;
    v.caseless = doc->tokens.caseless;
    v.syntax = syntax_hook;
    v.syntax_ctx = doc;
    return v;
}

static nerve__mentions_out mentions_out(nerve_doc *doc)
{
    nerve__mentions_out out = {&doc->mentions, &doc->mention_entry, &doc->arena, 0};
    return out;
}

int nerve__doc_run_entities(nerve_doc *doc)
{
    nerve__view v = doc_view(doc);
    nerve__mentions_out out = mentions_out(doc);
    int rc = nerve__entities_find(&v, doc->ent_scratch, &out);
    doc->limit_hits += out.limit_hits;
    return rc;
}

int nerve__doc_run_link(nerve_doc *doc)
{
    nerve__view v = doc_view(doc);
    nerve__mentions_out out = mentions_out(doc);
    return nerve__entities_link(&v, doc->link_scratch, &out, &doc->entities);
}

int nerve__doc_run_events(nerve_doc *doc, uint32_t flags)
{
    nerve__view v = doc_view(doc);
    nerve__events_out out = {&doc->events, &doc->args, &doc->evidence, 0};
    int rc =
        nerve__events_find(&v, (flags & NERVE_OPT_INCOMPLETE_EVENTS) != 0, doc->ev_scratch, &out);
    doc->limit_hits += out.limit_hits;
    return rc;
}

/* Parse every sentence when asked, else those that hold an event. */
static int parse(nerve_doc *doc, uint32_t flags)
{
    const unsigned char *want = NULL;
    size_t nsent = doc->tokens.sent.n;
    if (nsent == 0)
        return NERVE_OK; /* no sentence (and syn_want may have no storage) */
    if (!(flags & NERVE_OPT_PARSE_ALL)) {
        if (nerve__vec_reserve(doc->al, &doc->syn_want, nsent) != NERVE_OK)
            return NERVE_ENOMEM;
        memset(doc->syn_want.v, 0, nsent);
        for (size_t i = 0; i < doc->events.n; i++)
            if (doc->events.v[i].sentence < nsent)
                doc->syn_want.v[doc->events.v[i].sentence] = 1;
        want = doc->syn_want.v;
        if (doc->events.n == 0)
            return NERVE_OK;
    }
    return nerve__syntax_run_parse(doc->model->syntax, doc->syn, doc->text.v, doc->tokens.tok.v,
                                   doc->tokens.tok.n, doc->tokens.sent.v, nsent, want);
}

static int run_pipeline(nerve_doc *doc, uint32_t flags, nerve_error *err)
{
    const nerve_model *m = doc->model;
    if (nerve__tokenize(doc->al, doc->model->toklex, doc->text.v, doc->text.n, &doc->tokens) !=
        NERVE_OK)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory while tokenizing");
    /* Tokens are the largest array a document keeps (48 bytes each): give
     * back the growth slack before the later stages allocate theirs. (The
     * norm buffer stays: the tokens point into it.) */
    nerve__vec_shrink(doc->al, &doc->tokens.tok);
    nerve__vec_shrink(doc->al, &doc->tokens.sent);
    shrink_norms(doc);
    nerve_token *tok = doc->tokens.tok.v;
    size_t ntok = doc->tokens.tok.n;
    for (size_t i = 0; i < ntok; i++) { /* no syntax until the stage runs */
        tok[i].pos = NERVE_POS_NONE;
        tok[i].dep = NERVE_DEP_NONE;
        tok[i].head = NERVE_NONE;
    }
    if (flags & NERVE_OPT_TOKENS_ONLY)
        return NERVE_OK;
    int syntax = m->syntax && (flags & (NERVE_OPT_SYNTAX | NERVE_OPT_PARSE_ALL));
    if (syntax && nerve__syntax_run_tags(m->syntax, doc->syn, doc->text.v, tok, ntok,
                                         doc->tokens.sent.v, doc->tokens.sent.n) != NERVE_OK)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory while tagging");
    if (nerve__doc_run_gaz(doc) != NERVE_OK)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory in gazetteer lookup");
    if (m->timex) {
        int rc = nerve__timex_find(m->timex, doc->al, &doc->arena, doc->text.v, doc->tokens.tok.v,
                                   doc->tokens.tok.n, doc->tokens.sent.v, doc->tokens.sent.n,
                                   doc->has_dct ? &doc->dct : NULL, &doc->mentions);
        if (rc != NERVE_OK)
            return nerve__error_set(err, rc, 0, "temporal expressions: %s", nerve_strerror(rc));
    }
    int rc = nerve__doc_run_entities(doc);
    if (rc == NERVE_OK)
        rc = nerve__doc_run_link(doc);
    /* linking adds mentions (surnames, headline names: about a third more
     * in news): the growth slack is given back after it, not before, where
     * the first addition would double the array */
    if (rc == NERVE_OK)
        nerve__vec_shrink(doc->al, &doc->mentions);
    if (rc == NERVE_OK)
        rc = nerve__doc_run_events(doc, flags);
    if (rc == NERVE_OK && syntax)
        rc = parse(doc, flags);
    if (rc != NERVE_OK)
        return nerve__error_set(err, rc, 0, "%s", nerve_strerror(rc));
    if (doc->limit_hits)
        return nerve__error_set(err, NERVE_ELIMIT, 0,
                                "%u rule matches abandoned at the PCRE2 match or depth limit",
                                (unsigned)doc->limit_hits);
    return NERVE_OK;
}

int nerve_doc_process(nerve_doc *doc, const char *text, size_t len, const nerve_options *opts,
                      nerve_error *err)
{
    if (!doc)
        return nerve__error_set(err, NERVE_EINVAL, 0, "doc is NULL");
    /* Every input is copied into storage outside the arena before the
     * previous results are dropped: text, id and date may point into them
     * (the doc's own text, a mention's string). */
    int rc = NERVE_OK;
    if (!text && len) {
        rc = nerve__error_set(err, NERVE_EINVAL, 0, "text is NULL but len is %zu", len);
        goto fail;
    }
    uint32_t flags = opts ? opts->flags : 0;
    if (flags & ~(uint32_t)NERVE_OPT_ALL_) {
        rc = nerve__error_set(err, NERVE_EINVAL, 0, "unknown option flags 0x%x",
                              (unsigned)(flags & ~(uint32_t)NERVE_OPT_ALL_));
        goto fail;
    }
    if (len > doc->model->limits.max_text) {
        rc = nerve__error_set(err, NERVE_ETOOBIG, 0, "text of %zu bytes exceeds the limit of %zu",
                              len, doc->model->limits.max_text);
        goto fail;
    }
    nerve__date dct;
    char dct_str[11] = "";
    if (opts && opts->dct) {
        if (nerve__date_parse(opts->dct, &dct) != NERVE_OK) {
            rc = nerve__error_set(err, NERVE_EDATE, 0,
                                  "document date \"%.32s\" is not a valid YYYY-MM-DD date",
                                  opts->dct);
            goto fail;
        }
        if (dct.year < NERVE__DCT_MIN_YEAR || dct.year > NERVE__DCT_MAX_YEAR) {
            rc = nerve__error_set(err, NERVE_EDATE, 0,
                                  "document date \"%.32s\" is outside the supported years "
                                  "%d to %d",
                                  opts->dct, NERVE__DCT_MIN_YEAR, NERVE__DCT_MAX_YEAR);
            goto fail;
        }
        memcpy(dct_str, opts->dct, 10);
    }
    doc->id_buf.n = 0;
    if (opts && opts->doc_id &&
        nerve__buf_append(doc->al, &doc->id_buf, opts->doc_id, strlen(opts->doc_id)) != NERVE_OK) {
        rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
        goto fail;
    }
    size_t bad = nerve__utf8_first_invalid(text ? text : "", len);
    if (bad < len && !(flags & NERVE_OPT_REPLACE_INVALID)) {
        rc = nerve__error_set(err, NERVE_EUTF8, bad, "invalid UTF-8 at byte offset %zu", bad);
        goto fail;
    }
    rc = take_text(doc, text, len, err);
    if (rc != NERVE_OK)
        goto fail;
    clear_stages(doc);
    doc->doc_id = opts && opts->doc_id ? doc->id_buf.v : NULL;
    doc->has_dct = opts && opts->dct;
    if (doc->has_dct) {
        doc->dct = dct;
        memcpy(doc->dct_str, dct_str, sizeof dct_str);
    } else {
        doc->dct_str[0] = '\0';
    }
    rc = run_pipeline(doc, flags, err);
    if (rc == NERVE_OK || rc == NERVE_ELIMIT)
        return rc;
fail:
    clear_results(doc);
    return rc;
}

#define ACCESSOR(fn, type, field)                                                                  \
    const type *fn(const nerve_doc *doc, size_t *count)                                            \
    {                                                                                              \
        if (count)                                                                                 \
            *count = doc ? doc->field.n : 0;                                                       \
        return doc ? doc->field.v : NULL;                                                          \
    }

ACCESSOR(nerve_doc_sentences, nerve_sentence, tokens.sent)
ACCESSOR(nerve_doc_tokens, nerve_token, tokens.tok)
ACCESSOR(nerve_doc_mentions, nerve_mention, mentions)
ACCESSOR(nerve_doc_entities, nerve_entity, entities.ent)
ACCESSOR(nerve_doc_entity_mentions, size_t, entities.members)
ACCESSOR(nerve_doc_events, nerve_event, events)
ACCESSOR(nerve_doc_args, nerve_arg, args)
ACCESSOR(nerve_doc_evidence, nerve_span, evidence)

const char *nerve_doc_text(const nerve_doc *doc, size_t *len)
{
    if (len)
        *len = doc ? doc->text.n : 0;
    return doc && doc->text.v ? doc->text.v : "";
}
