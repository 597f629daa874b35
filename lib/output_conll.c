/*
 * output_conll.c - token-per-line formats: CoNLL-2003 style NER (what
 * ../shared/eval/score_ner.py and conlleval read) and CoNLL-U (Universal
 * Dependencies), both over the doc's tokens and sentences.
 *
 * Both show one mention per token: where mentions nest or overlap, the one
 * that starts first (the outer one) is shown, as in the HTML view.
 */
#include "output_int.h"

#include <string.h>

/* Index of the mention shown on each token is found by walking mentions
 * (sorted by start) alongside the tokens; a mention that starts inside the
 * previous shown one is skipped. */
typedef struct tag_walk {
    const nerve_doc *doc;
    size_t next;    /* next mention to consider */
    size_t cur;     /* shown mention covering the last token asked, or NERVE_NONE */
    size_t cur_end; /* token_end of the last shown mention */
} tag_walk;

static void tag_walk_init(tag_walk *tw, const nerve_doc *doc)
{
    tw->doc = doc;
    tw->next = 0;
    tw->cur = NERVE_NONE;
    tw->cur_end = 0;
}

/* The mention shown on token t (tokens asked in increasing order), or NERVE_NONE. */
static size_t tag_walk_at(tag_walk *tw, size_t t)
{
    const nerve_doc *doc = tw->doc;
    if (tw->cur != NERVE_NONE && t < tw->cur_end)
        return tw->cur;
    tw->cur = NERVE_NONE;
    while (tw->next < doc->mentions.n) {
        const nerve_mention *m = &doc->mentions.v[tw->next];
        if (m->token_begin < tw->cur_end || m->token_end <= t) {
            tw->next++; /* nested in the one shown before, or already behind */
            continue;
        }
        if (m->token_begin > t)
            break;
        tw->cur = tw->next++;
        tw->cur_end = m->token_end;
        return tw->cur;
    }
    return NERVE_NONE;
}

/* "B-PER", "I-PER" or "O" for token t. */
static void w_bio(nerve__writer *w, const nerve_doc *doc, size_t mi, size_t t)
{
    if (mi == NERVE_NONE) {
        nerve__w_raw(w, "O", 1);
        return;
    }
    const nerve_mention *m = &doc->mentions.v[mi];
    nerve__w_str(w, m->token_begin == t ? "B-" : "I-");
    nerve__w_str(w, nerve_type_name(m->type));
}

/* CoNLL: a "-DOCSTART- -X- O O" line and a blank line, then "token<TAB>TAG"
 * per line (BIO tags, so adjacent mentions of one type stay apart) and a
 * blank line after each sentence. Documents concatenate into one file. */
void nerve__write_conll(nerve__writer *w, const nerve_doc *doc)
{
    const char *text = doc->text.v ? doc->text.v : "";
    tag_walk tw;
    tag_walk_init(&tw, doc);
    nerve__w_str(w, "-DOCSTART- -X- O O\n\n");
    for (size_t s = 0; s < doc->tokens.sent.n; s++) {
        const nerve_sentence *se = &doc->tokens.sent.v[s];
        for (size_t t = se->token_begin; t < se->token_begin + se->token_count; t++) {
            const nerve_token *tok = &doc->tokens.tok.v[t];
            nerve__w_field(w, text + tok->span.start, tok->span.end - tok->span.start);
            nerve__w_raw(w, "\t", 1);
            w_bio(w, doc, tag_walk_at(&tw, t), t);
            nerve__w_raw(w, "\n", 1);
        }
        nerve__w_raw(w, "\n", 1);
    }
}

/* Whitespace (a space or a line break) comes before the token. */
#define WS_BEFORE (NERVE_TOK_SPACE_BEFORE | NERVE_TOK_LINE_START)

/* A CoNLL-U comment value or sent_id: one line, and no spaces in ids. */
static void w_conllu_id(nerve__writer *w, const char *s)
{
    size_t n = strlen(s), run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            nerve__w_text(w, s + run, i - run);
            nerve__w_raw(w, "_", 1);
            run = i + 1;
        }
    }
    nerve__w_text(w, s + run, n - run);
}

