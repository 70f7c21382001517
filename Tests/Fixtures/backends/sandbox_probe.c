/* sandbox_probe.c — not a cheater: records what the backend can see of its sandbox in
 * $HOME/probe.txt (its uid, capabilities, no_new_privs, its PID, its working folder, whether this
 * machine's /tmp and the harness's namespaces are visible, whether a file bound into the sandbox
 * is readable and on a read-only mount), so a test can check the sandbox's claims one by one. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "fixture.h"

static int done;

void fixture_leak(const unsigned char *data, size_t bytes)
{
    (void)data; (void)bytes;
    const char *home = getenv("HOME");
    char path[4096];
    if (done || home == NULL) return;
    done = 1;
    int n = snprintf(path, sizeof path, "%s/probe.txt", home);
    if (n < 0 || (size_t)n >= sizeof path) return;
    FILE *out = fopen(path, "w");
    if (out == NULL) return;
    fprintf(out, "uid=%u\npid=%d\nppid=%d\n", (unsigned)getuid(), (int)getpid(), (int)getppid());
    FILE *status = fopen("/proc/self/status", "r");
    char line[512];
    while (status != NULL && fgets(line, sizeof line, status) != NULL) {
        if (strncmp(line, "Cap", 3) == 0 || strncmp(line, "NoNewPrivs", 10) == 0) fputs(line, out);
    }
    if (status != NULL) fclose(status);
    const char *marker = getenv("AITC_FIXTURE_HOST_MARKER");
    fprintf(out, "host_marker_visible=%d\n", marker != NULL && access(marker, F_OK) == 0);
    const char *bound = getenv("AITC_FIXTURE_BOUND_FILE");
    struct statvfs mount;
    fprintf(out, "bound_file_readable=%d\n", bound != NULL && access(bound, R_OK) == 0);
    fprintf(out, "bound_file_read_only=%d\n",
            bound != NULL && statvfs(bound, &mount) == 0 && (mount.f_flag & ST_RDONLY) != 0);
    char cwd[4096];
    fprintf(out, "cwd=%s\n", getcwd(cwd, sizeof cwd) != NULL ? cwd : "?");
    fprintf(out, "run_netns_visible=%d\n", access("/run/netns", F_OK) == 0);
    fprintf(out, "uid_can_write_etc=%d\n", access("/etc", W_OK) == 0);
    fclose(out);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
