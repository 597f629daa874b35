/*
 * timex_atoms.c - tokens become atoms: a hyphenated word with letters is split
 * at its hyphens, each atom gets its key (normalized form without periods),
 * its lexicon lookup, its flags and, with digits, the shape of its number.
 */
#include "timex_int.h"

#include <stdio.h>
#include <string.h>

size_t nerve__tx_cp_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Parse the digit shape of text[0..n) into the atom; the letters after the
 * digits are read by the lexicon's suffix rows. */
static void parse_number(const nerve__timex_lexicon *lx, atom *at, const char *s, size_t n)
{
    int32_t g[4] = {0, 0, 0, 0};
    uint8_t gd[4] = {0, 0, 0, 0};
    char sep[4] = {0, 0, 0, 0};
    int ng = 0;
    size_t i = 0;
    int lead_apos = 0;
    if (i < n && (s[i] == '\'' || (unsigned char)s[i] == 0xE2)) {
        if (s[i] == '\'')
            i++;
        else if (n >= 3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x99)
            i += 3;
        lead_apos = 1;
    }
    while (i < n && ng < 4) {
        if (!is_digit(s[i]))
            break;
        int32_t v = 0;
        int d = 0;
        while (i < n && is_digit(s[i])) {
            if (d < 9)
                v = v * 10 + (s[i] - '0');
            d++;
            i++;
        }
        g[ng] = v;
        gd[ng] = (uint8_t)(d > 255 ? 255 : d);
        ng++;
        if (i + 1 < n &&
            (s[i] == ',' || s[i] == '.' || s[i] == '-' || s[i] == '/' || s[i] == ':') &&
            is_digit(s[i + 1])) {
            sep[ng - 1] = s[i];
            i++;
            continue;
        }
        break;
    }
    if (ng == 0)
        return;
    /* suffix */
    char suf[8];
    size_t sl = 0;
    for (size_t j = i; j < n && sl < sizeof suf - 1; j++) {
        char c = s[j];
        if (c == '.')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        suf[sl++] = c;
    }
    suf[sl] = '\0';
    if (i < n && sl == 0 && n - i > 0 && s[i] != '.')
        return; /* something else after the digits */
    if (n - i >= 8)
        return;
    for (int k = 0; k < 3; k++) {
        at->n[k] = g[k];
        at->nd[k] = gd[k];
    }
    int sk = sl ? nerve__lx_suffix(lx, suf, sl) : -1;
    int ampm = sk == NERVE__SUF_AM || sk == NERVE__SUF_PM;
    if (ng == 1) {
        if (sl == 0 && !lead_apos)
            at->nk = NK_INT;
        else if (!lead_apos && sk == NERVE__SUF_ORDINAL)
            at->nk = NK_ORD;
        else if (sk == NERVE__SUF_DECADE && g[0] % 10 == 0 &&
                 (gd[0] == 4 || (gd[0] == 2 && lead_apos) || gd[0] == 2))
            at->nk = NK_DECADE;
        else if (!lead_apos && ampm) {
            at->nk = NK_CLOCKAP;
            at->n[1] = 0;
            at->n[2] = sk == NERVE__SUF_PM ? 12 : 0;
        } else if (lead_apos && sl == 0 && gd[0] == 2) {
            at->nk = NK_INT; /* '98 */
            at->n[0] = g[0] + (g[0] >= 30 ? 1900 : 2000);
            at->nd[0] = 4;
        }
        return;
    }
    if (lead_apos)
        return;
    if (ng == 2 && sep[0] == ':' && gd[1] == 2 && gd[0] <= 2) {
        if (sl == 0 || ampm) {
            at->nk = NK_CLOCK;
            at->n[2] = sl == 0 ? -1 : (sk == NERVE__SUF_PM ? 12 : 0);
        }
        return;
    }
    if (sl)
        return;
    if (ng == 3 && sep[0] == ':' && sep[1] == ':' && gd[0] <= 2) {
        at->nk = NK_CLOCK;
        at->n[2] = -1;
        return;
    }
    if (sep[0] == ',') {
        at->nk = NK_COMMA;
        return;
    }
    if (ng == 2 && sep[0] == '.') {
        at->nk = NK_DEC;
        return;
    }
    if (ng == 3 && sep[0] == '-' && sep[1] == '-' && gd[0] == 4 && gd[1] <= 2 && gd[2] <= 2) {
        at->nk = NK_ISO;
        return;
    }
    if (ng == 3 && sep[0] == '/' && sep[1] == '/') {
        at->nk = NK_SLASH;
        return;
    }
    if (ng == 2 && sep[0] == '/') {
        at->nk = NK_FRAC;
        return;
    }
    if (ng == 2 && sep[0] == '-') {
        at->nk = NK_DASH2;
        return;
    }
}

