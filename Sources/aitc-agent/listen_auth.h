/* listen_auth.h — the first line of a TCP session: {"id":0,"op":"auth","token":"..."}.
 *
 * The line is read one byte at a time so nothing after it is consumed (the protocol loop reads the
 * rest of the stream). The token is compared in constant time. See Docs/drivers.md. */
#ifndef AITC_LISTEN_AUTH_H
#define AITC_LISTEN_AUTH_H

#include <stddef.h>
#include <stdio.h>

/* Longest auth line accepted, newline excluded. */
#define LISTEN_AUTH_MAX_LINE 4096

#define AE_UNAUTHORIZED "unauthorized"
#define AE_AUTH_REQUIRED "auth_required"

/* Read the auth line from `fd` and answer it on `out`. Returns 1 when the peer sent the right
 * token (an ok reply was sent), 0 when it did not (an error reply was sent if the peer could still
 * be written to), -1 when reading or writing failed. */
int listen_authenticate(int fd, FILE *out, const char *token);

/* Whether two strings are equal, in time that depends only on their lengths. */
int listen_token_equal(const char *a, const char *b);

#endif
