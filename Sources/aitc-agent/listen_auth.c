#include "listen_auth.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "reply.h"

int listen_token_equal(const char *a, const char *b)
{
    size_t la = strlen(a);
    size_t lb = strlen(b);
    unsigned char diff = (unsigned char)(la != lb);
    for (size_t i = 0; i < la; i++) {
        diff |= (unsigned char)(a[i] ^ b[i % (lb > 0 ? lb : 1)]);
    }
    return diff == 0;
}

/* Read up to the first '\n' one byte at a time. 1: a line in buf; 0: too long, end of input or a
 * NUL byte; -1: read failed (including the receive timeout). */
static int read_auth_line(int fd, char *buf, size_t cap, size_t *len)
{
    size_t n = 0;
    for (;;) {
        char c;
        ssize_t r = read(fd, &c, 1);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (r == 0 || c == '\0') {
            return 0;
        }
        if (c == '\n') {
            break;
        }
        if (n + 1 >= cap) {
            return 0;
        }
        buf[n++] = c;
    }
    if (n > 0 && buf[n - 1] == '\r') {
        n--;
    }
    buf[n] = '\0';
    *len = n;
    return 1;
}

int listen_authenticate(int fd, FILE *out, const char *token)
{
    char line[LISTEN_AUTH_MAX_LINE + 1];
    size_t len = 0;
    int got = read_auth_line(fd, line, sizeof line, &len);
    if (got < 0) {
        return -1;
    }
    if (got == 0) {
        return reply_error(out, NULL, AE_AUTH_REQUIRED, "the first line must be an auth request") == 0 ? 0 : -1;
    }
    json_object *req = json_tokener_parse(line);
    json_object *id = NULL, *op = NULL, *tok = NULL;
    int ok = 0;
    const char *problem = "the first line must be {\"id\":0,\"op\":\"auth\",\"token\":\"...\"}";
    if (req != NULL && json_object_is_type(req, json_type_object)) {
        if (json_object_object_get_ex(req, "id", &id) && !json_object_is_type(id, json_type_int)) {
            id = NULL;
        }
        if (json_object_object_get_ex(req, "op", &op) && json_object_is_type(op, json_type_string) &&
            strcmp(json_object_get_string(op), "auth") == 0) {
            if (json_object_object_get_ex(req, "token", &tok) && json_object_is_type(tok, json_type_string)) {
                ok = listen_token_equal(json_object_get_string(tok), token);
                problem = "wrong token";
            } else {
                problem = "token: missing or not a string";
            }
        }
    }
    int rc;
    if (ok) {
        json_object *reply = reply_new_ok(id);
        if (reply == NULL) {
            json_object_put(req);
            return -1;
        }
        json_object_object_add(reply, "auth", json_object_new_string("accepted"));
        rc = reply_send(out, reply) == 0 ? 1 : -1;
    } else {
        const char *code = strcmp(problem, "wrong token") == 0 ? AE_UNAUTHORIZED : AE_AUTH_REQUIRED;
        rc = reply_error(out, id, code, problem) == 0 ? 0 : -1;
    }
    json_object_put(req);
    return rc;
}
