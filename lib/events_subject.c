/*
 * events_subject.c - who a clause is about, read on the surface (step 3 of
 * events.c): whether a mention can stand as a subject, the subject of a
 * trigger's clause, a subject phrase that names no entity ("gunmen"), the
 * antecedent of a personal pronoun, a role nominal or a sentence-opening
 * "they", and the genders of people that pronouns agree with. The syntax
 * layer's relations will replace parts of this.
 */
#include "events_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_capword_tok(const nerve_token *t)
{
    return t->kind == NERVE_TOKEN_WORD && (t->flags & NERVE_TOK_CAPITALIZED) &&
           !(t->flags & NERVE_TOK_SENT_START);
}

/* The clause word before a participle that opens the trigger's phrase
 * ("before travelling", "before starting negotiations"): the participle is
 * the trigger or one of the three words before it, after a clause word not
 * at the sentence start. Its index, or NERVE_NONE. */
size_t nerve__events_participle_at(const nerve__view *in, size_t sent, size_t trig_b)
{
    const nerve_model *m = in->model;
    size_t first = in->sent[sent].token_begin;
    for (size_t t = trig_b; t > first + 1 && trig_b - t <= 3; t--) {
        const nerve_token *w = &in->tok[t];
        if (w->kind != NERVE_TOKEN_WORD)
            return NERVE_NONE;
        if (w->norm_len > 4 && memcmp(w->norm + w->norm_len - 3, "ing", 3) == 0 &&
            (nerve__events_tok_in_class(in, t - 1, m->cls[NERVE__CLS_CLAUSE_PREP]) ||
             nerve__events_tok_in_class(in, t - 1, m->cls[NERVE__CLS_CLAUSE_START])))
            return t - 1;
    }
    return NERVE_NONE;
}

/*
 * Can the noun phrase that ends with the mention [mb, me) be the subject of
 * a clause? Read on the surface: step back over what premodifies a name
 * (determiners, capitalized title words, a nationality or place before it:
 * "U.S. Treasury Secretary James Baker"), then look at the word before the
 * phrase: the sentence start, punctuation, a clause word (and, that, who,
 * said ...) or a date may precede a subject; a preposition makes it the
 * object of a phrase, any other word (a verb) makes it an object. A name
 * followed by 's modifies the next noun and is not the subject either.
 */
/* Where the noun phrase that ends with a name at mb starts: back over
 * determiners, title words and a nationality or place before it. */
static size_t phrase_start(const ev_state *st, size_t first, size_t mlo, size_t mb)
{
    const nerve__view *in = st->in;
    const nerve_model *m = in->model;
    const nerve_token *tok = in->tok;
    size_t p = mb;
    while (p > first) {
        const nerve_token *t = &tok[p - 1];
        size_t mp = nerve__events_mention_at(in, mlo, p - 1);
        if (mp != NERVE_NONE && in->ment[mp].type != NERVE_TYPE_DATE &&
            in->ment[mp].type != NERVE_TYPE_TIME && in->ment[mp].type != NERVE_TYPE_PER) {
            p = in->ment[mp].token_begin; /* "U.S." in "U.S. Treasury Secretary" */
            continue;
        }
        if (t->kind == NERVE_TOKEN_WORD && mp == NERVE_NONE &&
            ((t->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)) &&
             !nerve__events_word_in_class(st, p - 1, m->cls[NERVE__CLS_CLAUSE_START]) &&
             !nerve__events_word_in_class(st, p - 1, m->cls[NERVE__CLS_CLAUSE_PREP]))) {
            p--; /* a title word: "Foreign Secretary" */
            continue;
        }
        if (nerve__events_word_in_class(st, p - 1, m->cls[NERVE__CLS_NP_DET]) ||
            nerve__events_tok_in_title(in, p - 1) || (t->flags & NERVE_TOK_POSSESSIVE)) {
            p--;
            continue;
        }
        break;
    }
    return p;
}

