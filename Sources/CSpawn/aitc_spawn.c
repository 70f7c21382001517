#define _GNU_SOURCE
#include "aitc_spawn.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

/* Adds "descriptor `target` is `source`" (or /dev/null when source < 0) to `actions`. */
static int add_stream(posix_spawn_file_actions_t *actions, int source, int target, int flags)
{
    if (source < 0) {
        return posix_spawn_file_actions_addopen(actions, target, "/dev/null", flags, 0);
    }
    return posix_spawn_file_actions_adddup2(actions, source, target);
}

int aitc_spawn(const char *path, char *const argv[], char *const envp[], int in_fd, int out_fd, int err_fd,
               pid_t *pid)
{
    if (path == NULL || argv == NULL || envp == NULL || pid == NULL) {
        return EINVAL;
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int status = posix_spawn_file_actions_init(&actions);
    if (status != 0) {
        return status;
    }
    status = posix_spawnattr_init(&attributes);
    if (status != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return status;
    }
    sigset_t all;
    sigset_t none;
    sigfillset(&all);
    sigemptyset(&none);
    if (status == 0) status = add_stream(&actions, in_fd, 0, O_RDONLY);
    if (status == 0) status = add_stream(&actions, out_fd, 1, O_WRONLY);
    if (status == 0) status = add_stream(&actions, err_fd, 2, O_WRONLY);
    if (status == 0) status = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    if (status == 0) status = posix_spawnattr_setpgroup(&attributes, 0);
    if (status == 0) status = posix_spawnattr_setsigdefault(&attributes, &all);
    if (status == 0) status = posix_spawnattr_setsigmask(&attributes, &none);
    if (status == 0) {
        status = posix_spawnattr_setflags(&attributes, (short)(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                                               POSIX_SPAWN_SETSIGMASK));
    }
    if (status == 0) status = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return status;
}

int aitc_pipe_cloexec(int fds[2])
{
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}

int aitc_thread_affinity(unsigned char *mask, size_t bytes)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) {
        return errno;
    }
    memset(mask, 0, bytes);
    for (size_t cpu = 0; cpu < bytes * 8 && cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &set)) {
            mask[cpu / 8] |= (unsigned char)(1u << (cpu % 8));
        }
    }
    return 0;
}

int aitc_set_thread_affinity(const unsigned char *mask, size_t bytes)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    for (size_t cpu = 0; cpu < bytes * 8 && cpu < CPU_SETSIZE; cpu++) {
        if (mask[cpu / 8] & (1u << (cpu % 8))) {
            CPU_SET(cpu, &set);
        }
    }
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
}
