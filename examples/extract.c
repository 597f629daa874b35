/*
 * extract - run nerve over files or standard input and print the results.
 *
 * Thin over the public API: argument parsing, reading inputs, a pool of
 * worker threads (one nerve_doc each, one shared model), and printing the
 * documents in input order. A document that fails is reported on standard
 * error with its file and line or byte offset; the others are still printed,
 * and the exit status is then 1.
 */
#include "jsonl_input.h"
#include "line_reader.h"
#include "output_dir.h"
#include "progress.h"

#include <nerve.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NLIMITS 6 /* entries of LIMIT_NAMES */

enum { FMT_JSON, FMT_JSONL, FMT_PRETTY, FMT_CONLL, FMT_BRAT, FMT_HTML, FMT_CONLLU };
#define NFORMATS 7
static const char *const FORMAT_NAMES[NFORMATS] = {"json", "jsonl", "pretty", "conll",
                                                   "brat", "html",  "conllu"};
/* The file ending of each format under --output-dir. */
static const char *const FORMAT_EXT[NFORMATS] = {"json", "json", "txt",   "conll",
                                                 "ann",  "html", "conllu"};

/* What the printing side keeps across batches (main thread only). */
typedef struct out_state {
    progress prog;
    output_dir *dir;  /* --output-dir, or NULL: standard output */
    int page_started; /* a document is out (HTML: the page head) */
    int brat_warned;  /* brat on standard output: said once that it needs --output-dir */
} out_state;

typedef struct options {
    const char *dct;
    int format;
    int jsonl_input;
    int threads;
    int tokens;
    int syntax;     /* tags, and the parse of the sentences with an event */
    int parse_all;  /* tags and the parse of every sentence */
    int incomplete; /* also events missing a key role */
    int replace_invalid;
    const char *data_dir;
    const char **gazetteers;
    size_t n_gazetteers;
    const char **rules;
    size_t n_rules;
    uint64_t limits[NLIMITS]; /* --limit values, 0 = the library's default */
    const char *output_dir;
    int quiet;
    out_state *out; /* mutable printing state, for the main thread */
} options;

/* --limit NAME=VALUE: the names of nerve_limit values. */
static const struct {
    const char *name;
    int limit;
} LIMIT_NAMES[NLIMITS] = {
    {"text-bytes", NERVE_LIMIT_MAX_TEXT},   {"sentence-tokens", NERVE_LIMIT_SENTENCE_TOKENS},
    {"match", NERVE_LIMIT_MATCH},           {"depth", NERVE_LIMIT_DEPTH},
    {"rule-bytes", NERVE_LIMIT_RULE_BYTES}, {"gazetteer-bytes", NERVE_LIMIT_GAZETTEER_BYTES},
};

/* Parse "NAME=VALUE" into opt->limits; 0 on success. */
static int parse_limit(const char *arg, options *opt)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq[1] == '\0' || eq[1] == '-')
        return -1;
    for (int i = 0; i < NLIMITS; i++) {
        size_t n = strlen(LIMIT_NAMES[i].name);
        if ((size_t)(eq - arg) != n || strncmp(arg, LIMIT_NAMES[i].name, n) != 0)
            continue;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(eq + 1, &end, 10);
        if (errno || *end != '\0')
            return -1;
        opt->limits[i] = v;
        return 0;
    }
    return -1;
}

/* One document of a batch: its input, and its output once processed. */
typedef struct job {
    char *where; /* "file" or "file:line", for messages */
    char *id;
    char *text;
    size_t text_len;
    char *dct;
    char *out;
    size_t out_len, out_cap;
    char *error;     /* message when processing failed */
    size_t in_bytes; /* input bytes of the document, for the progress line */
    doc_summary sum; /* for the --output-dir index */
} job;

typedef struct pool {
    nerve_model *model;
    const options *opt;
    job *jobs;
    size_t n_jobs;
    size_t next; /* next job to take, under lock */
    pthread_mutex_t lock;
} pool;

