/*
 * doc.c - a document's lifecycle and the pipeline driver: text checks,
 * tokens, gazetteer lookup, mentions, entities, events. Each stage appends to
 * the doc's arrays; on any failure every array is emptied so a caller never
 * sees half a result.
 */
#include "error.h"
#include "internal.h"
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
    rc = nerve__rules_scratch_new(model->rules, doc->al, &doc->rscratch);
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
    nerve__tokens_free(al, &doc->tokens);
    nerve__gaz_matches_free(al, &doc->gaz);
    nerve__vec_free(al, &doc->mentions);
    nerve__vec_free(al, &doc->entities.ent);
    nerve__vec_free(al, &doc->entities.members);
    nerve__vec_free(al, &doc->events);
    nerve__vec_free(al, &doc->args);
    nerve__vec_free(al, &doc->evidence);
    nerve__rules_scratch_free(doc->rscratch);
    nerve__rmatches_free(al, &doc->rmatches);
    nerve__vec_free(al, &doc->rfeat);
    nerve__vec_free(al, &doc->scratch_u32);
    nerve__vec_free(al, &doc->cands);
    nerve__vec_free(al, &doc->taken);
    nerve__vec_free(al, &doc->token_owner);
    nerve__vec_free(al, &doc->mention_entry);
    nerve__free(al, doc);
}

static void clear_results(nerve_doc *doc)
{
    nerve__arena_reset(&doc->arena);
    doc->text.n = 0;
    doc->doc_id = NULL;
    doc->has_dct = 0;
    doc->dct_str[0] = '\0';
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

nerve_span nerve__token_range_span(const nerve_doc *doc, size_t b, size_t e)
{
    const nerve_token *t = doc->tokens.tok.v;
    nerve_span s = {t[b].span.start, t[e - 1].span.end, t[b].span.char_start,
                    t[e - 1].span.char_end};
    return s;
}

static int run_pipeline(nerve_doc *doc, uint32_t flags, nerve_error *err)
{
    const nerve_model *m = doc->model;
    if (nerve__tokenize(doc->al, doc->text.v, doc->text.n, &doc->tokens) != NERVE_OK)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory while tokenizing");
    if (flags & NERVE_OPT_TOKENS_ONLY)
        return NERVE_OK;
    if (nerve__gaz_lookup(m->gaz, doc->al, doc->text.v, doc->tokens.tok.v, doc->tokens.tok.n,
                          &doc->gaz) != NERVE_OK)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory in gazetteer lookup");
    if (m->timex) {
        int rc = nerve__timex_find(m->timex, doc->al, &doc->arena, doc->text.v, doc->tokens.tok.v,
                                   doc->tokens.tok.n, doc->tokens.sent.v, doc->tokens.sent.n,
                                   doc->has_dct ? &doc->dct : NULL, &doc->mentions);
        if (rc != NERVE_OK)
            return nerve__error_set(err, rc, 0, "temporal expressions: %s", nerve_strerror(rc));
    }
    int rc = nerve__entities_find(doc);
    if (rc == NERVE_OK)
        rc = nerve__entities_link(doc);
    if (rc == NERVE_OK)
        rc = nerve__events_find(doc);
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
    clear_results(doc);
    if (!text && len)
        return nerve__error_set(err, NERVE_EINVAL, 0, "text is NULL but len is %zu", len);
    uint32_t flags = opts ? opts->flags : 0;
    if (flags & ~(uint32_t)NERVE_OPT_ALL_)
        return nerve__error_set(err, NERVE_EINVAL, 0, "unknown option flags 0x%x",
                                (unsigned)(flags & ~(uint32_t)NERVE_OPT_ALL_));
    if (len > doc->model->limits.max_text)
        return nerve__error_set(err, NERVE_ETOOBIG, 0, "text of %zu bytes exceeds the limit of %zu",
                                len, doc->model->limits.max_text);
    if (opts && opts->dct) {
        if (nerve__date_parse(opts->dct, &doc->dct) != NERVE_OK)
            return nerve__error_set(err, NERVE_EDATE, 0,
                                    "document date \"%.32s\" is not a valid YYYY-MM-DD date",
                                    opts->dct);
        memcpy(doc->dct_str, opts->dct, 10);
        doc->dct_str[10] = '\0';
        doc->has_dct = 1;
    }
    if (opts && opts->doc_id) {
        doc->doc_id = nerve__arena_strndup(&doc->arena, opts->doc_id, strlen(opts->doc_id));
        if (!doc->doc_id)
            return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    }
    size_t bad = nerve__utf8_first_invalid(text ? text : "", len);
    if (bad < len && !(flags & NERVE_OPT_REPLACE_INVALID)) {
        clear_results(doc);
        return nerve__error_set(err, NERVE_EUTF8, bad, "invalid UTF-8 at byte offset %zu", bad);
    }
    if (nerve__buf_append(doc->al, &doc->text, text ? text : "", len) != NERVE_OK) {
        clear_results(doc);
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory copying the text");
    }
    int rc = run_pipeline(doc, flags, err);
    if (rc != NERVE_OK && rc != NERVE_ELIMIT)
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
