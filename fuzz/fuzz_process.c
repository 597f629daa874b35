/*
 * fuzz_process - nerve_doc_process on arbitrary bytes with the default model.
 *
 * Input layout: byte 0 = nerve_options flags (masked to the defined bits),
 * byte 1 = document date choice, byte 2 = doc id choice, byte 3 = JSON writer
 * flags; the rest is the text. Successful results are checked against the
 * invariants in fuzz_common.h; one in four (byte 3's top bits set) is also
 * written as JSON to a discarding sink. Writing took a fifth of the time of
 * every run, and the writers are fuzz_json's target.
 */
#include "fuzz_common.h"

static const char *const DCTS[] = {
    NULL,         "2020-09-28", "1987-02-26", "2000-02-29", "2021-02-29", "0001-01-01",
    "9999-12-31", "2020-9-28",  "",           "yesterday",  "2020-12-31",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_default_doc("fuzz_process");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nerve_doc *doc = fuzz_default_doc("fuzz_process");
    uint8_t head[4] = {0, 0, 0, 0};
    size_t skip = size < 4 ? size : 4;
    memcpy(head, data, skip);
    const char *text = (const char *)data + skip;
    size_t len = size - skip;

    nerve_options opts;
    memset(&opts, 0, sizeof opts);
    opts.flags = head[0] & NERVE_OPT_ALL_;
    opts.dct = DCTS[head[1] % (sizeof DCTS / sizeof *DCTS)];
    opts.doc_id = (head[2] & 1) ? "fuzz \"doc\"\n\xe2\x80\x94 id" : NULL;
    uint32_t jflags = head[3] & (NERVE_JSON_TOKENS | NERVE_JSON_PRETTY);

    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_doc_process(doc, text, len, &opts, &err);
    if (rc != NERVE_OK && rc != NERVE_ELIMIT) {
        /* A failed process leaves the doc empty and usable. */
        FUZZ_CHECK(rc < 0 && err.code == rc);
        FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        size_t n;
        nerve_doc_tokens(doc, &n);
        FUZZ_CHECK(n == 0);
        nerve_doc_mentions(doc, &n);
        FUZZ_CHECK(n == 0);
        if (rc == NERVE_EUTF8)
            FUZZ_CHECK(err.offset < len);
        return 0;
    }
    size_t tlen;
    const char *copy = nerve_doc_text(doc, &tlen);
    FUZZ_CHECK(tlen == len && memcmp(copy, text, len) == 0);
    fuzz_check_doc(doc);
    if ((head[3] & 0xC0) == 0xC0) {
        rc = nerve_doc_write_json(doc, jflags, fuzz_sink_discard, NULL, &err);
        FUZZ_CHECK(rc == NERVE_OK);
    }
    return 0;
}
