/* protocol.h — the request loop: read a line, parse it, dispatch, answer; until bye or end of input.
 * Takes a pair of streams so the same loop serves stdin/stdout and, later, a socket. */
#ifndef AITC_PROTOCOL_H
#define AITC_PROTOCOL_H

#include <stddef.h>
#include <stdio.h>

#include "agent_state.h"

/* Serve requests read from `in_fd`, replies to `out`. Returns 0 after `bye` or end of input, -1
 * when reading or writing failed. `max_line` is the line cap (LINE_READER_DEFAULT_MAX). */
int protocol_serve(agent_state *st, int in_fd, FILE *out, size_t max_line);

/* Handle one line (without its newline); exposed for tests and other transports. 0, or -1 on a
 * write failure. */
int protocol_handle_line(agent_state *st, const char *line, size_t len, FILE *out);

#endif
