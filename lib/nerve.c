/*
 * nerve.c - small public entry points: version, type and modality names,
 * struct sizes. No algorithms here. (Status names are error.c's, gazetteer
 * compilation is gazetteer_tsv.c's.)
 */
#include "config.h"

#include "nerve.h"

uint32_t nerve_version(void)
{
    return NERVE_VERSION;
}

const char *nerve_version_string(void)
{
    return NERVE_VERSION_STRING;
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
