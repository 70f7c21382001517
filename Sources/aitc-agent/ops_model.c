/* load_model operation: hash, check digest, ask the backend, load, describe the I/O. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_model.h"
#include "file_util.h"
#include "monotonic.h"
#include "ops.h"
#include "reply.h"
#include "request.h"

#define HANDLE_MAX 128
#define PATH_FIELD_MAX 4096

static json_object *io_json(const aitc_tensor_info *infos, int n)
{
    json_object *list = json_object_new_array();
    for (int i = 0; i < n; i++) {
        json_object *t = json_object_new_object();
        json_object_object_add(t, "name", json_object_new_string(infos[i].name));
        json_object_object_add(t, "dtype", json_object_new_string(agent_dtype_name(infos[i].dtype)));
        json_object *shape = json_object_new_array();
        for (int k = 0; k < infos[i].rank; k++) {
            json_object_array_add(shape, json_object_new_int64(infos[i].dims[k]));
        }
        json_object_object_add(t, "shape", shape);
        json_object_array_add(list, t);
    }
    return list;
}

/* Fetch and check the I/O description of a loaded model. */
static int describe(agent_model *m, int is_input, agent_error *err)
{
    const aitc_backend *b = m->backend.table;
    const char *what = is_input ? "input" : "output";
    int n = b->io_count(m->model, is_input);
    if (n < 0 || n > 4096) {
        return agent_fail(err, AE_BACKEND_ERROR, "backend '%s' reported %d model %ss", b->name, n, what);
    }
    aitc_tensor_info *infos = calloc(n > 0 ? (size_t)n : 1, sizeof *infos);
    if (infos == NULL) {
        return agent_fail(err, AE_BACKEND_ERROR, "out of memory describing model %ss", what);
    }
    for (int i = 0; i < n; i++) {
        if (b->io_info(m->model, is_input, i, &infos[i]) != AITC_OK) {
            free(infos);
            return agent_fail(err, AE_BACKEND_ERROR, "backend '%s' could not describe %s %d", b->name, what, i);
        }
        infos[i].name[sizeof infos[i].name - 1] = '\0';
        if (infos[i].rank < 0 || infos[i].rank > AITC_MAX_RANK || aitc_dtype_size(infos[i].dtype) == 0) {
            free(infos);
            return agent_fail(err, AE_BACKEND_ERROR, "backend '%s' described %s %d with rank %d / dtype %d", b->name,
                              what, i, infos[i].rank, (int)infos[i].dtype);
        }
    }
    if (is_input) {
        m->inputs = infos;
        m->n_inputs = n;
    } else {
        m->outputs = infos;
        m->n_outputs = n;
    }
    return 0;
}

/* Create the backend context, ask `supports`, load. */
static int load_into_backend(agent_model *m, int64_t threads, const char *config, agent_error *err)
{
    const aitc_backend *b = m->backend.table;
    char msg[512] = {0};
    aitc_backend_options opt = {(int32_t)threads, m->accelerator, config};
    int rc = b->create(&opt, &m->ctx, msg, sizeof msg);
    if (rc != AITC_OK) {
        m->ctx = NULL;
        return agent_fail(err, AE_BACKEND_ERROR, "backend '%s' could not start: %.400s", b->name, msg);
    }
    rc = b->supports(m->ctx, m->bytes, m->byte_count, msg, sizeof msg);
    if (rc != AITC_OK) {
        return agent_fail(err, backend_error_code(rc), "backend '%s' refuses the model: %.400s", b->name, msg);
    }
    rc = b->load(m->ctx, m->bytes, m->byte_count, &m->model, msg, sizeof msg);
    if (rc != AITC_OK) {
        m->model = NULL;
        return agent_fail(err, backend_error_code(rc), "backend '%s' failed to load the model: %.400s", b->name, msg);
    }
    if (describe(m, 1, err) != 0 || describe(m, 0, err) != 0) {
        return -1;
    }
    return 0;
}

