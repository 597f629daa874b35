/*
 * bench_syntax - speed of the syntax stage over a JSONL corpus: the model's
 * load time, tokens/s of tagging alone and of tagging + parsing every
 * sentence (one core; the documents are tokenized first and the
 * tokenizer's time is not counted; wall clock and this thread's CPU time,
 * which is what counts on a shared machine), and peak RSS.
 *
 *   bench_syntax [CORPUS.jsonl] [REPEAT] [MODEL.syn]
 *
 * Defaults: ../shared/corpus/reuters.jsonl, 1 repeat, build/syntax/nerve.syn
 * (the build tree's).
 */
#include "config.h"
#include "jsonl.h"
#include "toklex.h"

#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this thread: the figure that holds on a busy machine. */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/corpus/reuters.jsonl";
    int repeat = argc > 2 ? atoi(argv[2]) : 1;
    const char *model_path = argc > 3 ? argv[3] : NERVE_BUILD_DATADIR "/syntax/nerve.syn";
    if (repeat < 1)
        repeat = 1;
    bench_corpus corpus;
    if (bench_corpus_load(path, &corpus) != 0) {
        perror(path);
        return 1;
    }
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    nerve_error err;
    memset(&err, 0, sizeof err);
    nerve__syntax *m = NULL;
    double t0 = now();
    if (nerve__syntax_open(&al, model_path, &m, &err) != NERVE_OK) {
        fprintf(stderr, "bench_syntax: %s\n", err.message);
        return 1;
    }
    double first = now() - t0, loads = 0;
    for (int i = 0; i < 10; i++) {
        nerve__syntax *m2 = NULL;
        t0 = now();
        nerve__syntax_open(&al, model_path, &m2, NULL);
        loads += now() - t0;
        nerve__syntax_close(&al, m2);
    }
    double lc = cpu();
    for (int i = 0; i < 10; i++) {
        nerve__syntax *m2 = NULL;
        nerve__syntax_open(&al, model_path, &m2, NULL);
        nerve__syntax_close(&al, m2);
    }
    lc = cpu() - lc;
    printf("model %s: %zu bytes; load %.2f ms (first), %.2f ms wall, %.2f ms CPU (mean of 10)\n",
           model_path, m->size, first * 1e3, loads / 10 * 1e3, lc / 10 * 1e3);

    /* Tokenize everything first: the stage is timed alone. */
    nerve__tokens *docs = calloc(corpus.count, sizeof *docs);
    size_t tokens = 0;
    for (size_t i = 0; i < corpus.count; i++) {
        if (nerve__tokenize(&al, bench_tok_lexicon(), corpus.docs[i].text, corpus.docs[i].text_len,
                            &docs[i]) != NERVE_OK)
            return 1;
        tokens += docs[i].tok.n;
    }
    nerve__syntax_scratch *s = NULL;
    if (nerve__syntax_scratch_new(&al, &s) != NERVE_OK)
        return 1;
    double tag = 0, both = 0, tag_cpu = 0, both_cpu = 0;
    size_t roots = 0;
    for (int r = 0; r < repeat; r++) {
        for (size_t i = 0; i < corpus.count; i++) {
            nerve__tokens *d = &docs[i];
            /* A parsed sentence is not parsed again: clear the last round's
             * parse so that every repeat parses every sentence. */
            for (size_t k = 0; k < d->tok.n; k++) {
                d->tok.v[k].pos = NERVE_POS_NONE;
                d->tok.v[k].head = NERVE_NONE;
                d->tok.v[k].dep = NERVE_DEP_NONE;
            }
            double a = now(), ac = cpu();
            nerve__syntax_run_tags(m, s, corpus.docs[i].text, d->tok.v, d->tok.n, d->sent.v,
                                   d->sent.n);
            double b = now(), bc = cpu();
            nerve__syntax_run_parse(m, s, corpus.docs[i].text, d->tok.v, d->tok.n, d->sent.v,
                                    d->sent.n, NULL);
            double c = now(), cc = cpu();
            tag += b - a;
            both += c - a;
            tag_cpu += bc - ac;
            both_cpu += cc - ac;
            for (size_t k = 0; k < d->tok.n; k++)
                roots += d->tok.v[k].dep == NERVE_DEP_ROOT;
        }
    }
    double total = (double)tokens * repeat;
    printf("%zu docs x %d, %zu tokens, %zu sentences parsed (roots)\n", corpus.count, repeat,
           tokens, roots / (size_t)repeat);
    printf("tagging:           %.3f s  %10.0f tokens/s wall; %.3f s  %10.0f tokens/s CPU\n", tag,
           total / tag, tag_cpu, total / tag_cpu);
    printf("tagging + parsing: %.3f s  %10.0f tokens/s wall; %.3f s  %10.0f tokens/s CPU\n", both,
           total / both, both_cpu, total / both_cpu);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS: %.1f MB\n", (double)ru.ru_maxrss / 1024);
    nerve__syntax_scratch_free(&al, s);
    for (size_t i = 0; i < corpus.count; i++)
        nerve__tokens_free(&al, &docs[i]);
    free(docs);
    nerve__syntax_close(&al, m);
    bench_corpus_free(&corpus);
    return 0;
}
