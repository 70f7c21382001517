/* listen_peers.h — what the tcp agent remembers about each peer address: wrong tokens and the
 * back-off they earned.
 *
 * After the k-th wrong token in a row from one address, that address may not try again for
 * LISTEN_BACKOFF_BASE_MS * 2^(k-1) ms (capped at LISTEN_BACKOFF_MAX_MS); an attempt inside that
 * window is refused without looking at its token. The right token clears the record. The table holds
 * LISTEN_PEERS_MAX addresses; when full, the entry idle longest is reused. */
#ifndef AITC_LISTEN_PEERS_H
#define AITC_LISTEN_PEERS_H

#include <stdint.h>

#define LISTEN_BACKOFF_BASE_MS 250
#define LISTEN_BACKOFF_MAX_MS 60000
#define LISTEN_PEERS_MAX 256
#define LISTEN_PEER_TEXT 64

typedef struct {
    char addr[LISTEN_PEER_TEXT];
    int failures;
    int64_t blocked_until_ns;
    int64_t last_ns;
} listen_peer;

typedef struct {
    listen_peer peers[LISTEN_PEERS_MAX];
    int n;
} listen_peers;

/* Nanoseconds `addr` must still wait before its token is looked at (0: it may try now). */
int64_t listen_peers_wait(const listen_peers *t, const char *addr, int64_t now);

/* Record a wrong token from `addr`; returns the back-off it earned, in ms. */
int64_t listen_peers_failed(listen_peers *t, const char *addr, int64_t now);

/* Forget `addr`'s failures (it sent the right token). */
void listen_peers_succeeded(listen_peers *t, const char *addr);

#endif
