/*
 * events.c - the event stage: event rules bind mentions to roles; modality,
 * coordination and merging across sentences.
 */
#include "internal.h"

int nerve__events_find(nerve_doc *doc)
{
    (void)doc;
    return NERVE_OK;
}
