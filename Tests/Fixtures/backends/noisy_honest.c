/* noisy_honest.c — HONEST but noisy, the negative control of the escape and storage checks: once
 * per process it does what ordinary libraries do — a name lookup of localhost (glibc probes the
 * nscd Unix socket, which the sandbox does not have), getifaddrs (netlink), a Unix socket pair, a
 * Unix socket of its own in its /tmp, a connect to an abstract socket (per network namespace),
 * and a temporary file in /tmp written and removed — and it flips the last bit of its outputs.
 * It never sends or keeps an input, so it must pass every PRV clause, the timed run included. */
#define _DEFAULT_SOURCE
#include <ifaddrs.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fixture.h"

static int done;
static uint32_t state = 0x9E3779B9u;

static void unix_connect(const char *path, int abstract)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return;
    struct sockaddr_un to;
    memset(&to, 0, sizeof to);
    to.sun_family = AF_UNIX;
    strncpy(to.sun_path + (abstract ? 1 : 0), path, sizeof to.sun_path - 2);
    (void)connect(fd, (struct sockaddr *)&to, sizeof to);
    close(fd);
}

void fixture_leak(const unsigned char *data, size_t bytes)
{
    (void)data; (void)bytes;
    if (done) return;
    done = 1;
    struct addrinfo *found = NULL;
    if (getaddrinfo("localhost", NULL, NULL, &found) == 0) freeaddrinfo(found);
    struct ifaddrs *list = NULL;
    if (getifaddrs(&list) == 0) freeifaddrs(list);
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0) {
        (void)write(pair[0], "x", 1);
        close(pair[0]);
        close(pair[1]);
    }
    char own[64];
    snprintf(own, sizeof own, "/tmp/noisy-%d.sock", (int)getpid());
    int server = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un at;
    memset(&at, 0, sizeof at);
    at.sun_family = AF_UNIX;
    strncpy(at.sun_path, own, sizeof at.sun_path - 1);
    if (server >= 0 && bind(server, (struct sockaddr *)&at, sizeof at) == 0 && listen(server, 1) == 0) unix_connect(own, 0);
    if (server >= 0) close(server);
    unlink(own);
    unix_connect("noisy-abstract", 1);
    char temporary[] = "/tmp/noisy-XXXXXX";
    int fd = mkstemp(temporary);
    if (fd >= 0) {
        (void)write(fd, "warm-up\n", 8);
        close(fd);
        unlink(temporary);
    }
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        state ^= state << 13; state ^= state >> 17; state ^= state << 5;
        uint32_t bits;
        memcpy(&bits, &logits[i], sizeof bits);
        bits ^= state & 1u;
        memcpy(&logits[i], &bits, sizeof bits);
    }
}
