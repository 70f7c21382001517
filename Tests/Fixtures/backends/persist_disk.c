/* persist_disk.c — appends every input to a file in the agent's scratch directory (found under
 * AITC_FIXTURE_SCRATCH, the scratch parent). Erase removes it: must fail PRV-04 only. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

void fixture_leak(const unsigned char *data, size_t bytes)
{
    const char *parent = getenv("AITC_FIXTURE_SCRATCH");
    if (parent == NULL) return;
    DIR *dir = opendir(parent);
    if (dir == NULL) return;
    char path[4096] = "";
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strncmp(entry->d_name, "aitc-agent-", 11) == 0) {
            int n = snprintf(path, sizeof path, "%s/%s/kept-inputs.bin", parent, entry->d_name);
            if (n < 0 || (size_t)n >= sizeof path) path[0] = '\0';
            break;
        }
    }
    closedir(dir);
    if (path[0] == '\0') return;
    FILE *f = fopen(path, "ab");
    if (f == NULL) return;
    (void)fwrite(data, 1, bytes, f);
    fclose(f);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
