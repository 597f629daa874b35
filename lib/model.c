/*
 * model.c - loading a model: the bundled data directory (tokenizer lexicon,
 * compiled gazetteer, rule files, temporal lexicon), user additions, and
 * freezing.
 */
#include "entities.h"
#include "error.h"
#include "internal.h"
#include "io.h"

#include <string.h>

static const char *const GAZ_SUFFIXES[] = {".tsv", ".gaz", NULL};
static const char *const RULE_SUFFIXES[] = {".rules", NULL};

static int ensure_unfrozen(const nerve_model *model, nerve_error *err)
{
    if (!model)
        return nerve__error_set(err, NERVE_EINVAL, 0, "model is NULL");
    if (atomic_load_explicit(&model->frozen, memory_order_acquire))
        return nerve__error_set(err, NERVE_ESTATE, 0,
                                "model is frozen: add data before the first nerve_doc_new");
    return NERVE_OK;
}

/* Largest gazetteer file (TSV or compiled) a user adds, by default. */
#define DEFAULT_MAX_GAZETTEER_BYTES ((size_t)512 << 20)
/* Tokens of one sentence the rules see, by default. */
#define DEFAULT_SENTENCE_TOKENS 1000

static int add_gazetteer_file(nerve_model *model, const char *path, nerve_error *err)
{
    long long size = nerve__file_size(path);
    if (size >= 0 && (unsigned long long)size > model->limits.max_gazetteer_bytes)
        return nerve__error_set_file(err, NERVE_ETOOBIG, path, 0, 0, 0,
                                     "%s: %lld bytes exceed the gazetteer file limit of %zu bytes",
                                     path, size, model->limits.max_gazetteer_bytes);
    size_t n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".gaz") == 0)
        return nerve__gazset_add_compiled(model->gaz, path, err);
    return nerve__gazset_add_tsv(model->gaz, path, err);
}

int nerve_model_add_gazetteer(nerve_model *model, const char *path, nerve_error *err)
{
    int rc = ensure_unfrozen(model, err);
    if (rc != NERVE_OK)
        return rc;
    if (!path)
        return nerve__error_set(err, NERVE_EINVAL, 0, "gazetteer path is NULL");
    int kind = nerve__path_kind(path);
    if (kind < 0)
        return nerve__error_set_file(err, NERVE_EIO, path, 0, 0, 0, "%s: no such file or directory",
                                     path);
    if (kind == 0)
        return add_gazetteer_file(model, path, err);
    nerve__paths list;
    rc = nerve__dir_list(&model->al, path, GAZ_SUFFIXES, &list, err);
    for (size_t i = 0; rc == NERVE_OK && i < list.count; i++)
        rc = add_gazetteer_file(model, list.paths[i], err);
    nerve__dir_list_free(&model->al, &list);
    return rc;
}

int nerve_model_add_rules_string(nerve_model *model, const char *name, const char *src, size_t len,
                                 nerve_error *err)
{
    int rc = ensure_unfrozen(model, err);
    if (rc != NERVE_OK)
        return rc;
    if (!src && len)
        return nerve__error_set(err, NERVE_EINVAL, 0, "rule source is NULL");
    return nerve__ruleset_add(model->rules, name ? name : "<memory>", src ? src : "", len, err);
}

int nerve_model_add_rules(nerve_model *model, const char *path, nerve_error *err)
{
    int rc = ensure_unfrozen(model, err);
    if (rc != NERVE_OK)
        return rc;
    if (!path)
        return nerve__error_set(err, NERVE_EINVAL, 0, "rule path is NULL");
    char *data;
    size_t len;
    rc = nerve__read_file(&model->al, path, model->limits.max_rule_bytes, &data, &len, err);
    if (rc != NERVE_OK)
        return rc;
    rc = nerve__ruleset_add(model->rules, path, data, len, err);
    nerve__free(&model->al, data);
    return rc;
}

/* Number of entries of dir/sub ending in one of suffixes; 0 when it is not a
 * directory; -1 on out of memory. */