static int subject_like(const ev_state *st, size_t first, size_t mlo, size_t mb, size_t me,
                        size_t end)
{
    const nerve__view *in = st->in;
    const nerve_model *m = in->model;
    const nerve_token *tok = in->tok;
    if (me < end && (tok[me].flags & NERVE_TOK_POSSESSIVE))
        return 0;
    size_t p = phrase_start(st, first, mlo, mb);
    if (p == first)
        return 1;
    const nerve_token *t = &tok[p - 1];
    size_t mp = nerve__events_mention_at(in, mlo, p - 1);
    if (mp != NERVE_NONE)
        return in->ment[mp].type == NERVE_TYPE_DATE || in->ment[mp].type == NERVE_TYPE_TIME;
    if (t->kind == NERVE_TOKEN_PUNCT)
        return !is_punct(t, '\'') && !is_punct(t, '/') && !is_punct(t, '(');
    if (nerve__events_word_in_class(st, p - 1, m->cls[NERVE__CLS_CLAUSE_PREP]))
        return 0;
    return nerve__events_word_in_class(st, p - 1, m->cls[NERVE__CLS_CLAUSE_START]);
}

size_t nerve__events_mention_after_prep(const ev_state *st, size_t k)
{
    const nerve__view *in = st->in;
    const nerve_mention *mm = &in->ment[k];
    size_t first = in->sent[mm->sentence].token_begin;
    size_t p =
        phrase_start(st, first, nerve__events_first_mention(in, mm->sentence), mm->token_begin);
    return p > first &&
                   nerve__events_word_in_class(st, p - 1, in->model->cls[NERVE__CLS_CLAUSE_PREP])
               ? p - 1
               : NERVE_NONE;
}

enum { SUBJECT_REACH = 40, ANTECEDENT_SENTENCES = 4 };

/* The gender a given name at token t gives its person: 'm', 'f', or 0 when
 * no name or the lists disagree. */
static char token_gender(const nerve__view *in, size_t t)
{
    const nerve_model *m = in->model;
    uint32_t cls = m->cls[NERVE__CLS_GIVEN_NAME];
    char g = 0;
    if (cls == UINT32_MAX)
        return 0;
    for (size_t k = nerve__gaz_first_match_at(in->gaz, in->ngaz, t);
         k < in->ngaz && in->gaz[k].tok_begin == t; k++) {
        const nerve__gaz_match *gm = &in->gaz[k];
        if (gm->tok_end != t + 1)
            continue;
        for (uint32_t j = 0; j < gm->count; j++) {
            nerve__entry en;
            nerve__gaz_entry(m->gaz, in->gaz_ids[gm->first + j], &en);
            if (en.type != NERVE__TYPE_LEX || en.subtype_class != cls || !en.value ||
                (en.value[0] != 'm' && en.value[0] != 'f'))
                continue;
            if (g && g != en.value[0])
                return 0;
            g = en.value[0];
        }
    }
    return g;
}

/* Each person entity's gender: the given name that opens one of its
 * mentions ("Ana Ruiz" ... "Ruiz" is a woman), unless they disagree. */
int nerve__events_entity_genders(ev_state *st)
{
    const nerve__view *in = st->in;
    if (in->nent == 0)
        return NERVE_OK;
    st->gender = nerve__calloc(st->al, in->nent, 1);
    if (!st->gender)
        return NERVE_ENOMEM;
    for (size_t k = 0; k < in->nment; k++) {
        const nerve_mention *mm = &in->ment[k];
        if (mm->type != NERVE_TYPE_PER || mm->entity == NERVE_NONE || mm->entity >= in->nent ||
            mm->token_end - mm->token_begin < 2)
            continue; /* a lone word is a surname as often as a given name */
        char g = token_gender(in, mm->token_begin);
        char *eg = &st->gender[mm->entity];
        if (g && *eg != 'x')
            *eg = *eg && *eg != g ? 'x' : g;
    }
    for (size_t e = 0; e < in->nent; e++)
        if (st->gender[e] == 'x')
            st->gender[e] = 0;
    return NERVE_OK;
}

/* Does the person of mention k go with the pronoun at token t (he/his: a
 * man, she/her: a woman; unknown genders go with both)? *known is set when
 * both genders are known and agree. */
static int gender_agrees(const ev_state *st, size_t t, size_t k, int *known)
{
    const nerve__view *in = st->in;
    char want = nerve__events_tok_in_class(in, t, st->cls_male)     ? 'm'
                : nerve__events_tok_in_class(in, t, st->cls_female) ? 'f'
                                                                    : 0;
    size_t e = in->ment[k].entity;
    char have = st->gender && e != NERVE_NONE && e < in->nent ? st->gender[e] : 0;
    *known = want && have && want == have;
    return !want || !have || want == have;
}

