/*
 * rules_parse.c - reading rule files (docs/rules.md) into the ruleset's AST:
 * the lexer (statements, continuation lines, comments), the recursive
 * descent parser, include files, and the English inflection generator behind
 * `word~`. Names are resolved later, at compile (rules.c), so declarations
 * may come in any order and across files.
 */
#include "error.h"
#include "io.h"
#include "rules_int.h"
#include "utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deepest nesting of parentheses in one pattern. */
#define NERVE__RMAX_NESTING 32

/* ------------------------------------------------------------------------ */
/* Lexer                                                                    */
/* ------------------------------------------------------------------------ */

enum {
    T_EOF = 0,
    T_BREAK,  /* end of a statement: the next content line starts in column 1 */
    T_NL,     /* end of a rule header line (only when stop_nl is set) */
    T_WORD,   /* bare word; tilde set when `~` follows directly */
    T_STR,    /* "quoted" (value in p->str) */
    T_AT,     /* @name */
    T_AMP,    /* &NAME */
    T_DOLLAR, /* $NAME */
    T_P,      /* one punctuation character (c) */
};

typedef struct lexstate {
    size_t pos, line_start;
    uint32_t line;
    /* current token */
    int t;
    char c;
    int tilde;
    size_t tpos, tlen;    /* T_WORD/T_AT/...: the name bytes; T_STR: the whole literal */
    size_t tend;          /* offset just past the token */
    size_t pend;          /* end of the previous token */
    uint32_t pline, pcol; /* line and column just after the previous token */
    uint32_t tline, tcol;
} lexstate;

typedef struct parser {
    nerve__ruleset *rs;
    const char *file;   /* interned in the arena */
    const char *origin; /* file relative to the origin root, interned */
    const char *src;
    size_t len;
    int depth;
    int nesting; /* open parentheses around the current pattern element */
    int stop_nl;
    int in_rule; /* parsing a rule's pattern: relation clauses may follow it */
    nerve_error *err;
    lexstate L;
    nerve__buf str; /* value of the current T_STR */
    nerve__buf tmp; /* normalization scratch */
} parser;

static int perr(parser *p, uint32_t line, uint32_t col, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int perr(parser *p, uint32_t line, uint32_t col, size_t off, const char *fmt, ...)
{
    if (p->err) {
        char msg[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        nerve__error_set_file(p->err, NERVE_ERULES, p->file, line, col, off, "%s", msg);
    }
    return NERVE_ERULES;
}

/* Error at the current token. */
#define PERR(p, ...) perr((p), (p)->L.tline, (p)->L.tcol, (p)->L.tpos, __VA_ARGS__)

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-' || c == '\'' || c == '/' || c >= 0x80;
}

/*
 * After a newline at p->L.pos: is the next content line (skipping blank and
 * comment-only lines) indented? Returns 1 indented, 0 column 1, -1 end of file.
 */
static int next_line_indented(const parser *p)
{
    size_t q = p->L.pos;
    for (;;) {
        size_t start = q;
        while (q < p->len && (p->src[q] == ' ' || p->src[q] == '\t' || p->src[q] == '\r'))
            q++;
        if (q >= p->len)
            return -1;
        if (p->src[q] == '\n' || p->src[q] == '#') {
            while (q < p->len && p->src[q] != '\n')
                q++;
            if (q < p->len)
                q++;
            continue;
        }
        return q > start;
    }
}

static void set_tok(parser *p, int t, size_t pos)
{
    p->L.t = t;
    p->L.tpos = pos;
    p->L.tlen = 0;
    p->L.tend = pos;
    p->L.tilde = 0;
    p->L.c = 0;
    p->L.tline = p->L.line;
    p->L.tcol = (uint32_t)(pos - p->L.line_start + 1);
}

/* Read the next token into p->L. */
static int next(parser *p)
{
    const char *s = p->src;
    p->L.pend = p->L.tend;
    if (p->L.t != T_BREAK && p->L.t != T_NL && p->L.t != T_EOF) {
        size_t tstart = p->L.tpos;
        if (p->L.t == T_AT || p->L.t == T_AMP || p->L.t == T_DOLLAR)
            tstart--;
        p->L.pline = p->L.tline;
        p->L.pcol = p->L.tcol + (uint32_t)(p->L.tend - tstart);
    }
    for (;;) {
        if (p->L.pos >= p->len) {
            set_tok(p, T_EOF, p->len);
            return NERVE_OK;
        }
        char c = s[p->L.pos];
        if (c == ' ' || c == '\t' || c == '\r') {
            p->L.pos++;
            continue;
        }
        if (c == '#') {
            while (p->L.pos < p->len && s[p->L.pos] != '\n')
                p->L.pos++;
            continue;
        }
        if (c == '\n') {
            size_t nl = p->L.pos;
            if (p->stop_nl)
                set_tok(p, T_NL, nl);
            p->L.pos++;
            p->L.line++;
            p->L.line_start = p->L.pos;
            int ind = next_line_indented(p);
            if (p->stop_nl) {
                if (ind != 1)
                    p->L.t = T_BREAK;
                return NERVE_OK;
            }
            if (ind == 0) {
                /* skip blank lines to the statement start so positions are right */
                for (;;) {
                    size_t q = p->L.pos;
                    while (q < p->len && (s[q] == ' ' || s[q] == '\t' || s[q] == '\r'))
                        q++;
                    if (q < p->len && (s[q] == '\n' || s[q] == '#')) {
                        while (q < p->len && s[q] != '\n')
                            q++;
                        p->L.pos = q + 1;
                        p->L.line++;
                        p->L.line_start = p->L.pos;
                        continue;
                    }
                    break;
                }
                set_tok(p, T_BREAK, p->L.pos);
                return NERVE_OK;
            }
            continue; /* continuation line or end of file */
        }
        break;
    }
    size_t start = p->L.pos;
    unsigned char c = (unsigned char)s[start];
    set_tok(p, T_P, start);
    if (c == '"') {
        p->str.n = 0;
        size_t q = start + 1;
        for (;;) {
            if (q >= p->len || s[q] == '\n')
                return PERR(p, "unterminated string");
            if (s[q] == '"')
                break;
            if (s[q] == '\\' && q + 1 < p->len && (s[q + 1] == '"' || s[q + 1] == '\\'))
                q++;
            if (nerve__buf_putc(&p->rs->al, &p->str, s[q]) != NERVE_OK)
                return NERVE_ENOMEM;
            q++;
        }
        if (nerve__buf_putc(&p->rs->al, &p->str, '\0') != NERVE_OK)
            return NERVE_ENOMEM;
        p->str.n--;
        p->L.t = T_STR;
        p->L.tlen = q + 1 - start;
        p->L.pos = q + 1;
        p->L.tend = p->L.pos;
        return NERVE_OK;
    }
    if ((c == '@' || c == '&' || c == '$') && start + 1 < p->len &&
        is_word_byte((unsigned char)s[start + 1])) {
        size_t q = start + 1;
        while (q < p->len && is_word_byte((unsigned char)s[q]))
            q++;
        p->L.t = c == '@' ? T_AT : c == '&' ? T_AMP : T_DOLLAR;
        p->L.tpos = start + 1;
        p->L.tlen = q - start - 1;
        p->L.pos = p->L.tend = q;
        return NERVE_OK;
    }
    if (is_word_byte(c)) {
        size_t q = start;
        while (q < p->len && is_word_byte((unsigned char)s[q]))
            q++;
        p->L.t = T_WORD;
        p->L.tlen = q - start;
        if (q < p->len && s[q] == '~') {
            p->L.tilde = 1;
            q++;
        }
        p->L.pos = p->L.tend = q;
        return NERVE_OK;
    }
    p->L.c = (char)c;
    p->L.pos = p->L.tend = start + 1;
    return NERVE_OK;
}

static int is_p(const parser *p, char c)
{
    return p->L.t == T_P && p->L.c == c;
}

static int is_word(const parser *p, const char *w)
{
    size_t n = strlen(w);
    return p->L.t == T_WORD && !p->L.tilde && p->L.tlen == n &&
           memcmp(p->src + p->L.tpos, w, n) == 0;
}

static int at_end(const parser *p)
{
    return p->L.t == T_EOF || p->L.t == T_BREAK || p->L.t == T_NL;
}

/* Describe the current token for messages. */
static const char *tok_desc(const parser *p, char *buf, size_t n)
{
    switch (p->L.t) {
    case T_EOF:
        return "end of file";
    case T_BREAK:
    case T_NL:
        return "end of line";
    case T_P:
        /* a NUL byte would end the message; a CR alone is an old Mac line end */
        if (p->L.c == '\0')
            return "a NUL byte";
        if (p->L.c == '\r')
            return "a carriage return (CR-only line ends? use LF or CRLF)";
        snprintf(buf, n, "'%c'", p->L.c);
        return buf;
    case T_STR:
        snprintf(buf, n, "\"%.40s\"", p->str.v ? p->str.v : "");
        return buf;
    default: {
        const char *pre = p->L.t == T_AT       ? "@"
                          : p->L.t == T_AMP    ? "&"
                          : p->L.t == T_DOLLAR ? "$"
                                               : "";
        snprintf(buf, n, "'%s%.*s%s'", pre, (int)(p->L.tlen > 40 ? 40 : p->L.tlen),
                 p->src + p->L.tpos, p->L.tilde ? "~" : "");
        return buf;
    }
    }
}

static int expected(parser *p, const char *what)
{
    char b[80];
    if (at_end(p) && p->L.pline) /* point just after the last token of the statement */
        return perr(p, p->L.pline, p->L.pcol, p->L.pend, "syntax error: expected %s, found %s",
                    what, tok_desc(p, b, sizeof b));
    return PERR(p, "syntax error: expected %s, found %s", what, tok_desc(p, b, sizeof b));
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static const char *intern(parser *p, const char *s, size_t n)
{
    return nerve__arena_strndup(&p->rs->arena, s, n);
}

static const char *tok_str(parser *p)
{
    return intern(p, p->src + p->L.tpos, p->L.tlen);
}

uint32_t nerve__rules_capname_intern(nerve__ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->capnames.n; i++)
        if (strcmp(rs->capnames.v[i], name) == 0)
            return (uint32_t)i;
    const char *c = nerve__arena_strndup(&rs->arena, name, strlen(name));
    if (!c || nerve__vec_push(&rs->al, &rs->capnames, c) != NERVE_OK)
        return NERVE__RNONE;
    return (uint32_t)(rs->capnames.n - 1);
}

static const char *rname_at(const nerve__ruleset *rs, int kind, uint32_t i)
{
    switch (kind) {
    case NERVE__RN_RULE:
        return i < rs->rules.n ? rs->rules.v[i].info.name : NULL;
    case NERVE__RN_DEFINE:
        return i < rs->defines.n ? rs->defines.v[i].name : NULL;
    case NERVE__RN_CLASS:
        return i < rs->classes.n ? rs->classes.v[i].name : NULL;
    default:
        return i < rs->events.n ? rs->events.v[i].name : NULL;
    }
}

static size_t rname_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return (size_t)(h ^ (h >> 29));
}

