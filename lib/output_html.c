/*
 * output_html.c - the HTML view of a document: one self-contained page (no
 * network: the styles and the small script are inline, fonts are the
 * system's) with
 *   - the text, each mention a coloured span with its type as a badge and
 *     its canonical name, link id, value, rule and the gazetteer's other
 *     entries of that name on hover, each event trigger underlined with
 *     its event type;
 *   - a legend of the types present;
 *   - the events panel: a card per event with its type, modality, date,
 *     trigger, every role with its fillers, and the rule and origin that
 *     made it;
 *   - a timeline of the events that have a date;
 *   - the entities with their mentions, and the dates.
 * Clicking an event (card, timeline item or trigger) highlights its trigger,
 * fillers and evidence in the text; a role filler, a mention or an entity
 * highlights the mentions of that entity and the events it takes part in.
 * The page's elements carry the JSON's indices (data-m: mention, data-ent:
 * entity, data-ev: event; data-s/data-e: byte offsets), which the script
 * uses and tests/browser/ checks against the JSON.
 *
 * The page head ends with a line "<body>" and the article follows; the end
 * tags of body and html are optional and left out, so that articles of more
 * documents can be appended (nerve.h); the script then lists them at the top.
 */
#include "output_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
/* One piece per line: C compilers need not take string literals past 4095 bytes. */
static const char *const CSS[] = {
":root{--ink:#1f2933;--mute:#5f6b7a;--line:#e3e7ee;--bg:#f4f6f9;--card:#fff;",
"--hl:#f59e0b;--ev:#fff1c2}",
"*{box-sizing:border-box}",
"body{margin:0;background:var(--bg);color:var(--ink);",
"font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}",
"nav.docs{max-width:1280px;margin:16px auto 0;padding:10px 16px;background:var(--card);",
"border:1px solid var(--line);border-radius:10px}",
"nav.docs ol{margin:4px 0 0;padding-left:22px;columns:3}",
"nav.docs a{color:#1d4ed8;text-decoration:none}",
"article.doc{max-width:1280px;margin:16px auto;padding:0 16px}",
"article.doc>header{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 18px;",
"padding:14px 0 10px}",
"h1{font-size:21px;margin:0;font-weight:650;word-break:break-all}",
"h1 small{font-weight:500;color:var(--mute);font-size:13px;letter-spacing:.04em;",
"text-transform:uppercase;margin-right:8px}",
".meta{color:var(--mute);font-size:13px;margin:0}",
".legend{display:flex;flex-wrap:wrap;gap:6px 14px;list-style:none;margin:0;padding:0;",
"font-size:12.5px;color:var(--mute);width:100%}",
".legend li{display:flex;align-items:center;gap:5px}",
".sw{display:inline-block;font:700 10px/1 system-ui,sans-serif;letter-spacing:.04em;",
"color:#fff;background:var(--c);border-radius:3px;padding:3px 5px}",
".cols{display:grid;grid-template-columns:minmax(0,1fr) 400px;gap:16px;align-items:start}",
"aside{position:sticky;top:12px;max-height:calc(100vh - 24px);overflow:auto;",
"border-radius:10px}",
"@media (max-width:900px){.cols{grid-template-columns:1fr}aside{position:static;",
"max-height:none}}",
".panel{background:var(--card);border:1px solid var(--line);border-radius:10px;",
"padding:14px 18px;margin-bottom:16px}",
"h2{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:var(--mute);",
"margin:0 0 10px;font-weight:650}",
"h2 .n{background:var(--line);color:var(--ink);border-radius:9px;padding:1px 7px;",
"margin-left:6px;letter-spacing:0}",
".text{font:17px/2.15 Georgia,'DejaVu Serif',serif;white-space:pre-wrap;",
"overflow-wrap:anywhere}",
".m{background:var(--b);border-radius:4px;padding:2px 3px;color:inherit;",
"box-shadow:inset 0 -2px 0 var(--c);cursor:pointer;transition:opacity .15s}",
".text .m::after{content:attr(data-t);font:700 9.5px/1 system-ui,sans-serif;",
"letter-spacing:.04em;color:#fff;background:var(--c);border-radius:3px;padding:2px 4px;",
"margin-left:4px;vertical-align:2px}",
".trg{border-bottom:2.5px solid #334155;font-weight:700;cursor:pointer;padding:0 1px}",
".trg::after{content:attr(data-t);font:600 9.5px/1 system-ui,sans-serif;color:#334155;",
"border:1px solid #94a3b8;border-radius:3px;padding:1px 3px;margin-left:3px;",
"vertical-align:2px;background:#f8fafc}",
".sel .text .m:not(.hl):not(.hl-e),.sel .text .trg:not(.hl-t):not(.hl-e){opacity:.35}",
".text .hl{outline:2.5px solid var(--hl);outline-offset:1px;opacity:1}",
".text .hl-t{background:#fde68a;outline:2.5px solid #b45309;outline-offset:1px}",
".text .x.hl-e{background-color:var(--ev);border-radius:2px}",
".t-PER{--b:#fde4ef;--c:#be185d}.t-LOC{--b:#dde9fd;--c:#1d4ed8}",
".t-ORG{--b:#daf5e3;--c:#15803d}.t-NORP{--b:#fdf0c9;--c:#a16207}",
".t-MISC{--b:#ede8fd;--c:#6d28d9}.t-DATE{--b:#d5f5ef;--c:#0f766e}",
".t-TIME{--b:#d5f3f8;--c:#0e7490}.t-DURATION{--b:#e2e6fc;--c:#4338ca}",
".t-SET{--b:#eceff3;--c:#475569}.t-trg{--c:#334155}",
".cards{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:10px}",
".card{border:1px solid var(--line);border-left:4px solid var(--mc);border-radius:8px;",
"padding:9px 12px;cursor:pointer;background:#fff}",
".card:hover{border-color:#cbd2dc;border-left-color:var(--mc)}",
".card.on{box-shadow:0 0 0 2.5px var(--hl);border-left-color:var(--hl)}",
".ch{display:flex;align-items:center;gap:8px;flex-wrap:wrap}",
".etype{font-weight:700;font-size:15px}",
".mod{font-size:11px;font-weight:650;border-radius:9px;padding:1px 8px;color:var(--mc);",
"background:var(--mb)}",
".when{margin-left:auto;font-size:12.5px;color:var(--mute);font-variant-numeric:tabular-nums}",
".mod-asserted{--mc:#15803d;--mb:#dcfce7}.mod-planned{--mc:#1d4ed8;--mb:#dbeafe}",
".mod-cancelled{--mc:#6b7280;--mb:#eceef1}.mod-negated{--mc:#b91c1c;--mb:#fee2e2}",
".mod-uncertain{--mc:#a16207;--mb:#fef3c7}",
".trig{margin:3px 0 6px;color:var(--mute);font-size:13px}",
".trig q{color:var(--ink);font-weight:650}",
".roles{display:grid;grid-template-columns:max-content 1fr;gap:4px 10px;margin:0;",
"font-size:13.5px}",
".roles dt{color:var(--mute);font-size:12px;padding-top:2px}",
".roles dd{margin:0;display:flex;flex-wrap:wrap;gap:4px}",
".chip{font:inherit;font-size:13px;border:0;border-radius:5px;padding:1px 7px;",
"background:var(--b);box-shadow:inset 0 -2px 0 var(--c);color:var(--ink);cursor:pointer}",
".chip small{color:var(--mute);margin-left:4px}",
".chip.t-phrase{background:var(--chip,#eee);font-style:italic;cursor:default}",
".prov{margin:7px 0 0;font-size:11.5px;color:var(--mute)}",
".prov code{font:11.5px ui-monospace,'DejaVu Sans Mono',monospace;color:#334155}",
".none{color:var(--mute);font-size:13.5px;margin:0}",
".tl{list-style:none;margin:0;padding:4px 0 0;display:flex;flex-wrap:wrap;gap:14px 0}",
".tl li{flex:1 1 150px;min-width:150px;max-width:260px;position:relative;",
"padding:18px 12px 0 0;border-top:2px solid #cbd2dc;cursor:pointer}",
".tl li::before{content:'';position:absolute;top:-7px;left:0;width:12px;height:12px;",
"border-radius:50%;background:var(--mc);box-shadow:0 0 0 3px #fff}",
".tl li.dct::before{background:#fff;border:2px solid #64748b;box-shadow:none}",
".tl li.on{color:#000}.tl li.on::before{background:var(--hl)}",
".tl time{display:block;font-weight:700;font-size:13.5px;font-variant-numeric:tabular-nums}",
".tl .what{font-size:13px}.tl .v{color:var(--mute);font-size:11.5px}",
".ents{columns:2 300px;column-gap:24px;list-style:none;margin:0;padding:0}",
".ent{break-inside:avoid;padding:5px 0;border-bottom:1px dashed var(--line);cursor:pointer;",
"font-size:14px}",
".ent.on{background:#fff7e0}",
".ent b{font-weight:650}.ent .sub{color:var(--mute);font-size:12.5px}",
".ent code{font:11.5px ui-monospace,'DejaVu Sans Mono',monospace;color:#475569;",
"background:#f1f5f9;border-radius:3px;padding:0 4px}",
".ms{display:block;color:var(--mute);font-size:12.5px;margin-top:2px}",
".ms q{color:var(--ink)}",
"footer{color:var(--mute);font-size:12px;padding:0 0 24px}",
    NULL};

