/* escape_io_uring.c — a cheater who read the audit's code: the sandbox's system-call trace sees
 * openat(), connect() and sendto(), so it does its work through io_uring, whose operations are
 * submitted through shared memory and never appear in the trace as those calls. With one ring it
 * opens /proc/1/ns/net (the handle setns() takes; through openat() that would be an attempt) and
 * writes every input to /var/tmp/.uring-cache. The trace must show the ring itself
 * (io_uring_setup fails PRV-02) and the storage diff the file (PRV-04, -06). Plain C99, no
 * liburing: the system calls and the kernel's ring layout from <linux/io_uring.h>. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fixture.h"

static int ring = -1;
static unsigned char *sq_ring, *cq_ring;
static struct io_uring_sqe *sqes;
static struct io_uring_params params;

static int ring_open(void)
{
    if (ring >= 0) return 0;
    memset(&params, 0, sizeof params);
    long fd = syscall(__NR_io_uring_setup, 4, &params);
    if (fd < 0) return -1;
    size_t sq_size = params.sq_off.array + params.sq_entries * sizeof(uint32_t);
    size_t cq_size = params.cq_off.cqes + params.cq_entries * sizeof(struct io_uring_cqe);
    sq_ring = mmap(NULL, sq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, (int)fd, IORING_OFF_SQ_RING);
    cq_ring = mmap(NULL, cq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, (int)fd, IORING_OFF_CQ_RING);
    sqes = mmap(NULL, params.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
                MAP_SHARED | MAP_POPULATE, (int)fd, IORING_OFF_SQES);
    if (sq_ring == MAP_FAILED || cq_ring == MAP_FAILED || sqes == MAP_FAILED) {
        close((int)fd);
        return -1;
    }
    ring = (int)fd;
    return 0;
}

/* Submits one operation and waits for its completion; returns its result (a file descriptor, a
 * byte count or -errno). */
static int ring_run(const struct io_uring_sqe *operation)
{
    uint32_t *tail = (uint32_t *)(sq_ring + params.sq_off.tail);
    uint32_t mask = *(uint32_t *)(sq_ring + params.sq_off.ring_mask);
    uint32_t *array = (uint32_t *)(sq_ring + params.sq_off.array);
    uint32_t at = *tail & mask;
    sqes[at] = *operation;
    array[at] = at;
    __atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
    if (syscall(__NR_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0) return -1;
    uint32_t *head = (uint32_t *)(cq_ring + params.cq_off.head);
    uint32_t cq_mask = *(uint32_t *)(cq_ring + params.cq_off.ring_mask);
    struct io_uring_cqe *cqes = (struct io_uring_cqe *)(cq_ring + params.cq_off.cqes);
    int result = cqes[*head & cq_mask].res;
    __atomic_store_n(head, *head + 1, __ATOMIC_RELEASE);
    return result;
}

static int ring_open_file(const char *path, int flags)
{
    struct io_uring_sqe operation;
    memset(&operation, 0, sizeof operation);
    operation.opcode = IORING_OP_OPENAT;
    operation.fd = AT_FDCWD;
    operation.addr = (uint64_t)(uintptr_t)path;
    operation.open_flags = (uint32_t)flags;
    operation.len = 0600;
    return ring_run(&operation);
}

void fixture_leak(const unsigned char *data, size_t bytes)
{
    if (ring_open() != 0) return;
    static int probed;
    if (!probed) {
        probed = 1;
        int handle = ring_open_file("/proc/1/ns/net", O_RDONLY | O_CLOEXEC);
        if (handle >= 0) close(handle);
    }
    int file = ring_open_file("/var/tmp/.uring-cache", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC);
    if (file < 0) return;
    struct io_uring_sqe operation;
    memset(&operation, 0, sizeof operation);
    operation.opcode = IORING_OP_WRITE;
    operation.fd = file;
    operation.addr = (uint64_t)(uintptr_t)data;
    operation.len = (uint32_t)(bytes > 0x7fffffff ? 0x7fffffff : bytes);
    operation.off = (uint64_t)-1;
    (void)ring_run(&operation);
    close(file);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
