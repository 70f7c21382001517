/* reply.h — building and sending reply lines. */
#ifndef AITC_REPLY_H
#define AITC_REPLY_H

#include <stdio.h>

#include <json-c/json.h>

/* {"id": id (or null), "ok": true}; the caller adds result fields. */
json_object *reply_new_ok(json_object *id);
/* Serialize `reply` as one line, flush, free it. 0 on success, -1 when the output failed. */
int reply_send(FILE *out, json_object *reply);
/* Send {"id":..., "ok":false, "error":{"code":..., "message":...}}. */
int reply_error(FILE *out, json_object *id, const char *code, const char *message);

#endif
