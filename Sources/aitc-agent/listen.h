/* listen.h — serve the protocol over TCP: one authenticated session at a time.
 *
 *   aitc-agent --listen HOST:PORT --token-file FILE [--sessions N]
 *
 * The first line of every connection must be an auth request carrying the token (listen_auth.h);
 * a wrong token is answered with an error and the connection closed. Sessions get TCP keepalive
 * and an idle receive timeout, so a vanished harness frees the device within seconds. */
#ifndef AITC_LISTEN_H
#define AITC_LISTEN_H

#include <stddef.h>
#include <stdio.h>

#include "agent_error.h"

/* Shortest and longest token accepted. */
#define LISTEN_TOKEN_MIN 16
#define LISTEN_TOKEN_MAX 1024

typedef struct {
    char host[256];
    char port[16];
    const char *token;     /* LISTEN_TOKEN_MIN..LISTEN_TOKEN_MAX characters */
    long max_sessions;     /* authenticated sessions before exiting; 0 = no limit */
    int auth_timeout_s;    /* seconds a new connection has to authenticate */
    int idle_timeout_s;    /* seconds a session may stay silent between requests */
    const char *scratch;   /* the agent's scratch directory (emptied between sessions), or NULL */
} listen_config;

/* Split "HOST:PORT" ("[v6]:PORT" too) into cfg->host and cfg->port. */
int listen_parse_address(const char *text, listen_config *cfg, agent_error *err);

/* Read a token from the first line of `path` (trailing whitespace dropped) into `out`. */
int listen_read_token_file(const char *path, char *out, size_t cap, agent_error *err);

/* Bind, print "listening HOST:PORT" (the bound port) on `announce`, and serve sessions one at a
 * time until max_sessions authenticated sessions ended. 0, or -1 when the socket could not be set up. */
int listen_serve(const listen_config *cfg, FILE *announce, agent_error *err);

#endif
