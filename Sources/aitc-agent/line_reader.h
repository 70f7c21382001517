/* line_reader.h — reads '\n'-terminated lines from a file descriptor with a hard length cap.
 *
 * A line longer than the cap is discarded up to its newline and reported as LINE_TOO_LONG, so a
 * hostile peer can never make the agent buffer more than cap + one read chunk. */
#ifndef AITC_LINE_READER_H
#define AITC_LINE_READER_H

#include <stddef.h>

/* 64 MiB, the protocol's limit (newline excluded). */
#define LINE_READER_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

typedef enum {
    LINE_OK,       /* *line / *len hold one line, without '\n' (and without a trailing '\r') */
    LINE_TOO_LONG, /* a line exceeded the cap and was discarded */
    LINE_EOF,      /* end of input, nothing pending */
    LINE_ERROR     /* read(2) failed */
} line_status;

typedef struct {
    int fd;
    size_t max_line;
    char *buf;
    size_t alloc;
    size_t start; /* first unconsumed byte */
    size_t end;   /* one past the last byte read */
    int eof;
} line_reader;

void line_reader_init(line_reader *r, int fd, size_t max_line);
void line_reader_free(line_reader *r);

/* The next line. The pointer stays valid until the next call. */
line_status line_reader_next(line_reader *r, const char **line, size_t *len);

#endif
