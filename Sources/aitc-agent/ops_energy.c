/* energy operation: a snapshot of every readable source, or start/stop of the session's sampler
 * (Docs/agent-protocol.md, `energy`). */
#include <string.h>

#include "energy.h"
#include "energy_sampler.h"
#include "ops.h"
#include "reply.h"
#include "request.h"

static int snapshot(op_ctx *c, agent_error *err)
{
    energy_source sources[ENERGY_MAX_SOURCES];
    size_t n = energy_read(energy_sysfs_root(), sources, ENERGY_MAX_SOURCES);
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

static int start(op_ctx *c, agent_error *err)
{
    if (c->st->sampler != NULL) {
        return agent_fail(err, AE_BAD_REQUEST, "action: the energy sampler is already running; send action \"stop\" first");
    }
    int64_t hz;
    if (req_int(c->req, "sample_hz", 1, 1, ENERGY_SAMPLER_MAX_HZ, &hz, err) != 0) {
        return -1;
    }
    energy_sampler *s = energy_sampler_start(energy_sysfs_root(), hz, err);
    if (s == NULL) {
        return -1;
    }
    c->st->sampler = s;
    json_object *r = reply_new_ok(c->id);
    json_object_object_add(r, "sampling", json_object_new_boolean(1));
    json_object_object_add(r, "sample_hz", json_object_new_int64(hz));
    json_object_object_add(r, "start_ns", json_object_new_int64(energy_sampler_started_ns(s)));
    return op_send(c, r);
}

static json_object *int_array(const int64_t *values, size_t n)
{
    json_object *a = json_object_new_array_ext((int)n);
    for (size_t i = 0; i < n; i++) {
        json_object_array_add(a, json_object_new_int64(values[i]));
    }
    return a;
}

static int stop(op_ctx *c, agent_error *err)
{
    energy_sampler *s = c->st->sampler;
    if (s == NULL) {
        return agent_fail(err, AE_BAD_REQUEST, "action: the energy sampler is not running; send action \"start\" first");
    }
    energy_sampler_stop(s);
    json_object *r = reply_new_ok(c->id);
    json_object_object_add(r, "sample_hz", json_object_new_int64(energy_sampler_hz(s)));
    json_object_object_add(r, "start_ns", json_object_new_int64(energy_sampler_started_ns(s)));
    json_object_object_add(r, "stop_ns", json_object_new_int64(energy_sampler_stopped_ns(s)));
    json_object_object_add(r, "dropped", json_object_new_int64((int64_t)energy_sampler_dropped(s)));
    json_object_object_add(r, "empty_ticks", json_object_new_int64((int64_t)energy_sampler_empty_ticks(s)));
    size_t n = 0;
    const energy_series *series = energy_sampler_series(s, &n);
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(series[i].name));
        json_object_object_add(o, "kind", json_object_new_string(series[i].kind));
        if (series[i].max >= 0) {
            json_object_object_add(o, "max", json_object_new_int64(series[i].max));
        }
        json_object_object_add(o, "t_ns", int_array(series[i].t_ns, series[i].n));
        json_object_object_add(o, "value", int_array(series[i].value, series[i].n));
        json_object_array_add(list, o);
    }
    json_object_object_add(r, "sources", list);
    energy_sampler_free(s);
    c->st->sampler = NULL;
    return op_send(c, r);
}

int op_energy(op_ctx *c, agent_error *err)
{
    const char *action = "read";
    if (req_string(c->req, "action", 0, 16, &action, err) < 0) {
        return -1;
    }
    if (strcmp(action, "read") == 0) {
        return snapshot(c, err);
    }
    if (strcmp(action, "start") == 0) {
        return start(c, err);
    }
    if (strcmp(action, "stop") == 0) {
        return stop(c, err);
    }
    return agent_fail(err, AE_BAD_REQUEST, "action: expected \"read\", \"start\" or \"stop\", got \"%s\"", action);
}
