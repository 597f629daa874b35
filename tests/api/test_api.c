/*
 * test_api.c - the public API through the shared library only: lifecycle,
 * NULL arguments, status codes and error details, options, results and the
 * JSON writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <nerve.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static nerve_model *load_default(void)
{
    nerve_model *m = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_model_load(NULL, NULL, 0, &m, &err);
    if (rc != NERVE_OK)
        fail_msg("nerve_model_load: %s", err.message);
    return m;
}

static void version_and_names(void **state)
{
    (void)state;
    assert_int_equal(nerve_version(), NERVE_VERSION);
    assert_string_equal(nerve_version_string(), NERVE_VERSION_STRING);
    assert_string_equal(nerve_errname(NERVE_EUTF8), "NERVE_EUTF8");
    assert_string_equal(nerve_strerror(NERVE_OK), "success");
    assert_string_equal(nerve_strerror(12345), "unknown status code");
    assert_string_equal(nerve_type_name(NERVE_TYPE_LOC), "LOC");
    assert_string_equal(nerve_type_name(-3), "NONE");
    assert_string_equal(nerve_modality_name(NERVE_MODALITY_PLANNED), "planned");
    assert_int_equal(nerve_struct_size(NERVE_STRUCT_SPAN), sizeof(nerve_span));
    assert_int_equal(nerve_struct_size(NERVE_STRUCT_MENTION), sizeof(nerve_mention));
    assert_int_equal(nerve_struct_size(999), 0);
}

static void null_arguments(void **state)
{
    (void)state;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve_model_load(NULL, NULL, 0, NULL, &err), NERVE_EINVAL);
    assert_int_equal(err.code, NERVE_EINVAL);
    assert_int_equal(nerve_doc_new(NULL, NULL, NULL), NERVE_EINVAL);
    assert_int_equal(nerve_doc_process(NULL, "x", 1, NULL, NULL), NERVE_EINVAL);
    assert_int_equal(nerve_model_add_rules(NULL, "x", &err), NERVE_EINVAL);
    assert_int_equal(nerve_model_freeze(NULL, NULL), NERVE_EINVAL);
    nerve_model_free(NULL);
    nerve_doc_free(NULL);
    size_t n = 7;
    assert_null(nerve_doc_tokens(NULL, &n));
    assert_int_equal(n, 0);
    assert_null(nerve_doc_events(NULL, NULL));
}

static void unknown_flags_rejected(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_error err;
    assert_int_equal(nerve_model_load(NULL, NULL, 0x80, &m, &err), NERVE_EINVAL);
    assert_null(m);
    assert_non_null(strstr(err.message, "flags"));
}

static void missing_data_dir(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve_model_load("/nonexistent/nerve-data", NULL, 0, &m, &err), NERVE_EIO);
    assert_null(m);
    assert_non_null(strstr(err.message, "/nonexistent/nerve-data"));
    /* a folder that exists but holds no data: refused, naming it and what is missing */
    char dir[] = "/tmp/nerve-empty-XXXXXX";
    assert_non_null(mkdtemp(dir));
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve_model_load(dir, NULL, 0, &m, &err), NERVE_EIO);
    assert_null(m);
    assert_non_null(strstr(err.message, dir));
    assert_non_null(strstr(err.message, "no gazetteers"));
    assert_string_equal(err.file, dir);
    rmdir(dir);
    assert_int_equal(nerve_model_load("/", NULL, 0, &m, &err), NERVE_EIO);
    assert_non_null(strstr(err.message, "not a nerve data directory"));
}

static void empty_model_processes_text(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_doc *d = NULL;
    assert_int_equal(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &m, NULL), NERVE_OK);
    assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
    const char *text = "Officials met in Geneva. Talks ended late.";
    assert_int_equal(nerve_doc_process(d, text, strlen(text), NULL, NULL), NERVE_OK);
    size_t ns, nt;
    const nerve_sentence *s = nerve_doc_sentences(d, &ns);
    const nerve_token *t = nerve_doc_tokens(d, &nt);
    assert_int_equal(ns, 2);
    assert_int_equal(nt, 9);
    assert_int_equal(s[1].token_begin, 5);
    assert_int_equal(t[3].span.start, 17);
    assert_int_equal(t[3].span.end, 23);
    assert_memory_equal(text + t[3].span.start, "Geneva", 6);
    nerve_doc_free(d);
    nerve_model_free(m);
}

