/*
 * io.c - whole-file reads, read-only file maps, directory listings and path
 * joining, with errors that name the path; and where the bundled data is
 * (nerve_default_data_dir).
 */
#define _GNU_SOURCE /* dladdr */
#include "config.h"

#include "io.h"

#include "error.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int nerve__path_kind(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return S_ISDIR(st.st_mode) ? 1 : 0;
}

long long nerve__file_size(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (long long)st.st_size;
}

int nerve__read_file(const nerve_allocator *al, const char *path, size_t max, char **data,
                     size_t *len, nerve_error *err)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nerve__error_set_file(err, NERVE_EIO, path, 0, 0, 0, "%s: %s", path,
                                     strerror(errno));
    return nerve__read_fd(al, fd, path, max, data, len, err);
}

int nerve__read_fd(const nerve_allocator *al, int fd, const char *path, size_t max, char **data,
                   size_t *len, nerve_error *err)
{
    if (max == 0)
        max = NERVE__MAX_FILE;
    *data = NULL;
    *len = 0;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        return nerve__error_set_file(err, NERVE_EIO, path, 0, 0, 0, "%s: %s", path, strerror(e));
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        fclose(f);
        return nerve__error_set_file(err, NERVE_EIO, path, 0, 0, 0, "%s: is a directory", path);
    }
    nerve__buf b = {0};
    char chunk[65536];
    size_t n;
    int rc = NERVE_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.n + n > max) {
            rc = nerve__error_set_file(err, NERVE_ETOOBIG, path, 0, 0, b.n,
                                       "%s: larger than the limit of %zu bytes", path, max);
            break;
        }
        if (nerve__buf_append(al, &b, chunk, n) != NERVE_OK) {
            rc = nerve__error_set_file(err, NERVE_ENOMEM, path, 0, 0, 0, "out of memory");
            break;
        }
    }
    if (rc == NERVE_OK && ferror(f))
        rc = nerve__error_set_file(err, NERVE_EIO, path, 0, 0, b.n, "%s: read error: %s", path,
                                   strerror(errno ? errno : EIO));
    fclose(f);
    if (rc == NERVE_OK && !b.v && nerve__buf_append(al, &b, "", 0) != NERVE_OK)
        rc = nerve__error_set_file(err, NERVE_ENOMEM, path, 0, 0, 0, "out of memory");
    if (rc != NERVE_OK) {
        nerve__vec_free(al, &b);
        return rc;
    }
    *data = b.v;
    *len = b.n;
    return NERVE_OK;
}

int nerve__map_file(const char *path, size_t min_size, const char *what, int populate,
                    const void **data, size_t *size, nerve_error *err)
{
    *data = NULL;
    *size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nerve__error_set_file(err, NERVE_EIO, path, 0, 0, 0, "%s: cannot open: %s", path,
                                     strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return nerve__error_set_file(err, NERVE_EIO, path, 0, 0, 0, "%s: not a regular file", path);
    }
    size_t n = (size_t)st.st_size;
    if (n < min_size || n == 0) { /* (an empty file cannot be mapped) */
        close(fd);
        return nerve__error_set_file(err, NERVE_EFORMAT, path, 0, 0, 0,
                                     "%s: not %s (truncated header: %zu bytes)", path, what, n);
    }
    int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
    if (populate)
        flags |= MAP_POPULATE;
#else
    (void)populate;
#endif
    void *p = mmap(NULL, n, PROT_READ, flags, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return nerve__error_set_file(err, NERVE_EIO, path, 0, 0, 0, "%s: cannot map: %s", path,
                                     strerror(errno));
    *data = p;
    *size = n;
    return NERVE_OK;
}

void nerve__unmap_file(const void *data, size_t size)
{
    if (data)
        munmap((void *)(uintptr_t)data, size);
}

/* Append dir, a '/' unless dir ends in one, and name. */
static int append_joined(const nerve_allocator *al, nerve__buf *b, const char *dir,
                         const char *name)
{
    size_t nd = strlen(dir);
    if (nerve__buf_append(al, b, dir, nd) != NERVE_OK)
        return NERVE_ENOMEM;
    if (nd && dir[nd - 1] != '/' && nerve__buf_putc(al, b, '/') != NERVE_OK)
        return NERVE_ENOMEM;
    return nerve__buf_append(al, b, name, strlen(name));
}

const char *nerve__path_join(const nerve_allocator *al, nerve__buf *b, const char *dir,
                             const char *name)
{
    b->n = 0;
    if (append_joined(al, b, dir, name) != NERVE_OK)
        return NULL;
    return b->v;
}

static int has_suffix(const char *s, const char *const *suffixes)
{
    if (!suffixes)
        return 1;
    size_t n = strlen(s);
    for (; *suffixes; suffixes++) {
        size_t k = strlen(*suffixes);
        if (n > k && memcmp(s + n - k, *suffixes, k) == 0)
            return 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int nerve__dir_list(const nerve_allocator *al, const char *dir, const char *const *suffixes,
                    nerve__paths *out, nerve_error *err)
{
    memset(out, 0, sizeof *out);
    DIR *d = opendir(dir);
    if (!d)
        return nerve__error_set_file(err, NERVE_EIO, dir, 0, 0, 0, "%s: %s", dir, strerror(errno));
    NERVE__VEC(size_t) offs = {0};
    int rc = NERVE_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !has_suffix(e->d_name, suffixes))
            continue;
        size_t off = out->storage.n;
        if (append_joined(al, &out->storage, dir, e->d_name) != NERVE_OK ||
            nerve__buf_putc(al, &out->storage, '\0') != NERVE_OK ||
            nerve__vec_push(al, &offs, off) != NERVE_OK) {
            rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
            break;
        }
    }
    closedir(d);
    if (rc == NERVE_OK && offs.n) {
        out->paths = nerve__calloc(al, offs.n, sizeof *out->paths);
        if (!out->paths) {
            rc = nerve__error_set(err, NERVE_ENOMEM, 0, "out of memory");
        } else {
            for (size_t i = 0; i < offs.n; i++)
                out->paths[i] = out->storage.v + offs.v[i];
            out->count = offs.n;
            qsort(out->paths, out->count, sizeof *out->paths, cmp_str);
        }
    }
    nerve__vec_free(al, &offs);
    if (rc != NERVE_OK)
        nerve__dir_list_free(al, out);
    return rc;
}

void nerve__dir_list_free(const nerve_allocator *al, nerve__paths *l)
{
    nerve__free(al, l->paths);
    nerve__vec_free(al, &l->storage);
    l->paths = NULL;
    l->count = 0;
}

const char *nerve_default_data_dir(void)
{
    /* A library (or test program) that lives in the build tree uses the
     * build tree's data; an installed one uses the installed directory. */
    Dl_info info;
    const char *build = NERVE_BUILD_DATADIR;
    size_t n = strlen(build);
    if (dladdr((void *)(uintptr_t)&nerve_default_data_dir, &info) && info.dli_fname &&
        strncmp(info.dli_fname, build, n) == 0 && (info.dli_fname[n] == '/'))
        return build;
    if (nerve__path_kind(NERVE_INSTALL_DATADIR) == 1)
        return NERVE_INSTALL_DATADIR;
    return build;
}
