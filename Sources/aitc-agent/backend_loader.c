#include "backend_loader.h"

#include <dlfcn.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

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

int backend_open(const char *spec, backend_handle *out, agent_error *err)
{
    out->table = NULL;
    out->dl = NULL;
    if (strcmp(spec, "reference") == 0) {
        const aitc_backend *t = aitc_reference_backend();
        if (t == NULL) {
            return agent_fail(err, AE_BACKEND_ERROR, "reference backend unavailable in this build");
        }
        if (check_table(t, spec, err) != 0) {
            return -1;
        }
        out->table = t;
        return 0;
    }
    if (strchr(spec, '/') == NULL) {
        return agent_fail(err, AE_BAD_REQUEST, "backend: '%s' is neither \"reference\" nor a path to a shared library",
                          spec);
    }
    struct stat st;
    if (stat(spec, &st) != 0) {
        return agent_fail(err, AE_NOT_FOUND, "backend: cannot find '%s': %s", spec, strerror(errno));
    }
    void *dl = dlopen(spec, RTLD_NOW | RTLD_LOCAL);
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
    return 0;
}

void backend_close(backend_handle *h)
{
    if (h->dl != NULL) {
        dlclose(h->dl);
    }
    h->dl = NULL;
    h->table = NULL;
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