static long count_entries(nerve_model *model, nerve__buf *path, const char *dir, const char *sub,
                          const char *const *suffixes)
{
    if (!nerve__path_join(&model->al, path, dir, sub))
        return -1;
    if (nerve__path_kind(path->v) != 1)
        return 0;
    nerve__paths list;
    int rc = nerve__dir_list(&model->al, path->v, suffixes, &list, NULL);
    if (rc != NERVE_OK)
        return rc == NERVE_ENOMEM ? -1 : 0;
    long n = (long)list.count;
    nerve__dir_list_free(&model->al, &list);
    return n;
}

/* The rule compiler's word data (rules/inflections.tsv, rules/index_words.tsv):
 * read before the rule files, whose "word~" and index use them. */
static int add_rule_words(nerve_model *model, nerve__buf *path, const char *dir, const char *sub,
                          int (*add)(nerve__ruleset *, const char *, const char *, size_t,
                                     nerve_error *),
                          nerve_error *err)
{
    if (!nerve__path_join(&model->al, path, dir, sub))
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    char *data;
    size_t len;
    int rc = nerve__read_file(&model->al, path->v, model->limits.max_rule_bytes, &data, &len, err);
    if (rc != NERVE_OK)
        return rc;
    rc = add(model->rules, path->v, data, len, err);
    nerve__free(&model->al, data);
    return rc;
}

/* 1 when dir/sub is a regular file (or anything but a directory), 0 when
 * not, -1 on out of memory. */
static int has_file(nerve_model *model, nerve__buf *path, const char *dir, const char *sub)
{
    if (!nerve__path_join(&model->al, path, dir, sub))
        return -1;
    return nerve__path_kind(path->v) == 0;
}

/* The tokenizer lexicon dir/rules/tokenizer.tsv into model->toklex (origins
 * and errors name it "rules/tokenizer.tsv"), handed to the gazetteers: read
 * before any gazetteer, whose names it tokenizes. */
static int load_tok_lexicon(nerve_model *model, nerve__buf *path, const char *dir, nerve_error *err)
{
    if (!nerve__path_join(&model->al, path, dir, "rules/tokenizer.tsv"))
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    int rc =
        nerve__tok_lexicon_load(&model->al, path->v, "rules/tokenizer.tsv", &model->toklex, err);
    if (rc == NERVE_OK)
        nerve__gazset_set_tok_lexicon(model->gaz, model->toklex);
    return rc;
}

/* The bundled data: rules/tokenizer.tsv, gazetteers/nerve.gaz (else the TSV
 * sources), the rule files, rules/timex.tsv, rules/mentions.tsv,
 * rules/inflections.tsv and rules/index_words.tsv. A folder
 * lacking any of them is refused up front: an empty folder (or "/") used to
 * load a model that silently found nothing. */
