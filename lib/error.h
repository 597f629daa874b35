/*
 * error.h - filling the caller's optional nerve_error. Every failure in lib/
 * goes through nerve__error_set, which returns the code so callers can write
 * `return nerve__error_set(err, NERVE_EINVAL, ...)`.
 */
#ifndef NERVE_ERROR_H
#define NERVE_ERROR_H

#include "nerve.h"

#include <stdint.h>

int nerve__error_set(nerve_error *err, int code, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* For errors in a file: file name, 1-based line and column. */
int nerve__error_set_file(nerve_error *err, int code, const char *file, uint32_t line,
                          uint32_t column, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

#endif
