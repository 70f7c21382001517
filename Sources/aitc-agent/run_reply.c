#include "run_reply.h"

#include <math.h>
#include <string.h>

#include "agent_model.h"
#include "jsonw.h"
#include "sha256.h"

static void write_values(jsonw *w, const output_slice *sl, const unsigned char *arena)
{
    const unsigned char *base = arena + sl->offset;
    jsonw_raw(w, "[");
    for (size_t i = 0; i < sl->count; i++) {
        if (i > 0) {
            jsonw_raw(w, ",");
        }
        switch (sl->dtype) {
        case AITC_DTYPE_FLOAT32: {
            float f;
            memcpy(&f, base + 4 * i, 4);
            jsonw_f32(w, f);
            break;
        }
        case AITC_DTYPE_FLOAT16: {
            uint16_t h;
            memcpy(&h, base + 2 * i, 2);
            unsigned exp = (h >> 10) & 0x1f, man = h & 0x3ff;
            float mag = exp == 0 ? (float)man * (1.0f / 16777216.0f)
                        : exp == 31 ? (man ? NAN : INFINITY)
                                    : (float)(1024 + man) * (float)(1u << exp) * (1.0f / 33554432.0f);
            jsonw_f32(w, (h & 0x8000) ? -mag : mag);
            break;
        }
        case AITC_DTYPE_BFLOAT16: {
            uint16_t h;
            memcpy(&h, base + 2 * i, 2);
            uint32_t bits = (uint32_t)h << 16;
            float f;
            memcpy(&f, &bits, 4);
            jsonw_f32(w, f);
            break;
        }
        case AITC_DTYPE_INT16: {
            int16_t v;
            memcpy(&v, base + 2 * i, 2);
            jsonw_i64(w, v);
            break;
        }
        case AITC_DTYPE_UINT16: {
            uint16_t v;
            memcpy(&v, base + 2 * i, 2);
            jsonw_i64(w, v);
            break;
        }
        case AITC_DTYPE_INT8: jsonw_i64(w, (int8_t)base[i]); break;
        case AITC_DTYPE_UINT8:
        case AITC_DTYPE_BOOL: jsonw_i64(w, base[i]); break;
        case AITC_DTYPE_INT32: {
            int32_t v;
            memcpy(&v, base + 4 * i, 4);
            jsonw_i64(w, v);
            break;
        }
        case AITC_DTYPE_INT64: {
            int64_t v;
            memcpy(&v, base + 8 * i, 8);
            jsonw_i64(w, v);
            break;
        }
        default: jsonw_raw(w, "null"); break;
        }
    }
    jsonw_raw(w, "]");
}

static void write_array(jsonw *w, const int64_t *v, size_t n)
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

/* One record: {"query":..,"sample":..,"values":{..},"shapes":{..},"dtypes":{..}} and, with `raw`,
 * "raw":{name: base64 of the bytes as produced}. */
static void write_record(jsonw *w, const output_store *s, size_t r, const char *const *names, int raw)
{
        jsonw_raw(w, "{\"query\":");
        jsonw_u64(w, s->query[r]);
        jsonw_raw(w, ",\"sample\":");
        jsonw_i64(w, s->sample[r]);
        jsonw_raw(w, ",\"values\":{");
        for (int j = 0; j < s->n_outputs; j++) {
            if (j > 0) {
                jsonw_raw(w, ",");
            }
            jsonw_string(w, names[j]);
            jsonw_raw(w, ":");
            write_values(w, &s->slices[r * (size_t)s->n_outputs + (size_t)j], s->arena);
        }
        /* shapes and dtypes (added in protocol 1, optional for readers): rebuild each output as a tensor */
        jsonw_raw(w, "},\"shapes\":{");
        for (int j = 0; j < s->n_outputs; j++) {
            const output_slice *sl = &s->slices[r * (size_t)s->n_outputs + (size_t)j];
            jsonw_raw(w, j > 0 ? "," : "");
            jsonw_string(w, names[j]);
            jsonw_raw(w, ":");
            write_array(w, sl->dims, (size_t)sl->rank);
        }
        jsonw_raw(w, "},\"dtypes\":{");
        for (int j = 0; j < s->n_outputs; j++) {
            jsonw_raw(w, j > 0 ? "," : "");
            jsonw_string(w, names[j]);
            jsonw_raw(w, ":");
            jsonw_string(w, agent_dtype_name(s->slices[r * (size_t)s->n_outputs + (size_t)j].dtype));
        }
        if (raw) {
            jsonw_raw(w, "},\"raw\":{");
            for (int j = 0; j < s->n_outputs; j++) {
                const output_slice *sl = &s->slices[r * (size_t)s->n_outputs + (size_t)j];
                jsonw_raw(w, j > 0 ? "," : "");
                jsonw_string(w, names[j]);
                jsonw_raw(w, ":");
                jsonw_base64(w, s->arena + sl->offset, sl->count * aitc_dtype_size(sl->dtype));
            }
        }
        jsonw_raw(w, "}}");
}