/* Is there a paragraph break (an empty line) between sentences a < b? */
static int paragraph_between(const nerve__view *in, size_t a, size_t b)
{
    size_t from = in->tok[in->sent[a].token_begin + in->sent[a].token_count - 1].span.end;
    size_t to = in->tok[in->sent[b].token_begin].span.start;
    int lines = 0;
    for (size_t i = from; i < to && i < in->text_len; i++) {
        if (in->text[i] == '\n' && ++lines == 2)
            return 1;
        if (in->text[i] != '\n' && in->text[i] != ' ' && in->text[i] != '\t' && in->text[i] != '\r')
            lines = 0;
    }
    return 0;
}

/* The antecedent of a personal pronoun at token t: the subject of its
 * sentence before it, else of the nearest of the few sentences before that
 * has a person as subject (the leftmost person standing as a subject: the
 * main clause's, not a listed object's), skipping people of the other
 * gender; across a paragraph break only a person whose gender is known to
 * agree. */
size_t nerve__events_antecedent_of(const ev_state *st, size_t t)
{
    const nerve__view *in = st->in;
    size_t s = in->tok[t].sentence;
    int paragraph = 0;
    for (size_t back = 0; back <= ANTECEDENT_SENTENCES && back <= s; back++) {
        size_t cs = s - back;
        if (back > 0 && !paragraph)
            paragraph = paragraph_between(in, cs, cs + 1);
        const nerve_sentence *se = &in->sent[cs];
        size_t mlo = nerve__events_first_mention(in, cs);
        for (size_t k = mlo; k < in->nment && in->ment[k].sentence == cs; k++) {
            const nerve_mention *mm = &in->ment[k];
            if (mm->token_end > t)
                break;
            int known = 0;
            if (mm->type == NERVE_TYPE_PER &&
                subject_like(st, se->token_begin, mlo, mm->token_begin, mm->token_end,
                             se->token_begin + se->token_count) &&
                gender_agrees(st, t, k, &known) && (!paragraph || known))
                return k;
        }
    }
    /* no subject agrees: the latest person whose gender is known to agree
     * ("Bruni received Ana Ruiz. She then flew to Quito.") */
    size_t lo =
        nerve__events_first_mention(in, s >= ANTECEDENT_SENTENCES ? s - ANTECEDENT_SENTENCES : 0);
    for (size_t k = nerve__events_first_mention(in, s + 1); k-- > lo;) {
        const nerve_mention *mm = &in->ment[k];
        int known = 0;
        if (mm->token_end <= t && mm->type == NERVE_TYPE_PER && gender_agrees(st, t, k, &known) &&
            known)
            return k;
    }
    return NERVE_NONE;
}

/* The person a role nominal ("the Chancellor", "the minister") at token t
 * stands for: the latest person before it, within the few sentences before,
 * whose title has that word. */
static size_t titled_person(const nerve__view *in, size_t t)
{
    const nerve_token *w = &in->tok[t];
    size_t s = w->sentence;
    size_t lo =
        nerve__events_first_mention(in, s >= ANTECEDENT_SENTENCES ? s - ANTECEDENT_SENTENCES : 0);
    for (size_t k = nerve__events_first_mention(in, s + 1); k-- > lo;) {
        const nerve_mention *mm = &in->ment[k];
        if (mm->token_end > t || mm->type != NERVE_TYPE_PER || !mm->title)
            continue;
        for (const char *p = mm->title; *p; p++) /* a word of the title, caselessly */
            if ((p == mm->title || p[-1] == ' ') && strncasecmp(p, w->norm, w->norm_len) == 0 &&
                (p[w->norm_len] == '\0' || p[w->norm_len] == ' '))
                return k;
    }
    return NERVE_NONE;
}

static int subject_type(const nerve_mention *mm)
{
    if (news_source(mm))
        return 0;
    return actor_type(mm->type) ||
           (mm->type == NERVE_TYPE_LOC && mm->subtype && strcmp(mm->subtype, "country") == 0);
}

