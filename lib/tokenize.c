/* tokenize.c - placeholder until the tokenizer lands. */
#include "tokenize.h"
int nerve__tokenize(const nerve_allocator *al, const char *text, size_t len, nerve__tokens *out) { (void)al; (void)text; (void)len; out->tok.n = 0; out->sent.n = 0; out->norm.n = 0; return NERVE_OK; }
void nerve__token_shape(const char *text, const nerve_token *tok, char *buf, size_t bufsize) { (void)text; (void)tok; if (bufsize) buf[0] = 0; }
void nerve__tokens_free(const nerve_allocator *al, nerve__tokens *t) { nerve__vec_free(al, &t->tok); nerve__vec_free(al, &t->sent); nerve__vec_free(al, &t->norm); }
