/*
 * refcheck — run an ONNX model on the reference backend from the command line.
 *
 *   refcheck MODEL.onnx [--threads N] [--repeat N] [--out PREFIX] [--supports] IN0.npy [IN1.npy ...]
 *
 * Inputs are .npy files in model input order (the whole array is one input). Outputs are written as
 * PREFIX<i>.npy (default "out"). --repeat N runs N more timed iterations and prints p50/min ms.
 * Exit: 0 ok, 2 usage/IO, 3 refused or failed to load, 4 run failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aitc_backend.h"
#include "aitc_reference.h"

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *b = malloc(cap);
    while (b) {
        if (n == cap) {
            uint8_t *nb = realloc(b, cap *= 2);
            if (!nb) { free(b); b = NULL; break; }
            b = nb;
        }
        size_t r = fread(b + n, 1, cap - n, f);
        if (!r) break;
        n += r;
    }
    fclose(f);
    *len = n;
    return b;
}

static const char *descr_of(aitc_dtype d)
{
    switch (d) {
    case AITC_DTYPE_FLOAT32: return "<f4";
    case AITC_DTYPE_UINT8: return "|u1";
    case AITC_DTYPE_INT8: return "|i1";
    case AITC_DTYPE_INT32: return "<i4";
    case AITC_DTYPE_INT64: return "<i8";
    case AITC_DTYPE_BOOL: return "|b1";
    default: return "|V1";
    }
}

static int read_npy(const char *path, aitc_tensor *t, uint8_t **mem)
{
    size_t len;
    uint8_t *b = read_file(path, &len);
    *mem = b;
    if (!b || len < 10 || memcmp(b, "\x93NUMPY", 6)) return -1;
    size_t hl, ho;
    if (b[6] == 1) { hl = b[8] | (size_t)b[9] << 8; ho = 10; }
    else { if (len < 12) return -1; hl = b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24; ho = 12; }
    if (ho + hl > len || hl > 65536) return -1;
    char h[65537];
    memcpy(h, b + ho, hl);
    h[hl] = 0;
    const char *d = strstr(h, "'descr':");
    if (!d || strstr(h, "'fortran_order': True")) return -1;
    d = strchr(d + 8, '\'');
    if (!d) return -1;
    d++;
    static const struct { const char *s; aitc_dtype t; } map[] = {
        {"<f4", AITC_DTYPE_FLOAT32}, {"|u1", AITC_DTYPE_UINT8}, {"|i1", AITC_DTYPE_INT8}, {"<i4", AITC_DTYPE_INT32},
        {"<i8", AITC_DTYPE_INT64}, {"|b1", AITC_DTYPE_BOOL}};
    memset(&t->info, 0, sizeof t->info);
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strncmp(d, map[i].s, 3)) t->info.dtype = map[i].t;
    if (!t->info.dtype) return -1;
    const char *s = strstr(h, "'shape':");
    if (!s || !(s = strchr(s, '('))) return -1;
    s++;
    size_t n = 1;
    while (*s && *s != ')') {
        while (*s == ' ' || *s == ',') s++;
        if (*s == ')') break;
        char *e;
        long long v = strtoll(s, &e, 10);
        if (e == s || v < 0 || t->info.rank >= AITC_MAX_RANK) return -1;
        t->info.dims[t->info.rank++] = v;
        n *= (size_t)v;
        s = e;
    }
    t->bytes = n * aitc_dtype_size(t->info.dtype);
    if (ho + hl + t->bytes != len) return -1;
    t->data = b + ho + hl;
    return 0;
}

static int write_npy(const char *path, const aitc_tensor *t)
{
    char shape[512] = "", h[700];
    size_t o = 0;
    for (int i = 0; i < t->info.rank && o < 400; i++)
        o += (size_t)snprintf(shape + o, sizeof shape - o, "%lld,%s", (long long)t->info.dims[i], i + 1 < t->info.rank ? " " : "");
    if (t->info.rank > 1 && o) shape[o - 1] = 0; /* "(a, b)" not "(a, b,)" */
    int hl = snprintf(h, sizeof h, "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr_of(t->info.dtype), shape);
    int total = 10 + hl + 1, pad = (64 - total % 64) % 64;
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    unsigned hlen = (unsigned)(hl + pad + 1);
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(hlen & 0xff), (unsigned char)(hlen >> 8)};
    fwrite(pre, 1, 10, f);
    fwrite(h, 1, (size_t)hl, f);
    for (int i = 0; i < pad; i++) fputc(' ', f);
    fputc('\n', f);
    if (t->bytes) fwrite(t->data, 1, t->bytes, f);
    return fclose(f) ? -1 : 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *model = NULL, *prefix = "out", *ins[64];
    int nin = 0, threads = 1, repeat = 0, only_supports = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) prefix = argv[++i];
        else if (!strcmp(argv[i], "--supports")) only_supports = 1;
        else if (!model) model = argv[i];
        else if (nin < 64) ins[nin++] = argv[i];
    }
    if (!model) {
        fprintf(stderr, "usage: refcheck MODEL.onnx [--threads N] [--repeat N] [--out PREFIX] [--supports] IN.npy...\n");
        return 2;
    }
    const aitc_backend *be = aitc_reference_backend();
    char err[512] = "";
    size_t len;
    uint8_t *buf = read_file(model, &len);
    if (!buf) { fprintf(stderr, "cannot read %s\n", model); return 2; }
    aitc_backend_options opt = {threads, "cpu", NULL};
    aitc_backend_ctx *ctx = NULL;
    aitc_model *m = NULL;
    int rc = be->create(&opt, &ctx, err, sizeof err);
    if (!rc) rc = be->supports(ctx, buf, len, err, sizeof err);
    if (rc) { printf("refused (%d): %s\n", rc, err); free(buf); be->destroy(ctx); return 3; }
    if (only_supports) { printf("supported\n"); free(buf); be->destroy(ctx); return 0; }
    rc = be->load(ctx, buf, len, &m, err, sizeof err);
    free(buf);
    if (rc) { printf("load failed (%d): %s\n", rc, err); be->destroy(ctx); return 3; }
    int n_in = be->io_count(m, 1), n_out = be->io_count(m, 0);
    if (n_in != nin) { fprintf(stderr, "model has %d inputs, %d given\n", n_in, nin); be->unload(m); be->destroy(ctx); return 2; }
    aitc_tensor in[64], *out = calloc((size_t)(n_out > 0 ? n_out : 1), sizeof *out);
    uint8_t *mem[64] = {0};
    int status = 0;
    for (int i = 0; i < nin; i++) {
        aitc_tensor_info info;
        be->io_info(m, 1, i, &info);
        if (read_npy(ins[i], &in[i], &mem[i])) { fprintf(stderr, "cannot read npy %s\n", ins[i]); status = 2; goto done; }
        memcpy(in[i].info.name, info.name, sizeof info.name);
    }
    if (!out) { fprintf(stderr, "out of memory\n"); status = 2; goto done; }
    double t0 = now_ms();
    rc = be->run(m, in, nin, out, n_out, err, sizeof err);
    double first = now_ms() - t0;
    if (rc) { printf("run failed (%d): %s\n", rc, err); status = 4; goto done; }
    for (int i = 0; i < n_out; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s%d.npy", prefix, i);
        if (write_npy(path, &out[i])) { fprintf(stderr, "cannot write %s\n", path); status = 2; goto done; }
    }
    printf("ok: %d outputs, first run %.3f ms, accelerator %s\n", n_out, first, be->accelerator(m));
    if (repeat > 0) {
        double *t = malloc(sizeof(double) * (size_t)repeat);
        if (!t) { status = 2; goto done; }
        for (int r = 0; r < repeat; r++) {
            double s = now_ms();
            if (be->run(m, in, nin, out, n_out, err, sizeof err)) { printf("run failed: %s\n", err); status = 4; break; }
            t[r] = now_ms() - s;
        }
        qsort(t, (size_t)repeat, sizeof(double), cmp_d);
        printf("repeat %d: p50 %.3f ms, min %.3f ms, p90 %.3f ms\n", repeat, t[repeat / 2], t[0], t[(repeat * 9) / 10]);
        free(t);
    }
done:
    for (int i = 0; i < nin; i++) free(mem[i]);
    free(out);
    be->unload(m);
    be->destroy(ctx);
    return status;
}