/* Does a role of e already hold mention k's entity (or k itself)? */
int nerve__events_holds(const ev_state *st, const ev_tmp *e, size_t k)
{
    size_t ek = mention_entity(st->in, k);
    for (size_t i = 0; i < e->arg_count; i++) {
        size_t a = st->args.v[e->arg_first + i].mention;
        if (a == NERVE_NONE)
            continue;
        if (a == k || (ek != NERVE_NONE && mention_entity(st->in, a) == ek))
            return 1;
    }
    return 0;
}

/* Is the trigger a passive participle ("was attacked", "were received")? Its
 * subject is then the patient, not the actor. */
int nerve__events_passive_trigger(const nerve__view *in, const ev_tmp *e)
{
    const nerve_token *tok = in->tok;
    size_t first = in->sent[e->sentence].token_begin;
    if (e->trig_b == first ||
        !nerve__events_tok_in_class(in, e->trig_b - 1, in->model->cls[NERVE__CLS_BE_FORM]))
        return 0;
    const nerve_token *t = &tok[e->trig_b];
    return !(t->norm_len > 3 && memcmp(t->norm + t->norm_len - 3, "ing", 3) == 0);
}

/* Does a common noun stand right before the auxiliaries of e's trigger
 * ("a shipment will leave", "the talks were held"): a subject that names
 * no entity? (A title, a determiner, a clause word or "it" is no such
 * noun: "X said it has signed" is X's signing.) */
static int common_noun_subject(const ev_state *st, const ev_tmp *e)
{
    const nerve__view *in = st->in;
    const uint32_t *cls = in->model->cls;
    size_t first = in->sent[e->sentence].token_begin, t = e->trig_b, aux = 0;
    while (t > first && (nerve__events_tok_in_class(in, t - 1, cls[NERVE__CLS_AUX_VERB]) ||
                         nerve__events_tok_in_class(in, t - 1, cls[NERVE__CLS_BE_FORM]))) {
        t--;
        aux++;
    }
    if (!aux || t == first)
        return 0;
    const nerve_token *w = &in->tok[t - 1];
    const uint32_t not_noun[] = {cls[NERVE__CLS_NP_DET],           cls[NERVE__CLS_CLAUSE_PREP],
                                 cls[NERVE__CLS_CLAUSE_START],     cls[NERVE__CLS_COORDINATOR],
                                 cls[NERVE__CLS_PRONOUN_PERSON],   cls[NERVE__CLS_PRONOUN_GROUP],
                                 cls[NERVE__CLS_RELATIVE_PRONOUN], cls[NERVE__CLS_TITLE]};
    if (w->kind != NERVE_TOKEN_WORD || (w->flags & (NERVE_TOK_CAPITALIZED | NERVE_TOK_ALLCAPS)) ||
        nerve__events_mention_at(in, nerve__events_first_mention(in, e->sentence), t - 1) !=
            NERVE_NONE)
        return 0;
    for (size_t c = 0; c < sizeof not_noun / sizeof *not_noun; c++)
        if (nerve__events_word_in_class(st, t - 1, not_noun[c]))
            return 0;
    return !nerve__events_word_in_class(st, t - 1, st->cls_pron_thing);
}

/*
 * The subject of the clause of e's trigger, read on the surface: the
 * nearest actor before the trigger, in the sentence, that can stand as a
 * subject (subject_like), or a personal pronoun there resolved to its
 * antecedent. Appositions and relative clauses between the subject and the
 * trigger ("Smith, the envoy, met"; "Smith, who arrived on Sunday, met")
 * are passed over because their mentions follow a comma or a verb. The
 * syntax layer will replace this with the parse's nsubj.
 */