static int load_data_dir(nerve_model *model, const char *dir, nerve_error *err)
{
    nerve__buf path = {0};
    int rc = NERVE_OK;
    if (nerve__path_kind(dir) != 1) {
        rc = nerve__error_set_file(err, NERVE_EIO, dir, 0, 0, 0, "%s: data directory not found",
                                   dir);
        goto done;
    }
    int compiled = has_file(model, &path, dir, "gazetteers/nerve.gaz");
    long tsv = compiled == 1 ? 0 : count_entries(model, &path, dir, "gazetteers", GAZ_SUFFIXES);
    long rules = count_entries(model, &path, dir, "rules", RULE_SUFFIXES);
    int lexicon = has_file(model, &path, dir, "rules/timex.tsv");
    int mentions = has_file(model, &path, dir, "rules/mentions.tsv");
    int inflections = has_file(model, &path, dir, "rules/inflections.tsv");
    int index_words = has_file(model, &path, dir, "rules/index_words.tsv");
    int tokenizer = has_file(model, &path, dir, "rules/tokenizer.tsv");
    if (compiled < 0 || tsv < 0 || rules < 0 || lexicon < 0 || mentions < 0 || inflections < 0 ||
        index_words < 0 || tokenizer < 0) {
        rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
        goto done;
    }
    if (!compiled && !tsv) {
        rc = nerve__error_set_file(err, NERVE_EIO, dir, 0, 0, 0,
                                   "%s: not a nerve data directory: no gazetteers "
                                   "(gazetteers/nerve.gaz or gazetteers/*.tsv)",
                                   dir);
        goto done;
    }
    if (!rules || !lexicon || !mentions || !inflections || !index_words || !tokenizer) {
        rc = nerve__error_set_file(err, NERVE_EIO, dir, 0, 0, 0,
                                   "%s: not a nerve data directory: no %s", dir,
                                   !rules         ? "rules (rules/*.rules)"
                                   : !lexicon     ? "rules/timex.tsv"
                                   : !mentions    ? "rules/mentions.tsv"
                                   : !inflections ? "rules/inflections.tsv"
                                   : !index_words ? "rules/index_words.tsv"
                                                  : "rules/tokenizer.tsv");
        goto done;
    }
    rc = load_tok_lexicon(model, &path, dir, err);
    if (rc != NERVE_OK)
        goto done;
    if (compiled) {
        nerve__path_join(&model->al, &path, dir, "gazetteers/nerve.gaz");
        rc = nerve__gazset_add_compiled(model->gaz, path.v, err);
    } else {
        nerve__path_join(&model->al, &path, dir, "gazetteers");
        rc = nerve_model_add_gazetteer(model, path.v, err);
    }
    if (rc != NERVE_OK)
        goto done;

    rc = add_rule_words(model, &path, dir, "rules/inflections.tsv", nerve__ruleset_add_inflections,
                        err);
    if (rc == NERVE_OK)
        rc = add_rule_words(model, &path, dir, "rules/index_words.tsv",
                            nerve__ruleset_add_word_costs, err);
    if (rc != NERVE_OK)
        goto done;
    if (!nerve__path_join(&model->al, &path, dir, "rules")) {
        rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
        goto done;
    }
    nerve__paths list;
    rc = nerve__dir_list(&model->al, path.v, RULE_SUFFIXES, &list, err);
    /* the bundled rules say "rules/events.rules:67" wherever the data lives */
    nerve__ruleset_set_origin_root(model->rules, dir);
    for (size_t i = 0; rc == NERVE_OK && i < list.count; i++)
        rc = nerve_model_add_rules(model, list.paths[i], err);
    nerve__ruleset_set_origin_root(model->rules, NULL);
    nerve__dir_list_free(&model->al, &list);
    if (rc != NERVE_OK)
        goto done;
    if (!nerve__path_join(&model->al, &path, dir, "rules/timex.tsv")) {
        rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
        goto done;
    }
    rc = nerve__timex_lexicon_load(&model->al, path.v, "rules/timex.tsv", &model->timex, err);
    if (rc != NERVE_OK)
        goto done;
    if (!nerve__path_join(&model->al, &path, dir, "rules/mentions.tsv")) {
        rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
        goto done;
    }
    rc = nerve__mention_lexicon_load(&model->al, path.v, "rules/mentions.tsv", &model->mentions,
                                     err);
    if (rc != NERVE_OK)
        goto done;
    /* The syntax model is optional: without it tokens carry no tags. */
    if (!nerve__path_join(&model->al, &path, dir, "syntax/nerve.syn")) {
        rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
        goto done;
    }
    if (nerve__path_kind(path.v) == 0)
        rc = nerve__syntax_open(&model->al, path.v, &model->syntax, err);
done:
    nerve__vec_free(&model->al, &path);
    return rc;
}

