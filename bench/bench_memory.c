/*
 * bench_memory - the memory one nerve_doc_process costs per input byte.
 *
 *   bench_memory [--max B] [--sites] [--pattern TEXT] [CORPUS.jsonl] [MB ...]
 *
 * Builds one document of each size (default 1, 4 and 16 MB) by joining the
 * texts of the corpus (default ../shared/corpus/reuters.jsonl) with blank
 * lines, processes it through a counting allocator, and prints the peak
 * bytes the library held during nerve_doc_process (the model's own memory
 * excluded) divided by the input size, then the largest arrays the doc
 * keeps afterwards, and each stage's peak. The target is at most 20 bytes
 * per input byte. With --max B the exit status is 1 when any size takes
 * more than B (a test). --sites lists the blocks of 128 KiB or more live at
 * the peak with where they were allocated (addr2line). --pattern TEXT makes
 * the document TEXT repeated instead ("US " is a name every three bytes):
 * the dense inputs from which NERVE_DEFAULT_MAX_TEXT is derived.
 */
#define _GNU_SOURCE /* dladdr: the peak's blocks are named by call site */
#include "jsonl.h"

#include "doc.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* A live block of at least BIG bytes and the calls that allocated it. */
#define BIG ((size_t)128 << 10)
#define NREC 4096
#define NSITE 8
typedef struct rec {
    void *p;
    size_t n;
    void *site[NSITE];
    int nsite;
    int gen; /* the document it was allocated for */
} rec;

/* Live and peak bytes; a 16-byte header keeps each block's size for free.
 * The large blocks live at the peak are kept (a copy whenever the peak grew
 * by 64 KiB since the last), to name where the peak's bytes are. */
typedef struct counter {
    size_t live, peak;
    rec big[NREC], at_peak[NREC];
    size_t nbig, npeak, snap_live;
    int gen;
} counter;

#define HDR 16

static void track(counter *c, void *old, void *p, size_t n)
{
    size_t i = 0;
    if (old)
        for (; i < c->nbig && c->big[i].p != old; i++)
            ;
    if (old && i < c->nbig) {
        if (n < BIG || !p) {
            c->big[i] = c->big[--c->nbig];
            return;
        }
        c->big[i].p = p;
        c->big[i].n = n;
        return;
    }
    if (n >= BIG && p && c->nbig < NREC) {
        rec *r = &c->big[c->nbig++];
        r->p = p;
        r->n = n;
        r->nsite = backtrace(r->site, NSITE);
        r->gen = c->gen;
    }
}

static void new_peak(counter *c)
{
    if (c->live <= c->peak)
        return;
    c->peak = c->live;
    if (c->live >= c->snap_live + ((size_t)64 << 10)) {
        memcpy(c->at_peak, c->big, c->nbig * sizeof *c->big);
        c->npeak = c->nbig;
        c->snap_live = c->live;
    }
}

static void *c_malloc(void *ctx, size_t n)
{
    counter *c = ctx;
    char *p = malloc(n + HDR);
    if (!p)
        return NULL;
    memcpy(p, &n, sizeof n);
    c->live += n;
    track(c, NULL, p + HDR, n);
    new_peak(c);
    return p + HDR;
}

static void c_free(void *ctx, void *ptr)
{
    counter *c = ctx;
    if (!ptr)
        return;
    char *p = (char *)ptr - HDR;
    size_t n;
    memcpy(&n, p, sizeof n);
    c->live -= n;
    track(c, ptr, NULL, 0);
    free(p);
}

static void *c_realloc(void *ctx, void *ptr, size_t old_size, size_t n)
{
    counter *c = ctx;
    (void)old_size;
    if (!ptr)
        return c_malloc(ctx, n);
    char *p = (char *)ptr - HDR;
    size_t old;
    memcpy(&old, p, sizeof old);
    char *q = realloc(p, n + HDR);
    if (!q)
        return NULL;
    memcpy(q, &n, sizeof n);
    c->live = c->live - old + n;
    track(c, ptr, q + HDR, n);
    new_peak(c);
    return q + HDR;
}

/* The function and line of a return address in this program, as
 * "function (file:line)", by addr2line over the debug information. */
static void site_name(void *addr, char *buf, size_t size)
{
    Dl_info di;
    snprintf(buf, size, "?");
    if (!dladdr(addr, &di) || !di.dli_fname)
        return;
    char cmd[512];
    /* a return address is one past the call: look up the call */
    snprintf(cmd, sizeof cmd, "addr2line -f -s -e '%s' %#lx 2>/dev/null", di.dli_fname,
             (unsigned long)((char *)addr - (char *)di.dli_fbase - 1));
    FILE *f = popen(cmd, "r");
    if (!f)
        return;
    char fn[200] = "?", loc[200] = "?";
    if (fgets(fn, sizeof fn, f) && fgets(loc, sizeof loc, f)) {
        fn[strcspn(fn, "\n")] = '\0';
        loc[strcspn(loc, "\n")] = '\0';
        snprintf(buf, size, "%s (%s)", fn, loc);
    }
    pclose(f);
}

