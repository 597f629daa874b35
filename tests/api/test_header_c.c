/*
 * test_header_c.c - nerve.h compiles as strict ISO C11 (-std=c11
 * -pedantic-errors, no POSIX or GNU extensions) with every warning the
 * project enables, and nothing else is needed to use it.
 */
#include <nerve.h>

#include <stdio.h>
#include <string.h>

/* Every public name is usable from strict C. */
static const nerve_format FORMATS[] = {NERVE_FORMAT_JSON, NERVE_FORMAT_PRETTY, NERVE_FORMAT_CONLL,
                                       NERVE_FORMAT_BRAT, NERVE_FORMAT_HTML};
static const nerve_modality MODALITY = NERVE_MODALITY_UNCERTAIN;
static const nerve_type TYPE = NERVE_TYPE_SET;
static const nerve_status STATUS = NERVE_EWRITE;

int main(void)
{
    nerve_allocator al = {0};
    nerve_span span = {0};
    nerve_sentence sentence = {0};
    nerve_token token = {0};
    nerve_mention mention = {0};
    nerve_entity entity = {0};
    nerve_event event = {0};
    nerve_arg arg = {0};
    nerve_error err = {0};
    nerve_options opts = {0};
    nerve_write_fn fn = 0;
    (void)al, (void)span, (void)sentence, (void)token, (void)mention, (void)entity;
    (void)event, (void)arg, (void)opts, (void)fn;
    if (nerve_struct_size(NERVE_STRUCT_ERROR) != sizeof err ||
        nerve_struct_size(NERVE_STRUCT_OPTIONS) != sizeof opts ||
        nerve_struct_size(NERVE_STRUCT_TOKEN) != sizeof token) {
        fputs("struct sizes differ between this compilation and the library\n", stderr);
        return 1;
    }
    /* 32-bit offsets and indices: no padding in the token, the array the
     * library keeps one of per token (48 bytes on LP64; it was 80). */
    if (sizeof(void *) == 8 &&
        (sizeof token != 48 || sizeof span != 16 || sizeof mention != 104 || sizeof entity != 64)) {
        fprintf(stderr,
                "sizeof nerve_token %zu, nerve_span %zu, nerve_mention %zu, nerve_entity %zu\n",
                sizeof token, sizeof span, sizeof mention, sizeof entity);
        return 1;
    }
    int formats = 0;
    for (size_t i = 0; i < sizeof FORMATS / sizeof *FORMATS; i++)
        formats += (int)FORMATS[i];
    if (NERVE_NONE != 0xffffffffu || NERVE_MAX_TEXT_LIMIT >= NERVE_NONE || formats != 10 ||
        (int)MODALITY != 4 || (int)TYPE != 9 || STATUS != NERVE_EWRITE ||
        NERVE_DEFAULT_MAX_TEXT == 0 || (NERVE_OPT_ALL_ & NERVE_OPT_TOKENS_ONLY) == 0 ||
        (NERVE_TOK_CLOSE_QUOTE >> 10) != 1u)
        return 1;
    if (strcmp(nerve_errname(NERVE_ENOMEM), "NERVE_ENOMEM") != 0)
        return 1;
    puts("ok - nerve.h compiles as C11 with -pedantic-errors");
    return 0;
}
