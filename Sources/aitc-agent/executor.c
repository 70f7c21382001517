#include "executor.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monotonic.h"
#include "output_digest.h"

/* Sleep until shortly before `t`, then spin: sleeping alone overshoots by the scheduler's latency. */
#define SPIN_NS INT64_C(200000)

static void wait_until(int64_t t)
{
    for (;;) {
        int64_t now = mono_ns();
        if (now >= t) {
            return;
        }
        if (t - now > SPIN_NS) {
            int64_t wake = t - SPIN_NS;
            struct timespec ts = {(time_t)(wake / 1000000000), (long)(wake % 1000000000)};
            int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
            if (rc != 0 && rc != EINTR) {
                continue; /* fall back to spinning */
            }
        }
    }
}

static void note_accelerator(const exec_plan *p, exec_result *r, int first)
{
    const char *acc = p->backend->accelerator(p->model);
    if (acc == NULL) {
        acc = "unknown";
    }
    if (first) {
        snprintf(r->accelerator, sizeof r->accelerator, "%s", acc);
    } else if (strncmp(r->accelerator, acc, sizeof r->accelerator - 1) != 0) {
        r->accelerator_changes++;
        snprintf(r->accelerator, sizeof r->accelerator, "%s", acc);
    }
}

/* Ask the backend (if it has the extension) how the last run was split; count changes. */
static void note_breakdown(const exec_plan *p, exec_result *r, int first)
{
    if (p->ext == NULL || p->ext->struct_size < offsetof(aitc_backend_ext, accelerator_breakdown) + sizeof(void *) ||
        p->ext->accelerator_breakdown == NULL) {
        return;
    }
    aitc_unit_share now[AITC_MAX_UNITS];
    memset(now, 0, sizeof now);
    const char *basis = NULL;
    int n = p->ext->accelerator_breakdown(p->model, now, AITC_MAX_UNITS, &basis);
    if (n < 0 || n > AITC_MAX_UNITS) {
        n = 0;
    }
    for (int i = 0; i < n; i++) {
        now[i].unit[sizeof now[i].unit - 1] = '\0';
        if (!(now[i].fraction >= 0.0 && now[i].fraction <= 1.0)) {
            now[i].fraction = 0.0; /* NaN or out of range: reported as nothing */
        }
    }
    int changed = n != r->n_shares;
    for (int i = 0; !changed && i < n; i++) {
        changed = strcmp(now[i].unit, r->shares[i].unit) != 0 || fabs(now[i].fraction - r->shares[i].fraction) > 0.01;
    }
    if (changed && !first) {
        r->breakdown_changes++;
    }
    memcpy(r->shares, now, sizeof now);
    r->n_shares = n;
    snprintf(r->basis, sizeof r->basis, "%s", basis != NULL && strcmp(basis, "time") == 0 ? "time" : "nodes");
}

int executor_run(const exec_plan *p, exec_result *r, agent_error *err)
{
    r->n_shares = 0;
    r->breakdown_changes = 0;
    r->basis[0] = '\0';
    r->completed = 0;
    r->accelerator_changes = 0;
    snprintf(r->accelerator, sizeof r->accelerator, "%s", "none");
    aitc_tensor *inputs = calloc((size_t)(p->n_inputs > 0 ? p->n_inputs : 1), sizeof *inputs);
    aitc_tensor *outputs = calloc((size_t)(p->n_outputs > 0 ? p->n_outputs : 1), sizeof *outputs);
    if (inputs == NULL || outputs == NULL) {
        free(inputs);
        free(outputs);
        return agent_fail(err, AE_BACKEND_ERROR, "out of memory preparing the run");
    }
    for (int j = 0; j < p->n_inputs; j++) {
        inputs[j].info = p->input_infos[j];
        inputs[j].bytes = p->sources[j]->sample_bytes;
    }
    char msg[512];
    int rc = 0;
    int first = 1;
    r->run_begin_ns = mono_ns();
    for (size_t q = 0; q < p->n_queries && rc == 0; q++) {
        int64_t start;
        if (p->offsets_ns != NULL) {
            start = r->run_begin_ns + p->offsets_ns[q];
            wait_until(start); /* returns at once when the device is already late: queueing delay counts */
        } else {
            start = mono_ns();
        }
        for (size_t k = 0; k < p->per_query; k++) {
            size_t sample = (size_t)p->queries[q * p->per_query + k];
            for (int j = 0; j < p->n_inputs; j++) {
                inputs[j].data = (void *)(p->sources[j]->array.data + sample * p->sources[j]->sample_bytes);
            }
            msg[0] = '\0';
            int brc = p->backend->run(p->model, inputs, p->n_inputs, outputs, p->n_outputs, msg, sizeof msg);
            if (brc != AITC_OK) {
                msg[sizeof msg - 1] = '\0';
                rc = agent_fail(err, AE_BACKEND_ERROR,
                                "run stopped at query %zu (sample %zu) after %zu completed queries: %.400s", q, sample,
                                r->completed, msg);
                break;
            }
            /* Every backend call of the query is inside its time: work deferred from run() to
             * accelerator() or the breakdown extension would otherwise go unmeasured. */
            note_accelerator(p, r, first);
            note_breakdown(p, r, first);
            first = 0;
            if (k + 1 == p->per_query) {
                r->end_ns[q] = mono_ns();
            }
            if (p->capture != NULL && p->capture[q] &&
                output_store_add(p->store, q, (int64_t)sample, outputs, err) != 0) {
                rc = -1;
                break;
            }
        }
        if (rc == 0 && p->digests != NULL && p->store->n_records >= p->per_query) {
            /* after the query's end_ns: committed before any position to reveal is chosen */
            output_digest(p->store, p->store->n_records - p->per_query, p->per_query,
                          p->digests + q * SHA256_DIGEST_BYTES);
        }
        if (rc == 0) {
            r->start_ns[q] = start;
            r->completed++;
        }
    }
    r->run_end_ns = mono_ns();
    free(inputs);
    free(outputs);
    return rc;
}