/* An empty model tokenizes with the bundled tokenizer lexicon (titles keep
 * their period and end no sentence); one whose data_dir has no
 * rules/tokenizer.tsv has the empty lexicon, and refuses a gazetteer
 * compiled with the bundled one. */
static void empty_model_tokenizer_lexicon(void **state)
{
    (void)state;
    const char *text = "Gen. Smith met Sen. Jones. They talked.";
    const char *dirs[] = {NULL, "/nonexistent"};
    size_t want_sentences[] = {2, 4};
    for (int i = 0; i < 2; i++) {
        nerve_model *m = NULL;
        nerve_doc *d = NULL;
        assert_int_equal(nerve_model_load(dirs[i], NULL, NERVE_MODEL_EMPTY, &m, NULL), NERVE_OK);
        assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
        assert_int_equal(nerve_doc_process(d, text, strlen(text), NULL, NULL), NERVE_OK);
        size_t ns;
        nerve_doc_sentences(d, &ns);
        assert_int_equal(ns, want_sentences[i]);
        nerve_doc_free(d);
        nerve_model_free(m);
    }
    /* tests/gazetteers/ has no ../rules/tokenizer.tsv: the bundled lexicon */
    char dir[] = "/tmp/nerve-api-gaz-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char src[600], gaz[600], cmd[1400];
    snprintf(src, sizeof src, "%s/gazetteers", dir);
    snprintf(gaz, sizeof gaz, "%s/t.gaz", dir);
    snprintf(cmd, sizeof cmd,
             "mkdir '%s' && printf 'name\\ttype\\nSt. Louis\\tLOC\\n' > '%s/t.tsv'", src, src);
    assert_int_equal(system(cmd), 0);
    nerve_error err;
    assert_int_equal(nerve_gazetteer_compile(src, gaz, NULL, &err), NERVE_OK);
    nerve_model *m = NULL;
    assert_int_equal(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &m, &err), NERVE_OK);
    assert_int_equal(nerve_model_add_gazetteer(m, gaz, &err), NERVE_OK);
    nerve_model_free(m);
    assert_int_equal(nerve_model_load("/nonexistent", NULL, NERVE_MODEL_EMPTY, &m, &err), NERVE_OK);
    assert_int_equal(nerve_model_add_gazetteer(m, gaz, &err), NERVE_EFORMAT);
    assert_non_null(strstr(err.message, "another tokenizer lexicon"));
    nerve_model_free(m);
    /* with a rules/tokenizer.tsv beside gazetteers/, that one */
    snprintf(cmd, sizeof cmd,
             "mkdir '%s/rules' && printf 'kind\\tword\\tflags\\nabbrev\\tst\\tother\\n' > "
             "'%s/rules/tokenizer.tsv'",
             dir, dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(nerve_gazetteer_compile(src, gaz, NULL, &err), NERVE_OK);
    assert_int_equal(nerve_model_load(dir, NULL, NERVE_MODEL_EMPTY, &m, &err), NERVE_OK);
    assert_int_equal(nerve_model_add_gazetteer(m, gaz, &err), NERVE_OK);
    nerve_model_free(m);
    assert_int_equal(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &m, &err), NERVE_OK);
    assert_int_equal(nerve_model_add_gazetteer(m, gaz, &err), NERVE_EFORMAT);
    nerve_model_free(m);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void frozen_model_rejects_additions(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_doc *d = NULL;
    nerve_error err;
    assert_int_equal(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &m, NULL), NERVE_OK);
    assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
    assert_int_equal(nerve_model_add_rules_string(m, "late", "", 0, &err), NERVE_ESTATE);
    assert_non_null(strstr(err.message, "frozen"));
    nerve_doc_free(d);
    nerve_model_free(m);
}

