/*
 * nerve-compile - compile a directory of gazetteer TSV files into the binary
 * image that nerve_model_load memory-maps.
 *
 *   nerve-compile SRC_DIR OUT_FILE
 */
#include <nerve.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3 || strcmp(argv[1], "--help") == 0) {
        fprintf(stderr, "usage: nerve-compile SRC_DIR OUT_FILE\n");
        return 2;
    }
    nerve_error err;
    memset(&err, 0, sizeof err);
    int rc = nerve_gazetteer_compile(argv[1], argv[2], NULL, &err);
    if (rc != NERVE_OK) {
        if (err.file[0] && err.line)
            fprintf(stderr, "nerve-compile: %s:%u:%u: %s\n", err.file, (unsigned)err.line,
                    (unsigned)err.column, err.message);
        else
            fprintf(stderr, "nerve-compile: %s\n",
                    err.message[0] ? err.message : nerve_strerror(rc));
        return 1;
    }
    return 0;
}
