#include "backend_loader.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file_util.h"

#include "aitc_reference.h"

static int check_table(const aitc_backend *t, const char *spec, agent_error *err)
{
    if (t == NULL) {
        return agent_fail(err, AE_BACKEND_ERROR, "backend '%s': entry point returned no table", spec);
    }
    if (t->abi_version != AITC_BACKEND_ABI_VERSION) {
        return agent_fail(err, AE_BACKEND_ERROR, "backend '%s': ABI version %u, the agent speaks %u; rebuild it against aitc_backend.h",
                          spec, (unsigned)t->abi_version, (unsigned)AITC_BACKEND_ABI_VERSION);
    }
    if (t->name == NULL || t->version == NULL || t->create == NULL || t->destroy == NULL || t->supports == NULL ||
        t->load == NULL || t->unload == NULL || t->io_count == NULL || t->io_info == NULL || t->run == NULL ||
        t->accelerator == NULL) {
        return agent_fail(err, AE_BACKEND_ERROR, "backend '%s': its table leaves a required entry NULL", spec);
    }
    return 0;
}

const char *backend_reference_build_id(void)
{
    static char id[SHA256_HEX_CHARS + 1] = "";
    if (id[0] == '\0') {
        unsigned char *bytes = NULL;
        size_t len = 0;
        agent_error ignored = {0};
        if (file_read_all(NULL, "/proc/self/exe", "agent", &bytes, &len, &ignored) == 0) {
            sha256_hex(bytes, len, id);
            free(bytes);
        } else {
            snprintf(id, sizeof id, "unknown");
        }
    }
    return id;
}

/* Write `len` bytes to a fresh file `path` (mode 0700); 0 or -1 with err. */
static int write_copy(const char *path, const unsigned char *bytes, size_t len, agent_error *err)
{
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0700);
    if (fd < 0) {
        return agent_fail(err, AE_IO_ERROR, "backend: cannot write the verified copy '%s': %s", path, strerror(errno));
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, bytes + done, len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            int e = errno;
            close(fd);
            unlink(path);
            return agent_fail(err, AE_IO_ERROR, "backend: cannot write the verified copy '%s': %s", path, strerror(e));
        }
        done += (size_t)n;
    }
    if (close(fd) != 0) {
        return agent_fail(err, AE_IO_ERROR, "backend: cannot write the verified copy '%s': %s", path, strerror(errno));
    }
    return 0;
}

int backend_open(const char *spec, const char *sha256, const confine_roots *roots, const char *scratch,
                 backend_handle *out, agent_error *err)
{
    memset(out, 0, sizeof *out);
    if (strcmp(spec, "reference") == 0) {
        const aitc_backend *t = aitc_reference_backend();
        if (t == NULL) {
            return agent_fail(err, AE_BACKEND_ERROR, "reference backend unavailable in this build");
        }
        if (check_table(t, spec, err) != 0) {
            return -1;
        }
        out->table = t;
        snprintf(out->sha256, sizeof out->sha256, "%s", backend_reference_build_id());
        return 0;
    }
    if (strchr(spec, '/') == NULL) {
        return agent_fail(err, AE_BAD_REQUEST, "backend: '%s' is neither \"reference\" nor a path to a shared library",
                          spec);
    }
    if (sha256 == NULL) {
        return agent_fail(err, AE_BAD_REQUEST,
                          "backend_sha256: required with a backend library; send the SHA-256 of the library you staged");
    }
    if (scratch == NULL) {
        return agent_fail(err, AE_IO_ERROR, "backend: this agent has no scratch folder to load a verified copy from");
    }
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (file_read_all(roots, spec, "backend", &bytes, &len, err) != 0) {
        return -1;
    }
    char hex[SHA256_HEX_CHARS + 1];
    sha256_hex(bytes, len, hex);
    if (!sha256_hex_equal(hex, sha256)) {
        free(bytes);
        return agent_fail(err, AE_DIGEST_MISMATCH, "backend: '%s' has SHA-256 %s, the request expects %s; not loaded",
                          spec, hex, sha256);
    }
    char copy[PATH_MAX];
    int n = snprintf(copy, sizeof copy, "%s/backend-%s.so", scratch, hex);
    if (n < 0 || (size_t)n >= sizeof copy) {
        free(bytes);
        return agent_fail(err, AE_IO_ERROR, "backend: the scratch path is too long");
    }
    int wrote = write_copy(copy, bytes, len, err);
    free(bytes);
    if (wrote != 0) {
        return -1;
    }
    void *dl = dlopen(copy, RTLD_NOW | RTLD_LOCAL);
    if (dl == NULL) {
        const char *why = dlerror();
        return agent_fail(err, AE_BACKEND_ERROR, "backend: dlopen('%s') failed: %s", spec, why ? why : "unknown");
    }
    aitc_backend_entry_fn entry;
    void *sym = dlsym(dl, AITC_ENTRY_SYMBOL);
    if (sym == NULL) {
        dlclose(dl);
        return agent_fail(err, AE_BACKEND_ERROR, "backend '%s' does not export %s", spec, AITC_ENTRY_SYMBOL);
    }
    memcpy(&entry, &sym, sizeof entry); /* POSIX guarantees data and function pointers convert */
    const aitc_backend *t = entry();
    if (check_table(t, spec, err) != 0) {
        dlclose(dl);
        return -1;
    }
    out->table = t;
    out->dl = dl;
    memcpy(out->sha256, hex, sizeof hex);
    out->bytes = len;
    void *ext_sym = dlsym(dl, AITC_EXT_SYMBOL);
    if (ext_sym != NULL) {
        aitc_backend_ext_fn ext_entry;
        memcpy(&ext_entry, &ext_sym, sizeof ext_entry);
        const aitc_backend_ext *ext = ext_entry();
        /* A struct too small to hold its own size is ignored; each entry is read only when it lies
         * inside struct_size (the executor checks before calling). */
        if (ext != NULL && ext->struct_size >= sizeof(size_t)) {
            out->ext = ext;
        }
    }
    return 0;
}

void backend_close(backend_handle *h)
{
    if (h->dl != NULL) {
        dlclose(h->dl);
    }
    h->dl = NULL;
    h->table = NULL;
    h->ext = NULL;
}

const char *backend_error_code(int rc)
{
    switch (rc) {
    case AITC_E_INVALID: return AE_MODEL_INVALID;
    case AITC_E_UNSUPPORTED: return AE_UNSUPPORTED_OPERATOR;
    case AITC_E_SHAPE: return AE_SHAPE_MISMATCH;
    case AITC_E_IO: return AE_IO_ERROR;
    default: return AE_BACKEND_ERROR;
    }
}