static void usage(FILE *f)
{
    fputs(
        "usage: extract [options] [FILE ...]   (no FILE or \"-\": standard input)\n"
        "  --dct YYYY-MM-DD     document date for relative dates (\"on Friday\")\n"
        "  --format F           json (default on a pipe), jsonl, pretty (default on a\n"
        "                       terminal), conll, conllu, brat, html\n"
        "  --output-dir DIR     one file per document in DIR (NAME.html and index.html;\n"
        "                       NAME.txt and NAME.ann with annotation.conf, visual.conf),\n"
        "                       and index.jsonl: each document's id and files, in order\n"
        "  --input-format F     text (default: each FILE is one document) or jsonl\n"
        "                       (one {\"id\", \"text\", \"dct\"} object per line)\n"
        "  --gazetteer PATH     add a gazetteer file or folder (repeatable)\n"
        "  --rules PATH         add a rule file (repeatable)\n"
        "  --data-dir DIR       bundled data directory (default: $NERVE_DATA_DIR, else built in)\n"
        "  --threads N          documents in parallel (1-256, default 1)\n"
        "  --tokens             include tokens in JSON output (with pos, head, dep)\n"
        "  --syntax             tag every token, parse the sentences with an event\n"
        "  --parse-all          tag and parse every sentence\n"
        "  --incomplete-events  also report events that miss a key role (\"complete\": false)\n"
        "  --replace-invalid    replace invalid UTF-8 with U+FFFD instead of failing\n"
        "  --limit NAME=N       text-bytes, sentence-tokens, match, depth, rule-bytes or\n"
        "                       gazetteer-bytes (repeatable; see nerve_model_set_limit)\n"
        "  --quiet, -q          no progress line on a terminal\n"
        "  --version, --help\n"
        "Exit status: 0 success, 1 some input failed (the others were processed), 2 bad usage.\n",
        f);
}

static int out_append(void *ctx, const char *data, size_t len)
{
    job *j = ctx;
    if (j->out_len + len + 1 > j->out_cap) {
        size_t cap = j->out_cap ? j->out_cap : 4096;
        while (cap < j->out_len + len + 1)
            cap *= 2;
        char *p = realloc(j->out, cap);
        if (!p)
            return -1;
        j->out = p;
        j->out_cap = cap;
    }
    memcpy(j->out + j->out_len, data, len);
    j->out_len += len;
    return 0;
}

static void set_error(job *j, const nerve_error *err)
{
    char msg[640];
    if (err->code == NERVE_EUTF8)
        snprintf(msg, sizeof msg, "%s: byte offset %zu: %s", j->where, err->offset, err->message);
    else
        snprintf(msg, sizeof msg, "%s: %s", j->where, err->message);
    j->error = strdup(msg);
}

/* Counts and "visit 2, meeting 1" for the index page (sum owns the string). */
static void summarize(const nerve_doc *doc, doc_summary *sum)
{
    size_t ne = 0;
    const nerve_event *ev = nerve_doc_events(doc, &ne);
    nerve_doc_mentions(doc, &sum->mentions);
    nerve_doc_entities(doc, &sum->entities);
    sum->events = ne;
    size_t cap = 1, len = 0;
    for (size_t i = 0; i < ne; i++)
        cap += strlen(ev[i].type) + 24;
    char *s = malloc(cap);
    if (!s)
        return;
    s[0] = '\0';
    for (size_t i = 0; i < ne; i++) {
        size_t k = 0, times = 0;
        while (k < i && strcmp(ev[k].type, ev[i].type) != 0)
            k++;
        if (k < i)
            continue; /* counted with its first */
        for (size_t m = i; m < ne; m++)
            times += strcmp(ev[m].type, ev[i].type) == 0;
        len += (size_t)snprintf(s + len, cap - len, "%s%s %zu", len ? ", " : "", ev[i].type, times);
    }
    sum->events_by_type = s;
}

