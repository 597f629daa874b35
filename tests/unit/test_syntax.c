/*
 * test_syntax.c - the syntax stage (lib/syntax.c) with the bundled model:
 * tags and relations of sentences written for these tests, one group per
 * construction; the API around it (tokens only, no model, names); and bad
 * model files (truncated, wrong version, corrupted, not a model), which
 * must give NERVE_EFORMAT with the file's name and never a crash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "syntax.h"

static nerve_model *MODEL;
static nerve_doc *DOC;
static const char *TEXT;
static unsigned char *IMAGE; /* the bundled model file's bytes */
static size_t IMAGE_SIZE;
static char MODEL_PATH[1024];

static void process(const char *text, uint32_t flags)
{
    nerve_options opts;
    memset(&opts, 0, sizeof opts);
    opts.flags = flags;
    TEXT = text;
    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_doc_process(DOC, text, strlen(text), &opts, &err);
    if (rc != NERVE_OK)
        fail_msg("nerve_doc_process: %s", err.message);
}

/* The first token at or after byte `from` whose text is `word`. */
static const nerve_token *tok_from(const char *word, size_t from)
{
    size_t n;
    const nerve_token *t = nerve_doc_tokens(DOC, &n);
    for (size_t i = 0; i < n; i++)
        if (t[i].span.start >= from && t[i].span.end - t[i].span.start == strlen(word) &&
            memcmp(TEXT + t[i].span.start, word, strlen(word)) == 0)
            return &t[i];
    fail_msg("no token \"%s\" in \"%s\"", word, TEXT);
    return NULL;
}

static const nerve_token *tok(const char *word)
{
    return tok_from(word, 0);
}

static void expect_pos(const char *word, int pos)
{
    const nerve_token *t = tok(word);
    if ((int)t->pos != pos)
        fail_msg("\"%s\" in \"%s\": tag %s, expected %s", word, TEXT, nerve_pos_name((int)t->pos),
                 nerve_pos_name(pos));
}

/* dep is a dependent of head with relation rel (head NULL: the root). */
static void expect_arc(const char *dep, int rel, const char *head)
{
    size_t n;
    const nerve_token *all = nerve_doc_tokens(DOC, &n);
    const nerve_token *d = tok(dep);
    const char *got_head = "ROOT";
    int got_len = 4;
    if (d->head != NERVE_NONE) {
        got_head = TEXT + all[d->head].span.start;
        got_len = (int)(all[d->head].span.end - all[d->head].span.start);
    }
    int ok = (int)d->dep == rel;
    if (head)
        ok = ok && d->head != NERVE_NONE && &all[d->head] == tok(head);
    else
        ok = ok && d->head == NERVE_NONE;
    if (!ok)
        fail_msg("\"%s\" in \"%s\": %s of \"%.*s\", expected %s of \"%s\"", dep, TEXT,
                 nerve_dep_name((int)d->dep), got_len, got_head, nerve_dep_name(rel),
                 head ? head : "ROOT");
}

static void t_tags(void **state)
{
    (void)state;
    process("The minister visited two small towns near the border on Monday.", NERVE_OPT_SYNTAX);
    expect_pos("The", NERVE_POS_DET);
    expect_pos("minister", NERVE_POS_NOUN);
    expect_pos("visited", NERVE_POS_VERB);
    expect_pos("two", NERVE_POS_NUM);
    expect_pos("small", NERVE_POS_ADJ);
    expect_pos("near", NERVE_POS_ADP);
    expect_pos("Monday", NERVE_POS_PROPN);
    expect_pos(".", NERVE_POS_PUNCT);
    /* Every token is tagged even where nothing is parsed. */
    size_t n;
    const nerve_token *t = nerve_doc_tokens(DOC, &n);
    for (size_t i = 0; i < n; i++) {
        assert_true(t[i].pos > NERVE_POS_NONE && t[i].pos < NERVE_POS_COUNT_);
        assert_int_equal(t[i].dep, NERVE_DEP_NONE);
        assert_true(t[i].head == NERVE_NONE);
    }
    process("She will book a room and they book flights.", NERVE_OPT_SYNTAX);
    /* Without the option nothing is tagged. */
    process("She will book a room.", 0);
    assert_int_equal(tok("book")->pos, NERVE_POS_NONE);
    process("She will book a room and they book flights.", NERVE_OPT_SYNTAX);
    expect_pos("will", NERVE_POS_AUX);
    assert_int_equal(tok("book")->pos, NERVE_POS_VERB);
    assert_int_equal(tok("room")->pos, NERVE_POS_NOUN);
}