/* Clicks are handled on the document, so several articles (and articles
 * added later) work; everything is looked up inside the clicked article. */
static const char *const JS[] = {
"(function(){'use strict';",
"function all(r,s){return Array.prototype.slice.call(r.querySelectorAll(s));}",
"function ids(s){return s?s.split(' '):[];}",
"function clear(a){all(a,'.hl,.hl-t,.hl-e,.on').forEach(function(e){",
"e.classList.remove('hl','hl-t','hl-e','on');});a.classList.remove('sel');",
"delete a.dataset.cur;}",
"function show(a,key,ms,evs,ents,spans){clear(a);a.dataset.cur=key;a.classList.add('sel');",
"var first=null;function mark(e,c){e.classList.add(c);if(!first&&e.closest('.text'))first=e;}",
"ms.forEach(function(m){all(a,'.text [data-m=\"'+m+'\"]').forEach(function(e){mark(e,'hl');});});",
"evs.forEach(function(v){all(a,'.text [data-trg~=\"'+v+'\"]').forEach(function(e){mark(e,'hl-t');});",
"all(a,'[data-ev=\"'+v+'\"]').forEach(function(e){e.classList.add('on');});});",
"ents.forEach(function(n){all(a,'.ent[data-ent=\"'+n+'\"]').forEach(function(e){",
"e.classList.add('on');});});",
"spans.forEach(function(sp){var p=sp.split('-'),s=+p[0],x=+p[1];",
"all(a,'.text [data-s]').forEach(function(e){if(+e.dataset.s>=s&&+e.dataset.e<=x)",
"e.classList.add('hl-e');});});",
"if(first&&first.scrollIntoView)first.scrollIntoView({block:'nearest'});",
"var card=a.querySelector('.card.on');if(card&&card.scrollIntoView)",
"card.scrollIntoView({block:'nearest'});}",
"function event(a,v){var c=a.querySelector('.card[data-ev=\"'+v+'\"]');",
"return c?{ms:ids(c.dataset.args),sp:ids(c.dataset.evid)}:{ms:[],sp:[]};}",
"function entityOf(a,m){var e=a.querySelector('.text [data-m=\"'+m+'\"]')||",
"a.querySelector('[data-m=\"'+m+'\"][data-ent]');return e&&e.dataset.ent?e.dataset.ent:null;}",
"function mentions(a,n){var e=a.querySelector('.ent[data-ent=\"'+n+'\"]');",
"return e?ids(e.dataset.ms):[];}",
"function eventsWith(a,ms){return all(a,'.card').filter(function(c){var x=ids(c.dataset.args);",
"return ms.some(function(m){return x.indexOf(m)>=0;});}).map(function(c){return c.dataset.ev;});}",
"document.addEventListener('click',function(ev){",
"var t=ev.target.closest('[data-ev],[data-trg],[data-m],[data-ent]');if(!t)return;",
"var a=t.closest('article');if(!a)return;var d=t.dataset,key,ms=[],evs=[],ents=[],sp=[];",
"if(d.m!==undefined&&t.closest('.card')){var c=t.closest('.card');key='r'+c.dataset.ev+'.'+d.m;",
"ms=[d.m];evs=[c.dataset.ev];}",
"else if(d.ev!==undefined){key='e'+d.ev;evs=[d.ev];var e=event(a,d.ev);ms=e.ms;sp=e.sp;}",
"else if(d.trg){key='t'+d.trg;evs=ids(d.trg);evs.forEach(function(v){var e=event(a,v);",
"ms=ms.concat(e.ms);sp=sp.concat(e.sp);});}",
"else{var n=d.ent!==undefined?d.ent:entityOf(a,d.m);key='m'+(n!==null?'n'+n:d.m);",
"ms=n!==null?mentions(a,n):[d.m];if(n!==null)ents=[n];evs=eventsWith(a,ms);}",
"if(a.dataset.cur===key){clear(a);return;}show(a,key,ms,evs,ents,sp);});",
"document.addEventListener('keydown',function(e){if(e.key==='Escape')",
"all(document,'article.doc').forEach(clear);var f=document.activeElement;",
"if((e.key==='Enter'||e.key===' ')&&f&&f.matches&&f.matches('.card,.tl li,.ent')){",
"e.preventDefault();f.click();}});",
"document.addEventListener('DOMContentLoaded',function(){",
"var as=all(document,'article.doc');if(as.length<2)return;",
"var nav=document.createElement('nav');nav.className='docs';",
"nav.innerHTML='<h2>Documents <span class=n>'+as.length+'</span></h2><ol></ol>';",
"var ol=nav.querySelector('ol');as.forEach(function(a,i){a.id='doc-'+(i+1);",
"var li=document.createElement('li'),l=document.createElement('a');l.href='#'+a.id;",
"l.textContent=a.dataset.id||('document '+(i+1));li.appendChild(l);",
"li.appendChild(document.createTextNode(' \\u00b7 '+a.dataset.counts));ol.appendChild(li);});",
"document.body.insertBefore(nav,as[0]);});",
"})();",
    NULL};
