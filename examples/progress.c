/*
 * progress.c - the progress line of extract (progress.h). It is one line,
 * rewritten in place with a carriage return and "erase to end of line", so
 * it is only ever drawn on a terminal; extract decides that.
 */
#include "progress.h"

#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(progress *p, FILE *f, uint64_t total)
{
    p->f = f;
    p->t0 = now();
    p->last = 0;
    p->docs = 0;
    p->bytes = 0;
    p->total = total;
    p->drawn = 0;
}

static void draw(progress *p, double t)
{
    double secs = t - p->t0;
    double mb = (double)p->bytes / 1e6;
    double rate = secs > 0 ? mb / secs : 0;
    fprintf(p->f, "\r\033[Kextract: %zu documents, %.1f MB, %.1f MB/s", p->docs, mb, rate);
    if (p->total && p->bytes && p->bytes <= p->total) {
        double left = secs * (double)(p->total - p->bytes) / (double)p->bytes;
        unsigned long s = (unsigned long)(left + 0.5);
        if (s >= 3600)
            fprintf(p->f, ", %lu:%02lu:%02lu left", s / 3600, s / 60 % 60, s % 60);
        else
            fprintf(p->f, ", %lu:%02lu left", s / 60, s % 60);
    }
    fflush(p->f);
    p->drawn = 1;
    p->last = t;
}

void progress_add(progress *p, size_t docs, uint64_t bytes)
{
    p->docs += docs;
    p->bytes += bytes;
    if (!p->f || p->docs < 2)
        return;
    double t = now();
    if (!p->drawn || t - p->last >= 0.2)
        draw(p, t);
}

void progress_clear(progress *p)
{
    if (p->f && p->drawn) {
        fputs("\r\033[K", p->f);
        fflush(p->f);
        p->drawn = 0;
    }
}

void progress_end(progress *p)
{
    if (!p->f || !p->last)
        return;
    uint64_t total = p->total;
    p->total = 0; /* nothing is left: no estimate */
    draw(p, now());
    p->total = total;
    fputs("\n", p->f);
    fflush(p->f);
    p->drawn = 0;
}