static void t_core_arguments(void **state)
{
    (void)state;
    process("The minister visited the new hospital.", NERVE_OPT_PARSE_ALL);
    expect_arc("visited", NERVE_DEP_ROOT, NULL);
    expect_arc("minister", NERVE_DEP_NSUBJ, "visited");
    expect_arc("hospital", NERVE_DEP_OBJ, "visited");
    expect_arc("The", NERVE_DEP_DET, "minister");
    expect_arc("new", NERVE_DEP_AMOD, "hospital");
    expect_arc(".", NERVE_DEP_PUNCT, "visited");
    process("Ruiz flew to Madrid on Tuesday.", NERVE_OPT_PARSE_ALL);
    expect_arc("Madrid", NERVE_DEP_OBL, "flew");
    expect_arc("to", NERVE_DEP_CASE, "Madrid");
    expect_arc("Tuesday", NERVE_DEP_OBL, "flew");
}

static void t_passive(void **state)
{
    (void)state;
    process("The minister was killed by gunmen.", NERVE_OPT_PARSE_ALL);
    expect_arc("killed", NERVE_DEP_ROOT, NULL);
    expect_arc("minister", NERVE_DEP_NSUBJ_PASS, "killed");
    expect_arc("was", NERVE_DEP_AUX_PASS, "killed");
    expect_arc("gunmen", NERVE_DEP_OBL_AGENT, "killed");
    expect_arc("by", NERVE_DEP_CASE, "gunmen");
    process("The town was attacked by rebels.", NERVE_OPT_PARSE_ALL);
    expect_arc("town", NERVE_DEP_NSUBJ_PASS, "attacked");
    expect_arc("rebels", NERVE_DEP_OBL_AGENT, "attacked");
}

static void t_control(void **state)
{
    (void)state;
    process("The president wants to visit Japan.", NERVE_OPT_PARSE_ALL);
    expect_arc("wants", NERVE_DEP_ROOT, NULL);
    expect_arc("president", NERVE_DEP_NSUBJ, "wants");
    expect_arc("visit", NERVE_DEP_XCOMP, "wants");
    expect_arc("to", NERVE_DEP_MARK, "visit");
    expect_arc("Japan", NERVE_DEP_OBJ, "visit");
}

static void t_coordination(void **state)
{
    (void)state;
    process("The envoy met the king and visited the port.", NERVE_OPT_PARSE_ALL);
    expect_arc("met", NERVE_DEP_ROOT, NULL);
    expect_arc("visited", NERVE_DEP_CONJ, "met");
    expect_arc("and", NERVE_DEP_CC, "visited");
    expect_arc("envoy", NERVE_DEP_NSUBJ, "met");
}

static void t_relative_clause(void **state)
{
    (void)state;
    process("The doctor who treated the patients left the city.", NERVE_OPT_PARSE_ALL);
    expect_arc("left", NERVE_DEP_ROOT, NULL);
    expect_arc("doctor", NERVE_DEP_NSUBJ, "left");
    expect_arc("treated", NERVE_DEP_ACL_RELCL, "doctor");
    expect_arc("who", NERVE_DEP_NSUBJ, "treated");
}

static void t_apposition_and_names(void **state)
{
    (void)state;
    process("Police arrested Ana Ruiz, a teacher from Lima.", NERVE_OPT_PARSE_ALL);
    expect_arc("Ana", NERVE_DEP_OBJ, "arrested");
    expect_arc("Ruiz", NERVE_DEP_FLAT, "Ana");
    expect_arc("teacher", NERVE_DEP_APPOS, "Ana");
    process("Ana Ruiz, a lawyer, was arrested.", NERVE_OPT_PARSE_ALL);
    expect_arc("Ana", NERVE_DEP_NSUBJ_PASS, "arrested");
    expect_arc("lawyer", NERVE_DEP_APPOS, "Ana");
}

