/* jsonw.h — a small streaming JSON writer over a FILE*, for replies too large to build as a tree
 * (a run of 100k queries). Errors are sticky: check jsonw_failed() once at the end. */
#ifndef AITC_JSONW_H
#define AITC_JSONW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
    FILE *out;
    int failed;
} jsonw;

void jsonw_init(jsonw *w, FILE *out);
/* Raw text, written as is (keys, punctuation). */
void jsonw_raw(jsonw *w, const char *s);
void jsonw_i64(jsonw *w, int64_t v);
void jsonw_u64(jsonw *w, uint64_t v);
/* A float32 value with enough digits to round-trip ("%.9g"); NaN and infinities become null. */
void jsonw_f32(jsonw *w, float v);
/* `n` bytes as a quoted standard base64 string (RFC 4648, with padding). */
void jsonw_base64(jsonw *w, const unsigned char *data, size_t n);
/* A string, quoted and escaped. */
void jsonw_string(jsonw *w, const char *s);
int jsonw_failed(const jsonw *w);

#endif
