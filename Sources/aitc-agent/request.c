#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lookup(json_object *req, const char *field, int required, json_type type, const char *type_name,
                  json_object **out, agent_error *err)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(req, field, &v) || v == NULL) {
        if (required) {
            return agent_fail(err, AE_BAD_REQUEST, "%s: missing (required %s)", field, type_name);
        }
        return 1;
    }
    if (!json_object_is_type(v, type)) {
        return agent_fail(err, AE_BAD_REQUEST, "%s: must be %s, got %s", field, type_name,
                          json_type_to_name(json_object_get_type(v)));
    }
    *out = v;
    return 0;
}

int req_string(json_object *req, const char *field, int required, size_t max_len, const char **out,
               agent_error *err)
{
    json_object *v;
    int rc = lookup(req, field, required, json_type_string, "a string", &v, err);
    if (rc != 0) {
        return rc;
    }
    const char *s = json_object_get_string(v);
    size_t len = (size_t)json_object_get_string_len(v);
    if (len == 0) {
        return agent_fail(err, AE_BAD_REQUEST, "%s: must not be empty", field);
    }
    if (strlen(s) != len) {
        return agent_fail(err, AE_BAD_REQUEST, "%s: must not contain NUL characters", field);
    }
    if (len > max_len) {
        return agent_fail(err, AE_BAD_REQUEST, "%s: longer than %zu bytes", field, max_len);
    }
    *out = s;
    return 0;
}

static int int_value(json_object *v, const char *field, int64_t min, int64_t max, int64_t *out, agent_error *err)
{
    if (!json_object_is_type(v, json_type_int)) {
        return agent_fail(err, AE_BAD_REQUEST, "%s: must be an integer, got %s", field,
                          json_type_to_name(json_object_get_type(v)));
    }
    /* json-c keeps values above INT64_MAX as uint64; get_int64 clamps them to INT64_MAX. */
    int64_t x = json_object_get_int64(v);
    if (x < min || x > max) {
        return agent_fail(err, AE_BAD_REQUEST, "%s: %s is outside [%lld, %lld]", field, json_object_to_json_string(v),
                          (long long)min, (long long)max);
    }
    *out = x;
    return 0;
}

int req_int(json_object *req, const char *field, int required, int64_t min, int64_t max, int64_t *out,
            agent_error *err)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(req, field, &v) || v == NULL) {
        if (required) {
            return agent_fail(err, AE_BAD_REQUEST, "%s: missing (required integer)", field);
        }
        return 1;
    }
    return int_value(v, field, min, max, out, err);
}

int req_array(json_object *req, const char *field, int required, json_object **out, agent_error *err)
{
    return lookup(req, field, required, json_type_array, "an array", out, err);
}

int req_object(json_object *req, const char *field, int required, json_object **out, agent_error *err)
{
    return lookup(req, field, required, json_type_object, "an object", out, err);
}

int req_int_array(json_object *array, const char *field, int64_t min, int64_t max, int64_t **out, size_t *n,
                  agent_error *err)
{
    size_t len = json_object_array_length(array);
    int64_t *values = malloc((len > 0 ? len : 1) * sizeof *values);
    if (values == NULL) {
        return agent_fail(err, AE_BAD_REQUEST, "%s: too many entries (%zu) to hold in memory", field, len);
    }
    for (size_t i = 0; i < len; i++) {
        json_object *v = json_object_array_get_idx(array, i);
        char name[96];
        snprintf(name, sizeof name, "%s[%zu]", field, i);
        if (v == NULL) {
            free(values);
            return agent_fail(err, AE_BAD_REQUEST, "%s: must be an integer, got null", name);
        }
        if (int_value(v, name, min, max, &values[i], err) != 0) {
            free(values);
            return -1;
        }
    }
    *out = values;
    *n = len;
    return 0;
}