static void invalid_utf8_reports_offset(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_doc *d = NULL;
    nerve_error err;
    assert_int_equal(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &m, NULL), NERVE_OK);
    assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
    const char bad[] = "Visit to Qu\xe9"
                       "bec city";
    assert_int_equal(nerve_doc_process(d, bad, sizeof bad - 1, NULL, &err), NERVE_EUTF8);
    assert_int_equal(err.code, NERVE_EUTF8);
    assert_int_equal(err.offset, 11);
    size_t n;
    nerve_doc_tokens(d, &n);
    assert_int_equal(n, 0);
    /* With replacement the text is processed and offsets stay in the original bytes. */
    nerve_options o;
    memset(&o, 0, sizeof o);
    o.flags = NERVE_OPT_REPLACE_INVALID;
    assert_int_equal(nerve_doc_process(d, bad, sizeof bad - 1, &o, &err), NERVE_OK);
    const nerve_token *t = nerve_doc_tokens(d, &n);
    assert_true(n >= 4);
    assert_int_equal(t[n - 1].span.end, sizeof bad - 1);
    nerve_doc_free(d);
    nerve_model_free(m);
}

/* A TIMEX3 value of the forms nerve produces: a four-digit year (or XXXX),
 * a century (2 digits) or decade (3) alone, a duration, a reference. */
static int timex_value_ok(const char *v)
{
    if (v[0] == 'P' || v[0] == 'T' || strstr(v, "_REF"))
        return 1;
    size_t n = 0;
    while (v[n] == 'X' || (v[n] >= '0' && v[n] <= '9'))
        n++;
    if (n == 4)
        return v[4] == '\0' || v[4] == '-' || v[4] == 'T';
    return (n == 2 || n == 3) && v[n] == '\0';
}

/* Document dates at the ends of the supported years, and relative dates
 * that land far from them: every value keeps a four-digit year. Dates
 * outside the range are refused (year 0 meant "unknown" inside). */
static void dct_range_and_wellformed_values(void **state)
{
    (void)state;
    nerve_model *m = load_default();
    nerve_doc *d = NULL;
    nerve_error err;
    assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
    const char *text = "He left on Friday. Last year and next year, this spring and last "
                       "winter, next century, last decade, yesterday and tomorrow, next "
                       "Friday, last week. It may end 5000 years from now or 900 years "
                       "from now, in 30 centuries, or 3000 years ago.";
    static const char *const ok[] = {"1000-01-01", "1000-01-03", "8999-12-31", "8999-06-15"};
    static const char *const refused[] = {"0000-01-02", "0999-12-31", "9000-01-01", "9999-12-31"};
    nerve_options o;
    memset(&o, 0, sizeof o);
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        o.dct = ok[i];
        assert_int_equal(nerve_doc_process(d, text, strlen(text), &o, &err), NERVE_OK);
        size_t n, dates = 0;
        const nerve_mention *mn = nerve_doc_mentions(d, &n);
        for (size_t k = 0; k < n; k++) {
            if (!mn[k].value)
                continue;
            dates++;
            if (!timex_value_ok(mn[k].value))
                fail_msg("dct %s: \"%.*s\" has the malformed value %s", ok[i],
                         (int)(mn[k].span.end - mn[k].span.start), text + mn[k].span.start,
                         mn[k].value);
        }
        assert_true(dates >= 12);
    }
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        o.dct = refused[i];
        memset(&err, 0, sizeof err);
        assert_int_equal(nerve_doc_process(d, text, strlen(text), &o, &err), NERVE_EDATE);
        assert_non_null(strstr(err.message, refused[i]));
        assert_non_null(strstr(err.message, "1000 to 8999"));
    }
    nerve_doc_free(d);
    nerve_model_free(m);
}

static void bad_dct_and_flags(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_doc *d = NULL;
    nerve_error err;
    assert_int_equal(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &m, NULL), NERVE_OK);
    assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
    nerve_options o;
    memset(&o, 0, sizeof o);
    o.dct = "2020-13-45";
    assert_int_equal(nerve_doc_process(d, "Hello.", 6, &o, &err), NERVE_EDATE);
    assert_non_null(strstr(err.message, "2020-13-45"));
    o.dct = NULL;
    o.flags = 1u << 30;
    assert_int_equal(nerve_doc_process(d, "Hello.", 6, &o, &err), NERVE_EINVAL);
    assert_int_equal(nerve_doc_process(d, NULL, 3, NULL, &err), NERVE_EINVAL);
    assert_int_equal(nerve_doc_process(d, NULL, 0, NULL, &err), NERVE_OK);
    nerve_doc_free(d);
    nerve_model_free(m);
}

