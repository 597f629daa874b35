/*
 * test_toklex.h - the bundled tokenizer lexicon (rules/tokenizer.tsv under
 * $NERVE_SOURCE_DIR, else the current directory) for unit tests and benches
 * that tokenize without a model: loaded once, kept for the program's life.
 */
#ifndef NERVE_TEST_TOKLEX_H
#define NERVE_TEST_TOKLEX_H

#include "tokenize.h"

#include <stdio.h>
#include <stdlib.h>

static inline const nerve__tok_lexicon *test_tok_lexicon(void)
{
    static nerve__tok_lexicon *lx;
    if (!lx) {
        const char *dir = getenv("NERVE_SOURCE_DIR");
        char path[4096];
        snprintf(path, sizeof path, "%s/rules/tokenizer.tsv", dir ? dir : ".");
        nerve_error err;
        if (nerve__tok_lexicon_load(NULL, path, "rules/tokenizer.tsv", &lx, &err) != NERVE_OK) {
            fprintf(stderr, "%s: %s:%u: %s\n", path, err.file, err.line, err.message);
            exit(1);
        }
    }
    return lx;
}

#endif