/* clang-format on */

static const char *const TYPE_WORDS[NERVE_TYPE_COUNT_] = {
    "",           "person", "location", "organization", "nationality or group",
    "other name", "date",   "time",     "duration",     "recurring time"};

/* Text content: & < > escaped; invalid UTF-8 as U+FFFD; control characters
 * other than tab and line breaks (not allowed in HTML) as U+FFFD too. */
static void w_html(nerve__writer *w, const char *s, size_t n, int attr)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c == '&')
            rep = "&amp;";
        else if (c == '"' && attr)
            rep = "&quot;";
        else if (c == '\n' && attr)
            rep = "&#10;";
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            rep = "\xef\xbf\xbd";
        else if (c == 0x7f)
            rep = "\xef\xbf\xbd";
        if (rep) {
            nerve__w_text(w, s + run, i - run);
            nerve__w_str(w, rep);
            run = i + 1;
        }
    }
    nerve__w_text(w, s + run, n - run);
}

static void w_html_cstr(nerve__writer *w, const char *s, int attr)
{
    if (s)
        w_html(w, s, strlen(s), attr);
}

/* The last path component of an origin ("events.rules"), for display. */
static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    return b;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* A TIMEX3 value as a person reads it: 2021-03-18 -> "18 Mar 2021",
 * 2021-02 -> "Feb 2021", 2023-W20 -> "week 20, 2023", 1987-W09-WE ->
 * "weekend, week 9, 1987", 2020-SU -> "summer 2020", 2021-03-15T15:00 ->
 * "15 Mar 2021, 15:00",
 * 2021-03-15TMO -> "15 Mar 2021, morning"; other values as they are. */
static void w_date(nerve__writer *w, const char *v)
{
    static const char *const MON[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const struct {
        const char *code, *word;
    } PARTS[] = {{"MO", "morning"},
                 {"AF", "afternoon"},
                 {"EV", "evening"},
                 {"NI", "night"},
                 {"DT", "daytime"}};
    size_t n = strlen(v);
    int year = n >= 4 && all_digits(v, 4);
    if (year && n >= 8 && v[4] == '-' && v[5] == 'W' && all_digits(v + 6, 2) &&
        (n == 8 || (n == 11 && strcmp(v + 8, "-WE") == 0))) {
        int week = (v[6] - '0') * 10 + (v[7] - '0');
        nerve__w_fmt(w, "%sweek %d, %.4s", n == 11 ? "weekend, " : "", week, v);
        return;
    }
    int mon = year && n >= 7 && v[4] == '-' && all_digits(v + 5, 2)
                  ? (v[5] - '0') * 10 + (v[6] - '0')
                  : 0;
    static const struct {
        const char *code, *word;
    } SEASONS[] = {{"SP", "spring"}, {"SU", "summer"}, {"FA", "autumn"}, {"WI", "winter"},
                   {"Q1", "Q1"},     {"Q2", "Q2"},     {"Q3", "Q3"},     {"Q4", "Q4"},
                   {"H1", "H1"},     {"H2", "H2"}};
    for (size_t i = 0; year && n == 7 && v[4] == '-' && i < sizeof SEASONS / sizeof SEASONS[0]; i++)
        if (strcmp(v + 5, SEASONS[i].code) == 0) {
            nerve__w_fmt(w, "%s %.4s", SEASONS[i].word, v);
            return;
        }
    if (mon < 1 || mon > 12) {
        w_html_cstr(w, v, 0);
        return;
    }
    if (n == 7) {
        nerve__w_fmt(w, "%s %.4s", MON[mon - 1], v);
        return;
    }
    if (n < 10 || v[7] != '-' || !all_digits(v + 8, 2) || (n > 10 && v[10] != 'T')) {
        w_html_cstr(w, v, 0);
        return;
    }
    int day = (v[8] - '0') * 10 + (v[9] - '0');
    nerve__w_fmt(w, "%d %s %.4s", day, MON[mon - 1], v);
    if (n == 10)
        return;
    const char *t = v + 11;
    for (size_t i = 0; i < sizeof PARTS / sizeof PARTS[0]; i++)
        if (strcmp(t, PARTS[i].code) == 0) {
            nerve__w_fmt(w, ", %s", PARTS[i].word);
            return;
        }
    nerve__w_str(w, ", ");
    w_html_cstr(w, t, 0);
}

/* What a filler is called: its entity's canonical name, else its text. */
static void w_filler_name(nerve__writer *w, const nerve_doc *doc, const nerve_arg *arg)
{
    const char *text = doc->text.v ? doc->text.v : "";
    if (arg->mention == NERVE_NONE) { /* a phrase filler: its words */
        w_html(w, text + arg->span.start, arg->span.end - arg->span.start, 0);
        return;
    }
    const nerve_mention *m = &doc->mentions.v[arg->mention];
    const char *canon =
        arg->entity != NERVE_NONE ? doc->entities.ent.v[arg->entity].canonical : m->canonical;
    if (canon && *canon && !m->value)
        w_html_cstr(w, canon, 0);
    else
        w_html(w, text + m->span.start, m->span.end - m->span.start, 0);
}

/* The "when" of an event: the value of its first dated filler, or NULL. */
static const char *event_when(const nerve_doc *doc, const nerve_event *ev)
{
    for (size_t a = 0; a < ev->arg_count; a++) {
        const nerve_arg *arg = &doc->args.v[ev->arg_begin + a];
        if (arg->mention == NERVE_NONE)
            continue;
        const nerve_mention *m = &doc->mentions.v[arg->mention];
        if (strcmp(arg->role, "when") == 0 && m->value)
            return m->value;
    }
    return NULL;
}

/* The gazetteer match covering exactly the mention's tokens, or NULL
 * (matches are sorted by first token, longer first). */
static const nerve__gaz_match *gaz_match_of(const nerve_doc *doc, const nerve_mention *m)
{
    const nerve__gaz_match *v = doc->gaz.m.v;
    size_t lo = 0, hi = doc->gaz.m.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].tok_begin < m->token_begin)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < doc->gaz.m.n && v[lo].tok_begin == m->token_begin; lo++)
        if (v[lo].tok_end == m->token_end)
            return &v[lo];
    return NULL;
}