size_t nerve__events_subject_of(const ev_state *st, const ev_tmp *e, size_t *via)
{
    const nerve__view *in = st->in;
    const nerve_model *m = in->model;
    const nerve_token *tok = in->tok;
    const nerve_sentence *se = &in->sent[e->sentence];
    size_t first = se->token_begin, end = first + se->token_count;
    size_t mlo = nerve__events_first_mention(in, e->sentence);
    size_t lim = e->trig_b > first + SUBJECT_REACH ? e->trig_b - SUBJECT_REACH : first;
    size_t t = e->trig_b;
    int opener = 1;            /* only prepositional or participial words so far */
    size_t thing = NERVE_NONE; /* an "it" passed, the clause's subject */
    int np_subject = common_noun_subject(st, e);
    /* a type whose records hold a place among their key roles (a visit) is
     * a journey: countries do not travel ("..., the EC and Thailand, and
     * leaves for Indonesia"), people and bodies do */
    int journey = 0;
    for (const char *const *kr = nerve__rules_event_keys(m->rules, e->info->label); kr && *kr; kr++)
        journey |= strcmp(*kr, "where") == 0;
    /* "X will brief A, B and C before travelling to Europe": the subject of
     * a participle after a clause word is the sentence's subject, the
     * first that can stand as one before the clause word, not the object
     * nearest to it */
    /* "... since Friday when an attack on a port damaged a ship": a noun
     * trigger with its determiner right after a clause word is that
     * clause's subject itself; nothing before it is its actor */
    if (e->trig_b >= first + 3 &&
        nerve__events_word_in_class(st, e->trig_b - 1, m->cls[NERVE__CLS_NP_DET]) &&
        nerve__events_tok_in_class(in, e->trig_b - 2, m->cls[NERVE__CLS_CLAUSE_START]) &&
        !is_punct(&tok[e->trig_b - 3], ','))
        return NERVE_NONE;
    size_t pb = nerve__events_participle_at(in, e->sentence, e->trig_b);
    if (pb != NERVE_NONE) {
        /* the first such mention that a verb follows, not a list's comma
         * ("After travelling to France, Germany and Italy, Funaro hopes");
         * failing that, the first */
        size_t any = NERVE_NONE;
        for (size_t k = mlo; k < in->nment && in->ment[k].token_end < pb; k++) {
            const nerve_mention *mm = &in->ment[k];
            if (mm->sentence != e->sentence)
                break;
            if (!subject_type(mm) ||
                !subject_like(st, first, mlo, mm->token_begin, mm->token_end, end))
                continue;
            const nerve_token *nx = &tok[mm->token_end];
            int listed =
                is_punct(nx, ',') ||
                nerve__events_tok_in_class(in, mm->token_end, m->cls[NERVE__CLS_COORDINATOR]);
            if (any == NERVE_NONE)
                any = k;
            if (!listed) {
                any = k;
                break;
            }
        }
        if (any != NERVE_NONE) {
            size_t p = nerve__events_phrase_person(in, any);
            return nerve__events_holds(st, e, p) ? NERVE_NONE : p;
        }
    }
    while (t-- > lim) {
        if (is_punct(&tok[t], ';'))
            return NERVE_NONE;
        /* "X said a first shipment will leave for Y": the reported clause
         * has a subject of its own, which names no entity; the speaker is
         * not it */
        if (np_subject && nerve__events_tok_in_class(in, t, m->cls[NERVE__CLS_SPEECH_VERB]))
            return NERVE_NONE;
        /* "it" stands for the speaker right before it ("X said (that) it
         * has signed"); a speech verb further back reports another clause
         * ("Brandt said investors had ... the view that it should stay") */
        if (thing != NERVE_NONE && thing > t + 2 &&
            nerve__events_tok_in_class(in, t, m->cls[NERVE__CLS_SPEECH_VERB])) {
            *via = thing; /* a subject, unresolved: nothing else is the actor */
            return NERVE_NONE;
        }
        /* "the paper said Dome broke off talks with X": a capitalized word
         * that names nothing the stage knows stands between the speech verb
         * and the trigger: it is the reported clause's subject, and the
         * speaker is not */
        if (nerve__events_tok_in_class(in, t, m->cls[NERVE__CLS_SPEECH_VERB]))
            for (size_t u = t + 1; u < e->trig_b; u++)
                if (is_capword_tok(&tok[u]) && nerve__events_mention_at(in, mlo, u) == NERVE_NONE &&
                    !nerve__events_tok_in_title(in, u))
                    return NERVE_NONE;
        size_t k = nerve__events_mention_at(in, mlo, t);
        if (k != NERVE_NONE) {
            const nerve_mention *mm = &in->ment[k];
            if (subject_type(mm) && k != st->dateline && !(mm->type == NERVE_TYPE_LOC && journey) &&
                subject_like(st, first, mlo, mm->token_begin, mm->token_end, end)) {
                size_t p = nerve__events_phrase_person(in, k); /* "Soviet deputy premier X" */
                if (!nerve__events_holds(st, e, p))
                    return p;
            }
            t = mm->token_begin; /* the loop steps before the mention */
            if (mm->type != NERVE_TYPE_DATE && mm->type != NERVE_TYPE_TIME &&
                mm->type != NERVE_TYPE_DURATION)
                opener = 0;
            continue;
        }
        if (nerve__events_word_in_class(st, t, st->cls_pron_thing)) {
            /* "X said it has signed", "X hopes it will sign": "it" is the
             * body or country of the clause right before it */
            thing = t;
            opener = 0;
        }
        if (nerve__events_tok_in_class(in, t, m->cls[NERVE__CLS_PRONOUN_PERSON]) &&
            subject_like(st, first, mlo, t, t + 1, end)) {
            size_t a = nerve__events_antecedent_of(st, t);
            if (a == NERVE_NONE || nerve__events_holds(st, e, a))
                return NERVE_NONE;
            *via = t;
            return a;
        }
        if (t >= first + 2 &&
            nerve__events_tok_in_class(in, t, m->cls[NERVE__CLS_RELATIVE_PRONOUN]) &&
            is_punct(&tok[t - 1], ',')) {
            /* "Akiman, who arrived from a meeting with X": the name before the comma */
            size_t k2 = nerve__events_mention_at(in, mlo, t - 2);
            if (k2 != NERVE_NONE && subject_type(&in->ment[k2]) && !nerve__events_holds(st, e, k2))
                return nerve__events_phrase_person(in, k2);
        }
        if (t > first && nerve__events_tok_in_class(in, t, m->cls[NERVE__CLS_TITLE]) &&
            nerve__events_word_in_class(st, t - 1, m->cls[NERVE__CLS_NP_DET]) &&
            subject_like(st, first, mlo, t - 1, t + 1, end)) {
            size_t a = titled_person(in, t); /* "the Chancellor had emphasised in talks" */
            if (a != NERVE_NONE && !nerve__events_holds(st, e, a))
                return a;
        }
        if (tok[t].kind == NERVE_TOKEN_PUNCT && !is_punct(&tok[t], '-'))
            opener = 0;
    }
    if (!opener)
        return NERVE_NONE;
    /* An opening phrase: "After an hour-long meeting with Aquino, Shultz
     * said": the subject follows the comma that closes it. */
    for (t = e->trig_e; t < end && t < e->trig_e + SUBJECT_REACH; t++) {
        if (!is_punct(&tok[t], ','))
            continue;
        size_t after = nerve__events_mention_at(in, mlo, t + 1 < end ? t + 1 : t);
        if (after != NERVE_NONE) {
            size_t ae = in->ment[after].token_end;
            if (ae < end && (is_punct(&tok[ae], ',') ||
                             nerve__events_tok_in_class(in, ae, m->cls[NERVE__CLS_COORDINATOR])))
                continue; /* a list of the opening phrase: "to France, Germany and Italy" */
        }
        size_t p = t + 1;
        while (p < end && tok[p].kind == NERVE_TOKEN_WORD &&
               (nerve__events_tok_in_class(in, p, m->cls[NERVE__CLS_NP_DET]) ||
                nerve__events_tok_in_title(in, p)) &&
               nerve__events_mention_at(in, mlo, p) == NERVE_NONE)
            p++;
        size_t k = p < end ? nerve__events_mention_at(in, mlo, p) : NERVE_NONE;
        if (k != NERVE_NONE && in->ment[k].type == NERVE_TYPE_NORP)
            k = nerve__events_phrase_person(in, k);
        if (k != NERVE_NONE && subject_type(&in->ment[k]) && !nerve__events_holds(st, e, k))
            return k;
        if (p < end && nerve__events_tok_in_class(in, p, m->cls[NERVE__CLS_PRONOUN_PERSON])) {
            *via = p;
            return nerve__events_antecedent_of(st, p);
        }
        return NERVE_NONE;
    }
    return NERVE_NONE;
}