uint32_t nerve__rules_name_find(const nerve__ruleset *rs, int kind, const char *name)
{
    const nerve__rnames *t = &rs->names[kind];
    if (!t->cap)
        return NERVE__RNONE;
    for (size_t k = rname_hash(name) & (t->cap - 1); t->slot[k]; k = (k + 1) & (t->cap - 1)) {
        const char *n = rname_at(rs, kind, t->slot[k] - 1);
        if (n && strcmp(n, name) == 0)
            return t->slot[k] - 1;
    }
    return NERVE__RNONE;
}

static int rname_add(nerve__ruleset *rs, int kind, uint32_t index)
{
    nerve__rnames *t = &rs->names[kind];
    if ((t->used + 1) * 2 > t->cap) { /* at most half full */
        size_t ncap = t->cap ? t->cap * 2 : 64;
        uint32_t *ns = nerve__calloc(&rs->al, ncap, sizeof *ns);
        if (!ns)
            return NERVE_ENOMEM;
        for (size_t k = 0; k < t->cap; k++) {
            const char *n = t->slot[k] ? rname_at(rs, kind, t->slot[k] - 1) : NULL;
            if (!n)
                continue; /* empty, or rolled back: dropped here */
            size_t j = rname_hash(n) & (ncap - 1);
            while (ns[j])
                j = (j + 1) & (ncap - 1);
            ns[j] = t->slot[k];
        }
        nerve__free(&rs->al, t->slot);
        t->slot = ns;
        t->cap = ncap;
    }
    size_t j = rname_hash(rname_at(rs, kind, index)) & (t->cap - 1);
    while (t->slot[j])
        j = (j + 1) & (t->cap - 1);
    t->slot[j] = index + 1;
    t->used++;
    return NERVE_OK;
}

/* Push item onto vec and index its name; NERVE_OK or NERVE_ENOMEM. */
#define PUSH_NAMED(rs, vec, item, kind)                                                            \
    (nerve__vec_push(&(rs)->al, &(rs)->vec, (item)) != NERVE_OK                                    \
         ? NERVE_ENOMEM                                                                            \
         : rname_add((rs), (kind), (uint32_t)((rs)->vec.n - 1)))

void nerve__rules_names_free(nerve__ruleset *rs)
{
    for (int k = 0; k < NERVE__RN_KINDS_; k++) {
        nerve__free(&rs->al, rs->names[k].slot);
        memset(&rs->names[k], 0, sizeof rs->names[k]);
    }
}

static const char *const type_names[] = {"NONE", "PER",  "LOC",  "ORG",      "NORP",
                                         "MISC", "DATE", "TIME", "DURATION", "SET"};

int nerve__rules_type_id(const char *s, size_t n)
{
    for (int i = 1; i < (int)(sizeof type_names / sizeof *type_names); i++)
        if (strlen(type_names[i]) == n && memcmp(type_names[i], s, n) == 0)
            return i;
    return 0;
}

static uint32_t new_node(parser *p, int kind, uint32_t line, uint32_t col)
{
    nerve__rnode n;
    memset(&n, 0, sizeof n);
    n.kind = (uint8_t)kind;
    n.line = line;
    n.col = col;
    n.file = p->file;
    n.kid = n.next = NERVE__RNONE;
    n.min = n.max = 1;
    if (nerve__vec_push(&p->rs->al, &p->rs->nodes, n) != NERVE_OK)
        return NERVE__RNONE;
    return (uint32_t)(p->rs->nodes.n - 1);
}

static void add_kid(parser *p, uint32_t parent, uint32_t kid)
{
    nerve__rnode *nd = p->rs->nodes.v;
    if (nd[parent].kid == NERVE__RNONE) {
        nd[parent].kid = kid;
        return;
    }
    uint32_t k = nd[parent].kid;
    while (nd[k].next != NERVE__RNONE)
        k = nd[k].next;
    nd[k].next = kid;
}

/* add_kid for loops that append many kids to one parent: *tail is the last
 * kid added through it (NERVE__RNONE at first), so each append is O(1) and a
 * class or alternation of n items parses in O(n), not O(n^2). */
static void add_kid_at(parser *p, uint32_t parent, uint32_t *tail, uint32_t kid)
{
    nerve__rnode *nd = p->rs->nodes.v;
    if (*tail == NERVE__RNONE)
        add_kid(p, parent, kid);
    else
        nd[*tail].next = kid;
    *tail = kid;
    while (nd[*tail].next != NERVE__RNONE)
        *tail = nd[*tail].next;
}

/* Normalized key of s[0..n) interned, or NULL on out of memory. */
static const char *norm_key(parser *p, const char *s, size_t n)
{
    p->tmp.n = 0;
    if (nerve__utf8_normalize(&p->rs->al, &p->tmp, s, n) != NERVE_OK)
        return NULL;
    return intern(p, p->tmp.v ? p->tmp.v : "", p->tmp.n);
}

static uint32_t word_node(parser *p, const char *key, uint32_t line, uint32_t col)
{
    uint32_t w = new_node(p, RN_WORD, line, col);
    if (w != NERVE__RNONE)
        p->rs->nodes.v[w].s = key;
    return w;
}

/* ------------------------------------------------------------------------ */
/* Inflection: visit~ = visit visits visited visiting                        */
/* ------------------------------------------------------------------------ */

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int is_cons(char c)
{
    return c >= 'a' && c <= 'z' && !is_vowel(c);
}

/* Add form to the list (space separated in out), skipping duplicates. */
static int add_form(parser *p, nerve__buf *out, const char *w, size_t n)
{
    const char *v = out->v;
    size_t i = 0;
    while (v && i < out->n) {
        size_t j = i;
        while (j < out->n && v[j] != ' ')
            j++;
        if (j - i == n && memcmp(v + i, w, n) == 0)
            return NERVE_OK;
        i = j + 1;
    }
    if (out->n && nerve__buf_putc(&p->rs->al, out, ' ') != NERVE_OK)
        return NERVE_ENOMEM;
    return nerve__buf_append(&p->rs->al, out, w, n);
}

static int add_suffixed(parser *p, nerve__buf *out, const char *b, size_t n, const char *suf)
{
    char w[160];
    size_t m = strlen(suf);
    if (n + m >= sizeof w)
        return NERVE_OK;
    memcpy(w, b, n);
    memcpy(w + n, suf, m + 1); /* with the NUL, though add_form takes the length */
    return add_form(p, out, w, n + m);
}

/*
 * The forms of base (normalized, ASCII letters for the heuristics to apply):
 * base, -s/-es/-ies, -ed/-d/-ied, -ing (e dropped, ie -> ying), with the
 * final consonant doubled after a single vowel (both spellings for words of
 * more than one syllable), plus the irregular forms of the inflection table
 * (rules/inflections.tsv, loaded before the rules).
 */