/* Is this frame the allocator's own (the counter or lib/alloc.c)? */
static int allocator_frame(const char *name)
{
    static const char *const own[] = {
        "c_malloc",      "c_realloc",         "c_free",         "track",
        "nerve__malloc", "nerve__calloc",     "nerve__realloc", "nerve__grow",
        "nerve__resize", "nerve__buf_append", "arena_block",    "nerve__arena"};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        if (strncmp(name, own[i], strlen(own[i])) == 0)
            return 1;
    return 0;
}

static int by_rec_size(const void *a, const void *b)
{
    size_t x = ((const rec *)a)->n, y = ((const rec *)b)->n;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The blocks of at least BIG bytes live at the peak, largest first, each
 * with the first two calls outside the allocator that made it. */
static void peak_blocks(counter *c, size_t len, size_t base)
{
    qsort(c->at_peak, c->npeak, sizeof *c->at_peak, by_rec_size);
    size_t sum = 0;
    printf("  live at the peak, blocks of %zu KiB or more (where first allocated):\n", BIG >> 10);
    for (size_t i = 0; i < c->npeak; i++) {
        const rec *r = &c->at_peak[i];
        if (r->gen != c->gen)
            continue; /* the model's */
        char names[2][240];
        int k = 0;
        for (int f = 1; f < r->nsite && k < 2; f++) {
            site_name(r->site[f], names[k], sizeof names[k]);
            if (!allocator_frame(names[k]))
                k++;
        }
        printf("    %6.2f  %s%s%s\n", (double)r->n / (double)len, k > 0 ? names[0] : "?",
               k > 1 ? " < " : "", k > 1 ? names[1] : "");
        sum += r->n;
    }
    printf("    %6.2f  in smaller blocks (strings, per-sentence scratch)\n",
           (double)(c->snap_live - base - sum) / (double)len);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* One array of the doc, for the breakdown. */
typedef struct part {
    const char *name;
    size_t bytes;
} part;

static int by_size(const void *a, const void *b)
{
    size_t x = ((const part *)a)->bytes, y = ((const part *)b)->bytes;
    return x < y ? 1 : x > y ? -1 : 0;
}

#define PART(field)                                                                                \
    {                                                                                              \
#field, doc->field.cap * sizeof *doc->field.v                                              \
    }

static void breakdown(const nerve_doc *doc, size_t len)
{
    part parts[] = {PART(text),
                    PART(tokens.tok),
                    PART(tokens.sent),
                    PART(tokens.norm),
                    PART(gaz.m),
                    PART(gaz.ids),
                    PART(gaz.units),
                    PART(gaz.tok_unit),
                    PART(gaz.cand),
                    PART(mentions),
                    PART(mention_entry),
                    PART(entities.ent),
                    PART(entities.members),
                    PART(events),
                    PART(args),
                    PART(evidence),
                    PART(syn_want)};
    size_t n = sizeof parts / sizeof *parts;
    qsort(parts, n, sizeof *parts, by_size);
    printf("  kept after processing (capacity), largest first:\n");
    for (size_t i = 0; i < n && i < 8; i++)
        printf("    %-18s %8.2f bytes per input byte\n", parts[i].name,
               (double)parts[i].bytes / (double)len);
}

int main(int argc, char **argv)
{
    double max = 0;
    int sites = 0;
    const char *pattern = NULL; /* --pattern: the text is this, repeated */
    size_t plen = 0;
    for (;;) {
        if (argc > 2 && strcmp(argv[1], "--max") == 0) {
            max = atof(argv[2]);
            argc -= 2;
            argv += 2;
        } else if (argc > 2 && strcmp(argv[1], "--pattern") == 0) {
            pattern = argv[2];
            plen = strlen(pattern);
            argc -= 2;
            argv += 2;
        } else if (argc > 1 && strcmp(argv[1], "--sites") == 0) {
            sites = 1;
            argc--;
            argv++;
        } else {
            break;
        }
    }
    const char *path = argc > 1 ? argv[1] : "../shared/corpus/reuters.jsonl";
    size_t sizes[16] = {1, 4, 16};
    int nsizes = 3;
    if (argc > 2) {
        nsizes = 0;
        for (int i = 2; i < argc && nsizes < 16; i++)
            sizes[nsizes++] = (size_t)atol(argv[i]);
    }
    bench_corpus corpus;
    if (bench_corpus_load(path, &corpus) != 0 || corpus.count == 0) {
        perror(path);
        return 1;
    }
    static counter cnt; /* zero: nothing live */
    nerve_allocator al = {c_malloc, c_realloc, c_free, &cnt};
    nerve_error err;
    memset(&err, 0, sizeof err);
    nerve_model *model = NULL;
    nerve_doc *doc = NULL;
    if (nerve_model_load(NULL, &al, 0, &model, &err) != NERVE_OK ||
        nerve_model_set_limit(model, NERVE_LIMIT_MAX_TEXT, NERVE_MAX_TEXT_LIMIT, &err) !=
            NERVE_OK ||
        nerve_model_freeze(model, &err) != NERVE_OK) {
        fprintf(stderr, "bench_memory: %s\n", err.message);
        return 1;
    }
    size_t model_bytes = cnt.live;
    printf("model: %.1f MB on the heap (the compiled gazetteer is mapped, not counted)\n",
           (double)model_bytes / 1e6);
    double worst = 0;
    for (int s = 0; s < nsizes; s++) {
        size_t want = sizes[s] << 20, len = 0;
        char *text = malloc(want);
        if (!text)
            return 1;
        for (size_t d = 0; pattern && len < want; len++) /* a dense text instead */
            text[len] = pattern[d++ % plen];
        for (size_t d = 0; len < want; d = (d + 1) % corpus.count) {
            const bench_doc *bd = &corpus.docs[d];
            size_t k = bd->text_len + 2 < want - len ? bd->text_len : want - len;
            memcpy(text + len, bd->text, k);
            len += k;
            if (len + 2 <= want) {
                memcpy(text + len, "\n\n", 2);
                len += 2;
            }
        }
        /* a fresh doc for each size: its peak is this document's alone */
        if (nerve_doc_new(model, &doc, &err) != NERVE_OK) {
            fprintf(stderr, "bench_memory: %s\n", err.message);
            return 1;
        }
        size_t before = cnt.live;
        cnt.peak = cnt.live;
        cnt.snap_live = 0;
        cnt.npeak = 0;
        cnt.gen++;
        nerve_options o;
        memset(&o, 0, sizeof o);
        o.dct = "2020-09-28";
        int rc = nerve_doc_process(doc, text, len, &o, &err);
        if (rc != NERVE_OK && rc != NERVE_ELIMIT) {
            fprintf(stderr, "bench_memory: %s\n", err.message);
            return 1;
        }
        size_t ntok;
        nerve_doc_tokens(doc, &ntok);
        double per = (double)(cnt.peak - before) / (double)len;
        if (per > worst)
            worst = per;
        printf("%3zu MB, %zu tokens: peak %.1f MB = %.2f bytes per input byte (kept after: %.2f)\n",
               sizes[s], ntok, (double)(cnt.peak - before) / 1e6, per,
               (double)(cnt.live - before) / (double)len);
        breakdown(doc, len);
        if (sites)
            peak_blocks(&cnt, len, before);
        nerve_doc_free(doc);
        doc = NULL;

        /* The same document stage by stage: where the peak is reached. */
        if (nerve_doc_new(model, &doc, &err) != NERVE_OK)
            return 1;
        before = cnt.live;
        cnt.peak = cnt.live;
        o.flags = NERVE_OPT_TOKENS_ONLY;
        nerve_doc_process(doc, text, len, &o, &err);
        printf("  stage by stage: peak / live after, bytes per input byte:\n");
        printf("    %-10s %6.2f / %6.2f\n", "tokenize", (double)(cnt.peak - before) / (double)len,
               (double)(cnt.live - before) / (double)len);
        for (int st = 0; st < 5; st++) {
            static const char *const names[] = {"gazetteer", "timex", "entities", "linking",
                                                "events"};
            cnt.peak = cnt.live;
            if (st == 0)
                nerve__doc_run_gaz(doc);
            else if (st == 1 && model->timex)
                nerve__timex_find(model->timex, doc->al, &doc->arena, doc->text.v,
                                  doc->tokens.tok.v, doc->tokens.tok.n, doc->tokens.sent.v,
                                  doc->tokens.sent.n, doc->has_dct ? &doc->dct : NULL,
                                  &doc->mentions);
            else if (st == 2)
                nerve__doc_run_entities(doc);
            else if (st == 3)
                nerve__doc_run_link(doc);
            else if (st == 4)
                nerve__doc_run_events(doc, 0);
            printf("    %-10s %6.2f / %6.2f   (%zu mentions, capacity %zu)\n", names[st],
                   (double)(cnt.peak - before) / (double)len,
                   (double)(cnt.live - before) / (double)len, doc->mentions.n, doc->mentions.cap);
        }
        nerve_doc_free(doc);
        doc = NULL;
        free(text);
    }
    printf("worst: %.2f bytes per input byte (target <= 20); peak RSS %ld MB\n", worst,
           peak_rss_kb() / 1024);
    nerve_model_free(model);
    bench_corpus_free(&corpus);
    if (max > 0 && worst > max) {
        printf("FAIL: more than %.1f bytes per input byte\n", max);
        return 1;
    }
    return 0;
}
