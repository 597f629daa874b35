/*
 * fuzz_compile_rules - arbitrary bytes as a rule file.
 *
 * nerve_model_add_rules_string then nerve_model_freeze on an empty model that
 * holds a small lexicon gazetteer (so @classes resolve); a rejected file must
 * give NERVE_ERULES (or NERVE_ETOOBIG) with a line and column inside the input.
 * Accepted rules run over a few sentences, where PCRE2's match and depth
 * limits must keep pathological patterns bounded (NERVE_ELIMIT is fine).
 */
#include "fuzz_common.h"

static const char LEXICON[] = "name\ttype\tsubtype\tcanonical\tid\n"
                              "secretary of defense\tLEX\ttitle\tSecretary of Defense\t\n"
                              "president\tLEX\ttitle\tPresident\t\n"
                              "king\tLEX\ttitle\tKing\t\n"
                              "visit\tLEX\ttrigger_visit\t\t\n"
                              "visited\tLEX\ttrigger_visit\t\t\n"
                              "meet\tLEX\ttrigger_meeting\t\t\n"
                              "met\tLEX\ttrigger_meeting\t\t\n"
                              "Mark Esper\tPER\t\tMark Esper\tnerve:esper\n"
                              "Kais Saied\tPER\t\tKais Saied\tnerve:saied\n"
                              "Morocco\tLOC\tcountry\tMorocco\tiso3166:MA\n"
                              "Tunisia\tLOC\tcountry\tTunisia\tiso3166:TN\n"
                              "Rabat\tLOC\tcity\tRabat\tgeonames:2538475\n"
                              "Pentagon\tORG\tgovernment\tPentagon\tnerve:pentagon\n"
                              "Moroccan\tNORP\t\tMorocco\tiso3166:MA\n";

static const char TEXT[] =
    "US Secretary of Defense Mark Esper visited Morocco on Friday.\n"
    "He met President Kais Saied in Tunis on Wednesday, the Pentagon said.\n"
    "The Moroccan king did not meet him in Rabat, and the visit was called off. "
    "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a!";

static void cleanup(void)
{
    unlink(fuzz_scratch_path(".tsv"));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path = fuzz_scratch_path(".tsv");
    if (fuzz_write_file(path, (const uint8_t *)LEXICON, sizeof LEXICON - 1) != 0) {
        fprintf(stderr, "fuzz_compile_rules: cannot write %s\n", path);
        exit(1);
    }
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init++)
        LLVMFuzzerInitialize(NULL, NULL);
    nerve_model *model = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    FUZZ_CHECK(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &model, &err) == NERVE_OK);
    FUZZ_CHECK(nerve_model_add_gazetteer(model, fuzz_scratch_path(".tsv"), &err) == NERVE_OK);
    int rc = nerve_model_add_rules_string(model, "fuzz.rules", (const char *)data, size, &err);
    if (rc == NERVE_OK)
        rc = nerve_model_freeze(model, &err);
    if (rc != NERVE_OK) {
        FUZZ_CHECK(err.code == rc);
        FUZZ_CHECK(rc == NERVE_ERULES || rc == NERVE_ETOOBIG || rc == NERVE_EUTF8);
        FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        FUZZ_CHECK(err.message[0] != '\0');
        if (rc == NERVE_ERULES && strcmp(err.file, "fuzz.rules") == 0) {
            size_t lines = 1;
            for (size_t i = 0; i < size; i++)
                lines += data[i] == '\n';
            FUZZ_CHECK(err.line >= 1 && err.line <= lines);
            FUZZ_CHECK(err.column >= 1);
        }
        /* A failed add leaves the model usable: it still freezes and processes. */
        if (rc != NERVE_OK && nerve_model_freeze(model, &err) != NERVE_OK) {
            nerve_model_free(model);
            return 0;
        }
    }
    nerve_doc *doc = NULL;
    FUZZ_CHECK(nerve_doc_new(model, &doc, &err) == NERVE_OK);
    nerve_options opts;
    memset(&opts, 0, sizeof opts);
    opts.dct = "2020-09-28";
    rc = nerve_doc_process(doc, TEXT, sizeof TEXT - 1, &opts, &err);
    FUZZ_CHECK(rc == NERVE_OK || rc == NERVE_ELIMIT);
    fuzz_check_doc(doc);
    FUZZ_CHECK(nerve_doc_write_json(doc, 0, fuzz_sink_discard, NULL, &err) == NERVE_OK);
    nerve_doc_free(doc);
    nerve_model_free(model);
    return 0;
}