static int inflect(parser *p, const char *b, nerve__buf *out)
{
    size_t n = strlen(b);
    out->n = 0;
    int rc = add_form(p, out, b, n);
    const char *f = nerve__rules_irregular_forms(p->rs, b);
    if (!f)
        f = ""; /* no irregular forms: one loop test, no NULL check inside */
    while (*f && rc == NERVE_OK) {
        const char *e = strchr(f, ' ');
        size_t m = e ? (size_t)(e - f) : strlen(f);
        rc = add_form(p, out, f, m);
        f += m;
        while (*f == ' ')
            f++;
    }
    if (rc != NERVE_OK || n < 2)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (b[i] < 'a' || b[i] > 'z')
            return NERVE_OK; /* not a plain word: no regular forms */
    char last = b[n - 1], prev = b[n - 2];
    char stem[160];
    if (n + 2 >= sizeof stem)
        return NERVE_OK;
    /* -s */
    if (last == 's' || last == 'x' || last == 'z' || last == 'o' ||
        (last == 'h' && (prev == 'c' || prev == 's')))
        rc = add_suffixed(p, out, b, n, "es");
    else if (last == 'y' && is_cons(prev))
        rc = add_suffixed(p, out, b, n - 1, "ies");
    else
        rc = add_suffixed(p, out, b, n, "s");
    if (rc != NERVE_OK)
        return rc;
    /* consonant doubling: ends consonant-vowel-consonant, last not w/x/y */
    int cvc = n >= 3 && is_cons(last) && last != 'w' && last != 'x' && last != 'y' &&
              is_vowel(prev) && is_cons(b[n - 3]);
    int groups = 0;
    for (size_t i = 0; i < n; i++)
        if ((is_vowel(b[i]) || (b[i] == 'y' && i > 0)) && (i == 0 || !is_vowel(b[i - 1])))
            groups++;
    memcpy(stem, b, n); // NOLINT(bugprone-not-null-terminated-result): length-delimited
    stem[n] = last;
    /* -ed */
    if (last == 'e')
        rc = add_suffixed(p, out, b, n, "d");
    else if (last == 'y' && is_cons(prev))
        rc = add_suffixed(p, out, b, n - 1, "ied");
    else if (cvc) {
        if (groups > 1)
            rc = add_suffixed(p, out, b, n, "ed");
        if (rc == NERVE_OK)
            rc = add_suffixed(p, out, stem, n + 1, "ed");
    } else
        rc = add_suffixed(p, out, b, n, "ed");
    if (rc != NERVE_OK)
        return rc;
    /* -ing */
    if (last == 'e' && prev == 'i') {
        memcpy(stem, b, n - 2);
        stem[n - 2] = 'y';
        rc = add_suffixed(p, out, stem, n - 1, "ing");
    } else if (last == 'e' && prev != 'e' && prev != 'y' && prev != 'o' && n > 2)
        rc = add_suffixed(p, out, b, n - 1, "ing");
    else if (cvc) {
        if (groups > 1)
            rc = add_suffixed(p, out, b, n, "ing");
        if (rc == NERVE_OK)
            rc = add_suffixed(p, out, stem, n + 1, "ing");
    } else
        rc = add_suffixed(p, out, b, n, "ing");
    return rc;
}

/* RN_ALT of the word forms of the current T_WORD (with tilde). */
static int lemma_node(parser *p, const char *key, uint32_t line, uint32_t col, uint32_t *out)
{
    nerve__buf forms = {0};
    int rc = inflect(p, key, &forms);
    uint32_t alt = rc == NERVE_OK ? new_node(p, RN_ALT, line, col) : NERVE__RNONE;
    if (alt == NERVE__RNONE)
        rc = NERVE_ENOMEM;
    size_t i = 0;
    while (rc == NERVE_OK && i < forms.n) {
        size_t j = i;
        while (j < forms.n && forms.v[j] != ' ')
            j++;
        const char *k = intern(p, forms.v + i, j - i);
        uint32_t w = k ? word_node(p, k, line, col) : NERVE__RNONE;
        if (w == NERVE__RNONE)
            rc = NERVE_ENOMEM;
        else
            add_kid(p, alt, w);
        i = j + 1;
    }
    nerve__vec_free(&p->rs->al, &forms);
    *out = alt;
    return rc;
}

/* Public for tests through rules.h: the forms as a space-separated string. */
int nerve__rules_inflect(const nerve__ruleset *words, const char *base, char *out, size_t outsize)
{
    nerve__ruleset rs;
    memset(&rs, 0, sizeof rs);
    rs.al = words->al;
    rs.inflections = words->inflections; /* read only */
    parser p;
    memset(&p, 0, sizeof p);
    p.rs = &rs;
    nerve__buf forms = {0};
    int rc = inflect(&p, base, &forms);
    if (rc == NERVE_OK && outsize) {
        size_t n = forms.n < outsize - 1 ? forms.n : outsize - 1;
        if (n)
            memcpy(out, forms.v, n);
        out[n] = '\0';
    }
    nerve__vec_free(&rs.al, &forms);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Patterns                                                                 */
/* ------------------------------------------------------------------------ */

static int parse_alt(parser *p, uint32_t *out, int top);

/* A literal (word or string) as RN_WORD, or RN_SEQ of RN_WORD when it has spaces. */
static int literal_node(parser *p, const char *s, size_t n, uint32_t line, uint32_t col,
                        uint32_t *out)
{
    uint32_t seq = NERVE__RNONE, first = NERVE__RNONE, count = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= n)
            break;
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\t')
            j++;
        const char *k = norm_key(p, s + i, j - i);
        uint32_t w = k ? word_node(p, k, line, col) : NERVE__RNONE;
        if (w == NERVE__RNONE)
            return NERVE_ENOMEM;
        if (count == 0) {
            first = w;
        } else {
            if (count == 1) {
                seq = new_node(p, RN_SEQ, line, col);
                if (seq == NERVE__RNONE)
                    return NERVE_ENOMEM;
                add_kid(p, seq, first);
            }
            add_kid(p, seq, w);
        }
        count++;
        i = j;
    }
    if (count == 0)
        return perr(p, line, col, p->L.tpos, "empty string literal");
    *out = count == 1 ? first : seq;
    return NERVE_OK;
}

/* Token flag conditions usable in [ ]. */
enum { F_KIND, F_BIT1, F_BIT2, F_LOWER, F_QUOTE, F_NOSPACE };
static const struct {
    const char *name;
    int how, arg;
} flag_names[] = {
    {"word", F_KIND, NERVE_TOKEN_WORD},
    {"num", F_KIND, NERVE_TOKEN_NUMBER},
    {"number", F_KIND, NERVE_TOKEN_NUMBER},
    {"punct", F_KIND, NERVE_TOKEN_PUNCT},
    {"symbol", F_KIND, NERVE_TOKEN_SYMBOL},
    {"url", F_KIND, NERVE_TOKEN_URL},
    {"email", F_KIND, NERVE_TOKEN_EMAIL},
    {"cap", F_BIT1, 3},
    {"allcaps", F_BIT1, 4},
    {"upper", F_BIT1, 4},
    {"digit", F_BIT1, 5},
    {"start", F_BIT1, 6},
    {"lower", F_LOWER, 0},
    {"hyphen", F_BIT2, 0},
    {"abbrev", F_BIT2, 1},
    {"poss", F_BIT2, 2},
    {"space", F_BIT2, 3},
    {"nospace", F_NOSPACE, 0},
    {"line", F_BIT2, 4},
    {"oquote", F_BIT2, 5},
    {"cquote", F_BIT2, 6},
    {"quote", F_QUOTE, 0},
};

/* Does 7-bit value v of byte `byte` (1 or 2) satisfy the condition? -1: other byte. */
static int flag_holds(int how, int arg, int byte, unsigned v)
{
    switch (how) {
    case F_KIND:
        return byte == 1 ? (int)(v & 7u) == arg : -1;
    case F_BIT1:
        return byte == 1 ? (int)((v >> arg) & 1u) : -1;
    case F_BIT2:
        return byte == 2 ? (int)((v >> arg) & 1u) : -1;
    case F_LOWER:
        return byte == 1 ? ((v & 7u) == NERVE_TOKEN_WORD && !(v & 0x18u)) : -1;
    case F_QUOTE:
        return byte == 2 ? (v & 0x60u) != 0 : -1;
    case F_NOSPACE:
        return byte == 2 ? !(v & 0x08u) : -1;
    default:
        return -1;
    }
}

static void set_clear(uint64_t set[2], unsigned v)
{
    set[v >> 6] &= ~((uint64_t)1 << (v & 63));
}

/* `pos=VERB|AUX` (negated: `!pos=...`) at the word `pos`: clears from the
 * third flag byte's set b3 the values the test refuses (the byte is
 * 0x80 | nerve_pos). Leaves the lexer after the last tag. */
