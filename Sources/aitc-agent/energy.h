/* energy.h — on-device energy and power counters from sysfs:
 *   powercap  <root>/class/powercap/<zone>/energy_uj (+ max_energy_range_uj)   kind "energy_uj"
 *   hwmon     <root>/class/hwmon/hwmonN/energyK_input (µJ), powerK_input (µW)  kind "energy_uj" / "power_uw"
 *   battery   <root>/class/power_supply/<psu>/power_now, or current_now × voltage_now   kind "power_uw"
 * `root` is the sysfs directory: "/sys" on a device, or the directory named by the environment
 * variable AITC_SYSFS_ROOT (tests feed a fake tree through it).
 * Only counters that can actually be read are listed. */
#ifndef AITC_ENERGY_H
#define AITC_ENERGY_H

#include <stddef.h>
#include <stdint.h>

#define ENERGY_MAX_SOURCES 64

typedef struct {
    char name[160];
    const char *kind; /* "energy_uj" or "power_uw" */
    int64_t value;
    int64_t max; /* wrap-around range, -1 when not stated */
    int64_t t_ns;
} energy_source;

/* Fill up to `cap` sources; returns how many were read. */
size_t energy_read(const char *root, energy_source *out, size_t cap);

/* The sysfs directory to read: $AITC_SYSFS_ROOT when set and non-empty, else "/sys". */
const char *energy_sysfs_root(void);

#endif
