/* realpath() is XSI in glibc headers. */
#define _XOPEN_SOURCE 700

#include "confine.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

void confine_init(confine_roots *r)
{
    r->n = 0;
}

int confine_add_root(confine_roots *r, const char *dir, agent_error *err)
{
    if (r->n >= CONFINE_MAX_ROOTS) {
        return agent_fail(err, AE_BAD_REQUEST, "--root: at most %d folders", CONFINE_MAX_ROOTS);
    }
    char real[PATH_MAX];
    if (realpath(dir, real) == NULL) {
        return agent_fail(err, AE_IO_ERROR, "--root %.200s: %s", dir, strerror(errno));
    }
    struct stat st;
    if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
        return agent_fail(err, AE_IO_ERROR, "--root %.200s: not a folder", dir);
    }
    size_t n = strlen(real);
    while (n > 1 && real[n - 1] == '/') {
        real[--n] = '\0';
    }
    memcpy(r->roots[r->n], real, n + 1);
    r->n++;
    return 0;
}

int confine_contains(const confine_roots *r, const char *real)
{
    if (r == NULL || r->n == 0) {
        return 1;
    }
    for (int i = 0; i < r->n; i++) {
        const char *root = r->roots[i];
        size_t n = strlen(root);
        if (n == 1 && root[0] == '/') {
            return 1;
        }
        if (strncmp(real, root, n) == 0 && real[n] == '/') {
            return 1;
        }
    }
    return 0;
}

/* Whether `path` has a ".." component. */
static int has_dotdot(const char *path)
{
    const char *p = path;
    while (*p != '\0') {
        const char *slash = strchr(p, '/');
        size_t len = slash != NULL ? (size_t)(slash - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            return 1;
        }
        if (slash == NULL) {
            break;
        }
        p = slash + 1;
    }
    return 0;
}

static int outside(const char *path, const char *what, agent_error *err)
{
    return agent_fail(err, AE_NOT_FOUND,
                      "%s: '%.300s' is outside the folders this agent serves (its working folder or --root): "
                      "stage the file there",
                      what, path);
}

int confine_open(const confine_roots *r, const char *path, const char *what, int *fd, char *resolved, size_t cap,
                 agent_error *err)
{
    *fd = -1;
    int confined = r != NULL && r->n > 0;
    if (confined && has_dotdot(path)) {
        return agent_fail(err, AE_BAD_REQUEST, "%s: '%.300s' contains '..'; name files inside the served folders",
                          what, path);
    }
    char real[PATH_MAX];
    if (realpath(path, real) == NULL) {
        int e = errno;
        if (confined) {
            return outside(path, what, err); /* missing and outside look the same */
        }
        return agent_fail(err, e == ENOENT || e == ENOTDIR ? AE_NOT_FOUND : AE_IO_ERROR, "%s: cannot open '%.300s': %s",
                          what, path, strerror(e));
    }
    if (!confine_contains(r, real)) {
        return outside(path, what, err);
    }
    int f = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block us */
    if (f < 0) {
        int e = errno;
        return agent_fail(err, e == ENOENT || e == ENOTDIR ? AE_NOT_FOUND : AE_IO_ERROR, "%s: cannot open '%.300s': %s",
                          what, path, strerror(e));
    }
    if (confined) {
        /* What was actually opened, in case a folder on the way was swapped after realpath. */
        char link[64], now[PATH_MAX];
        snprintf(link, sizeof link, "/proc/self/fd/%d", f);
        ssize_t n = readlink(link, now, sizeof now - 1);
        if (n > 0) {
            now[n] = '\0';
            if (!confine_contains(r, now)) {
                close(f);
                return outside(path, what, err);
            }
        }
    }
    struct stat st;
    if (fstat(f, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(f);
        return agent_fail(err, AE_IO_ERROR, "%s: '%.300s' is not a regular file", what, path);
    }
    if (resolved != NULL) {
        if (strlen(real) >= cap) {
            close(f);
            return agent_fail(err, AE_IO_ERROR, "%s: '%.300s' resolves to a path too long", what, path);
        }
        memcpy(resolved, real, strlen(real) + 1);
    }
    *fd = f;
    return 0;
}