/* An entry of the gazetteer match g that is another reading of the
 * mention: not the entry chosen, not a lexicon word. */
static int other_entry(const nerve_doc *doc, const nerve__gaz_match *g, uint32_t k, uint32_t chosen,
                       nerve__entry *en)
{
    uint32_t id = doc->gaz.ids.v[g->first + k];
    nerve__gaz_entry(doc->model->gaz, id, en);
    return id != chosen && en->type > NERVE_TYPE_NONE && en->type < NERVE_TYPE_COUNT_;
}

/* "&#10;also in the gazetteer: Georgia (LOC state, iso3166-2:US-GA)": the
 * other entries of the name a mention was found under, which the entity
 * stage did not choose, so that an ambiguous name shows what else it could
 * have been. Two are named; the rest are counted. */
static void w_other_entries(nerve__writer *w, const nerve_doc *doc, size_t mi)
{
    const nerve_mention *m = &doc->mentions.v[mi];
    const nerve__gaz_match *g = gaz_match_of(doc, m);
    if (!g)
        return;
    uint32_t chosen = mi < doc->mention_entry.n ? doc->mention_entry.v[mi] : UINT32_MAX;
    size_t total = 0, shown = 0;
    nerve__entry en;
    for (uint32_t k = 0; k < g->count; k++)
        total += (size_t)other_entry(doc, g, k, chosen, &en);
    for (uint32_t k = 0; k < g->count && shown < 2; k++) {
        if (!other_entry(doc, g, k, chosen, &en))
            continue;
        nerve__w_str(w, shown++ ? "; " : "&#10;also in the gazetteer: ");
        w_html_cstr(w, en.canonical ? en.canonical : en.name, 1);
        nerve__w_fmt(w, " (%s", nerve_type_name(en.type));
        if (en.subtype) {
            nerve__w_str(w, " ");
            w_html_cstr(w, en.subtype, 1);
        }
        if (en.id && *en.id) {
            nerve__w_str(w, ", ");
            w_html_cstr(w, en.id, 1);
        }
        nerve__w_str(w, ")");
    }
    if (total > shown)
        nerve__w_fmt(w, " and %zu more", total - shown);
}

/* The hover text of a mention: type, name, title, link, value, rule,
 * origin, and the other gazetteer entries of its name. */
static void w_mention_title(nerve__writer *w, const nerve_doc *doc, const nerve_mention *m)
{
    const char *text = doc->text.v ? doc->text.v : "";
    const nerve_entity *e = m->entity != NERVE_NONE ? &doc->entities.ent.v[m->entity] : NULL;
    nerve__w_str(w, nerve_type_name(m->type));
    if (m->subtype) {
        nerve__w_str(w, " (");
        w_html_cstr(w, m->subtype, 1);
        nerve__w_str(w, ")");
    }
    nerve__w_str(w, ": ");
    if (e && e->canonical && *e->canonical)
        w_html_cstr(w, e->canonical, 1);
    else
        w_html(w, text + m->span.start, m->span.end - m->span.start, 1);
    if (e && e->title) {
        nerve__w_str(w, ", ");
        w_html_cstr(w, e->title, 1);
    }
    if (m->value) {
        nerve__w_str(w, " = ");
        w_html_cstr(w, m->value, 1);
    }
    if (e && e->link_id) {
        nerve__w_str(w, "&#10;id ");
        w_html_cstr(w, e->link_id, 1);
    }
    if (m->rule || m->origin_file) {
        nerve__w_str(w, "&#10;from ");
        if (m->rule)
            w_html_cstr(w, m->rule, 1);
        if (m->origin_file) {
            nerve__w_str(w, m->rule ? " (" : "");
            w_html_cstr(w, base_name(m->origin_file), 1);
            nerve__w_fmt(w, ":%u%s", (unsigned)m->origin_line, m->rule ? ")" : "");
        }
    }
    w_other_entries(w, doc, (size_t)(m - doc->mentions.v));
}

/* One distinct trigger span and the events on it (sorted by start). */
typedef struct trig {
    size_t start, end;
    size_t first; /* index into the sorted event order */
    size_t count;
} trig;

