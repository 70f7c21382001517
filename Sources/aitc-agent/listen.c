#include "listen.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "agent_state.h"
#include "line_reader.h"
#include "listen_auth.h"
#include "listen_peers.h"
#include "monotonic.h"
#include "protocol.h"
#include "reply.h"
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
    if (host_len == 0 || host_len >= sizeof cfg->host) {
        return agent_fail(err, AE_BAD_REQUEST, "--listen: host missing or too long in '%.200s'", text);
    }
    long port = 0;
    for (size_t i = 0; i < port_len; i++) {
        char c = colon[1 + i];
        if (c < '0' || c > '9') {
            return agent_fail(err, AE_BAD_REQUEST, "--listen: the port must be a number in '%.200s'", text);
        }
        port = port * 10 + (c - '0');
        if (port > 65535) {
            return agent_fail(err, AE_BAD_REQUEST,
                              "--listen: port %.20s is out of range in '%.200s': use 1 to 65535 (0: any free port)",
                              colon + 1, text);
        }
    }
    memcpy(cfg->host, host, host_len);
    cfg->host[host_len] = '\0';
    snprintf(cfg->port, sizeof cfg->port, "%ld", port);
    return 0;
}

int listen_check_token(const char *token, agent_error *err)
{
    size_t n = strlen(token);
    if (n < LISTEN_TOKEN_MIN || n > LISTEN_TOKEN_MAX) {
        return agent_fail(err, AE_BAD_REQUEST, "the token has %zu characters; it needs %d to %d", n, LISTEN_TOKEN_MIN,
                          LISTEN_TOKEN_MAX);
    }
    unsigned char seen[128] = {0};
    int distinct = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)token[i];
        if (c <= 0x20 || c >= 0x7f) {
            return agent_fail(err, AE_BAD_REQUEST,
                              "the token may hold only printable ASCII without spaces (character %zu is not)", i + 1);
        }
        if (!seen[c]) {
            seen[c] = 1;
            distinct++;
        }
    }
    if (distinct < LISTEN_TOKEN_MIN_DISTINCT) {
        return agent_fail(err, AE_BAD_REQUEST,
                          "the token is too weak: %d distinct characters, at least %d needed "
                          "(generate one, e.g. `openssl rand -hex 32`)",
                          distinct, LISTEN_TOKEN_MIN_DISTINCT);
    }
    return 0;
}