static int parse_pos_test(parser *p, int neg, uint64_t b3[2])
{
    int rc;
    if ((rc = next(p)))
        return rc;
    if (!is_p(p, '='))
        return expected(p, "'=' after 'pos'");
    uint64_t tags[2] = {0, 0};
    do {
        if ((rc = next(p)))
            return rc;
        if (p->L.t != T_WORD || p->L.tilde)
            return expected(p, "a part-of-speech tag (ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM "
                               "PART PRON PROPN PUNCT SCONJ SYM VERB X)");
        int tag = 0;
        for (int i = 1; i < NERVE_POS_COUNT_; i++) {
            const char *name = nerve_pos_name(i);
            if (strlen(name) == p->L.tlen && memcmp(name, p->src + p->L.tpos, p->L.tlen) == 0)
                tag = i;
        }
        if (!tag)
            return PERR(p,
                        "unknown part-of-speech tag '%.*s' (ADJ ADP ADV AUX CCONJ DET INTJ NOUN "
                        "NUM PART PRON PROPN PUNCT SCONJ SYM VERB X)",
                        (int)p->L.tlen, p->src + p->L.tpos);
        tags[tag >> 6] |= (uint64_t)1 << (tag & 63);
        size_t end = p->L.tend;
        if ((rc = next(p)))
            return rc;
        if (!(is_p(p, '|') && p->L.tpos == end))
            break;
    } while (1);
    for (int i = 0; i < 2; i++)
        b3[i] &= neg ? ~tags[i] : tags[i];
    return NERVE_OK;
}

static int parse_test(parser *p, uint32_t *out)
{
    uint32_t line = p->L.tline, col = p->L.tcol;
    size_t off = p->L.tpos;
    int rc = next(p);
    if (rc)
        return rc;
    if (is_p(p, ']')) {
        *out = new_node(p, RN_ANY, line, col);
        return *out == NERVE__RNONE ? NERVE_ENOMEM : next(p);
    }
    nerve__rtest t;
    t.b1[0] = t.b1[1] = t.b2[0] = t.b2[1] = t.b3[0] = t.b3[1] = ~(uint64_t)0;
    uint32_t node = new_node(p, RN_TEST, line, col);
    if (node == NERVE__RNONE)
        return NERVE_ENOMEM;
    while (!is_p(p, ']')) {
        if (at_end(p))
            return perr(p, line, col, off, "unbalanced brackets: '[' is never closed");
        if (p->L.t == T_STR) {
            const char *k = norm_key(p, p->str.v, p->str.n);
            if (!k)
                return NERVE_ENOMEM;
            if (strchr(k, ' ') || !*k)
                return PERR(p, "a token test literal must be one token");
            uint32_t w = word_node(p, k, p->L.tline, p->L.tcol);
            if (w == NERVE__RNONE)
                return NERVE_ENOMEM;
            add_kid(p, node, w);
        } else {
            int neg = 0;
            if (is_p(p, '!')) {
                neg = 1;
                if ((rc = next(p)))
                    return rc;
            }
            if (p->L.t != T_WORD)
                return expected(p, "a token flag or a quoted word");
            if (is_word(p, "pos")) {
                if ((rc = parse_pos_test(p, neg, t.b3)))
                    return rc;
                continue; /* parse_pos_test stops at the token after the tags */
            }
            size_t fi = 0, nf = sizeof flag_names / sizeof *flag_names;
            for (; fi < nf; fi++)
                if (is_word(p, flag_names[fi].name))
                    break;
            if (fi == nf)
                return PERR(p, "unknown token test '%.*s'", (int)p->L.tlen, p->src + p->L.tpos);
            for (unsigned v = 0; v < 128; v++) {
                int h1 = flag_holds(flag_names[fi].how, flag_names[fi].arg, 1, v);
                int h2 = flag_holds(flag_names[fi].how, flag_names[fi].arg, 2, v);
                if (h1 >= 0 && (h1 != 0) == neg)
                    set_clear(t.b1, v);
                if (h2 >= 0 && (h2 != 0) == neg)
                    set_clear(t.b2, v);
            }
        }
        if ((rc = next(p)))
            return rc;
    }
    if ((t.b1[0] | t.b1[1]) == 0 || (t.b2[0] | t.b2[1]) == 0 || (t.b3[0] | t.b3[1]) == 0)
        return perr(p, line, col, off, "token test can never match");
    if (nerve__vec_push(&p->rs->al, &p->rs->tests, t) != NERVE_OK)
        return NERVE_ENOMEM;
    p->rs->nodes.v[node].id = (uint32_t)(p->rs->tests.n - 1);
    *out = node;
    return next(p);
}

/* Is the current token a typed slot (PER, &LOC)? Sets *kind and *id. */
static int slot_token(const parser *p, int *kind, int *id)
{
    if (p->L.t == T_WORD && !p->L.tilde) {
        int t = nerve__rules_type_id(p->src + p->L.tpos, p->L.tlen);
        if (t) {
            *kind = NERVE__RF_MENTION;
            *id = t;
            return 1;
        }
    }
    if (p->L.t == T_AMP) {
        *kind = NERVE__RF_GAZ;
        *id = nerve__rules_type_id(p->src + p->L.tpos, p->L.tlen);
        return 1;
    }
    return 0;
}

static int add_feat(parser *p, uint32_t slot, int kind, int id)
{
    if (id == 0)
        return PERR(p, "unknown entity type '%.*s'", (int)p->L.tlen, p->src + p->L.tpos);
    uint32_t f = new_node(p, RN_FEAT, p->L.tline, p->L.tcol);
    if (f == NERVE__RNONE)
        return NERVE_ENOMEM;
    p->rs->nodes.v[f].sub = (uint8_t)kind;
    p->rs->nodes.v[f].id = (uint32_t)id;
    add_kid(p, slot, f);
    return NERVE_OK;
}

/* Can node be tested on one token (for `!`)? */
static int single_token(const nerve__ruleset *rs, uint32_t n)
{
    const nerve__rnode *nd = &rs->nodes.v[n];
    switch (nd->kind) {
    case RN_WORD:
    case RN_TEST:
    case RN_CLASS:
    case RN_SLOT:
        return 1;
    case RN_ALT:
        for (uint32_t k = nd->kid; k != NERVE__RNONE; k = rs->nodes.v[k].next)
            if (!single_token(rs, k))
                return 0;
        return 1;
    default:
        return 0;
    }
}

static int parse_elem(parser *p, uint32_t *out)
{
    uint32_t line = p->L.tline, col = p->L.tcol;
    size_t off = p->L.tpos;
    int rc, kind, id;
    char b[80];
    if (slot_token(p, &kind, &id)) {
        uint32_t slot = new_node(p, RN_SLOT, line, col);
        if (slot == NERVE__RNONE)
            return NERVE_ENOMEM;
        if ((rc = add_feat(p, slot, kind, id)))
            return rc;
        if ((rc = next(p)))
            return rc;
        /* PER|ORG|&LOC: absorb further typed slots into this one */
        while (is_p(p, '|') && p->L.tpos == p->L.pend) {
            lexstate save = p->L;
            if ((rc = next(p)))
                return rc;
            size_t start = p->L.t == T_AMP ? p->L.tpos - 1 : p->L.tpos;
            if (!slot_token(p, &kind, &id) || start != p->L.pend) {
                p->L = save;
                break;
            }
            if ((rc = add_feat(p, slot, kind, id)) || (rc = next(p)))
                return rc;
        }
        *out = slot;
        return NERVE_OK;
    }
    switch (p->L.t) {
    case T_WORD: {
        const char *k = norm_key(p, p->src + p->L.tpos, p->L.tlen);
        if (!k)
            return NERVE_ENOMEM;
        if (p->L.tilde)
            rc = lemma_node(p, k, line, col, out);
        else
            rc = (*out = word_node(p, k, line, col)) == NERVE__RNONE ? NERVE_ENOMEM : NERVE_OK;
        return rc ? rc : next(p);
    }
    case T_STR:
        if ((rc = literal_node(p, p->str.v, p->str.n, line, col, out)))
            return rc;
        return next(p);
    case T_AT:
    case T_DOLLAR: {
        uint32_t n = new_node(p, p->L.t == T_AT ? RN_CLASS : RN_MACRO, line, col);
        if (n == NERVE__RNONE)
            return NERVE_ENOMEM;
        const char *s = tok_str(p);
        if (!s)
            return NERVE_ENOMEM;
        p->rs->nodes.v[n].s = s;
        *out = n;
        return next(p);
    }
    case T_P:
        break;
    default:
        return expected(p, "a pattern element");
    }
    switch (p->L.c) {
    case '[':
        return parse_test(p, out);
    case '(': {
        /* Bounded nesting: the parser and the compiler recurse per level. */
        if (p->nesting >= NERVE__RMAX_NESTING)
            return perr(p, line, col, off, "parentheses nested too deeply (limit %d)",
                        NERVE__RMAX_NESTING);
        if ((rc = next(p)))
            return rc;
        if (is_p(p, ')'))
            return perr(p, line, col, off, "empty group");
        p->nesting++;
        rc = parse_alt(p, out, 0);
        p->nesting--;
        if (rc)
            return rc;
        if (!is_p(p, ')')) {
            if (at_end(p))
                return perr(p, line, col, off, "unbalanced parentheses: '(' is never closed");
            return expected(p, "')'");
        }
        return next(p);
    }
    case '!': {
        if ((rc = next(p)))
            return rc;
        uint32_t kid = NERVE__RNONE;
        uint32_t kl = p->L.tline, kc = p->L.tcol;
        size_t ko = p->L.tpos;
        if ((rc = parse_elem(p, &kid)))
            return rc;
        if (!single_token(p->rs, kid))
            return perr(p, kl, kc, ko, "negation needs a single-token atom");
        uint32_t n = new_node(p, RN_NOT, line, col);
        if (n == NERVE__RNONE)
            return NERVE_ENOMEM;
        add_kid(p, n, kid);
        *out = n;
        return NERVE_OK;
    }
    case '^':
    case '$': {
        uint32_t n = new_node(p, p->L.c == '^' ? RN_BOL : RN_EOL, line, col);
        if (n == NERVE__RNONE)
            return NERVE_ENOMEM;
        p->rs->nodes.v[n].min = p->rs->nodes.v[n].max = 0;
        *out = n;
        return next(p);
    }
    case ')':
        return PERR(p, "unbalanced parentheses: unexpected ')'");
    case ']':
        return PERR(p, "unbalanced brackets: unexpected ']'");
    default:
        return PERR(p, "syntax error: expected a pattern element, found %s",
                    tok_desc(p, b, sizeof b));
    }
}

