/*
 * tokenize.h - text to tokens and sentences. Knows nothing about gazetteers
 * or rules. Fills arrays of public nerve_token / nerve_sentence structs that
 * the doc hands out as they are, and the buffer of normalized keys the
 * tokens' norm pointers point into.
 */
#ifndef NERVE_TOKENIZE_H
#define NERVE_TOKENIZE_H

#include "alloc.h"
#include "nerve.h"

typedef struct nerve__tokens {
    NERVE__VEC(nerve_token) tok;
    NERVE__VEC(nerve_sentence) sent;
    nerve__buf norm; /* NUL-separated keys; tok[i].norm points in here */
} nerve__tokens;

/*
 * Tokenize text[0..len). The text must already be validated, except that
 * invalid bytes are tolerated (each is one U+FFFD symbol token of one byte).
 * Previous contents of out are discarded, its memory reused. Returns NERVE_OK
 * or NERVE_ENOMEM.
 */
int nerve__tokenize(const nerve_allocator *al, const char *text, size_t len, nerve__tokens *out);

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

static inline nerve_span nerve__token_range_span(const nerve_token *tok, size_t b, size_t e)
{
    nerve_span s = {tok[b].span.start, tok[e - 1].span.end, tok[b].span.char_start,
                    tok[e - 1].span.char_end};
    return s;
}

#endif
