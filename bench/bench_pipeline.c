/*
 * bench_pipeline - end-to-end throughput over a JSONL corpus, with the time
 * of each pipeline stage, the default model's load time and peak RSS.
 *
 *   bench_pipeline [CORPUS.jsonl] [REPEAT] [DATA_DIR] [syntax]
 *
 * Defaults: ../shared/corpus/reuters.jsonl, 1 repeat, the built-in data
 * directory ("" for it), no syntax ("syntax": NERVE_OPT_SYNTAX, tags and the
 * parse of the sentences with an event, with their stages in the split). Prints documents/s, MB/s
 * and tokens/s for the whole pipeline (through nerve_doc_process) and the per-stage split (the
 * stages called one by one on the same documents).
 */
#include "jsonl.h"

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

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

enum {
    ST_TOKENIZE,
    ST_GAZETTEER,
    ST_TIMEX,
    ST_TAG,
    ST_ENTITIES,
    ST_LINK,
    ST_EVENTS,
    ST_PARSE,
    ST_COUNT
};
static const char *const STAGE_NAMES[ST_COUNT] = {"tokenize", "gazetteer", "timex",  "tag",
                                                  "entities", "linking",   "events", "parse"};

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/corpus/reuters.jsonl";
    int repeat = argc > 2 ? atoi(argv[2]) : 1;
    const char *data_dir = argc > 3 && argv[3][0] ? argv[3] : NULL;
    int syntax = argc > 4 && strcmp(argv[4], "syntax") == 0;
    if (repeat < 1)
        repeat = 1;
    bench_corpus corpus;
    if (bench_corpus_load(path, &corpus) != 0) {
        perror(path);
        return 1;
    }
    nerve_error err;
    memset(&err, 0, sizeof err);

    /* Model load time: the first load (cold page cache aside) and the mean
     * of 10. Each timed model is freed before the next is loaded and the
     * one the documents use is loaded after them: a process holds one
     * model, and two at once would count the gazetteer's mapped pages
     * twice in the peak RSS below. */
    double t0 = now();
    nerve_model *model = NULL;
    if (nerve_model_load(data_dir, NULL, 0, &model, &err) != NERVE_OK ||
        nerve_model_freeze(model, &err) != NERVE_OK) {
        fprintf(stderr, "bench_pipeline: %s\n", err.message);
        return 1;
    }
    double first_load = now() - t0;
    nerve_model_free(model);
    double loads = 0;
    for (int i = 0; i < 10; i++) {
        nerve_model *m2 = NULL;
        t0 = now();
        nerve_model_load(data_dir, NULL, 0, &m2, NULL);
        nerve_model_freeze(m2, NULL);
        loads += now() - t0;
        nerve_model_free(m2);
    }
    model = NULL;
    if (nerve_model_load(data_dir, NULL, 0, &model, &err) != NERVE_OK ||
        nerve_model_freeze(model, &err) != NERVE_OK) {
        fprintf(stderr, "bench_pipeline: %s\n", err.message);
        return 1;
    }
    printf("model: %zu gazetteer entries, %zu rules; load %.2f ms (first), %.2f ms (mean of 10)\n",
           nerve_model_gazetteer_size(model), nerve_model_rule_count(model), first_load * 1e3,
           loads / 10 * 1e3);

    nerve_doc *doc = NULL;
    if (nerve_doc_new(model, &doc, &err) != NERVE_OK) {
        fprintf(stderr, "bench_pipeline: %s\n", err.message);
        return 1;
    }
    /* Whole pipeline through the public call. */
    size_t tokens = 0, mentions = 0, events = 0, failures = 0;
    t0 = now();
    for (int r = 0; r < repeat; r++) {
        for (size_t i = 0; i < corpus.count; i++) {
            nerve_options o;
            memset(&o, 0, sizeof o);
            o.dct = corpus.docs[i].dct;
            o.flags = syntax ? NERVE_OPT_SYNTAX : 0;
            int rc = nerve_doc_process(doc, corpus.docs[i].text, corpus.docs[i].text_len, &o, &err);
            if (rc != NERVE_OK && rc != NERVE_ELIMIT) {
                failures++;
                continue;
            }
            size_t n;
            nerve_doc_tokens(doc, &n);
            tokens += n;
            nerve_doc_mentions(doc, &n);
            mentions += n;
            nerve_doc_events(doc, &n);
            events += n;
        }
    }
    double total = now() - t0;
    double mb = (double)corpus.text_bytes * repeat / 1e6;
    printf("pipeline: %zu docs x %d, %.1f MB, %zu tokens, %zu mentions, %zu events, %zu failed\n",
           corpus.count, repeat, mb, tokens, mentions, events, failures);
    printf("pipeline: %.2f s, %.0f docs/s, %.2f MB/s, %.0f tokens/s\n", total,
           (double)corpus.count * repeat / total, mb / total, (double)tokens / total);

    /* The same documents, stage by stage. */
    double st[ST_COUNT] = {0};
    for (int r = 0; r < repeat; r++) {
        for (size_t i = 0; i < corpus.count; i++) {
            nerve_options o;
            memset(&o, 0, sizeof o);
            o.dct = corpus.docs[i].dct;
            o.flags = NERVE_OPT_TOKENS_ONLY;
            double a = now();
            if (nerve_doc_process(doc, corpus.docs[i].text, corpus.docs[i].text_len, &o, NULL) !=
                NERVE_OK)
                continue;
            double b = now();
            st[ST_TOKENIZE] += b - a;
            nerve__gaz_lookup(model->gaz, doc->al, doc->text.v, doc->tokens.tok.v,
                              doc->tokens.tok.n, &doc->gaz);
            double c = now();
            st[ST_GAZETTEER] += c - b;
            if (model->timex)
                nerve__timex_find(model->timex, doc->al, &doc->arena, doc->text.v,
                                  doc->tokens.tok.v, doc->tokens.tok.n, doc->tokens.sent.v,
                                  doc->tokens.sent.n, doc->has_dct ? &doc->dct : NULL,
                                  &doc->mentions);
            double c2 = now();
            st[ST_TIMEX] += c2 - c;
            if (syntax && model->syntax)
                nerve__syntax_run_tags(model->syntax, doc->syn, doc->text.v, doc->tokens.tok.v,
                                       doc->tokens.tok.n, doc->tokens.sent.v, doc->tokens.sent.n);
            double d = now();
            st[ST_TAG] += d - c2;
            nerve__doc_run_entities(doc);
            double e = now();
            st[ST_ENTITIES] += e - d;
            nerve__doc_run_link(doc);
            double f = now();
            st[ST_LINK] += f - e;
            nerve__doc_run_events(doc, 0);
            double g = now();
            st[ST_EVENTS] += g - f;
            /* Parsing as the pipeline does it: the sentences with an event. */
            if (syntax && model->syntax && doc->events.n) {
                size_t ns = doc->tokens.sent.n;
                if (nerve__vec_reserve(doc->al, &doc->syn_want, ns) == NERVE_OK) {
                    memset(doc->syn_want.v, 0, ns);
                    for (size_t k = 0; k < doc->events.n; k++)
                        doc->syn_want.v[doc->events.v[k].sentence] = 1;
                    nerve__syntax_run_parse(model->syntax, doc->syn, doc->text.v, doc->tokens.tok.v,
                                            doc->tokens.tok.n, doc->tokens.sent.v, ns,
                                            doc->syn_want.v);
                }
            }
            st[ST_PARSE] += now() - g;
        }
    }
    double sum = 0;
    for (int k = 0; k < ST_COUNT; k++)
        sum += st[k];
    for (int k = 0; k < ST_COUNT; k++)
        printf("  stage %-10s %7.3f s  %5.1f%%  %12.0f tokens/s\n", STAGE_NAMES[k], st[k],
               sum > 0 ? 100 * st[k] / sum : 0, st[k] > 0 ? (double)tokens / st[k] : 0);
    printf("peak RSS: %.1f MB\n", (double)peak_rss_kb() / 1024);
    nerve_doc_free(doc);
    nerve_model_free(model);
    bench_corpus_free(&corpus);
    return failures ? 1 : 0;
}