static int parse_uint(parser *p, unsigned *v)
{
    if (p->L.t != T_WORD || p->L.tilde)
        return expected(p, "a number");
    unsigned x = 0;
    for (size_t i = 0; i < p->L.tlen; i++) {
        char c = p->src[p->L.tpos + i];
        if (c < '0' || c > '9' || x > 100000)
            return PERR(p, "bad quantifier: '%.*s' is not a number", (int)p->L.tlen,
                        p->src + p->L.tpos);
        x = x * 10 + (unsigned)(c - '0');
    }
    *v = x;
    return next(p);
}

/* Quantifier after an element; *min, *max set (default 1,1). */
static int parse_quant(parser *p, unsigned *min, unsigned *max, int *lazy, int *has)
{
    int rc;
    *min = *max = 1;
    *lazy = 0;
    *has = 0;
    if (!(is_p(p, '?') || is_p(p, '*') || is_p(p, '+') || is_p(p, '{')))
        return NERVE_OK;
    *has = 1;
    uint32_t line = p->L.tline, col = p->L.tcol;
    size_t off = p->L.tpos;
    char c = p->L.c;
    if (c == '{') {
        if ((rc = next(p)) || (rc = parse_uint(p, min)))
            return rc;
        *max = *min;
        if (is_p(p, ',')) {
            if ((rc = next(p)))
                return rc;
            if (is_p(p, '}'))
                *max = NERVE__RINF;
            else if ((rc = parse_uint(p, max)))
                return rc;
        }
        if (!is_p(p, '}'))
            return expected(p, "'}'");
        if (*max != NERVE__RINF && *max > NERVE__RMAX_REPEAT)
            return perr(p, line, col, off, "bad quantifier: bound %u exceeds %d", *max,
                        NERVE__RMAX_REPEAT);
        if (*min > NERVE__RMAX_REPEAT)
            return perr(p, line, col, off, "bad quantifier: bound %u exceeds %d", *min,
                        NERVE__RMAX_REPEAT);
        if (*max != NERVE__RINF && *min > *max)
            return perr(p, line, col, off, "bad quantifier: minimum %u exceeds maximum %u", *min,
                        *max);
        if (*max == 0)
            return perr(p, line, col, off, "bad quantifier: {0} matches nothing");
    } else {
        *min = c == '+' ? 1 : 0;
        *max = c == '?' ? 1 : NERVE__RINF;
    }
    size_t end = p->L.tend;
    if ((rc = next(p)))
        return rc;
    if (is_p(p, '?') && p->L.tpos == end) {
        *lazy = 1;
        if ((rc = next(p)))
            return rc;
    }
    if (is_p(p, '?') || is_p(p, '*') || is_p(p, '+') || is_p(p, '{'))
        return PERR(p, "bad quantifier: quantifier follows a quantifier");
    return NERVE_OK;
}

static int parse_item(parser *p, uint32_t *out)
{
    int rc;
    uint32_t cap = NERVE__RNONE;
    if (p->L.t == T_WORD && !p->L.tilde && p->L.tend < p->len && p->src[p->L.tend] == ':') {
        cap = new_node(p, RN_CAP, p->L.tline, p->L.tcol);
        const char *name = tok_str(p);
        if (cap == NERVE__RNONE || !name)
            return NERVE_ENOMEM;
        p->rs->nodes.v[cap].s = name;
        p->rs->nodes.v[cap].id = nerve__rules_capname_intern(p->rs, name);
        if (p->rs->nodes.v[cap].id == NERVE__RNONE)
            return NERVE_ENOMEM;
        if ((rc = next(p)) != NERVE_OK) /* past the name ... */
            return rc;
        if ((rc = next(p)) != NERVE_OK) /* ... and the ':' */
            return rc;
        if (at_end(p) || is_p(p, '|') || is_p(p, ')'))
            return expected(p, "a pattern element after the capture name");
    }
    uint32_t el;
    if ((rc = parse_elem(p, &el)))
        return rc;
    uint32_t ql = p->L.tline, qc = p->L.tcol;
    unsigned min, max;
    int lazy, has;
    size_t qoff = p->L.tpos;
    if ((rc = parse_quant(p, &min, &max, &lazy, &has)))
        return rc;
    if (has) {
        int k = p->rs->nodes.v[el].kind;
        if (k == RN_BOL || k == RN_EOL)
            return perr(p, ql, qc, qoff, "bad quantifier: an anchor cannot be repeated");
        uint32_t r = new_node(p, RN_REP, ql, qc);
        if (r == NERVE__RNONE)
            return NERVE_ENOMEM;
        nerve__rnode *rn = &p->rs->nodes.v[r];
        rn->min = (uint16_t)min;
        rn->max = (uint16_t)max;
        rn->lazy = (uint8_t)lazy;
        add_kid(p, r, el);
        el = r;
    }
    if (cap != NERVE__RNONE) {
        add_kid(p, cap, el);
        el = cap;
    }
    *out = el;
    return NERVE_OK;
}

/*
 * Does a relation clause start at the current token (`who:PER|ORG = ...`,
 * `what? = ...`)? Only after a rule's pattern, outside parentheses; `=`
 * never occurs in a pattern, so the name, its types and the `=` decide.
 */
static int at_relation(const parser *p)
{
    if (!p->in_rule || p->nesting || p->L.t != T_WORD || p->L.tilde)
        return 0;
    size_t q = p->L.tend;
    const char *s = p->src;
    if (q < p->len && s[q] == ':') {
        q++;
        while (q < p->len && ((s[q] >= 'A' && s[q] <= 'Z') || s[q] == '|' || s[q] == '&'))
            q++;
    }
    if (q < p->len && s[q] == '?')
        q++;
    while (q < p->len && (s[q] == ' ' || s[q] == '\t'))
        q++;
    return q < p->len && s[q] == '=';
}

static int seq_end(const parser *p)
{
    return at_end(p) || is_p(p, '|') || is_p(p, ')') || at_relation(p);
}

static int parse_seq(parser *p, uint32_t *out, int top)
{
    uint32_t line = p->L.tline, col = p->L.tcol;
    if (at_relation(p))
        return PERR(p, "a relation clause comes after the pattern that captures its anchor");
    if (seq_end(p)) {
        if (is_p(p, ')') && top)
            return PERR(p, "unbalanced parentheses: unexpected ')'");
        return PERR(p, top && at_end(p) ? "empty pattern" : "empty alternative");
    }
    uint32_t first = NERVE__RNONE, seq = NERVE__RNONE, tail = NERVE__RNONE;
    int rc = parse_item(p, &first);
    if (rc)
        return rc;
    while (!seq_end(p)) {
        uint32_t it = NERVE__RNONE;
        if ((rc = parse_item(p, &it)))
            return rc;
        if (seq == NERVE__RNONE) {
            seq = new_node(p, RN_SEQ, line, col);
            if (seq == NERVE__RNONE)
                return NERVE_ENOMEM;
            add_kid_at(p, seq, &tail, first);
        }
        add_kid_at(p, seq, &tail, it);
    }
    *out = seq == NERVE__RNONE ? first : seq;
    return NERVE_OK;
}

