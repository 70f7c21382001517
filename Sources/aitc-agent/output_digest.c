#include "output_digest.h"

#include <string.h>

#include "agent_model.h"

static void put_le(sha256_ctx *ctx, uint64_t v, size_t bytes)
{
    uint8_t b[8];
    for (size_t i = 0; i < bytes; i++) {
        b[i] = (uint8_t)(v >> (8 * i));
    }
    sha256_update(ctx, b, bytes);
}

void output_digest(const output_store *s, size_t first, size_t n, uint8_t digest[SHA256_DIGEST_BYTES])
{
    static const char domain[] = "aitc-output-v1\n";
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, domain, sizeof domain - 1);
    for (size_t r = first; r < first + n && r < s->n_records; r++) {
        for (int j = 0; j < s->n_outputs; j++) {
            const output_slice *sl = &s->slices[r * (size_t)s->n_outputs + (size_t)j];
            const char *dtype = agent_dtype_name(sl->dtype);
            sha256_update(&ctx, dtype, strlen(dtype) + 1);
            put_le(&ctx, (uint64_t)sl->rank, 4);
            for (int k = 0; k < sl->rank; k++) {
                put_le(&ctx, (uint64_t)sl->dims[k], 8);
            }
            size_t bytes = sl->count * aitc_dtype_size(sl->dtype);
            put_le(&ctx, (uint64_t)bytes, 8);
            sha256_update(&ctx, s->arena + sl->offset, bytes);
        }
    }
    sha256_final(&ctx, digest);
}
