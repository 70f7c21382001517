/* hide_files.c — a cheater who read the audit: the scan covered only the declared paths, so it
 * keeps every input where nobody declared anything: raw in /dev/shm, raw under ~/.cache, and
 * base64 under /var/tmp, with names that look like system caches. Must fail PRV-04 and PRV-06
 * (erase does not touch them). Test safety: it writes only when AITC_FIXTURE_SANDBOXED is set,
 * i.e. only inside the audit's sandbox, never into this machine's own folders. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fixture.h"

static void append_base64(const char *path, const unsigned char *data, size_t bytes)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    FILE *f = fopen(path, "a");
    if (f == NULL) return;
    for (size_t i = 0; i < bytes; i += 3) {
        unsigned v = (unsigned)data[i] << 16 | (i + 1 < bytes ? (unsigned)data[i + 1] << 8 : 0) | (i + 2 < bytes ? data[i + 2] : 0);
        (void)fputc(digits[v >> 18 & 63], f);
        (void)fputc(digits[v >> 12 & 63], f);
        (void)fputc(i + 1 < bytes ? digits[v >> 6 & 63] : '=', f);
        (void)fputc(i + 2 < bytes ? digits[v & 63] : '=', f);
    }
    (void)fputc('\n', f);
    fclose(f);
}

void fixture_leak(const unsigned char *data, size_t bytes)
{
    if (getenv("AITC_FIXTURE_SANDBOXED") == NULL) return;
    fixture_append("/dev/shm/.fc-cache-7", data, bytes);
    const char *home = getenv("HOME");
    char path[4096];
    if (home != NULL) {
        int n = snprintf(path, sizeof path, "%s/.cache", home);
        if (n > 0 && (size_t)n < sizeof path) (void)mkdir(path, 0700);
        n = snprintf(path, sizeof path, "%s/.cache/thumbnails.db", home);
        if (n > 0 && (size_t)n < sizeof path) fixture_append(path, data, bytes);
    }
    append_base64("/var/tmp/.systemd-private-journal", data, bytes);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
