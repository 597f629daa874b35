/*
 * jsonl_input.h - the one JSON reading job extract has: pull the string
 * fields "id", "text" and "dct" out of one JSON object per line, skipping any
 * other member. Not NLP, just input parsing.
 */
#ifndef EXTRACT_JSONL_INPUT_H
#define EXTRACT_JSONL_INPUT_H

#include <stddef.h>

typedef struct jsonl_doc {
    char *id;   /* malloc'd, or NULL */
    char *text; /* malloc'd, or NULL */
    size_t text_len;
    char *dct; /* malloc'd, or NULL */
    /* Offset in the line of the first byte of "text" that is not UTF-8, or
     * (size_t)-1. The text keeps those bytes (the caller may replace them);
     * invalid UTF-8 anywhere else fails the line. */
    size_t text_bad_utf8;
} jsonl_doc;

/*
 * Parse line[0..len) as RFC 8259 JSON (numbers, escapes and UTF-8 checked;
 * "id" and "dct" may not hold U+0000, which C strings cannot). Returns 0 on
 * success; otherwise -1 and a message in errbuf with the byte offset of the
 * problem in *err_offset.
 */
int jsonl_parse(const char *line, size_t len, jsonl_doc *out, char *errbuf, size_t errlen,
                size_t *err_offset);
void jsonl_doc_free(jsonl_doc *d);

#endif
