#ifndef AITC_SPAWN_H
#define AITC_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Starts `path` with `argv` and `envp` (both NULL-terminated) in a new process group of its own,
 * with every signal at its default disposition, an empty signal mask, descriptors `in_fd`,
 * `out_fd` and `err_fd` as its 0, 1 and 2 (-1: /dev/null) and NO other descriptor inherited.
 *
 * Closing every other descriptor is what makes the harness independent of its children's habits:
 * a child (or a daemon it forks, like the adb server) cannot keep a harness pipe or socket open.
 *
 * Returns 0 and stores the child's pid, or an errno value.
 */
int aitc_spawn(const char *path, char *const argv[], char *const envp[], int in_fd, int out_fd, int err_fd,
               pid_t *pid);

/* pipe2(fds, O_CLOEXEC): a pipe whose ends no child inherits unless handed over explicitly. */
int aitc_pipe_cloexec(int fds[2]);

/* The CPUs the calling thread may run on, as a bit mask of `bytes` bytes (bit n = CPU n).
 * 0 or an errno value. */
int aitc_thread_affinity(unsigned char *mask, size_t bytes);

/* Restricts the calling thread, and every child it starts from then on, to the CPUs set in `mask`.
 * 0 or an errno value. */
int aitc_set_thread_affinity(const unsigned char *mask, size_t bytes);

#endif
