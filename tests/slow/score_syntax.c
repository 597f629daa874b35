/*
 * score_syntax - UPOS accuracy, UAS and LAS of the syntax model on CoNLL-U
 * treebanks, in two ways:
 *
 *   treebank tokens: the tagger and parser run on the treebank's own words
 *     (each sentence a sequence of given tokens), scores comparable with
 *     other parsers' on given tokens;
 *   nerve tokens: each sentence's text is rebuilt from FORM and
 *     SpaceAfter=No and processed by the library (nerve_doc_process with
 *     NERVE_OPT_PARSE_ALL: its own tokens, sentences, tags and parse); a
 *     treebank word is scored through the nerve token with exactly its
 *     character span, and a word no token matches counts as wrong;
 *   nerve tokens by head word (a diagnostic line): the same tokens, a token
 *     scored as the word among those it covers whose head lies outside it
 *     ("it" of "it's", "known" of "well-known"), the other words wrong: what
 *     is left of the gap to the treebank-token figures once the
 *     tokenization's own cost is set aside.
 *
 * What is counted: UPOS over every word; UAS and LAS over the words whose
 * gold UPOS is not PUNCT (the usual punctuation exclusion); LAS compares
 * the universal part of the relation (nsubj for nsubj:pass) as the CoNLL
 * 2018 scorer does, and LAS-full the whole relation.
 *
 *   score_syntax MODEL.syn DATA_DIR TREEBANK...
 *
 * DATA_DIR is a nerve data directory whose syntax model is MODEL.syn (for
 * the nerve-token scores). Prints one line per mode; exit 0.
 */
#include "conllu.h"
#include "syntax.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct tally {
    size_t words, pos_ok, scored, uas_ok, las_ok, lasf_ok, matched;
} tally;

static void print(const char *mode, const tally *t)
{
    printf("%-16s words %zu  UPOS %.2f  UAS %.2f  LAS %.2f  LAS-full %.2f", mode, t->words,
           100.0 * (double)t->pos_ok / (double)t->words,
           100.0 * (double)t->uas_ok / (double)t->scored,
           100.0 * (double)t->las_ok / (double)t->scored,
           100.0 * (double)t->lasf_ok / (double)t->scored);
    if (t->matched != t->words)
        printf("  (tokens matching a word: %.2f%%)", 100.0 * (double)t->matched / (double)t->words);
    printf("\n");
}

