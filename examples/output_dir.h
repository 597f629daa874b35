/*
 * output_dir.h - extract --output-dir: one file per document (NAME.json,
 * NAME.html, NAME.conll ...; for brat NAME.txt and NAME.ann), names made
 * from the document ids, and what goes with them: index.jsonl (each
 * document's id and files, in input order) for every format, index.html for
 * HTML pages, annotation.conf and visual.conf for brat.
 */
#ifndef EXTRACT_OUTPUT_DIR_H
#define EXTRACT_OUTPUT_DIR_H

#include <stddef.h>

typedef struct output_dir output_dir;

/* What the index page says about one document. */
typedef struct doc_summary {
    size_t mentions, entities, events;
    const char *events_by_type; /* "visit 2, meeting 1", or "" */
} doc_summary;

/* Create (if needed) directory path for files ending in ext ("html"); brat
 * also writes each text as NAME.txt; index: write index.html at the end.
 * NULL with a message in msg on failure. */
output_dir *output_dir_open(const char *path, const char *ext, int brat, int index, char *msg,
                            size_t msg_size);

/* Write one document's output under a name made from its id. 0, or -1 with
 * a message in msg. */
int output_dir_write(output_dir *d, const char *id, const char *text, size_t text_len,
                     const char *out, size_t out_len, const doc_summary *sum, char *msg,
                     size_t msg_size);

/* Write a file of the directory by name (annotation.conf). 0 or -1. */
int output_dir_write_file(output_dir *d, const char *name, const char *data, size_t len, char *msg,
                          size_t msg_size);

/* Write index.jsonl, and index.html if asked for, and free d. 0, or -1
 * with a message. */
int output_dir_close(output_dir *d, char *msg, size_t msg_size);

#endif
