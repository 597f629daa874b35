/* rules.c - placeholder until the rule language lands. */
#include "rules.h"
struct nerve__ruleset { const nerve_allocator *al; };
struct nerve__rules_scratch { const nerve_allocator *al; };
int nerve__ruleset_new(const nerve_allocator *al, nerve__ruleset **out) { *out = nerve__calloc(al, 1, sizeof **out); if (!*out) return NERVE_ENOMEM; (*out)->al = al; return NERVE_OK; }
void nerve__ruleset_free(nerve__ruleset *rs) { if (rs) nerve__free(rs->al, rs); }
int nerve__ruleset_add(nerve__ruleset *rs, const char *file, const char *src, size_t len, nerve_error *err) { (void)rs; (void)file; (void)src; (void)len; (void)err; return NERVE_OK; }
int nerve__ruleset_compile(nerve__ruleset *rs, const nerve__gazset *gs, nerve_error *err) { (void)rs; (void)gs; (void)err; return NERVE_OK; }
size_t nerve__ruleset_count(const nerve__ruleset *rs) { (void)rs; return 0; }
const nerve__rule_info *nerve__ruleset_rule(const nerve__ruleset *rs, uint32_t index) { (void)rs; (void)index; return NULL; }
const char *nerve__rules_capname(const nerve__ruleset *rs, uint32_t name) { (void)rs; (void)name; return NULL; }
const char *const *nerve__rules_event_roles(const nerve__ruleset *rs, const char *type) { (void)rs; (void)type; return NULL; }
int nerve__rules_scratch_new(const nerve__ruleset *rs, const nerve_allocator *al, nerve__rules_scratch **out) { (void)rs; *out = nerve__calloc(al, 1, sizeof **out); if (!*out) return NERVE_ENOMEM; (*out)->al = al; return NERVE_OK; }
void nerve__rules_scratch_free(nerve__rules_scratch *s) { if (s) nerve__free(s->al, s); }
int nerve__rules_match(const nerve__ruleset *rs, int kind, nerve__rules_scratch *s, const nerve__rsent *sent, nerve__rmatches *out) { (void)rs; (void)kind; (void)s; (void)sent; (void)out; return NERVE_OK; }
void nerve__rmatches_free(const nerve_allocator *al, nerve__rmatches *m) { nerve__vec_free(al, &m->m); nerve__vec_free(al, &m->caps); }
