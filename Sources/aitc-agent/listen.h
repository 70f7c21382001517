/* listen.h — serve the protocol over TCP: one authenticated session at a time.
 *
 *   aitc-agent --listen HOST:PORT --token-file FILE [--sessions N] [--root DIR]...
 *
 * The first line of every connection must be an auth request carrying the token (listen_auth.h).
 * Handshakes run concurrently in one poll() loop: up to LISTEN_MAX_PENDING unauthenticated
 * connections, at most LISTEN_MAX_PER_PEER from one address (a newer one closes that address's
 * oldest), each with one deadline for its whole auth line (auth_timeout_s from accept, not per
 * byte). A wrong token earns its address an exponential back-off (listen_peers.h). Sessions get TCP
 * keepalive and an idle receive timeout, so a vanished harness frees the device within seconds.
 * Docs/drivers.md states these figures; keep them in step. */
#ifndef AITC_LISTEN_H
#define AITC_LISTEN_H

#include <stddef.h>
#include <stdio.h>

#include "agent_error.h"
#include "confine.h"

/* Shortest and longest token accepted, and the fewest distinct characters. */
#define LISTEN_TOKEN_MIN 16
#define LISTEN_TOKEN_MAX 1024
#define LISTEN_TOKEN_MIN_DISTINCT 8

/* Unauthenticated connections held at once, and from one peer address; the listen backlog. */
#define LISTEN_MAX_PENDING 32
#define LISTEN_MAX_PER_PEER 4
#define LISTEN_BACKLOG 128
/* Seconds a connection has to send its whole auth line. */
#define LISTEN_AUTH_TIMEOUT_S 10

typedef struct {
    char host[256];
    char port[16];
    const char *token;     /* LISTEN_TOKEN_MIN..LISTEN_TOKEN_MAX characters */
    long max_sessions;     /* authenticated sessions before exiting; 0 = no limit */
    int auth_timeout_s;    /* seconds a new connection has to authenticate */
    int idle_timeout_s;    /* seconds a session may stay silent between requests */
    const char *scratch;   /* the agent's scratch directory (emptied between sessions), or NULL */
    const confine_roots *roots; /* the folders requests may name files in */
} listen_config;

/* Split "HOST:PORT" ("[v6]:PORT" too) into cfg->host and cfg->port; the port is 0..65535 (0: any
 * free port), anything else is refused. */
int listen_parse_address(const char *text, listen_config *cfg, agent_error *err);

/* Read a token from the first line of `path` (trailing whitespace dropped) into `out`. Refused: not
 * a regular file, or any permission bit for group or others (the file must be mode 0600 or 0400). */
int listen_read_token_file(const char *path, char *out, size_t cap, agent_error *err);

/* Refuse a weak token: outside LISTEN_TOKEN_MIN..MAX characters, anything but printable ASCII
 * without spaces, fewer than LISTEN_TOKEN_MIN_DISTINCT distinct characters. */
int listen_check_token(const char *token, agent_error *err);

/* Bind, print "listening HOST:PORT" (the bound port) on `announce`, and serve sessions one at a
 * time (handshakes concurrently) until max_sessions authenticated sessions ended. 0, or -1 when the socket could not be set up. */
int listen_serve(const listen_config *cfg, FILE *announce, agent_error *err);

#endif
