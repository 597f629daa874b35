/*
 * io.h - reading whole files, mapping them, listing directories and joining
 * paths, with errors that name the path. The other modules touch the file
 * system only through these (and the gazetteer's writer).
 */
#ifndef NERVE_IO_H
#define NERVE_IO_H

#include "alloc.h"

/* Largest file nerve__read_file reads when the caller gives no limit (1 GiB). */
#define NERVE__MAX_FILE ((size_t)1 << 30)

/*
 * Read path into a new NUL-terminated buffer (*data, *len); free with
 * nerve__free. A file over max bytes (0: NERVE__MAX_FILE) gives NERVE_ETOOBIG
 * without reading past the limit.
 */
int nerve__read_file(const nerve_allocator *al, const char *path, size_t max, char **data,
                     size_t *len, nerve_error *err);

/* nerve__read_file on an open descriptor (closed before it returns); path
 * names it in errors. For pipes, which cannot be opened twice. */
int nerve__read_fd(const nerve_allocator *al, int fd, const char *path, size_t max, char **data,
                   size_t *len, nerve_error *err);

/* 1 if path is a directory, 0 if it is something else, -1 if it does not exist. */
int nerve__path_kind(const char *path);

/* Size of the file at path in bytes, or -1 when it cannot be stat'ed. */
long long nerve__file_size(const char *path);

/*
 * Map the regular file at path read-only (*data, *size; release with
 * nerve__unmap_file). A file shorter than min_size bytes (or empty) is
 * NERVE_EFORMAT, "not <what> (truncated header ...)". populate: fault every
 * page in at once, for a file that is about to be read whole.
 */
int nerve__map_file(const char *path, size_t min_size, const char *what, int populate,
                    const void **data, size_t *size, nerve_error *err);
void nerve__unmap_file(const void *data, size_t size);

/*
 * Names of the entries of dir ending in one of the suffixes (NULL-terminated
 * list; NULL: every entry), dot files left out, sorted, as full paths
 * (nerve__path_join's) joined into one buffer: paths[i] point into it. Free
 * with nerve__dir_list_free.
 */
typedef struct nerve__paths {
    char **paths;
    size_t count;
    nerve__buf storage;
} nerve__paths;

int nerve__dir_list(const nerve_allocator *al, const char *dir, const char *const *suffixes,
                    nerve__paths *out, nerve_error *err);
void nerve__dir_list_free(const nerve_allocator *al, nerve__paths *l);

/* dir joined with name by one '/' (none added when dir ends in one), into b
 * (reset first); returns b->v or NULL. */
const char *nerve__path_join(const nerve_allocator *al, nerve__buf *b, const char *dir,
                             const char *name);

#endif