int nerve_model_load(const char *data_dir, const nerve_allocator *alloc, uint32_t flags,
                     nerve_model **out, nerve_error *err)
{
    if (!out)
        return nerve__error_set(err, NERVE_EINVAL, 0, "out is NULL");
    *out = NULL;
    if (flags & ~NERVE_MODEL_EMPTY)
        return nerve__error_set(err, NERVE_EINVAL, 0, "unknown model flags 0x%x",
                                (unsigned)(flags & ~NERVE_MODEL_EMPTY));
    nerve_allocator al;
    nerve__allocator_init(&al, alloc);
    nerve_model *model = nerve__calloc(&al, 1, sizeof *model);
    if (!model)
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    model->al = al;
    if (pthread_mutex_init(&model->freeze_lock, NULL) != 0) {
        nerve__free(&al, model);
        return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory (mutex)");
    }
    model->limits.max_text = NERVE_DEFAULT_MAX_TEXT;
    model->limits.max_sentence_tokens = DEFAULT_SENTENCE_TOKENS;
    model->limits.max_rule_bytes = NERVE__RULES_MAX_SOURCE;
    model->limits.max_gazetteer_bytes = DEFAULT_MAX_GAZETTEER_BYTES;
    int rc = nerve__gazset_new(&model->al, &model->gaz);
    if (rc == NERVE_OK)
        rc = nerve__ruleset_new(&model->al, &model->rules);
    if (rc != NERVE_OK) {
        nerve_model_free(model);
        return nerve__error_set(err, rc, 0, "out of memory");
    }
    if (!(flags & NERVE_MODEL_EMPTY)) {
        const char *dir = data_dir ? data_dir : nerve_default_data_dir();
        model->data_dir = nerve__malloc(&model->al, strlen(dir) + 1);
        if (!model->data_dir) {
            nerve_model_free(model);
            return nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
        }
        memcpy(model->data_dir, dir, strlen(dir) + 1);
        rc = load_data_dir(model, dir, err);
        if (rc != NERVE_OK) {
            nerve_model_free(model);
            return rc;
        }
    } else {
        /* An empty model still tokenizes like the bundled one: it reads the
         * tokenizer lexicon of data_dir (else of the default data directory)
         * when that file is there, and has the empty lexicon when not. */
        const char *dir = data_dir ? data_dir : nerve_default_data_dir();
        nerve__buf path = {0};
        int kind = nerve__path_join(&model->al, &path, dir, "rules/tokenizer.tsv")
                       ? nerve__path_kind(path.v)
                       : -2;
        rc = kind == -2  ? nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory")
             : kind == 0 ? load_tok_lexicon(model, &path, dir, err)
                         : NERVE_OK;
        nerve__vec_free(&model->al, &path);
        if (rc != NERVE_OK) {
            nerve_model_free(model);
            return rc;
        }
    }
    *out = model;
    return NERVE_OK;
}

