/* generate operation: greedy LLM generation run entirely on the device clock.
 *
 * For each prompt: the prefill model runs on the prompt (time to first token = prefill start →
 * argmax of its last logits), then the decode model runs new_tokens - 1 times, each step fed the
 * previous token, position = prompt length + step, and the previous step's present_* outputs as its
 * past_* inputs. Decode outputs are backend-owned and overwritten by the next run, so the presents
 * are copied into agent buffers before they are fed back; the copy is part of each step's time.
 * Prompts come as .npy files in the request (the prefill's inputs have a symbolic sequence length,
 * which `load_samples` does not take), hashed and parsed before anything is timed. */
#include <stdlib.h>
#include <string.h>

#include "agent_model.h"
#include "file_util.h"
#include "jsonw.h"
#include "monotonic.h"
#include "npy.h"
#include "ops.h"
#include "request.h"

#define GEN_HANDLE_MAX 128
#define GEN_PATH_MAX 4096
#define GEN_MAX_PROMPTS 100000
#define GEN_MAX_NEW_TOKENS 8192
#define GEN_MAX_KV 64

typedef struct {
    unsigned char *file;
    npy_array array;
    size_t sample_bytes;
} gen_prompt_input;

typedef struct {
    agent_model *pre, *dec;
    gen_prompt_input *prompts; /* one per prefill input */
    size_t prompt_count;
    size_t prompt_len; /* elements of one prompt's token input: the first generated position */
    aitc_tensor *pre_in, *pre_out, *dec_in, *dec_out;
    int pre_logits, dec_logits, dec_token, dec_position;
    int n_kv;
    int kv_in[GEN_MAX_KV];      /* decode input index of past_X */
    int kv_pre_out[GEN_MAX_KV]; /* prefill output index of present_X */
    int kv_dec_out[GEN_MAX_KV]; /* decode output index of present_X */
    void *kv_buf[GEN_MAX_KV];
    size_t kv_cap[GEN_MAX_KV];
    int64_t *prompt_ids;
    size_t n_prompts;
    int64_t new_tokens;
    int64_t *tokens;  /* n_prompts × new_tokens */
    int64_t *steps;   /* n_prompts × (new_tokens - 1) decode step durations */
    int64_t *start_ns, *first_ns;
    char accelerator[64];
    int64_t accelerator_changes;
} gen_job;

static void job_free(gen_job *j)
{
    if (j->prompts != NULL && j->pre != NULL) {
        for (int i = 0; i < j->pre->n_inputs; i++) {
            free(j->prompts[i].file);
        }
    }
    free(j->prompts);
    free(j->pre_in);
    free(j->pre_out);
    free(j->dec_in);
    free(j->dec_out);
    for (int i = 0; i < GEN_MAX_KV; i++) {
        free(j->kv_buf[i]);
    }
    free(j->prompt_ids);
    free(j->tokens);
    free(j->steps);
    free(j->start_ns);
    free(j->first_ns);
}

static int find_io(const aitc_tensor_info *infos, int n, const char *name)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(infos[i].name, name) == 0) {
            return i;
        }
    }
    return -1;
}

