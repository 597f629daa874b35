// test_header.cpp - nerve.h compiles as C++ (extern "C", no C-only
// constructs) and links: the declarations are usable from C++.
#include <nerve.h>

#include <cstdio>
#include <cstring>

static int sink(void *ctx, const char *data, size_t len)
{
    *static_cast<size_t *>(ctx) += len;
    (void)data;
    return 0;
}

int main()
{
    if (nerve_version() != NERVE_VERSION ||
        std::strcmp(nerve_version_string(), NERVE_VERSION_STRING) != 0) {
        std::fprintf(stderr, "version mismatch\n");
        return 1;
    }
    nerve_error err = {};
    nerve_model *model = nullptr;
    if (nerve_model_load(nullptr, nullptr, NERVE_MODEL_EMPTY, &model, &err) != NERVE_OK)
        return 1;
    nerve_doc *doc = nullptr;
    nerve_options opts = {};
    opts.flags = NERVE_OPT_REPLACE_INVALID;
    size_t written = 0;
    int rc = nerve_doc_new(model, &doc, &err);
    if (rc == NERVE_OK)
        rc = nerve_doc_process(doc, "Hello from C++.", 15, &opts, &err);
    if (rc == NERVE_OK)
        rc = nerve_doc_write_json(doc, NERVE_JSON_TOKENS, sink, &written, &err);
    size_t n = 0;
    const nerve_token *tok = nerve_doc_tokens(doc, &n);
    nerve_doc_free(doc);
    nerve_model_free(model);
    if (rc != NERVE_OK || written == 0 || n == 0 || tok == nullptr) {
        std::fprintf(stderr, "failed: %s\n", err.message);
        return 1;
    }
    std::printf("ok - nerve.h works from C++ (%zu tokens, %zu bytes of JSON)\n", n, written);
    return 0;
}