static void set_key(ctx *c, atom *at, const char *norm, size_t nl)
{
    size_t k = 0;
    at->klen = 0;
    for (size_t i = 0; i < nl; i++) {
        char ch = norm[i];
        if (ch == '.')
            continue;
        if (k >= sizeof at->key - 1)
            return;
        at->key[k++] = ch;
    }
    at->key[k] = '\0';
    at->klen = (uint8_t)k;
    at->head = nerve__lx_lookup(c->lx, at->key, k);
    at->mask = at->head == NERVE__LX_NONE ? 0 : c->lx->e[at->head].mask;
    if (at->head != NERVE__LX_NONE)
        memcpy(at->roles, c->lx->e[at->head].roles, sizeof at->roles);
}

static void classify(atom *at, const char *s, size_t n)
{
    int letters = 0, upper = 0, lower = 0, digits = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z')
            letters++, upper++;
        else if (ch >= 'a' && ch <= 'z')
            letters++, lower++;
        else if (is_digit(ch))
            digits++;
        else if (ch == '.')
            at->flags |= AF_DOT;
        else if ((unsigned char)ch >= 0x80)
            letters++; /* non-ASCII: treat as a letter for shape purposes */
        else if (ch != '\'')
            other++;
    }
    if (n && (s[0] >= 'A' && s[0] <= 'Z'))
        at->flags |= AF_CAP;
    if (upper >= 1 && lower == 0)
        at->flags |= AF_ALLCAP;
    if (upper == 0)
        at->flags |= AF_LOWER;
    if (letters && !digits && !other)
        at->flags |= AF_WORD;
    if (digits)
        at->flags |= AF_DIGIT;
    if (n && s[0] == '\'')
        at->flags |= AF_APOS;
}

/* Atoms of tokens [lo, hi), into c->a (reused; c->cap atoms allocated). */
int nerve__tx_build_atoms(ctx *c, const nerve_allocator *al, const nerve_token *tok, size_t lo,
                          size_t ntok)
{
    size_t cap = c->cap, na = 0;
    atom *a = c->a;
    if (cap < ntok - lo + 16) {
        a = nerve__realloc(al, c->a, cap * sizeof *a, (ntok - lo + 16) * sizeof *a);
        if (!a)
            return NERVE_ENOMEM;
        c->a = a;
        c->cap = cap = ntok - lo + 16;
    }
    for (size_t t = lo; t < ntok; t++) {
        const nerve_token *tk = &tok[t];
        const char *s = c->text + tk->span.start;
        size_t n = tk->span.end - tk->span.start;
        /* split words with letters at hyphens, if the norm splits the same way */
        size_t parts = 1, nparts = 1;
        int has_alpha = 0;
        if (n && memchr(s, '-', n)) { /* most tokens have no hyphen */
            for (size_t i = 0; i < n; i++) {
                parts += s[i] == '-';
                has_alpha |= is_alpha(s[i]);
            }
            for (size_t i = 0; i < tk->norm_len; i++)
                nparts += tk->norm[i] == '-';
        }
        int split = parts > 1 && parts == nparts && has_alpha && parts <= 6 &&
                    tk->kind != NERVE_TOKEN_URL && tk->kind != NERVE_TOKEN_EMAIL;
        if (!split)
            parts = 1;
        if (na + parts > cap) {
            /* this token's atoms, one per token still to come, and an eighth:
             * split words are few, and doubling held twice the atoms needed */
            size_t ncap = na + parts + (ntok - t) + cap / 8;
            atom *tmp = nerve__realloc(al, a, cap * sizeof *a, ncap * sizeof *a);
            if (!tmp)
                return NERVE_ENOMEM; /* c->a is still the old block: the caller frees it */
            c->a = a = tmp;
            c->cap = cap = ncap;
        }
        size_t ts = 0, ns = 0;
        for (size_t p = 0; p < parts; p++) {
            size_t te = ts, ne = ns;
            if (split) {
                while (te < n && s[te] != '-')
                    te++;
                while (ne < tk->norm_len && tk->norm[ne] != '-')
                    ne++;
            } else {
                te = n;
                ne = tk->norm_len;
            }
            atom *at = &a[na++];
            memset(at, 0, sizeof *at);
            at->tok = t;
            at->sent = tk->sentence;
            at->start = tk->span.start + ts;
            at->end = tk->span.start + te;
            at->cstart = tk->span.char_start + (split ? nerve__tx_cp_count(s, ts) : 0);
            at->cend = split ? at->cstart + nerve__tx_cp_count(s + ts, te - ts) : tk->span.char_end;
            classify(at, s + ts, te - ts);
            if (split) {
                at->flags |= AF_SPLIT;
                if (p + 1 < parts)
                    at->flags |= AF_HYNEXT;
                if (p > 0)
                    at->flags |= AF_HYPREV;
            } else {
                at->flags &= ~(uint32_t)(AF_CAP | AF_ALLCAP | AF_LOWER);
                if (tk->flags & NERVE_TOK_CAPITALIZED)
                    at->flags |= AF_CAP;
                if (tk->flags & NERVE_TOK_ALLCAPS)
                    at->flags |= AF_ALLCAP;
                if (!(tk->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)))
                    at->flags |= AF_LOWER;
            }
            if (p == 0 && (tk->flags & NERVE_TOK_SENT_START))
                at->flags |= AF_SENT;
            if (tk->flags & NERVE_TOK_POSSESSIVE)
                at->flags |= AF_POSS;
            if (tk->kind == NERVE_TOKEN_PUNCT || tk->kind == NERVE_TOKEN_SYMBOL) {
                at->flags |= AF_PUNCT;
                at->flags &= ~(uint32_t)AF_WORD;
                if (n == 1 && s[0] == ',')
                    at->flags |= AF_COMMA;
                else if (n == 1 &&
                         (s[0] == ';' || s[0] == ':' || s[0] == '(' || s[0] == ')' || s[0] == '"' ||
                          s[0] == '[' || s[0] == ']' || s[0] == '?' || s[0] == '!' || s[0] == '.'))
                    at->flags |= AF_HARD;
                else if (tk->flags & (NERVE_TOK_OPEN_QUOTE | NERVE_TOK_CLOSE_QUOTE))
                    at->flags |= AF_HARD;
                else if (n >= 2 && s[0] == '-')
                    at->flags |= AF_HARD;
                else if (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
                         ((unsigned char)s[2] == 0x94 || (unsigned char)s[2] == 0x93))
                    at->flags |= AF_HARD; /* em/en dash */
            }
            set_key(c, at, tk->norm + ns, ne - ns);
            if (at->flags & AF_DIGIT)
                parse_number(c->lx, at, s + ts, te - ts);
            ts = te + 1;
            ns = ne + 1;
        }
    }
    c->na = na;
    return NERVE_OK;
}

