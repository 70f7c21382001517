/* load_samples operation: one .npy per model input, N samples each, checked against the model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_samples.h"
#include "file_util.h"
#include "ops.h"
#include "reply.h"
#include "request.h"

#define HANDLE_MAX 128
#define PATH_FIELD_MAX 4096

static void shape_text(const int64_t *dims, int rank, char *out, size_t cap)
{
    size_t o = 0;
    o += (size_t)snprintf(out, cap, "[");
    for (int i = 0; i < rank && o < cap; i++) {
        o += (size_t)snprintf(out + o, cap - o, "%s%lld", i ? "," : "", (long long)dims[i]);
    }
    if (o < cap) {
        snprintf(out + o, cap - o, "]");
    }
}

/* The shape one sample runs at. The npy is [N, ...] with [...] the model input's shape, or [N, ...]
 * with [1, ...] the model input's shape (batch 1): symbolic model dims take the npy's sizes, fixed
 * ones must agree. Otherwise the old rule holds (the element count must match, symbolic dims run
 * at 1): returns 0 then, 1 when the dims were bound from the npy. */
static int bind_sample_dims(const aitc_tensor_info *info, const npy_array *a, agent_sample_input *si)
{
    si->rank = info->rank;
    for (int k = 0; k < info->rank; k++) {
        si->dims[k] = info->dims[k] < 0 ? 1 : info->dims[k];
    }
    int skip; /* model dims [0, skip) are the batch of one the npy leaves out */
    if (a->rank == info->rank + 1) {
        skip = 0;
    } else if (a->rank == info->rank && info->rank >= 1 && (info->dims[0] == 1 || info->dims[0] < 0)) {
        skip = 1;
    } else {
        return 0;
    }
    int64_t dims[AITC_MAX_RANK];
    for (int k = 0; k < info->rank; k++) {
        int64_t given = k < skip ? 1 : a->shape[k - skip + 1];
        if (info->dims[k] >= 0 && info->dims[k] != given) {
            return 0;
        }
        dims[k] = given;
    }
    memcpy(si->dims, dims, sizeof(int64_t) * (size_t)info->rank);
    return 1;
}

/* Load the .npy for model input `info` from the request's inputs[name] object into `si`. */
static int load_input(const confine_roots *roots, json_object *spec, const aitc_tensor_info *info, agent_sample_input *si,
                      agent_error *err)
{
    char field[200];
    snprintf(field, sizeof field, "inputs.%.120s", info->name);
    if (!json_object_is_type(spec, json_type_object)) {
        return agent_fail(err, AE_BAD_REQUEST, "%s: must be an object with \"path\"", field);
    }
    const char *path, *digest = NULL;
    char pfield[220], dfield[220];
    snprintf(pfield, sizeof pfield, "%s.path", field);
    snprintf(dfield, sizeof dfield, "%s.sha256", field);
    json_object *v = NULL;
    if (!json_object_object_get_ex(spec, "path", &v) || !json_object_is_type(v, json_type_string) ||
        json_object_get_string_len(v) == 0 || strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v) ||
        json_object_get_string_len(v) > PATH_FIELD_MAX) {
        return agent_fail(err, AE_BAD_REQUEST, "%s: missing or not a non-empty string", pfield);
    }
    path = json_object_get_string(v);
    if (json_object_object_get_ex(spec, "sha256", &v) && v != NULL) {
        if (!json_object_is_type(v, json_type_string) || !sha256_is_hex(json_object_get_string(v))) {
            return agent_fail(err, AE_BAD_REQUEST, "%s: must be 64 hexadecimal digits", dfield);
        }
        digest = json_object_get_string(v);
    }
    size_t len;
    if (file_read_all(roots, path, pfield, &si->file, &len, err) != 0) {
        return -1;
    }
    sha256_hex(si->file, len, si->sha256);
    if (digest != NULL && !sha256_hex_equal(digest, si->sha256)) {
        return agent_fail(err, AE_DIGEST_MISMATCH, "%s: '%s' has SHA-256 %s, the request expects %s", pfield, path,
                          si->sha256, digest);
    }
    if (npy_parse(si->file, len, pfield, &si->array, err) != 0) {
        return -1;
    }
    snprintf(si->name, sizeof si->name, "%s", info->name);
    si->dtype = si->array.dtype;
    const npy_array *a = &si->array;
    char model_shape[160], npy_shape[200];
    shape_text(info->dims, info->rank, model_shape, sizeof model_shape);
    shape_text(a->shape, a->rank, npy_shape, sizeof npy_shape);
    if (a->rank < 1) {
        return agent_fail(err, AE_SHAPE_MISMATCH, "%s: npy shape %s has no sample axis; model input '%s' has shape %s",
                          field, npy_shape, info->name, model_shape);
    }
    if (a->dtype != info->dtype) {
        return agent_fail(err, AE_SHAPE_MISMATCH, "%s: npy dtype %s, model input '%s' wants %s", field,
                          agent_dtype_name(a->dtype), info->name, agent_dtype_name(info->dtype));
    }
    size_t per_sample = 1;
    for (int i = 1; i < a->rank; i++) {
        per_sample *= (size_t)a->shape[i]; /* cannot overflow: the total was checked by npy_parse */
    }
    if (a->shape[0] == 0) {
        return agent_fail(err, AE_SHAPE_MISMATCH, "%s: npy shape %s holds no samples", field, npy_shape);
    }
    (void)bind_sample_dims(info, a, si);
    aitc_tensor_info run_shape = *info;
    memcpy(run_shape.dims, si->dims, sizeof run_shape.dims);
    size_t want = agent_tensor_elements(&run_shape); /* 0 on overflow or a zero dim */
    if (per_sample != want || want == 0) {
        return agent_fail(err, AE_SHAPE_MISMATCH,
                          "%s: npy shape %s gives samples of %zu elements; model input '%s' has shape %s (%zu elements)",
                          field, npy_shape, per_sample, info->name, model_shape, want);
    }
    si->sample_elements = per_sample;
    si->sample_bytes = per_sample * a->element_size;
    return 0;
}

