/* gazetteer.c - placeholder until the gazetteer module lands. */
#include "gazetteer.h"
#include "error.h"
struct nerve__gazset { const nerve_allocator *al; };
int nerve__gazset_new(const nerve_allocator *al, nerve__gazset **out) { *out = nerve__calloc(al, 1, sizeof **out); if (!*out) return NERVE_ENOMEM; (*out)->al = al; return NERVE_OK; }
void nerve__gazset_free(nerve__gazset *gs) { if (gs) nerve__free(gs->al, gs); }
int nerve__gazset_add_compiled(nerve__gazset *gs, const char *path, nerve_error *err) { (void)gs; (void)path; (void)err; return NERVE_OK; }
int nerve__gazset_add_tsv(nerve__gazset *gs, const char *path, nerve_error *err) { (void)gs; (void)path; (void)err; return NERVE_OK; }
int nerve__gazset_add_tsv_buffer(nerve__gazset *gs, const char *name, const char *src, size_t len, nerve_error *err) { (void)gs; (void)name; (void)src; (void)len; (void)err; return NERVE_OK; }
int nerve__gazset_freeze(nerve__gazset *gs, nerve_error *err) { (void)gs; (void)err; return NERVE_OK; }
int nerve__gaz_compile_dir(const nerve_allocator *al, const char *src_dir, const char *out_path, nerve_error *err) { (void)al; (void)src_dir; (void)out_path; (void)err; return NERVE_OK; }
size_t nerve__gazset_size(const nerve__gazset *gs) { (void)gs; return 0; }
void nerve__gaz_entry(const nerve__gazset *gs, uint32_t id, nerve__entry *out) { (void)gs; (void)id; (void)out; }
uint32_t nerve__gaz_class_id(const nerve__gazset *gs, const char *name) { (void)gs; (void)name; return UINT32_MAX; }
uint32_t nerve__gaz_class_count(const nerve__gazset *gs) { (void)gs; return 0; }
const char *nerve__gaz_class_name(const nerve__gazset *gs, uint32_t id) { (void)gs; (void)id; return NULL; }
int nerve__gaz_lookup(const nerve__gazset *gs, const nerve_allocator *al, const char *text, const nerve_token *tok, size_t ntok, nerve__gaz_matches *out) { (void)gs; (void)al; (void)text; (void)tok; (void)ntok; out->m.n = 0; out->ids.n = 0; return NERVE_OK; }
void nerve__gaz_matches_free(const nerve_allocator *al, nerve__gaz_matches *m) { nerve__vec_free(al, &m->m); nerve__vec_free(al, &m->ids); }