int op_load_model(op_ctx *c, agent_error *err)
{
    const char *handle, *path, *digest = NULL, *backend = "reference", *backend_digest = NULL, *accelerator = "cpu";
    int64_t threads = 0;
    json_object *config = NULL;
    if (req_string(c->req, "handle", 1, HANDLE_MAX, &handle, err) != 0 ||
        req_string(c->req, "path", 1, PATH_FIELD_MAX, &path, err) != 0 ||
        req_string(c->req, "sha256", 0, SHA256_HEX_CHARS, &digest, err) < 0 ||
        req_string(c->req, "backend", 0, PATH_FIELD_MAX, &backend, err) < 0 ||
        req_string(c->req, "backend_sha256", 0, SHA256_HEX_CHARS, &backend_digest, err) < 0 ||
        req_string(c->req, "accelerator", 0, 64, &accelerator, err) < 0 ||
        req_int(c->req, "threads", 0, 0, 1024, &threads, err) < 0 || req_object(c->req, "config", 0, &config, err) < 0) {
        return -1;
    }
    if (digest != NULL && !sha256_is_hex(digest)) {
        return agent_fail(err, AE_BAD_REQUEST, "sha256: must be 64 hexadecimal digits");
    }
    if (backend_digest != NULL && !sha256_is_hex(backend_digest)) {
        return agent_fail(err, AE_BAD_REQUEST, "backend_sha256: must be 64 hexadecimal digits");
    }
    agent_model *m = calloc(1, sizeof *m);
    if (m == NULL || (m->handle = strdup(handle)) == NULL || (m->accelerator = strdup(accelerator)) == NULL) {
        agent_model_free(m);
        return agent_fail(err, AE_BACKEND_ERROR, "out of memory");
    }
    if (file_read_all(c->st->roots, path, "path", &m->bytes, &m->byte_count, err) != 0) {
        agent_model_free(m);
        return -1;
    }
    sha256_hex(m->bytes, m->byte_count, m->sha256);
    if (digest != NULL && !sha256_hex_equal(digest, m->sha256)) {
        agent_fail(err, AE_DIGEST_MISMATCH, "path: '%s' has SHA-256 %s, the request expects %s", path, m->sha256, digest);
        agent_model_free(m);
        return -1;
    }
    if (backend_open(backend, backend_digest, c->st->roots, c->st->scratch, &m->backend, err) != 0) {
        agent_model_free(m);
        return -1;
    }
    int64_t t0 = mono_ns();
    const char *config_text = config != NULL ? json_object_to_json_string_ext(config, JSON_C_TO_STRING_PLAIN) : NULL;
    if (load_into_backend(m, threads, config_text, err) != 0) {
        agent_model_free(m);
        return -1;
    }
    double load_ms = (double)(mono_ns() - t0) / 1e6;

    json_object *r = reply_new_ok(c->id);
    json_object_object_add(r, "handle", json_object_new_string(m->handle));
    json_object_object_add(r, "sha256", json_object_new_string(m->sha256));
    json_object *b = json_object_new_object();
    json_object_object_add(b, "name", json_object_new_string(m->backend.table->name));
    json_object_object_add(b, "version", json_object_new_string(m->backend.table->version));
    if (m->backend.dl != NULL) {
        json_object *lib = json_object_new_object();
        json_object_object_add(lib, "path", json_object_new_string(backend));
        json_object_object_add(lib, "bytes", json_object_new_int64((int64_t)m->backend.bytes));
        json_object_object_add(lib, "sha256", json_object_new_string(m->backend.sha256));
        json_object_object_add(b, "library", lib);
    } else {
        json_object_object_add(b, "build_id", json_object_new_string(m->backend.sha256));
    }
    json_object_object_add(r, "backend", b);
    json_object_object_add(r, "accelerator", json_object_new_string(m->accelerator));
    json_object_object_add(r, "inputs", io_json(m->inputs, m->n_inputs));
    json_object_object_add(r, "outputs", io_json(m->outputs, m->n_outputs));
    char load_text[32];
    snprintf(load_text, sizeof load_text, "%.3f", load_ms);
    json_object_object_add(r, "load_ms", json_object_new_double_s(load_ms, load_text));
    if (agent_state_put_model(c->st, m) != 0) {
        json_object_put(r);
        return agent_fail(err, AE_BACKEND_ERROR, "out of memory storing model '%s'", handle);
    }
    return op_send(c, r);
}
