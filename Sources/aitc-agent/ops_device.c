/* device_info operation. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "device_info.h"
#include "ops.h"
#include "reply.h"

/* "<kind>:<driver>" for every node under `class_dir` whose name starts with `prefix` (the driver is
 * the basename of its device/driver link, or the node's name when there is none). */
static void add_units(json_object *acc, const char *class_dir, const char *prefix, const char *kind)
{
    DIR *d = opendir(class_dir);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0) {
            continue;
        }
        char link[512], target[256], unit[320];
        int n = snprintf(link, sizeof link, "%s/%s/device/driver", class_dir, e->d_name);
        ssize_t len = n > 0 && (size_t)n < sizeof link ? readlink(link, target, sizeof target - 1) : -1;
        const char *driver = e->d_name;
        if (len > 0) {
            target[len] = '\0';
            const char *slash = strrchr(target, '/');
            driver = slash != NULL ? slash + 1 : target;
        }
        n = snprintf(unit, sizeof unit, "%s:%s", kind, driver);
        if (n > 0 && (size_t)n < sizeof unit) {
            json_object_array_add(acc, json_object_new_string(unit));
        }
    }
    closedir(d);
}

/* The units a backend could run on: the CPU, NPUs of the Linux accel subsystem, GPU render nodes,
 * and MediaTek's APU device node. The accelerator-claim audit holds a backend's claim against this. */
static json_object *accelerators(void)
{
    json_object *acc = json_object_new_array();
    json_object_array_add(acc, json_object_new_string("cpu"));
    add_units(acc, "/sys/class/accel", "accel", "npu");
    add_units(acc, "/sys/class/drm", "renderD", "gpu");
    if (access("/dev/apusys", F_OK) == 0) {
        json_object_array_add(acc, json_object_new_string("npu:apusys"));
    }
    return acc;
}

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
    json_object_object_add(r, "accelerators", accelerators());
    return op_send(c, r);
}