static int parse_alt(parser *p, uint32_t *out, int top)
{
    uint32_t line = p->L.tline, col = p->L.tcol;
    uint32_t first, alt = NERVE__RNONE, tail = NERVE__RNONE;
    int rc = parse_seq(p, &first, top);
    if (rc)
        return rc;
    while (is_p(p, '|')) {
        if ((rc = next(p)))
            return rc;
        uint32_t s;
        if ((rc = parse_seq(p, &s, 0)))
            return rc;
        if (alt == NERVE__RNONE) {
            alt = new_node(p, RN_ALT, line, col);
            if (alt == NERVE__RNONE)
                return NERVE_ENOMEM;
            add_kid_at(p, alt, &tail, first);
        }
        add_kid_at(p, alt, &tail, s);
    }
    *out = alt == NERVE__RNONE ? first : alt;
    return NERVE_OK;
}

/* One step of a relation path at '>' or '<': `>obl[to]`, `<xcomp`,
 * `>obj|nsubj:pass`. The relation names are read from the source (they
 * hold ':', which the lexer does not join into a word). */
static int parse_step(parser *p, nerve__rstep *st)
{
    int rc;
    memset(st, 0, sizeof *st);
    st->down = is_p(p, '>');
    const char *s = p->src;
    size_t q = p->L.tend;
    do {
        size_t b = q;
        while (q < p->len && ((s[q] >= 'a' && s[q] <= 'z') || s[q] == ':'))
            q++;
        uint32_t col = p->L.tcol + (uint32_t)(b - p->L.tpos);
        if (q == b)
            return perr(p, p->L.tline, col, b,
                        "syntax error: expected a relation name after '%c' (nsubj, obj, obl, "
                        "nsubj:pass, ...)",
                        st->down ? '>' : '<');
        int dep = 0;
        for (int d = 1; d < NERVE_DEP_COUNT_ && !dep; d++) {
            const char *name = nerve_dep_name(d);
            if (strlen(name) == q - b && memcmp(name, s + b, q - b) == 0)
                dep = d;
        }
        if (!dep)
            return perr(p, p->L.tline, col, b,
                        "unknown relation '%.*s' (Universal Dependencies names such as nsubj, "
                        "nsubj:pass, obj, iobj, obl, obl:agent, nmod, xcomp, conj, appos, "
                        "acl:relcl)",
                        (int)(q - b), s + b);
        st->deps |= (uint64_t)1 << dep;
    } while (q < p->len && s[q] == '|' && ++q);
    st->line = p->L.tline;
    st->col = p->L.tcol;
    p->L.pos = p->L.tend = q; /* the lexer goes on after the names */
    if ((rc = next(p)))
        return rc;
    if (!(is_p(p, '[') && p->L.tpos == q))
        return NERVE_OK;
    uint32_t bl = p->L.tline, bc = p->L.tcol;
    size_t boff = p->L.tpos;
    if ((rc = next(p)))
        return rc;
    while (!is_p(p, ']')) {
        if (at_end(p))
            return perr(p, bl, bc, boff, "unbalanced brackets: '[' is never closed");
        const char *k;
        if (p->L.t == T_WORD && !p->L.tilde)
            k = norm_key(p, p->src + p->L.tpos, p->L.tlen);
        else if (p->L.t == T_STR)
            k = norm_key(p, p->str.v, p->str.n);
        else
            return expected(p, "a word that a case or mark child must be, or ']'");
        if (!k)
            return NERVE_ENOMEM;
        if (st->nwords == NERVE__RMAX_STEP_WORDS)
            return PERR(p, "too many words in a relation filter (limit %d)",
                        NERVE__RMAX_STEP_WORDS);
        st->words[st->nwords++] = k;
        if ((rc = next(p)))
            return rc;
    }
    if (st->nwords == 0)
        return perr(p, bl, bc, boff, "empty relation filter '[]'");
    return next(p);
}

/* A relation clause: role [":" TYPE { "|" TYPE }] ["?"] "=" anchor step { step }. */
static int parse_relation(parser *p)
{
    nerve__rrel r;
    memset(&r, 0, sizeof r);
    r.file = p->origin;
    r.line = p->L.tline;
    r.col = p->L.tcol;
    const char *name = tok_str(p);
    if (!name || (r.name = nerve__rules_capname_intern(p->rs, name)) == NERVE__RNONE)
        return NERVE_ENOMEM;
    int rc;
    size_t end = p->L.tend;
    if ((rc = next(p)))
        return rc;
    if (is_p(p, ':') && p->L.tpos == end) {
        if ((rc = next(p)))
            return rc;
        for (;;) {
            int kind, id;
            if (!slot_token(p, &kind, &id))
                return expected(p, "an entity type (PER, LOC, ORG, ...) or '='");
            if (kind != NERVE__RF_MENTION)
                return PERR(p,
                            "a relation fills its role with a mention: write '%.*s', not "
                            "'&%.*s'",
                            (int)p->L.tlen, p->src + p->L.tpos, (int)p->L.tlen, p->src + p->L.tpos);
            r.types |= 1u << id;
            end = p->L.tend;
            if ((rc = next(p)))
                return rc;
            if (!(is_p(p, '|') && p->L.tpos == end))
                break;
            if ((rc = next(p)))
                return rc;
        }
    }
    if (is_p(p, '?')) {
        r.optional = 1;
        if ((rc = next(p)))
            return rc;
    }
    if (!is_p(p, '='))
        return expected(p, "'=' in the relation clause");
    if ((rc = next(p)))
        return rc;
    if (p->L.t != T_WORD || p->L.tilde)
        return expected(p, "the name of a capture of the pattern (such as trigger)");
    r.anchor_line = p->L.tline;
    r.anchor_col = p->L.tcol;
    const char *anchor = tok_str(p);
    if (!anchor || (r.anchor = nerve__rules_capname_intern(p->rs, anchor)) == NERVE__RNONE)
        return NERVE_ENOMEM;
    if ((rc = next(p)))
        return rc;
    while (is_p(p, '>') || is_p(p, '<')) {
        if (r.nsteps == NERVE__RMAX_STEPS)
            return PERR(p, "relation path too long (limit %d steps)", NERVE__RMAX_STEPS);
        if ((rc = parse_step(p, &r.step[r.nsteps])))
            return rc;
        r.nsteps++;
    }
    if (r.nsteps == 0)
        return expected(p, "a relation step such as '>nsubj' or '<xcomp' after the anchor");
    if (nerve__vec_push(&p->rs->al, &p->rs->rels, r) != NERVE_OK)
        return NERVE_ENOMEM;
    return NERVE_OK;
}

/* A whole pattern up to the end of the statement (for a rule, with the
 * relation clauses after it). */
static int parse_pattern(parser *p, uint32_t *out)
{
    int rc = parse_alt(p, out, 1);
    if (rc)
        return rc;
    if (is_p(p, ')'))
        return PERR(p, "unbalanced parentheses: unexpected ')'");
    int nrel = 0;
    for (; at_relation(p); nrel++)
        if ((rc = parse_relation(p)))
            return rc;
    if (!at_end(p))
        return expected(p, nrel ? "a relation clause or end of rule" : "end of pattern");
    return NERVE_OK;
}

/* ------------------------------------------------------------------------ */
/* Statements                                                               */
/* ------------------------------------------------------------------------ */

static int expect_name(parser *p, const char *what, const char **out)
{
    *out = "";
    if (p->L.t != T_WORD || p->L.tilde)
        return expected(p, what);
    *out = tok_str(p);
    if (!*out)
        return NERVE_ENOMEM;
    return next(p);
}

