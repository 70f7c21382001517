/* agent_error.h — the error every agent function returns: a protocol error code and a message. */
#ifndef AITC_AGENT_ERROR_H
#define AITC_AGENT_ERROR_H

#include <stddef.h>

/* Protocol error codes (Docs/agent-protocol.md). */
#define AE_BAD_JSON "bad_json"
#define AE_LINE_TOO_LONG "line_too_long"
#define AE_BAD_REQUEST "bad_request"
#define AE_UNKNOWN_OP "unknown_op"
#define AE_HANDSHAKE_REQUIRED "handshake_required"
#define AE_UNSUPPORTED_VERSION "unsupported_version"
#define AE_NOT_FOUND "not_found"
#define AE_IO_ERROR "io_error"
#define AE_DIGEST_MISMATCH "digest_mismatch"
#define AE_MODEL_INVALID "model_invalid"
#define AE_UNSUPPORTED_OPERATOR "unsupported_operator"
#define AE_SHAPE_MISMATCH "shape_mismatch"
#define AE_BACKEND_ERROR "backend_error"
#define AE_UNSUPPORTED "unsupported"

#define AGENT_ERROR_MESSAGE_MAX 1024

/* A failure: `code` is one of the AE_* strings (static storage), `message` says what and how to fix. */
typedef struct {
    const char *code;
    char message[AGENT_ERROR_MESSAGE_MAX];
} agent_error;

/* Fill `err` with `code` and a printf-style message; always returns -1 so callers can `return agent_fail(...)`. */
int agent_fail(agent_error *err, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
