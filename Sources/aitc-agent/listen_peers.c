#include "listen_peers.h"

#include <string.h>

static listen_peer *find(listen_peers *t, const char *addr)
{
    for (int i = 0; i < t->n; i++) {
        if (strcmp(t->peers[i].addr, addr) == 0) {
            return &t->peers[i];
        }
    }
    return NULL;
}

int64_t listen_peers_wait(const listen_peers *t, const char *addr, int64_t now)
{
    for (int i = 0; i < t->n; i++) {
        if (strcmp(t->peers[i].addr, addr) == 0) {
            return t->peers[i].blocked_until_ns > now ? t->peers[i].blocked_until_ns - now : 0;
        }
    }
    return 0;
}

int64_t listen_peers_failed(listen_peers *t, const char *addr, int64_t now)
{
    listen_peer *p = find(t, addr);
    if (p == NULL) {
        if (t->n < LISTEN_PEERS_MAX) {
            p = &t->peers[t->n++];
        } else {
            p = &t->peers[0];
            for (int i = 1; i < t->n; i++) {
                if (t->peers[i].last_ns < p->last_ns) {
                    p = &t->peers[i];
                }
            }
        }
        memset(p, 0, sizeof *p);
        size_t len = strlen(addr);
        if (len >= sizeof p->addr) {
            len = sizeof p->addr - 1;
        }
        memcpy(p->addr, addr, len);
        p->addr[len] = '\0';
    }
    if (p->failures < 30) {
        p->failures++;
    }
    int64_t ms = LISTEN_BACKOFF_BASE_MS;
    for (int i = 1; i < p->failures && ms < LISTEN_BACKOFF_MAX_MS; i++) {
        ms *= 2;
    }
    if (ms > LISTEN_BACKOFF_MAX_MS) {
        ms = LISTEN_BACKOFF_MAX_MS;
    }
    p->blocked_until_ns = now + ms * 1000000;
    p->last_ns = now;
    return ms;
}

void listen_peers_succeeded(listen_peers *t, const char *addr)
{
    listen_peer *p = find(t, addr);
    if (p != NULL) {
        *p = t->peers[--t->n];
    }
}