/*
 * Columns 3 to 9 of token t: LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS,
 * each followed by its tab. UPOS, HEAD and DEPREL come from the syntax stage
 * (HEAD counts from 1 in the sentence, 0 for its root); each is "_" where
 * the token was not tagged or its sentence not parsed, as are the columns
 * nerve does not produce (LEMMA, XPOS, FEATS, DEPS).
 */
static void conllu_syntax_columns(nerve__writer *w, const nerve_doc *doc, size_t t)
{
    const nerve_token *tok = &doc->tokens.tok.v[t];
    nerve__w_str(w, "_\t");
    nerve__w_str(w, nerve_pos_name((int)tok->pos)); /* "_" when untagged */
    nerve__w_str(w, "\t_\t_\t");
    if (tok->dep == NERVE_DEP_NONE) {
        nerve__w_str(w, "_\t_\t");
    } else {
        size_t first = doc->tokens.sent.v[tok->sentence].token_begin;
        nerve__w_fmt(w, "%zu\t", tok->head == NERVE_NONE ? 0 : tok->head - first + 1);
        nerve__w_str(w, nerve_dep_name((int)tok->dep));
        nerve__w_raw(w, "\t", 1);
    }
    nerve__w_str(w, "_\t");
}

/*
 * CoNLL-U: "# newdoc id", then per sentence "# sent_id" (the doc id and the
 * sentence number), "# text" (the tokens with one space wherever the text has
 * whitespace between them, so that it agrees with SpaceAfter), and one line
 * per token: ID, FORM, the syntax columns, and MISC with the NER tag,
 * SpaceAfter=No where no whitespace follows inside the sentence, and
 * TokenRange=start:end in code points (as UDPipe writes it).
 */
void nerve__write_conllu(nerve__writer *w, const nerve_doc *doc)
{
    const char *text = doc->text.v ? doc->text.v : "";
    const char *id = doc->doc_id ? doc->doc_id : "doc";
    const nerve_token *toks = doc->tokens.tok.v;
    tag_walk tw;
    tag_walk_init(&tw, doc);
    nerve__w_str(w, "# newdoc id = ");
    w_conllu_id(w, id);
    nerve__w_raw(w, "\n", 1);
    for (size_t s = 0; s < doc->tokens.sent.n; s++) {
        const nerve_sentence *se = &doc->tokens.sent.v[s];
        size_t b = se->token_begin, e = se->token_begin + se->token_count;
        if (b == e)
            continue;
        nerve__w_str(w, "# sent_id = ");
        w_conllu_id(w, id);
        nerve__w_fmt(w, "-%zu\n# text = ", s + 1);
        for (size_t t = b; t < e; t++) {
            if (t > b && (toks[t].flags & WS_BEFORE))
                nerve__w_raw(w, " ", 1);
            nerve__w_field(w, text + toks[t].span.start, toks[t].span.end - toks[t].span.start);
        }
        nerve__w_raw(w, "\n", 1);
        for (size_t t = b; t < e; t++) {
            const nerve_token *tok = &toks[t];
            nerve__w_fmt(w, "%zu\t", t - b + 1);
            nerve__w_field(w, text + tok->span.start, tok->span.end - tok->span.start);
            nerve__w_raw(w, "\t", 1);
            conllu_syntax_columns(w, doc, t);
            nerve__w_str(w, "NER=");
            w_bio(w, doc, tag_walk_at(&tw, t), t);
            if (t + 1 < e && !(toks[t + 1].flags & WS_BEFORE))
                nerve__w_str(w, "|SpaceAfter=No");
            nerve__w_fmt(w, "|TokenRange=%zu:%zu\n", (size_t)tok->span.char_start,
                         (size_t)tok->span.char_end);
        }
        nerve__w_raw(w, "\n", 1);
    }
}
