/* scratch.h — the agent's private scratch directory: created fresh under a parent directory with
 * mkdtemp(), emptied by `erase`, removed at exit. Only what the agent created is ever deleted. */
#ifndef AITC_SCRATCH_H
#define AITC_SCRATCH_H

#include <stddef.h>

#include "agent_error.h"

/* Create PARENT/aitc-agent-XXXXXX; the path goes to `out` (cap bytes). */
int scratch_create(const char *parent, char *out, size_t cap, agent_error *err);
/* Delete everything inside `dir` (recursively, never following symlinks), keeping `dir`. */
int scratch_empty(const char *dir, agent_error *err);
/* Empty and remove `dir`. */
int scratch_remove(const char *dir, agent_error *err);

#endif
