/*
 * output.c - the buffered writer (output_int.h), the JSON serializer
 * (document.schema.json), the human-readable summary, and nerve_doc_write,
 * which dispatches to them and to the HTML view (output_html.c), CoNLL and
 * CoNLL-U (output_conll.c) and brat standoff (output_brat.c). Everything is
 * written through the caller's sink in chunks from a fixed buffer.
 */
#include "error.h"
#include "output_int.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void nerve__w_flush(nerve__writer *w)
{
    if (w->n && !w->failed && w->write(w->ctx, w->buf, w->n) != 0)
        w->failed = 1;
    w->n = 0;
}

void nerve__w_raw(nerve__writer *w, const char *s, size_t n)
{
    while (n && !w->failed) {
        size_t room = sizeof w->buf - w->n;
        size_t k = n < room ? n : room;
        memcpy(w->buf + w->n, s, k);
        w->n += k;
        s += k;
        n -= k;
        if (w->n == sizeof w->buf)
            nerve__w_flush(w);
    }
}

/* Input text as UTF-8: invalid bytes (kept with NERVE_OPT_REPLACE_INVALID)
 * become U+FFFD so that every format stays valid UTF-8. */
void nerve__w_text(nerve__writer *w, const char *s, size_t n)
{
    while (n) {
        size_t bad = nerve__utf8_first_invalid(s, n);
        nerve__w_raw(w, s, bad);
        if (bad == n)
            return;
        nerve__w_raw(w, "\xef\xbf\xbd", 3);
        s += bad + 1;
        n -= bad + 1;
    }
}

void nerve__w_str(nerve__writer *w, const char *s)
{
    nerve__w_raw(w, s, strlen(s));
}

void nerve__w_fmt(nerve__writer *w, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        nerve__w_raw(w, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void nerve__w_field(nerve__writer *w, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            nerve__w_text(w, s + run, i - run);
            nerve__w_raw(w, " ", 1);
            run = i + 1;
        }
    }
    nerve__w_text(w, s + run, n - run);
}

/* Decimal digits by hand: offsets and indices are most of a document's JSON,
 * and vsnprintf for each was a third of the JSON writer's time (callgrind). */
static void w_size(nerve__writer *w, size_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    nerve__w_raw(w, tmp + i, sizeof tmp - i);
}

/* The body of a JSON string (no quotes): escapes, and U+FFFD for invalid UTF-8. */
static void w_json_chars(nerve__writer *w, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t lim = n - i < 4 ? n - i : 4;
            if (nerve__utf8_first_invalid(s + i, lim) != 0) { /* a valid sequence starts here */
                int32_t cp;
                i += nerve__utf8_decode(s + i, n - i, &cp);
                continue;
            }
        }
        nerve__w_raw(w, s + run, i - run);
        char esc[8];
        switch (c) {
        case '"':
            nerve__w_raw(w, "\\\"", 2);
            break;
        case '\\':
            nerve__w_raw(w, "\\\\", 2);
            break;
        case '\n':
            nerve__w_raw(w, "\\n", 2);
            break;
        case '\r':
            nerve__w_raw(w, "\\r", 2);
            break;
        case '\t':
            nerve__w_raw(w, "\\t", 2);
            break;
        default:
            if (c >= 0x80) {
                nerve__w_raw(w, "\\ufffd", 6);
            } else {
                snprintf(esc, sizeof esc, "\\u%04x", c);
                nerve__w_raw(w, esc, 6);
            }
        }
        i++;
        run = i;
    }
    nerve__w_raw(w, s + run, n - run);
}

/* A JSON string literal of s[0..n). */
static void w_json_str(nerve__writer *w, const char *s, size_t n)
{
    nerve__w_raw(w, "\"", 1);
    w_json_chars(w, s, n);
    nerve__w_raw(w, "\"", 1);
}

static void w_json_cstr(nerve__writer *w, const char *s)
{
    if (s)
        w_json_str(w, s, strlen(s));
    else
        nerve__w_raw(w, "null", 4);
}

typedef struct json_ctx {
    nerve__writer *w;
    int pretty;
    int depth;
} json_ctx;

static void j_nl(json_ctx *j)
{
    if (!j->pretty)
        return;
    nerve__w_raw(j->w, "\n", 1);
    for (int i = 0; i < j->depth; i++)
        nerve__w_raw(j->w, "  ", 2);
}

