/*
 * vendor_backend.c — the worked example of Docs/backends.md: a complete aitc backend library.
 *
 * A maker replaces the calls marked "SDK" with their own runtime (an NPU SDK, ONNX Runtime's C API,
 * OpenVINO's C API, ...). Here the "SDK" is the reference CPU backend, linked in statically, so the
 * example builds and certifies on any machine. Everything else is what a real backend does:
 * options (threads, accelerator, a JSON config), a refusal list checked in `supports`, the model
 * bytes copied at load (the agent's buffer is valid until unload, but a backend that keeps its own
 * copy never depends on it), outputs owned until the next run, the accelerator that really ran, and
 * the optional breakdown extension. No global mutable state, nothing printed.
 */
#include <stdlib.h>
#include <string.h>

#include "aitc_backend.h"
#include "aitc_reference.h" /* the stand-in "SDK" */

#define EXAMPLE_VERSION "1.0.0"

struct aitc_backend_ctx {
    aitc_backend_ctx *sdk; /* SDK: the runtime's own context */
    int spin;              /* from config {"spin": true|false}: a maker's own option */
};

struct aitc_model {
    const aitc_backend *sdk_api;
    aitc_model *sdk;     /* SDK: the runtime's compiled model */
    uint8_t *bytes;      /* our own copy of the model file */
    char accelerator[16];
};

static void say(char *err, size_t errlen, const char *text)
{
    if (err != NULL && errlen > 0) {
        strncpy(err, text, errlen - 1);
        err[errlen - 1] = '\0';
    }
}

static int ex_create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t errlen)
{
    *out = NULL;
    if (o != NULL && o->accelerator != NULL && strcmp(o->accelerator, "cpu") != 0) {
        say(err, errlen, "this backend has only the cpu accelerator");
        return AITC_E_UNSUPPORTED;
    }
    aitc_backend_ctx *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return AITC_E_NOMEM;
    }
    /* A real backend parses the JSON with its own parser; a substring test keeps the example short. */
    c->spin = !(o != NULL && o->config != NULL && strstr(o->config, "\"spin\":false") != NULL);
    aitc_backend_options sdk_options = {o != NULL ? o->threads : 0, "cpu", NULL};
    int rc = aitc_reference_backend()->create(&sdk_options, &c->sdk, err, errlen); /* SDK */
    if (rc != AITC_OK) {
        free(c);
        return rc;
    }
    *out = c;
    return AITC_OK;
}

static void ex_destroy(aitc_backend_ctx *c)
{
    if (c != NULL) {
        aitc_reference_backend()->destroy(c->sdk); /* SDK */
        free(c);
    }
}

/* Refuse before anything runs; the SDK's own check names the operator and the node. */
static int ex_supports(aitc_backend_ctx *c, const uint8_t *model, size_t len, char *err, size_t errlen)
{
    return aitc_reference_backend()->supports(c->sdk, model, len, err, errlen); /* SDK */
}

static int ex_load(aitc_backend_ctx *c, const uint8_t *model, size_t len, aitc_model **out, char *err, size_t errlen)
{
    *out = NULL;
    aitc_model *m = calloc(1, sizeof *m);
    if (m == NULL || (m->bytes = malloc(len > 0 ? len : 1)) == NULL) {
        free(m);
        return AITC_E_NOMEM;
    }
    memcpy(m->bytes, model, len);
    m->sdk_api = aitc_reference_backend();
    int rc = m->sdk_api->load(c->sdk, m->bytes, len, &m->sdk, err, errlen); /* SDK */
    if (rc != AITC_OK) {
        free(m->bytes);
        free(m);
        return rc;
    }
    strcpy(m->accelerator, "cpu");
    *out = m;
    return AITC_OK;
}

static void ex_unload(aitc_model *m)
{
    if (m != NULL) {
        m->sdk_api->unload(m->sdk); /* SDK */
        free(m->bytes);
        free(m);
    }
}

static int ex_io_count(aitc_model *m, int is_input)
{
    return m->sdk_api->io_count(m->sdk, is_input);
}

static int ex_io_info(aitc_model *m, int is_input, int index, aitc_tensor_info *out)
{
    return m->sdk_api->io_info(m->sdk, is_input, index, out);
}

/* Outputs point at the SDK's buffers and stay valid until the next run or unload; info (dtype,
 * rank, dims) is filled for every output. */
static int ex_run(aitc_model *m, const aitc_tensor *inputs, int n_inputs, aitc_tensor *outputs, int n_outputs, char *err,
                  size_t errlen)
{
    int rc = m->sdk_api->run(m->sdk, inputs, n_inputs, outputs, n_outputs, err, errlen); /* SDK */
    /* A real NPU backend asks its SDK which unit ran (after a silent fallback: "cpu"). */
    return rc;
}

static const char *ex_accelerator(aitc_model *m)
{
    return m->accelerator;
}

/* Optional extension: how the last run was split between units (here: every node on the CPU). */
static int ex_breakdown(aitc_model *m, aitc_unit_share *out, int max, const char **basis)
{
    (void)m;
    if (max < 1) {
        return 0;
    }
    memset(&out[0], 0, sizeof out[0]);
    strcpy(out[0].unit, "cpu");
    out[0].fraction = 1.0;
    *basis = "nodes";
    return 1;
}

static const aitc_backend table = {
    AITC_BACKEND_ABI_VERSION, "vendor-example", EXAMPLE_VERSION, ex_create, ex_destroy, ex_supports, ex_load,
    ex_unload, ex_io_count, ex_io_info, ex_run, ex_accelerator,
};

static const aitc_backend_ext extensions = {sizeof(aitc_backend_ext), ex_breakdown};

AITC_EXPORT const aitc_backend *aitc_backend_entry(void)
{
    return &table;
}

AITC_EXPORT const aitc_backend_ext *aitc_backend_extensions(void)
{
    return &extensions;
}
