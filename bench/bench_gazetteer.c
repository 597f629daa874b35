/*
 * bench_gazetteer - gazetteer compile, load and lookup speed.
 *
 *   bench_gazetteer [--entries N] [--corpus PATH] [--gaz PATH] [--rounds R]
 *
 * 1. Writes a synthetic TSV of N entries (default 1,000,000) to a temporary
 *    folder, compiles it with nerve__gaz_compile_dir and reports the time.
 * 2. Loads the compiled image (mmap + validation) several times and reports
 *    the best and median milliseconds.
 * 3. Loads --gaz (default ../build/gazetteers/nerve.gaz or
 *    build/gazetteers/nerve.gaz, when present) the same way.
 * 4. Tokenizes the corpus (default ../shared/corpus/reuters.jsonl) once, then
 *    times nerve__gaz_lookup alone over all documents, with the --gaz image
 *    (the default model) and with the synthetic one, and reports tokens/s.
 */
#include "alloc.h"
#include "gazetteer.h"
#include "jsonl.h"
#include "tokenize.h"
#include "toklex.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static uint64_t rng_state = 0x853c49e6748fea9bULL;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

/* A pronounceable random word of 3..10 letters, capitalized. */
static void word(char *out)
{
    static const char *const SYL[] = {"ka", "ro", "min", "tel", "sa", "vor", "li", "an",  "ber",
                                      "go", "du", "nes", "pa",  "qu", "zi",  "et", "ham", "ost"};
    size_t n = 0, k = 1 + rnd() % 4;
    for (size_t i = 0; i < k; i++) {
        const char *s = SYL[rnd() % (sizeof SYL / sizeof SYL[0])];
        memcpy(out + n, s, strlen(s));
        n += strlen(s);
    }
    out[0] = (char)(out[0] - 'a' + 'A');
    out[n] = '\0';
}

static int write_synthetic(const char *path, long n)
{
    static const char *const TYPES[] = {"LOC", "PER", "ORG", "LOC", "MISC"};
    static const char *const SUBTYPES[] = {"city",  "politician", "company",    "village",
                                           "event", "region",     "given_name", "ministry"};
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "# synthetic gazetteer for bench_gazetteer\n");
    fprintf(f, "name\ttype\tsubtype\tcanonical\tid\tcountry\tpopulation\tlat\tlon\tcase\n");
    for (long i = 0; i < n; i++) {
        char a[64], b[64], c[64];
        word(a);
        word(b);
        word(c);
        int parts = 1 + (int)(rnd() % 3);
        char name[200];
        if (parts == 1)
            snprintf(name, sizeof name, "%s", a);
        else if (parts == 2)
            snprintf(name, sizeof name, "%s %s", a, b);
        else
            snprintf(name, sizeof name, "%s %s %s", a, b, c);
        fprintf(f, "%s\t%s\t%s\t%s\tsyn:%ld\t%c%c\t%u\t%.3f\t%.3f\t%s\n", name, TYPES[rnd() % 5],
                SUBTYPES[rnd() % 8], name, i, 'A' + (char)(rnd() % 26), 'A' + (char)(rnd() % 26),
                rnd() % 1000000, (double)(rnd() % 18000) / 100 - 90,
                (double)(rnd() % 36000) / 100 - 180, rnd() % 4 == 0 ? "cap" : "");
    }
    return fclose(f);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Load path `rounds` times; print best and median ms. Returns a set loaded from it, or NULL. */
static nerve__gazset *bench_load(const nerve_allocator *al, const char *label, const char *path,
                                 int rounds)
{
    double t[64];
    if (rounds > 64)
        rounds = 64;
    nerve__gazset *keep = NULL;
    for (int r = 0; r < rounds; r++) {
        nerve__gazset *gs;
        nerve_error err;
        if (nerve__gazset_new(al, &gs) != NERVE_OK)
            return NULL;
        nerve__gazset_set_tok_lexicon(gs, bench_tok_lexicon());
        double t0 = now_ms();
        int rc = nerve__gazset_add_compiled(gs, path, &err);
        if (rc == NERVE_OK)
            rc = nerve__gazset_freeze(gs, &err);
        t[r] = now_ms() - t0;
        if (rc != NERVE_OK) {
            fprintf(stderr, "%s: %s\n", path, err.message);
            nerve__gazset_free(gs);
            return NULL;
        }
        if (r == rounds - 1)
            keep = gs;
        else
            nerve__gazset_free(gs);
    }
    double first = t[0];
    qsort(t, (size_t)rounds, sizeof t[0], cmp_double);
    struct stat st;
    stat(path, &st);
    printf("load %-10s %9zu entries %7.1f MB   best %6.2f ms  median %6.2f ms  (first %6.2f)\n",
           label, nerve__gazset_size(keep), (double)st.st_size / 1e6, t[0], t[rounds / 2], first);
    return keep;
}

typedef struct tokdoc {
    const char *text;
    nerve__tokens toks;
} tokdoc;