static void t_light_verb(void **state)
{
    (void)state;
    process("The two leaders held talks in the capital.", NERVE_OPT_PARSE_ALL);
    expect_arc("held", NERVE_DEP_ROOT, NULL);
    expect_arc("leaders", NERVE_DEP_NSUBJ, "held");
    expect_arc("talks", NERVE_DEP_OBJ, "held");
    expect_arc("capital", NERVE_DEP_OBL, "held");
}

/* With NERVE_OPT_SYNTAX only the sentences with an event are parsed. */
static void t_parse_on_event_sentences(void **state)
{
    (void)state;
    process("It rained all day. Prime Minister Ana Ruiz visited Tunisia on Monday.",
            NERVE_OPT_SYNTAX);
    assert_int_equal(tok("rained")->dep, NERVE_DEP_NONE);
    assert_true(tok("rained")->head == NERVE_NONE);
    size_t nev;
    nerve_doc_events(DOC, &nev);
    if (nev > 0)
        expect_arc("visited", NERVE_DEP_ROOT, NULL);
    /* Heads stay in their sentence. */
    process("He left. She stayed and worked.", NERVE_OPT_PARSE_ALL);
    size_t n;
    const nerve_token *t = nerve_doc_tokens(DOC, &n);
    size_t roots = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].head == NERVE_NONE) {
            assert_int_equal(t[i].dep, NERVE_DEP_ROOT);
            roots++;
        } else {
            assert_true(t[i].head < n);
            assert_int_equal(t[t[i].head].sentence, t[i].sentence);
        }
    }
    assert_int_equal(roots, 2);
}

static void t_tokens_only_and_no_model(void **state)
{
    (void)state;
    process("The minister visited Paris.", NERVE_OPT_TOKENS_ONLY);
    size_t n;
    const nerve_token *t = nerve_doc_tokens(DOC, &n);
    assert_true(n == 5);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t[i].pos, NERVE_POS_NONE);
        assert_true(t[i].head == NERVE_NONE);
    }
    nerve_model *m = NULL;
    nerve_doc *d = NULL;
    assert_int_equal(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &m, NULL), NERVE_OK);
    assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
    assert_int_equal(nerve_doc_process(d, "He left.", 8, NULL, NULL), NERVE_OK);
    t = nerve_doc_tokens(d, &n);
    assert_true(n == 3);
    assert_int_equal(t[0].pos, NERVE_POS_NONE);
    nerve_doc_free(d);
    nerve_model_free(m);
}

static void t_names(void **state)
{
    (void)state;
    assert_string_equal(nerve_pos_name(NERVE_POS_VERB), "VERB");
    assert_string_equal(nerve_pos_name(NERVE_POS_X), "X");
    assert_string_equal(nerve_pos_name(NERVE_POS_NONE), "_");
    assert_string_equal(nerve_pos_name(999), "_");
    assert_string_equal(nerve_dep_name(NERVE_DEP_NSUBJ_PASS), "nsubj:pass");
    assert_string_equal(nerve_dep_name(NERVE_DEP_XCOMP), "xcomp");
    assert_string_equal(nerve_dep_name(NERVE_DEP_NONE), "_");
    assert_string_equal(nerve_dep_name(-3), "_");
    assert_true(nerve_struct_size(NERVE_STRUCT_TOKEN) == sizeof(nerve_token));
}

/* ---- bad model files ---------------------------------------------------- */

/* Open bytes[0..size) as a model from memory and from a file; both must fail
 * with NERVE_EFORMAT and a message containing `why`. */
