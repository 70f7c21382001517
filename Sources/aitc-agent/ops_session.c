/* Session operations: hello, clock, erase, bye. */
#include "agent_error.h"
#include "aitc_reference.h"
#include "monotonic.h"
#include "ops.h"
#include "reply.h"
#include "request.h"
#include "scratch.h"

int op_hello(op_ctx *c, agent_error *err)
{
    int64_t version;
    if (req_int(c->req, "protocol", 1, INT64_MIN, INT64_MAX, &version, err) != 0) {
        return -1;
    }
    if (version != AGENT_PROTOCOL) {
        return agent_fail(err, AE_UNSUPPORTED_VERSION, "protocol: this agent speaks version %d, not %lld",
                          AGENT_PROTOCOL, (long long)version);
    }
    c->st->handshake_done = 1;
    static const char *caps[] = {"device_info", "load_model", "load_samples", "run",        "generate", "clock",
                                 "energy",      "erase",      "bye",          "device_key", "reveal"};
    json_object *r = reply_new_ok(c->id);
    json_object_object_add(r, "agent", json_object_new_string(AGENT_NAME));
    json_object_object_add(r, "agent_version", json_object_new_string(AGENT_VERSION));
    json_object_object_add(r, "protocol", json_object_new_int(AGENT_PROTOCOL));
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        json_object_array_add(list, json_object_new_string(caps[i]));
    }
    json_object_object_add(r, "capabilities", list);
    json_object_object_add(r, "clock", json_object_new_string("CLOCK_MONOTONIC"));
    json_object *backends = json_object_new_array();
    if (aitc_reference_backend() != NULL) {
        json_object_array_add(backends, json_object_new_string("reference"));
    }
    json_object_object_add(r, "backends", backends);
    return op_send(c, r);
}

int op_clock(op_ctx *c, agent_error *err)
{
    (void)err;
    json_object *r = reply_new_ok(c->id);
    json_object_object_add(r, "mono_ns", json_object_new_int64(mono_ns()));
    return op_send(c, r);
}

int op_erase(op_ctx *c, agent_error *err)
{
    agent_state_clear(c->st);
    if (c->st->scratch != NULL && scratch_empty(c->st->scratch, err) != 0) {
        return -1;
    }
    json_object *r = reply_new_ok(c->id);
    json_object_object_add(r, "erased", json_object_new_boolean(1));
    return op_send(c, r);
}

int op_bye(op_ctx *c, agent_error *err)
{
    (void)err;
    c->st->quit = 1;
    return op_send(c, reply_new_ok(c->id));
}
