/*
 * fuzz_load_gazetteer - arbitrary bytes as a user gazetteer TSV file.
 *
 * Each input is written to a scratch file and added with
 * nerve_model_add_gazetteer to an empty model (NERVE_MODEL_EMPTY); a rejected
 * file must give NERVE_EGAZETTEER (or NERVE_ETOOBIG/NERVE_EUTF8) with the
 * file and a line. An accepted one is frozen and used to process a short text
 * whose words are taken from the input, so its entries get matched.
 */
#include "fuzz_common.h"

static const char TEXT[] = "US Secretary of Defense Mark Esper visited Morocco on Friday, "
                           "meeting King Mohammed VI in Rabat. ";

static void cleanup(void)
{
    unlink(fuzz_scratch_path(".tsv"));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_scratch_path(".tsv");
    if (fuzz_write_file(path, data, size) != 0)
        return 0;
    nerve_model *model = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    FUZZ_CHECK(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &model, &err) == NERVE_OK);
    int rc = nerve_model_add_gazetteer(model, path, &err);
    if (rc == NERVE_OK)
        rc = nerve_model_freeze(model, &err);
    if (rc != NERVE_OK) {
        FUZZ_CHECK(err.code == rc);
        FUZZ_CHECK(rc == NERVE_EGAZETTEER || rc == NERVE_ETOOBIG || rc == NERVE_EUTF8 ||
                   rc == NERVE_EFORMAT);
        FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        FUZZ_CHECK(err.message[0] != '\0');
        if (rc == NERVE_EGAZETTEER) {
            FUZZ_CHECK(strcmp(err.file, path) == 0);
            FUZZ_CHECK(err.line >= 1);
            /* The line exists: count the input's lines. */
            size_t lines = 1;
            for (size_t i = 0; i < size; i++)
                lines += data[i] == '\n';
            FUZZ_CHECK(err.line <= lines);
        }
        nerve_model_free(model);
        return 0;
    }

    /* The text: the fixed sentence plus the input's bytes as words. */
    nerve_doc *doc = NULL;
    FUZZ_CHECK(nerve_doc_new(model, &doc, &err) == NERVE_OK);
    size_t cap = sizeof TEXT + size;
    char *text = malloc(cap);
    FUZZ_CHECK(text != NULL);
    memcpy(text, TEXT, sizeof TEXT - 1);
    size_t len = sizeof TEXT - 1;
    for (size_t i = 0; i < size; i++)
        text[len++] = (data[i] == '\t' || data[i] == '\n') ? ' ' : (char)data[i];
    nerve_options opts;
    memset(&opts, 0, sizeof opts);
    opts.flags = NERVE_OPT_REPLACE_INVALID;
    opts.dct = "2020-09-28";
    rc = nerve_doc_process(doc, text, len, &opts, &err);
    FUZZ_CHECK(rc == NERVE_OK || rc == NERVE_ELIMIT);
    fuzz_check_doc(doc);
    fuzz_buf out = {NULL, 0, 0, 0};
    FUZZ_CHECK(nerve_doc_write_json(doc, NERVE_JSON_TOKENS, fuzz_sink_buf, &out, &err) == NERVE_OK);
    fuzz_check_json(out.v, out.n);
    free(out.v);
    free(text);
    nerve_doc_free(doc);
    nerve_model_free(model);
    return 0;
}
