/* backend_loader.h — finds a backend table: the built-in reference backend, or a shared library
 * opened with dlopen() that exports AITC_ENTRY_SYMBOL. The ABI version and every entry are checked. */
#ifndef AITC_BACKEND_LOADER_H
#define AITC_BACKEND_LOADER_H

#include "agent_error.h"
#include "aitc_backend.h"

#include "confine.h"
#include "sha256.h"

typedef struct {
    const aitc_backend *table;
    void *dl; /* dlopen handle, NULL for the built-in backend */
    /* A library: its SHA-256 and size (what was verified and loaded). The built-in backend: the
     * SHA-256 of the agent executable it is linked into, as its build id. */
    char sha256[SHA256_HEX_CHARS + 1];
    size_t bytes;
    const aitc_backend_ext *ext; /* optional extensions (AITC_EXT_SYMBOL), NULL when not exported */
} backend_handle;

/* `spec` is "reference" or the path of a .so (it must contain a '/'). A library is read through
 * confine_open (so it must lie inside `roots`), must have the SHA-256 `sha256` (required: the
 * digest the harness sent), and is then copied into the private `scratch` folder and loaded from
 * that copy, so the bytes that run are the bytes that were checked. */
int backend_open(const char *spec, const char *sha256, const confine_roots *roots, const char *scratch,
                 backend_handle *out, agent_error *err);

/* The SHA-256 of the running agent executable (/proc/self/exe), or "unknown". */
const char *backend_reference_build_id(void);
void backend_close(backend_handle *h);

/* Map a backend status code to a protocol error code. */
const char *backend_error_code(int rc);

#endif