/* Read, hash, parse one prompt .npy for prefill input `info`; the sample axis is the npy's first. */
static int load_prompt_input(const confine_roots *roots, json_object *spec, const aitc_tensor_info *info,
                             gen_prompt_input *p, agent_error *err)
{
    json_object *v = NULL;
    const char *path, *digest = NULL;
    if (!json_object_is_type(spec, json_type_object) || !json_object_object_get_ex(spec, "path", &v) ||
        !json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0 ||
        json_object_get_string_len(v) > GEN_PATH_MAX ||
        strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v)) {
        return agent_fail(err, AE_BAD_REQUEST, "prompt_inputs.%.120s.path: missing or not a non-empty string", info->name);
    }
    path = json_object_get_string(v);
    if (json_object_object_get_ex(spec, "sha256", &v) && v != NULL) {
        if (!json_object_is_type(v, json_type_string) || !sha256_is_hex(json_object_get_string(v))) {
            return agent_fail(err, AE_BAD_REQUEST, "prompt_inputs.%.120s.sha256: must be 64 hexadecimal digits", info->name);
        }
        digest = json_object_get_string(v);
    }
    size_t len;
    if (file_read_all(roots, path, "prompt_inputs", &p->file, &len, err) != 0) {
        return -1;
    }
    char hex[SHA256_HEX_CHARS + 1];
    sha256_hex(p->file, len, hex);
    if (digest != NULL && !sha256_hex_equal(digest, hex)) {
        return agent_fail(err, AE_DIGEST_MISMATCH, "prompt_inputs.%.120s: '%s' has SHA-256 %s, the request expects %s",
                          info->name, path, hex, digest);
    }
    if (npy_parse(p->file, len, "prompt_inputs", &p->array, err) != 0) {
        return -1;
    }
    const npy_array *a = &p->array;
    if (a->dtype != info->dtype) {
        return agent_fail(err, AE_SHAPE_MISMATCH, "prompt_inputs.%.120s: npy dtype %s, the prefill model wants %s",
                          info->name, agent_dtype_name(a->dtype), agent_dtype_name(info->dtype));
    }
    /* npy [N, d1..dk] feeds a model input [1 or symbolic, d1..dk]; fixed model dims must agree. */
    if (a->rank != info->rank || a->rank < 1 || a->shape[0] < 1 || info->dims[0] > 1) {
        return agent_fail(err, AE_SHAPE_MISMATCH,
                          "prompt_inputs.%.120s: npy of rank %d with %lld prompts does not fit a batch-1 input of rank %d",
                          info->name, a->rank, (long long)(a->rank > 0 ? a->shape[0] : 0), (int)info->rank);
    }
    for (int k = 1; k < a->rank; k++) {
        if (info->dims[k] >= 0 && info->dims[k] != a->shape[k]) {
            return agent_fail(err, AE_SHAPE_MISMATCH, "prompt_inputs.%.120s: npy dim %d is %lld, the model's is %lld",
                              info->name, k, (long long)a->shape[k], (long long)info->dims[k]);
        }
    }
    p->sample_bytes = a->data_bytes / (size_t)a->shape[0];
    return 0;
}

/* Model handles, prompt files, names: everything checked before anything is timed. */
static int bind(op_ctx *c, gen_job *j, agent_error *err)
{
    const char *pre_h, *dec_h, *logits = "logits", *tok = "input_ids", *pos = "position_ids";
    json_object *inputs, *prompts;
    if (req_string(c->req, "prefill", 1, GEN_HANDLE_MAX, &pre_h, err) != 0 ||
        req_string(c->req, "decode", 1, GEN_HANDLE_MAX, &dec_h, err) != 0 ||
        req_object(c->req, "prompt_inputs", 1, &inputs, err) != 0 || req_array(c->req, "prompts", 1, &prompts, err) != 0 ||
        req_int(c->req, "new_tokens", 1, 1, GEN_MAX_NEW_TOKENS, &j->new_tokens, err) != 0 ||
        req_string(c->req, "logits", 0, 127, &logits, err) < 0 || req_string(c->req, "token_input", 0, 127, &tok, err) < 0 ||
        req_string(c->req, "position_input", 0, 127, &pos, err) < 0) {
        return -1;
    }
    if ((j->pre = agent_state_model(c->st, pre_h)) == NULL) {
        return agent_fail(err, AE_NOT_FOUND, "prefill: no model loaded under handle '%s'", pre_h);
    }
    if ((j->dec = agent_state_model(c->st, dec_h)) == NULL) {
        return agent_fail(err, AE_NOT_FOUND, "decode: no model loaded under handle '%s'", dec_h);
    }
    agent_model *pre = j->pre, *dec = j->dec;
    j->pre_logits = find_io(pre->outputs, pre->n_outputs, logits);
    j->dec_logits = find_io(dec->outputs, dec->n_outputs, logits);
    j->dec_token = find_io(dec->inputs, dec->n_inputs, tok);
    j->dec_position = find_io(dec->inputs, dec->n_inputs, pos);
    if (j->pre_logits < 0 || j->dec_logits < 0) {
        return agent_fail(err, AE_SHAPE_MISMATCH, "logits: both models need an output named '%s'", logits);
    }
    if (j->dec_token < 0 || j->dec_position < 0) {
        return agent_fail(err, AE_SHAPE_MISMATCH, "decode: the model needs inputs '%s' and '%s'", tok, pos);
    }
    for (int t = 0; t < 2; t++) {
        const aitc_tensor_info *info = &dec->inputs[t == 0 ? j->dec_token : j->dec_position];
        if ((info->dtype != AITC_DTYPE_INT64 && info->dtype != AITC_DTYPE_INT32) || agent_tensor_elements(info) != 1) {
            return agent_fail(err, AE_SHAPE_MISMATCH, "decode: input '%s' must hold one int64 or int32", info->name);
        }
    }
    for (int i = 0; i < dec->n_inputs; i++) {
        if (i == j->dec_token || i == j->dec_position) {
            continue;
        }
        const char *name = dec->inputs[i].name;
        char present[160];
        if (strncmp(name, "past_", 5) != 0 || j->n_kv >= GEN_MAX_KV) {
            return agent_fail(err, AE_SHAPE_MISMATCH, "decode: input '%s' is neither a token, a position nor a past_* cache "
                              "(at most %d)", name, GEN_MAX_KV);
        }
        snprintf(present, sizeof present, "present_%s", name + 5);
        j->kv_in[j->n_kv] = i;
        j->kv_pre_out[j->n_kv] = find_io(pre->outputs, pre->n_outputs, present);
        j->kv_dec_out[j->n_kv] = find_io(dec->outputs, dec->n_outputs, present);
        if (j->kv_pre_out[j->n_kv] < 0 || j->kv_dec_out[j->n_kv] < 0) {
            return agent_fail(err, AE_SHAPE_MISMATCH, "decode input '%s' needs an output '%s' in both models", name, present);
        }
        j->n_kv++;
    }
    size_t np = (size_t)(pre->n_inputs > 0 ? pre->n_inputs : 1);
    if ((j->prompts = calloc(np, sizeof *j->prompts)) == NULL) {
        return agent_fail(err, AE_BACKEND_ERROR, "out of memory");
    }
    for (int i = 0; i < pre->n_inputs; i++) {
        json_object *spec = NULL;
        if (!json_object_object_get_ex(inputs, pre->inputs[i].name, &spec)) {
            return agent_fail(err, AE_BAD_REQUEST, "prompt_inputs.%.120s: missing; the prefill model needs every input",
                              pre->inputs[i].name);
        }
        if (load_prompt_input(c->st->roots, spec, &pre->inputs[i], &j->prompts[i], err) != 0) {
            return -1;
        }
        size_t n = (size_t)j->prompts[i].array.shape[0];
        if (i > 0 && n != j->prompt_count) {
            return agent_fail(err, AE_SHAPE_MISMATCH, "prompt_inputs.%.120s: holds %zu prompts, the first input %zu",
                              pre->inputs[i].name, n, j->prompt_count);
        }
        j->prompt_count = n;
        if (strcmp(pre->inputs[i].name, tok) == 0) {
            j->prompt_len = j->prompts[i].array.element_count / n;
        }
    }
    if (j->prompt_len == 0) {
        return agent_fail(err, AE_SHAPE_MISMATCH, "prefill: the model has no input '%s' for the prompt tokens", tok);
    }
    if (req_int_array(prompts, "prompts", 0, (int64_t)j->prompt_count - 1, &j->prompt_ids, &j->n_prompts, err) != 0) {
        return -1;
    }
    if (j->n_prompts == 0 || j->n_prompts > GEN_MAX_PROMPTS) {
        return agent_fail(err, AE_BAD_REQUEST, "prompts: needs 1 to %d entries, got %zu", GEN_MAX_PROMPTS, j->n_prompts);
    }
    return 0;
}

