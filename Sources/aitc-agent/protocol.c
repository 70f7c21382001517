#include "protocol.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "line_reader.h"
#include "ops.h"
#include "reply.h"

#define JSON_MAX_DEPTH 64

/* Parse one complete JSON text; NULL with a message in err when it is not valid strict JSON. */
static json_object *parse_line(const char *line, size_t len, agent_error *err)
{
    if (memchr(line, '\0', len) != NULL) {
        agent_fail(err, AE_BAD_JSON, "line contains a NUL byte");
        return NULL;
    }
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t')) {
        len--;
    }
    if (len == 0) {
        agent_fail(err, AE_BAD_JSON, "empty line");
        return NULL;
    }
    if (len > (size_t)INT32_MAX) {
        agent_fail(err, AE_LINE_TOO_LONG, "line too long");
        return NULL;
    }
    json_tokener *tok = json_tokener_new_ex(JSON_MAX_DEPTH);
    if (tok == NULL) {
        agent_fail(err, AE_BAD_JSON, "out of memory creating the JSON parser");
        return NULL;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *obj = json_tokener_parse_ex(tok, line, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t used = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (jerr == json_tokener_continue) {
        json_object_put(obj);
        agent_fail(err, AE_BAD_JSON, "incomplete JSON (the line ends inside a value)");
        return NULL;
    }
    if (jerr != json_tokener_success || obj == NULL) {
        json_object_put(obj);
        agent_fail(err, AE_BAD_JSON, "not valid JSON: %s at byte %zu", json_tokener_error_desc(jerr), used);
        return NULL;
    }
    if (used != len) {
        json_object_put(obj);
        agent_fail(err, AE_BAD_JSON, "trailing characters after the JSON value at byte %zu", used);
        return NULL;
    }
    return obj;
}

int protocol_handle_line(agent_state *st, const char *line, size_t len, FILE *out)
{
    agent_error err = {0};
    json_object *req = parse_line(line, len, &err);
    if (req == NULL) {
        return reply_error(out, NULL, err.code, err.message);
    }
    int rc;
    json_object *id = NULL;
    if (!json_object_is_type(req, json_type_object)) {
        rc = reply_error(out, NULL, AE_BAD_JSON, "the line is JSON but not an object");
        json_object_put(req);
        return rc;
    }
    json_object *idv = NULL;
    if (json_object_object_get_ex(req, "id", &idv) && json_object_is_type(idv, json_type_int)) {
        /* json-c saturates out-of-range integers; echo only ids it holds exactly. */
        int64_t v = json_object_get_int64(idv);
        if (v != INT64_MIN && v != INT64_MAX) {
            id = idv;
        }
    }
    json_object *opv = NULL;
    if (id == NULL) {
        rc = reply_error(out, NULL, AE_BAD_REQUEST, "id: missing or not an integer");
    } else if (!json_object_object_get_ex(req, "op", &opv) || !json_object_is_type(opv, json_type_string)) {
        rc = reply_error(out, id, AE_BAD_REQUEST, "op: missing or not a string");
    } else {
        const char *op = json_object_get_string(opv);
        op_handler fn = ops_lookup(op);
        if (fn == NULL) {
            char msg[256];
            snprintf(msg, sizeof msg, "op: unknown operation '%.120s'", op);
            rc = reply_error(out, id, AE_UNKNOWN_OP, msg);
        } else if (!st->handshake_done && fn != op_hello) {
            rc = reply_error(out, id, AE_HANDSHAKE_REQUIRED, "send hello with protocol 1 first");
        } else {
            op_ctx c = {st, req, id, out, 0};
            if (fn(&c, &err) != 0) {
                rc = reply_error(out, id, err.code != NULL ? err.code : AE_BACKEND_ERROR, err.message);
            } else {
                rc = c.write_failed ? -1 : 0;
            }
        }
    }
    json_object_put(req);
    return rc;
}

int protocol_serve(agent_state *st, int in_fd, FILE *out, size_t max_line)
{
    line_reader r;
    line_reader_init(&r, in_fd, max_line);
    int rc = 0;
    while (!st->quit) {
        const char *line;
        size_t len;
        line_status s = line_reader_next(&r, &line, &len);
        if (s == LINE_EOF) {
            break;
        }
        if (s == LINE_ERROR) {
            rc = -1;
            break;
        }
        int w;
        if (s == LINE_TOO_LONG) {
            char msg[128];
            snprintf(msg, sizeof msg, "line exceeds %zu bytes; discarded up to the next newline", max_line);
            w = reply_error(out, NULL, AE_LINE_TOO_LONG, msg);
        } else {
            w = protocol_handle_line(st, line, len, out);
        }
        if (w != 0) {
            rc = -1;
            break;
        }
    }
    line_reader_free(&r);
    return rc;
}
