#include "listen.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "agent_state.h"
#include "line_reader.h"
#include "listen_auth.h"
#include "protocol.h"
#include "scratch.h"

int listen_parse_address(const char *text, listen_config *cfg, agent_error *err)
{
    const char *colon = strrchr(text, ':');
    if (colon == NULL || colon == text || colon[1] == '\0') {
        return agent_fail(err, AE_BAD_REQUEST, "--listen: expected HOST:PORT, got '%.200s'", text);
    }
    const char *host = text;
    size_t host_len = (size_t)(colon - text);
    if (host[0] == '[' && host_len >= 2 && host[host_len - 1] == ']') {
        host++;
        host_len -= 2;
    }
    size_t port_len = strlen(colon + 1);
    if (host_len == 0 || host_len >= sizeof cfg->host || port_len >= sizeof cfg->port) {
        return agent_fail(err, AE_BAD_REQUEST, "--listen: host or port too long in '%.200s'", text);
    }
    for (size_t i = 0; i < port_len; i++) {
        if (colon[1 + i] < '0' || colon[1 + i] > '9') {
            return agent_fail(err, AE_BAD_REQUEST, "--listen: port must be a number in '%.200s'", text);
        }
    }
    memcpy(cfg->host, host, host_len);
    cfg->host[host_len] = '\0';
    memcpy(cfg->port, colon + 1, port_len + 1);
    return 0;
}

int listen_read_token_file(const char *path, char *out, size_t cap, agent_error *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return agent_fail(err, AE_IO_ERROR, "--token-file %.200s: %s", path, strerror(errno));
    }
    if (fgets(out, (int)cap, f) == NULL) {
        out[0] = '\0';
    }
    fclose(f);
    size_t n = strlen(out);
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' ' || out[n - 1] == '\t')) {
        out[--n] = '\0';
    }
    return 0;
}

static int open_listener(const listen_config *cfg, FILE *announce, agent_error *err)
{
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    struct addrinfo *res = NULL;
    int gai = getaddrinfo(cfg->host, cfg->port, &hints, &res);
    if (gai != 0) {
        return agent_fail(err, AE_IO_ERROR, "--listen %s:%s: %s", cfg->host, cfg->port, gai_strerror(gai));
    }
    int fd = -1;
    int saved = 0;
    for (struct addrinfo *a = res; a != NULL && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 1) != 0) {
            saved = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        return agent_fail(err, AE_IO_ERROR, "--listen %s:%s: %s", cfg->host, cfg->port, strerror(saved));
    }
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    char port[32] = "?";
    if (getsockname(fd, (struct sockaddr *)&bound, &blen) == 0) {
        getnameinfo((struct sockaddr *)&bound, blen, NULL, 0, port, sizeof port, NI_NUMERICSERV);
    }
    fprintf(announce, "listening %s:%s\n", cfg->host, port);
    fflush(announce);
    return fd;
}

static void set_timeout(int fd, int seconds)
{
    struct timeval tv = {seconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* Keepalive after 5 s of silence, then every 2 s, give up after 3 unanswered probes: a harness
 * whose host vanished is noticed in about 11 s. */
static void set_keepalive(int fd)
{
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#if defined(TCP_KEEPIDLE) && defined(TCP_KEEPINTVL) && defined(TCP_KEEPCNT)
    int idle = 5, interval = 2, count = 3;
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
#endif
}

/* One connection: authenticate, then serve the protocol. 1 when a session was served. */
static int serve_connection(const listen_config *cfg, int fd)
{
    int out_fd = dup(fd);
    FILE *out = out_fd >= 0 ? fdopen(out_fd, "w") : NULL;
    if (out == NULL) {
        if (out_fd >= 0) {
            close(out_fd);
        }
        return 0;
    }
    set_keepalive(fd);
    set_timeout(fd, cfg->auth_timeout_s);
    int served = 0;
    if (listen_authenticate(fd, out, cfg->token) == 1) {
        set_timeout(fd, cfg->idle_timeout_s);
        agent_state st;
        agent_state_init(&st, cfg->scratch);
        if (protocol_serve(&st, fd, out, LINE_READER_DEFAULT_MAX) != 0) {
            fprintf(stderr, "aitc-agent: session ended by a failed read or write (peer gone or idle)\n");
        }
        agent_state_clear(&st);
        agent_error err = {0};
        if (cfg->scratch != NULL && scratch_empty(cfg->scratch, &err) != 0) {
            fprintf(stderr, "aitc-agent: %s\n", err.message);
        }
        served = 1;
    } else {
        fprintf(stderr, "aitc-agent: refused a connection that did not authenticate\n");
    }
    fclose(out);
    return served;
}

int listen_serve(const listen_config *cfg, FILE *announce, agent_error *err)
{
    int lfd = open_listener(cfg, announce, err);
    if (lfd < 0) {
        return -1;
    }
    long sessions = 0;
    while (cfg->max_sessions == 0 || sessions < cfg->max_sessions) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) {
                continue;
            }
            close(lfd);
            return agent_fail(err, AE_IO_ERROR, "accept: %s", strerror(errno));
        }
        sessions += serve_connection(cfg, fd);
        shutdown(fd, SHUT_RDWR);
        close(fd);
    }
    close(lfd);
    return 0;
}
