/*
 * docsyntax.h - the syntax stage on demand for the rules: the callback a
 * document's rule scratch calls when a rule needs a sentence's tags
 * (`[pos=...]`) or its parse (relation clauses), so that only the sentences
 * such rules can match are tagged and parsed.
 */
#ifndef NERVE_DOCSYNTAX_H
#define NERVE_DOCSYNTAX_H

#include "rules.h"

/* nerve__rules_syntax_fn over a nerve_doc (ctx): tags, and at level
 * NERVE__RULES_NEED_PARSE parses, the doc's sentence that sent lies in.
 * Without a syntax model it does nothing (such rules then never match). */
int nerve__docsyntax_hook(void *ctx, const nerve__rsent *sent, int level);

#endif