static void run_job(nerve_doc *doc, const options *opt, job *j)
{
    nerve_options o;
    memset(&o, 0, sizeof o);
    o.dct = j->dct ? j->dct : opt->dct;
    o.doc_id = j->id;
    o.flags = (opt->replace_invalid ? NERVE_OPT_REPLACE_INVALID : 0) |
              (opt->syntax ? NERVE_OPT_SYNTAX : 0) | (opt->parse_all ? NERVE_OPT_PARSE_ALL : 0) |
              (opt->incomplete ? NERVE_OPT_INCOMPLETE_EVENTS : 0);
    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_doc_process(doc, j->text, j->text_len, &o, &err);
    if (rc != NERVE_OK && rc != NERVE_ELIMIT) {
        set_error(j, &err);
        return;
    }
    if (rc == NERVE_ELIMIT)
        fprintf(stderr, "extract: %s: warning: %s\n", j->where, err.message);
    int fmt;
    uint32_t flags = opt->tokens ? NERVE_JSON_TOKENS : 0;
    switch (opt->format) {
    case FMT_JSON:
        fmt = NERVE_FORMAT_JSON;
        flags |= NERVE_JSON_PRETTY;
        break;
    case FMT_JSONL:
        fmt = NERVE_FORMAT_JSON;
        break;
    case FMT_PRETTY:
        fmt = NERVE_FORMAT_PRETTY;
        break;
    case FMT_CONLL:
        fmt = NERVE_FORMAT_CONLL;
        break;
    case FMT_BRAT:
        fmt = NERVE_FORMAT_BRAT;
        break;
    case FMT_CONLLU:
        fmt = NERVE_FORMAT_CONLLU;
        break;
    default:
        fmt = NERVE_FORMAT_HTML;
        break;
    }
    if (opt->output_dir)
        summarize(doc, &j->sum);
    if (fmt == NERVE_FORMAT_PRETTY) {
        out_append(j, "== ", 3);
        out_append(j, j->where, strlen(j->where));
        out_append(j, "\n", 1);
    }
    rc = nerve_doc_write(doc, fmt, flags, out_append, j, &err);
    if (rc != NERVE_OK) {
        set_error(j, &err);
        return;
    }
    if (fmt == NERVE_FORMAT_JSON)
        out_append(j, "\n", 1);
}

static void *worker(void *arg)
{
    pool *p = arg;
    nerve_doc *doc = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_doc_new(p->model, &doc, &err);
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next < p->n_jobs ? p->next++ : p->n_jobs;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->n_jobs)
            break;
        if (rc != NERVE_OK) {
            set_error(&p->jobs[i], &err);
            continue;
        }
        run_job(doc, p->opt, &p->jobs[i]);
    }
    nerve_doc_free(doc);
    return NULL;
}

