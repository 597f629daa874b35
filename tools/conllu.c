/*
 * conllu.c - CoNLL-U reading, text rebuilding and token alignment for the
 * syntax trainer and scorer (see conllu.h).
 */
#include "conllu.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xrealloc(NULL, n);
    memcpy(d, s, n);
    return d;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct buf {
    char *v;
    size_t n, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->v = xrealloc(b->v, b->cap);
    }
    memcpy(b->v + b->n, s, n);
    b->n += n;
    b->v[b->n] = '\0';
}

static int space_after_no(const char *misc)
{
    const char *p = misc;
    while ((p = strstr(p, "SpaceAfter=No")) != NULL) {
        if ((p == misc || p[-1] == '|') && (p[13] == '\0' || p[13] == '|'))
            return 1;
        p += 13;
    }
    return 0;
}

/* One sentence being read. */
typedef struct reading {
    cu_word *w;
    size_t n, cap;
    buf text, gtext;
    long mwt_last; /* last word id of the multi-word token being read, or 0 */
    size_t mwt_start, mwt_end;
} reading;

static void finish(cu_corpus *c, reading *r, const char *file)
{
    if (r->n == 0)
        return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->s = xrealloc(c->s, c->cap * sizeof *c->s);
    }
    /* No trailing space after the last word. */
    while (r->text.n > 0 && r->text.v[r->text.n - 1] == ' ')
        r->text.v[--r->text.n] = '\0';
    cu_sentence *s = &c->s[c->n++];
    s->w = r->w;
    s->n = r->n;
    s->text = r->text.v ? r->text.v : xstrdup("");
    s->len = r->text.n;
    s->gtext = r->gtext.v ? r->gtext.v : xstrdup("");
    s->glen = r->gtext.n;
    s->file = file;
    memset(r, 0, sizeof *r);
}

static int split_tabs(char *line, char **f, int max)
{
    int k = 0;
    f[k++] = line;
    for (char *p = line; *p; p++)
        if (*p == '\t') {
            *p = '\0';
            if (k == max)
                return -1;
            f[k++] = p + 1;
        }
    return k;
}

static int read_file(cu_corpus *c, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        perror(path);
        return -1;
    }
    if (c->nfiles % 64 == 0)
        c->files = xrealloc(c->files, (c->nfiles + 64) * sizeof *c->files);
    const char *file = c->files[c->nfiles++] = xstrdup(path);
    reading r;
    memset(&r, 0, sizeof r);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    unsigned long lineno = 0;
    int rc = 0;
    while ((len = getline(&line, &lcap, fp)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0) {
            finish(c, &r, file);
            continue;
        }
        if (line[0] == '#')
            continue;
        char *f[10];
        if (split_tabs(line, f, 10) != 10) {
            fprintf(stderr, "%s:%lu: expected 10 tab-separated columns\n", path, lineno);
            rc = -1;
            break;
        }
        if (strchr(f[0], '.'))
            continue; /* an empty node: not a word of the tree */
        char *dash = strchr(f[0], '-');
        if (dash) {
            r.mwt_last = strtol(dash + 1, NULL, 10);
            r.mwt_start = r.text.n;
            buf_add(&r.text, f[1], strlen(f[1]));
            r.mwt_end = r.text.n;
            if (!space_after_no(f[9]))
                buf_add(&r.text, " ", 1);
            continue;
        }
        char *end;
        long id = strtol(f[0], &end, 10);
        long head = strtol(f[6], NULL, 10);
        if (*end || id != (long)r.n + 1 || head < 0) {
            fprintf(stderr, "%s:%lu: bad word id \"%s\" or head \"%s\"\n", path, lineno, f[0],
                    f[6]);
            rc = -1;
            break;
        }
        if (r.n == r.cap) {
            r.cap = r.cap ? r.cap * 2 : 32;
            r.w = xrealloc(r.w, r.cap * sizeof *r.w);
        }
        cu_word *w = &r.w[r.n++];
        w->form = xstrdup(f[1]);
        w->upos = xstrdup(f[3]);
        w->deprel = xstrdup(f[7]);
        w->head = (int)head - 1;
        if (r.mwt_last && id <= r.mwt_last) {
            w->start = r.mwt_start;
            w->end = r.mwt_end;
            if (id == r.mwt_last)
                r.mwt_last = 0;
        } else {
            w->start = r.text.n;
            buf_add(&r.text, f[1], strlen(f[1]));
            w->end = r.text.n;
            if (!space_after_no(f[9]))
                buf_add(&r.text, " ", 1);
        }
        if (r.gtext.n)
            buf_add(&r.gtext, " ", 1);
        w->gstart = r.gtext.n;
        buf_add(&r.gtext, f[1], strlen(f[1]));
        w->gend = r.gtext.n;
    }
    if (rc == 0) {
        finish(c, &r, file);
    } else { /* the sentence being read is dropped */
        for (size_t k = 0; k < r.n; k++) {
            free(r.w[k].form);
            free(r.w[k].upos);
            free(r.w[k].deprel);
        }
        free(r.w);
        free(r.text.v);
        free(r.gtext.v);
    }
    free(line);
    fclose(fp);
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = 0; c->s[i].file == file && k < c->s[i].n; k++)
            if (c->s[i].w[k].head >= (int)c->s[i].n) {
                fprintf(stderr, "%s: a head points past its sentence\n", path);
                return -1;
            }
    return rc;
}