enum { SUBJECT_PHRASE_WORDS = 4 };

/*
 * A subject that names no entity, at the start of the sentence (after a
 * dateline): "Gunmen attacked a bus", "Unidentified jets attacked ...".
 * The words before the trigger, less the auxiliaries that end them, must
 * be a short run of words with no clause word, preposition, pronoun or
 * named entity (those subjects are read by nerve__events_subject_of). A form of be among
 * the auxiliaries makes the trigger passive (*passive).
 */
int nerve__events_subject_phrase(const ev_state *st, const ev_tmp *e, ev_arg *out, int *passive)
{
    const nerve__view *in = st->in;
    const uint32_t *cls = in->model->cls;
    const nerve_token *tok = in->tok;
    const nerve_sentence *se = &in->sent[e->sentence];
    size_t b = se->token_begin, end = e->trig_b;
    size_t mlo = nerve__events_first_mention(in, e->sentence);
    if (st->dateline != NERVE_NONE && in->ment[st->dateline].sentence == e->sentence) {
        size_t t = in->ment[st->dateline].token_end;
        while (t < end && t < in->ment[st->dateline].token_end + 8 && !is_punct(&tok[t], '-'))
            t++;
        b = t + 1;
    }
    while (b < end && tok[b].kind == NERVE_TOKEN_PUNCT)
        b++;
    *passive = 0;
    while (end > b && (nerve__events_tok_in_class(in, end - 1, cls[NERVE__CLS_AUX_VERB]) ||
                       nerve__events_tok_in_class(in, end - 1, cls[NERVE__CLS_BE_FORM]))) {
        *passive |= nerve__events_tok_in_class(in, end - 1, cls[NERVE__CLS_BE_FORM]);
        end--;
    }
    if (end <= b || end - b > SUBJECT_PHRASE_WORDS)
        return 0;
    for (size_t t = b; t < end; t++) {
        size_t k = nerve__events_mention_at(in, mlo, t);
        if (k != NERVE_NONE && in->ment[k].type != NERVE_TYPE_NORP)
            return 0;
        if (k == NERVE_NONE && tok[t].kind != NERVE_TOKEN_WORD && !is_punct(&tok[t], '-'))
            return 0;
        if (nerve__events_tok_in_class(in, t, cls[NERVE__CLS_CLAUSE_PREP]) ||
            nerve__events_tok_in_class(in, t, cls[NERVE__CLS_CLAUSE_START]) ||
            nerve__events_tok_in_class(in, t, cls[NERVE__CLS_COORDINATOR]) ||
            nerve__events_tok_in_class(in, t, cls[NERVE__CLS_PRONOUN_PERSON]) ||
            nerve__events_tok_in_class(in, t, cls[NERVE__CLS_PRONOUN_GROUP]))
            return 0;
    }
    if (!nerve__events_tok_in_class(in, end - 1, cls[NERVE__CLS_GROUP_NOUN]))
        return 0; /* a noun of people ends it: "gunmen", "jets" */
    out->mention = NERVE_NONE;
    out->tb = b;
    out->te = end;
    return 1;
}