static void nul_bytes_are_text(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_doc *d = NULL;
    assert_int_equal(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &m, NULL), NERVE_OK);
    assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
    const char text[] = "Paris\0Berlin";
    assert_int_equal(nerve_doc_process(d, text, sizeof text - 1, NULL, NULL), NERVE_OK);
    size_t n, len;
    const nerve_token *t = nerve_doc_tokens(d, &n);
    assert_int_equal(n, 2);
    assert_int_equal(t[1].span.start, 6);
    assert_int_equal(t[1].span.end, 12);
    nerve_doc_text(d, &len);
    assert_int_equal(len, sizeof text - 1);
    nerve_doc_free(d);
    nerve_model_free(m);
}

typedef struct sink {
    char buf[1 << 16];
    size_t n;
    int fail;
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
    sink *s = ctx;
    if (s->fail)
        return -1;
    if (s->n + len >= sizeof s->buf)
        return -1;
    memcpy(s->buf + s->n, data, len);
    s->n += len;
    s->buf[s->n] = '\0';
    return 0;
}

static void json_writer_and_sink_errors(void **state)
{
    (void)state;
    nerve_model *m = load_default();
    nerve_doc *d = NULL;
    assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
    const char *text = "The minister said \"yes\"\ttoday.";
    nerve_options o;
    memset(&o, 0, sizeof o);
    o.dct = "2020-09-28";
    o.doc_id = "doc-1";
    assert_int_equal(nerve_doc_process(d, text, strlen(text), &o, NULL), NERVE_OK);
    static sink s;
    memset(&s, 0, sizeof s);
    assert_int_equal(nerve_doc_write_json(d, NERVE_JSON_TOKENS, sink_write, &s, NULL), NERVE_OK);
    assert_non_null(strstr(s.buf, "\"schema_version\":2"));
    assert_non_null(strstr(s.buf, "\"id\":\"doc-1\""));
    assert_non_null(strstr(s.buf, "\"dct\":\"2020-09-28\""));
    assert_non_null(strstr(s.buf, "\"text\":\"\\\"\""));
    assert_non_null(strstr(s.buf, "\"text_bytes\":30"));
    s.n = 0;
    s.fail = 1;
    nerve_error err;
    assert_int_equal(nerve_doc_write_json(d, 0, sink_write, &s, &err), NERVE_EWRITE);
    assert_int_equal(nerve_doc_write(d, 99, 0, sink_write, &s, &err), NERVE_EINVAL);
    nerve_doc_free(d);
    nerve_model_free(m);
}

static void doc_reuse_discards_old_results(void **state)
{
    (void)state;
    nerve_model *m = load_default();
    nerve_doc *d = NULL;
    assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
    const char *a = "Talks in Rabat. More talks in Tunis. And in Algiers.";
    const char *b = "Quiet day.";
    size_t n1, n2;
    assert_int_equal(nerve_doc_process(d, a, strlen(a), NULL, NULL), NERVE_OK);
    nerve_doc_sentences(d, &n1);
    assert_int_equal(n1, 3);
    assert_int_equal(nerve_doc_process(d, b, strlen(b), NULL, NULL), NERVE_OK);
    nerve_doc_sentences(d, &n2);
    assert_int_equal(n2, 1);
    nerve_doc_free(d);
    nerve_model_free(m);
}

/* The doc's own text (nerve_doc_text() + k) and strings of its results may
 * be passed back in: they are copied before the old results are dropped. */
