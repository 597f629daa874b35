/*
 * utf8.h - UTF-8 validation, decoding, character classes and the normalized
 * matching key (NFKC + case fold + marks stripped). The only module that
 * includes utf8proc.h. Nothing here allocates except through the buffer it
 * is given.
 */
#ifndef NERVE_UTF8_H
#define NERVE_UTF8_H

#include "alloc.h"

#include <stddef.h>
#include <stdint.h>

/* Byte offset of the first invalid UTF-8 sequence in s[0..n), or n if valid. */
size_t nerve__utf8_first_invalid(const char *s, size_t n);

/*
 * Decode one code point at s[0..n) (n > 0). Returns the number of bytes used
 * (1..4); an invalid sequence decodes as U+FFFD and uses 1 byte.
 */
size_t nerve__utf8_decode(const char *s, size_t n, int32_t *cp);

/* Encode cp into out (4 bytes room); returns bytes written. */
size_t nerve__utf8_encode(int32_t cp, char *out);

/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t nerve__utf8_count(const char *s, size_t n);

/*
 * Like nerve__utf8_decode, but an invalid sequence sets *cp to -1 (and uses
 * 1 byte), so callers can tell a bad byte from a real U+FFFD in the text.
 */
size_t nerve__utf8_next(const char *s, size_t n, int32_t *cp);

/* Class bits of one code point, from one general category lookup. */
#define NERVE__CP_LETTER (1u << 0)   /* L* */
#define NERVE__CP_UPPER (1u << 1)    /* Lu, Lt */
#define NERVE__CP_LOWER (1u << 2)    /* Ll */
#define NERVE__CP_DIGIT (1u << 3)    /* Nd */
#define NERVE__CP_MARK (1u << 4)     /* Mn, Mc, Me */
#define NERVE__CP_SPACE (1u << 5)    /* see nerve__cp_is_space */
#define NERVE__CP_PUNCT (1u << 6)    /* P* */
#define NERVE__CP_SYMBOL (1u << 7)   /* S* */
#define NERVE__CP_FORMAT (1u << 8)   /* Cf */
#define NERVE__CP_NUMBER (1u << 9)   /* Nl, No (other numerals: Roman, fractions) */
#define NERVE__CP_CONTROL (1u << 10) /* Cc */
#define NERVE__CP_BREAK (1u << 11)   /* line breaks: LF, VT, FF, CR, NEL, LS, PS */

/* nerve__cp_class of the ASCII range, for inline fast paths. */
extern const uint16_t nerve__ascii_class[128];

/* NERVE__CP_* bits of cp; 0 for unassigned, private use, surrogates and out of range. */
uint32_t nerve__cp_class(int32_t cp);

/* Character classes, from the Unicode general category. */
int nerve__cp_is_letter(int32_t cp);
int nerve__cp_is_upper(int32_t cp);
int nerve__cp_is_lower(int32_t cp);
int nerve__cp_is_digit(int32_t cp);  /* Nd */
int nerve__cp_is_mark(int32_t cp);   /* Mn, Mc, Me */
int nerve__cp_is_space(int32_t cp);  /* Zs, Zl, Zp, and ASCII/Unicode line controls */
int nerve__cp_is_punct(int32_t cp);  /* P* */
int nerve__cp_is_symbol(int32_t cp); /* S* */
int nerve__cp_is_format(int32_t cp); /* Cf: ZWJ, ZWNJ, soft hyphen, BOM ... */

/*
 * Append the normalized key of s[0..n) to out: NFKC, case folded, combining
 * marks removed, typographic apostrophes and dashes mapped to ASCII. Does not
 * NUL-terminate. Returns NERVE_OK or NERVE_ENOMEM.
 */
int nerve__utf8_normalize(const nerve_allocator *al, nerve__buf *out, const char *s, size_t n);

#endif
