/*
 * conllu.h - reading CoNLL-U treebanks for the syntax trainer and scorer:
 * sentences with their words (FORM, UPOS, HEAD, DEPREL), the sentence's
 * text rebuilt from the surface forms and SpaceAfter=No, and the
 * alignment of the treebank's words to the tokens nerve's tokenizer makes
 * of that text.
 */
#ifndef NERVE_TOOLS_CONLLU_H
#define NERVE_TOOLS_CONLLU_H

#include "nerve.h"
#include "tokenize.h"

#include <stddef.h>
#include <stdint.h>

typedef struct cu_word {
    char *form, *upos, *deprel;
    int head;            /* 0-based word index, -1 for the root */
    size_t start, end;   /* bytes in the sentence text (a multi-word token's whole span) */
    size_t gstart, gend; /* bytes in the words-joined-by-spaces text */
} cu_word;

typedef struct cu_sentence {
    cu_word *w;
    size_t n;
    char *text; /* surface text: forms and spaces as the original had them */
    size_t len;
    char *gtext; /* the words' forms joined by single spaces */
    size_t glen;
    const char *file; /* the file it came from (static storage of the corpus) */
} cu_sentence;

typedef struct cu_corpus {
    cu_sentence *s;
    size_t n, cap;
    char **files;
    size_t nfiles;
} cu_corpus;

/* Read every *.conllu file of each directory (in name order) or file.
 * Prints an error naming the file and line and returns -1 on bad input. */
int cu_read(cu_corpus *c, const char *path);
void cu_free(cu_corpus *c);

/* A sentence on nerve's tokens: tokens of the surface text, and for each
 * token the treebank word it stands for, its head token (-1 root) and
 * relation (a pointer to a word's deprel or "goeswith"). */
typedef struct cu_aligned {
    const nerve__tok_lexicon *lex; /* what the text is tokenized with (the caller's) */
    nerve__tokens toks;
    int *word; /* treebank word each token stands for */
    int *head; /* token index, -1 for the root */
    const char **rel;
    const char **upos;
    size_t n, cap;
} cu_aligned;

int cu_align(const cu_sentence *s, cu_aligned *a);
void cu_aligned_free(cu_aligned *a);

/* Lift non-projective arcs (attach the dependent to its head's head) until
 * the tree over n nodes is projective. heads: -1 for the root. */
void cu_projectivize(int *head, size_t n);

/* The universal part of a relation ("nsubj" for "nsubj:pass"), in buf. */
const char *cu_base_rel(const char *rel, char *buf, size_t size);

#endif
