/*
 * tokenize.h - text to tokens and sentences. Knows nothing about gazetteers
 * or rules. Fills arrays of public nerve_token / nerve_sentence structs that
 * the doc hands out as they are, and the buffer of normalized keys the
 * tokens' norm pointers point into.
 *
 * The English words the tokenizer tests (abbreviations that keep their
 * period, sentence starters, "'s" contraction hosts, line continuations,
 * top-level domains) are not in C: they are the tokenizer lexicon,
 * rules/tokenizer.tsv, which the model loads with its other data
 * (model->toklex) and hands to every nerve__tokenize. The gazetteer builder
 * tokenizes names with the same lexicon, so that "St. Louis" in a gazetteer
 * and in a document give the same key; a compiled image records the
 * lexicon's hash (nerve__tok_lexicon_hash).
 */
#ifndef NERVE_TOKENIZE_H
#define NERVE_TOKENIZE_H

#include "alloc.h"
#include "nerve.h"

#include <stdint.h>

typedef struct nerve__tokens {
    NERVE__VEC(nerve_token) tok;
    NERVE__VEC(nerve_sentence) sent;
    nerve__buf norm; /* NUL-separated keys; tok[i].norm points in here */
    /* The text is written without case (of its first thousand words that
     * open with an ASCII letter, at least 40 (a short text tells too little), fewer than 1 in 100
     * capitalized, or fewer than 1 in 100 with a lower-case letter): a period before a word ends a
     * sentence, and capitals are no evidence of names (the gazetteer matches its capitalized
     * entries in any case; no name rule reads capitals). */
    int caseless;
} nerve__tokens;

/* ---- the tokenizer lexicon (tokenize_words.c, rules/tokenizer.tsv) ---- */

typedef struct nerve__tok_lexicon nerve__tok_lexicon;

enum {
    NERVE__TOKW_ABBREV = 0,   /* abbrev: keeps its period, with a boundary class */
    NERVE__TOKW_STARTER,      /* starter: typically starts a sentence */
    NERVE__TOKW_CONTRACTION,  /* contraction: host of "'s" kept whole */
    NERVE__TOKW_CONTINUATION, /* continuation: a line break after it continues */
    NERVE__TOKW_TLD,          /* tld: joins "name.tld" into one word */
    NERVE__TOKW_COUNT_
};

/* Longest word of the lexicon, in bytes. */
#define NERVE__TOKW_MAX 15

/* Parse a tokenizer lexicon from src[0..len); name is the file named in
 * errors (NERVE_ERULES with line and column: unknown kind, bad flags, a
 * word that is empty, too long or not lower-case a-z, a duplicate, a NUL
 * byte, a CR-only line ending, a missing header). */
int nerve__tok_lexicon_load_buffer(const nerve_allocator *al, const char *name, const char *src,
                                   size_t len, nerve__tok_lexicon **out, nerve_error *err);
/* Same from the file at path (name: how errors and origins name it, NULL: path). */
int nerve__tok_lexicon_load(const nerve_allocator *al, const char *path, const char *name,
                            nerve__tok_lexicon **out, nerve_error *err);
void nerve__tok_lexicon_free(nerve__tok_lexicon *lx);
/* Hash of the tables' contents (not of comments or order); NULL has the
 * hash of an empty lexicon. Recorded in compiled gazetteers. */
uint32_t nerve__tok_lexicon_hash(const nerve__tok_lexicon *lx);
/* The file name the lexicon was loaded as, and its number of entries. */
const char *nerve__tok_lexicon_file(const nerve__tok_lexicon *lx);
size_t nerve__tok_lexicon_size(const nerve__tok_lexicon *lx);
/* Origin of an entry: the line of the word s[0..n) (any case) of kind
 * NERVE__TOKW_*, 0 when it has none. */
uint32_t nerve__tok_lexicon_line(const nerve__tok_lexicon *lx, int kind, const char *s, size_t n);