static void own_text_and_results_passed_back(void **state)
{
    (void)state;
    nerve_model *m = load_default();
    nerve_doc *d = NULL;
    nerve_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(nerve_doc_new(m, &d, NULL), NERVE_OK);
    const char *a =
        "Talks ended late. Defense Secretary Mark Esper met officials in Rabat on Friday.";
    nerve_options o;
    memset(&o, 0, sizeof o);
    o.dct = "2020-09-28";
    assert_int_equal(nerve_doc_process(d, a, strlen(a), &o, NULL), NERVE_OK);
    size_t len, nt;
    const char *own = nerve_doc_text(d, &len);
    assert_int_equal(len, strlen(a));
    /* the second sentence of the doc's own text */
    assert_int_equal(nerve_doc_process(d, own + 18, len - 18, NULL, &err), NERVE_OK);
    own = nerve_doc_text(d, &len);
    assert_int_equal(len, strlen(a) - 18);
    assert_memory_equal(own, a + 18, len);
    const nerve_token *t = nerve_doc_tokens(d, &nt);
    assert_int_equal(nt, 11);
    assert_memory_equal(own + t[0].span.start, "Defense", 7);
    assert_memory_equal(own + t[9].span.start, "Friday", 6);
    /* the whole own text again, and a slice that runs past its end */
    assert_int_equal(nerve_doc_process(d, own, len, NULL, NULL), NERVE_OK);
    assert_int_equal(nerve_doc_process(d, own + 1, len, NULL, &err), NERVE_EINVAL);
    assert_non_null(strstr(err.message, "past its end"));
    nerve_doc_text(d, &len);
    assert_int_equal(len, 0);
    nerve_doc_tokens(d, &nt);
    assert_int_equal(nt, 0);

    /* a result's strings (in the doc's arena) as the next text and id */
    assert_int_equal(nerve_doc_process(d, a, strlen(a), &o, NULL), NERVE_OK);
    size_t nm;
    const nerve_mention *mn = nerve_doc_mentions(d, &nm);
    const char *value = NULL;
    for (size_t i = 0; i < nm; i++)
        if (mn[i].type == NERVE_TYPE_DATE && mn[i].value)
            value = mn[i].value;
    assert_non_null(value);
    assert_string_equal(value, "2020-09-25");
    nerve_options o2;
    memset(&o2, 0, sizeof o2);
    o2.doc_id = value;
    assert_int_equal(nerve_doc_process(d, value, strlen(value), &o2, NULL), NERVE_OK);
    own = nerve_doc_text(d, &len);
    assert_int_equal(len, 10);
    assert_memory_equal(own, "2020-09-25", 10);
    static sink s;
    memset(&s, 0, sizeof s);
    assert_int_equal(nerve_doc_write_json(d, 0, sink_write, &s, NULL), NERVE_OK);
    assert_non_null(strstr(s.buf, "\"id\":\"2020-09-25\""));
    nerve_doc_free(d);
    nerve_model_free(m);
}

static void limits_are_settable_and_enforced(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_doc *d = NULL;
    nerve_error err;
    assert_int_equal(nerve_model_load(NULL, NULL, 0, &m, &err), NERVE_OK);
    assert_int_equal(nerve_model_set_limit(m, NERVE_LIMIT_MAX_TEXT, 16, &err), NERVE_OK);
    assert_int_equal(nerve_model_set_limit(m, 42, 1, &err), NERVE_EINVAL);
    assert_non_null(strstr(err.message, "unknown limit"));
    assert_int_equal(nerve_model_set_limit(m, NERVE_LIMIT_DEPTH, (uint64_t)1 << 40, &err),
                     NERVE_EINVAL);
    assert_int_equal(nerve_model_set_limit(m, NERVE_LIMIT_MATCH, 1, &err), NERVE_OK);
    assert_int_equal(nerve_doc_new(m, &d, &err), NERVE_OK);
    assert_int_equal(nerve_model_set_limit(m, NERVE_LIMIT_MAX_TEXT, 0, &err), NERVE_ESTATE);
    const char *longer = "Mark Esper will visit Morocco and Tunisia on Friday.";
    assert_int_equal(nerve_doc_process(d, longer, strlen(longer), NULL, &err), NERVE_ETOOBIG);
    assert_non_null(strstr(err.message, "limit"));
    /* A match limit of 1 stops every rule: reported, and the rest is kept. */
    const char *text = "Visit to Rabat."; /* 15 bytes: under the 16-byte limit */
    int rc = nerve_doc_process(d, text, strlen(text), NULL, &err);
    assert_int_equal(rc, NERVE_ELIMIT);
    size_t n;
    nerve_doc_tokens(d, &n);
    assert_int_equal(n, 4);
    nerve_doc_mentions(d, &n);
    assert_true(n >= 1); /* the gazetteer still found Rabat */
    nerve_doc_free(d);
    nerve_model_free(m);
}

/* Line `line` (1-based) of path into buf; 0 if there is no such line. */
static int read_line(const char *path, uint32_t line, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int ok = 0;
    for (uint32_t i = 1; fgets(buf, (int)size, f); i++)
        if (i == line) {
            ok = 1;
            break;
        }
    fclose(f);
    return ok;
}

