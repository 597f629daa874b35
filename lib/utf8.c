/*
 * utf8.c - UTF-8 validation and decoding, character classes and the
 * normalized matching key. The only file that includes utf8proc.h; utf8proc
 * is used only through calls that never allocate (utf8proc_category,
 * utf8proc_decompose_char, utf8proc_normalize_utf32).
 *
 * The key of a string is NFKC, case folded, with combining marks and default
 * ignorable code points (ZWJ, soft hyphen, BOM ...) removed, and with
 * typographic apostrophes (U+2018 U+2019 U+02BC U+2032) mapped to ' and
 * dashes (U+2010..U+2015, U+2212) mapped to -. ASCII bytes take a fast path
 * (lower-cased directly); runs of non-ASCII code points go through utf8proc.
 */
#include "utf8.h"

#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------------ */
/* Validation and decoding                                                  */
/* ------------------------------------------------------------------------ */

/* Length of the valid sequence at s[0..n) whose lead byte is >= 0x80, or 0. */
static size_t seq_len(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    if (b >= 0xC2 && b <= 0xDF) {
        return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    }
    if (b >= 0xE0 && b <= 0xEF) {
        if (n < 3)
            return 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b == 0xE0)
            lo = 0xA0; /* overlong */
        else if (b == 0xED)
            hi = 0x9F; /* surrogates */
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
            return 0;
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (n < 4)
            return 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b == 0xF0)
            lo = 0x90; /* overlong */
        else if (b == 0xF4)
            hi = 0x8F; /* > U+10FFFF */
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        return 4;
    }
    return 0; /* continuation byte, C0/C1 overlong lead, F5..FF */
}

size_t nerve__utf8_first_invalid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path, 8 bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = seq_len(p + i, n - i);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

