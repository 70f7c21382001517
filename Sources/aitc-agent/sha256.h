/* sha256.h — SHA-256 (FIPS 180-4), own implementation so the agent needs no crypto library. */
#ifndef AITC_SHA256_H
#define AITC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_BYTES 32
#define SHA256_HEX_CHARS 64

typedef struct {
    uint32_t state[8];
    uint64_t total_bytes;
    uint8_t block[64];
    size_t block_len;
} sha256_ctx;

void sha256_init(sha256_ctx *ctx);
void sha256_update(sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_BYTES]);

/* Hash `len` bytes and write the lowercase hex digest plus NUL into `hex` (65 bytes). */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_CHARS + 1]);

/* 1 when `s` is exactly 64 hex digits (either case), else 0. */
int sha256_is_hex(const char *s);

/* Case-insensitive comparison of two 64-digit hex digests: 1 when equal. */
int sha256_hex_equal(const char *a, const char *b);

#endif
