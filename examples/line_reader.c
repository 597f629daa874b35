/*
 * line_reader.c - see line_reader.h. read(2) with its own buffer rather than
 * stdio, because stdio cannot say whether a read would block: before blocking
 * on a pipe the caller's hook runs (extract writes out its pending batch).
 */
#include "line_reader.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void line_reader_init(line_reader *r, int fd, size_t max_line)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
    r->max_line = max_line;
}

void line_reader_free(line_reader *r)
{
    free(r->buf);
    r->buf = NULL;
    r->pos = r->len = r->cap = 0;
}

/* Read more bytes after buf[len); 1 if some came, 0 at the end, -1 on error, -3 no memory. */
static int fill(line_reader *r)
{
    if (r->buf && r->pos > 0) { /* keep only the unread part */
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    if (r->len == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 65536;
        char *p = realloc(r->buf, cap);
        if (!p)
            return -3;
        r->buf = p;
        r->cap = cap;
    }
    if (r->before_block) {
        struct pollfd p = {.fd = r->fd, .events = POLLIN};
        if (poll(&p, 1, 0) == 0)
            r->before_block(r->ctx);
    }
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->len, r->cap - r->len);
        if (n > 0) {
            r->len += (size_t)n;
            return 1;
        }
        if (n == 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

int line_reader_next(line_reader *r, const char **line, size_t *len)
{
    size_t scanned = 0; /* bytes of the current line already searched */
    size_t skipped = 0; /* bytes of an over-long line thrown away */
    for (;;) {
        char *start = r->buf ? r->buf + r->pos : NULL;
        size_t avail = r->len - r->pos;
        char *nl = start && avail > scanned ? memchr(start + scanned, '\n', avail - scanned) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - start);
            r->pos += n + 1;
            if (skipped || n > r->max_line) {
                *len = skipped + n;
                return -2;
            }
            *line = start;
            *len = n;
            return 1;
        }
        scanned = avail;
        if (avail > r->max_line) { /* too long: drop what is buffered, keep counting */
            skipped += avail;
            r->pos = r->len;
            scanned = 0;
        }
        if (r->eof) {
            if (skipped) {
                *len = skipped + avail;
                r->pos = r->len;
                return -2;
            }
            if (avail == 0)
                return 0;
            r->pos = r->len;
            if (avail > r->max_line) {
                *len = avail;
                return -2;
            }
            *line = start;
            *len = avail;
            return 1;
        }
        int rc = fill(r);
        if (rc == 0)
            r->eof = 1;
        else if (rc < 0)
            return rc;
    }
}
