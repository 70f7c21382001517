/* device_info.h — what the device says about itself (DMI, device tree, /etc/os-release, uname,
 * /proc/cpuinfo, sysconf). Any field the device does not state is "unknown"; nothing is invented. */
#ifndef AITC_DEVICE_INFO_H
#define AITC_DEVICE_INFO_H

#include <stdint.h>

#define DEVICE_FIELD_MAX 256

typedef struct {
    char manufacturer[DEVICE_FIELD_MAX];
    char model[DEVICE_FIELD_MAX];
    char os[DEVICE_FIELD_MAX];
    char os_version[DEVICE_FIELD_MAX];
    char os_build[DEVICE_FIELD_MAX];
    char kernel[DEVICE_FIELD_MAX];
    char arch[DEVICE_FIELD_MAX];
    char cpu[DEVICE_FIELD_MAX];
    char hostname[DEVICE_FIELD_MAX];
    int64_t cores;        /* -1 when unknown */
    int64_t memory_bytes; /* -1 when unknown */
} device_info;

/* Collect from the files under `root` ("" for the real filesystem; a directory for tests). */
void device_info_collect(const char *root, device_info *out);

#endif
