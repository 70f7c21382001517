/* libFuzzer target: the agent's protocol line handler. The input is split at '\n' and every line
 * handed to protocol_handle_line, as the stdin loop does, against one fresh session (no scratch
 * directory; file access confined to the current directory, so no request can reach outside).
 * Replies go to /dev/null. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "agent_state.h"
#include "confine.h"
#include "protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *out = NULL;
    static confine_roots roots;
    static int ready = 0;
    if (!ready) {
        agent_error err = {0};
        out = fopen("/dev/null", "w");
        confine_init(&roots);
        if (out == NULL || confine_add_root(&roots, ".", &err) != 0) {
            return 0;
        }
        ready = 1;
    }
    agent_state st;
    agent_state_init(&st, NULL);
    st.roots = &roots;
    const char *p = (const char *)data;
    const char *end = p + size;
    while (p < end && !st.quit) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
        if (protocol_handle_line(&st, p, len, out) != 0) {
            break;
        }
        p += len + (nl != NULL ? 1 : 0);
    }
    agent_state_clear(&st);
    return 0;
}
