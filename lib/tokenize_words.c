/*
 * tokenize_words.c - the closed-class words the tokenizer tests:
 * abbreviations with their sentence-boundary class, typical sentence
 * starters, hosts of "'s" contractions, line continuations and top-level
 * domains. Sorted tables, binary search, no allocation.
 */
#include "tokenize_int.h"

#include <stdlib.h>
#include <string.h>

#define AB_LOWER_OK 0x100 /* also recognized in lower case */

/* ------------------------------------------------------------------------ */
/* Closed-class lexicons                                                    */
/* ------------------------------------------------------------------------ */

typedef struct abbrev {
    const char *word; /* lower case, without the period; sorted */
    int cls;
} abbrev;

/* Sorted by strcmp. Matched case-insensitively; capitalized unless AB_LOWER_OK. */
static const abbrev abbrevs[] = {
    {"adm", AB_TITLE},
    {"ala", AB_OTHER},
    {"apr", AB_OTHER},
    {"approx", AB_OTHER | AB_LOWER_OK},
    {"ariz", AB_OTHER},
    {"ark", AB_OTHER},
    {"aug", AB_OTHER},
    {"ave", AB_OTHER},
    {"blvd", AB_OTHER},
    {"brig", AB_TITLE},
    {"bros", AB_OTHER},
    {"calif", AB_OTHER},
    {"capt", AB_TITLE},
    {"cmdr", AB_TITLE},
    {"co", AB_OTHER},
    {"col", AB_TITLE},
    {"colo", AB_OTHER},
    {"conn", AB_OTHER},
    {"corp", AB_OTHER},
    {"cpl", AB_TITLE},
    {"dec", AB_OTHER},
    {"dept", AB_OTHER},
    {"det", AB_TITLE},
    {"dr", AB_TITLE},
    {"etc", AB_OTHER | AB_LOWER_OK},
    {"feb", AB_OTHER},
    {"fla", AB_OTHER},
    {"fr", AB_TITLE},
    {"ft", AB_TITLE},
    {"ga", AB_OTHER},
    {"gen", AB_TITLE},
    {"gov", AB_TITLE},
    {"hon", AB_TITLE},
    {"inc", AB_OTHER},
    {"jan", AB_OTHER},
    {"jr", AB_OTHER},
    {"jul", AB_OTHER},
    {"jun", AB_OTHER},
    {"kan", AB_OTHER},
    {"ky", AB_OTHER},
    {"lt", AB_TITLE},
    {"ltd", AB_OTHER},
    {"maj", AB_TITLE},
    {"mar", AB_OTHER},
    {"mass", AB_OTHER},
    {"md", AB_OTHER},
    {"messrs", AB_TITLE},
    {"mich", AB_OTHER},
    {"minn", AB_OTHER},
    {"mr", AB_TITLE},
    {"mrs", AB_TITLE},
    {"ms", AB_TITLE},
    {"mt", AB_TITLE},
    {"neb", AB_OTHER},
    {"nev", AB_OTHER},
    {"no", AB_NUMBERED},
    {"nos", AB_NUMBERED},
    {"nov", AB_OTHER},
    {"oct", AB_OTHER},
    {"okla", AB_OTHER},
    {"ore", AB_OTHER},
    {"pa", AB_OTHER},
    {"prof", AB_TITLE},
    {"pvt", AB_TITLE},
    {"rep", AB_TITLE},
    {"reps", AB_TITLE},
    {"rev", AB_TITLE},
    {"sen", AB_TITLE},
    {"sens", AB_TITLE},
    {"sep", AB_OTHER},
    {"sept", AB_OTHER},
    {"sgt", AB_TITLE},
    {"sr", AB_OTHER},
    {"st", AB_OTHER},
    {"supt", AB_TITLE},
    {"tenn", AB_OTHER},
    {"tex", AB_OTHER},
    {"vs", AB_NEVER | AB_LOWER_OK},
    {"wash", AB_OTHER},
    {"wis", AB_OTHER},
    {"wyo", AB_OTHER},
};

/* Words that typically start a sentence (lower case, sorted). */
static const char *const starters[] = {
    "a",       "according", "after",   "all",     "also",      "although", "an",    "and",
    "another", "as",        "at",      "because", "before",    "both",     "but",   "by",
    "during",  "each",      "earlier", "even",    "every",     "for",      "from",  "he",
    "her",     "here",      "his",     "however", "i",         "if",       "in",    "it",
    "its",     "last",      "later",   "many",    "meanwhile", "more",     "most",  "my",
    "neither", "no",        "not",     "now",     "on",        "only",     "other", "our",
    "she",     "since",     "so",      "some",    "still",     "such",     "that",  "the",
    "their",   "then",      "there",   "these",   "they",      "this",     "those", "though",
    "to",      "under",     "until",   "we",      "what",      "when",     "where", "whether",
    "which",   "while",     "who",     "why",     "with",      "yet",      "you",
};

/* Hosts of "'s" contractions that stay one token (it's = it is). Sorted. */
static const char *const s_contractions[] = {
    "he", "here", "how", "it", "let", "she", "that", "there", "what", "when", "where", "who", "why",
};

/* Lower-case words after which a line break does not end a sentence. Sorted. */
static const char *const continuations[] = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
};

/* Top-level domains that join "name.tld" into one word (Amazon.com). Sorted. */
static const char *const tlds[] = {"com", "edu", "gov", "net", "org"};

static int cmp_str(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

static int cmp_abbrev(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const abbrev *)elem)->word);
}

/*
 * Lower-case s[0..n) (ASCII letters only) into buf (bufsize > n); returns 0
 * when the text is too long or has a byte that is not an ASCII letter.
 */
static int ascii_lower_word(const char *s, size_t n, char *buf, size_t bufsize)
{
    if (n == 0 || n >= bufsize)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (c < 'a' || c > 'z')
            return 0;
        buf[i] = (char)c;
    }
    buf[n] = '\0';
    return 1;
}

static int in_list(const char *const *list, size_t count, const char *s, size_t n)
{
    char buf[16];
    if (!ascii_lower_word(s, n, buf, sizeof buf))
        return 0;
    return bsearch(buf, list, count, sizeof *list, cmp_str) != NULL;
}

#define IN_LIST(list, s, n) in_list((list), sizeof(list) / sizeof(*(list)), (s), (n))

int nerve__tok_starter(const char *s, size_t n)
{
    return IN_LIST(starters, s, n);
}

int nerve__tok_s_contraction(const char *s, size_t n)
{
    return IN_LIST(s_contractions, s, n);
}

int nerve__tok_continuation(const char *s, size_t n)
{
    return IN_LIST(continuations, s, n);
}

int nerve__tok_tld(const char *s, size_t n)
{
    return IN_LIST(tlds, s, n);
}

/* Class of the abbreviation word s[0..n) (without the period), AB_NONE if none. */
int nerve__tok_abbrev(const char *s, size_t n)
{
    char buf[8];
    if (!ascii_lower_word(s, n, buf, sizeof buf))
        return AB_NONE;
    const abbrev *a =
        bsearch(buf, abbrevs, sizeof abbrevs / sizeof *abbrevs, sizeof *abbrevs, cmp_abbrev);
    if (!a)
        return AB_NONE;
    if (!(a->cls & AB_LOWER_OK) && !(s[0] >= 'A' && s[0] <= 'Z'))
        return AB_NONE;
    return a->cls & 0xFF;
}
