/* energy operation. */
#include "energy.h"
#include "ops.h"
#include "reply.h"

int op_energy(op_ctx *c, agent_error *err)
{
    energy_source sources[ENERGY_MAX_SOURCES];
    size_t n = energy_read("", sources, ENERGY_MAX_SOURCES);
    if (n == 0) {
        return agent_fail(err, AE_UNSUPPORTED,
                          "no readable energy or power counter (powercap, hwmon, power_supply); RAPL energy_uj is often "
                          "root-only");
    }
    json_object *r = reply_new_ok(c->id);
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < n; i++) {
        json_object *s = json_object_new_object();
        json_object_object_add(s, "name", json_object_new_string(sources[i].name));
        json_object_object_add(s, "kind", json_object_new_string(sources[i].kind));
        json_object_object_add(s, "value", json_object_new_int64(sources[i].value));
        if (sources[i].max >= 0) {
            json_object_object_add(s, "max", json_object_new_int64(sources[i].max));
        }
        json_object_object_add(s, "t_ns", json_object_new_int64(sources[i].t_ns));
        json_object_array_add(list, s);
    }
    json_object_object_add(r, "sources", list);
    return op_send(c, r);
}
