#include "scratch.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int scratch_create(const char *parent, char *out, size_t cap, agent_error *err)
{
    int n = snprintf(out, cap, "%s/aitc-agent-XXXXXX", parent);
    if (n < 0 || (size_t)n >= cap) {
        return agent_fail(err, AE_IO_ERROR, "scratch: parent path '%s' is too long", parent);
    }
    if (mkdtemp(out) == NULL) {
        return agent_fail(err, AE_IO_ERROR, "scratch: cannot create a directory under '%s': %s", parent,
                          strerror(errno));
    }
    return 0;
}

static int remove_tree_contents(const char *dir, int depth, agent_error *err)
{
    if (depth > 64) {
        return agent_fail(err, AE_IO_ERROR, "scratch: '%s' is nested too deeply", dir);
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        return agent_fail(err, AE_IO_ERROR, "scratch: cannot open '%s': %s", dir, strerror(errno));
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(len);
        if (path == NULL) {
            rc = agent_fail(err, AE_IO_ERROR, "scratch: out of memory");
            break;
        }
        snprintf(path, len, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (remove_tree_contents(path, depth + 1, err) != 0 || rmdir(path) != 0) {
                if (rc == 0 && err->code == NULL) {
                    agent_fail(err, AE_IO_ERROR, "scratch: cannot remove '%s': %s", path, strerror(errno));
                }
                rc = -1;
            }
        } else if (unlink(path) != 0) {
            rc = agent_fail(err, AE_IO_ERROR, "scratch: cannot remove '%s': %s", path, strerror(errno));
        }
        free(path);
        if (rc != 0) {
            break;
        }
    }
    closedir(d);
    return rc;
}

int scratch_empty(const char *dir, agent_error *err)
{
    err->code = NULL;
    return remove_tree_contents(dir, 0, err);
}

int scratch_remove(const char *dir, agent_error *err)
{
    if (scratch_empty(dir, err) != 0) {
        return -1;
    }
    if (rmdir(dir) != 0) {
        return agent_fail(err, AE_IO_ERROR, "scratch: cannot remove '%s': %s", dir, strerror(errno));
    }
    return 0;
}
