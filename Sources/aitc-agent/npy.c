#include "npy.h"

#include <string.h>

/* The header is a Python dict literal such as
 *   {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
 * parsed here by a small cursor over a length-bounded buffer. */
typedef struct {
    const char *p;
    const char *end;
} cursor;

static void skip_ws(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) {
        c->p++;
    }
}

static int expect(cursor *c, char ch)
{
    skip_ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 0;
    }
    return -1;
}

/* A quoted string ('...' or "...") without escapes, copied into out (cap bytes with NUL). */
static int parse_string(cursor *c, char *out, size_t cap)
{
    skip_ws(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"')) {
        return -1;
    }
    char quote = *c->p++;
    size_t n = 0;
    while (c->p < c->end && *c->p != quote) {
        if (*c->p == '\\' || n + 1 >= cap) {
            return -1;
        }
        out[n++] = *c->p++;
    }
    if (c->p >= c->end) {
        return -1;
    }
    c->p++;
    out[n] = '\0';
    return 0;
}

static int parse_word(cursor *c, const char *word)
{
    skip_ws(c);
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) >= n && memcmp(c->p, word, n) == 0) {
        c->p += n;
        return 0;
    }
    return -1;
}

static int parse_shape(cursor *c, npy_array *out, const char *what, agent_error *err)
{
    if (expect(c, '(') != 0) {
        return agent_fail(err, AE_IO_ERROR, "%s: npy header 'shape' is not a tuple", what);
    }
    out->rank = 0;
    for (;;) {
        skip_ws(c);
        if (c->p < c->end && *c->p == ')') {
            c->p++;
            return 0;
        }
        if (c->p >= c->end || *c->p < '0' || *c->p > '9') {
            return agent_fail(err, AE_IO_ERROR, "%s: npy header 'shape' holds something other than a non-negative integer",
                              what);
        }
        int64_t v = 0;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            if (v > (INT64_MAX - 9) / 10) {
                return agent_fail(err, AE_IO_ERROR, "%s: npy header 'shape' has an absurdly large dimension", what);
            }
            v = v * 10 + (*c->p - '0');
            c->p++;
        }
        if (out->rank >= NPY_MAX_RANK) {
            return agent_fail(err, AE_IO_ERROR, "%s: npy array has more than %d dimensions", what, NPY_MAX_RANK);
        }
        out->shape[out->rank++] = v;
        skip_ws(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
        } else if (c->p < c->end && *c->p == ')') {
            continue;
        } else {
            return agent_fail(err, AE_IO_ERROR, "%s: npy header 'shape' tuple is malformed", what);
        }
    }
}

static int dtype_from_descr(const char *descr, npy_array *out, const char *what, agent_error *err)
{
    static const struct {
        const char *descr;
        aitc_dtype dtype;
    } table[] = {
        {"<f4", AITC_DTYPE_FLOAT32}, {"|i1", AITC_DTYPE_INT8},     {"|u1", AITC_DTYPE_UINT8},
        {"<i4", AITC_DTYPE_INT32},   {"<i8", AITC_DTYPE_INT64},    {"<f2", AITC_DTYPE_FLOAT16},
        {"|b1", AITC_DTYPE_BOOL},    {"<i2", AITC_DTYPE_INT16},    {"<u2", AITC_DTYPE_UINT16},
        {"<V2", AITC_DTYPE_BFLOAT16}, /* ml_dtypes' bfloat16 as numpy saves it: two raw bytes */
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(descr, table[i].descr) == 0) {
            out->dtype = table[i].dtype;
            out->element_size = aitc_dtype_size(table[i].dtype);
            return 0;
        }
    }
    if (descr[0] == '>') {
        return agent_fail(err, AE_IO_ERROR, "%s: npy dtype '%s' is big-endian; save it little-endian ('<')", what,
                          descr);
    }
    return agent_fail(err, AE_IO_ERROR, "%s: npy dtype '%s' is not supported (use <f4, <f2, <V2 (bfloat16), |i1, |u1, <i2, <u2, <i4, <i8 or |b1)", what,
                      descr);
}

