#include "file_util.h"

#include "confine.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_read_all(const confine_roots *roots, const char *path, const char *what, unsigned char **out, size_t *len,
                  agent_error *err)
{
    *out = NULL;
    *len = 0;
    int fd = -1;
    if (confine_open(roots, path, what, &fd, NULL, 0, err) != 0) {
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return agent_fail(err, AE_IO_ERROR, "%s: cannot stat '%s': %s", what, path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return agent_fail(err, AE_IO_ERROR, "%s: '%s' is not a regular file", what, path);
    }
    if (st.st_size < 0 || (uintmax_t)st.st_size > (uintmax_t)(SIZE_MAX / 2)) {
        close(fd);
        return agent_fail(err, AE_IO_ERROR, "%s: '%s' is too large to read", what, path);
    }
    size_t size = (size_t)st.st_size;
    unsigned char *buf = malloc(size > 0 ? size : 1);
    if (buf == NULL) {
        close(fd);
        return agent_fail(err, AE_IO_ERROR, "%s: out of memory reading '%s' (%zu bytes)", what, path, size);
    }
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            int e = errno;
            free(buf);
            close(fd);
            return agent_fail(err, AE_IO_ERROR, "%s: read error on '%s': %s", what, path, strerror(e));
        }
        if (n == 0) {
            break; /* the file shrank while we read it */
        }
        got += (size_t)n;
    }
    close(fd);
    if (got != size) {
        free(buf);
        return agent_fail(err, AE_IO_ERROR, "%s: '%s' changed size while being read (%zu of %zu bytes)", what, path,
                          got, size);
    }
    *out = buf;
    *len = size;
    return 0;
}

int file_read_text(const char *path, char *buf, size_t cap)
{
    if (cap == 0) {
        return -1;
    }
    buf[0] = '\0';
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    size_t got = 0;
    while (got + 1 < cap) {
        ssize_t n = read(fd, buf + got, cap - 1 - got);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            close(fd);
            buf[0] = '\0';
            return -1;
        }
        if (n == 0) {
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    buf[got] = '\0';
    /* Device-tree strings are NUL-terminated inside the file: stop at the first NUL. */
    got = strlen(buf);
    while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == '\r' || buf[got - 1] == ' ' || buf[got - 1] == '\t')) {
        buf[--got] = '\0';
    }
    return 0;
}