/*
 * Tokenize text[0..len) with the lexicon lex (NULL: an empty lexicon: only
 * letter-dot sequences and single capitals are abbreviations, no word is a
 * sentence starter, "'s" is always split off ...). The text must already be validated, except that
 * invalid bytes are tolerated (each is one U+FFFD symbol token of one byte).
 * Previous contents of out are discarded, its memory reused. Returns NERVE_OK
 * or NERVE_ENOMEM.
 */
int nerve__tokenize(const nerve_allocator *al, const nerve__tok_lexicon *lex, const char *text,
                    size_t len, nerve__tokens *out);

/* Write the token's shape (Xxxx, XXXX, dd, Xx-Xx ...) into buf (NUL-terminated, truncated). */
void nerve__token_shape(const char *text, const nerve_token *tok, char *buf, size_t bufsize);

void nerve__tokens_free(const nerve_allocator *al, nerve__tokens *t);

/* Span of tokens [b, e) (b < e). */
/* Is [first, end) a headline in capitals: no word in lower case, at least
 * three words in capitals ("SOCCER - BARATELLI TO COACH NICE .")? A dateline
 * ("GENEVA 1996-08-30") or a table row is shorter. The mention stage gives
 * such a line no entity rules; linking reads its words against the body. */
static inline int nerve__caps_headline(const nerve_token *tok, size_t first, size_t end)
{
    size_t caps = 0;
    for (size_t t = first; t < end; t++) {
        if (tok[t].kind != NERVE_TOKEN_WORD)
            continue;
        if (!(tok[t].flags & NERVE_TOK_ALLCAPS))
            return 0;
        caps += tok[t].norm_len > 1;
    }
    return caps >= 3;
}

/* Is sentence [first, end) of a document of ntok tokens, its sentence
 * number si, a headline in title case ("Minister Calls Off Trip To Peru")?
 * One of the first two sentences, a line of its own with no full stop at
 * its end, at least four words, all capitalized but for a few short ones
 * ("of", "to", "a"). The mention stage reads it like a headline in
 * capitals: no entity rule, its words found again against the body. */
static inline int nerve__title_headline(const nerve_token *tok, size_t ntok, size_t si,
                                        size_t first, size_t end)
{
    if (si > 1 || end <= first || (first > 0 && !(tok[first].flags & NERVE_TOK_LINE_START)) ||
        (end < ntok && !(tok[end].flags & NERVE_TOK_LINE_START)))
        return 0;
    const nerve_token *last = &tok[end - 1];
    if (last->kind == NERVE_TOKEN_PUNCT && last->norm_len == 1 && last->norm[0] == '.')
        return 0;
    size_t words = 0, cap = 0, caps = 0, lower = 0;
    for (size_t t = first; t < end; t++) {
        if (tok[t].kind != NERVE_TOKEN_WORD || (tok[t].flags & NERVE_TOK_HAS_DIGIT))
            continue;
        words++;
        if (tok[t].flags & NERVE_TOK_ALLCAPS)
            caps++;
        else if (tok[t].flags & NERVE_TOK_CAPITALIZED)
            cap++;
        else if (tok[t].norm_len <= 3)
            lower++;
        else
            return 0; /* a long word in lower case: a sentence */
    }
    return words >= 4 && cap >= 3 && lower * 4 <= words && caps < words;
}

/* A headline: in capitals or in title case (the two above). */
static inline int nerve__headline(const nerve_token *tok, size_t ntok, size_t si, size_t first,
                                  size_t end)
{
    return nerve__caps_headline(tok, first, end) ||
           nerve__title_headline(tok, ntok, si, first, end);
}

static inline nerve_span nerve__token_range_span(const nerve_token *tok, size_t b, size_t e)
{
    nerve_span s = {tok[b].span.start, tok[e - 1].span.end, tok[b].span.char_start,
                    tok[e - 1].span.char_end};
    return s;
}

#endif
