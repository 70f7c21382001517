#include "jsonw.h"

#include <math.h>
#include <string.h>

void jsonw_init(jsonw *w, FILE *out)
{
    w->out = out;
    w->failed = 0;
}

static void put(jsonw *w, const char *s, size_t n)
{
    if (!w->failed && n > 0 && fwrite(s, 1, n, w->out) != n) {
        w->failed = 1;
    }
}

void jsonw_raw(jsonw *w, const char *s) { put(w, s, strlen(s)); }

void jsonw_u64(jsonw *w, uint64_t v)
{
    char buf[24];
    size_t i = sizeof buf;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    put(w, buf + i, sizeof buf - i);
}

void jsonw_i64(jsonw *w, int64_t v)
{
    if (v < 0) {
        put(w, "-", 1);
        jsonw_u64(w, (uint64_t)0 - (uint64_t)v);
    } else {
        jsonw_u64(w, (uint64_t)v);
    }
}

void jsonw_f32(jsonw *w, float v)
{
    if (isnan(v) || isinf(v)) {
        put(w, "null", 4);
        return;
    }
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%.9g", (double)v);
    if (n < 0 || (size_t)n >= sizeof buf) {
        w->failed = 1;
        return;
    }
    put(w, buf, (size_t)n);
}

void jsonw_string(jsonw *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    put(w, "\"", 1);
    const char *run = s;
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        put(w, run, (size_t)(p - run));
        run = p + 1;
        char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], '\0'};
        if (c == '"' || c == '\\') {
            esc[1] = (char)c;
            put(w, esc, 2);
        } else {
            put(w, esc, 6);
        }
    }
    put(w, run, strlen(run));
    put(w, "\"", 1);
}

int jsonw_failed(const jsonw *w) { return w->failed || ferror(w->out); }

void jsonw_base64(jsonw *w, const unsigned char *data, size_t n)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char buf[256]; /* a multiple of 4 */
    size_t used = 0;
    put(w, "\"", 1);
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16;
        if (i + 1 < n) {
            v |= (uint32_t)data[i + 1] << 8;
        }
        if (i + 2 < n) {
            v |= data[i + 2];
        }
        buf[used++] = alphabet[(v >> 18) & 63];
        buf[used++] = alphabet[(v >> 12) & 63];
        buf[used++] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
        buf[used++] = i + 2 < n ? alphabet[v & 63] : '=';
        if (used == sizeof buf) {
            put(w, buf, used);
            used = 0;
        }
    }
    put(w, buf, used);
    put(w, "\"", 1);
}
