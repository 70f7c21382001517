#include "agent_error.h"

#include <stdarg.h>
#include <stdio.h>

int agent_fail(agent_error *err, const char *code, const char *fmt, ...)
{
    if (err == NULL) {
        return -1;
    }
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    if (n < 0) {
        err->message[0] = '\0';
    }
    return -1;
}
