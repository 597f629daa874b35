/*
 * output_brat.c - brat standoff (https://brat.nlplab.org/standoff.html):
 * the .ann lines of a document, and the annotation.conf and visual.conf that
 * declare and colour nerve's entity types, the model's event types with
 * their roles, and the Modality attribute. Offsets are code points of the
 * document text, which brat reads as the .txt file.
 */
#include "output_int.h"

#include <string.h>

/* The span [s, e) of the text as brat fragments: brat cannot show a fragment
 * that crosses a line break, so the span is cut there ("0 5;6 11"). */
static void w_fragments(nerve__writer *w, const char *text, nerve_span sp)
{
    size_t cs = sp.char_start, first = 1;
    size_t c = sp.char_start;
    for (size_t i = sp.start; i < sp.end; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n') {
            if (c > cs) {
                nerve__w_fmt(w, first ? "%zu %zu" : ";%zu %zu", cs, c);
                first = 0;
            }
            cs = c + 1;
        }
        if ((ch & 0xC0) != 0x80)
            c++;
    }
    if (sp.char_end > cs || first)
        nerve__w_fmt(w, first ? "%zu %zu" : ";%zu %zu", cs, (size_t)sp.char_end);
}

/* The text of a T line: the span's text, line breaks as spaces (brat joins
 * the fragments of a span with one space). */
static void w_span_text(nerve__writer *w, const char *text, nerve_span sp)
{
    nerve__w_field(w, text + sp.start, sp.end - sp.start);
}

/* Event j has the same trigger (span and type) as event i. */
static int same_trigger(const nerve_event *a, const nerve_event *b)
{
    return a->trigger.start == b->trigger.start && a->trigger.end == b->trigger.end &&
           strcmp(a->type, b->type) == 0;
}

/*
 * T lines for every mention (T1 is mention 0) and every trigger, an E line
 * per event with its roles (a role filled more than once is numbered as brat
 * numbers them: who, who2, who3), an A line with each event's modality, and
 * AnnotatorNotes (#) with the canonical name, link id or TIMEX3 value.
 */
void nerve__write_brat(nerve__writer *w, const nerve_doc *doc)
{
    const char *text = doc->text.v ? doc->text.v : "";
    size_t notes = 0;
    /* the trigger number of each event; taken first, so that running out
     * of memory writes nothing */
    size_t *tids = doc->events.n ? nerve__malloc(doc->al, doc->events.n * sizeof *tids) : NULL;
    if (doc->events.n && !tids) {
        w->nomem = 1;
        return;
    }
    for (size_t i = 0; i < doc->mentions.n; i++) {
        const nerve_mention *m = &doc->mentions.v[i];
        nerve__w_fmt(w, "T%zu\t%s ", i + 1, nerve_type_name(m->type));
        w_fragments(w, text, m->span);
        nerve__w_raw(w, "\t", 1);
        w_span_text(w, text, m->span);
        nerve__w_raw(w, "\n", 1);
    }
    for (size_t i = 0; i < doc->mentions.n; i++) {
        const nerve_mention *m = &doc->mentions.v[i];
        const nerve_entity *e =
            m->entity != NERVE_NONE ? &doc->entities.ent.v[m->entity] : (const nerve_entity *)0;
        const char *canon = e && e->canonical ? e->canonical : m->canonical;
        const char *link = e ? e->link_id : NULL;
        if (!canon && !link && !m->value)
            continue;
        nerve__w_fmt(w, "#%zu\tAnnotatorNotes T%zu\t", ++notes, i + 1);
        const char *sep = "";
        if (m->value) {
            nerve__w_str(w, "value=");
            nerve__w_field(w, m->value, strlen(m->value));
            sep = " ";
        }
        if (canon) {
            nerve__w_str(w, sep);
            nerve__w_field(w, canon, strlen(canon));
            sep = " ";
        }
        if (link) {
            nerve__w_str(w, sep);
            nerve__w_str(w, "[");
            nerve__w_field(w, link, strlen(link));
            nerve__w_str(w, "]");
        }
        nerve__w_raw(w, "\n", 1);
    }
    /* Triggers are numbered after the mentions, one T line per distinct
     * trigger; events on the same trigger (coordination: "trips to Tunisia
     * and Algeria") share it. Such events are in one sentence and the events
     * are in sentence order, so only that sentence's events are looked at. */
    size_t next_t = doc->mentions.n;
    for (size_t i = 0; i < doc->events.n; i++) {
        const nerve_event *ev = &doc->events.v[i];
        size_t tid = 0;
        for (size_t j = i; j-- > 0 && doc->events.v[j].sentence == ev->sentence;)
            if (same_trigger(&doc->events.v[j], ev)) {
                tid = tids[j];
                break;
            }
        if (!tid) {
            tid = ++next_t;
            nerve__w_fmt(w, "T%zu\t%s ", tid, ev->type);
            w_fragments(w, text, ev->trigger);
            nerve__w_raw(w, "\t", 1);
            w_span_text(w, text, ev->trigger);
            nerve__w_raw(w, "\n", 1);
        }
        tids[i] = tid;
        nerve__w_fmt(w, "E%zu\t%s:T%zu", i + 1, ev->type, tid);
        const nerve_arg *args = ev->arg_count ? doc->args.v + ev->arg_begin : NULL;
        for (size_t a = 0; a < ev->arg_count; a++) {
            if (args[a].mention == NERVE_NONE)
                continue; /* a phrase filler has no T line of its own to point at */
            size_t nth = 1;
            for (size_t b = 0; b < a; b++)
                nth += strcmp(args[b].role, args[a].role) == 0 && args[b].mention != NERVE_NONE;
            if (nth == 1)
                nerve__w_fmt(w, " %s:T%zu", args[a].role, (size_t)args[a].mention + 1);
            else
                nerve__w_fmt(w, " %s%zu:T%zu", args[a].role, nth, (size_t)args[a].mention + 1);
        }
        nerve__w_fmt(w, "\nA%zu\tModality E%zu %s\n", i + 1, i + 1,
                     nerve_modality_name(ev->modality));
    }
    nerve__free(doc->al, tids);
}

