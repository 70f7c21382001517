#include "listen_auth.h"

#include <stdint.h>
#include <string.h>
#include <stdio.h>

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

int listen_auth_line(const char *line, FILE *out, const char *token, int64_t backoff_ms)
{
    json_object *req = json_tokener_parse(line);
    json_object *id = NULL, *op = NULL, *tok = NULL;
    int verdict = 0;
    const char *problem = "the first line must be {\"id\":0,\"op\":\"auth\",\"token\":\"...\"}";
    const char *code = AE_AUTH_REQUIRED;
    char backoff_text[160];
    if (req != NULL && json_object_is_type(req, json_type_object)) {
        if (json_object_object_get_ex(req, "id", &id) && !json_object_is_type(id, json_type_int)) {
            id = NULL;
        }
        if (json_object_object_get_ex(req, "op", &op) && json_object_is_type(op, json_type_string) &&
            strcmp(json_object_get_string(op), "auth") == 0) {
            if (!json_object_object_get_ex(req, "token", &tok) || !json_object_is_type(tok, json_type_string)) {
                problem = "token: missing or not a string";
            } else if (backoff_ms > 0) {
                snprintf(backoff_text, sizeof backoff_text,
                         "too many wrong tokens from this address: retry in %lld ms (the token was not checked)",
                         (long long)backoff_ms);
                problem = backoff_text;
                code = AE_UNAUTHORIZED;
            } else if (listen_token_equal(json_object_get_string(tok), token)) {
                verdict = 1;
            } else {
                problem = "wrong token";
                code = AE_UNAUTHORIZED;
                verdict = 2;
            }
        }
    }
    int rc;
    if (verdict == 1) {
        json_object *reply = reply_new_ok(id);
        if (reply == NULL) {
            json_object_put(req);
            return -1;
        }
        json_object_object_add(reply, "auth", json_object_new_string("accepted"));
        rc = reply_send(out, reply) == 0 ? 1 : -1;
    } else {
        rc = reply_error(out, id, code, problem) == 0 ? verdict : -1;
    }
    json_object_put(req);
    return rc;
}