static int alloc_buffers(gen_job *j, agent_error *err)
{
    size_t n = j->n_prompts, t = (size_t)j->new_tokens;
    j->pre_in = calloc((size_t)j->pre->n_inputs + 1, sizeof *j->pre_in);
    j->pre_out = calloc((size_t)j->pre->n_outputs + 1, sizeof *j->pre_out);
    j->dec_in = calloc((size_t)j->dec->n_inputs + 1, sizeof *j->dec_in);
    j->dec_out = calloc((size_t)j->dec->n_outputs + 1, sizeof *j->dec_out);
    j->tokens = calloc(n * t, sizeof *j->tokens);
    j->steps = calloc(n * t, sizeof *j->steps);
    j->start_ns = calloc(n, sizeof *j->start_ns);
    j->first_ns = calloc(n, sizeof *j->first_ns);
    if (!j->pre_in || !j->pre_out || !j->dec_in || !j->dec_out || !j->tokens || !j->steps || !j->start_ns ||
        !j->first_ns) {
        return agent_fail(err, AE_BACKEND_ERROR, "out of memory for %zu prompts of %zu tokens", n, t);
    }
    return 0;
}

/* Greedy choice: the arg-max of the last `vocab` logits (the last position); -1 if unusable. */
static int64_t argmax_last(const aitc_tensor *t)
{
    const aitc_tensor_info *info = &t->info;
    if (info->dtype != AITC_DTYPE_FLOAT32 || info->rank < 1 || info->dims[info->rank - 1] < 1 || t->data == NULL) {
        return -1;
    }
    size_t vocab = (size_t)info->dims[info->rank - 1];
    if (t->bytes < vocab * sizeof(float) || t->bytes % sizeof(float) != 0) {
        return -1;
    }
    const float *v = (const float *)t->data + (t->bytes / sizeof(float) - vocab);
    size_t best = 0;
    for (size_t i = 1; i < vocab; i++) {
        if (v[i] > v[best]) { /* NaN never wins; ties keep the lowest id, as numpy's argmax */
            best = i;
        }
    }
    return (int64_t)best;
}

