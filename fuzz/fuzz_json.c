/*
 * fuzz_json - every output format of a processed document.
 *
 * Input layout: byte 0 = nerve_options flags (masked), byte 1 = writer flags,
 * byte 2 = where the sink starts failing (0: never), byte 3 = dct choice;
 * the rest is the text. JSON output must be valid UTF-8 without raw control
 * characters whatever the input; a failing sink must give NERVE_EWRITE.
 */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_default_doc("fuzz_json");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nerve_doc *doc = fuzz_default_doc("fuzz_json");
    uint8_t head[4] = {0, 0, 0, 0};
    size_t skip = size < 4 ? size : 4;
    memcpy(head, data, skip);
    const char *text = (const char *)data + skip;
    size_t len = size - skip;

    nerve_options opts;
    memset(&opts, 0, sizeof opts);
    /* Mostly replace invalid UTF-8, so the writers see every kind of byte. */
    opts.flags = (head[0] & NERVE_OPT_ALL_) ^ NERVE_OPT_REPLACE_INVALID;
    opts.dct = (head[3] & 1) ? "2020-09-28" : NULL;
    opts.doc_id = (head[3] & 2) ? "id <&\"'>\x01\xf0\x9f\x98\x80" : NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_doc_process(doc, text, len, &opts, &err);
    if (rc != NERVE_OK && rc != NERVE_ELIMIT)
        return 0;
    fuzz_check_doc(doc);

    for (int fmt = NERVE_FORMAT_JSON; fmt <= NERVE_FORMAT_BRAT_VISUAL_CONF + 1; fmt++) {
        uint32_t wflags = head[1] & (NERVE_JSON_TOKENS | NERVE_JSON_PRETTY);
        fuzz_buf out = {NULL, 0, 0, 0};
        memset(&err, 0, sizeof err);
        rc = nerve_doc_write(doc, fmt, wflags, fuzz_sink_buf, &out, &err);
        if (fmt > NERVE_FORMAT_BRAT_VISUAL_CONF) {
            FUZZ_CHECK(rc == NERVE_EINVAL);
        } else {
            FUZZ_CHECK(rc == NERVE_OK);
            if (fmt == NERVE_FORMAT_JSON)
                fuzz_check_json(out.v, out.n);
            else if (out.n) /* every format writes UTF-8 text */
                FUZZ_CHECK(fuzz_utf8_valid_prefix((const unsigned char *)out.v, out.n) == out.n);
        }
        /* The same writer into a sink that fails part way. */
        if (head[2] && fmt <= NERVE_FORMAT_BRAT_VISUAL_CONF && out.n > head[2]) {
            fuzz_buf cut = {NULL, 0, 0, head[2]};
            rc = nerve_doc_write(doc, fmt, wflags, fuzz_sink_buf, &cut, &err);
            FUZZ_CHECK(rc == NERVE_EWRITE);
            FUZZ_CHECK(cut.n <= head[2]);
            free(cut.v);
        }
        free(out.v);
    }
    /* nerve_doc_write_json is the JSON case of nerve_doc_write. */
    fuzz_buf a = {NULL, 0, 0, 0}, b = {NULL, 0, 0, 0};
    FUZZ_CHECK(nerve_doc_write_json(doc, NERVE_JSON_TOKENS, fuzz_sink_buf, &a, &err) == NERVE_OK);
    FUZZ_CHECK(nerve_doc_write(doc, NERVE_FORMAT_JSON, NERVE_JSON_TOKENS, fuzz_sink_buf, &b,
                               &err) == NERVE_OK);
    FUZZ_CHECK(a.n == b.n && memcmp(a.v, b.v, a.n) == 0);
    free(a.v);
    free(b.v);
    return 0;
}