size_t nerve__utf8_next(const char *s, size_t n, int32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char b = p[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t k = seq_len(p, n);
    switch (k) {
    case 2:
        *cp = ((int32_t)(b & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    case 3:
        *cp = ((int32_t)(b & 0x0F) << 12) | ((int32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        return 3;
    case 4:
        *cp = ((int32_t)(b & 0x07) << 18) | ((int32_t)(p[1] & 0x3F) << 12) |
              ((int32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        return 4;
    default:
        *cp = -1;
        return 1;
    }
}

size_t nerve__utf8_decode(const char *s, size_t n, int32_t *cp)
{
    size_t k = nerve__utf8_next(s, n, cp);
    if (*cp < 0)
        *cp = 0xFFFD;
    return k;
}

size_t nerve__utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    uint32_t c = (uint32_t)cp;
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (unsigned char)(0xC0 | (c >> 6));
        o[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (c >> 12));
        o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (c >> 18));
    o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

size_t nerve__utf8_count(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, count = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            count++;
            continue;
        }
        size_t k = seq_len(p + i, n - i);
        i += k ? k : 1;
        count++;
    }
    return count;
}

/* ------------------------------------------------------------------------ */
/* Character classes                                                        */
/* ------------------------------------------------------------------------ */

/* Classes of the ASCII range (what nerve__cp_class computes, as a table). */
#define L NERVE__CP_LETTER
#define UP NERVE__CP_UPPER
#define LO NERVE__CP_LOWER
#define DG NERVE__CP_DIGIT
#define SP NERVE__CP_SPACE
#define BR NERVE__CP_BREAK
#define CC NERVE__CP_CONTROL
#define PU NERVE__CP_PUNCT
#define SY NERVE__CP_SYMBOL /* $ + < = > ^ ` | ~ are S*; other ASCII punctuation is P* */
/* Eight code points per row. */
// clang-format off
const uint16_t nerve__ascii_class[128] = {
    CC, CC, CC, CC, CC, CC, CC, CC,
    CC, SP|CC, SP|BR|CC, SP|BR|CC, SP|BR|CC, SP|BR|CC, CC, CC,
    CC, CC, CC, CC, CC, CC, CC, CC,
    CC, CC, CC, CC, SP|CC, SP|CC, SP|CC, SP|CC,
    SP, PU, PU, PU, SY, PU, PU, PU,
    PU, PU, PU, SY, PU, PU, PU, PU,
    DG, DG, DG, DG, DG, DG, DG, DG,
    DG, DG, PU, PU, SY, SY, SY, PU,
    PU, L|UP, L|UP, L|UP, L|UP, L|UP, L|UP, L|UP,
    L|UP, L|UP, L|UP, L|UP, L|UP, L|UP, L|UP, L|UP,
    L|UP, L|UP, L|UP, L|UP, L|UP, L|UP, L|UP, L|UP,
    L|UP, L|UP, L|UP, PU, PU, PU, SY, PU,
    SY, L|LO, L|LO, L|LO, L|LO, L|LO, L|LO, L|LO,
    L|LO, L|LO, L|LO, L|LO, L|LO, L|LO, L|LO, L|LO,
    L|LO, L|LO, L|LO, L|LO, L|LO, L|LO, L|LO, L|LO,
    L|LO, L|LO, L|LO, PU, SY, PU, SY, CC,
};
// clang-format on
#undef L
#undef UP
#undef LO
#undef DG
#undef SP
#undef BR
#undef CC
#undef PU
#undef SY

uint32_t nerve__cp_class(int32_t cp)
{
    if (cp < 0x80)
        return cp < 0 ? 0 : nerve__ascii_class[cp];
    if (cp > 0x10FFFF)
        return 0;
    if (cp == 0x85)
        return NERVE__CP_SPACE | NERVE__CP_BREAK | NERVE__CP_CONTROL;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return NERVE__CP_LETTER | NERVE__CP_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return NERVE__CP_LETTER | NERVE__CP_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return NERVE__CP_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return NERVE__CP_MARK;
    case UTF8PROC_CATEGORY_ND:
        return NERVE__CP_DIGIT;
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return NERVE__CP_NUMBER;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return NERVE__CP_PUNCT;
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
        return NERVE__CP_SYMBOL;
    case UTF8PROC_CATEGORY_ZS:
        return NERVE__CP_SPACE;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return NERVE__CP_SPACE | NERVE__CP_BREAK;
    case UTF8PROC_CATEGORY_CC:
        return NERVE__CP_CONTROL;
    case UTF8PROC_CATEGORY_CF:
        return NERVE__CP_FORMAT;
    default: /* Cn, Co, Cs */
        return 0;
    }
}

int nerve__cp_is_letter(int32_t cp)
{
    return (nerve__cp_class(cp) & NERVE__CP_LETTER) != 0;
}

int nerve__cp_is_upper(int32_t cp)
{
    return (nerve__cp_class(cp) & NERVE__CP_UPPER) != 0;
}

int nerve__cp_is_lower(int32_t cp)
{
    return (nerve__cp_class(cp) & NERVE__CP_LOWER) != 0;
}

int nerve__cp_is_digit(int32_t cp)
{
    return (nerve__cp_class(cp) & NERVE__CP_DIGIT) != 0;
}

int nerve__cp_is_mark(int32_t cp)
{
    return (nerve__cp_class(cp) & NERVE__CP_MARK) != 0;
}

int nerve__cp_is_space(int32_t cp)
{
    return (nerve__cp_class(cp) & NERVE__CP_SPACE) != 0;
}

int nerve__cp_is_punct(int32_t cp)
{
    return (nerve__cp_class(cp) & NERVE__CP_PUNCT) != 0;
}

int nerve__cp_is_symbol(int32_t cp)
{
    return (nerve__cp_class(cp) & NERVE__CP_SYMBOL) != 0;
}

int nerve__cp_is_format(int32_t cp)
{
    return (nerve__cp_class(cp) & NERVE__CP_FORMAT) != 0;
}

/* ------------------------------------------------------------------------ */
/* Normalization                                                            */
/* ------------------------------------------------------------------------ */

#define NORM_OPTIONS                                                                               \
    (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |               \
     UTF8PROC_IGNORE)

/* Code points per batch handed to utf8proc; one decomposition is at most 18. */
#define NORM_BATCH 128
#define NORM_MAX_DECOMP 32

/* Typographic apostrophes and dashes become ASCII before anything else. */
static int32_t map_punct(int32_t cp)
{
    switch (cp) {
    case 0x2018: /* left single quotation mark */
    case 0x2019: /* right single quotation mark */
    case 0x02BC: /* modifier letter apostrophe */
    case 0x2032: /* prime */
        return '\'';
    case 0x2010: /* hyphen */
    case 0x2011: /* non-breaking hyphen */
    case 0x2012: /* figure dash */
    case 0x2013: /* en dash */
    case 0x2014: /* em dash */
    case 0x2015: /* horizontal bar */
    case 0x2212: /* minus sign */
        return '-';
    default:
        return cp;
    }
}

/*
 * Compose buf[0..*k) (NFKC's final step), append all but the last code point
 * to out (all of them when final), and keep the last one in buf[0] so that a
 * pair split across batches can still compose.
 */
static int flush_batch(const nerve_allocator *al, nerve__buf *out, int32_t *buf, size_t *k,
                       int final)
{
    if (*k == 0)
        return NERVE_OK;
    utf8proc_ssize_t m = utf8proc_normalize_utf32(buf, (utf8proc_ssize_t)*k, UTF8PROC_COMPOSE);
    if (m < 0)
        m = (utf8proc_ssize_t)*k; /* cannot happen for valid code points; keep them */
    size_t len = (size_t)m, emit = final ? len : len - 1;
    if (nerve__vec_reserve(al, out, out->n + emit * 4 + 1) != NERVE_OK)
        return NERVE_ENOMEM;
    for (size_t i = 0; i < emit; i++)
        out->n += nerve__utf8_encode(buf[i], out->v + out->n);
    if (final) {
        *k = 0;
    } else {
        buf[0] = buf[len - 1];
        *k = 1;
    }
    return NERVE_OK;
}

int nerve__utf8_normalize(const nerve_allocator *al, nerve__buf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII run: lower-case directly. */
        size_t j = i;
        while (j < n && p[j] < 0x80)
            j++;
        if (j > i) {
            if (nerve__vec_reserve(al, out, out->n + (j - i) + 1) != NERVE_OK)
                return NERVE_ENOMEM;
            char *o = out->v + out->n;
            for (size_t t = i; t < j; t++) {
                unsigned char c = p[t];
                o[t - i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            }
            out->n += j - i;
            i = j;
        }
        if (i >= n)
            break;
        /* Non-ASCII run: decompose per code point into a batch, then compose. */
        int32_t buf[NORM_BATCH + NORM_MAX_DECOMP];
        size_t k = 0;
        while (i < n && p[i] >= 0x80) {
            int32_t cp;
            i += nerve__utf8_decode(s + i, n - i, &cp);
            cp = map_punct(cp);
            if (cp < 0x80) {
                buf[k++] = cp;
            } else {
                utf8proc_ssize_t r = utf8proc_decompose_char(cp, buf + k, NORM_MAX_DECOMP,
                                                             (utf8proc_option_t)NORM_OPTIONS, NULL);
                if (r < 0 || r > NORM_MAX_DECOMP) {
                    buf[k++] = cp; /* not expected: keep the code point as is */
                } else {
                    k += (size_t)r;
                }
            }
            if (k >= NORM_BATCH && flush_batch(al, out, buf, &k, 0) != NERVE_OK)
                return NERVE_ENOMEM;
        }
        if (flush_batch(al, out, buf, &k, 1) != NERVE_OK)
            return NERVE_ENOMEM;
    }
    /* Keep the buffer NUL-terminated like nerve__buf_append does. */
    if (nerve__vec_reserve(al, out, out->n + 1) != NERVE_OK)
        return NERVE_ENOMEM;
    out->v[out->n] = '\0';
    return NERVE_OK;
}
