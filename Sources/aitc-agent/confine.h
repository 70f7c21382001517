/* confine.h — the folders a protocol request may name files in.
 *
 * Every path the protocol accepts (model, samples, prompt inputs, backend library) is opened through
 * confine_open: it must not contain a ".." component, and its real path (symlinks resolved) must lie
 * inside one of the roots. The opened descriptor is checked again through /proc/self/fd, so a folder
 * swapped for a symlink between the check and the open is caught too. With no root, nothing is
 * confined (the stdin/stdout agent, whose peer started it with its own rights; see Docs/drivers.md). */
#ifndef AITC_CONFINE_H
#define AITC_CONFINE_H

#include <limits.h>
#include <stddef.h>

#include "agent_error.h"

#define CONFINE_MAX_ROOTS 16

typedef struct {
    int n;
    char roots[CONFINE_MAX_ROOTS][PATH_MAX]; /* real paths, no trailing '/' (except "/" itself) */
} confine_roots;

void confine_init(confine_roots *r);

/* Add the folder `dir` (resolved with realpath; it must exist and be a folder). */
int confine_add_root(confine_roots *r, const char *dir, agent_error *err);

/* Whether the real path `real` lies inside one of the roots (or there are none). */
int confine_contains(const confine_roots *r, const char *real);

/* Open `path` read-only for the request field `what`. On success *fd is open on a regular file and,
 * when `resolved` is not NULL, it receives the file's real path. Refusals: ".." → bad_request;
 * outside every root → not_found, with a message saying so (and nothing about the file itself, so a
 * refusal tells no more than a missing file would). */
int confine_open(const confine_roots *r, const char *path, const char *what, int *fd, char *resolved, size_t cap,
                 agent_error *err);

#endif