static int parse_header(cursor *c, npy_array *out, const char *what, agent_error *err)
{
    int have_descr = 0, have_order = 0, have_shape = 0;
    if (expect(c, '{') != 0) {
        return agent_fail(err, AE_IO_ERROR, "%s: npy header is not a dict", what);
    }
    for (;;) {
        skip_ws(c);
        if (c->p < c->end && *c->p == '}') {
            c->p++;
            break;
        }
        char key[32];
        if (parse_string(c, key, sizeof key) != 0 || expect(c, ':') != 0) {
            return agent_fail(err, AE_IO_ERROR, "%s: npy header dict is malformed", what);
        }
        if (strcmp(key, "descr") == 0) {
            char descr[16];
            if (parse_string(c, descr, sizeof descr) != 0) {
                return agent_fail(err, AE_IO_ERROR, "%s: npy header 'descr' is not a simple dtype string", what);
            }
            if (dtype_from_descr(descr, out, what, err) != 0) {
                return -1;
            }
            have_descr = 1;
        } else if (strcmp(key, "fortran_order") == 0) {
            if (parse_word(c, "False") == 0) {
                have_order = 1;
            } else if (parse_word(c, "True") == 0) {
                return agent_fail(err, AE_IO_ERROR, "%s: npy array is in Fortran order; save it in C order", what);
            } else {
                return agent_fail(err, AE_IO_ERROR, "%s: npy header 'fortran_order' is not True/False", what);
            }
        } else if (strcmp(key, "shape") == 0) {
            if (parse_shape(c, out, what, err) != 0) {
                return -1;
            }
            have_shape = 1;
        } else {
            return agent_fail(err, AE_IO_ERROR, "%s: npy header has unexpected key '%s'", what, key);
        }
        skip_ws(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
        } else if (!(c->p < c->end && *c->p == '}')) {
            return agent_fail(err, AE_IO_ERROR, "%s: npy header dict is malformed", what);
        }
    }
    if (!have_descr || !have_order || !have_shape) {
        return agent_fail(err, AE_IO_ERROR, "%s: npy header lacks %s", what,
                          !have_descr ? "'descr'" : !have_order ? "'fortran_order'" : "'shape'");
    }
    return 0;
}

int npy_parse(const unsigned char *buf, size_t len, const char *what, npy_array *out, agent_error *err)
{
    static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    memset(out, 0, sizeof *out);
    if (len < 10 || memcmp(buf, magic, sizeof magic) != 0) {
        return agent_fail(err, AE_IO_ERROR, "%s: not a .npy file (bad magic or shorter than 10 bytes)", what);
    }
    unsigned major = buf[6];
    size_t header_len, prefix;
    if (major == 1) {
        header_len = (size_t)buf[8] | ((size_t)buf[9] << 8);
        prefix = 10;
    } else if (major == 2 || major == 3) {
        if (len < 12) {
            return agent_fail(err, AE_IO_ERROR, "%s: npy file truncated inside its preamble", what);
        }
        header_len = (size_t)buf[8] | ((size_t)buf[9] << 8) | ((size_t)buf[10] << 16) | ((size_t)buf[11] << 24);
        prefix = 12;
    } else {
        return agent_fail(err, AE_IO_ERROR, "%s: npy format version %u.%u is not supported", what, major, buf[7]);
    }
    if (header_len > len - prefix) {
        return agent_fail(err, AE_IO_ERROR, "%s: npy header declares %zu bytes but the file has only %zu after the preamble",
                          what, header_len, len - prefix);
    }
    cursor c = {(const char *)buf + prefix, (const char *)buf + prefix + header_len};
    if (parse_header(&c, out, what, err) != 0) {
        return -1;
    }
    size_t count = 1;
    for (int i = 0; i < out->rank; i++) {
        uint64_t d = (uint64_t)out->shape[i];
        if (d != 0 && count > SIZE_MAX / d) {
            return agent_fail(err, AE_IO_ERROR, "%s: npy shape has an absurd element count", what);
        }
        count *= (size_t)d;
    }
    if (count > SIZE_MAX / out->element_size) {
        return agent_fail(err, AE_IO_ERROR, "%s: npy shape has an absurd byte count", what);
    }
    size_t need = count * out->element_size;
    size_t have = len - prefix - header_len;
    if (need != have) {
        return agent_fail(err, AE_IO_ERROR, "%s: npy header declares %zu data bytes but the file holds %zu", what, need,
                          have);
    }
    out->element_count = count;
    out->data = buf + prefix + header_len;
    out->data_bytes = need;
    return 0;
}