/* A year said in words, as broadcast transcripts write it: "nineteen
 * ninety-six", "nineteen eighty", "eighteen twelve", "two thousand" (after
 * "the year" only; the caller checks). Returns atoms used, *y the year. */
size_t nerve__tx_spoken_year(const ctx *c, size_t i, int *y)
{
    const nerve__lx_entry *h = i < c->na ? lxc(c, i, NERVE__LX_NUMBER) : NULL;
    if (!h)
        return 0;
    if (h->ival == 2 && has_role(c, i + 1, TR_THOUSAND) && in_range(c, i + 1, i)) {
        *y = 2000;
        return 2;
    }
    if (h->ival < 11 || h->ival > 20 || !in_range(c, i + 1, i))
        return 0;
    const nerve__lx_entry *t = lxc(c, i + 1, NERVE__LX_NUMBER);
    if (!t || (t->flags & (NERVE__LXF_VAGUE | NERVE__LXF_ARTICLE)) || t->ival < 10 ||
        t->ival > 90 || (t->ival >= 20 && t->ival % 10))
        return 0;
    *y = h->ival * 100 + t->ival;
    if (t->ival >= 20 && in_range(c, i + 2, i)) {
        const nerve__lx_entry *u = lxc(c, i + 2, NERVE__LX_NUMBER);
        if (u && u->ival >= 1 && u->ival <= 9 &&
            !(u->flags & (NERVE__LXF_VAGUE | NERVE__LXF_ARTICLE))) {
            *y += u->ival;
            return 3;
        }
    }
    return 2;
}

/* Day of month: 1..31 or 1st..31st or a word ordinal. */
int nerve__tx_day_atom(const ctx *c, size_t i, int *day)
{
    if (i >= c->na)
        return 0;
    const atom *a = &c->a[i];
    if ((a->nk == NK_INT || a->nk == NK_ORD) && a->nd[0] <= 2 && a->n[0] >= 1 && a->n[0] <= 31) {
        *day = a->n[0];
        return 1;
    }
    const nerve__lx_entry *e = lxc(c, i, NERVE__LX_ORDINAL);
    if (e && e->ival >= 1 && e->ival <= 31) {
        *day = e->ival;
        return 1;
    }
    return 0;
}