static void j_key(json_ctx *j, int *first, const char *key)
{
    if (!*first)
        nerve__w_raw(j->w, ",", 1);
    *first = 0;
    j_nl(j);
    nerve__w_raw(j->w, "\"", 1);
    nerve__w_str(j->w, key);
    nerve__w_raw(j->w, j->pretty ? "\": " : "\":", j->pretty ? 3 : 2);
}

static void j_span_fields(json_ctx *j, int *first, nerve_span s)
{
    j_key(j, first, "start");
    w_size(j->w, s.start);
    j_key(j, first, "end");
    w_size(j->w, s.end);
    j_key(j, first, "char_start");
    w_size(j->w, s.char_start);
    j_key(j, first, "char_end");
    w_size(j->w, s.char_end);
}

static void j_open(json_ctx *j, char c)
{
    nerve__w_raw(j->w, &c, 1);
    j->depth++;
}

static void j_close(json_ctx *j, char c, int empty)
{
    j->depth--;
    if (!empty)
        j_nl(j);
    nerve__w_raw(j->w, &c, 1);
}

static void j_item_sep(json_ctx *j, size_t i)
{
    if (i)
        nerve__w_raw(j->w, ",", 1);
    j_nl(j);
}

static void j_index(nerve__writer *w, size_t v)
{
    if (v == NERVE_NONE)
        nerve__w_raw(w, "null", 4);
    else
        w_size(w, v);
}

static void j_float(nerve__writer *w, double v)
{
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%.6g", v);
    nerve__w_raw(w, tmp, (size_t)n);
}

static void write_span_obj(json_ctx *j, const char *text, nerve_span s, int with_text)
{
    int first = 1;
    j_open(j, '{');
    j_span_fields(j, &first, s);
    if (with_text) {
        j_key(j, &first, "text");
        w_json_str(j->w, text + s.start, s.end - s.start);
    }
    j_close(j, '}', 0);
}

/* "origin": "file:line", when the result has one. */
static void j_origin(json_ctx *j, int *first, const char *file, uint32_t line)
{
    if (!file)
        return;
    j_key(j, first, "origin");
    nerve__w_raw(j->w, "\"", 1);
    w_json_chars(j->w, file, strlen(file));
    nerve__w_raw(j->w, ":", 1);
    w_size(j->w, line);
    nerve__w_raw(j->w, "\"", 1);
}

static void write_mentions(json_ctx *j, const nerve_doc *doc)
{
    const char *text = doc->text.v ? doc->text.v : "";
    j_open(j, '[');
    for (size_t i = 0; i < doc->mentions.n; i++) {
        const nerve_mention *m = &doc->mentions.v[i];
        j_item_sep(j, i);
        int first = 1;
        j_open(j, '{');
        j_span_fields(j, &first, m->span);
        j_key(j, &first, "type");
        w_json_cstr(j->w, nerve_type_name(m->type));
        j_key(j, &first, "subtype");
        w_json_cstr(j->w, m->subtype);
        j_key(j, &first, "text");
        w_json_str(j->w, text + m->span.start, m->span.end - m->span.start);
        j_key(j, &first, "sentence");
        w_size(j->w, m->sentence);
        j_key(j, &first, "entity");
        j_index(j->w, m->entity);
        j_key(j, &first, "value");
        w_json_cstr(j->w, m->value);
        if (m->anchor) {
            j_key(j, &first, "anchor");
            w_json_cstr(j->w, m->anchor);
        }
        if (m->canonical) {
            j_key(j, &first, "canonical");
            w_json_cstr(j->w, m->canonical);
        }
        if (m->title) {
            j_key(j, &first, "title");
            w_json_cstr(j->w, m->title);
        }
        j_key(j, &first, "source");
        w_json_cstr(j->w, m->source == NERVE_SOURCE_GAZETTEER ? "gazetteer"
                          : m->source == NERVE_SOURCE_RULE    ? "rule"
                                                              : "document");
        if (m->rule) {
            j_key(j, &first, "rule");
            w_json_cstr(j->w, m->rule);
        }
        j_origin(j, &first, m->origin_file, m->origin_line);
        j_key(j, &first, "confidence");
        j_float(j->w, m->confidence);
        j_close(j, '}', 0);
    }
    j_close(j, ']', doc->mentions.n == 0);
}

