/* device_info operation. */
#include "device_info.h"
#include "ops.h"
#include "reply.h"

int op_device_info(op_ctx *c, agent_error *err)
{
    (void)err;
    device_info d;
    device_info_collect("", &d);
    json_object *r = reply_new_ok(c->id);
    const struct {
        const char *key;
        const char *value;
    } strings[] = {
        {"manufacturer", d.manufacturer}, {"model", d.model}, {"os", d.os},     {"os_version", d.os_version},
        {"os_build", d.os_build},         {"kernel", d.kernel}, {"arch", d.arch}, {"cpu", d.cpu},
        {"hostname", d.hostname},
    };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        json_object_object_add(r, strings[i].key, json_object_new_string(strings[i].value));
    }
    json_object_object_add(r, "cores", d.cores >= 0 ? json_object_new_int64(d.cores) : json_object_new_string("unknown"));
    json_object_object_add(r, "memory_bytes",
                           d.memory_bytes >= 0 ? json_object_new_int64(d.memory_bytes) : json_object_new_string("unknown"));
    json_object *acc = json_object_new_array();
    json_object_array_add(acc, json_object_new_string("cpu"));
    json_object_object_add(r, "accelerators", acc);
    return op_send(c, r);
}
