/*
 * tsv.h - the one line reader of nerve's tab-separated data files (the
 * temporal lexicon, the mention lexicon, the rule compiler's word tables):
 * data lines with their line numbers and byte offsets, comments and blank
 * lines skipped, fields split at tabs, so that every loader reports file:line:
 * column the same way. It owns no memory: lines point into the caller's text.
 */
#ifndef NERVE_TSV_H
#define NERVE_TSV_H

#include <stddef.h>
#include <stdint.h>

typedef struct nerve__tsv {
    const char *src;
    size_t len;
    size_t pos;      /* where the next line starts */
    uint32_t lineno; /* number of the line last read (1-based) */
} nerve__tsv;

/* Check the bytes of a data file before it is read: a NUL, or a CR that
 * does not end a CRLF line (a file with CR-only line endings would read as
 * one long line) is refused. Returns NULL when the text is fine, else what
 * is wrong, with its byte offset *off and 1-based line *line. Also counts
 * the text's lines into *lines (when not NULL), which loaders size by. */
const char *nerve__tsv_bad_bytes(const char *src, size_t len, size_t *off, uint32_t *line,
                                 size_t *lines);

/* The next data line of r: a line that is neither empty nor a '#' comment,
 * without its '\n' and a '\r' before it. Returns 1 with *line, its length *n
 * and its byte offset in the text *off; 0 at the end of the text. */
int nerve__tsv_next(nerve__tsv *r, const char **line, size_t *n, size_t *off);

/* Split line[0..n) at tabs: the first `max` fields into f (start), fl
 * (length) and col (1-based column). Returns how many fields the line has,
 * which may be more than max. */
int nerve__tsv_split(const char *line, size_t n, const char **f, size_t *fl, size_t *col, int max);

/* Is the field f[0..n) exactly the NUL-terminated word lit? */
int nerve__tsv_field_is(const char *f, size_t n, const char *lit);

/* Does the split line f/fl (nf fields) hold exactly the `count` names of
 * `names`, in order (a file's header line)? */
int nerve__tsv_is_header(const char *const *f, const size_t *fl, int nf, const char *const *names,
                         int count);

#endif
