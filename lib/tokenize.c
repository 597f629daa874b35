/*
 * tokenize.c - text to tokens and sentences, in one pass over the bytes.
 *
 * Tokens
 *   WORD     a run of letters, digits, combining marks and other numerals,
 *            which may contain: hyphens between letters/digits (Al-Qaeda,
 *            COVID-19, counter-terrorism: NERVE_TOK_HYPHENATED); apostrophes
 *            between letters (don't, O'Brien); "&" between capitals (AT&T);
 *            ".com"-style endings (Amazon.com); ZWJ, ZWNJ, soft hyphen and
 *            other Cf characters followed by more of the word.
 *            Possessives are split off: "Esper's" -> "Esper" "'s" and
 *            "ministers' meeting" -> "ministers" "'", the second token a
 *            WORD flagged NERVE_TOK_POSSESSIVE. Pronoun contractions (it's,
 *            that's, let's ...) stay one token.
 *            Abbreviations keep their period (NERVE_TOK_ABBREV): letter-dot
 *            sequences (U.S., U.K., a.m., e.g.), single capital initials
 *            (H.) and the abbreviations of the tokenizer lexicon
 *            (rules/tokenizer.tsv: Mr., Gen., Jan., Inc., etc.). "No." is an abbreviation only
 * before a number. "U.S.-led" is one hyphenated word (not ABBREV); "U.S" / "U.S.A" (last period
 * missing) are one word, not ABBREV. NUMBER   digits with inner "." "," (thousands: exactly 3
 * digits follow)
 *            ":" "/" "-" between digits: 1,000.5  6.4  3:30  1987-02-26.
 *            Anything with a letter in it is a WORD (1980s, F-16, G7).
 *   PUNCT    Unicode P* one code point at a time, except runs of "." ("...")
 *            and of "-" ("--"), which are one token. Quotes carry
 *            NERVE_TOK_OPEN_QUOTE / NERVE_TOK_CLOSE_QUOTE (ASCII " and ' are
 *            decided by the spacing around them).
 *   SYMBOL   Unicode S*, plus % # @ & * (P* in Unicode, but not sentence
 *            punctuation). An emoji sequence (modifiers, variation selectors,
 *            ZWJ joins, tags, regional indicator pairs) is one token. Each
 *            invalid UTF-8 byte is a one-byte SYMBOL whose key is U+FFFD.
 *   URL      http://, https://, www. up to whitespace, trailing .,;:!?'
 *            and unbalanced ")" trimmed.
 *   EMAIL    local@domain.tld.
 *
 * Whitespace, controls (NUL included) and lone format characters (a BOM)
 * separate tokens and belong to none. CRLF, CR, LF, VT, FF, NEL and U+2028
 * are line breaks; U+2029 counts as a blank line.
 *
 * Sentences. A boundary falls between two tokens when
 *   - a blank line (two or more line breaks) separates them; or
 *   - the first ends (possibly followed by closing quotes/brackets) with
 *       ! ? (and CJK/Arabic/Devanagari stops): unless the next token is a
 *         lower-case word or closing/inner punctuation ("Why?" he asked);
 *       . or ..: and the next token starts a sentence (capitalized word,
 *         uncased letter, number, opening quote or bracket, currency);
 *       an ellipsis: and the next token is capitalized or an open quote;
 *       an abbreviation: titles (Mr., Gen., Sen. ...), "No." and "vs."
 *         never end a sentence; any other (U.S., Inc., Jan., St., H.)
 *         ends one only before a typical sentence starter (The, He, But,
 *         In, ... the lexicon's starters) or an opening quote, or before a
 *         capitalized word on the next line;
 *   - a single line break follows a token with no final punctuation and the
 *     next line starts with a capitalized word or an opening quote (a
 *     headline or dateline), unless the line ended with , ; : - ( & or an
 *     open quote, or with a lower-case function word (the, of, and ...).
 *
 * Keys (norm): ASCII tokens are lower-cased directly; tokens with non-ASCII
 * bytes go through nerve__utf8_normalize. They are stored NUL-separated in
 * out->norm in token order, and the pointers are set once the buffer no
 * longer grows.
 */
#include "tokenize_int.h"

#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Scanner                                                                  */
/* ------------------------------------------------------------------------ */

#define WORDCHAR (NERVE__CP_LETTER | NERVE__CP_DIGIT | NERVE__CP_MARK | NERVE__CP_NUMBER)

typedef struct scan {
    const nerve_allocator *al;
    const nerve__tok_lexicon *lex; /* the words tested (NULL: none) */
    const char *t;
    size_t len;
    nerve__tokens *out;
    size_t sent_begin;       /* first token of the open sentence */
    size_t email_fail_until; /* no e-mail starts before this offset */
    int space;               /* whitespace since the previous token */
    unsigned breaks;         /* line breaks since the previous token */
    int dq_open;             /* an opening double quote is pending */
    int sq_open;             /* an opening single quote is pending */
    int caseless;            /* the text has no capitals (nerve__text_caseless) */
} scan;

/* Decode the code point at j (< len): bytes used; *cp -1 for an invalid byte. */
static inline size_t cp_at(const scan *st, size_t j, int32_t *cp, uint32_t *cls)
{
    unsigned char b = (unsigned char)st->t[j];
    if (b < 0x80) {
        *cp = b;
        *cls = nerve__ascii_class[b];
        return 1;
    }
    size_t k = nerve__utf8_next(st->t + j, st->len - j, cp);
    *cls = *cp < 0 ? 0 : nerve__cp_class(*cp);
    return k;
}