static void write_entities(json_ctx *j, const nerve_doc *doc)
{
    const nerve__doc_entities *de = &doc->entities;
    j_open(j, '[');
    for (size_t i = 0; i < de->ent.n; i++) {
        const nerve_entity *e = &de->ent.v[i];
        j_item_sep(j, i);
        int first = 1;
        j_open(j, '{');
        j_key(j, &first, "type");
        w_json_cstr(j->w, nerve_type_name(e->type));
        j_key(j, &first, "canonical");
        w_json_cstr(j->w, e->canonical ? e->canonical : "");
        j_key(j, &first, "mentions");
        nerve__w_raw(j->w, "[", 1);
        for (size_t k = 0; k < e->mention_count; k++) {
            if (k)
                nerve__w_raw(j->w, ",", 1);
            w_size(j->w, de->members.v[e->mention_begin + k]);
        }
        nerve__w_raw(j->w, "]", 1);
        j_key(j, &first, "link");
        if (!e->link_id && !e->country && !e->title && !e->has_coords) {
            nerve__w_raw(j->w, "null", 4);
        } else {
            int f2 = 1;
            j_open(j, '{');
            j_key(j, &f2, "id");
            w_json_cstr(j->w, e->link_id ? e->link_id : "");
            j_key(j, &f2, "country");
            w_json_cstr(j->w, e->country);
            j_key(j, &f2, "lat");
            if (e->has_coords)
                j_float(j->w, e->lat);
            else
                nerve__w_raw(j->w, "null", 4);
            j_key(j, &f2, "lon");
            if (e->has_coords)
                j_float(j->w, e->lon);
            else
                nerve__w_raw(j->w, "null", 4);
            j_key(j, &f2, "title");
            w_json_cstr(j->w, e->title);
            j_close(j, '}', 0);
        }
        j_close(j, '}', 0);
    }
    j_close(j, ']', de->ent.n == 0);
}

static void write_events(json_ctx *j, const nerve_doc *doc)
{
    const char *text = doc->text.v ? doc->text.v : "";
    j_open(j, '[');
    for (size_t i = 0; i < doc->events.n; i++) {
        const nerve_event *ev = &doc->events.v[i];
        j_item_sep(j, i);
        int first = 1;
        j_open(j, '{');
        j_key(j, &first, "type");
        w_json_cstr(j->w, ev->type);
        j_key(j, &first, "trigger");
        write_span_obj(j, text, ev->trigger, 1);
        j_key(j, &first, "modality");
        w_json_cstr(j->w, nerve_modality_name(ev->modality));
        j_key(j, &first, "roles");
        /* Group the event's arguments by role, in first-appearance order. */
        j_open(j, '{');
        int any = 0;
        const nerve_arg *args = ev->arg_count ? doc->args.v + ev->arg_begin : NULL;
        for (size_t a = 0; a < ev->arg_count; a++) {
            int seen = 0;
            for (size_t b = 0; b < a; b++)
                if (strcmp(args[b].role, args[a].role) == 0)
                    seen = 1;
            if (seen)
                continue;
            int frole = !any;
            any = 1;
            j_key(j, &frole, args[a].role);
            j_open(j, '[');
            size_t k = 0;
            for (size_t b = a; b < ev->arg_count; b++) {
                if (strcmp(args[b].role, args[a].role) != 0)
                    continue;
                const nerve_mention *m =
                    args[b].mention != NERVE_NONE ? &doc->mentions.v[args[b].mention] : NULL;
                nerve_span sp = args[b].span;
                j_item_sep(j, k++);
                int f3 = 1;
                j_open(j, '{');
                j_key(j, &f3, "mention");
                j_index(j->w, args[b].mention);
                j_key(j, &f3, "entity");
                j_index(j->w, args[b].entity);
                j_key(j, &f3, "text");
                w_json_str(j->w, text + sp.start, sp.end - sp.start);
                if (!m) { /* a phrase: its span, since no mention has it */
                    j_key(j, &f3, "start");
                    w_size(j->w, sp.start);
                    j_key(j, &f3, "end");
                    w_size(j->w, sp.end);
                    j_key(j, &f3, "char_start");
                    w_size(j->w, sp.char_start);
                    j_key(j, &f3, "char_end");
                    w_size(j->w, sp.char_end);
                }
                j_key(j, &f3, "canonical");
                const char *canon = args[b].entity != NERVE_NONE
                                        ? doc->entities.ent.v[args[b].entity].canonical
                                    : m ? m->canonical
                                        : NULL;
                w_json_cstr(j->w, canon);
                j_key(j, &f3, "value");
                w_json_cstr(j->w, m ? m->value : NULL);
                j_close(j, '}', 0);
            }
            j_close(j, ']', 0);
        }
        j_close(j, '}', !any);
        j_key(j, &first, "sentence");
        w_size(j->w, ev->sentence);
        j_key(j, &first, "evidence");
        j_open(j, '[');
        for (size_t k = 0; k < ev->evidence_count; k++) {
            j_item_sep(j, k);
            write_span_obj(j, text, doc->evidence.v[ev->evidence_begin + k], 0);
        }
        j_close(j, ']', ev->evidence_count == 0);
        j_key(j, &first, "rule");
        w_json_cstr(j->w, ev->rule);
        j_origin(j, &first, ev->origin_file, ev->origin_line);
        j_key(j, &first, "cameo");
        w_json_cstr(j->w, ev->cameo);
        j_key(j, &first, "confidence");
        j_float(j->w, ev->confidence);
        j_key(j, &first, "complete");
        nerve__w_str(j->w, ev->complete ? "true" : "false");
        j_close(j, '}', 0);
    }
    j_close(j, ']', doc->events.n == 0);
}