/* Process a batch (in parallel when asked), print it in order, free it. */
static int flush_batch(nerve_model *model, const options *opt, job *jobs, size_t n)
{
    if (n == 0)
        return 0;
    pool p = {model, opt, jobs, n, 0, PTHREAD_MUTEX_INITIALIZER};
    int nthreads = opt->threads < (int)n ? opt->threads : (int)n;
    pthread_t tids[256];
    int started = 0;
    for (int t = 1; t < nthreads; t++) {
        if (pthread_create(&tids[started], NULL, worker, &p) != 0)
            break;
        started++;
    }
    worker(&p);
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    int failed = 0;
    out_state *st = opt->out;
    for (size_t i = 0; i < n; i++) {
        job *j = &jobs[i];
        char msg[600];
        if (j->error) {
            progress_clear(&st->prog);
            fprintf(stderr, "extract: %s\n", j->error);
            failed = 1;
        } else if (st->dir) {
            if (output_dir_write(st->dir, j->id, j->text, j->text_len, j->out, j->out_len, &j->sum,
                                 msg, sizeof msg) != 0) {
                progress_clear(&st->prog);
                fprintf(stderr, "extract: %s\n", msg);
                failed = 1;
            }
        } else if (j->out_len ||
                   opt->format == FMT_BRAT) { /* brat: an empty .ann is a document too */
            const char *o = j->out;
            if (opt->format == FMT_BRAT && st->page_started) {
                /* The ids of a .ann file are per document: one document's
                 * lines end at an empty line (nerve writes no empty .ann
                 * line), so the stream splits back into one .ann each. */
                if (!st->brat_warned) {
                    progress_clear(&st->prog);
                    fputs("extract: warning: brat output of several documents on standard "
                          "output is one .ann per document, separated by an empty line; use "
                          "--output-dir DIR for a .txt/.ann pair each\n",
                          stderr);
                    st->brat_warned = 1;
                }
                if (fputc('\n', stdout) == EOF) {
                    progress_clear(&st->prog);
                    fprintf(stderr, "extract: error writing standard output: %s\n",
                            strerror(errno));
                    exit(1);
                }
            }
            if (opt->format == FMT_HTML && st->page_started) {
                /* One page for the batch: one head, then each document's
                 * article (nerve.h: the head ends with a line "<body>"). */
                const char *body = strstr(o, "\n<body>\n");
                if (body)
                    o = body + 8;
            }
            size_t len = j->out_len - (size_t)(o - j->out);
            if (fwrite(o, 1, len, stdout) != len) {
                /* A full disk or a closed pipe (SIGPIPE ignored) ends the run
                 * now: the rest of the input would be processed for nothing. */
                progress_clear(&st->prog);
                fprintf(stderr, "extract: error writing standard output: %s\n", strerror(errno));
                exit(1);
            }
            st->page_started = 1;
        }
        progress_add(&st->prog, 1, j->in_bytes);
        free((char *)j->sum.events_by_type);
        free(j->where);
        free(j->id);
        free(j->text);
        free(j->dct);
        free(j->out);
        free(j->error);
        memset(j, 0, sizeof *j);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "extract: error writing standard output: %s\n", strerror(errno));
        exit(1);
    }
    return failed;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        fputs("extract: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

/* Read f up to max bytes; NULL with errno on failure, or with *too_big set
 * when f holds more than max bytes (then only max + 1 were read: an endless
 * input such as /dev/zero stops at the limit instead of exhausting memory). */
static char *read_all(FILE *f, size_t max, size_t *len, int *too_big)
{
    size_t cap = 65536, n = 0;
    *too_big = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *p = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!p) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            buf = p;
            cap *= 2;
        }
        size_t want = cap - n;
        if (want > max - n + 1)
            want = max - n + 1;
        size_t k = fread(buf + n, 1, want, f);
        n += k;
        if (n > max) {
            free(buf);
            *too_big = 1;
            return NULL;
        }
        if (k == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        errno = e ? e : EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

#define BATCH 512

typedef struct batch {
    job jobs[BATCH];
    size_t n;
} batch;

static int batch_add(nerve_model *model, const options *opt, batch *b, job *j)
{
    int failed = 0;
    if (b->n == BATCH) {
        failed = flush_batch(model, opt, b->jobs, b->n);
        b->n = 0;
    }
    b->jobs[b->n++] = *j;
    return failed;
}

/* Longest JSONL line read (a document's JSON, escapes included), unless
 * --limit text-bytes makes it shorter: a line that cannot hold an acceptable
 * text (at most 6 bytes of JSON per byte of text, plus the other fields) is
 * skipped without being held in memory. */
#define MAX_JSONL_LINE ((size_t)1 << 30)

static size_t max_jsonl_line(const options *opt)
{
    uint64_t text = opt->limits[0] ? opt->limits[0] : NERVE_DEFAULT_MAX_TEXT; /* text-bytes */
    if (text && text < (MAX_JSONL_LINE - 65536) / 6)
        return (size_t)text * 6 + 65536;
    return MAX_JSONL_LINE;
}

typedef struct pending_flush {
    nerve_model *model;
    const options *opt;
    batch *b;
    int *failed;
} pending_flush;

static void flush_pending(void *ctx)
{
    pending_flush *pf = ctx;
    if (pf->b->n) {
        *pf->failed |= flush_batch(pf->model, pf->opt, pf->b->jobs, pf->b->n);
        pf->b->n = 0;
    }
}

static int read_input(nerve_model *model, const options *opt, batch *b, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = stdin;
    if (!is_stdin) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            fprintf(stderr, "extract: %s: is a directory\n", path);
            return 1;
        }
        f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "extract: %s: %s\n", path, strerror(errno));
            return 1;
        }
    }
    int failed = 0;
    if (!opt->jsonl_input) {
        size_t len = 0, max = opt->limits[0] ? (size_t)opt->limits[0] : NERVE_DEFAULT_MAX_TEXT;
        int too_big = 0;
        errno = 0;
        char *text = read_all(f, max, &len, &too_big);
        if (!text && too_big) {
            fprintf(stderr,
                    "extract: %s: text exceeds the limit of %zu bytes (--limit text-bytes)\n", name,
                    max);
            failed = 1;
        } else if (!text) {
            fprintf(stderr, "extract: %s: read error: %s\n", name, strerror(errno ? errno : EIO));
            failed = 1;
        } else {
            job j;
            memset(&j, 0, sizeof j);
            j.where = xstrdup(name);
            j.id = xstrdup(name);
            j.text = text;
            j.text_len = len;
            j.in_bytes = len;
            failed |= batch_add(model, opt, b, &j);
        }
    } else {
        /* Before waiting on a pipe, write out what is pending: a stream's
         * documents come out as they arrive, not 512 at a time. */
        pending_flush pf = {model, opt, b, &failed};
        line_reader lr;
        line_reader_init(&lr, fileno(f), max_jsonl_line(opt));
        lr.before_block = flush_pending;
        lr.ctx = &pf;
        const char *line = NULL;
        size_t len = 0;
        unsigned long lineno = 0;
        int got;
        while ((got = line_reader_next(&lr, &line, &len)) != 0) {
            lineno++;
            char where[512];
            snprintf(where, sizeof where, "%s:%lu", name, lineno);
            if (got == -1 || got == -3) {
                fprintf(stderr, "extract: %s: %s\n", where,
                        got == -1 ? strerror(errno) : "out of memory");
                failed = 1;
                break;
            }
            if (got == -2) {
                flush_pending(&pf); /* report in order: what came before goes out first */
                fprintf(stderr, "extract: %s: line of %zu bytes is longer than %zu bytes\n", where,
                        len, max_jsonl_line(opt));
                failed = 1;
                continue;
            }
            while (len && line[len - 1] == '\r')
                len--;
            /* A byte order mark before the first line is not part of it
             * (editors on Windows write one); column numbers still count it. */
            size_t bom = lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
            line += bom;
            len -= bom;
            size_t k = 0;
            while (k < len && (line[k] == ' ' || line[k] == '\t'))
                k++;
            if (k == len)
                continue; /* blank line */
            jsonl_doc d;
            char msg[200];
            size_t off = 0;
            if (jsonl_parse(line, len, &d, msg, sizeof msg, &off) != 0) {
                flush_pending(&pf); /* likewise */
                fprintf(stderr, "extract: %s: column %zu: bad JSONL line: %s\n", where,
                        bom + off + 1, msg);
                failed = 1;
                continue;
            }
            if (d.text_bad_utf8 != (size_t)-1 && !opt->replace_invalid) {
                /* Reported here, where the line's own bytes are known: the
                 * library's offset would count the decoded text. */
                flush_pending(&pf);
                fprintf(
                    stderr,
                    "extract: %s: column %zu: invalid UTF-8 in \"text\" (byte offset %zu of the "
                    "line)\n",
                    where, bom + d.text_bad_utf8 + 1, bom + d.text_bad_utf8);
                jsonl_doc_free(&d);
                failed = 1;
                continue;
            }
            job j;
            memset(&j, 0, sizeof j);
            j.where = xstrdup(where);
            j.id = d.id ? d.id : xstrdup(where);
            j.text = d.text;
            j.text_len = d.text_len;
            j.dct = d.dct;
            j.in_bytes = len + 1;
            failed |= batch_add(model, opt, b, &j);
        }
        line_reader_free(&lr);
    }
    if (!is_stdin)
        fclose(f);
    return failed;
}

