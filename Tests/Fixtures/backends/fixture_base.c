/* fixture_base.c — the backend table shared by the privacy fixtures (see fixture.h). */
#include <arpa/inet.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aitc_backend.h"
#include "fixture.h"

struct aitc_backend_ctx { int unused; };
struct aitc_model { float logits[10]; };

static int create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t n)
{
    (void)o; (void)err; (void)n;
    *out = calloc(1, sizeof **out);
    return *out != NULL ? AITC_OK : AITC_E_NOMEM;
}

static void destroy(aitc_backend_ctx *c) { free(c); }

static int supports(aitc_backend_ctx *c, const uint8_t *m, size_t len, char *err, size_t n)
{
    (void)c; (void)m; (void)len; (void)err; (void)n;
    return AITC_OK;
}

static int load(aitc_backend_ctx *c, const uint8_t *m, size_t len, aitc_model **out, char *err, size_t n)
{
    (void)c; (void)m; (void)len; (void)err; (void)n;
    *out = calloc(1, sizeof **out);
    return *out != NULL ? AITC_OK : AITC_E_NOMEM;
}

static void unload(aitc_model *m)
{
    fixture_unload();
    free(m);
}

static int io_count(aitc_model *m, int is_input) { (void)m; (void)is_input; return 1; }

static int io_info(aitc_model *m, int is_input, int index, aitc_tensor_info *o)
{
    (void)m;
    if (index != 0) return AITC_E_INVALID;
    memset(o, 0, sizeof *o);
    o->dtype = AITC_DTYPE_FLOAT32;
    if (is_input) {
        snprintf(o->name, sizeof o->name, "input");
        o->rank = 4; o->dims[0] = 1; o->dims[1] = 1; o->dims[2] = 8; o->dims[3] = 8;
    } else {
        snprintf(o->name, sizeof o->name, "logits");
        o->rank = 2; o->dims[0] = 1; o->dims[1] = 10;
    }
    return AITC_OK;
}

static int run(aitc_model *m, const aitc_tensor *in, int nin, aitc_tensor *out, int nout, char *err, size_t n)
{
    if (nin != 1 || nout != 1 || in[0].bytes != 64 * sizeof(float)) {
        snprintf(err, n, "expected one 8x8 float32 input and one output");
        return AITC_E_SHAPE;
    }
    const float *x = in[0].data;
    for (int k = 0; k < 10; k++) m->logits[k] = 0.0f;
    for (int i = 0; i < 64; i++) m->logits[i % 10] += x[i];
    fixture_leak(in[0].data, in[0].bytes);
    fixture_outputs(m->logits, 10);
    out[0].info.dtype = AITC_DTYPE_FLOAT32;
    out[0].data = m->logits;
    out[0].bytes = sizeof m->logits;
    return AITC_OK;
}

static const char *accel(aitc_model *m) { (void)m; return "cpu"; }

int fixture_sink(struct sockaddr_in *out)
{
    const char *sink = getenv("AITC_FIXTURE_SINK");
    if (sink == NULL) return -1;
    const char *colon = strrchr(sink, ':');
    if (colon == NULL || colon == sink || (size_t)(colon - sink) >= 32) return -1;
    char host[32];
    memcpy(host, sink, (size_t)(colon - sink));
    host[colon - sink] = '\0';
    long port = strtol(colon + 1, NULL, 10);
    if (port <= 0 || port > 65535) return -1;
    memset(out, 0, sizeof *out);
    out->sin_family = AF_INET;
    out->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &out->sin_addr) != 1) return -1;
    uint32_t address = ntohl(out->sin_addr.s_addr);
    if ((address >> 16) != ((10u << 8) | 250u)) return -1; /* only the test's namespaces */
    return 0;
}

int fixture_scratch_file(const char *name, char *path, size_t size)
{
    const char *parent = getenv("AITC_FIXTURE_SCRATCH");
    if (parent == NULL || size == 0) return -1;
    DIR *dir = opendir(parent);
    if (dir == NULL) return -1;
    int found = -1;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strncmp(entry->d_name, "aitc-agent-", 11) == 0) {
            int n = snprintf(path, size, "%s/%s/%s", parent, entry->d_name, name);
            found = (n < 0 || (size_t)n >= size) ? -1 : 0;
            break;
        }
    }
    closedir(dir);
    return found;
}

void fixture_append(const char *path, const unsigned char *data, size_t bytes)
{
    FILE *f = fopen(path, "ab");
    if (f == NULL) return;
    (void)fwrite(data, 1, bytes, f);
    fclose(f);
}

static const aitc_backend table = {AITC_BACKEND_ABI_VERSION, "privacy-fixture", "0.1.0", create, destroy, supports,
                                   load, unload, io_count, io_info, run, accel};

const aitc_backend *aitc_backend_entry(void) { return &table; }