int cu_read(cu_corpus *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return read_file(c, path);
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 7 && strcmp(e->d_name + l - 7, ".conllu") == 0) {
            names = xrealloc(names, (n + 1) * sizeof *names);
            names[n] = xrealloc(NULL, strlen(path) + l + 2);
            sprintf(names[n], "%s/%s", path, e->d_name);
            n++;
        }
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = read_file(c, names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

void cu_free(cu_corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        for (size_t k = 0; k < c->s[i].n; k++) {
            free(c->s[i].w[k].form);
            free(c->s[i].w[k].upos);
            free(c->s[i].w[k].deprel);
        }
        free(c->s[i].w);
        free(c->s[i].text);
        free(c->s[i].gtext);
    }
    free(c->s);
    for (size_t i = 0; i < c->nfiles; i++)
        free(c->files[i]);
    free(c->files);
    memset(c, 0, sizeof *c);
}

const char *cu_base_rel(const char *rel, char *b, size_t size)
{
    size_t n = strcspn(rel, ":");
    if (n >= size)
        n = size - 1;
    memcpy(b, rel, n);
    b[n] = '\0';
    return b;
}

/* ---- alignment ------------------------------------------------------------ */

static int depth_of(const cu_sentence *s, int w)
{
    int d = 0;
    while (w >= 0 && d <= (int)s->n) {
        w = s->w[w].head;
        d++;
    }
    return d;
}

