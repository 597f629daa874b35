/*
 * error.c - the status codes' names and texts (nerve_strerror, nerve_errname)
 * and filling the caller's optional nerve_error.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

static void fill(nerve_error *err, int code, const char *file, uint32_t line, uint32_t column,
                 size_t offset, const char *fmt, va_list ap)
{
    err->code = code;
    err->offset = offset;
    err->line = line;
    err->column = column;
    err->file[0] = '\0';
    if (file) {
        size_t n = strlen(file);
        if (n >= sizeof err->file)
            n = sizeof err->file - 1;
        memcpy(err->file, file, n);
        err->file[n] = '\0';
    }
    if (fmt)
        vsnprintf(err->message, sizeof err->message, fmt, ap);
    else
        snprintf(err->message, sizeof err->message, "%s", nerve_strerror(code));
}

int nerve__error_set(nerve_error *err, int code, size_t offset, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        fill(err, code, NULL, 0, 0, offset, fmt, ap);
        va_end(ap);
    }
    return code;
}

int nerve__error_set_file(nerve_error *err, int code, const char *file, uint32_t line,
                          uint32_t column, size_t offset, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        fill(err, code, file, line, column, offset, fmt, ap);
        va_end(ap);
    }
    return code;
}
