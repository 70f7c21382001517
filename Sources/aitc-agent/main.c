/* aitc-agent — the device agent: speaks the aitc agent protocol (Docs/agent-protocol.md) on
 * stdin/stdout, or on TCP with --listen (Docs/drivers.md).
 * Usage: aitc-agent [--scratch DIR] [--root DIR]... [--device-key FILE] [--listen HOST:PORT (--token-file FILE |
 *        --token T) [--sessions N]] | --enrol FILE | --version */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_state.h"
#include "confine.h"
#include "device_key.h"
#include "line_reader.h"
#include "listen.h"
#include "ops.h"
#include "protocol.h"
#include "scratch.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: aitc-agent [--scratch DIR] [--root DIR]... [--listen HOST:PORT (--token-file FILE | --token T) [--sessions N]]\n"
               "  Speaks the aitc agent protocol (JSON lines) on stdin/stdout, or on TCP with --listen.\n"
               "  --scratch DIR      parent of the agent's private scratch directory (default $TMPDIR or /tmp)\n"
               "  --root DIR         a folder requests may name files in (repeatable, up to %d); with --listen\n"
               "                     the default is the working folder, on stdin/stdout there is no limit\n"
               "  --listen HOST:PORT serve one authenticated TCP session at a time (port 1..65535, 0: any free port;\n"
               "                     the bound address is printed on stdout as 'listening HOST:PORT')\n"
               "  --token-file FILE  the session token (first line, %d to %d characters, %d distinct; mode 0600)\n"
               "  --token T          the token on the command line (visible to other local users: prefer a file)\n"
               "  --sessions N       exit after N authenticated sessions (default: serve until killed)\n"
               "  --device-key FILE  answer the harness's device_key challenge with this key\n"
               "  --enrol FILE       create a new device key in FILE (mode 0600), print its fingerprint, exit\n"
               "  --version          print the agent and protocol version and exit\n",
            CONFINE_MAX_ROOTS, LISTEN_TOKEN_MIN, LISTEN_TOKEN_MAX, LISTEN_TOKEN_MIN_DISTINCT);
}

int main(int argc, char **argv)
{
    const char *parent = NULL;
    const char *listen_at = NULL;
    const char *token_file = NULL;
    const char *token_arg = NULL;
    long max_sessions = 0;
    static confine_roots roots;
    confine_init(&roots);
    const char *device_key_file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--version") == 0) {
            printf("%s %s (protocol %d)\n", AGENT_NAME, AGENT_VERSION, AGENT_PROTOCOL);
            return 0;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--enrol") == 0 && i + 1 < argc) {
            agent_error kerr = {0};
            if (device_key_enrol(argv[i + 1], stdout, &kerr) != 0) {
                fprintf(stderr, "aitc-agent: %s\n", kerr.message);
                return 2;
            }
            return 0;
        } else if (strcmp(argv[i], "--device-key") == 0 && i + 1 < argc) {
            device_key_file = argv[++i];
        } else if (strcmp(argv[i], "--scratch") == 0 && i + 1 < argc) {
            parent = argv[++i];
        } else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
            agent_error rerr = {0};
            if (confine_add_root(&roots, argv[++i], &rerr) != 0) {
                fprintf(stderr, "aitc-agent: %s\n", rerr.message);
                return 2;
            }
        } else if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
            listen_at = argv[++i];
        } else if (strcmp(argv[i], "--token-file") == 0 && i + 1 < argc) {
            token_file = argv[++i];
        } else if (strcmp(argv[i], "--token") == 0 && i + 1 < argc) {
            token_arg = argv[++i];
        } else if (strcmp(argv[i], "--sessions") == 0 && i + 1 < argc) {
            char *end = NULL;
            max_sessions = strtol(argv[++i], &end, 10);
            if (end == NULL || *end != '\0' || max_sessions < 1) {
                fprintf(stderr, "aitc-agent: --sessions needs a positive number\n");
                return 2;
            }
        } else {
            fprintf(stderr, "aitc-agent: unknown or incomplete argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (device_key_file != NULL) {
        agent_error kerr = {0};
        if (device_key_load(device_key_file, &kerr) != 0) {
            fprintf(stderr, "aitc-agent: %s\n", kerr.message);
            return 2;
        }
    }
    listen_config lcfg;
    memset(&lcfg, 0, sizeof lcfg);
    char token[LISTEN_TOKEN_MAX + 2] = "";
    if (listen_at != NULL) {
        agent_error aerr = {0};
        if (listen_parse_address(listen_at, &lcfg, &aerr) != 0 ||
            (token_file != NULL && listen_read_token_file(token_file, token, sizeof token, &aerr) != 0)) {
            fprintf(stderr, "aitc-agent: %s\n", aerr.message);
            return 2;
        }
        if (token_file == NULL && token_arg != NULL && strlen(token_arg) < sizeof token) {
            memcpy(token, token_arg, strlen(token_arg) + 1);
        }
        if (token_file == NULL && token_arg == NULL) {
            fprintf(stderr, "aitc-agent: --listen needs --token-file FILE (or --token T)\n");
            return 2;
        }
        if (listen_check_token(token, &aerr) != 0) {
            fprintf(stderr, "aitc-agent: %s%s: %s\n", token_file != NULL ? "--token-file " : "--token",
                    token_file != NULL ? token_file : "", aerr.message);
            return 2;
        }
        if (roots.n == 0 && confine_add_root(&roots, ".", &aerr) != 0) {
            fprintf(stderr, "aitc-agent: the working folder: %s\n", aerr.message);
            return 2;
        }
        lcfg.token = token;
        lcfg.max_sessions = max_sessions;
        lcfg.auth_timeout_s = LISTEN_AUTH_TIMEOUT_S;
        lcfg.roots = &roots;
        lcfg.idle_timeout_s = 900;
    } else if (token_file != NULL || token_arg != NULL || max_sessions != 0) {
        fprintf(stderr, "aitc-agent: --token-file, --token and --sessions need --listen\n");
        return 2;
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

    int rc;
    if (listen_at != NULL) {
        lcfg.scratch = scratch_dir;
        rc = listen_serve(&lcfg, stdout, &err);
        if (rc != 0) {
            fprintf(stderr, "aitc-agent: %s\n", err.message);
        }
    } else {
        agent_state st;
        agent_state_init(&st, scratch_dir);
        st.roots = &roots;
        rc = protocol_serve(&st, STDIN_FILENO, stdout, LINE_READER_DEFAULT_MAX);
        agent_state_clear(&st);
    }
    if (scratch_dir != NULL && scratch_remove(scratch_dir, &err) != 0) {
        fprintf(stderr, "aitc-agent: %s\n", err.message);
    }
    if (rc != 0) {
        fprintf(stderr, "aitc-agent: input or output failed; exiting\n");
        return 1;
    }
    return 0;
}
