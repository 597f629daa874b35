/*
 * bench_tokenize.c - tokenizer throughput on a JSONL corpus.
 *
 *   bench_tokenize [CORPUS.jsonl [REPEAT]]
 *
 * CORPUS defaults to ../shared/corpus/reuters.jsonl (relative to the current
 * directory), REPEAT to 3. Every document's "text" is tokenized REPEAT times
 * with one reused nerve__tokens; prints documents/s, MB/s and tokens/s of
 * the tokenizer alone, and the peak RSS of the process.
 */
#include "jsonl.h"
#include "tokenize.h"
#include "toklex.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/corpus/reuters.jsonl";
    long repeat = argc > 2 ? strtol(argv[2], NULL, 10) : 3;
    if (repeat < 1) {
        fprintf(stderr, "usage: %s [CORPUS.jsonl [REPEAT>=1]]\n", argv[0]);
        return 2;
    }

    double t0 = now_seconds();
    bench_corpus corpus;
    if (bench_corpus_load(path, &corpus) != 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return 1;
    }
    double t_load = now_seconds() - t0;

    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    nerve__tokens toks;
    memset(&toks, 0, sizeof toks);

    size_t tokens = 0, sentences = 0, docs = 0;
    double bytes = 0;
    t0 = now_seconds();
    for (long r = 0; r < repeat; r++) {
        for (size_t i = 0; i < corpus.count; i++) {
            const bench_doc *d = &corpus.docs[i];
            if (!d->text)
                continue;
            if (nerve__tokenize(&al, bench_tok_lexicon(), d->text, d->text_len, &toks) !=
                NERVE_OK) {
                fprintf(stderr, "%s: out of memory\n", d->id ? d->id : "?");
                return 1;
            }
            tokens += toks.tok.n;
            sentences += toks.sent.n;
            bytes += (double)d->text_len;
            docs++;
        }
    }
    double secs = now_seconds() - t0;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    printf("corpus      %s: %zu documents, %.1f MB (loaded in %.2f s)\n", path, corpus.count,
           (double)corpus.text_bytes / 1e6, t_load);
    printf("repeat      %ld\n", repeat);
    printf("tokens      %zu per pass, %zu sentences per pass\n", tokens / (size_t)repeat,
           sentences / (size_t)repeat);
    printf("time        %.3f s\n", secs);
    printf("documents/s %.0f\n", (double)docs / secs);
    printf("MB/s        %.1f\n", bytes / 1e6 / secs);
    printf("tokens/s    %.0f\n", (double)tokens / secs);
    printf("peak RSS    %.1f MB\n", (double)ru.ru_maxrss / 1024.0);

    nerve__tokens_free(&al, &toks);
    bench_corpus_free(&corpus);
    return 0;
}