typedef struct html_ctx {
    nerve__writer *w;
    const nerve_doc *doc;
    const char *text;
    size_t *ev_order; /* events sorted by trigger start */
    trig *trigs;
    size_t n_trigs;
    size_t *cuts; /* sorted evidence boundaries */
    size_t n_cuts;
    size_t *dated; /* events with a date, sorted by it */
    size_t n_dated;
} html_ctx;

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), and back: for the weeks of the timeline. */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, char out[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    long y = yoe + era * 400 + (m <= 2);
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%04ld-%02d-%02d", y % 10000, m, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

/*
 * Where a TIMEX3 value falls on the timeline, as "YYYY-MM-DD" (its first
 * day), so that 2021-W10 sorts between 2021-03-05 and 2021-03-12 rather
 * than after every date of 2021: weeks (and weekends) by ISO week,
 * seasons, quarters and halves by their first month, decades and
 * centuries by their first year. Values without a place on a calendar
 * sort first (PAST_REF) or last (FUTURE_REF, XXXX ...).
 */
static void timeline_day(const char *v, const char *dct, char out[11])
{
    size_t n = strlen(v);
    if (strcmp(v, "PRESENT_REF") == 0 && dct) {
        memcpy(out, dct, 11);
        return;
    }
    if (strcmp(v, "PAST_REF") == 0) {
        memcpy(out, "0000-00-00", 11);
        return;
    }
    if (n < 2 || !all_digits(v, n < 4 ? n : 4)) {
        memcpy(out, "~", 2); /* after every date */
        return;
    }
    if (n == 2 || n == 3) { /* century 18, decade 198 */
        snprintf(out, 11, "%.*s%s-01-01", (int)n, v, n == 2 ? "00" : "0");
        return;
    }
    long y = 0;
    for (int i = 0; i < 4; i++)
        y = y * 10 + (v[i] - '0');
    if (n >= 8 && v[4] == '-' && v[5] == 'W' && all_digits(v + 6, 2)) {
        long jan4 = days_from_civil(y, 1, 4);
        long wd = ((jan4 + 3) % 7 + 7) % 7; /* 0 = Monday (1970-01-01 was a Thursday) */
        long week = (long)(v[6] - '0') * 10 + (v[7] - '0');
        long day = jan4 - wd + 7 * (week - 1);
        civil_from_days(day + (strcmp(v + 8, "-WE") == 0 ? 5 : 0), out);
        return;
    }
    static const struct {
        const char *code, *month;
    } PARTS[] = {{"SP", "03"}, {"SU", "06"}, {"FA", "09"}, {"WI", "12"}, {"Q1", "01"},
                 {"Q2", "04"}, {"Q3", "07"}, {"Q4", "10"}, {"H1", "01"}, {"H2", "07"}};
    for (size_t i = 0; n == 7 && i < sizeof PARTS / sizeof PARTS[0]; i++)
        if (strcmp(v + 5, PARTS[i].code) == 0) {
            snprintf(out, 11, "%.4s-%s-01", v, PARTS[i].month);
            return;
        }
    /* a date, a month or a year, perhaps with a time: its day, months and
     * years from their first day */
    snprintf(out, 11, "%.4s-%.2s-%.2s", v, n >= 7 && v[4] == '-' ? v + 5 : "01",
             n >= 10 && v[7] == '-' ? v + 8 : "01");
}

/* Sort keys are copied into the arrays being sorted (qsort has no context). */
typedef struct key_idx {
    size_t a, b;
    const char *s;
    char day[11]; /* timeline_day of s */
    size_t idx;
} key_idx;

static int cmp_key_span(const void *pa, const void *pb)
{
    const key_idx *x = pa, *y = pb;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int cmp_key_day(const void *pa, const void *pb)
{
    const key_idx *x = pa, *y = pb;
    int c = strcmp(x->day, y->day);
    if (!c)
        c = strcmp(x->s, y->s);
    if (c)
        return c;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void ctx_free(html_ctx *c)
{
    const nerve_allocator *al = c->doc->al;
    nerve__free(al, c->ev_order);
    nerve__free(al, c->trigs);
    nerve__free(al, c->cuts);
    nerve__free(al, c->dated);
}

/* Sort the events by trigger and by date, group triggers, collect the
 * evidence boundaries. 0, or -1 when out of memory. */
static int ctx_build(html_ctx *c)
{
    const nerve_doc *doc = c->doc;
    const nerve_allocator *al = doc->al;
    size_t ne = doc->events.n;
    if (ne == 0)
        return 0;
    size_t n_evid = doc->evidence.n;
    key_idx *keys = nerve__malloc(al, ne * sizeof *keys);
    c->ev_order = nerve__malloc(al, ne * sizeof *c->ev_order);
    c->trigs = nerve__malloc(al, ne * sizeof *c->trigs);
    c->dated = nerve__malloc(al, ne * sizeof *c->dated);
    c->cuts = n_evid ? nerve__malloc(al, 2 * n_evid * sizeof *c->cuts) : NULL;
    if (!keys || !c->ev_order || !c->trigs || !c->dated || (n_evid && !c->cuts)) {
        nerve__free(al, keys);
        return -1;
    }
    for (size_t i = 0; i < ne; i++) {
        keys[i].a = doc->events.v[i].trigger.start;
        keys[i].b = doc->events.v[i].trigger.end;
        keys[i].s = NULL;
        keys[i].idx = i;
    }
    qsort(keys, ne, sizeof *keys, cmp_key_span);
    /* Triggers that overlap are grouped: the text shows one element for them. */
    for (size_t i = 0; i < ne; i++) {
        c->ev_order[i] = keys[i].idx;
        if (c->n_trigs && keys[i].a < c->trigs[c->n_trigs - 1].end) {
            trig *t = &c->trigs[c->n_trigs - 1];
            t->count++;
            if (keys[i].b > t->end)
                t->end = keys[i].b;
            continue;
        }
        trig *t = &c->trigs[c->n_trigs++];
        t->start = keys[i].a;
        t->end = keys[i].b;
        t->first = i;
        t->count = 1;
    }
    size_t nd = 0;
    for (size_t i = 0; i < ne; i++) {
        const char *v = event_when(doc, &doc->events.v[i]);
        if (v) {
            keys[nd].s = v;
            timeline_day(v, doc->has_dct ? doc->dct_str : NULL, keys[nd].day);
            keys[nd].idx = i;
            nd++;
        }
    }
    qsort(keys, nd, sizeof *keys, cmp_key_day);
    for (size_t i = 0; i < nd; i++)
        c->dated[i] = keys[i].idx;
    c->n_dated = nd;
    nerve__free(al, keys);
    if (!n_evid)
        return 0;
    for (size_t i = 0; i < n_evid; i++) {
        c->cuts[c->n_cuts++] = doc->evidence.v[i].start;
        c->cuts[c->n_cuts++] = doc->evidence.v[i].end;
    }
    qsort(c->cuts, c->n_cuts, sizeof *c->cuts, cmp_size);
    return 0;
}

/* Plain text [a, b), in pieces cut at evidence boundaries, so that the
 * script can highlight an event's evidence by offsets. */
static void w_plain(html_ctx *c, size_t a, size_t b, size_t *ci)
{
    while (a < b) {
        while (*ci < c->n_cuts && c->cuts[*ci] <= a)
            (*ci)++;
        size_t e = *ci < c->n_cuts && c->cuts[*ci] < b ? c->cuts[*ci] : b;
        nerve__w_fmt(c->w, "<span class=\"x\" data-s=\"%zu\" data-e=\"%zu\">", a, e);
        w_html(c->w, c->text + a, e - a, 0);
        nerve__w_str(c->w, "</span>");
        a = e;
    }
}

/* data-trg="2 5": the events of triggers [t0, t1). */
static void w_trig_events(html_ctx *c, size_t t0, size_t t1)
{
    nerve__w_str(c->w, " data-trg=\"");
    int first = 1;
    for (size_t t = t0; t < t1; t++)
        for (size_t k = 0; k < c->trigs[t].count; k++) {
            nerve__w_fmt(c->w, first ? "%zu" : " %zu", c->ev_order[c->trigs[t].first + k]);
            first = 0;
        }
    nerve__w_str(c->w, "\"");
}

/* The label of a trigger: its event type, and how many events it has. */
static void w_trig_label(html_ctx *c, const trig *t)
{
    const nerve_event *ev = &c->doc->events.v[c->ev_order[t->first]];
    nerve__w_str(c->w, " data-t=\"");
    w_html_cstr(c->w, ev->type, 1);
    if (t->count > 1)
        nerve__w_fmt(c->w, " \xc3\x97%zu", t->count);
    nerve__w_str(c->w, "\"");
}

static void w_text_panel(html_ctx *c)
{
    nerve__writer *w = c->w;
    const nerve_doc *doc = c->doc;
    size_t pos = 0, ti = 0, ci = 0;
    nerve__w_str(w, "<section class=\"panel\"><h2>Text</h2><div class=\"text\">");
    for (size_t i = 0; i <= doc->mentions.n; i++) {
        const nerve_mention *m = i < doc->mentions.n ? &doc->mentions.v[i] : NULL;
        if (m && m->span.start < pos)
            continue; /* nested in or overlapping the one shown: listed under Entities */
        size_t ms = m ? m->span.start : doc->text.n, me = m ? m->span.end : doc->text.n;
        /* Triggers before this mention stand alone; those overlapping it
         * are shown on it. */
        while (ti < c->n_trigs && c->trigs[ti].start < ms && c->trigs[ti].end <= ms) {
            const trig *t = &c->trigs[ti];
            if (t->start < pos) {
                ti++;
                continue;
            }
            w_plain(c, pos, t->start, &ci);
            nerve__w_fmt(w, "<span class=\"trg\" data-s=\"%zu\" data-e=\"%zu\"", t->start, t->end);
            w_trig_events(c, ti, ti + 1);
            w_trig_label(c, t);
            nerve__w_str(w, " title=\"event: ");
            w_html_cstr(w, doc->events.v[c->ev_order[t->first]].type, 1);
            nerve__w_str(w, " (click to show it)\">");
            w_html(w, c->text + t->start, t->end - t->start, 0);
            nerve__w_str(w, "</span>");
            pos = t->end;
            ti++;
        }
        if (!m)
            break;
        if (ms < pos)
            continue;
        size_t t0 = ti;
        while (ti < c->n_trigs && c->trigs[ti].start < me)
            ti++;
        w_plain(c, pos, ms, &ci);
        nerve__w_fmt(w, "<mark class=\"m t-%s\" data-m=\"%zu\"", nerve_type_name(m->type), i);
        if (m->entity != NERVE_NONE)
            nerve__w_fmt(w, " data-ent=\"%zu\"", (size_t)m->entity);
        nerve__w_fmt(w, " data-s=\"%zu\" data-e=\"%zu\" data-t=\"%s\"", ms, me,
                     nerve_type_name(m->type));
        if (ti > t0)
            w_trig_events(c, t0, ti);
        nerve__w_str(w, " title=\"");
        w_mention_title(w, doc, m);
        nerve__w_str(w, "\">");
        w_html(w, c->text + ms, me - ms, 0);
        nerve__w_str(w, "</mark>");
        pos = me;
    }
    w_plain(c, pos, doc->text.n, &ci);
    nerve__w_str(w, "</div></section>");
}

static void w_legend(html_ctx *c)
{
    const nerve_doc *doc = c->doc;
    int present[NERVE_TYPE_COUNT_] = {0};
    for (size_t i = 0; i < doc->mentions.n; i++)
        if (doc->mentions.v[i].type > 0 && doc->mentions.v[i].type < NERVE_TYPE_COUNT_)
            present[doc->mentions.v[i].type] = 1;
    nerve__w_str(c->w, "<ul class=\"legend\">");
    for (int t = 1; t < NERVE_TYPE_COUNT_; t++)
        if (present[t])
            nerve__w_fmt(c->w, "<li><span class=\"sw t-%s\">%s</span>%s</li>", nerve_type_name(t),
                         nerve_type_name(t), TYPE_WORDS[t]);
    if (doc->events.n)
        nerve__w_str(
            c->w, "<li><span class=\"trg\" data-t=\"type\">trigger</span>the word that states an "
                  "event</li>");
    nerve__w_str(c->w, "</ul>");
}

static void w_card(html_ctx *c, size_t i)
{
    nerve__writer *w = c->w;
    const nerve_doc *doc = c->doc;
    const nerve_event *ev = &doc->events.v[i];
    const char *mod = nerve_modality_name(ev->modality);
    const nerve_arg *args = ev->arg_count ? doc->args.v + ev->arg_begin : NULL;
    nerve__w_fmt(w, "<li class=\"card mod-%s\" data-ev=\"%zu\" data-args=\"", mod, i);
    int sep = 0; /* role by role, as the JSON lists them; a phrase is no mention */
    for (size_t a = 0; a < ev->arg_count; a++) {
        int seen = 0;
        for (size_t b = 0; b < a && !seen; b++)
            seen = strcmp(args[b].role, args[a].role) == 0;
        for (size_t b = a; b < ev->arg_count && !seen; b++)
            if (strcmp(args[b].role, args[a].role) == 0 && args[b].mention != NERVE_NONE)
                nerve__w_fmt(w, sep++ ? " %zu" : "%zu", (size_t)args[b].mention);
    }
    nerve__w_str(w, "\" data-evid=\"");
    for (size_t k = 0; k < ev->evidence_count; k++) {
        const nerve_span *sp = &doc->evidence.v[ev->evidence_begin + k];
        nerve__w_fmt(w, k ? " %zu-%zu" : "%zu-%zu", (size_t)sp->start, (size_t)sp->end);
    }
    for (size_t a = 0; a < ev->arg_count; a++) /* phrase fillers are highlighted as spans */
        if (args[a].mention == NERVE_NONE)
            nerve__w_fmt(w, ev->evidence_count || a ? " %zu-%zu" : "%zu-%zu",
                         (size_t)args[a].span.start, (size_t)args[a].span.end);
    nerve__w_str(w, "\" tabindex=\"0\"><div class=\"ch\"><span class=\"etype\">");
    w_html_cstr(w, ev->type, 0);
    nerve__w_fmt(w, "</span><span class=\"mod\">%s</span>", mod);
    const char *when = event_when(doc, ev);
    if (when) {
        nerve__w_str(w, "<span class=\"when\">");
        w_date(w, when);
        nerve__w_str(w, "</span>");
    }
    nerve__w_str(w, "</div><p class=\"trig\">trigger <q>");
    w_html(w, c->text + ev->trigger.start, ev->trigger.end - ev->trigger.start, 0);
    nerve__w_fmt(w, "</q> \xc2\xb7 sentence %zu", (size_t)ev->sentence + 1);
    if (ev->evidence_count > 1) /* merged: the text states it more than once */
        nerve__w_fmt(w, " \xc2\xb7 stated %zu times", (size_t)ev->evidence_count);
    nerve__w_str(w, "</p><dl class=\"roles\">");
    for (size_t a = 0; a < ev->arg_count; a++) {
        int seen = 0;
        for (size_t b = 0; b < a && !seen; b++)
            seen = strcmp(args[b].role, args[a].role) == 0;
        if (seen)
            continue;
        nerve__w_str(w, "<dt>");
        w_html_cstr(w, args[a].role, 0);
        nerve__w_str(w, "</dt><dd>");
        for (size_t b = a; b < ev->arg_count; b++) {
            if (strcmp(args[b].role, args[a].role) != 0)
                continue;
            if (args[b].mention == NERVE_NONE) { /* a phrase: no mention to point at */
                nerve__w_str(
                    w, "<span class=\"chip t-phrase\" title=\"a phrase that names no entity\">");
                w_filler_name(w, doc, &args[b]);
                nerve__w_str(w, "</span>");
                continue;
            }
            const nerve_mention *m = &doc->mentions.v[args[b].mention];
            nerve__w_fmt(w, "<button type=\"button\" class=\"chip t-%s\" data-m=\"%zu\"",
                         nerve_type_name(m->type), (size_t)args[b].mention);
            if (args[b].entity != NERVE_NONE)
                nerve__w_fmt(w, " data-ent=\"%zu\"", (size_t)args[b].entity);
            nerve__w_str(w, " title=\"");
            w_mention_title(w, doc, m);
            nerve__w_str(w, "\">");
            w_filler_name(w, doc, &args[b]);
            if (m->value) {
                nerve__w_str(w, "<small>");
                w_html_cstr(w, m->value, 0);
                nerve__w_str(w, "</small>");
            }
            nerve__w_str(w, "</button>");
        }
        nerve__w_str(w, "</dd>");
    }
    nerve__w_str(w, "</dl><p class=\"prov\">rule <code>");
    w_html_cstr(w, ev->rule ? ev->rule : "?", 0);
    nerve__w_str(w, "</code>");
    if (ev->origin_file) {
        nerve__w_str(w, " \xc2\xb7 <code title=\"");
        w_html_cstr(w, ev->origin_file, 1);
        nerve__w_fmt(w, ":%u\">", (unsigned)ev->origin_line);
        w_html_cstr(w, base_name(ev->origin_file), 0);
        nerve__w_fmt(w, ":%u</code>", (unsigned)ev->origin_line);
    }
    if (ev->cameo)
        nerve__w_fmt(w, " \xc2\xb7 CAMEO %s", ev->cameo);
    nerve__w_fmt(w, " \xc2\xb7 confidence %.2f</p></li>", (double)ev->confidence);
}

static void w_events_panel(html_ctx *c)
{
    const nerve_doc *doc = c->doc;
    nerve__w_fmt(c->w,
                 "<section class=\"panel events\"><h2>Events<span class=\"n\">%zu</span></h2>",
                 doc->events.n);
    if (!doc->events.n) {
        nerve__w_str(c->w, "<p class=\"none\">No event was found.</p></section>");
        return;
    }
    nerve__w_str(c->w, "<ol class=\"cards\">");
    for (size_t i = 0; i < doc->events.n; i++)
        w_card(c, i);
    nerve__w_str(c->w, "</ol></section>");
}

static void w_timeline(html_ctx *c)
{
    nerve__writer *w = c->w;
    const nerve_doc *doc = c->doc;
    nerve__w_fmt(w,
                 "<section class=\"panel timeline\"><h2>Timeline<span class=\"n\">%zu</span></h2>",
                 c->n_dated);
    if (!c->n_dated) {
        nerve__w_str(w, "<p class=\"none\">No event has a date.</p></section>");
        return;
    }
    nerve__w_str(w, "<ol class=\"tl\">");
    int dct_done = !doc->has_dct;
    for (size_t k = 0; k <= c->n_dated; k++) {
        const nerve_event *ev = k < c->n_dated ? &doc->events.v[c->dated[k]] : NULL;
        const char *when = ev ? event_when(doc, ev) : NULL;
        char day[11];
        if (ev)
            timeline_day(when, doc->dct_str, day);
        if (!dct_done && (!ev || strcmp(doc->dct_str, day) < 0)) {
            nerve__w_str(w, "<li class=\"dct\"><time>");
            w_date(w, doc->dct_str);
            nerve__w_str(w, "</time><span class=\"what\">document date</span></li>");
            dct_done = 1;
        }
        if (!ev)
            break;
        nerve__w_fmt(w, "<li class=\"mod-%s\" data-ev=\"%zu\" tabindex=\"0\"><time>",
                     nerve_modality_name(ev->modality), c->dated[k]);
        w_date(w, when);
        nerve__w_str(w, "</time><span class=\"what\"><b>");
        w_html_cstr(w, ev->type, 0);
        nerve__w_str(w, "</b>");
        int shown = 0;
        for (size_t a = 0; a < ev->arg_count && shown < 3; a++) {
            const nerve_arg *arg = &doc->args.v[ev->arg_begin + a];
            if (strcmp(arg->role, "when") == 0)
                continue;
            nerve__w_str(w, shown++ ? ", " : " \xc2\xb7 ");
            w_filler_name(w, doc, arg);
        }
        nerve__w_fmt(w, "</span><br><span class=\"v\">%s \xc2\xb7 ",
                     nerve_modality_name(ev->modality));
        w_html_cstr(w, when, 0);
        nerve__w_str(w, "</span></li>");
    }
    nerve__w_str(w, "</ol></section>");
}

static void w_entities_panel(html_ctx *c)
{
    nerve__writer *w = c->w;
    const nerve_doc *doc = c->doc;
    const nerve__doc_entities *de = &doc->entities;
    static const int ORDER[] = {NERVE_TYPE_PER, NERVE_TYPE_ORG, NERVE_TYPE_LOC, NERVE_TYPE_NORP,
                                NERVE_TYPE_MISC};
    nerve__w_fmt(w,
                 "<section class=\"panel entities\"><h2>Entities<span class=\"n\">%zu</span></h2>",
                 de->ent.n);
    if (!de->ent.n)
        nerve__w_str(w, "<p class=\"none\">No entity was found.</p>");
    else
        nerve__w_str(w, "<ul class=\"ents\">");
    for (size_t o = 0; o <= sizeof ORDER / sizeof ORDER[0] && de->ent.n; o++) {
        for (size_t i = 0; i < de->ent.n; i++) {
            const nerve_entity *e = &de->ent.v[i];
            int known = 0;
            for (size_t k = 0; k < sizeof ORDER / sizeof ORDER[0]; k++)
                known |= e->type == ORDER[k];
            /* the known types in ORDER, then any other type */
            if (o < sizeof ORDER / sizeof ORDER[0] ? e->type != ORDER[o] : known)
                continue;
            const size_t *mem = de->members.v + e->mention_begin;
            nerve__w_fmt(w, "<li class=\"ent\" data-ent=\"%zu\" tabindex=\"0\" data-ms=\"", i);
            for (size_t k = 0; k < e->mention_count; k++)
                nerve__w_fmt(w, k ? " %zu" : "%zu", mem[k]);
            nerve__w_fmt(w, "\"><span class=\"sw t-%s\">%s</span> <b>", nerve_type_name(e->type),
                         nerve_type_name(e->type));
            w_html_cstr(w, e->canonical, 0);
            nerve__w_str(w, "</b>");
            if (e->title) {
                nerve__w_str(w, " <span class=\"sub\">");
                w_html_cstr(w, e->title, 0);
                nerve__w_str(w, "</span>");
            }
            if (e->link_id) {
                nerve__w_str(w, " <code>");
                w_html_cstr(w, e->link_id, 0);
                nerve__w_str(w, "</code>");
            }
            nerve__w_fmt(w, "<span class=\"ms\">%zu mention%s: ", (size_t)e->mention_count,
                         e->mention_count == 1 ? "" : "s");
            /* each distinct surface form once, with how often it occurs */
            int firstf = 1;
            for (size_t k = 0; k < e->mention_count; k++) {
                const nerve_span *sp = &doc->mentions.v[mem[k]].span;
                size_t len = sp->end - sp->start, times = 0;
                int earlier = 0;
                for (size_t j = 0; j < e->mention_count && !earlier; j++) {
                    const nerve_span *o2 = &doc->mentions.v[mem[j]].span;
                    int same = o2->end - o2->start == len &&
                               memcmp(c->text + o2->start, c->text + sp->start, len) == 0;
                    if (same && j < k)
                        earlier = 1;
                    times += same;
                }
                if (earlier)
                    continue;
                nerve__w_str(w, firstf ? "<q>" : ", <q>");
                firstf = 0;
                w_html(w, c->text + sp->start, len, 0);
                nerve__w_str(w, "</q>");
                if (times > 1)
                    nerve__w_fmt(w, " \xc3\x97%zu", times);
            }
            nerve__w_str(w, "</span></li>");
        }
    }
    if (de->ent.n)
        nerve__w_str(w, "</ul>");
    /* Temporal expressions belong to no entity: listed with their values. */
    int any = 0;
    for (size_t i = 0; i < doc->mentions.n; i++) {
        const nerve_mention *m = &doc->mentions.v[i];
        if (m->type < NERVE_TYPE_DATE || m->entity != NERVE_NONE)
            continue;
        if (!any)
            nerve__w_str(w,
                         "<h2 style=\"margin-top:14px\">Dates and times</h2><ul class=\"ents\">");
        any = 1;
        nerve__w_fmt(
            w,
            "<li class=\"ent\" data-m=\"%zu\" tabindex=\"0\"><span class=\"sw t-%s\">%s</span> <b>",
            i, nerve_type_name(m->type), nerve_type_name(m->type));
        w_html(w, c->text + m->span.start, m->span.end - m->span.start, 0);
        nerve__w_str(w, "</b>");
        if (m->value) {
            nerve__w_str(w, " <code>");
            w_html_cstr(w, m->value, 0);
            nerve__w_str(w, "</code>");
        }
        nerve__w_str(w, "</li>");
    }
    if (any)
        nerve__w_str(w, "</ul>");
    nerve__w_str(w, "</section>");
}

void nerve__write_html(nerve__writer *w, const nerve_doc *doc)
{
    html_ctx c;
    memset(&c, 0, sizeof c);
    c.w = w;
    c.doc = doc;
    c.text = doc->text.v ? doc->text.v : "";
    if (ctx_build(&c) != 0) {
        ctx_free(&c);
        w->nomem = 1;
        return;
    }
    const char *id = doc->doc_id;
    /* No </body></html> at the end (both optional): more articles may follow. */
    nerve__w_str(w, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"nerve ");
    nerve__w_str(w, nerve_version_string());
    nerve__w_str(w, "\">\n<title>");
    w_html_cstr(w, id ? id : "document", 0);
    nerve__w_str(w, " \xe2\x80\x94 nerve</title>\n<style>");
    for (size_t i = 0; CSS[i]; i++)
        nerve__w_str(w, CSS[i]);
    nerve__w_str(w, "</style>\n<script>");
    for (size_t i = 0; JS[i]; i++)
        nerve__w_str(w, JS[i]);
    nerve__w_str(w, "</script>\n</head>\n<body>\n");
    nerve__w_str(w, "<article class=\"doc\" data-id=\"");
    w_html_cstr(w, id, 1);
    nerve__w_fmt(w,
                 "\" data-counts=\"%zu entities, %zu events\">\n<header><h1><small>nerve</small>",
                 doc->entities.ent.n, doc->events.n);
    w_html_cstr(w, id ? id : "document", 0);
    nerve__w_str(w, "</h1><p class=\"meta\">");
    if (doc->has_dct) {
        nerve__w_str(w, "document date ");
        w_date(w, doc->dct_str);
        nerve__w_str(w, " \xc2\xb7 ");
    }
    nerve__w_fmt(
        w, "%zu sentences \xc2\xb7 %zu mentions \xc2\xb7 %zu entities \xc2\xb7 %zu events</p>",
        doc->tokens.sent.n, doc->mentions.n, doc->entities.ent.n, doc->events.n);
    w_legend(&c);
    nerve__w_str(w, "</header>\n<div class=\"cols\"><div class=\"main\">");
    w_text_panel(&c);
    nerve__w_str(w, "\n");
    w_timeline(&c);
    nerve__w_str(w, "\n");
    w_entities_panel(&c);
    nerve__w_str(w, "</div>\n<aside>");
    w_events_panel(&c);
    nerve__w_str(w, "</aside></div>\n<footer>Click an event, a trigger, a role or a name to see it "
                    "in the text; click again or press Esc to clear. Hover a name for its "
                    "canonical form, id and rule.</footer>\n</article>\n");
    ctx_free(&c);
}
