/* timex.c - placeholder until the temporal module lands. */
#include "timex.h"
#include <stdio.h>
struct nerve__timex_lexicon { const nerve_allocator *al; };
int nerve__date_parse(const char *s, nerve__date *out) { int y, m, d; char tail; if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31) return NERVE_EDATE; out->year = y; out->month = m; out->day = d; return NERVE_OK; }
int nerve__timex_lexicon_load(const nerve_allocator *al, const char *path, nerve__timex_lexicon **out, nerve_error *err) { (void)path; (void)err; *out = nerve__calloc(al, 1, sizeof **out); if (!*out) return NERVE_ENOMEM; (*out)->al = al; return NERVE_OK; }
int nerve__timex_lexicon_load_buffer(const nerve_allocator *al, const char *name, const char *src, size_t len, nerve__timex_lexicon **out, nerve_error *err) { (void)name; (void)src; (void)len; return nerve__timex_lexicon_load(al, NULL, out, err); }
void nerve__timex_lexicon_free(nerve__timex_lexicon *lx) { if (lx) nerve__free(lx->al, lx); }
int nerve__timex_find(const nerve__timex_lexicon *lx, const nerve_allocator *al, nerve__arena *arena, const char *text, const nerve_token *tok, size_t ntok, const nerve_sentence *sent, size_t nsent, const nerve__date *dct, nerve__mention_vec *out) { (void)lx; (void)al; (void)arena; (void)text; (void)tok; (void)ntok; (void)sent; (void)nsent; (void)dct; (void)out; return NERVE_OK; }