/* Class of the code point at j, 0 at the end of the text. */
static inline uint32_t cls_at(const scan *st, size_t j)
{
    if (j >= st->len)
        return 0;
    int32_t cp;
    uint32_t cls;
    cp_at(st, j, &cp, &cls);
    return cls;
}

static inline int32_t cpv_at(const scan *st, size_t j, size_t *k)
{
    int32_t cp;
    uint32_t cls;
    *k = cp_at(st, j, &cp, &cls);
    return cp;
}

static inline int is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

static inline int is_hyphen(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static inline int ascii_alnum(unsigned char c)
{
    return (nerve__ascii_class[c & 0x7F] & (NERVE__CP_LETTER | NERVE__CP_DIGIT)) && c < 0x80;
}

typedef struct wordinfo {
    uint32_t seen; /* NERVE__CP_* classes of every character, OR-ed */
    int nonascii;
    int hyphenated;
    int first_upper;
} wordinfo;

/* Run of `count` ASCII digits at j, followed by no further digit. */
static int digits_exactly(const scan *st, size_t j, size_t count)
{
    for (size_t d = 0; d < count; d++)
        if (j + d >= st->len || !(cls_at(st, j + d) & NERVE__CP_DIGIT))
            return 0;
    return !(cls_at(st, j + count) & NERVE__CP_DIGIT);
}

/*
 * Scan a word or number from j (a word character or a connector already
 * accepted by the caller) and return its end. Updates *w.
 */

/* Two acronyms joined by an ASCII hyphen ("DGST-DGSN", "NATO-EU"): both
 * sides runs of three or more capital ASCII letters. They are two names, so
 * the hyphen splits them; "AL-QAEDA" or "F-16" stay one word. */
static int acronym_pair(const char *t, size_t start, size_t hyphen, size_t len)
{
    size_t a = hyphen, b = hyphen + 1;
    while (a > start && t[a - 1] >= 'A' && t[a - 1] <= 'Z')
        a--;
    if (a != start || hyphen - a < 3)
        return 0;
    while (b < len && t[b] >= 'A' && t[b] <= 'Z')
        b++;
    if (b - hyphen - 1 < 3)
        return 0;
    return b >= len || !(((unsigned char)t[b] >= 'a' && (unsigned char)t[b] <= 'z') ||
                         ((unsigned char)t[b] >= '0' && (unsigned char)t[b] <= '9'));
}

static size_t scan_word(scan *st, size_t start, size_t j, wordinfo *w)
{
    const char *t = st->t;
    size_t len = st->len;
    uint32_t last = 0; /* class of the last word character */
    int32_t last_cp = 0;
    for (;;) {
        /* A run of word characters. */
        while (j < len) {
            unsigned char b = (unsigned char)t[j];
            if (b < 0x80) {
                /* ASCII run: one table lookup and one OR per byte. */
                size_t run = j;
                uint32_t seen = 0;
                while (j < len && (unsigned char)t[j] < 0x80 &&
                       (nerve__ascii_class[(unsigned char)t[j]] & WORDCHAR))
                    seen |= nerve__ascii_class[(unsigned char)t[j++]];
                if (j > run) {
                    w->seen |= seen;
                    last_cp = (unsigned char)t[j - 1];
                    last = nerve__ascii_class[last_cp];
                }
                if (j >= len || (unsigned char)t[j] < 0x80)
                    break;
                continue;
            }
            int32_t cp;
            uint32_t cls;
            size_t k = cp_at(st, j, &cp, &cls);
            if (cls & WORDCHAR) {
                w->seen |= cls;
                w->nonascii = 1;
                if (!(cls & NERVE__CP_MARK)) {
                    last = cls;
                    last_cp = cp;
                }
                j += k;
                continue;
            }
            if (cls & NERVE__CP_FORMAT) {
                /* ZWJ, ZWNJ, soft hyphen ... stay inside when the word goes on. */
                size_t m = j + k;
                while (m < len) {
                    int32_t cp2;
                    uint32_t c2;
                    size_t k2 = cp_at(st, m, &cp2, &c2);
                    if (!(c2 & NERVE__CP_FORMAT))
                        break;
                    m += k2;
                }
                if (cls_at(st, m) & WORDCHAR) {
                    w->nonascii = 1;
                    j = m;
                    continue;
                }
            }
            break;
        }
        if (j >= len || !(last & (NERVE__CP_LETTER | NERVE__CP_DIGIT | NERVE__CP_NUMBER)))
            break;
        /* A connector followed by more of the word? */
        size_t k;
        int32_t cp = cpv_at(st, j, &k);
        size_t after = j + k;
        uint32_t next = cls_at(st, after);
        int numeric = !(w->seen & NERVE__CP_LETTER);
        if (is_hyphen(cp)) {
            if (cp == '-' && acronym_pair(t, start, j, len)) /* "DGST-DGSN": two names */
                break;
            if (next & (NERVE__CP_LETTER | NERVE__CP_DIGIT)) {
                if (cp >= 0x80)
                    w->nonascii = 1;
                w->hyphenated = 1;
                j = after;
                continue;
            }
            break;
        }
        if (is_apostrophe(cp)) {
            if (!(last & NERVE__CP_LETTER) || !(next & NERVE__CP_LETTER))
                break;
            unsigned char s = (unsigned char)t[after];
            if ((s == 's' || s == 'S') && !(cls_at(st, after + 1) & WORDCHAR) &&
                !(after + 1 < len && is_apostrophe(cpv_at(st, after + 1, &k)))) {
                /* "'s" at the end: a possessive, split off, unless it's / that's. */
                if (!nerve__tok_s_contraction(st->lex, t + start, j - start))
                    break;
            }
            if (cp >= 0x80)
                w->nonascii = 1;
            j = after;
            continue;
        }
        if (cp == '.') {
            if ((last & NERVE__CP_DIGIT) && (next & NERVE__CP_DIGIT)) {
                j = after;
                continue;
            }
            if ((last & NERVE__CP_LETTER) && (next & NERVE__CP_LOWER)) {
                size_t m = after;
                while (m < len && (unsigned char)t[m] >= 'a' && (unsigned char)t[m] <= 'z')
                    m++;
                if (!(cls_at(st, m) & WORDCHAR) && nerve__tok_tld(st->lex, t + after, m - after)) {
                    j = m;
                    continue;
                }
            }
            break;
        }
        if (cp == ',' && numeric && (last & NERVE__CP_DIGIT) && digits_exactly(st, after, 3)) {
            j = after;
            continue;
        }
        if (cp == ':' && numeric && (last & NERVE__CP_DIGIT) && digits_exactly(st, after, 2)) {
            j = after;
            continue;
        }
        if (cp == '/' && numeric && (last & NERVE__CP_DIGIT) && (next & NERVE__CP_DIGIT)) {
            j = after;
            continue;
        }
        if (cp == '&' && last_cp >= 'A' && last_cp <= 'Z' && (next & NERVE__CP_UPPER) &&
            t[after] >= 'A' && t[after] <= 'Z') {
            j = after;
            continue;
        }
        break;
    }
    return j;
}

/*
 * Letter-dot sequences at i: two or more pairs ("U.S.", "a.m.", "U.S.A."), or
 * pairs and a last lone letter without its period ("U.S", "U.S.A"). Returns
 * the end, or 0; *period tells whether the token ends with a period.
 */
static size_t scan_initials(const scan *st, size_t i, int *period)
{
    const unsigned char *t = (const unsigned char *)st->t;
    size_t j = i, pairs = 0;
    while (j + 1 < st->len && (nerve__ascii_class[t[j] & 0x7F] & NERVE__CP_LETTER) && t[j] < 0x80 &&
           t[j + 1] == '.') {
        j += 2;
        pairs++;
        /* The next letter must stand alone: "U.S.A." goes on, "U.S.Army" stops. */
        if (j + 1 < st->len && t[j + 1] != '.')
            break;
    }
    *period = 1;
    if (pairs >= 1 && j < st->len && t[j] < 0x80 && (nerve__ascii_class[t[j]] & NERVE__CP_LETTER) &&
        !(cls_at(st, j + 1) & WORDCHAR) && !(j + 1 < st->len && t[j + 1] == '.')) {
        *period = 0;
        return j + 1;
    }
    return pairs >= 2 ? j : 0;
}

/* End of a URL at i, or 0. */
static size_t scan_url(const scan *st, size_t i)
{
    const char *t = st->t;
    size_t len = st->len, p;
    if (len - i > 8 && strncasecmp(t + i, "https://", 8) == 0)
        p = 8;
    else if (len - i > 7 && strncasecmp(t + i, "http://", 7) == 0)
        p = 7;
    else if (len - i > 4 && strncasecmp(t + i, "www.", 4) == 0)
        p = 4;
    else
        return 0;
    size_t j = i + p;
    if (!(cls_at(st, j) & (NERVE__CP_LETTER | NERVE__CP_DIGIT)))
        return 0;
    int depth = 0;
    while (j < len) {
        unsigned char b = (unsigned char)t[j];
        if (b < 0x80) {
            if (b <= ' ' || b == 0x7F || strchr("\"<>\\^`{}|", b))
                break;
            if (b == '(') {
                depth++;
            } else if (b == ')') {
                if (depth == 0)
                    break;
                depth--;
            }
            j++;
            continue;
        }
        int32_t cp;
        uint32_t cls;
        size_t k = cp_at(st, j, &cp, &cls);
        if (!(cls & WORDCHAR))
            break;
        j += k;
    }
    while (j > i + p && strchr(".,;:!?'*", t[j - 1]))
        j--;
    return j;
}

static inline int email_local(unsigned char c)
{
    return ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* End of an e-mail address at i, or 0. Remembers failures to stay linear. */
static size_t scan_email(scan *st, size_t i)
{
    const unsigned char *t = (const unsigned char *)st->t;
    size_t len = st->len;
    if (i < st->email_fail_until)
        return 0;
    size_t j = i;
    while (j < len && email_local(t[j]))
        j++;
    if (j >= len || t[j] != '@' || t[j - 1] == '.') {
        st->email_fail_until = j;
        return 0;
    }
    size_t m = j + 1, last_dot = 0;
    while (m < len) {
        if (ascii_alnum(t[m]) || (t[m] == '-' && m > j + 1)) {
            m++;
        } else if (t[m] == '.' && m > j + 1 && t[m - 1] != '.' && m + 1 < len &&
                   ascii_alnum(t[m + 1])) {
            last_dot = m;
            m++;
        } else {
            break;
        }
    }
    size_t tld_letters = 0;
    for (size_t d = last_dot + 1; last_dot && d < m; d++)
        if (nerve__ascii_class[t[d]] & NERVE__CP_LETTER)
            tld_letters++;
    if (!last_dot || tld_letters < 2) {
        st->email_fail_until = j;
        return 0;
    }
    return m;
}

/* End of a symbol (emoji sequence) starting with cp at i (k bytes). */
static size_t scan_symbol(const scan *st, size_t i, int32_t cp, size_t k, uint32_t cls)
{
    size_t j = i + k, len = st->len;
    int emoji = (cls & NERVE__CP_SYMBOL) != 0;
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF && j < len) { /* regional indicator pair: a flag */
        size_t k2;
        int32_t c2 = cpv_at(st, j, &k2);
        if (c2 >= 0x1F1E6 && c2 <= 0x1F1FF)
            j += k2;
    }
    while (j < len) {
        int32_t c2;
        uint32_t cls2;
        size_t k2 = cp_at(st, j, &c2, &cls2);
        if (cls2 & NERVE__CP_MARK) {
            j += k2;
            continue;
        }
        if (!emoji)
            break;
        if ((c2 >= 0x1F3FB && c2 <= 0x1F3FF) || (c2 >= 0xE0020 && c2 <= 0xE007F)) {
            j += k2; /* skin tone modifier, tag character */
            continue;
        }
        if (c2 == 0xFE0E || c2 == 0xFE0F) {
            j += k2;
            continue;
        }
        if (c2 == 0x200D && j + k2 < len) {
            int32_t c3;
            uint32_t cls3;
            size_t k3 = cp_at(st, j + k2, &c3, &cls3);
            if (cls3 & NERVE__CP_SYMBOL) {
                j += k2 + k3;
                continue;
            }
        }
        break;
    }
    return j;
}

/* ------------------------------------------------------------------------ */
/* Sentence boundaries                                                      */
/* ------------------------------------------------------------------------ */

static inline unsigned char first_byte(const scan *st, const nerve_token *tk)
{
    return (unsigned char)st->t[tk->span.start];
}

static inline int32_t first_cp(const scan *st, const nerve_token *tk)
{
    int32_t cp;
    nerve__utf8_decode(st->t + tk->span.start, tk->span.end - tk->span.start, &cp);
    return cp;
}

static int is_closer(const scan *st, const nerve_token *tk)
{
    if (tk->flags & NERVE_TOK_CLOSE_QUOTE)
        return 1;
    if (tk->kind != NERVE_TOKEN_PUNCT)
        return 0;
    unsigned char b = first_byte(st, tk);
    return b == ')' || b == ']' || b == '}';
}

enum { TERM_NONE, TERM_STRONG, TERM_PERIOD, TERM_ELLIPSIS, TERM_ABBREV };

static int terminal_kind(const scan *st, const nerve_token *tk)
{
    if (tk->flags & NERVE_TOK_ABBREV)
        return TERM_ABBREV;
    if (tk->kind != NERVE_TOKEN_PUNCT)
        return TERM_NONE;
    size_t n = tk->span.end - tk->span.start;
    unsigned char b = first_byte(st, tk);
    if (b == '.')
        return n >= 3 ? TERM_ELLIPSIS : TERM_PERIOD;
    if (b == '!' || b == '?')
        return TERM_STRONG;
    switch (first_cp(st, tk)) {
    case 0x2026: /* horizontal ellipsis */
        return TERM_ELLIPSIS;
    case 0x3002: /* ideographic full stop */
    case 0xFF01: /* fullwidth ! */
    case 0xFF0E: /* fullwidth . */
    case 0xFF1F: /* fullwidth ? */
    case 0x061F: /* Arabic question mark */
    case 0x06D4: /* Arabic full stop */
    case 0x0964: /* Devanagari danda */
    case 0x203C: /* double exclamation */
    case 0x2047:
    case 0x2048:
    case 0x2049:
        return TERM_STRONG;
    default:
        return TERM_NONE;
    }
}

/* Class of an ABBREV token (decided again from its text). */
static int abbrev_class(const scan *st, const nerve_token *tk)
{
    const char *s = st->t + tk->span.start;
    size_t n = tk->span.end - tk->span.start - 1; /* without the final period */
    if (memchr(s, '.', n))
        return AB_INITIALS;
    if (n == 1)
        return AB_INITIAL;
    int c = nerve__tok_abbrev(st->lex, s, n);
    return c == AB_NONE ? AB_OTHER : c;
}

/* Does tk look like the first token of a sentence? */
static int starts_sentence(const scan *st, const nerve_token *tk)
{
    if (tk->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_OPEN_QUOTE))
        return 1;
    switch (tk->kind) {
    case NERVE_TOKEN_NUMBER:
    case NERVE_TOKEN_URL:
    case NERVE_TOKEN_EMAIL:
        return 1;
    case NERVE_TOKEN_WORD: {
        if (tk->flags & NERVE_TOK_POSSESSIVE)
            return 0;
        int32_t cp = first_cp(st, tk);
        uint32_t cls = nerve__cp_class(cp);
        /* Uncased scripts (Arabic, CJK ...) and digits start sentences too. */
        return (cls & NERVE__CP_DIGIT) ||
               ((cls & NERVE__CP_LETTER) && !(cls & (NERVE__CP_LOWER | NERVE__CP_UPPER)));
    }
    case NERVE_TOKEN_PUNCT: {
        unsigned char b = first_byte(st, tk);
        return b == '(' || b == '[';
    }
    case NERVE_TOKEN_SYMBOL: {
        int32_t cp = first_cp(st, tk);
        return cp == '$' || cp == 0x20AC || cp == 0xA3 || cp == 0xA5; /* $ € £ ¥ */
    }
    default:
        return 0;
    }
}

