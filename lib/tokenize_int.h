/*
 * tokenize_int.h - what the tokenizer's files share: the lookups of the
 * closed-class words the scanner and the sentence splitter test, by class,
 * in the model's tokenizer lexicon (tokenize_words.c; the words are in
 * rules/tokenizer.tsv). Not used outside the tokenizer.
 *
 *   tokenize.c        scanner, sentence boundaries, keys, shapes
 *   tokenize_words.c  loading rules/tokenizer.tsv; lookups of abbreviations,
 *                     sentence starters, contractions, line continuations,
 *                     top-level domains
 *
 * Every lookup takes the lexicon, which may be NULL (no words: nothing is
 * an abbreviation by the table, a starter ...); none allocates.
 */
#ifndef NERVE_TOKENIZE_INT_H
#define NERVE_TOKENIZE_INT_H

#include "tokenize.h"

#include <stddef.h>

enum {
    AB_NONE = 0,
    AB_TITLE,    /* precedes a name: never ends a sentence */
    AB_OTHER,    /* may end a sentence before a sentence starter */
    AB_NUMBERED, /* "No." before a number: never ends a sentence */
    AB_NEVER,    /* "vs.": never ends a sentence */
    AB_INITIAL,  /* a single capital: "H." (decided like AB_OTHER) */
    AB_INITIALS  /* letter-dot sequences: "U.S.", "a.m." (like AB_OTHER) */
};

/* Class of the abbreviation word s[0..n) (without the period), AB_NONE if
 * none: an entry without the "lower" flag needs a capital first letter. */
int nerve__tok_abbrev(const nerve__tok_lexicon *lx, const char *s, size_t n);
/* Is the word s[0..n) (any case, ASCII letters) a typical sentence starter;
 * a host of "'s" kept whole (it's); a word a line break does not end after;
 * a top-level domain (Amazon.com)? */
int nerve__tok_starter(const nerve__tok_lexicon *lx, const char *s, size_t n);
int nerve__tok_s_contraction(const nerve__tok_lexicon *lx, const char *s, size_t n);
int nerve__tok_continuation(const nerve__tok_lexicon *lx, const char *s, size_t n);
int nerve__tok_tld(const nerve__tok_lexicon *lx, const char *s, size_t n);

#endif