static void note_accelerator(gen_job *j, agent_model *m, int *first)
{
    const char *acc = m->backend.table->accelerator(m->model);
    acc = acc != NULL ? acc : "unknown";
    if (!*first && strncmp(j->accelerator, acc, sizeof j->accelerator - 1) != 0) {
        j->accelerator_changes++;
    }
    snprintf(j->accelerator, sizeof j->accelerator, "%s", acc);
    *first = 0;
}

static void set_scalar(aitc_tensor *t, const aitc_tensor_info *info, int64_t value, int64_t *slot64, int32_t *slot32)
{
    t->info = *info;
    for (int k = 0; k < info->rank; k++) {
        t->info.dims[k] = 1;
    }
    if (info->dtype == AITC_DTYPE_INT32) {
        *slot32 = (int32_t)value;
        t->data = slot32;
        t->bytes = 4;
    } else {
        *slot64 = value;
        t->data = slot64;
        t->bytes = 8;
    }
}

static int run_model(agent_model *m, const aitc_tensor *in, aitc_tensor *out, const char *what, size_t prompt,
                     int64_t step, agent_error *err)
{
    char msg[512];
    msg[0] = '\0';
    int rc = m->backend.table->run(m->model, in, m->n_inputs, out, m->n_outputs, msg, sizeof msg);
    if (rc != AITC_OK) {
        msg[sizeof msg - 1] = '\0';
        return agent_fail(err, AE_BACKEND_ERROR, "generate stopped in the %s of prompt position %zu (step %lld): %.400s",
                          what, prompt, (long long)step, msg);
    }
    return 0;
}

/* Copy the decode presents into agent buffers (the next run overwrites the backend's). */
static int keep_presents(gen_job *j, agent_error *err)
{
    for (int k = 0; k < j->n_kv; k++) {
        const aitc_tensor *o = &j->dec_out[j->kv_dec_out[k]];
        if (o->data == NULL || o->bytes == 0) {
            return agent_fail(err, AE_BACKEND_ERROR, "decode: output '%s' is empty", o->info.name);
        }
        if (o->bytes > j->kv_cap[k]) {
            size_t cap = o->bytes + o->bytes / 8;
            void *b = realloc(j->kv_buf[k], cap);
            if (b == NULL) {
                return agent_fail(err, AE_BACKEND_ERROR, "out of memory for the KV cache (%zu bytes)", cap);
            }
            j->kv_buf[k] = b;
            j->kv_cap[k] = cap;
        }
        memcpy(j->kv_buf[k], o->data, o->bytes);
    }
    return 0;
}

static int generate_one(gen_job *j, size_t q, int *first, agent_error *err)
{
    size_t prompt = (size_t)j->prompt_ids[q];
    agent_model *pre = j->pre, *dec = j->dec;
    for (int i = 0; i < pre->n_inputs; i++) {
        const gen_prompt_input *p = &j->prompts[i];
        aitc_tensor *t = &j->pre_in[i];
        t->info = pre->inputs[i];
        t->info.dims[0] = 1;
        for (int k = 1; k < p->array.rank; k++) {
            t->info.dims[k] = p->array.shape[k];
        }
        t->data = (void *)(p->array.data + prompt * p->sample_bytes);
        t->bytes = p->sample_bytes;
    }
    int64_t *tokens = j->tokens + q * (size_t)j->new_tokens;
    int64_t *steps = j->steps + q * (size_t)j->new_tokens;
    j->start_ns[q] = mono_ns();
    if (run_model(pre, j->pre_in, j->pre_out, "prefill", q, 0, err) != 0) {
        return -1;
    }
    tokens[0] = argmax_last(&j->pre_out[j->pre_logits]);
    j->first_ns[q] = mono_ns();
    note_accelerator(j, pre, first);
    if (tokens[0] < 0) {
        return agent_fail(err, AE_BACKEND_ERROR, "prefill: output '%s' is not float32 logits", j->pre_out[j->pre_logits].info.name);
    }
    int64_t tok64, pos64;
    int32_t tok32, pos32;
    for (int64_t s = 1; s < j->new_tokens; s++) {
        int64_t t0 = mono_ns();
        set_scalar(&j->dec_in[j->dec_token], &dec->inputs[j->dec_token], tokens[s - 1], &tok64, &tok32);
        set_scalar(&j->dec_in[j->dec_position], &dec->inputs[j->dec_position], (int64_t)j->prompt_len + s - 1, &pos64, &pos32);
        for (int k = 0; k < j->n_kv; k++) {
            const aitc_tensor *src = s == 1 ? &j->pre_out[j->kv_pre_out[k]] : &j->dec_out[j->kv_dec_out[k]];
            aitc_tensor *in = &j->dec_in[j->kv_in[k]];
            in->info = src->info;
            snprintf(in->info.name, sizeof in->info.name, "%s", dec->inputs[j->kv_in[k]].name);
            in->bytes = src->bytes;
            in->data = s == 1 ? src->data : j->kv_buf[k];
        }
        if (run_model(dec, j->dec_in, j->dec_out, "decode", q, s, err) != 0) {
            return -1;
        }
        tokens[s] = argmax_last(&j->dec_out[j->dec_logits]);
        if (tokens[s] < 0) {
            return agent_fail(err, AE_BACKEND_ERROR, "decode: output '%s' is not float32 logits",
                              j->dec_out[j->dec_logits].info.name);
        }
        if (s + 1 < j->new_tokens && keep_presents(j, err) != 0) {
            return -1;
        }
        steps[s - 1] = mono_ns() - t0;
        note_accelerator(j, dec, first);
    }
    return 0;
}