/* Every mention and event says which gazetteer line or rule made it. */
static void results_trace_to_their_origin(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_doc *d = NULL;
    nerve_error err;
    assert_int_equal(nerve_model_load(NULL, NULL, 0, &m, &err), NERVE_OK);
    assert_int_equal(nerve_doc_new(m, &d, &err), NERVE_OK);
    const char *text = "Defense Secretary Mark Esper visited Tunis on Friday.";
    nerve_options o = {0};
    o.dct = "2020-09-25";
    assert_int_equal(nerve_doc_process(d, text, strlen(text), &o, &err), NERVE_OK);
    size_t n, checked = 0;
    const nerve_mention *ms = nerve_doc_mentions(d, &n);
    char path[4096], line[4096];
    for (size_t i = 0; i < n; i++) {
        const nerve_mention *mm = &ms[i];
        const char *surface = text + mm->span.start;
        size_t len = mm->span.end - mm->span.start;
        if (mm->source == NERVE_SOURCE_GAZETTEER) {
            /* a compiled entry names its TSV relative to the data folder */
            assert_non_null(mm->origin_file);
            assert_int_equal(strncmp(mm->origin_file, "gazetteers/", 11), 0);
            snprintf(path, sizeof path, "%s/%s", NERVE_SOURCE_ROOT, mm->origin_file);
            assert_true(read_line(path, mm->origin_line, line, sizeof line));
            assert_memory_equal(line, surface, len); /* the line starts with the name */
            assert_int_equal(line[len], '\t');
            checked++;
        } else if (mm->type == NERVE_TYPE_DATE) {
            /* "Friday": the temporal lexicon's line of the weekday */
            assert_non_null(mm->origin_file);
            assert_string_equal(mm->origin_file, "rules/timex.tsv");
            snprintf(path, sizeof path, "%s/%s", NERVE_SOURCE_ROOT, mm->origin_file);
            assert_true(read_line(path, mm->origin_line, line, sizeof line));
            assert_int_equal(strncmp(line, "friday\tweekday\t", 15), 0);
            checked++;
        } else if (mm->rule && mm->origin_file) {
            /* a bundled rule names its file relative to the data folder */
            assert_int_equal(strncmp(mm->origin_file, "rules/", 6), 0);
            snprintf(path, sizeof path, "%s/%s", NERVE_SOURCE_ROOT, mm->origin_file);
            assert_true(read_line(path, mm->origin_line, line, sizeof line));
            assert_non_null(strstr(line, mm->rule));
            assert_int_equal(strncmp(line, "rule ", 5), 0);
            checked++;
        }
    }
    assert_true(checked >= 3); /* Tunis from the gazetteer, Mark Esper from a rule, Friday */
    const nerve_event *ev = nerve_doc_events(d, &n);
    assert_true(n >= 1);
    assert_non_null(ev[0].origin_file);
    assert_string_equal(ev[0].origin_file, "rules/events.rules");
    snprintf(path, sizeof path, "%s/%s", NERVE_SOURCE_ROOT, ev[0].origin_file);
    assert_true(read_line(path, ev[0].origin_line, line, sizeof line));
    assert_non_null(strstr(line, ev[0].rule));
    nerve_doc_free(d);
    nerve_model_free(m);
}

/* An event that misses a key role of its type is published only with
 * NERVE_OPT_INCOMPLETE_EVENTS, marked incomplete and less confident. */
static void incomplete_events_on_request(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_error err;
    assert_int_equal(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &m, &err), NERVE_OK);
    const char *rules = "event meeting roles who with key who with\n"
                        "rule m: event meeting confidence 0.8\n"
                        "    who:[cap] trigger:met (with:[cap])?\n";
    assert_int_equal(nerve_model_add_rules_string(m, "m.rules", rules, strlen(rules), &err),
                     NERVE_OK);
    nerve_doc *d = NULL;
    assert_int_equal(nerve_doc_new(m, &d, &err), NERVE_OK);
    const char *text = "Ruiz met Bruni. Ortiz met.";
    size_t n = 0;
    assert_int_equal(nerve_doc_process(d, text, strlen(text), NULL, &err), NERVE_OK);
    const nerve_event *ev = nerve_doc_events(d, &n);
    assert_int_equal(n, 1);
    assert_true(ev[0].complete);
    nerve_options o;
    memset(&o, 0, sizeof o);
    o.flags = NERVE_OPT_INCOMPLETE_EVENTS;
    assert_int_equal(nerve_doc_process(d, text, strlen(text), &o, &err), NERVE_OK);
    ev = nerve_doc_events(d, &n);
    assert_int_equal(n, 2);
    assert_true(ev[0].complete);
    assert_false(ev[1].complete);
    assert_true(ev[1].confidence < ev[0].confidence);
    assert_int_equal(ev[1].trigger.start, 22); /* the second "met" */
    nerve_doc_free(d);
    nerve_model_free(m);
}

