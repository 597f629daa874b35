/*
 * progress.h - the progress line extract draws on standard error while it
 * works through many documents on a terminal: documents done, megabytes
 * read, MB/s, and the time left when the input's size is known.
 */
#ifndef EXTRACT_PROGRESS_H
#define EXTRACT_PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct progress {
    FILE *f;        /* where to draw (standard error), NULL when off */
    double t0;      /* start, in seconds of CLOCK_MONOTONIC */
    double last;    /* when the line was last drawn */
    size_t docs;    /* documents done */
    uint64_t bytes; /* input bytes done */
    uint64_t total; /* input bytes in all, 0 when unknown (a pipe) */
    int drawn;      /* the line is on the screen */
} progress;

/* Draw on f (NULL: never). total is the input size in bytes, 0 if unknown. */
void progress_init(progress *p, FILE *f, uint64_t total);
/* Count documents and input bytes done; redraws at most every 0.2 s,
 * starting with the second document (one document needs no progress). */
void progress_add(progress *p, size_t docs, uint64_t bytes);
/* Take the line off the screen before another message is written there. */
void progress_clear(progress *p);
/* The last figures, then a line break; nothing if the line was never drawn. */
void progress_end(progress *p);

#endif