static void write_json(nerve__writer *w, const nerve_doc *doc, uint32_t flags)
{
    json_ctx jc = {w, (flags & NERVE_JSON_PRETTY) != 0, 0};
    json_ctx *j = &jc;
    const char *text = doc->text.v ? doc->text.v : "";
    int first = 1;
    j_open(j, '{');
    j_key(j, &first, "schema_version");
    nerve__w_raw(w, "2", 1); /* 2: phrase fillers, "complete" */
    j_key(j, &first, "id");
    w_json_cstr(w, doc->doc_id);
    j_key(j, &first, "dct");
    w_json_cstr(w, doc->has_dct ? doc->dct_str : NULL);
    j_key(j, &first, "text_bytes");
    w_size(w, doc->text.n);
    j_key(j, &first, "sentences");
    j_open(j, '[');
    for (size_t i = 0; i < doc->tokens.sent.n; i++) {
        j_item_sep(j, i);
        write_span_obj(j, text, doc->tokens.sent.v[i].span, 0);
    }
    j_close(j, ']', doc->tokens.sent.n == 0);
    if (flags & NERVE_JSON_TOKENS) {
        j_key(j, &first, "tokens");
        j_open(j, '[');
        for (size_t i = 0; i < doc->tokens.tok.n; i++) {
            const nerve_token *t = &doc->tokens.tok.v[i];
            j_item_sep(j, i);
            int f2 = 1;
            j_open(j, '{');
            j_span_fields(j, &f2, t->span);
            j_key(j, &f2, "text");
            w_json_str(w, text + t->span.start, t->span.end - t->span.start);
            j_key(j, &f2, "norm");
            w_json_str(w, t->norm ? t->norm : "", t->norm ? t->norm_len : 0);
            char shape[64];
            nerve__token_shape(text, t, shape, sizeof shape);
            j_key(j, &f2, "shape");
            w_json_cstr(w, shape);
            /* Syntax: null when not tagged or the sentence was not parsed. */
            j_key(j, &f2, "pos");
            w_json_cstr(w, t->pos ? nerve_pos_name((int)t->pos) : NULL);
            j_key(j, &f2, "head");
            if (t->head != NERVE_NONE)
                w_size(w, t->head);
            else
                nerve__w_raw(w, "null", 4);
            j_key(j, &f2, "dep");
            w_json_cstr(w, t->dep ? nerve_dep_name((int)t->dep) : NULL);
            j_close(j, '}', 0);
        }
        j_close(j, ']', doc->tokens.tok.n == 0);
    }
    j_key(j, &first, "mentions");
    write_mentions(j, doc);
    j_key(j, &first, "entities");
    write_entities(j, doc);
    j_key(j, &first, "events");
    write_events(j, doc);
    j_close(j, '}', 0);
}