static const char *const MODALITIES = "asserted|planned|cancelled|negated|uncertain";

/* The event types of the model's rules, each once, in rule order: calls fn
 * with each type and its declared roles (NULL-terminated). */
static void each_event_type(const nerve_model *model, nerve__writer *w,
                            void (*fn)(nerve__writer *, const char *, const char *const *))
{
    const nerve__ruleset *rs = model ? model->rules : NULL;
    size_t n = rs ? nerve__ruleset_count(rs) : 0;
    for (size_t i = 0; i < n; i++) {
        const nerve__rule_info *r = nerve__ruleset_rule(rs, (uint32_t)i);
        if (r->kind != NERVE__RULE_EVENT || !r->label)
            continue;
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++) {
            const nerve__rule_info *o = nerve__ruleset_rule(rs, (uint32_t)k);
            seen = o->kind == NERVE__RULE_EVENT && o->label && strcmp(o->label, r->label) == 0;
        }
        if (!seen)
            fn(w, r->label, nerve__rules_event_roles(rs, r->label));
    }
}

static void conf_event(nerve__writer *w, const char *type, const char *const *roles)
{
    nerve__w_str(w, type);
    for (size_t k = 0; roles && roles[k]; k++)
        nerve__w_fmt(w, "%s%s*:<ENTITY>", k ? ", " : "\t", roles[k]);
    nerve__w_raw(w, "\n", 1);
}

/* Every role may be filled by any entity type, any number of times (the
 * star); brat then accepts who2, who3 for the repeats. */
void nerve__write_brat_annotation_conf(nerve__writer *w, const nerve_model *model)
{
    nerve__w_str(w, "# brat annotation.conf for nerve's entity and event types\n[entities]\n");
    for (int t = NERVE_TYPE_PER; t < NERVE_TYPE_COUNT_; t++)
        nerve__w_fmt(w, "%s\n", nerve_type_name(t));
    nerve__w_str(w, "\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
                    "\n[events]\n");
    each_event_type(model, w, conf_event);
    nerve__w_fmt(w, "\n[attributes]\nModality\tArg:<EVENT>, Value:%s\n", MODALITIES);
}

/* The entity colours are the HTML view's (output_html.c). */
static const struct {
    const char *label, *bg;
} VISUAL[] = {
    {"PER | Person | PER", "#f9a8d4"},         {"LOC | Location | LOC", "#93c5fd"},
    {"ORG | Organization | ORG", "#86efac"},   {"NORP | Nationality or group | NORP", "#fcd34d"},
    {"MISC | Other name | MISC", "#c4b5fd"},   {"DATE | Date | DATE", "#5eead4"},
    {"TIME | Time | TIME", "#67e8f9"},         {"DURATION | Duration | DUR", "#a5b4fc"},
    {"SET | Recurring time | SET", "#cbd5e1"},
};

static void visual_event_label(nerve__writer *w, const char *type, const char *const *roles)
{
    (void)roles;
    nerve__w_fmt(w, "%s | %s\n", type, type);
}

static void visual_event_drawing(nerve__writer *w, const char *type, const char *const *roles)
{
    (void)roles;
    nerve__w_fmt(w, "%s\tbgColor:#e2e8f0, borderColor:darken\n", type);
}

void nerve__write_brat_visual_conf(nerve__writer *w, const nerve_model *model)
{
    nerve__w_str(w, "# brat visual.conf for nerve's entity and event types\n[labels]\n");
    for (size_t i = 0; i < sizeof VISUAL / sizeof VISUAL[0]; i++)
        nerve__w_fmt(w, "%s\n", VISUAL[i].label);
    each_event_type(model, w, visual_event_label);
    nerve__w_str(w, "\n[drawing]\n");
    for (size_t i = 0; i < sizeof VISUAL / sizeof VISUAL[0]; i++) {
        size_t n = strcspn(VISUAL[i].label, " ");
        nerve__w_raw(w, VISUAL[i].label, n);
        nerve__w_fmt(w, "\tbgColor:%s, borderColor:darken\n", VISUAL[i].bg);
    }
    each_event_type(model, w, visual_event_drawing);
    nerve__w_str(w, "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\n"
                    "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n"
                    "Modality\tglyph:\xe2\x9c\x93|\xe2\x8f\xb2|\xe2\x9c\x97|\xc2\xac|?\n");
}
