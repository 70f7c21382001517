/* listen_auth.h — the first line of a TCP session: {"id":0,"op":"auth","token":"..."}.
 *
 * The listener (listen.c) reads the line without consuming anything after it (the protocol loop
 * reads the rest of the stream). The token is compared in constant time. See Docs/drivers.md. */
#ifndef AITC_LISTEN_AUTH_H
#define AITC_LISTEN_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Longest auth line accepted, newline excluded. */
#define LISTEN_AUTH_MAX_LINE 4096

#define AE_UNAUTHORIZED "unauthorized"
#define AE_AUTH_REQUIRED "auth_required"

/* Answer the auth line `line` (NUL-terminated, newline removed) on `out`. `backoff_ms` > 0: the
 * peer is in back-off and its token is not looked at. Returns 1 when the token was right (an ok reply
 * was sent), 2 when it was wrong, 0 when the line was no auth request or the peer was in back-off
 * (an error reply was sent), -1 when writing failed. */
int listen_auth_line(const char *line, FILE *out, const char *token, int64_t backoff_ms);

/* Whether two strings are equal, in time that depends only on their lengths. */
int listen_token_equal(const char *a, const char *b);

#endif
