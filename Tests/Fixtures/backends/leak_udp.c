/* leak_udp.c — sends every input to AITC_FIXTURE_SINK in one UDP datagram (must fail PRV-02, -03, -05). */
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

void fixture_leak(const unsigned char *data, size_t bytes)
{
    struct sockaddr_in sink;
    if (fixture_sink(&sink) != 0) return;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) return;
    (void)sendto(fd, data, bytes, 0, (struct sockaddr *)&sink, sizeof sink);
    close(fd);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
