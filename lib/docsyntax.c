/*
 * docsyntax.c - the syntax stage on demand for the rules
 * (docsyntax.h): maps a rule sentence back to its document sentence and
 * tags or parses it in place, once.
 */
#include "docsyntax.h"

#include "internal.h"

int nerve__docsyntax_hook(void *ctx, const nerve__rsent *sent, int level)
{
    nerve_doc *doc = ctx;
    const nerve__syntax *m = doc->model->syntax;
    if (!m || !doc->syn || sent->ntok == 0)
        return NERVE_OK;
    size_t k = sent->tok[0].sentence;
    if (k >= doc->tokens.sent.n)
        return NERVE_OK;
    const nerve_sentence *s = &doc->tokens.sent.v[k];
    nerve_token *tok = doc->tokens.tok.v + s->token_begin;
    if (sent->tok != tok)
        return NERVE_OK; /* not the doc's tokens: nothing to write */
    return nerve__syntax_sentence(m, doc->syn, doc->text.v, tok, s->token_count, s->token_begin,
                                  level >= NERVE__RULES_NEED_PARSE);
}