static int same_base(const char *a, const char *b)
{
    char x[64], y[64];
    return strcmp(cu_base_rel(a, x, sizeof x), cu_base_rel(b, y, sizeof y)) == 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: score_syntax MODEL.syn DATA_DIR TREEBANK...\n");
        return 2;
    }
    nerve_allocator libc;
    nerve__allocator_init(&libc, NULL);
    nerve_error err;
    memset(&err, 0, sizeof err);
    nerve__syntax *m = NULL;
    if (nerve__syntax_open(&libc, argv[1], &m, &err) != NERVE_OK) {
        fprintf(stderr, "score_syntax: %s\n", err.message);
        return 1;
    }
    cu_corpus c;
    memset(&c, 0, sizeof c);
    for (int a = 3; a < argc; a++)
        if (cu_read(&c, argv[a]) != 0)
            return 1;
    nerve__syntax_scratch *s = NULL;
    if (nerve__syntax_scratch_new(&libc, &s) != NERVE_OK)
        return 1;

    /* Treebank tokens. */
    tally g = {0};
    double t0 = (double)clock();
    for (size_t i = 0; i < c.n; i++) {
        const cu_sentence *se = &c.s[i];
        size_t n = se->n;
        nerve_token *tok = calloc(n + 1, sizeof *tok);
        uint8_t *tags = malloc(n + 1), *labels = malloc(n + 1);
        int32_t *heads = malloc((n + 1) * sizeof *heads);
        for (size_t k = 0; k < n; k++) {
            tok[k].span.start = se->w[k].gstart;
            tok[k].span.end = se->w[k].gend;
        }
        nerve__syntax_tag(m, s, se->gtext, tok, n, tags);
        nerve__syntax_parse(m, s, se->gtext, tok, n, tags, heads, labels);
        for (size_t k = 0; k < n; k++) {
            const cu_word *w = &se->w[k];
            g.words++;
            g.matched++;
            g.pos_ok += strcmp(nerve_pos_name(m->tag_pos[tags[k]]), w->upos) == 0;
            if (strcmp(w->upos, "PUNCT") == 0)
                continue;
            g.scored++;
            if (heads[k] == w->head) {
                const char *rel = nerve_dep_name(m->label_dep[labels[k]]);
                g.uas_ok++;
                g.las_ok += same_base(rel, w->deprel);
                g.lasf_ok += strcmp(rel, w->deprel) == 0;
            }
        }
        free(tok);
        free(tags);
        free(labels);
        free(heads);
    }
    double secs = ((double)clock() - t0) / CLOCKS_PER_SEC;
    print("treebank tokens", &g);

    /* nerve tokens, through the library. */
    nerve_model *model = NULL;
    nerve_doc *doc = NULL;
    if (nerve_model_load(argv[2], NULL, 0, &model, &err) != NERVE_OK ||
        nerve_doc_new(model, &doc, &err) != NERVE_OK) {
        fprintf(stderr, "score_syntax: %s\n", err.message);
        return 1;
    }
    tally t = {0}, hw = {0};
    nerve_options opts = {NERVE_OPT_PARSE_ALL, NULL, NULL};
    for (size_t i = 0; i < c.n; i++) {
        const cu_sentence *se = &c.s[i];
        if (nerve_doc_process(doc, se->text, se->len, &opts, &err) != NERVE_OK) {
            fprintf(stderr, "score_syntax: %s: %s\n", se->file, err.message);
            return 1;
        }
        size_t nt;
        const nerve_token *tok = nerve_doc_tokens(doc, &nt);
        /* The token with exactly each word's span, or -1. */
        long *match = malloc((se->n + 1) * sizeof *match);
        size_t j = 0;
        for (size_t k = 0; k < se->n; k++) {
            match[k] = -1;
            while (j < nt && tok[j].span.start < se->w[k].start)
                j++;
            if (j < nt && tok[j].span.start == se->w[k].start && tok[j].span.end == se->w[k].end)
                match[k] = (long)j;
        }
        /* Words of a multi-word token share its span: none is matched. */
        for (size_t k = 0; k + 1 < se->n; k++)
            if (se->w[k].start == se->w[k + 1].start)
                match[k] = match[k + 1] = -1;
        for (size_t k = 0; k < se->n; k++) {
            const cu_word *w = &se->w[k];
            t.words++;
            int punct = strcmp(w->upos, "PUNCT") == 0;
            t.scored += !punct;
            if (match[k] < 0) {
                if (getenv("SCORE_SYNTAX_UNMATCHED")) /* which words no token matches */
                    fprintf(stderr, "unmatched\t%s\t%s\n", w->form, w->upos);
                continue;
            }
            t.matched++;
            const nerve_token *x = &tok[match[k]];
            t.pos_ok += strcmp(nerve_pos_name((int)x->pos), w->upos) == 0;
            if (punct)
                continue;
            int head_ok;
            if (w->head < 0)
                head_ok = x->head == NERVE_NONE && x->dep == NERVE_DEP_ROOT;
            else
                head_ok = x->head != NERVE_NONE && match[w->head] >= 0 &&
                          (size_t)match[w->head] == x->head;
            if (head_ok) {
                const char *rel = nerve_dep_name((int)x->dep);
                t.uas_ok++;
                t.las_ok += same_base(rel, w->deprel);
                t.lasf_ok += strcmp(rel, w->deprel) == 0;
            }
        }
        /* The same tokens, each scored as the treebank word it stands for:
         * of the words inside one token ("it" and "'s" of "it's"), the one
         * whose head lies outside it (the rest count as wrong). This
         * separates what the tokenization costs from what the model gets
         * wrong; the line above is the figure to quote. */
        long *owner = malloc((se->n + 1) * sizeof *owner);
        j = 0;
        for (size_t k = 0; k < se->n; k++) {
            owner[k] = -1;
            while (j < nt && tok[j].span.end <= se->w[k].start)
                j++;
            if (j < nt && tok[j].span.start <= se->w[k].start && se->w[k].end <= tok[j].span.end)
                owner[k] = (long)j;
        }
        for (size_t k = 0; k < se->n; k++) {
            const cu_word *w = &se->w[k];
            int punct = strcmp(w->upos, "PUNCT") == 0;
            hw.words++;
            hw.scored += !punct;
            long o = owner[k];
            if (o < 0 || (w->head >= 0 && owner[w->head] == o))
                continue;  /* inside no token, or not the token's head word */
            int first = 1; /* the first word of the token with its head outside */
            for (size_t q = 0; q < k && first; q++)
                if (owner[q] == o && (se->w[q].head < 0 || owner[se->w[q].head] != o))
                    first = 0;
            if (!first)
                continue;
            hw.matched++;
            const nerve_token *x = &tok[o];
            hw.pos_ok += strcmp(nerve_pos_name((int)x->pos), w->upos) == 0;
            if (punct)
                continue;
            int head_ok = w->head < 0 ? x->head == NERVE_NONE && x->dep == NERVE_DEP_ROOT
                                      : x->head != NERVE_NONE && owner[w->head] >= 0 &&
                                            (size_t)owner[w->head] == x->head;
            if (head_ok) {
                const char *rel = nerve_dep_name((int)x->dep);
                hw.uas_ok++;
                hw.las_ok += same_base(rel, w->deprel);
                hw.lasf_ok += strcmp(rel, w->deprel) == 0;
            }
        }
        free(owner);
        free(match);
    }
    print("nerve tokens", &t);
    print("  by head word", &hw);
    printf("tagging + parsing the treebank tokens: %.0f tokens/s (one core, incl. scoring)\n",
           (double)g.words / (secs > 0 ? secs : 1e-9));
    nerve_doc_free(doc);
    nerve_model_free(model);
    nerve__syntax_scratch_free(&libc, s);
    nerve__syntax_close(&libc, m);
    cu_free(&c);
    return 0;
}
