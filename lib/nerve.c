/*
 * nerve.c - small public entry points: version, status names, type names,
 * struct sizes, gazetteer compilation. No algorithms here.
 */
#include "config.h"

#include "error.h"
#include "gazetteer.h"
#include "internal.h"

#include <string.h>

uint32_t nerve_version(void)
{
    return NERVE_VERSION;
}

const char *nerve_version_string(void)
{
    return NERVE_VERSION_STRING;
}

const char *nerve_strerror(int code)
{
    switch (code) {
#define NERVE_X_TEXT(name, value, text)                                                            \
    case value:                                                                                    \
        return text;
        NERVE_STATUS_LIST(NERVE_X_TEXT)
#undef NERVE_X_TEXT
    default:
        return "unknown status code";
    }
}

const char *nerve_errname(int code)
{
    switch (code) {
#define NERVE_X_NAME(name, value, text)                                                            \
    case value:                                                                                    \
        return "NERVE_" #name;
        NERVE_STATUS_LIST(NERVE_X_NAME)
#undef NERVE_X_NAME
    default:
        return "NERVE_UNKNOWN";
    }
}

const char *nerve_type_name(int type)
{
    static const char *const names[NERVE_TYPE_COUNT_] = {"NONE", "PER",  "LOC",  "ORG",      "NORP",
                                                         "MISC", "DATE", "TIME", "DURATION", "SET"};
    if (type < 0 || type >= NERVE_TYPE_COUNT_)
        return "NONE";
    return names[type];
}

const char *nerve_modality_name(int modality)
{
    static const char *const names[] = {"asserted", "planned", "cancelled", "negated", "uncertain"};
    if (modality < 0 || modality > NERVE_MODALITY_UNCERTAIN)
        return "asserted";
    return names[modality];
}

size_t nerve_struct_size(int which)
{
    switch (which) {
    case NERVE_STRUCT_SPAN:
        return sizeof(nerve_span);
    case NERVE_STRUCT_SENTENCE:
        return sizeof(nerve_sentence);
    case NERVE_STRUCT_TOKEN:
        return sizeof(nerve_token);
    case NERVE_STRUCT_MENTION:
        return sizeof(nerve_mention);
    case NERVE_STRUCT_ENTITY:
        return sizeof(nerve_entity);
    case NERVE_STRUCT_EVENT:
        return sizeof(nerve_event);
    case NERVE_STRUCT_ARG:
        return sizeof(nerve_arg);
    case NERVE_STRUCT_ERROR:
        return sizeof(nerve_error);
    case NERVE_STRUCT_OPTIONS:
        return sizeof(nerve_options);
    default:
        return 0;
    }
}

int nerve_gazetteer_compile(const char *src_dir, const char *out_path, const nerve_allocator *alloc,
                            nerve_error *err)
{
    if (!src_dir || !out_path)
        return nerve__error_set(err, NERVE_EINVAL, 0, "source directory and output path required");
    nerve_allocator al;
    nerve__allocator_init(&al, alloc);
    return nerve__gaz_compile_dir(&al, src_dir, out_path, err);
}
