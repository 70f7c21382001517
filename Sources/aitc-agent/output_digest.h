/* output_digest.h — the SHA-256 a `run` with "output_digests" commits to for each query's outputs,
 * before any position to reveal is chosen (Docs/agent-protocol.md, `reveal`). */
#ifndef AITC_OUTPUT_DIGEST_H
#define AITC_OUTPUT_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "output_store.h"
#include "sha256.h"

/* The digest of records [first, first + n) of the store (one query's samples, in issue order):
 * SHA-256 over "aitc-output-v1\n", then for each record and each output in model order: the dtype
 * name (as in the protocol, e.g. "float32") and a NUL byte, the rank as 4-byte little-endian, each
 * dimension as 8-byte little-endian signed, the byte length as 8-byte little-endian, the raw bytes. */
void output_digest(const output_store *s, size_t first, size_t n, uint8_t digest[SHA256_DIGEST_BYTES]);

#endif
