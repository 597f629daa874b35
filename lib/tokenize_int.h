/*
 * tokenize_int.h - what the tokenizer's files share: the closed-class words
 * the scanner and the sentence splitter test (tokenize_words.c), by class.
 * Not used outside the tokenizer.
 *
 *   tokenize.c        scanner, sentence boundaries, keys, shapes
 *   tokenize_words.c  abbreviations, sentence starters, contractions,
 *                     line continuations, top-level domains
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

/* Class of the abbreviation word s[0..n) (without the period), AB_NONE if none. */
int nerve__tok_abbrev(const char *s, size_t n);
/* Is the word s[0..n) (any case, ASCII letters) ... */
int nerve__tok_starter(const char *s, size_t n);       /* a typical sentence starter */
int nerve__tok_s_contraction(const char *s, size_t n); /* a host of "'s" kept whole (it's) */
int nerve__tok_continuation(const char *s, size_t n);  /* a word a line break does not end after */
int nerve__tok_tld(const char *s, size_t n);           /* a top-level domain (Amazon.com) */

#endif