static void expect_bad(const unsigned char *bytes, size_t size, const char *why)
{
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    unsigned char *copy = malloc(size ? size : 1); /* malloc: 8-byte aligned */
    assert_non_null(copy);
    memcpy(copy, bytes, size);
    nerve__syntax *m = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve__syntax_open_memory(&al, copy, size, "bad.syn", &m, &err),
                     NERVE_EFORMAT);
    assert_null(m);
    if (!strstr(err.message, why))
        fail_msg("memory: \"%s\" does not say \"%s\"", err.message, why);
    assert_string_equal(err.file, "bad.syn");
    free(copy);

    char path[1100];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/nerve-test-syntax-%ld.syn", tmp ? tmp : "/tmp", (long)getpid());
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_true(fwrite(bytes, 1, size, fp) == size);
    fclose(fp);
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve__syntax_open(&al, path, &m, &err), NERVE_EFORMAT);
    assert_null(m);
    if (!strstr(err.message, path) || !strstr(err.message, why))
        fail_msg("file: \"%s\" does not name the file and say \"%s\"", err.message, why);
    assert_string_equal(err.file, path);
    remove(path);
}

static void t_bad_model_files(void **state)
{
    (void)state;
    /* The bundled file opens from memory. */
    nerve_allocator al;
    nerve__allocator_init(&al, NULL);
    unsigned char *copy = malloc(IMAGE_SIZE);
    assert_non_null(copy);
    memcpy(copy, IMAGE, IMAGE_SIZE);
    nerve__syntax *m = NULL;
    assert_int_equal(nerve__syntax_open_memory(&al, copy, IMAGE_SIZE, "ok.syn", &m, NULL),
                     NERVE_OK);
    assert_true(m->ntags == 17);
    int licence = 0;
    for (size_t i = 0; i + 8 <= m->notice_len; i++)
        licence |= memcmp(m->notice + i, "CC BY-SA", 8) == 0;
    assert_true(licence);
    /* It has word classes, and a frequent word has one at each granularity. */
    assert_true(m->cls_slots > 0);
    {
        static const char text[] = "the";
        nerve_token tk;
        memset(&tk, 0, sizeof tk);
        tk.span.end = 3;
        nerve__syn_word w;
        nerve__syn_words(text, &tk, 1, &w);
        uint64_t h = nerve__syn_cls_hash(w.word);
        uint32_t i = nerve__syn_slot(h, m->cls_slots);
        while (m->cls_key[i] && m->cls_key[i] != nerve__syn_fp(h))
            i = i + 1 == m->cls_slots ? 0 : i + 1;
        assert_true(m->cls_key[i] == nerve__syn_fp(h));
        uint16_t c[3];
        nerve__syn_cls_unpack(m->cls_val[i], c);
        assert_true(c[0] > 0 && c[1] > 0 && c[2] > 0);
    }
    nerve__syntax_close(&al, m);
    free(copy);

    expect_bad(IMAGE, 0, "truncated header");
    expect_bad(IMAGE, 20, "truncated header");
    expect_bad(IMAGE, IMAGE_SIZE / 2, "truncated");
    expect_bad(IMAGE, IMAGE_SIZE - 1, "truncated");
    unsigned char *b = malloc(IMAGE_SIZE);
    assert_non_null(b);
    memcpy(b, IMAGE, IMAGE_SIZE);
    b[0] = 'X';
    expect_bad(b, IMAGE_SIZE, "bad magic");
    memcpy(b, IMAGE, IMAGE_SIZE);
    b[8] = (unsigned char)(NERVE__SYN_VERSION + 1); /* the version field */
    expect_bad(b, IMAGE_SIZE, "format version");
    /* A flipped bit anywhere after the header: the checksum catches it. */
    size_t at[] = {sizeof(nerve__syn_header), IMAGE_SIZE / 3, IMAGE_SIZE / 2 + 5, IMAGE_SIZE - 3};
    for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
        memcpy(b, IMAGE, IMAGE_SIZE);
        b[at[i]] ^= 0x10;
        expect_bad(b, IMAGE_SIZE, "checksum");
    }
    /* A section pointing outside the file. */
    memcpy(b, IMAGE, IMAGE_SIZE);
    nerve__syn_header hd;
    memcpy(&hd, b, sizeof hd);
    hd.sec[NERVE__SYN_SEC_DEP_ENTRY].size = IMAGE_SIZE;
    memcpy(b, &hd, sizeof hd);
    expect_bad(b, IMAGE_SIZE, "outside the file");
    /* The word class table (format 5): sizes that disagree with its slot
     * count, a section cut short or past the end, a table without an
     * empty slot (checksum redone, so that only the check can catch it). */
    memcpy(&hd, IMAGE, sizeof hd);
    assert_true(hd.cls_slots > 0);
    hd.cls_slots++;
    memcpy(b, IMAGE, IMAGE_SIZE);
    memcpy(b, &hd, sizeof hd);
    expect_bad(b, IMAGE_SIZE, "word class sections have inconsistent sizes");
    memcpy(&hd, IMAGE, sizeof hd);
    hd.sec[NERVE__SYN_SEC_CLS_VAL].size -= 4;
    memcpy(b, &hd, sizeof hd);
    expect_bad(b, IMAGE_SIZE, "word class sections have inconsistent sizes");
    memcpy(&hd, IMAGE, sizeof hd);
    hd.sec[NERVE__SYN_SEC_CLS_KEY].offset = IMAGE_SIZE - 8;
    memcpy(b, &hd, sizeof hd);
    expect_bad(b, IMAGE_SIZE, "outside the file");
    memcpy(&hd, IMAGE, sizeof hd);
    memcpy(b, IMAGE, IMAGE_SIZE);
    for (uint32_t i = 0; i < hd.cls_slots; i++) {
        uint32_t one = 1;
        size_t off = (size_t)hd.sec[NERVE__SYN_SEC_CLS_KEY].offset + 4 * (size_t)i;
        uint32_t k;
        memcpy(&k, b + off, 4);
        if (k == 0)
            memcpy(b + off, &one, 4);
    }
    hd.content_hash = nerve__syn_hash(b + sizeof hd, IMAGE_SIZE - sizeof hd, 0);
    memcpy(b, &hd, sizeof hd);
    expect_bad(b, IMAGE_SIZE, "word class table has no empty slot");
    free(b);
    /* Not a file at all. */
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve__syntax_open(&al, "/nonexistent/nerve.syn", &m, &err), NERVE_EIO);
    assert_non_null(strstr(err.message, "/nonexistent/nerve.syn"));
}