static void bench_lookup(const nerve_allocator *al, const char *label, const nerve__gazset *gs,
                         tokdoc *docs, size_t ndocs, size_t ntok, int rounds)
{
    nerve__gaz_matches m;
    memset(&m, 0, sizeof m);
    double best = 1e30;
    size_t matches = 0;
    for (int r = 0; r < rounds; r++) {
        matches = 0;
        double t0 = now_ms();
        for (size_t d = 0; d < ndocs; d++) {
            if (nerve__gaz_lookup(gs, al, docs[d].text, docs[d].toks.tok.v, docs[d].toks.tok.n,
                                  &m) != NERVE_OK) {
                fprintf(stderr, "lookup failed\n");
                exit(1);
            }
            matches += m.m.n;
        }
        double t = now_ms() - t0;
        if (t < best)
            best = t;
    }
    printf("lookup %-8s %zu tokens in %.1f ms: %.1f M tokens/s, %zu matches\n", label, ntok, best,
           (double)ntok / best / 1e3, matches);
    nerve__gaz_matches_free(al, &m);
}

static const char *first_existing(const char *const *paths)
{
    for (; *paths; paths++) {
        if (access(*paths, R_OK) == 0)
            return *paths;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long nentries = 1000000;
    int rounds = 9;
    static const char *const CORPORA[] = {"../shared/corpus/reuters.jsonl",
                                          "../../shared/corpus/reuters.jsonl",
                                          "/work/shared/corpus/reuters.jsonl", NULL};
    static const char *const GAZ[] = {"build/gazetteers/nerve.gaz", "gazetteers/nerve.gaz",
                                      "../build/gazetteers/nerve.gaz", NULL};
    const char *corpus = first_existing(CORPORA), *gaz = first_existing(GAZ);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--entries") == 0 && i + 1 < argc)
            nentries = atol(argv[++i]);
        else if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc)
            corpus = argv[++i];
        else if (strcmp(argv[i], "--gaz") == 0 && i + 1 < argc)
            gaz = argv[++i];
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_gazetteer [--entries N] [--corpus PATH] [--gaz PATH] "
                            "[--rounds R]\n");
            return 2;
        }
    }
    if (rounds < 1)
        rounds = 1;
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);

    /* 1. synthetic compile */
    char dir[256], tsv[300], out[300];
    snprintf(dir, sizeof dir, "/tmp/nerve-bench-gaz-%ld", (long)getpid());
    snprintf(tsv, sizeof tsv, "%s/synthetic.tsv", dir);
    snprintf(out, sizeof out, "%s.gaz", dir);
    if (mkdir(dir, 0755) != 0 || write_synthetic(tsv, nentries) != 0) {
        perror(dir);
        return 1;
    }
    nerve_error err;
    double t0 = now_ms();
    if (nerve__gaz_compile_dir(&al, bench_tok_lexicon(), dir, out, &err) != NERVE_OK) {
        fprintf(stderr, "compile: %s:%u:%u: %s\n", err.file, err.line, err.column, err.message);
        return 1;
    }
    printf("compile    %ld synthetic entries: %.0f ms\n", nentries, now_ms() - t0);
    unlink(tsv);
    rmdir(dir);

    /* 2, 3. loads */
    nerve__gazset *syn = bench_load(&al, "synthetic", out, rounds);
    nerve__gazset *def = gaz ? bench_load(&al, "default", gaz, rounds) : NULL;
    if (!gaz)
        printf("load default: no nerve.gaz found (pass --gaz)\n");

    /* 4. lookup */
    if (corpus) {
        bench_corpus c;
        if (bench_corpus_load(corpus, &c) != 0) {
            perror(corpus);
            return 1;
        }
        tokdoc *docs = calloc(c.count ? c.count : 1, sizeof *docs);
        size_t ntok = 0;
        for (size_t d = 0; d < c.count; d++) {
            docs[d].text = c.docs[d].text ? c.docs[d].text : "";
            size_t len = c.docs[d].text ? c.docs[d].text_len : 0;
            if (nerve__tokenize(&al, bench_tok_lexicon(), docs[d].text, len, &docs[d].toks) !=
                NERVE_OK)
                return 1;
            ntok += docs[d].toks.tok.n;
        }
        printf("corpus     %zu documents, %zu tokens (%s)\n", c.count, ntok, corpus);
        if (def)
            bench_lookup(&al, "default", def, docs, c.count, ntok, rounds < 5 ? rounds : 5);
        if (syn)
            bench_lookup(&al, "synth", syn, docs, c.count, ntok, rounds < 5 ? rounds : 5);
        for (size_t d = 0; d < c.count; d++)
            nerve__tokens_free(&al, &docs[d].toks);
        free(docs);
        bench_corpus_free(&c);
    } else {
        printf("lookup: no corpus found (pass --corpus)\n");
    }
    nerve__gazset_free(syn);
    nerve__gazset_free(def);
    unlink(out);
    return 0;
}
