/*
 * line_reader.h - reading lines from a file descriptor for extract's JSONL
 * input, with a hook that runs before a read would block, so that a caller
 * streaming from a pipe can emit what it has while it waits. Not NLP, just
 * input plumbing.
 */
#ifndef EXTRACT_LINE_READER_H
#define EXTRACT_LINE_READER_H

#include <stddef.h>
#include <sys/types.h>

typedef struct line_reader {
    int fd;
    char *buf;
    size_t pos, len, cap; /* unread bytes are buf[pos..len) */
    size_t max_line;      /* longer lines are reported and skipped */
    int eof;
    void (*before_block)(void *ctx); /* may be NULL */
    void *ctx;
} line_reader;

/* Start reading fd; lines longer than max_line bytes are reported as too long. */
void line_reader_init(line_reader *r, int fd, size_t max_line);
void line_reader_free(line_reader *r);

/*
 * The next line, without its '\n', in *line[0..*len) (valid until the next
 * call; may contain NUL bytes). Returns 1 for a line, 0 at the end of input,
 * -1 on a read error (errno set), -2 for a line over max_line (its bytes are
 * skipped up to the next '\n'; *len is how many were seen), -3 out of memory.
 */
int line_reader_next(line_reader *r, const char **line, size_t *len);

#endif
