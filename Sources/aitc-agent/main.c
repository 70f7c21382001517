/* aitc-agent — the device agent: speaks the aitc agent protocol (Docs/agent-protocol.md) on
 * stdin/stdout. Usage: aitc-agent [--scratch DIR] [--version] */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_state.h"
#include "line_reader.h"
#include "ops.h"
#include "protocol.h"
#include "scratch.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: aitc-agent [--scratch DIR] [--version]\n"
               "  Speaks the aitc agent protocol (JSON lines) on stdin/stdout.\n"
               "  --scratch DIR  parent of the agent's private scratch directory (default $TMPDIR or /tmp)\n"
               "  --version      print the agent and protocol version and exit\n");
}

int main(int argc, char **argv)
{
    const char *parent = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--version") == 0) {
            printf("%s %s (protocol %d)\n", AGENT_NAME, AGENT_VERSION, AGENT_PROTOCOL);
            return 0;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--scratch") == 0 && i + 1 < argc) {
            parent = argv[++i];
        } else {
            fprintf(stderr, "aitc-agent: unknown or incomplete argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    /* A parent (a test runner, a dispatch thread) may have blocked or ignored signals, and children
     * inherit that: make sure the harness can always stop the agent, and that a closed peer shows up
     * as a write error rather than a signal. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);

    char scratch[PATH_MAX];
    const char *scratch_dir = NULL;
    agent_error err = {0};
    const char *tmp = getenv("TMPDIR");
    if (scratch_create(parent != NULL ? parent : (tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp"), scratch,
                       sizeof scratch, &err) == 0) {
        scratch_dir = scratch;
    } else if (parent != NULL) {
        fprintf(stderr, "aitc-agent: %s\n", err.message);
        return 2;
    } else {
        fprintf(stderr, "aitc-agent: warning: running without a scratch directory: %s\n", err.message);
    }

    agent_state st;
    agent_state_init(&st, scratch_dir);
    int rc = protocol_serve(&st, STDIN_FILENO, stdout, LINE_READER_DEFAULT_MAX);
    agent_state_clear(&st);
    if (scratch_dir != NULL && scratch_remove(scratch_dir, &err) != 0) {
        fprintf(stderr, "aitc-agent: %s\n", err.message);
    }
    if (rc != 0) {
        fprintf(stderr, "aitc-agent: input or output failed; exiting\n");
        return 1;
    }
    return 0;
}