/* Rule and gazetteer sources over their limits, and rule text that is not UTF-8. */
static void file_limits_and_untrusted_rules(void **state)
{
    (void)state;
    nerve_model *m = NULL;
    nerve_error err;
    assert_int_equal(nerve_model_load(NULL, NULL, NERVE_MODEL_EMPTY, &m, &err), NERVE_OK);
    const char *rule = "rule capital: entity LOC\n    \"Rabat\"\n";
    assert_int_equal(nerve_model_set_limit(m, NERVE_LIMIT_RULE_BYTES, 20, &err), NERVE_OK);
    assert_int_equal(nerve_model_add_rules_string(m, "small.rules", rule, strlen(rule), &err),
                     NERVE_ETOOBIG);
    assert_string_equal(err.file, "small.rules");
    assert_non_null(strstr(err.message, "limit of 20 bytes"));
    assert_int_equal(nerve_model_set_limit(m, NERVE_LIMIT_RULE_BYTES, 0, &err), NERVE_OK);
    assert_int_equal(nerve_model_add_rules_string(m, "small.rules", rule, strlen(rule), &err),
                     NERVE_OK);
    assert_int_equal(nerve_model_rule_count(m), 1);

    const char *latin1 = "rule cafe: entity ORG\n    \"Caf\xe9\"\n";
    assert_int_equal(nerve_model_add_rules_string(m, "latin1.rules", latin1, strlen(latin1), &err),
                     NERVE_ERULES);
    assert_string_equal(err.file, "latin1.rules");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 9);
    assert_non_null(strstr(err.message, "UTF-8"));
    assert_int_equal(nerve_model_rule_count(m), 1); /* the failed file added nothing */

    const char *path = NERVE_SOURCE_ROOT "/gazetteers/capitals.tsv";
    assert_int_equal(nerve_model_set_limit(m, NERVE_LIMIT_GAZETTEER_BYTES, 100, &err), NERVE_OK);
    assert_int_equal(nerve_model_add_gazetteer(m, path, &err), NERVE_ETOOBIG);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "gazetteer file limit of 100 bytes"));
    assert_int_equal(nerve_model_gazetteer_size(m), 0);
    assert_int_equal(nerve_model_set_limit(m, NERVE_LIMIT_GAZETTEER_BYTES, 0, &err), NERVE_OK);
    assert_int_equal(nerve_model_add_gazetteer(m, path, &err), NERVE_OK);
    assert_int_equal(nerve_model_set_limit(m, NERVE_LIMIT_RULE_BYTES, SIZE_MAX, &err),
                     NERVE_EINVAL);
    assert_non_null(strstr(err.message, "NERVE_LIMIT_RULE_BYTES"));
    assert_int_equal(nerve_model_freeze(m, &err), NERVE_OK);
    assert_true(nerve_model_gazetteer_size(m) > 100);
    nerve_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_and_names),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(unknown_flags_rejected),
        cmocka_unit_test(missing_data_dir),
        cmocka_unit_test(empty_model_processes_text),
        cmocka_unit_test(empty_model_tokenizer_lexicon),
        cmocka_unit_test(frozen_model_rejects_additions),
        cmocka_unit_test(invalid_utf8_reports_offset),
        cmocka_unit_test(bad_dct_and_flags),
        cmocka_unit_test(dct_range_and_wellformed_values),
        cmocka_unit_test(nul_bytes_are_text),
        cmocka_unit_test(json_writer_and_sink_errors),
        cmocka_unit_test(doc_reuse_discards_old_results),
        cmocka_unit_test(own_text_and_results_passed_back),
        cmocka_unit_test(limits_are_settable_and_enforced),
        cmocka_unit_test(incomplete_events_on_request),
        cmocka_unit_test(file_limits_and_untrusted_rules),
        cmocka_unit_test(results_trace_to_their_origin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