/* Index the office holders (people with a title) for role resolution. */
static int build_offices(nerve_model *model)
{
    size_t n = nerve__gazset_size(model->gaz);
    for (size_t i = 0; i < n; i++) {
        uint32_t cls;
        if (nerve__gaz_entry_type(model->gaz, (uint32_t)i, &cls) != NERVE_TYPE_PER)
            continue; /* decoded only for people: a pass over every entry at load */
        nerve__entry en;
        nerve__gaz_entry(model->gaz, (uint32_t)i, &en);
        if (en.type != NERVE_TYPE_PER || !en.title)
            continue;
        nerve__office o = {en.title, en.country, en.from, en.to, (uint32_t)i};
        if (nerve__vec_push(&model->al, &model->offices, o) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    return NERVE_OK;
}

static int freeze_locked(nerve_model *model, nerve_error *err)
{
    int rc = nerve__gazset_freeze(model->gaz, err);
    if (rc == NERVE_OK)
        rc = nerve__ruleset_compile(model->rules, model->gaz, err);
    if (rc == NERVE_OK) {
        static const char *const names[NERVE__CLS_COUNT_] = {"title",
                                                             "org_suffix",
                                                             "org_head",
                                                             "loc_suffix",
                                                             "misc_head",
                                                             "given_name",
                                                             "common_word",
                                                             "roman_numeral",
                                                             "function_word",
                                                             "modality_planned",
                                                             "modality_cancelled",
                                                             "modality_negated",
                                                             "modality_uncertain",
                                                             "clause_prep",
                                                             "clause_start",
                                                             "np_det",
                                                             "pronoun_person",
                                                             "pronoun_group",
                                                             "place_here",
                                                             "be_form",
                                                             "coordinator",
                                                             "aux_verb",
                                                             "group_noun",
                                                             "relative_pronoun",
                                                             "english_word",
                                                             "place_prefix",
                                                             "speech_verb",
                                                             "name_particle",
                                                             "org_connector",
                                                             "place_preposition",
                                                             "venue_preposition",
                                                             "toward_word",
                                                             "sport_word",
                                                             "score_word"};
        for (int c = 0; c < NERVE__CLS_COUNT_; c++)
            model->cls[c] = nerve__gaz_class_id(model->gaz, names[c]);
    }
    if (rc == NERVE_OK && build_offices(model) != NERVE_OK)
        rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
    return rc;
}

int nerve_model_freeze(nerve_model *model, nerve_error *err)
{
    if (!model)
        return nerve__error_set(err, NERVE_EINVAL, 0, "model is NULL");
    if (atomic_load_explicit(&model->frozen, memory_order_acquire))
        return NERVE_OK;
    /* Threads that lose the race wait here and then find the model frozen:
     * compiling twice at once corrupted the rule set's heap. */
    pthread_mutex_lock(&model->freeze_lock);
    int rc = NERVE_OK;
    if (!atomic_load_explicit(&model->frozen, memory_order_relaxed)) {
        rc = freeze_locked(model, err);
        if (rc == NERVE_OK)
            atomic_store_explicit(&model->frozen, 1, memory_order_release);
    }
    pthread_mutex_unlock(&model->freeze_lock);
    return rc;
}

void nerve_model_free(nerve_model *model)
{
    if (!model)
        return;
    nerve_allocator al = model->al;
    nerve__gazset_free(model->gaz);
    nerve__ruleset_free(model->rules);
    nerve__timex_lexicon_free(model->timex);
    nerve__tok_lexicon_free(model->toklex);
    nerve__mention_lexicon_free(model->mentions);
    nerve__syntax_close(&al, model->syntax);
    nerve__vec_free(&al, &model->offices);
    nerve__free(&al, model->data_dir);
    pthread_mutex_destroy(&model->freeze_lock);
    nerve__free(&al, model);
}

/* *field = value (0: dflt) when value <= max; 0 when it is out of range. */
static int set_size(size_t *field, uint64_t value, uint64_t max, size_t dflt)
{
    if (value > max)
        return 0;
    *field = value ? (size_t)value : dflt;
    return 1;
}

int nerve_model_set_limit(nerve_model *model, int limit, uint64_t value, nerve_error *err)
{
    int rc = ensure_unfrozen(model, err);
    if (rc != NERVE_OK)
        return rc;
    nerve__limits *lim = &model->limits;
    switch (limit) {
    case NERVE_LIMIT_MAX_TEXT:
        if (!set_size(&lim->max_text, value, NERVE_MAX_TEXT_LIMIT, NERVE_DEFAULT_MAX_TEXT))
            break;
        return NERVE_OK;
    case NERVE_LIMIT_SENTENCE_TOKENS:
        if (!set_size(&lim->max_sentence_tokens, value, 1000000, DEFAULT_SENTENCE_TOKENS))
            break;
        return NERVE_OK;
    case NERVE_LIMIT_RULE_BYTES:
        if (!set_size(&lim->max_rule_bytes, value, SIZE_MAX / 2, NERVE__RULES_MAX_SOURCE))
            break;
        nerve__ruleset_set_max_source(model->rules, lim->max_rule_bytes);
        return NERVE_OK;
    case NERVE_LIMIT_GAZETTEER_BYTES:
        if (!set_size(&lim->max_gazetteer_bytes, value, SIZE_MAX / 2, DEFAULT_MAX_GAZETTEER_BYTES))
            break;
        return NERVE_OK;
    case NERVE_LIMIT_MATCH:
    case NERVE_LIMIT_DEPTH:
        if (value > UINT32_MAX)
            break;
        if (limit == NERVE_LIMIT_MATCH)
            model->limits.match_limit = (uint32_t)value;
        else
            model->limits.depth_limit = (uint32_t)value;
        nerve__ruleset_set_limits(model->rules, model->limits.match_limit,
                                  model->limits.depth_limit);
        return NERVE_OK;
    default:
        return nerve__error_set(err, NERVE_EINVAL, 0, "unknown limit %d", limit);
    }
    static const char *const names[] = {"NERVE_LIMIT_MAX_TEXT",   "NERVE_LIMIT_SENTENCE_TOKENS",
                                        "NERVE_LIMIT_MATCH",      "NERVE_LIMIT_DEPTH",
                                        "NERVE_LIMIT_RULE_BYTES", "NERVE_LIMIT_GAZETTEER_BYTES"};
    return nerve__error_set(err, NERVE_EINVAL, 0, "%s: value %llu is out of range", names[limit],
                            (unsigned long long)value);
}

size_t nerve_model_gazetteer_size(const nerve_model *model)
{
    return model ? nerve__gazset_size(model->gaz) : 0;
}

size_t nerve_model_rule_count(const nerve_model *model)
{
    return model ? nerve__ruleset_count(model->rules) : 0;
}
