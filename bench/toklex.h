/*
 * toklex.h - the default data directory's tokenizer lexicon
 * (rules/tokenizer.tsv), for the benches that tokenize without a model:
 * loaded once, kept for the program's life; exits when it cannot be read.
 */
#ifndef NERVE_BENCH_TOKLEX_H
#define NERVE_BENCH_TOKLEX_H

#include "tokenize.h"

#include <stdio.h>
#include <stdlib.h>

static inline const nerve__tok_lexicon *bench_tok_lexicon(void)
{
    static nerve__tok_lexicon *lx;
    if (!lx) {
        char path[4096];
        snprintf(path, sizeof path, "%s/rules/tokenizer.tsv", nerve_default_data_dir());
        nerve_error err;
        if (nerve__tok_lexicon_load(NULL, path, NULL, &lx, &err) != NERVE_OK) {
            fprintf(stderr, "%s:%u: %s\n", err.file, err.line, err.message);
            exit(1);
        }
    }
    return lx;
}

#endif
