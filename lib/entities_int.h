/*
 * entities_int.h - what the mention stage (entities.c) and the document
 * linking stage (entities_link.c) share.
 */
#ifndef NERVE_ENTITIES_INT_H
#define NERVE_ENTITIES_INT_H

#include "internal.h"

/* Build the rule features of sentence sent_index into doc->rfeat from the
 * gazetteer matches (CLASS for lexicon words and subtypes; GAZ entity types
 * when with_gaz_types). *gi is a cursor into doc->gaz.m, advanced. */
int nerve__entities_sentence_features(nerve_doc *doc, size_t sent_index, size_t *gi,
                                      int with_gaz_types);

/* Run the rules of `kind` (NERVE__RULE_*) over sentence sent_index with the
 * features in doc->rfeat; matches land in doc->rmatches, limit hits are
 * counted in doc->limit_hits. *rs is the sentence view the matches refer to. */
int nerve__rules_run_sentence(nerve_doc *doc, size_t sent_index, int kind, nerve__rsent *rs);

/* Index of the first gazetteer match of the doc starting at or after token b
 * (matches are sorted by start): lets a stage look at one span's matches
 * without scanning the document. */
static inline size_t nerve__gaz_first_match_at(const nerve_doc *doc, size_t b)
{
    size_t lo = 0, hi = doc->gaz.m.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->gaz.m.v[mid].tok_begin < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Append a mention built from a candidate (and its gazetteer entry id). */
int nerve__entities_add_mention(nerve_doc *doc, const nerve__cand *c);

#endif