/*
 * "They" opening a sentence: the people listed as subjects of the sentence
 * before ("A, head of X, B and C were charged ... They were arrested"), when
 * there are several; else its one subject that is a body or a country.
 * Returns how many mentions it put in out.
 */
size_t nerve__events_group_antecedents(const ev_state *st, size_t t, size_t *out)
{
    const nerve__view *in = st->in;
    size_t s = in->tok[t].sentence;
    if (s == 0 || paragraph_between(in, s - 1, s))
        return 0;
    const nerve_sentence *se = &in->sent[s - 1];
    size_t first = se->token_begin, end = first + se->token_count;
    size_t mlo = nerve__events_first_mention(in, s - 1), n = 0, body = NERVE_NONE;
    for (size_t k = mlo; k < in->nment && in->ment[k].sentence == s - 1 && n < GROUP_MAX; k++) {
        const nerve_mention *mm = &in->ment[k];
        if (!subject_like(st, first, mlo, mm->token_begin, mm->token_end, end))
            continue;
        if (mm->type == NERVE_TYPE_PER)
            out[n++] = k;
        else if (body == NERVE_NONE && n == 0 && subject_type(mm))
            body = k;
    }
    if (n >= 2)
        return n;
    if (n == 0 && body != NERVE_NONE) {
        out[0] = body;
        return 1;
    }
    return 0;
}