int op_load_samples(op_ctx *c, agent_error *err)
{
    const char *handle, *model_handle;
    json_object *inputs;
    if (req_string(c->req, "handle", 1, HANDLE_MAX, &handle, err) != 0 ||
        req_string(c->req, "model", 1, HANDLE_MAX, &model_handle, err) != 0 ||
        req_object(c->req, "inputs", 1, &inputs, err) != 0) {
        return -1;
    }
    const agent_model *m = agent_state_model(c->st, model_handle);
    if (m == NULL) {
        return agent_fail(err, AE_NOT_FOUND, "model: no model loaded under handle '%s'", model_handle);
    }
    json_object_object_foreach(inputs, key, val)
    {
        (void)val;
        int known = 0;
        for (int i = 0; i < m->n_inputs; i++) {
            known |= strcmp(m->inputs[i].name, key) == 0;
        }
        if (!known) {
            return agent_fail(err, AE_BAD_REQUEST, "inputs.%.120s: the model has no input of that name", key);
        }
    }
    agent_samples *s = calloc(1, sizeof *s);
    if (s == NULL || (s->handle = strdup(handle)) == NULL ||
        (s->inputs = calloc(m->n_inputs > 0 ? (size_t)m->n_inputs : 1, sizeof *s->inputs)) == NULL) {
        agent_samples_free(s);
        return agent_fail(err, AE_IO_ERROR, "out of memory");
    }
    for (int i = 0; i < m->n_inputs; i++) {
        json_object *spec = NULL;
        if (!json_object_object_get_ex(inputs, m->inputs[i].name, &spec)) {
            agent_samples_free(s);
            return agent_fail(err, AE_BAD_REQUEST, "inputs.%.120s: missing; the model needs every input", m->inputs[i].name);
        }
        s->n_inputs = i + 1;
        if (load_input(c->st->roots, spec, &m->inputs[i], &s->inputs[i], err) != 0) {
            agent_samples_free(s);
            return -1;
        }
        size_t n = (size_t)s->inputs[i].array.shape[0];
        if (i > 0 && n != s->count) {
            agent_fail(err, AE_SHAPE_MISMATCH, "inputs.%.120s: holds %zu samples but inputs.%.120s holds %zu",
                       m->inputs[i].name, n, m->inputs[0].name, s->count);
            agent_samples_free(s);
            return -1;
        }
        s->count = n;
    }
    json_object *r = reply_new_ok(c->id);
    json_object_object_add(r, "handle", json_object_new_string(s->handle));
    json_object_object_add(r, "count", json_object_new_int64((int64_t)s->count));
    if (agent_state_put_samples(c->st, s) != 0) {
        json_object_put(r);
        return agent_fail(err, AE_IO_ERROR, "out of memory storing sample set '%s'", handle);
    }
    return op_send(c, r);
}