static int is_starter(const scan *st, const nerve_token *tk)
{
    if (tk->flags & NERVE_TOK_OPEN_QUOTE)
        return 1;
    if (tk->kind != NERVE_TOKEN_WORD || !(tk->flags & NERVE_TOK_CAPITALIZED))
        return 0;
    return nerve__tok_starter(st->lex, st->t + tk->span.start, tk->span.end - tk->span.start);
}

/* Does a line break after tk leave the sentence open? */
static int continues_line(const scan *st, const nerve_token *tk)
{
    if (tk->flags & NERVE_TOK_OPEN_QUOTE)
        return 1;
    if (tk->kind == NERVE_TOKEN_PUNCT || tk->kind == NERVE_TOKEN_SYMBOL) {
        unsigned char b = first_byte(st, tk);
        if (b < 0x80)
            return strchr(",;:-([{&/", b) != NULL;
        int32_t cp = first_cp(st, tk);
        return cp == 0x2013 || cp == 0x2014;
    }
    if (tk->kind == NERVE_TOKEN_WORD && !(tk->flags & NERVE_TOK_CAPITALIZED))
        return nerve__tok_continuation(st->lex, st->t + tk->span.start,
                                       tk->span.end - tk->span.start);
    return 0;
}

/* Is there a sentence boundary between the last token and cur? */
static int boundary_before(const scan *st, const nerve_token *cur)
{
    const nerve_token *toks = st->out->tok.v;
    size_t p = st->out->tok.n - 1;
    if (st->breaks >= 2)
        return 1;
    /* Step back over closing quotes and brackets to the terminator. */
    size_t t = p;
    for (int steps = 0; steps < 4 && t > st->sent_begin && is_closer(st, &toks[t]); steps++)
        t--;
    int term = is_closer(st, &toks[t]) ? TERM_NONE : terminal_kind(st, &toks[t]);
    int cap = (cur->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_OPEN_QUOTE)) != 0;
    switch (term) {
    case TERM_STRONG:
        if (cur->kind == NERVE_TOKEN_WORD)
            return !(cur->flags & NERVE_TOK_POSSESSIVE) && !nerve__cp_is_lower(first_cp(st, cur));
        return starts_sentence(st, cur);
    case TERM_PERIOD:
        /* "last week. she met": in a text without capitals a full stop
         * before a word ends the sentence */
        return starts_sentence(st, cur) || (st->caseless && cur->kind == NERVE_TOKEN_WORD &&
                                            !(cur->flags & NERVE_TOK_POSSESSIVE));
    case TERM_ELLIPSIS:
        return cap;
    case TERM_ABBREV:
        switch (abbrev_class(st, &toks[t])) {
        case AB_TITLE:
        case AB_NUMBERED:
        case AB_NEVER:
            return 0;
        default:
            return is_starter(st, cur) || (st->breaks > 0 && cap);
        }
    default:
        return st->breaks > 0 && cap && !continues_line(st, &toks[p]);
    }
}

