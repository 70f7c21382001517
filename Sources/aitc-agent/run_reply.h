/* run_reply.h — writes a run reply straight to the stream (no JSON tree): 100k queries stay fast. */
#ifndef AITC_RUN_REPLY_H
#define AITC_RUN_REPLY_H

#include <stdio.h>

#include <json-c/json.h>

#include "executor.h"
#include "output_store.h"
#include "retained_outputs.h"

/* One line: {"id":..,"ok":true,"count":Q,"run_begin_ns":..,"run_end_ns":..,"start_ns":[..],
 * "end_ns":[..],"accelerator":"..","accelerator_changes":N,"outputs":[..]}. `output_names` has one name
 * per stored output. With `digests` (Q × 32 bytes): "output_digests":[Q hex], "retained_bytes",
 * "retain_max_bytes" and an empty "outputs". 0, or -1 on write failure. */
int run_reply_write(FILE *out, json_object *id, const exec_result *r, size_t n_queries, const output_store *store,
                    const char *const *output_names, const uint8_t *digests);
/* The `reveal` reply: {"id":..,"ok":true,"count":Q,"outputs":[..]}, one entry per sample of each asked
 * query (in the order asked), with "raw" base64 bytes beside the values. */
int reveal_reply_write(FILE *out, json_object *id, const retained_outputs *kept, const int64_t *queries, size_t n);

#endif