static int setup(void **state)
{
    (void)state;
    const char *dir = getenv("NERVE_BUILD_DIR");
    nerve_error err;
    memset(&err, 0, sizeof err);
    if (nerve_model_load(dir, NULL, 0, &MODEL, &err) != NERVE_OK) {
        print_message("# model: %s\n", err.message);
        return -1;
    }
    snprintf(MODEL_PATH, sizeof MODEL_PATH, "%s/syntax/nerve.syn", dir ? dir : ".");
    FILE *fp = fopen(MODEL_PATH, "rb");
    if (!fp) {
        print_message("# cannot open %s\n", MODEL_PATH);
        return -1;
    }
    fseek(fp, 0, SEEK_END);
    IMAGE_SIZE = (size_t)ftell(fp);
    fseek(fp, 0, SEEK_SET);
    IMAGE = malloc(IMAGE_SIZE);
    if (!IMAGE || fread(IMAGE, 1, IMAGE_SIZE, fp) != IMAGE_SIZE) {
        fclose(fp);
        return -1;
    }
    fclose(fp);
    return nerve_doc_new(MODEL, &DOC, &err) == NERVE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nerve_doc_free(DOC);
    nerve_model_free(MODEL);
    free(IMAGE);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_tags),
        cmocka_unit_test(t_core_arguments),
        cmocka_unit_test(t_passive),
        cmocka_unit_test(t_control),
        cmocka_unit_test(t_coordination),
        cmocka_unit_test(t_relative_clause),
        cmocka_unit_test(t_apposition_and_names),
        cmocka_unit_test(t_light_verb),
        cmocka_unit_test(t_parse_on_event_sentences),
        cmocka_unit_test(t_tokens_only_and_no_model),
        cmocka_unit_test(t_names),
        cmocka_unit_test(t_bad_model_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