static int parse_rule(parser *p)
{
    nerve__ruleset *rs = p->rs;
    nerve__rrule r;
    memset(&r, 0, sizeof r);
    r.info.file = p->origin;
    r.info.line = p->L.tline;
    r.col = p->L.tcol;
    r.info.confidence = 1.0f;
    r.root = NERVE__RNONE;
    p->stop_nl = 1;
    int rc = next(p);
    if (rc)
        return rc;
    uint32_t nl = p->L.tline, nc = p->L.tcol;
    size_t noff = p->L.tpos;
    if ((rc = expect_name(p, "a rule name", &r.info.name)))
        return rc;
    if (!is_p(p, ':'))
        return expected(p, "':' after the rule name");
    if ((rc = next(p)))
        return rc;
    if (is_word(p, "entity"))
        r.info.kind = NERVE__RULE_ENTITY;
    else if (is_word(p, "event"))
        r.info.kind = NERVE__RULE_EVENT;
    else
        return expected(p, "'entity' or 'event'");
    if ((rc = next(p)))
        return rc;
    r.label_line = p->L.tline;
    r.label_col = p->L.tcol;
    if (r.info.kind == NERVE__RULE_ENTITY) {
        if (p->L.t != T_WORD || !nerve__rules_type_id(p->src + p->L.tpos, p->L.tlen)) {
            if (p->L.t == T_WORD)
                return PERR(p, "unknown entity type '%.*s'", (int)p->L.tlen, p->src + p->L.tpos);
            return expected(
                p, "an entity type (PER, LOC, ORG, NORP, MISC, DATE, TIME, DURATION, SET)");
        }
    }
    if ((rc = expect_name(p, "an event type", &r.info.label)))
        return rc;
    while (!at_end(p)) {
        if (is_word(p, "priority")) {
            if ((rc = next(p)))
                return rc;
            char *end;
            char num[32];
            if (p->L.t != T_WORD || p->L.tlen >= sizeof num)
                return expected(p, "an integer priority");
            memcpy(num, p->src + p->L.tpos, p->L.tlen);
            num[p->L.tlen] = '\0';
            errno = 0;
            long v = strtol(num, &end, 10);
            if (*end || errno || v < -1000000 || v > 1000000)
                return PERR(p, "bad number '%s': expected an integer priority", num);
            r.info.priority = (int)v;
        } else if (is_word(p, "confidence")) {
            if ((rc = next(p)))
                return rc;
            char *end;
            char num[32];
            if (p->L.t != T_WORD || p->L.tlen >= sizeof num)
                return expected(p, "a confidence between 0 and 1");
            memcpy(num, p->src + p->L.tpos, p->L.tlen);
            num[p->L.tlen] = '\0';
            double v = strtod(num, &end);
            if (*end || !(v >= 0.0 && v <= 1.0))
                return PERR(p, "bad number '%s': expected a confidence between 0 and 1", num);
            r.info.confidence = (float)v;
        } else if (is_word(p, "subtype")) {
            if ((rc = next(p)))
                return rc;
            if (p->L.t != T_WORD)
                return expected(p, "a subtype name");
            if (!(r.info.subtype = tok_str(p)))
                return NERVE_ENOMEM;
        } else if (is_word(p, "cameo")) {
            if ((rc = next(p)))
                return rc;
            if (p->L.t != T_WORD)
                return expected(p, "a CAMEO code");
            if (!(r.info.cameo = tok_str(p)))
                return NERVE_ENOMEM;
        } else if (is_word(p, "veto")) {
            if (r.info.kind != NERVE__RULE_EVENT)
                return PERR(p, "'veto' is an option of event rules only");
            r.info.veto = 1;
        } else if (p->L.t == T_WORD) {
            return PERR(p,
                        "unknown rule option '%.*s' (priority, confidence, subtype, cameo, veto)",
                        (int)p->L.tlen, p->src + p->L.tpos);
        } else {
            return expected(p, "a rule option or end of line");
        }
        if ((rc = next(p)))
            return rc;
    }
    uint32_t dup = nerve__rules_name_find(rs, NERVE__RN_RULE, r.info.name);
    if (dup != NERVE__RNONE)
        return perr(p, nl, nc, noff, "duplicate rule name '%s' (first defined at %s:%u)",
                    r.info.name, rs->rules.v[dup].info.file, rs->rules.v[dup].info.line);
    p->stop_nl = 0;
    if (p->L.t != T_NL)
        return perr(p, r.info.line, r.col, p->L.tpos, "empty pattern in rule '%s'", r.info.name);
    if ((rc = next(p)))
        return rc;
    r.pat_line = p->L.tline;
    r.pat_col = p->L.tcol;
    if (at_end(p))
        return perr(p, r.info.line, r.col, p->L.tpos, "empty pattern in rule '%s'", r.info.name);
    r.rel_first = (uint32_t)rs->rels.n;
    p->in_rule = 1;
    rc = parse_pattern(p, &r.root);
    p->in_rule = 0;
    if (rc)
        return rc;
    r.rel_count = (uint32_t)(rs->rels.n - r.rel_first);
    return PUSH_NAMED(rs, rules, r, NERVE__RN_RULE);
}

static int parse_define(parser *p)
{
    nerve__rdefine d;
    memset(&d, 0, sizeof d);
    d.file = p->origin;
    d.line = p->L.tline;
    d.col = p->L.tcol;
    int rc = next(p);
    if (rc)
        return rc;
    uint32_t nl = p->L.tline, nc = p->L.tcol;
    size_t noff = p->L.tpos;
    if ((rc = expect_name(p, "a define name", &d.name)))
        return rc;
    uint32_t dup = nerve__rules_name_find(p->rs, NERVE__RN_DEFINE, d.name);
    if (dup != NERVE__RNONE)
        return perr(p, nl, nc, noff, "duplicate define '%s' (first defined at %s:%u)", d.name,
                    p->rs->defines.v[dup].file, p->rs->defines.v[dup].line);
    if (!is_p(p, '='))
        return expected(p, "'='");
    if ((rc = next(p)))
        return rc;
    if (at_end(p))
        return PERR(p, "empty pattern in define '%s'", d.name);
    if ((rc = parse_pattern(p, &d.root)))
        return rc;
    return PUSH_NAMED(p->rs, defines, d, NERVE__RN_DEFINE);
}

static int parse_class(parser *p)
{
    nerve__rclass c;
    memset(&c, 0, sizeof c);
    c.file = p->origin;
    c.line = p->L.tline;
    c.col = p->L.tcol;
    int rc = next(p);
    if (rc)
        return rc;
    uint32_t nl = p->L.tline, nc = p->L.tcol;
    size_t noff = p->L.tpos;
    if ((rc = expect_name(p, "a class name", &c.name)))
        return rc;
    uint32_t dup = nerve__rules_name_find(p->rs, NERVE__RN_CLASS, c.name);
    if (dup != NERVE__RNONE)
        return perr(p, nl, nc, noff, "duplicate class '%s' (first defined at %s:%u)", c.name,
                    p->rs->classes.v[dup].file, p->rs->classes.v[dup].line);
    if (!is_p(p, '='))
        return expected(p, "'='");
    if ((rc = next(p)))
        return rc;
    c.root = new_node(p, RN_ALT, c.line, c.col);
    if (c.root == NERVE__RNONE)
        return NERVE_ENOMEM;
    int n = 0;
    uint32_t tail = NERVE__RNONE;
    while (!at_end(p)) {
        uint32_t e = NERVE__RNONE, line = p->L.tline, col = p->L.tcol;
        if (p->L.t == T_WORD) {
            const char *k = norm_key(p, p->src + p->L.tpos, p->L.tlen);
            if (!k)
                return NERVE_ENOMEM;
            if (p->L.tilde)
                rc = lemma_node(p, k, line, col, &e);
            else
                rc = (e = word_node(p, k, line, col)) == NERVE__RNONE ? NERVE_ENOMEM : NERVE_OK;
        } else if (p->L.t == T_STR) {
            rc = literal_node(p, p->str.v, p->str.n, line, col, &e);
        } else {
            return expected(p, "a word or a quoted phrase");
        }
        if (rc)
            return rc;
        add_kid_at(p, c.root, &tail, e);
        n++;
        if ((rc = next(p)))
            return rc;
    }
    if (n == 0)
        return perr(p, c.line, c.col, p->L.tpos, "empty class '%s'", c.name);
    return PUSH_NAMED(p->rs, classes, c, NERVE__RN_CLASS);
}

/* An event declaration's `key ROLE ...` or `clause ROLE ...` (what is one
 * of "key" and "clause"): when present, at least one of the n roles, no
 * duplicate, up to the next section word or the end of the line. */
static int parse_role_subset(parser *p, const char *what, const nerve__revent *e,
                             const char *const *roles, uint32_t n, const char **out, uint32_t *nout)
{
    *nout = 0;
    if (!is_word(p, what))
        return NERVE_OK;
    int rc = next(p);
    if (rc)
        return rc;
    while (p->L.t == T_WORD && !is_word(p, "cameo") && !is_word(p, "clause") &&
           !is_word(p, "agent")) {
        const char *k = tok_str(p);
        if (!k)
            return NERVE_ENOMEM;
        uint32_t i = 0;
        while (i < n && strcmp(roles[i], k) != 0)
            i++;
        if (i == n)
            return PERR(p, "%s role '%s' is not one of the roles of '%s'", what, k, e->name);
        for (uint32_t j = 0; j < *nout; j++)
            if (strcmp(out[j], k) == 0)
                return PERR(p, "duplicate %s role '%s'", what, k);
        if (*nout == 64)
            return PERR(p, "too many %s roles (limit 64)", what);
        out[(*nout)++] = roles[i];
        if ((rc = next(p)))
            return rc;
    }
    if (*nout == 0)
        return expected(p, strcmp(what, "key") == 0 ? "a key role name" : "a clause role name");
    return NERVE_OK;
}

