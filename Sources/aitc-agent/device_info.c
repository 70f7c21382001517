#include "device_info.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "file_util.h"

#define UNKNOWN "unknown"

static void set(char *dst, const char *src)
{
    snprintf(dst, DEVICE_FIELD_MAX, "%s", (src != NULL && src[0] != '\0') ? src : UNKNOWN);
}

/* Read root+path into dst; leaves dst untouched (and returns -1) when absent or blank. */
static int read_field(const char *root, const char *path, char *dst)
{
    char full[512], buf[DEVICE_FIELD_MAX];
    snprintf(full, sizeof full, "%s%s", root, path);
    if (file_read_text(full, buf, sizeof buf) != 0 || buf[0] == '\0') {
        return -1;
    }
    set(dst, buf);
    return 0;
}

/* Value of KEY=VALUE in os-release content (quotes removed), or "" when absent. */
static void os_release_value(const char *text, const char *key, char *dst)
{
    size_t klen = strlen(key);
    const char *p = text;
    while (p != NULL && *p != '\0') {
        if (strncmp(p, key, klen) == 0 && p[klen] == '=') {
            const char *v = p + klen + 1;
            const char *end = strchr(v, '\n');
            size_t n = end != NULL ? (size_t)(end - v) : strlen(v);
            if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
                v++;
                n -= 2;
            }
            char buf[DEVICE_FIELD_MAX];
            if (n >= sizeof buf) {
                n = sizeof buf - 1;
            }
            memcpy(buf, v, n);
            buf[n] = '\0';
            set(dst, buf);
            return;
        }
        p = strchr(p, '\n');
        if (p != NULL) {
            p++;
        }
    }
}

/* First "key : value" line of /proc/cpuinfo whose key matches, value copied to dst. */
static int cpuinfo_value(const char *text, const char *key, char *dst, size_t cap)
{
    size_t klen = strlen(key);
    for (const char *p = text; p != NULL && *p != '\0';) {
        const char *eol = strchr(p, '\n');
        size_t n = eol != NULL ? (size_t)(eol - p) : strlen(p);
        if (n > klen && strncmp(p, key, klen) == 0 && (p[klen] == ' ' || p[klen] == '\t' || p[klen] == ':')) {
            const char *colon = memchr(p, ':', n);
            if (colon != NULL) {
                const char *v = colon + 1;
                while (v < p + n && (*v == ' ' || *v == '\t')) {
                    v++;
                }
                size_t vn = (size_t)(p + n - v);
                if (vn > 0) {
                    if (vn >= cap) {
                        vn = cap - 1;
                    }
                    memcpy(dst, v, vn);
                    dst[vn] = '\0';
                    return 0;
                }
            }
        }
        p = eol != NULL ? eol + 1 : NULL;
    }
    return -1;
}

static void collect_cpu(const char *root, device_info *out)
{
    char path[512];
    char buf[16384];
    snprintf(path, sizeof path, "%s/proc/cpuinfo", root);
    if (file_read_text(path, buf, sizeof buf) != 0) {
        return;
    }
    char value[DEVICE_FIELD_MAX];
    if (cpuinfo_value(buf, "model name", value, sizeof value) == 0 || cpuinfo_value(buf, "Hardware", value, sizeof value) == 0 ||
        cpuinfo_value(buf, "cpu model", value, sizeof value) == 0) {
        set(out->cpu, value);
        return;
    }
    char impl[64], part[64];
    if (cpuinfo_value(buf, "CPU implementer", impl, sizeof impl) == 0) {
        char composed[DEVICE_FIELD_MAX];
        if (cpuinfo_value(buf, "CPU part", part, sizeof part) == 0) {
            snprintf(composed, sizeof composed, "CPU implementer %s part %s", impl, part);
        } else {
            snprintf(composed, sizeof composed, "CPU implementer %s", impl);
        }
        set(out->cpu, composed);
    }
}

void device_info_collect(const char *root, device_info *out)
{
    char *fields[] = {out->manufacturer, out->model, out->os,   out->os_version, out->os_build,
                      out->kernel,       out->arch,  out->cpu,  out->hostname};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        set(fields[i], NULL);
    }
    out->cores = -1;
    out->memory_bytes = -1;

    read_field(root, "/sys/class/dmi/id/sys_vendor", out->manufacturer);
    if (read_field(root, "/sys/class/dmi/id/product_name", out->model) != 0) {
        read_field(root, "/sys/firmware/devicetree/base/model", out->model);
    }

    char path[512], text[8192];
    snprintf(path, sizeof path, "%s/etc/os-release", root);
    if (file_read_text(path, text, sizeof text) != 0) {
        snprintf(path, sizeof path, "%s/usr/lib/os-release", root);
        if (file_read_text(path, text, sizeof text) != 0) {
            text[0] = '\0';
        }
    }
    os_release_value(text, "NAME", out->os);
    os_release_value(text, "VERSION_ID", out->os_version);
    os_release_value(text, "BUILD_ID", out->os_build);

    struct utsname u;
    if (uname(&u) == 0) {
        set(out->kernel, u.release);
        set(out->arch, u.machine);
    }
    collect_cpu(root, out);

    char host[DEVICE_FIELD_MAX];
    if (gethostname(host, sizeof host) == 0) {
        host[sizeof host - 1] = '\0';
        set(out->hostname, host);
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores > 0) {
        out->cores = cores;
    }
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0 && (int64_t)pages <= INT64_MAX / (int64_t)page) {
        out->memory_bytes = (int64_t)pages * (int64_t)page;
    }
}