int cu_align(const cu_sentence *s, cu_aligned *a)
{
    static const nerve_allocator *al = NULL; /* libc */
    nerve_allocator libc;
    nerve__allocator_init(&libc, al);
    if (nerve__tokenize(&libc, a->lex, s->text, s->len, &a->toks) != NERVE_OK)
        return -1;
    if (s->n == 0) { /* the reader makes none, but stay safe */
        a->n = 0;
        return 0;
    }
    size_t m = a->toks.tok.n;
    if (m > a->cap) {
        a->cap = m * 2;
        a->word = xrealloc(a->word, a->cap * sizeof *a->word);
        a->head = xrealloc(a->head, a->cap * sizeof *a->head);
        a->rel = xrealloc(a->rel, a->cap * sizeof *a->rel);
        a->upos = xrealloc(a->upos, a->cap * sizeof *a->upos);
    }
    a->n = m;
    const nerve_token *t = a->toks.tok.v;
    int *anchor = xrealloc(NULL, (s->n + 1) * sizeof *anchor);
    int *depth = xrealloc(NULL, (s->n + 1) * sizeof *depth);
    for (size_t g = 0; g < s->n; g++) {
        anchor[g] = -1;
        depth[g] = depth_of(s, (int)g);
    }
    /* Each token stands for the highest of the words it overlaps. */
    size_t first = 0;
    for (size_t j = 0; j < m; j++) {
        while (first < s->n && s->w[first].end <= t[j].span.start)
            first++;
        int rep = -1;
        for (size_t g = first; g < s->n && s->w[g].start < t[j].span.end; g++)
            if (s->w[g].end > t[j].span.start && (rep < 0 || depth[g] < depth[rep]))
                rep = (int)g;
        if (rep < 0) /* cannot happen: every token lies in some word */
            rep = first < s->n ? (int)first : (int)s->n - 1;
        a->word[j] = rep;
        if (anchor[rep] < 0)
            anchor[rep] = (int)j;
    }
    /* A word no token stands for (it shares a token with a higher word)
     * is represented by the first token it overlaps. */
    for (size_t g = 0; g < s->n; g++) {
        if (anchor[g] >= 0)
            continue;
        for (size_t j = 0; j < m; j++)
            if (t[j].span.end > s->w[g].start && t[j].span.start < s->w[g].end) {
                anchor[g] = (int)j;
                break;
            }
        if (anchor[g] < 0)
            anchor[g] = 0;
    }
    for (size_t j = 0; j < m; j++) {
        int g = a->word[j];
        a->upos[j] = s->w[g].upos;
        if (anchor[g] == (int)j) {
            int h = s->w[g].head;
            while (h >= 0 && anchor[h] == (int)j)
                h = s->w[h].head;
            a->head[j] = h < 0 ? -1 : anchor[h];
            a->rel[j] = s->w[g].deprel;
        } else { /* a later piece of a word split in several tokens */
            a->head[j] = anchor[g];
            a->rel[j] = "goeswith";
        }
    }
    /* Crossing overlaps may make a cycle: break it at the root. */
    int root = -1;
    for (size_t j = 0; j < m; j++)
        if (a->head[j] < 0 && strcmp(a->rel[j], "root") == 0 && root < 0)
            root = (int)j;
    for (size_t j = 0; j < m; j++) {
        int h = (int)j;
        size_t steps = 0;
        while (h >= 0 && steps <= m) {
            h = a->head[h];
            steps++;
        }
        if (h >= 0) { /* a cycle through j */
            a->head[j] = -1;
            if (root < 0)
                root = (int)j;
        }
    }
    /* One root: the others hang from it. */
    for (size_t j = 0; j < m; j++)
        if (a->head[j] < 0) {
            if (root < 0)
                root = (int)j;
            if ((int)j != root) {
                a->head[j] = root;
                a->rel[j] = "dep";
            } else {
                a->rel[j] = "root";
            }
        }
    free(anchor);
    free(depth);
    return 0;
}

void cu_aligned_free(cu_aligned *a)
{
    nerve_allocator libc;
    nerve__allocator_init(&libc, NULL);
    nerve__tokens_free(&libc, &a->toks);
    free(a->word);
    free(a->head);
    free(a->rel);
    free(a->upos);
    memset(a, 0, sizeof *a);
}

/* Is a an ancestor of (or equal to) d? heads -1 = root (the ancestor of all). */
static int dominates(const int *head, size_t n, int a, int d)
{
    size_t steps = 0;
    while (d >= 0 && steps++ <= n) {
        if (d == a)
            return 1;
        d = head[d];
    }
    return a < 0;
}

void cu_projectivize(int *head, size_t n)
{
    for (;;) {
        /* The shortest non-projective arc, lifted one step. */
        int best = -1;
        size_t best_len = (size_t)-1;
        for (size_t d = 0; d < n; d++) {
            int h = head[d];
            if (h < 0)
                continue;
            size_t lo = (size_t)h < d ? (size_t)h : d, hi = (size_t)h < d ? d : (size_t)h;
            if (hi - lo >= best_len)
                continue;
            for (size_t k = lo + 1; k < hi; k++)
                if (!dominates(head, n, h, (int)k)) {
                    best = (int)d;
                    best_len = hi - lo;
                    break;
                }
        }
        if (best < 0)
            return;
        head[best] = head[head[best]];
    }
}
