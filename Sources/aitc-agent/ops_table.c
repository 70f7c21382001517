#include <string.h>

#include "ops.h"
#include "reply.h"

op_handler ops_lookup(const char *name)
{
    static const struct {
        const char *name;
        op_handler fn;
    } table[] = {
        {"hello", op_hello},           {"device_info", op_device_info}, {"load_model", op_load_model},
        {"load_samples", op_load_samples}, {"run", op_run},             {"clock", op_clock},
        {"energy", op_energy},         {"erase", op_erase},             {"bye", op_bye},
        {"generate", op_generate},     {"device_key", op_device_key},   {"reveal", op_reveal},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].name, name) == 0) {
            return table[i].fn;
        }
    }
    return NULL;
}

int op_send(op_ctx *c, json_object *reply)
{
    if (reply_send(c->out, reply) != 0) {
        c->write_failed = 1;
    }
    return 0;
}