int listen_read_token_file(const char *path, char *out, size_t cap, agent_error *err)
{
    out[0] = '\0';
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return agent_fail(err, AE_IO_ERROR, "--token-file %.200s: %s", path, strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return agent_fail(err, AE_IO_ERROR, "--token-file %.200s: not a regular file", path);
    }
    if ((st.st_mode & 077) != 0) {
        close(fd);
        return agent_fail(err, AE_IO_ERROR,
                          "--token-file %.200s is readable or writable by group or others (mode %04o): "
                          "run `chmod 600 %.200s`",
                          path, (unsigned)(st.st_mode & 07777), path);
    }
    size_t got = 0;
    while (got + 1 < cap) {
        ssize_t r = read(fd, out + got, cap - 1 - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    out[got] = '\0';
    char *nl = strchr(out, '\n');
    if (nl != NULL) {
        *nl = '\0';
    }
    size_t n = strlen(out);
    while (n > 0 && (out[n - 1] == '\r' || out[n - 1] == ' ' || out[n - 1] == '\t')) {
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
        if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, LISTEN_BACKLOG) != 0) {
            saved = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        return agent_fail(err, AE_IO_ERROR, "--listen %s:%s: %s", cfg->host, cfg->port, strerror(saved));
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        close(fd);
        return agent_fail(err, AE_IO_ERROR, "--listen: cannot make the socket non-blocking: %s", strerror(errno));
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
 * whose host vanished is noticed in about 11 s. TCP_USER_TIMEOUT bounds the other case, a reply
 * sent into a cut link: unacknowledged data is given up after 10 s instead of ~15 min of
 * retransmissions (keepalive does not run while data is in flight). */
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
#if defined(TCP_USER_TIMEOUT)
    unsigned int user_timeout_ms = 10000;
    setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms, sizeof user_timeout_ms);
#endif
}

/* A connection that has not authenticated yet. */
typedef struct {
    int fd; /* -1: free slot */
    char peer[LISTEN_PEER_TEXT];
    int64_t accepted_ns;
    int64_t deadline_ns;
    size_t len;
    char line[LISTEN_AUTH_MAX_LINE + 1];
} pending;

/* Send one error line (best effort: the socket has a short send timeout) and close. */
static void refuse(pending *p, const char *code, const char *message)
{
    int out_fd = dup(p->fd);
    FILE *out = out_fd >= 0 ? fdopen(out_fd, "w") : NULL;
    if (out != NULL) {
        reply_error(out, NULL, code, message);
        fclose(out);
    } else if (out_fd >= 0) {
        close(out_fd);
    }
    shutdown(p->fd, SHUT_RDWR);
    close(p->fd);
    p->fd = -1;
}

/* One authenticated connection: serve the protocol until it ends. */
static void serve_session(const listen_config *cfg, int fd, FILE *out)
{
    set_keepalive(fd);
    set_timeout(fd, cfg->idle_timeout_s);
    agent_state st;
    agent_state_init(&st, cfg->scratch);
    st.roots = cfg->roots;
    if (protocol_serve(&st, fd, out, LINE_READER_DEFAULT_MAX) != 0) {
        fprintf(stderr, "aitc-agent: session ended by a failed read or write (peer gone or idle)\n");
    }
    agent_state_clear(&st);
    agent_error err = {0};
    if (cfg->scratch != NULL && scratch_empty(cfg->scratch, &err) != 0) {
        fprintf(stderr, "aitc-agent: %s\n", err.message);
    }
}

/* Read what the peer sent so far, never past the first newline (a pipelined `hello` stays in the
 * socket for the protocol loop). 1: the line is complete; 0: not yet; -1: refused or gone (closed). */
static int read_some(pending *p)
{
    size_t room = sizeof p->line - 1 - p->len;
    if (room == 0) {
        refuse(p, AE_AUTH_REQUIRED, "the auth line is too long");
        return -1;
    }
    char peek[LISTEN_AUTH_MAX_LINE + 1];
    ssize_t n = recv(p->fd, peek, room, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return 0;
    }
    if (n <= 0) {
        close(p->fd);
        p->fd = -1;
        return -1;
    }
    char *nl = memchr(peek, '\n', (size_t)n);
    size_t take = nl != NULL ? (size_t)(nl - peek) + 1 : (size_t)n;
    ssize_t got = recv(p->fd, p->line + p->len, take, MSG_DONTWAIT);
    if (got != (ssize_t)take) {
        close(p->fd);
        p->fd = -1;
        return -1;
    }
    if (memchr(p->line + p->len, '\0', take) != NULL) {
        refuse(p, AE_AUTH_REQUIRED, "the auth line contains a NUL byte");
        return -1;
    }
    p->len += take;
    if (nl == NULL) {
        return 0;
    }
    p->len--; /* the newline */
    if (p->len > 0 && p->line[p->len - 1] == '\r') {
        p->len--;
    }
    p->line[p->len] = '\0';
    return 1;
}

/* Take a new connection into `slots`, making room by closing the oldest pending one from the same
 * peer (over the per-peer limit) or, when every slot is taken, the oldest of all. */
static void admit(pending *slots, int fd, const char *peer, int64_t now, const listen_config *cfg)
{
    int same = 0, oldest_same = -1, oldest = -1, free_slot = -1;
    for (int i = 0; i < LISTEN_MAX_PENDING; i++) {
        if (slots[i].fd < 0) {
            if (free_slot < 0) {
                free_slot = i;
            }
            continue;
        }
        if (oldest < 0 || slots[i].accepted_ns < slots[oldest].accepted_ns) {
            oldest = i;
        }
        if (strcmp(slots[i].peer, peer) == 0) {
            same++;
            if (oldest_same < 0 || slots[i].accepted_ns < slots[oldest_same].accepted_ns) {
                oldest_same = i;
            }
        }
    }
    int slot = free_slot;
    if (same >= LISTEN_MAX_PER_PEER) {
        refuse(&slots[oldest_same], AE_AUTH_REQUIRED,
               "closed: too many unauthenticated connections from this address");
        slot = oldest_same;
    } else if (slot < 0) {
        refuse(&slots[oldest], AE_AUTH_REQUIRED, "closed: too many unauthenticated connections");
        slot = oldest;
    }
    pending *p = &slots[slot];
    p->fd = fd;
    p->accepted_ns = now;
    p->deadline_ns = now + (int64_t)cfg->auth_timeout_s * 1000000000;
    p->len = 0;
    snprintf(p->peer, sizeof p->peer, "%s", peer);
    set_timeout(fd, 1); /* replies to a refused peer must not block the listener */
}

/* The numeric address of a connected peer. */
static void peer_text(const struct sockaddr_storage *ss, socklen_t len, char *out, size_t cap)
{
    if (getnameinfo((const struct sockaddr *)ss, len, out, (socklen_t)cap, NULL, 0, NI_NUMERICHOST) != 0) {
        snprintf(out, cap, "?");
    }
    const char *mapped = "::ffff:";
    if (strncmp(out, mapped, strlen(mapped)) == 0) {
        memmove(out, out + strlen(mapped), strlen(out) - strlen(mapped) + 1);
    }
}

/* A complete auth line from slot p: answer it; 1 when a session was served. */
static int authenticate(const listen_config *cfg, pending *p, listen_peers *peers, int64_t now)
{
    int out_fd = dup(p->fd);
    FILE *out = out_fd >= 0 ? fdopen(out_fd, "w") : NULL;
    if (out == NULL) {
        if (out_fd >= 0) {
            close(out_fd);
        }
        close(p->fd);
        p->fd = -1;
        return 0;
    }
    int64_t wait_ns = listen_peers_wait(peers, p->peer, now);
    int64_t wait_ms = wait_ns > 0 ? (wait_ns + 999999) / 1000000 : 0;
    int verdict = listen_auth_line(p->line, out, cfg->token, wait_ms);
    int served = 0;
    if (verdict == 1) {
        listen_peers_succeeded(peers, p->peer);
        serve_session(cfg, p->fd, out);
        served = 1;
    } else {
        if (verdict == 2) {
            int64_t ms = listen_peers_failed(peers, p->peer, now);
            fprintf(stderr, "aitc-agent: wrong token from %s; its next try waits %lld ms\n", p->peer, (long long)ms);
        } else {
            fprintf(stderr, "aitc-agent: refused a connection from %s that did not authenticate\n", p->peer);
        }
    }
    fclose(out);
    shutdown(p->fd, SHUT_RDWR);
    close(p->fd);
    p->fd = -1;
    return served;
}

int listen_serve(const listen_config *cfg, FILE *announce, agent_error *err)
{
    int lfd = open_listener(cfg, announce, err);
    if (lfd < 0) {
        return -1;
    }
    pending *slots = calloc(LISTEN_MAX_PENDING, sizeof *slots);
    listen_peers *peers = calloc(1, sizeof *peers);
    if (slots == NULL || peers == NULL) {
        free(slots);
        free(peers);
        close(lfd);
        return agent_fail(err, AE_IO_ERROR, "out of memory for the connection table");
    }
    for (int i = 0; i < LISTEN_MAX_PENDING; i++) {
        slots[i].fd = -1;
    }
    long sessions = 0;
    int rc = 0;
    struct pollfd fds[LISTEN_MAX_PENDING + 1];
    int index[LISTEN_MAX_PENDING + 1];
    while (cfg->max_sessions == 0 || sessions < cfg->max_sessions) {
        int64_t now = mono_ns();
        int nfds = 0;
        int timeout_ms = -1;
        fds[nfds].fd = lfd;
        fds[nfds].events = POLLIN;
        index[nfds++] = -1;
        for (int i = 0; i < LISTEN_MAX_PENDING; i++) {
            if (slots[i].fd < 0) {
                continue;
            }
            int64_t left = slots[i].deadline_ns - now;
            int ms = left <= 0 ? 0 : (int)((left + 999999) / 1000000);
            if (timeout_ms < 0 || ms < timeout_ms) {
                timeout_ms = ms;
            }
            fds[nfds].fd = slots[i].fd;
            fds[nfds].events = POLLIN;
            index[nfds++] = i;
        }
        int ready = poll(fds, (nfds_t)nfds, timeout_ms);
        if (ready < 0 && errno != EINTR) {
            rc = agent_fail(err, AE_IO_ERROR, "poll: %s", strerror(errno));
            break;
        }
        now = mono_ns();
        for (int k = 1; k < nfds && ready > 0; k++) {
            pending *p = &slots[index[k]];
            if (p->fd < 0 || (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
                continue;
            }
            if (read_some(p) == 1) {
                sessions += authenticate(cfg, p, peers, now);
                if (cfg->max_sessions != 0 && sessions >= cfg->max_sessions) {
                    break;
                }
                now = mono_ns(); /* a session may have lasted long */
            }
        }
        for (int i = 0; i < LISTEN_MAX_PENDING; i++) {
            if (slots[i].fd >= 0 && slots[i].deadline_ns <= now) {
                char msg[128];
                snprintf(msg, sizeof msg, "no complete auth line within %d s of connecting", cfg->auth_timeout_s);
                refuse(&slots[i], AE_AUTH_REQUIRED, msg);
            }
        }
        if (cfg->max_sessions != 0 && sessions >= cfg->max_sessions) {
            break;
        }
        if (ready > 0 && (fds[0].revents & POLLIN) != 0) {
            for (int n = 0; n < LISTEN_BACKLOG; n++) {
                struct sockaddr_storage ss;
                socklen_t slen = sizeof ss;
                int fd = accept(lfd, (struct sockaddr *)&ss, &slen);
                if (fd < 0) {
                    if (errno == EINTR || errno == ECONNABORTED) {
                        continue;
                    }
                    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EMFILE || errno == ENFILE) {
                        break;
                    }
                    rc = agent_fail(err, AE_IO_ERROR, "accept: %s", strerror(errno));
                    break;
                }
                char peer[LISTEN_PEER_TEXT];
                peer_text(&ss, slen, peer, sizeof peer);
                admit(slots, fd, peer, mono_ns(), cfg);
            }
            if (rc != 0) {
                break;
            }
        }
    }
    for (int i = 0; i < LISTEN_MAX_PENDING; i++) {
        if (slots[i].fd >= 0) {
            close(slots[i].fd);
        }
    }
    free(slots);
    free(peers);
    close(lfd);
    return rc;
}