static void write_i64s(jsonw *w, const int64_t *v, size_t n)
{
    jsonw_raw(w, "[");
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            jsonw_raw(w, ",");
        }
        jsonw_i64(w, v[i]);
    }
    jsonw_raw(w, "]");
}

static int write_reply(op_ctx *c, const gen_job *j, int64_t begin, int64_t end)
{
    jsonw w;
    jsonw_init(&w, c->out);
    jsonw_raw(&w, "{\"id\":");
    jsonw_raw(&w, json_object_to_json_string_ext(c->id, JSON_C_TO_STRING_PLAIN));
    jsonw_raw(&w, ",\"ok\":true,\"count\":");
    jsonw_u64(&w, j->n_prompts);
    jsonw_raw(&w, ",\"prompt_length\":");
    jsonw_u64(&w, j->prompt_len);
    jsonw_raw(&w, ",\"new_tokens\":");
    jsonw_i64(&w, j->new_tokens);
    jsonw_raw(&w, ",\"run_begin_ns\":");
    jsonw_i64(&w, begin);
    jsonw_raw(&w, ",\"run_end_ns\":");
    jsonw_i64(&w, end);
    jsonw_raw(&w, ",\"accelerator\":");
    jsonw_string(&w, j->accelerator);
    jsonw_raw(&w, ",\"accelerator_changes\":");
    jsonw_i64(&w, j->accelerator_changes);
    jsonw_raw(&w, ",\"results\":[");
    for (size_t q = 0; q < j->n_prompts; q++) {
        jsonw_raw(&w, q > 0 ? ",{\"prompt\":" : "{\"prompt\":");
        jsonw_i64(&w, j->prompt_ids[q]);
        jsonw_raw(&w, ",\"start_ns\":");
        jsonw_i64(&w, j->start_ns[q]);
        jsonw_raw(&w, ",\"first_token_ns\":");
        jsonw_i64(&w, j->first_ns[q]);
        jsonw_raw(&w, ",\"tokens\":");
        write_i64s(&w, j->tokens + q * (size_t)j->new_tokens, (size_t)j->new_tokens);
        jsonw_raw(&w, ",\"step_ns\":");
        write_i64s(&w, j->steps + q * (size_t)j->new_tokens, (size_t)j->new_tokens - 1);
        jsonw_raw(&w, "}");
    }
    jsonw_raw(&w, "]}\n");
    fflush(c->out);
    return jsonw_failed(&w) || ferror(c->out) ? -1 : 0;
}

int op_generate(op_ctx *c, agent_error *err)
{
    gen_job j;
    memset(&j, 0, sizeof j);
    snprintf(j.accelerator, sizeof j.accelerator, "%s", "none");
    if (bind(c, &j, err) != 0 || alloc_buffers(&j, err) != 0) {
        job_free(&j);
        return -1;
    }
    int first = 1;
    int64_t begin = mono_ns();
    for (size_t q = 0; q < j.n_prompts; q++) {
        if (generate_one(&j, q, &first, err) != 0) {
            job_free(&j);
            return -1;
        }
    }
    int64_t end = mono_ns();
    if (write_reply(c, &j, begin, end) != 0) {
        c->write_failed = 1;
    }
    job_free(&j);
    return 0;
}
