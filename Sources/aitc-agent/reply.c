#include "reply.h"

#include <string.h>

json_object *reply_new_ok(json_object *id)
{
    json_object *r = json_object_new_object();
    if (r == NULL) {
        return NULL;
    }
    json_object_object_add(r, "id", id != NULL ? json_object_get(id) : NULL);
    json_object_object_add(r, "ok", json_object_new_boolean(1));
    return r;
}

int reply_send(FILE *out, json_object *reply)
{
    if (reply == NULL) {
        return -1;
    }
    size_t len = 0;
    const char *text = json_object_to_json_string_length(reply, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
                                                         &len);
    int rc = 0;
    if (text == NULL || fwrite(text, 1, len, out) != len || fputc('\n', out) == EOF || fflush(out) != 0) {
        rc = -1;
    }
    json_object_put(reply);
    return rc;
}

/* Copy `in` into `out` (cap bytes) replacing every byte that is not part of valid UTF-8 with '?', so a
 * message quoting file content can never make the reply line invalid. */
static void utf8_sanitize(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)in;
    while (*p != '\0' && o + 1 < cap) {
        size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        int valid = n > 0 && !(n == 2 && *p < 0xC2) && !(n == 4 && *p > 0xF4);
        for (size_t k = 1; valid && k < n; k++) {
            valid = (p[k] & 0xC0) == 0x80;
        }
        if (valid && n == 3) {
            unsigned cp = ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6);
            valid = cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF);
        }
        if (valid && n == 4) {
            unsigned cp = ((unsigned)(p[0] & 0x07) << 18) | ((unsigned)(p[1] & 0x3F) << 12);
            valid = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (!valid || o + n >= cap) {
            out[o++] = '?';
            p++;
            continue;
        }
        memcpy(out + o, p, n);
        o += n;
        p += n;
    }
    out[o] = '\0';
}

int reply_error(FILE *out, json_object *id, const char *code, const char *message)
{
    char clean[2048];
    utf8_sanitize(message, clean, sizeof clean);
    message = clean;
    json_object *r = json_object_new_object();
    if (r == NULL) {
        return -1;
    }
    json_object_object_add(r, "id", id != NULL ? json_object_get(id) : NULL);
    json_object_object_add(r, "ok", json_object_new_boolean(0));
    json_object *e = json_object_new_object();
    json_object_object_add(e, "code", json_object_new_string(code));
    json_object_object_add(e, "message", json_object_new_string(message));
    json_object_object_add(r, "error", e);
    return reply_send(out, r);
}