static int parse_format(const char *s, int *out)
{
    for (int i = 0; i < NFORMATS; i++)
        if (strcmp(s, FORMAT_NAMES[i]) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}

static int run_extract(int argc, char **argv, options *optp, const char **files);

/* brat's annotation.conf and visual.conf for the model's types. 0 or 1. */
static int write_brat_conf(nerve_model *model, output_dir *dir)
{
    static const struct {
        int format;
        const char *name;
    } CONF[] = {{NERVE_FORMAT_BRAT_ANNOTATION_CONF, "annotation.conf"},
                {NERVE_FORMAT_BRAT_VISUAL_CONF, "visual.conf"}};
    nerve_doc *doc = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    int failed = 0;
    if (nerve_doc_new(model, &doc, &err) != NERVE_OK) {
        fprintf(stderr, "extract: %s\n", err.message);
        return 1;
    }
    for (size_t i = 0; i < 2 && !failed; i++) {
        job j;
        memset(&j, 0, sizeof j);
        char msg[600];
        if (nerve_doc_write(doc, CONF[i].format, 0, out_append, &j, &err) != NERVE_OK) {
            fprintf(stderr, "extract: %s: %s\n", CONF[i].name, err.message);
            failed = 1;
        } else if (output_dir_write_file(dir, CONF[i].name, j.out, j.out_len, msg, sizeof msg) !=
                   0) {
            fprintf(stderr, "extract: %s\n", msg);
            failed = 1;
        }
        free(j.out);
    }
    nerve_doc_free(doc);
    return failed;
}

int main(int argc, char **argv)
{
    options opt;
    memset(&opt, 0, sizeof opt);
    opt.gazetteers = calloc((size_t)argc, sizeof *opt.gazetteers);
    opt.rules = calloc((size_t)argc, sizeof *opt.rules);
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int status = 1;
    if (!opt.gazetteers || !opt.rules || !files)
        fputs("extract: out of memory\n", stderr);
    else
        status = run_extract(argc, argv, &opt, files);
    free(opt.gazetteers);
    free(opt.rules);
    free(files);
    return status;
}

/* Everything but the argument arrays, which main owns and frees on every path. */
static int run_extract(int argc, char **argv, options *optp, const char **files)
{
    options opt = *optp;
    opt.format = isatty(STDOUT_FILENO) ? FMT_PRETTY : FMT_JSON;
    opt.threads = 1;
    opt.data_dir = getenv("NERVE_DATA_DIR");
    if (opt.data_dir && !*opt.data_dir)
        opt.data_dir = NULL;
    size_t n_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = ""; /* the option's value, for those that take one */
        int takes = strcmp(a, "--dct") == 0 || strcmp(a, "--format") == 0 ||
                    strcmp(a, "--input-format") == 0 || strcmp(a, "--gazetteer") == 0 ||
                    strcmp(a, "--rules") == 0 || strcmp(a, "--threads") == 0 ||
                    strcmp(a, "--data-dir") == 0 || strcmp(a, "--limit") == 0 ||
                    strcmp(a, "--output-dir") == 0;
        if (takes) {
            if (i + 1 >= argc) {
                fprintf(stderr, "extract: %s needs a value\n", a);
                return 2;
            }
            val = argv[++i];
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("extract (nerve) %s\n", nerve_version_string());
            return 0;
        } else if (strcmp(a, "--dct") == 0) {
            opt.dct = val; /* checked by the library once the model is loaded */
        } else if (strcmp(a, "--format") == 0) {
            if (parse_format(val, &opt.format) != 0) {
                fprintf(stderr,
                        "extract: --format %s: unknown format (json, jsonl, pretty, conll, "
                        "conllu, brat, html)\n",
                        val);
                return 2;
            }
        } else if (strcmp(a, "--input-format") == 0) {
            if (strcmp(val, "text") == 0)
                opt.jsonl_input = 0;
            else if (strcmp(val, "jsonl") == 0)
                opt.jsonl_input = 1;
            else {
                fprintf(stderr, "extract: --input-format %s: unknown input format (text, jsonl)\n",
                        val);
                return 2;
            }
        } else if (strcmp(a, "--gazetteer") == 0) {
            opt.gazetteers[opt.n_gazetteers++] = val;
        } else if (strcmp(a, "--rules") == 0) {
            opt.rules[opt.n_rules++] = val;
        } else if (strcmp(a, "--data-dir") == 0) {
            opt.data_dir = val;
        } else if (strcmp(a, "--output-dir") == 0) {
            opt.output_dir = val;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            opt.quiet = 1;
        } else if (strcmp(a, "--threads") == 0) {
            char *end;
            long t = strtol(val, &end, 10);
            if (*val == '\0' || *end != '\0' || t < 1 || t > 256) {
                fprintf(stderr, "extract: --threads %s: expected a number from 1 to 256\n", val);
                return 2;
            }
            opt.threads = (int)t;
        } else if (strcmp(a, "--limit") == 0) {
            if (parse_limit(val, &opt) != 0) {
                fprintf(stderr,
                        "extract: --limit %s: expected NAME=N with NAME one of text-bytes, "
                        "sentence-tokens, match, depth, rule-bytes, gazetteer-bytes\n",
                        val);
                return 2;
            }
        } else if (strcmp(a, "--tokens") == 0) {
            opt.tokens = 1;
        } else if (strcmp(a, "--syntax") == 0) {
            opt.syntax = 1;
        } else if (strcmp(a, "--parse-all") == 0) {
            opt.parse_all = 1;
        } else if (strcmp(a, "--incomplete-events") == 0) {
            opt.incomplete = 1;
        } else if (strcmp(a, "--replace-invalid") == 0) {
            opt.replace_invalid = 1;
        } else if (strcmp(a, "--") == 0) {
            while (++i < argc)
                files[n_files++] = argv[i];
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "extract: unknown option %s (see --help)\n", a);
            return 2;
        } else {
            files[n_files++] = a;
        }
    }
    if (n_files == 0)
        files[n_files++] = "-";

    nerve_error err;
    memset(&err, 0, sizeof err);
    nerve_model *model = NULL;
    int rc = nerve_model_load(opt.data_dir, NULL, 0, &model, &err);
    int usage_error = 0;
    for (int i = 0; rc == NERVE_OK && i < NLIMITS; i++)
        if (opt.limits[i]) {
            rc = nerve_model_set_limit(model, LIMIT_NAMES[i].limit, opt.limits[i], &err);
            usage_error = rc != NERVE_OK;
        }
    for (size_t i = 0; rc == NERVE_OK && i < opt.n_gazetteers; i++)
        rc = nerve_model_add_gazetteer(model, opt.gazetteers[i], &err);
    for (size_t i = 0; rc == NERVE_OK && i < opt.n_rules; i++)
        rc = nerve_model_add_rules(model, opt.rules[i], &err);
    if (rc == NERVE_OK)
        rc = nerve_model_freeze(model, &err);
    if (rc == NERVE_OK && opt.dct) {
        /* The library's own check (format, calendar, supported years), the
         * one every document's date goes through: a date it would refuse for
         * every document is a usage error. */
        nerve_doc *probe = NULL;
        nerve_options po;
        memset(&po, 0, sizeof po);
        po.dct = opt.dct;
        rc = nerve_doc_new(model, &probe, &err);
        if (rc == NERVE_OK)
            rc = nerve_doc_process(probe, "", 0, &po, &err);
        nerve_doc_free(probe);
        if (rc == NERVE_EDATE) {
            fprintf(stderr, "extract: --dct %s: %s\n", opt.dct, err.message);
            nerve_model_free(model);
            return 2;
        }
    }
    if (rc != NERVE_OK) {
        if (err.file[0] && err.line)
            fprintf(stderr, "extract: %s:%u:%u: %s\n", err.file, (unsigned)err.line,
                    (unsigned)err.column, err.message);
        else
            fprintf(stderr, "extract: %s\n", err.message[0] ? err.message : nerve_strerror(rc));
        nerve_model_free(model);
        /* Data the user named (--data-dir, NERVE_DATA_DIR, --gazetteer, --rules)
         * that cannot be used is a usage error; broken bundled data is not. */
        return usage_error || opt.data_dir || opt.n_rules || opt.n_gazetteers ? 2 : 1;
    }
    batch *b = calloc(1, sizeof *b);
    if (!b) {
        fputs("extract: out of memory\n", stderr);
        nerve_model_free(model);
        return 1;
    }
    out_state st;
    memset(&st, 0, sizeof st);
    opt.out = &st;
    if (opt.output_dir) {
        char msg[600];
        st.dir = output_dir_open(opt.output_dir, FORMAT_EXT[opt.format], opt.format == FMT_BRAT,
                                 opt.format == FMT_HTML, msg, sizeof msg);
        if (!st.dir) {
            fprintf(stderr, "extract: --output-dir %s\n", msg);
            free(b);
            nerve_model_free(model);
            return 2;
        }
    }
    /* The progress line: on a terminal only, and only when asked for
     * nothing quieter; the time left needs the size of every input. */
    uint64_t total = 0;
    for (size_t i = 0; i < n_files; i++) {
        struct stat sb;
        int is_stdin = strcmp(files[i], "-") == 0;
        if ((is_stdin ? fstat(STDIN_FILENO, &sb) : stat(files[i], &sb)) != 0 ||
            !S_ISREG(sb.st_mode)) {
            total = 0;
            break;
        }
        total += (uint64_t)sb.st_size;
    }
    progress_init(&st.prog, !opt.quiet && isatty(STDERR_FILENO) ? stderr : NULL, total);
    int failed = 0;
    for (size_t i = 0; i < n_files; i++)
        failed |= read_input(model, &opt, b, files[i]); /* batches span files */
    failed |= flush_batch(model, &opt, b->jobs, b->n);
    free(b);
    if (st.dir) {
        if (opt.format == FMT_BRAT)
            failed |= write_brat_conf(model, st.dir);
        char msg[600];
        if (output_dir_close(st.dir, msg, sizeof msg) != 0) {
            fprintf(stderr, "extract: %s\n", msg);
            failed = 1;
        }
    }
    progress_end(&st.prog);
    nerve_model_free(model);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("extract: error writing standard output\n", stderr);
        return 1;
    }
    return failed ? 1 : 0;
}
