/* ops.h — one handler per protocol operation.
 *
 * A handler either sends its own success reply (returning 0) or returns -1 with `err` filled, and
 * the dispatcher sends the error reply. Output failures are recorded in ctx->write_failed. */
#ifndef AITC_OPS_H
#define AITC_OPS_H

#include <stdio.h>

#include <json-c/json.h>

#include "agent_error.h"
#include "agent_state.h"

#define AGENT_NAME "aitc-agent"
#define AGENT_VERSION "0.1.0"
#define AGENT_PROTOCOL 1

typedef struct {
    agent_state *st;
    json_object *req;
    json_object *id;
    FILE *out;
    int write_failed;
} op_ctx;

typedef int (*op_handler)(op_ctx *c, agent_error *err);

/* Send a success reply built with reply_new_ok(c->id). */
int op_send(op_ctx *c, json_object *reply);

int op_hello(op_ctx *c, agent_error *err);
int op_clock(op_ctx *c, agent_error *err);
int op_bye(op_ctx *c, agent_error *err);
int op_erase(op_ctx *c, agent_error *err);
int op_device_info(op_ctx *c, agent_error *err);
int op_energy(op_ctx *c, agent_error *err);
int op_load_model(op_ctx *c, agent_error *err);
int op_load_samples(op_ctx *c, agent_error *err);
int op_run(op_ctx *c, agent_error *err);
int op_reveal(op_ctx *c, agent_error *err);
int op_generate(op_ctx *c, agent_error *err);
int op_device_key(op_ctx *c, agent_error *err);

/* The handler for `name`, or NULL for an unknown op. */
op_handler ops_lookup(const char *name);

#endif
