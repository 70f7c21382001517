/* file_util.h — whole-file and small-text-file reading with every length checked. */
#ifndef AITC_FILE_UTIL_H
#define AITC_FILE_UTIL_H

#include <stddef.h>

#include "agent_error.h"
#include "confine.h"

/* Read the regular file at `path` (opened through confine_open, so inside `roots`) into a fresh malloc'd buffer (*out, *len). `what` names the request
 * field for messages. Missing file → not_found; unreadable or not a regular file → io_error. */
int file_read_all(const confine_roots *roots, const char *path, const char *what, unsigned char **out, size_t *len,
                  agent_error *err);

/* Read at most cap-1 bytes of a small text file (sysfs, /proc, /etc) into `buf`, NUL-terminated, with
 * trailing whitespace removed. Returns 0 on success, -1 when the file is absent or unreadable. */
int file_read_text(const char *path, char *buf, size_t cap);

#endif
