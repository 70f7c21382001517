/* request.h — typed access to request fields. Every failure is a bad_request naming the field.
 * Return values: 0 = present and valid, 1 = absent and optional, -1 = invalid (err filled). */
#ifndef AITC_REQUEST_H
#define AITC_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "agent_error.h"

/* A non-empty string without NUL bytes, at most max_len bytes. */
int req_string(json_object *req, const char *field, int required, size_t max_len, const char **out,
               agent_error *err);
/* An integer in [min, max]. */
int req_int(json_object *req, const char *field, int required, int64_t min, int64_t max, int64_t *out,
            agent_error *err);
int req_array(json_object *req, const char *field, int required, json_object **out, agent_error *err);
int req_object(json_object *req, const char *field, int required, json_object **out, agent_error *err);
/* Copy an array of integers in [min, max] into a fresh malloc'd buffer (*out, *n). */
int req_int_array(json_object *array, const char *field, int64_t min, int64_t max, int64_t **out, size_t *n,
                  agent_error *err);

#endif