static void write_outputs(jsonw *w, const output_store *s, const char *const *names)
{
    jsonw_raw(w, "[");
    for (size_t r = 0; r < s->n_records; r++) {
        jsonw_raw(w, r > 0 ? "," : "");
        write_record(w, s, r, names, 0);
    }
    jsonw_raw(w, "]");
}

static void write_digests(jsonw *w, const uint8_t *digests, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    jsonw_raw(w, "[");
    for (size_t q = 0; q < n; q++) {
        char text[SHA256_HEX_CHARS + 3];
        text[0] = '"';
        for (size_t k = 0; k < SHA256_DIGEST_BYTES; k++) {
            text[1 + 2 * k] = hex[digests[q * SHA256_DIGEST_BYTES + k] >> 4];
            text[2 + 2 * k] = hex[digests[q * SHA256_DIGEST_BYTES + k] & 15];
        }
        text[SHA256_HEX_CHARS + 1] = '"';
        text[SHA256_HEX_CHARS + 2] = '\0';
        jsonw_raw(w, q > 0 ? "," : "");
        jsonw_raw(w, text);
    }
    jsonw_raw(w, "]");
}

int run_reply_write(FILE *out, json_object *id, const exec_result *r, size_t n_queries, const output_store *store,
                    const char *const *output_names, const uint8_t *digests)
{
    jsonw w;
    jsonw_init(&w, out);
    jsonw_raw(&w, "{\"id\":");
    jsonw_raw(&w, json_object_to_json_string_ext(id, JSON_C_TO_STRING_PLAIN));
    jsonw_raw(&w, ",\"ok\":true,\"count\":");
    jsonw_u64(&w, n_queries);
    jsonw_raw(&w, ",\"run_begin_ns\":");
    jsonw_i64(&w, r->run_begin_ns);
    jsonw_raw(&w, ",\"run_end_ns\":");
    jsonw_i64(&w, r->run_end_ns);
    jsonw_raw(&w, ",\"start_ns\":");
    write_array(&w, r->start_ns, n_queries);
    jsonw_raw(&w, ",\"end_ns\":");
    write_array(&w, r->end_ns, n_queries);
    jsonw_raw(&w, ",\"accelerator\":");
    jsonw_string(&w, r->accelerator);
    jsonw_raw(&w, ",\"accelerator_changes\":");
    jsonw_i64(&w, r->accelerator_changes);
    if (r->n_shares > 0) {
        /* backends with the accelerator_breakdown extension: how the last run was split */
        jsonw_raw(&w, ",\"accelerator_breakdown\":{\"basis\":");
        jsonw_string(&w, r->basis);
        jsonw_raw(&w, ",\"changes\":");
        jsonw_i64(&w, r->breakdown_changes);
        jsonw_raw(&w, ",\"units\":[");
        for (int i = 0; i < r->n_shares; i++) {
            jsonw_raw(&w, i > 0 ? ",{\"unit\":" : "{\"unit\":");
            jsonw_string(&w, r->shares[i].unit);
            jsonw_raw(&w, ",\"fraction\":");
            jsonw_f32(&w, (float)r->shares[i].fraction);
            jsonw_raw(&w, "}");
        }
        jsonw_raw(&w, "]}");
    }
    if (digests != NULL) {
        /* commit: the outputs stay on the device, the harness reveals positions it picks afterwards */
        jsonw_raw(&w, ",\"output_digests\":");
        write_digests(&w, digests, n_queries);
        jsonw_raw(&w, ",\"retained_bytes\":");
        jsonw_u64(&w, store->arena_len);
        jsonw_raw(&w, ",\"retain_max_bytes\":");
        jsonw_u64(&w, store->max_bytes);
        jsonw_raw(&w, ",\"outputs\":[]}\n");
    } else {
        jsonw_raw(&w, ",\"outputs\":");
        write_outputs(&w, store, output_names);
        jsonw_raw(&w, "}\n");
    }
    if (fflush(out) != 0) {
        return -1;
    }
    return jsonw_failed(&w) ? -1 : 0;
}

int reveal_reply_write(FILE *out, json_object *id, const retained_outputs *kept, const int64_t *queries, size_t n)
{
    jsonw w;
    jsonw_init(&w, out);
    jsonw_raw(&w, "{\"id\":");
    jsonw_raw(&w, json_object_to_json_string_ext(id, JSON_C_TO_STRING_PLAIN));
    jsonw_raw(&w, ",\"ok\":true,\"count\":");
    jsonw_u64(&w, kept->n_queries);
    jsonw_raw(&w, ",\"outputs\":[");
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        size_t q = (size_t)queries[i];
        for (size_t k = 0; k < kept->per_query; k++) {
            size_t rec = q * kept->per_query + k;
            if (rec >= kept->store.n_records) {
                break;
            }
            jsonw_raw(&w, first ? "" : ",");
            first = 0;
            write_record(&w, &kept->store, rec, (const char *const *)kept->names, 1);
        }
    }
    jsonw_raw(&w, "]}\n");
    if (fflush(out) != 0) {
        return -1;
    }
    return jsonw_failed(&w) ? -1 : 0;
}
