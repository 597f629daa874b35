/*
 * nerve-compile - compile a directory of gazetteer TSV files into the binary
 * image that nerve_model_load memory-maps.
 *
 *   nerve-compile SRC_DIR OUT_FILE      (docs/man/nerve-compile.1)
 */
#include <nerve.h>

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: nerve-compile SRC_DIR OUT_FILE\n"
          "Compile the gazetteer TSV files under SRC_DIR (recursively, *.tsv; the format is\n"
          "gazetteers/FORMAT.md) into OUT_FILE, the image nerve loads memory-mapped.\n"
          "  --version, --help\n"
          "Exit status: 0 success, 1 a file could not be read or is malformed (the message\n"
          "names its file, line and column), 2 bad usage.\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("nerve-compile (nerve) %s\n", nerve_version_string());
        return 0;
    }
    if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-') {
        usage(stderr);
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