static int parse_event(parser *p)
{
    nerve__revent e;
    memset(&e, 0, sizeof e);
    e.file = p->origin;
    e.line = p->L.tline;
    e.col = p->L.tcol;
    int rc = next(p);
    if (rc)
        return rc;
    uint32_t nl = p->L.tline, nc = p->L.tcol;
    size_t noff = p->L.tpos;
    if ((rc = expect_name(p, "an event type name", &e.name)))
        return rc;
    uint32_t dup = nerve__rules_name_find(p->rs, NERVE__RN_EVENT, e.name);
    if (dup != NERVE__RNONE)
        return perr(p, nl, nc, noff, "duplicate event type '%s' (first declared at %s:%u)", e.name,
                    p->rs->events.v[dup].file, p->rs->events.v[dup].line);
    if (!is_word(p, "roles"))
        return expected(p, "'roles'");
    if ((rc = next(p)))
        return rc;
    const char *roles[64];
    uint32_t n = 0;
    while (p->L.t == T_WORD && !is_word(p, "cameo") && !is_word(p, "key") &&
           !is_word(p, "clause") && !is_word(p, "agent")) {
        if (n == 64)
            return PERR(p, "too many roles (limit 64)");
        const char *r = tok_str(p);
        if (!r)
            return NERVE_ENOMEM;
        for (uint32_t i = 0; i < n; i++)
            if (strcmp(roles[i], r) == 0)
                return PERR(p, "duplicate role '%s'", r);
        roles[n++] = r;
        if ((rc = next(p)))
            return rc;
    }
    if (n == 0)
        return expected(p, "a role name");
    const char *keys[64], *clauses[64];
    uint32_t nk = 0, ncl = 0;
    if ((rc = parse_role_subset(p, "key", &e, roles, n, keys, &nk)))
        return rc;
    /* roles a clause fills ("to seek new credits"), kept as their rule
     * delimits them rather than cut like a noun phrase */
    if ((rc = parse_role_subset(p, "clause", &e, roles, n, clauses, &ncl)))
        return rc;
    /* the role an active trigger's subject fills instead of who ("police
     * detained ..." names the arrester, not the arrested) */
    if (is_word(p, "agent")) {
        if ((rc = next(p)))
            return rc;
        if (p->L.t != T_WORD)
            return expected(p, "an agent role name");
        uint32_t i = 0;
        while (i < n && !(strlen(roles[i]) == p->L.tlen &&
                          memcmp(roles[i], p->src + p->L.tpos, p->L.tlen) == 0))
            i++;
        if (i == n || strcmp(roles[i], "who") == 0)
            return PERR(p, "agent role '%.*s' is not one of the roles of '%s' other than who",
                        (int)p->L.tlen, p->src + p->L.tpos, e.name);
        e.agent = roles[i];
        if ((rc = next(p)))
            return rc;
    }
    if (is_word(p, "cameo")) {
        if ((rc = next(p)))
            return rc;
        if (p->L.t != T_WORD)
            return expected(p, "a CAMEO code");
        if (!(e.cameo = tok_str(p)))
            return NERVE_ENOMEM;
        if ((rc = next(p)))
            return rc;
    }
    if (!at_end(p))
        return expected(p, "a role name or end of line");
    e.roles = nerve__arena_alloc(&p->rs->arena, sizeof(char *) * (n + 1));
    if (!e.roles)
        return NERVE_ENOMEM;
    memcpy(e.roles, roles, sizeof(char *) * n);
    e.roles[n] = NULL;
    e.nroles = n;
    e.keys = nerve__arena_alloc(&p->rs->arena, sizeof(char *) * (nk + 1));
    if (!e.keys)
        return NERVE_ENOMEM;
    memcpy(e.keys, keys, sizeof(char *) * nk);
    e.keys[nk] = NULL;
    e.clauses = nerve__arena_alloc(&p->rs->arena, sizeof(char *) * (ncl + 1));
    if (!e.clauses)
        return NERVE_ENOMEM;
    memcpy(e.clauses, clauses, sizeof(char *) * ncl);
    e.clauses[ncl] = NULL;
    return PUSH_NAMED(p->rs, events, e, NERVE__RN_EVENT);
}

static int parse_include(parser *p)
{
    uint32_t line = p->L.tline, col = p->L.tcol;
    size_t off = p->L.tpos;
    int rc = next(p);
    if (rc)
        return rc;
    if (p->L.t != T_STR)
        return expected(p, "a quoted file name");
    if (p->depth + 1 > NERVE__RMAX_INCLUDE)
        return perr(p, line, col, off, "include depth exceeded (limit %d)", NERVE__RMAX_INCLUDE);
    /* path relative to the including file's directory */
    nerve__buf path = {0};
    const char *slash = strrchr(p->file, '/');
    if (p->str.v[0] != '/' && slash)
        rc = nerve__buf_append(&p->rs->al, &path, p->file, (size_t)(slash - p->file) + 1);
    if (rc == NERVE_OK)
        rc = nerve__buf_append(&p->rs->al, &path, p->str.v, p->str.n);
    if (rc) {
        nerve__vec_free(&p->rs->al, &path);
        return rc;
    }
    char *buf = NULL;
    size_t n = 0;
    nerve_error ferr;
    memset(&ferr, 0, sizeof ferr);
    rc = nerve__read_file(&p->rs->al, path.v, p->rs->max_source, &buf, &n, &ferr);
    if (rc == NERVE_ETOOBIG)
        rc = perr(p, line, col, off, "include file '%s' exceeds the limit of %zu bytes", path.v,
                  p->rs->max_source);
    else if (rc != NERVE_OK && rc != NERVE_ENOMEM)
        rc = perr(p, line, col, off, "cannot read include file: %s", ferr.message);
    if (rc == NERVE_OK)
        rc = nerve__rules_parse(p->rs, path.v, buf ? buf : "", n, p->depth + 1, p->err);
    nerve__free(&p->rs->al, buf);
    nerve__vec_free(&p->rs->al, &path);
    if (rc)
        return rc;
    return next(p);
}

void nerve__ruleset_set_origin_root(nerve__ruleset *rs, const char *dir)
{
    if (rs)
        rs->origin_root = dir;
}

/* Bytes of file to skip to name it relative to root: root and the slashes
 * after it when file lies under root, else 0. */
static size_t origin_skip(const char *root, const char *file)
{
    size_t n = root ? strlen(root) : 0;
    while (n > 1 && root[n - 1] == '/')
        n--;
    if (n == 0 || strncmp(file, root, n) != 0 || (file[n] != '/' && root[n - 1] != '/'))
        return 0;
    while (file[n] == '/')
        n++;
    return n;
}

int nerve__rules_parse(nerve__ruleset *rs, const char *file, const char *src, size_t len, int depth,
                       nerve_error *err)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.rs = rs;
    p.src = src;
    p.len = len;
    p.depth = depth;
    p.err = err;
    p.L.line = 1;
    if (!file)
        file = "<memory>";
    /* A CR not followed by LF (old Mac line ends) would be read as a space,
     * joining lines into confusing errors: say what it is, where. */
    uint32_t cr_line = 1;
    size_t cr_bol = 0;
    for (size_t i = 0; i < len; i++) {
        if (src[i] == '\n') {
            cr_line++;
            cr_bol = i + 1;
        } else if (src[i] == '\r' && (i + 1 == len || src[i + 1] != '\n')) {
            return nerve__error_set_file(err, NERVE_ERULES, file, cr_line,
                                         (uint32_t)(i - cr_bol + 1), i,
                                         "carriage return without a line feed (CR-only line "
                                         "ends? use LF or CRLF)");
        }
    }
    p.file = nerve__arena_strndup(&rs->arena, file, strlen(file));
    if (!p.file)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    p.origin = p.file + origin_skip(rs->origin_root, p.file);
    /* a leading BOM is ignored */
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
        p.L.pos = 3;
        p.L.line_start = 3;
    }
    /* Rule text is matched against UTF-8 documents: reject a file that is not
     * UTF-8 up front, pointing at the first bad byte. */
    size_t bad = nerve__utf8_first_invalid(src, len);
    if (bad < len) {
        uint32_t line = 1;
        size_t line_start = 0;
        for (size_t i = 0; i < bad; i++)
            if (src[i] == '\n') {
                line++;
                line_start = i + 1;
            }
        return perr(&p, line, (uint32_t)(bad - line_start + 1), bad, "invalid UTF-8 (byte 0x%02X)",
                    (unsigned char)src[bad]);
    }
    int rc = next(&p);
    while (rc == NERVE_OK && p.L.t != T_EOF) {
        if (p.L.t == T_BREAK) {
            rc = next(&p);
            continue;
        }
        p.stop_nl = 0;
        if (is_word(&p, "rule"))
            rc = parse_rule(&p);
        else if (is_word(&p, "define"))
            rc = parse_define(&p);
        else if (is_word(&p, "class"))
            rc = parse_class(&p);
        else if (is_word(&p, "event"))
            rc = parse_event(&p);
        else if (is_word(&p, "include"))
            rc = parse_include(&p);
        else
            rc = expected(&p, "'rule', 'define', 'class', 'event' or 'include'");
        if (rc == NERVE_OK && p.L.t != T_EOF && p.L.t != T_BREAK)
            rc = expected(&p, "end of statement");
    }
    nerve__vec_free(&rs->al, &p.str);
    nerve__vec_free(&rs->al, &p.tmp);
    if (rc == NERVE_ENOMEM)
        nerve__error_set_file(err, NERVE_ENOMEM, p.file, p.L.tline, p.L.tcol, p.L.tpos,
                              "out of memory");
    return rc;
}
