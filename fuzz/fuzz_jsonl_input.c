/*
 * fuzz_jsonl_input - extract's input side on arbitrary bytes: the line reader
 * (over a memory file, with a line limit taken from byte 0) and the JSONL
 * parser on every line it returns. Checks that the lines and skipped
 * over-long lines account for every input byte, in order, and that a parsed
 * document's strings are terminated and an error's offset lies in its line.
 */
#define _GNU_SOURCE /* memfd_create */
#include "../examples/jsonl_input.h"
#include "../examples/line_reader.h"
#include "fuzz_common.h"

#include <sys/mman.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void check_line(const char *line, size_t len)
{
    jsonl_doc d;
    char msg[200];
    size_t off = 0;
    if (jsonl_parse(line, len, &d, msg, sizeof msg, &off) != 0) {
        FUZZ_CHECK(memchr(msg, '\0', sizeof msg) != NULL && msg[0] != '\0');
        FUZZ_CHECK(off <= len);
        FUZZ_CHECK(!d.id && !d.text && !d.dct); /* nothing is handed out on failure */
        return;
    }
    FUZZ_CHECK(d.text != NULL); /* a document without text is an error */
    FUZZ_CHECK(d.text[d.text_len] == '\0');
    /* a byte that is not UTF-8 lies in the line and is kept in the text */
    FUZZ_CHECK(d.text_bad_utf8 == (size_t)-1 || d.text_bad_utf8 < len);
    if (d.id)
        FUZZ_CHECK(strlen(d.id) < len);
    if (d.dct)
        FUZZ_CHECK(strlen(d.dct) < len);
    jsonl_doc_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t max_line = (size_t)data[0] * 37 + 1;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    int fd = memfd_create("fuzz_jsonl_input", 0);
    FUZZ_CHECK(fd >= 0);
    FUZZ_CHECK(n == 0 || write(fd, text, n) == (ssize_t)n);
    FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);

    line_reader r;
    line_reader_init(&r, fd, max_line);
    size_t pos = 0; /* where the next line starts in text */
    const char *line = NULL;
    size_t len = 0;
    int rc;
    while ((rc = line_reader_next(&r, &line, &len)) != 0) {
        FUZZ_CHECK(rc == 1 || rc == -2);
        FUZZ_CHECK(pos + len <= n);
        if (rc == 1) {
            FUZZ_CHECK(len <= max_line);
            FUZZ_CHECK(memcmp(line, text + pos, len) == 0);
            FUZZ_CHECK(memchr(line, '\n', len) == NULL);
            check_line(line, len);
        } else {
            FUZZ_CHECK(len > max_line);
            FUZZ_CHECK(memchr(text + pos, '\n', len) == NULL);
        }
        pos += len;
        if (pos < n) {
            FUZZ_CHECK(text[pos] == '\n');
            pos++;
        }
    }
    FUZZ_CHECK(pos == n);
    line_reader_free(&r);
    close(fd);
    return 0;
}
