/*
 * api_example - the smallest complete use of the C API: load the bundled
 * model, process one text, list what was found.
 */
#include <nerve.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *text = "Foreign Minister Ana Duarte arrived in Lisbon on Tuesday for talks "
                       "with Prime Minister Rui Costa.";
    nerve_error err;
    nerve_model *model = NULL;
    nerve_doc *doc = NULL;
    if (nerve_model_load(NULL, NULL, 0, &model, &err) != NERVE_OK ||
        nerve_doc_new(model, &doc, &err) != NERVE_OK) {
        fprintf(stderr, "api_example: %s\n", err.message);
        nerve_model_free(model);
        return 1;
    }
    nerve_options opts;
    memset(&opts, 0, sizeof opts);
    opts.dct = "2021-03-15";
    if (nerve_doc_process(doc, text, strlen(text), &opts, &err) != NERVE_OK) {
        fprintf(stderr, "api_example: %s\n", err.message);
    } else {
        size_t n;
        const nerve_mention *m = nerve_doc_mentions(doc, &n);
        for (size_t i = 0; i < n; i++)
            printf("%-5s %.*s%s%s\n", nerve_type_name(m[i].type),
                   (int)(m[i].span.end - m[i].span.start), text + m[i].span.start,
                   m[i].value ? " = " : "", m[i].value ? m[i].value : "");
        const nerve_event *ev = nerve_doc_events(doc, &n);
        for (size_t i = 0; i < n; i++)
            printf("event %s (%s)\n", ev[i].type, nerve_modality_name(ev[i].modality));
    }
    nerve_doc_free(doc);
    nerve_model_free(model);
    return 0;
}
