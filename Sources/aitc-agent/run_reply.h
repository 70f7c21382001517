/* run_reply.h — writes a run reply straight to the stream (no JSON tree): 100k queries stay fast. */
#ifndef AITC_RUN_REPLY_H
#define AITC_RUN_REPLY_H

#include <stdio.h>

#include <json-c/json.h>

#include "executor.h"
#include "output_store.h"

/* One line: {"id":..,"ok":true,"count":Q,"run_begin_ns":..,"run_end_ns":..,"start_ns":[..],
 * "end_ns":[..],"accelerator":"..","accelerator_changes":N,"outputs":[..]}. `output_names` has one name
 * per stored output. 0, or -1 on write failure. */
int run_reply_write(FILE *out, json_object *id, const exec_result *r, size_t n_queries, const output_store *store,
                    const char *const *output_names);

#endif