/* ------------------------------------------------------------------------ */
/* Emitting tokens                                                          */
/* ------------------------------------------------------------------------ */

static int close_sentence(scan *st)
{
    nerve__tokens *out = st->out;
    size_t n = out->tok.n;
    if (n == st->sent_begin)
        return NERVE_OK;
    const nerve_token *first = &out->tok.v[st->sent_begin], *last = &out->tok.v[n - 1];
    nerve_sentence s;
    s.span.start = first->span.start;
    s.span.char_start = first->span.char_start;
    s.span.end = last->span.end;
    s.span.char_end = last->span.char_end;
    s.token_begin = st->sent_begin;
    s.token_count = n - st->sent_begin;
    if (nerve__vec_push(st->al, &out->sent, s) != NERVE_OK)
        return NERVE_ENOMEM;
    st->sent_begin = n;
    return NERVE_OK;
}

static const char replacement[] = "\xEF\xBF\xBD";

/* Append the token [start, end) with its key; `*ci` is its code point offset, advanced. */
static int emit(scan *st, size_t start, size_t end, size_t *ci, uint32_t kind, uint32_t flags,
                int nonascii, int invalid)
{
    nerve__tokens *out = st->out;
    nerve_token tk;
    tk.span.start = start;
    tk.span.end = end;
    tk.span.char_start = *ci;
    *ci += nonascii ? nerve__utf8_count(st->t + start, end - start) : end - start;
    tk.span.char_end = *ci;
    tk.kind = kind;
    if (st->space)
        flags |= NERVE_TOK_SPACE_BEFORE;
    if (st->breaks)
        flags |= NERVE_TOK_LINE_START;
    tk.flags = flags;
    tk.norm = NULL;
    tk.pos = NERVE_POS_NONE; /* the syntax stage fills these when it runs */
    tk.dep = NERVE_DEP_NONE;
    tk.head = NERVE_NONE;

    /* The key. */
    size_t before = out->norm.n;
    if (invalid) {
        if (nerve__buf_append(st->al, &out->norm, replacement, 3) != NERVE_OK)
            return NERVE_ENOMEM;
    } else if (!nonascii) {
        size_t n = end - start;
        if (nerve__vec_reserve(st->al, &out->norm, out->norm.n + n + 1) != NERVE_OK)
            return NERVE_ENOMEM;
        char *o = out->norm.v + out->norm.n;
        const unsigned char *s = (const unsigned char *)st->t + start;
        for (size_t i = 0; i < n; i++)
            o[i] = (char)(s[i] + ((unsigned)(s[i] - 'A') < 26u ? 32 : 0));
        o[n] = '\0';
        out->norm.n += n + 1;
        tk.norm_len = n;
    } else if (nerve__utf8_normalize(st->al, &out->norm, st->t + start, end - start) != NERVE_OK) {
        return NERVE_ENOMEM;
    }
    if (invalid || nonascii) {
        tk.norm_len = out->norm.n - before;
        if (nerve__buf_putc(st->al, &out->norm, '\0') != NERVE_OK)
            return NERVE_ENOMEM;
    }

    /* The sentence. */
    if (out->tok.n > 0) {
        /* Most tokens follow a plain word on the same line: no boundary. */
        const nerve_token *prev = &out->tok.v[out->tok.n - 1];
        int plain =
            st->breaks == 0 && prev->kind == NERVE_TOKEN_WORD && !(prev->flags & NERVE_TOK_ABBREV);
        if (!plain && boundary_before(st, &tk) && close_sentence(st) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    if (out->tok.n == st->sent_begin)
        tk.flags |= NERVE_TOK_SENT_START;
    tk.sentence = out->sent.n;
    if (nerve__vec_push(st->al, &out->tok, tk) != NERVE_OK)
        return NERVE_ENOMEM;
    st->space = 0;
    st->breaks = 0;
    return NERVE_OK;
}

static int has_high_bytes(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 0x80)
            return 1;
    return 0;
}

static inline uint32_t word_flags(const wordinfo *w)
{
    uint32_t f = 0;
    if (w->first_upper)
        f |= NERVE_TOK_CAPITALIZED;
    if ((w->seen & (NERVE__CP_UPPER | NERVE__CP_LOWER)) == NERVE__CP_UPPER)
        f |= NERVE_TOK_ALLCAPS;
    if (w->seen & NERVE__CP_DIGIT)
        f |= NERVE_TOK_HAS_DIGIT;
    if (w->hyphenated && (w->seen & NERVE__CP_LETTER))
        f |= NERVE_TOK_HYPHENATED;
    return f;
}

/* Is whitespace (or the text's end) at j? Closing punctuation counts as well. */
static int space_or_end_at(const scan *st, size_t j)
{
    if (j >= st->len)
        return 1;
    uint32_t c = cls_at(st, j);
    if (c & (NERVE__CP_SPACE | NERVE__CP_CONTROL))
        return 1;
    unsigned char b = (unsigned char)st->t[j];
    return b < 0x80 && strchr(",.;:!?)]}", b) != NULL;
}

/* Quote direction of a quote character cp at i: OPEN_QUOTE, CLOSE_QUOTE or 0. */
static uint32_t quote_flags(scan *st, size_t i, int32_t cp, size_t k)
{
    switch (cp) {
    case 0x201C: /* “ */
    case 0x201E: /* „ */
    case 0x00AB: /* « */
    case 0x2039: /* ‹ */
    case 0x201F:
        st->dq_open = cp != 0x2039;
        return NERVE_TOK_OPEN_QUOTE;
    case 0x201D: /* ” */
    case 0x00BB: /* » */
    case 0x203A: /* › */
        if (cp != 0x203A)
            st->dq_open = 0;
        return NERVE_TOK_CLOSE_QUOTE;
    case 0x2018: /* ‘ */
    case 0x201B:
        st->sq_open = 1;
        return NERVE_TOK_OPEN_QUOTE;
    case 0x2019: /* ’ */
        st->sq_open = 0;
        return NERVE_TOK_CLOSE_QUOTE;
    case '"':
    case '\'': {
        const nerve_token *prev = st->out->tok.n ? &st->out->tok.v[st->out->tok.n - 1] : NULL;
        int before = !prev || st->space || st->breaks || prev->span.end != i ||
                     (prev->flags & NERVE_TOK_OPEN_QUOTE) ||
                     (prev->kind == NERVE_TOKEN_PUNCT && strchr("([{-", st->t[prev->span.start]));
        int after = space_or_end_at(st, i + k);
        int *open = cp == '"' ? &st->dq_open : &st->sq_open;
        int opening;
        if (before != after)
            opening = before;
        else
            opening = !*open;
        *open = opening;
        return opening ? NERVE_TOK_OPEN_QUOTE : NERVE_TOK_CLOSE_QUOTE;
    }
    default:
        return 0;
    }
}

/* Is the text written without case (see nerve__tokens.caseless): of its
 * first thousand words that start with an ASCII letter, at least 40, fewer
 * than one in a hundred capitalized (all in lower case) or with a
 * lower-case letter (all in capitals)? Read on the tokens: nothing is spent
 * on a text with case. */
static int tokens_caseless(const char *text, const nerve__tokens *out)
{
    size_t words = 0, upper = 0, has_lower = 0;
    for (size_t i = 0; i < out->tok.n && words < 1000; i++) {
        const nerve_token *k = &out->tok.v[i];
        unsigned char c = (unsigned char)text[k->span.start];
        if (k->kind != NERVE_TOKEN_WORD || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            continue;
        words++;
        upper += (k->flags & NERVE_TOK_CAPITALIZED) != 0;
        has_lower += !(k->flags & NERVE_TOK_ALLCAPS);
    }
    return words >= 40 && (upper * 100 < words || has_lower * 100 < words);
}

static int tokenize_pass(const nerve_allocator *al, const nerve__tok_lexicon *lex, const char *text,
                         size_t len, nerve__tokens *out, int caseless);

int nerve__tokenize(const nerve_allocator *al, const nerve__tok_lexicon *lex, const char *text,
                    size_t len, nerve__tokens *out)
{
    int rc = tokenize_pass(al, lex, text, len, out, 0);
    if (rc == NERVE_OK && tokens_caseless(text, out)) {
        /* the same tokens; only sentence ends change (boundary_before) */
        rc = tokenize_pass(al, lex, text, len, out, 1);
        out->caseless = rc == NERVE_OK;
    }
    return rc;
}

static int tokenize_pass(const nerve_allocator *al, const nerve__tok_lexicon *lex, const char *text,
                         size_t len, nerve__tokens *out, int caseless)
{
    out->tok.n = 0;
    out->sent.n = 0;
    out->norm.n = 0;
    out->caseless = 0;
    if (len == 0)
        return NERVE_OK;

    scan st;
    memset(&st, 0, sizeof st);
    st.al = al;
    st.lex = lex;
    st.t = text;
    st.len = len;
    st.out = out;
    st.caseless = caseless;

    /* Rough sizes for news text: a token per 6 bytes, keys as long as the text. */
    if (nerve__vec_reserve(al, &out->tok, (len < (size_t)6 * 4096 ? len / 6 : 4096) + 16) !=
            NERVE_OK ||
        nerve__vec_reserve(al, &out->norm, len + len / 4 + 16) != NERVE_OK)
        goto oom;

    const unsigned char *t = (const unsigned char *)text;
    size_t i = 0, ci = 0;
    while (i < len) {
        unsigned char b = t[i];
        int32_t cp;
        uint32_t cls;
        size_t k;
        if (b < 0x80) {
            cls = nerve__ascii_class[b];
            if (cls & (NERVE__CP_SPACE | NERVE__CP_CONTROL)) {
                st.space = 1;
                if (cls & NERVE__CP_BREAK) {
                    st.breaks++;
                    if (b == '\r' && i + 1 < len && t[i + 1] == '\n') {
                        i++;
                        ci++;
                    }
                }
                i++;
                ci++;
                continue;
            }
            cp = b;
            k = 1;
        } else {
            k = cp_at(&st, i, &cp, &cls);
            if (cls & (NERVE__CP_SPACE | NERVE__CP_CONTROL)) {
                st.space = 1;
                if (cls & NERVE__CP_BREAK)
                    st.breaks += cp == 0x2029 ? 2 : 1;
                i += k;
                ci++;
                continue;
            }
            if (cls & NERVE__CP_FORMAT) {
                /* A BOM or a stray joiner outside any word: invisible. */
                i += k;
                ci++;
                continue;
            }
        }

        size_t start = i, end;
        int rc;
        if (st.breaks >= 2) /* quotes do not run across paragraphs */
            st.dq_open = st.sq_open = 0;
        if (cp < 0) {
            rc = emit(&st, i, i + 1, &ci, NERVE_TOKEN_SYMBOL, 0, 1, 1);
            end = i + 1;
        } else if ((((b | 0x20) == 'h' && i + 1 < len && (t[i + 1] | 0x20) == 't') ||
                    ((b | 0x20) == 'w' && i + 1 < len && (t[i + 1] | 0x20) == 'w')) &&
                   (end = scan_url(&st, i))) {
            rc = emit(&st, start, end, &ci, NERVE_TOKEN_URL, 0, 1, 0);
        } else if (b == '.' && st.space && i + 1 < len && t[i + 1] >= '0' && t[i + 1] <= '9') {
            /* a decimal without its leading zero, as in standings: ".602" */
            end = i + 1;
            while (end < len && t[end] >= '0' && t[end] <= '9')
                end++;
            rc = emit(&st, start, end, &ci, NERVE_TOKEN_NUMBER, NERVE_TOK_HAS_DIGIT, 0, 0);
        } else if (cls & (NERVE__CP_LETTER | NERVE__CP_DIGIT | NERVE__CP_NUMBER)) {
            wordinfo w;
            memset(&w, 0, sizeof w);
            w.first_upper = (cls & NERVE__CP_UPPER) != 0;
            uint32_t flags = 0;
            int period = 0;
            size_t ini = scan_initials(&st, i, &period);
            if (ini) {
                for (size_t q = i; q < ini; q += 2)
                    w.seen |= nerve__ascii_class[t[q]];
                end = ini;
                if (end + 1 < len && t[end] == '-' &&
                    (cls_at(&st, end + 1) & (NERVE__CP_LETTER | NERVE__CP_DIGIT))) {
                    w.hyphenated = 1;
                    end = scan_word(&st, start, end + 1, &w); /* U.S.-led */
                } else if (period) {
                    flags |= NERVE_TOK_ABBREV;
                }
            } else {
                end = scan_word(&st, start, i, &w);
                if (end < len && t[end] == '.' && !w.hyphenated && !w.nonascii) {
                    size_t n = end - start;
                    int ab = AB_NONE;
                    if (n == 1 && b >= 'A' && b <= 'Z')
                        ab = AB_INITIAL;
                    else if (w.seen & NERVE__CP_LETTER)
                        ab = nerve__tok_abbrev(st.lex, text + start, n);
                    if (ab == AB_NUMBERED) {
                        size_t m = end + 1;
                        while (m < len && (t[m] == ' ' || t[m] == '\t'))
                            m++;
                        if (!(cls_at(&st, m) & NERVE__CP_DIGIT))
                            ab = AB_NONE;
                    }
                    if (ab != AB_NONE) {
                        end++;
                        flags |= NERVE_TOK_ABBREV;
                    }
                }
            }
            /* An e-mail address? Only looked for when the word stops at a
             * character an address can hold (rarely), not after every word. */
            size_t mail;
            if (b < 0x80 && end < len && t[end] < 0x80 && (t[end] == '@' || email_local(t[end])) &&
                (mail = scan_email(&st, start))) {
                rc = emit(&st, start, mail, &ci, NERVE_TOKEN_EMAIL, 0, 0, 0);
                end = mail;
            } else {
                flags |= word_flags(&w);
                uint32_t kind = (w.seen & NERVE__CP_LETTER) ? NERVE_TOKEN_WORD : NERVE_TOKEN_NUMBER;
                rc = emit(&st, start, end, &ci, kind, flags, w.nonascii, 0);
            }
        } else if (is_apostrophe(cp) && out->tok.n > 0 &&
                   out->tok.v[out->tok.n - 1].span.end == i &&
                   out->tok.v[out->tok.n - 1].kind == NERVE_TOKEN_WORD &&
                   !(out->tok.v[out->tok.n - 1].flags & NERVE_TOK_POSSESSIVE) &&
                   (((i + k < len && (t[i + k] == 's' || t[i + k] == 'S')) &&
                     !(cls_at(&st, i + k + 1) & WORDCHAR)) ||
                    ((t[i - 1] == 's' || t[i - 1] == 'S') && !st.sq_open && cp != 0x2018 &&
                     !(cls_at(&st, i + k) & WORDCHAR)))) {
            /* Possessive: 's / ’s after a word, or a bare ' after a word in s. */
            end = i + k;
            if (end < len && (t[end] == 's' || t[end] == 'S') && !(cls_at(&st, end + 1) & WORDCHAR))
                end++;
            rc = emit(&st, start, end, &ci, NERVE_TOKEN_WORD, NERVE_TOK_POSSESSIVE, cp >= 0x80, 0);
        } else if (cls & (NERVE__CP_PUNCT | NERVE__CP_SYMBOL | NERVE__CP_MARK) || cls == 0) {
            uint32_t kind = (cls & NERVE__CP_PUNCT) ? NERVE_TOKEN_PUNCT : NERVE_TOKEN_SYMBOL;
            if (b == '%' || b == '#' || b == '@' || b == '&' || b == '*')
                kind = NERVE_TOKEN_SYMBOL;
            uint32_t flags = 0;
            if (b == '.' || b == '-') {
                end = i + 1;
                while (end < len && t[end] == b)
                    end++;
            } else {
                end = scan_symbol(&st, i, cp, k, cls);
                flags = quote_flags(&st, i, cp, k);
            }
            rc = emit(&st, start, end, &ci, kind, flags, has_high_bytes(t + start, end - start), 0);
        } else {
            /* Anything else (not reached: every class is handled above). */
            end = i + k;
            rc = emit(&st, start, end, &ci, NERVE_TOKEN_SYMBOL, 0, 1, 0);
        }
        if (rc != NERVE_OK)
            goto oom;
        i = end;
    }
    if (close_sentence(&st) != NERVE_OK)
        goto oom;

    /* The key buffer no longer grows: point the tokens into it. */
    const char *p = out->norm.v;
    for (size_t n = 0; n < out->tok.n; n++) {
        out->tok.v[n].norm = p;
        p += out->tok.v[n].norm_len + 1;
    }
    return NERVE_OK;

oom:
    out->tok.n = 0;
    out->sent.n = 0;
    out->norm.n = 0;
    return NERVE_ENOMEM;
}

/* ------------------------------------------------------------------------ */
/* Shapes                                                                   */
/* ------------------------------------------------------------------------ */

/*
 * Shape: upper-case letters X, other letters x, digits d, marks dropped,
 * other characters as they are; a run of the same shape character longer
 * than 4 is cut to 4 ("Washington" -> "Xxxxx", "1987" -> "dddd",
 * "COVID-19" -> "XXXX-dd", "U.S." -> "X.X.").
 */
void nerve__token_shape(const char *text, const nerve_token *tok, char *buf, size_t bufsize)
{
    if (bufsize == 0)
        return;
    size_t o = 0, run = 0;
    char last = 0;
    size_t i = tok->span.start;
    while (i < tok->span.end) {
        int32_t cp;
        size_t k = nerve__utf8_decode(text + i, tok->span.end - i, &cp);
        uint32_t cls = nerve__cp_class(cp);
        char ch;
        if (cls & NERVE__CP_UPPER)
            ch = 'X';
        else if (cls & NERVE__CP_LETTER)
            ch = 'x';
        else if (cls & NERVE__CP_DIGIT)
            ch = 'd';
        else if (cls & (NERVE__CP_MARK | NERVE__CP_FORMAT))
            ch = 0;
        else if (cp < 0x80)
            ch = (char)cp;
        else
            ch = 1; /* copy the bytes */
        if (ch == 1) {
            if (o + k >= bufsize)
                break;
            memcpy(buf + o, text + i, k);
            o += k;
            last = 0;
            run = 0;
        } else if (ch) {
            if (ch == last) {
                run++;
            } else {
                last = ch;
                run = 1;
            }
            if (run <= 4) {
                if (o + 1 >= bufsize)
                    break;
                buf[o++] = ch;
            }
        }
        i += k;
    }
    buf[o] = '\0';
}

void nerve__tokens_free(const nerve_allocator *al, nerve__tokens *t)
{
    nerve__vec_free(al, &t->tok);
    nerve__vec_free(al, &t->sent);
    nerve__vec_free(al, &t->norm);
}