/* The human-readable summary: one line per entity and per event. */
static void write_pretty(nerve__writer *w, const nerve_doc *doc)
{
    const char *text = doc->text.v ? doc->text.v : "";
    nerve__w_fmt(w, "%zu sentences, %zu tokens, %zu mentions, %zu entities, %zu events\n",
                 doc->tokens.sent.n, doc->tokens.tok.n, doc->mentions.n, doc->entities.ent.n,
                 doc->events.n);
    for (size_t i = 0; i < doc->entities.ent.n; i++) {
        const nerve_entity *e = &doc->entities.ent.v[i];
        nerve__w_fmt(w, "  %-8s ", nerve_type_name(e->type));
        nerve__w_text(w, e->canonical ? e->canonical : "", e->canonical ? strlen(e->canonical) : 0);
        if (e->title) {
            nerve__w_str(w, " (");
            nerve__w_str(w, e->title);
            nerve__w_str(w, ")");
        }
        if (e->link_id) {
            nerve__w_str(w, " [");
            nerve__w_str(w, e->link_id);
            nerve__w_str(w, "]");
        }
        nerve__w_fmt(w, " x%zu\n", (size_t)e->mention_count);
    }
    for (size_t i = 0; i < doc->mentions.n; i++) {
        const nerve_mention *m = &doc->mentions.v[i];
        if (!m->value)
            continue;
        nerve__w_fmt(w, "  %-8s ", nerve_type_name(m->type));
        nerve__w_text(w, text + m->span.start, m->span.end - m->span.start);
        nerve__w_str(w, " = ");
        nerve__w_str(w, m->value);
        nerve__w_str(w, "\n");
    }
    for (size_t i = 0; i < doc->events.n; i++) {
        const nerve_event *ev = &doc->events.v[i];
        nerve__w_fmt(w, "  event %s (%s) \"", ev->type, nerve_modality_name(ev->modality));
        nerve__w_text(w, text + ev->trigger.start, ev->trigger.end - ev->trigger.start);
        nerve__w_str(w, "\"");
        for (size_t a = 0; a < ev->arg_count; a++) {
            const nerve_arg *arg = &doc->args.v[ev->arg_begin + a];
            nerve__w_fmt(w, " %s=", arg->role);
            if (arg->mention == NERVE_NONE) {
                nerve__w_text(w, text + arg->span.start, arg->span.end - arg->span.start);
                continue;
            }
            const nerve_mention *m = &doc->mentions.v[arg->mention];
            if (m->value)
                nerve__w_str(w, m->value);
            else if (arg->entity != NERVE_NONE && doc->entities.ent.v[arg->entity].canonical)
                nerve__w_text(w, doc->entities.ent.v[arg->entity].canonical,
                              strlen(doc->entities.ent.v[arg->entity].canonical));
            else
                nerve__w_text(w, text + m->span.start, m->span.end - m->span.start);
        }
        nerve__w_str(w, "\n");
    }
}

int nerve_doc_write(const nerve_doc *doc, int format, uint32_t flags, nerve_write_fn write,
                    void *ctx, nerve_error *err)
{
    if (!doc || !write)
        return nerve__error_set(err, NERVE_EINVAL, 0, "doc and write function are required");
    if (flags & ~(uint32_t)(NERVE_JSON_TOKENS | NERVE_JSON_PRETTY))
        return nerve__error_set(err, NERVE_EINVAL, 0, "unknown output flags 0x%x", (unsigned)flags);
    nerve__writer *w = nerve__malloc(doc->al, sizeof *w);
    if (!w)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    w->write = write;
    w->ctx = ctx;
    w->n = 0;
    w->failed = 0;
    w->nomem = 0;
    int rc = NERVE_OK;
    switch (format) {
    case NERVE_FORMAT_JSON:
        write_json(w, doc, flags);
        break;
    case NERVE_FORMAT_PRETTY:
        write_pretty(w, doc);
        break;
    case NERVE_FORMAT_CONLL:
        nerve__write_conll(w, doc);
        break;
    case NERVE_FORMAT_BRAT:
        nerve__write_brat(w, doc);
        break;
    case NERVE_FORMAT_HTML:
        nerve__write_html(w, doc);
        break;
    case NERVE_FORMAT_CONLLU:
        nerve__write_conllu(w, doc);
        break;
    case NERVE_FORMAT_BRAT_ANNOTATION_CONF:
        nerve__write_brat_annotation_conf(w, doc->model);
        break;
    case NERVE_FORMAT_BRAT_VISUAL_CONF:
        nerve__write_brat_visual_conf(w, doc->model);
        break;
    default:
        rc = nerve__error_set(err, NERVE_EINVAL, 0, "unknown output format %d", format);
    }
    nerve__w_flush(w);
    if (rc == NERVE_OK && w->nomem)
        rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    else if (rc == NERVE_OK && w->failed)
        rc = nerve__error_set(err, NERVE_EWRITE, 0, "the output sink reported an error");
    nerve__free(doc->al, w);
    return rc;
}

int nerve_doc_write_json(const nerve_doc *doc, uint32_t flags, nerve_write_fn write, void *ctx,
                         nerve_error *err)
{
    return nerve_doc_write(doc, NERVE_FORMAT_JSON, flags, write, ctx, err);
}
