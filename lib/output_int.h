/*
 * output_int.h - the buffered writer every serializer writes through, shared
 * by output.c (JSON, the summary, dispatch), output_html.c (the HTML view),
 * output_conll.c (CoNLL and CoNLL-U) and output_brat.c (brat standoff and
 * its configuration files). Private to the library.
 */
#ifndef NERVE_OUTPUT_INT_H
#define NERVE_OUTPUT_INT_H

#include "doc.h"

#include <stddef.h>

/* Output goes to the caller's sink in chunks of this buffer; the first sink
 * error stops all further writing (failed) and is reported once at the end. */
typedef struct nerve__writer {
    nerve_write_fn write;
    void *ctx;
    char buf[65536];
    size_t n;
    int failed;
    int nomem; /* a serializer could not allocate its scratch */
} nerve__writer;

void nerve__w_flush(nerve__writer *w);
/* Bytes as they are. */
void nerve__w_raw(nerve__writer *w, const char *s, size_t n);
/* Input text: invalid UTF-8 bytes become U+FFFD so every format stays UTF-8. */
void nerve__w_text(nerve__writer *w, const char *s, size_t n);
void nerve__w_str(nerve__writer *w, const char *s);
void nerve__w_fmt(nerve__writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A field of a line-based format: text with tabs and line breaks as spaces. */
void nerve__w_field(nerve__writer *w, const char *s, size_t n);

/* The serializers other than JSON and the summary. */
void nerve__write_html(nerve__writer *w, const nerve_doc *doc);
void nerve__write_conll(nerve__writer *w, const nerve_doc *doc);
void nerve__write_conllu(nerve__writer *w, const nerve_doc *doc);
void nerve__write_brat(nerve__writer *w, const nerve_doc *doc);
void nerve__write_brat_annotation_conf(nerve__writer *w, const nerve_model *model);
void nerve__write_brat_visual_conf(nerve__writer *w, const nerve_model *model);

#endif
