#include "energy.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_util.h"
#include "monotonic.h"

/* Parse a whole sysfs file as a decimal integer. */
static int read_int(const char *path, int64_t *out)
{
    char buf[64];
    if (file_read_text(path, buf, sizeof buf) != 0 || buf[0] == '\0') {
        return -1;
    }
    char *end = NULL;
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    if (errno != 0 || end == buf || *end != '\0') {
        return -1;
    }
    *out = (int64_t)v;
    return 0;
}

static int add(energy_source *out, size_t cap, size_t *n, const char *name, const char *kind, int64_t value,
               int64_t max)
{
    if (*n >= cap) {
        return -1;
    }
    energy_source *s = &out[(*n)++];
    snprintf(s->name, sizeof s->name, "%s", name);
    s->kind = kind;
    s->value = value;
    s->max = max;
    s->t_ns = mono_ns();
    return 0;
}

static void read_powercap(const char *root, energy_source *out, size_t cap, size_t *n)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/class/powercap", root);
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char path[800];
        int64_t v, max = -1;
        snprintf(path, sizeof path, "%s/%s/energy_uj", dir, e->d_name);
        if (read_int(path, &v) != 0) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s/max_energy_range_uj", dir, e->d_name);
        if (read_int(path, &max) != 0) {
            max = -1;
        }
        add(out, cap, n, e->d_name, "energy_uj", v, max);
    }
    closedir(d);
}

static void read_hwmon(const char *root, energy_source *out, size_t cap, size_t *n)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/class/hwmon", root);
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char path[800], chip[64];
        snprintf(path, sizeof path, "%s/%s/name", dir, e->d_name);
        if (file_read_text(path, chip, sizeof chip) != 0 || chip[0] == '\0') {
            snprintf(chip, sizeof chip, "%s", "hwmon");
        }
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        DIR *h = opendir(path);
        if (h == NULL) {
            continue;
        }
        struct dirent *f;
        while ((f = readdir(h)) != NULL) {
            const char *kind = NULL;
            size_t len = strlen(f->d_name);
            if (len > 6 && strcmp(f->d_name + len - 6, "_input") == 0) {
                if (strncmp(f->d_name, "energy", 6) == 0) {
                    kind = "energy_uj";
                } else if (strncmp(f->d_name, "power", 5) == 0) {
                    kind = "power_uw";
                }
            }
            if (kind == NULL) {
                continue;
            }
            char file[1100], name[160];
            int64_t v;
            snprintf(file, sizeof file, "%s/%s", path, f->d_name);
            if (read_int(file, &v) != 0) {
                continue;
            }
            int w = snprintf(name, sizeof name, "%s:%s:%.*s", e->d_name, chip, (int)(len - 6), f->d_name);
            if (w < 0 || (size_t)w >= sizeof name) {
                continue; /* a name that does not fit would be ambiguous */
            }
            add(out, cap, n, name, kind, v, -1);
        }
        closedir(h);
    }
    closedir(d);
}

static void read_power_supply(const char *root, energy_source *out, size_t cap, size_t *n)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/class/power_supply", root);
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char path[800], name[160];
        int64_t power, cur, volt;
        int w = snprintf(name, sizeof name, "power_supply:%s", e->d_name);
        if (w < 0 || (size_t)w >= sizeof name) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s/power_now", dir, e->d_name);
        if (read_int(path, &power) == 0) {
            add(out, cap, n, name, "power_uw", power, -1);
            continue;
        }
        snprintf(path, sizeof path, "%s/%s/current_now", dir, e->d_name);
        if (read_int(path, &cur) != 0) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s/voltage_now", dir, e->d_name);
        if (read_int(path, &volt) != 0) {
            continue;
        }
        /* µA × µV = pW; divide by 10^6 for µW. Magnitudes stay far below int64 for real batteries. */
        if (cur > INT64_C(1000000000000) || cur < -INT64_C(1000000000000) || volt > INT64_C(1000000000000) ||
            volt < -INT64_C(1000000000000)) {
            continue;
        }
        double uw = (double)cur * (double)volt / 1e6;
        add(out, cap, n, name, "power_uw", (int64_t)uw, -1);
    }
    closedir(d);
}

size_t energy_read(const char *root, energy_source *out, size_t cap)
{
    size_t n = 0;
    read_powercap(root, out, cap, &n);
    read_hwmon(root, out, cap, &n);
    read_power_supply(root, out, cap, &n);
    return n;
}

const char *energy_sysfs_root(void)
{
    const char *root = getenv("AITC_SYSFS_ROOT");
    return root != NULL && root[0] != '\0' ? root : "/sys";
}
