#include "line_reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK ((size_t)64 * 1024)

void line_reader_init(line_reader *r, int fd, size_t max_line)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
    r->max_line = max_line;
}

void line_reader_free(line_reader *r)
{
    free(r->buf);
    r->buf = NULL;
    r->alloc = r->start = r->end = 0;
}

/* Read up to one chunk more into the buffer, growing it when needed. 1 = read data, 0 = EOF, -1 = error. */
static int fill(line_reader *r)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (r->alloc - r->end < CHUNK) {
        size_t want = r->alloc == 0 ? CHUNK * 2 : r->alloc * 2;
        if (want > r->max_line + CHUNK + 1) {
            want = r->max_line + CHUNK + 1; /* never more than one line plus one chunk */
        }
        if (want < r->end + CHUNK) {
            want = r->end + CHUNK;
        }
        char *nb = realloc(r->buf, want);
        if (nb == NULL) {
            return -1;
        }
        r->buf = nb;
        r->alloc = want;
    }
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->end, r->alloc - r->end);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return -1;
        }
        if (n == 0) {
            r->eof = 1;
            return 0;
        }
        r->end += (size_t)n;
        return 1;
    }
}

/* Drop bytes up to and including the next newline (or to EOF). */
static line_status discard_rest(line_reader *r)
{
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
        if (nl != NULL) {
            r->start = (size_t)(nl - r->buf) + 1;
            return LINE_TOO_LONG;
        }
        r->start = r->end = 0;
        if (r->eof) {
            return LINE_TOO_LONG;
        }
        int f = fill(r);
        if (f < 0) {
            return LINE_ERROR;
        }
    }
}

line_status line_reader_next(line_reader *r, const char **line, size_t *len)
{
    size_t scanned = 0; /* bytes after start already known to hold no newline */
    for (;;) {
        size_t avail = r->end - r->start;
        char *nl = avail > scanned ? memchr(r->buf + r->start + scanned, '\n', avail - scanned) : NULL;
        if (nl != NULL) {
            size_t n = (size_t)(nl - (r->buf + r->start));
            if (n > r->max_line) {
                r->start += n + 1;
                return LINE_TOO_LONG;
            }
            *line = r->buf + r->start;
            r->start += n + 1;
            if (n > 0 && (*line)[n - 1] == '\r') {
                n--;
            }
            *len = n;
            return LINE_OK;
        }
        scanned = avail;
        if (avail > r->max_line) {
            return discard_rest(r);
        }
        if (r->eof) {
            if (avail == 0) {
                return LINE_EOF;
            }
            *line = r->buf + r->start;
            *len = avail;
            r->start = r->end;
            return LINE_OK;
        }
        int f = fill(r); /* fill() moves data to the front; `scanned` stays relative to start */
        if (f < 0) {
            return LINE_ERROR;
        }
    }
}
