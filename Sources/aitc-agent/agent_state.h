/* agent_state.h — everything one protocol session holds: handshake flag, models, sample sets,
 * scratch directory. Owned by main() and passed down; there is no global state. */
#ifndef AITC_AGENT_STATE_H
#define AITC_AGENT_STATE_H

#include <stddef.h>

#include "agent_model.h"
#include "agent_samples.h"
#include "confine.h"
#include "energy_sampler.h"
#include "retained_outputs.h"

typedef struct {
    int handshake_done;
    int quit;               /* set by `bye` */
    const char *scratch;    /* the agent's own scratch directory, or NULL */
    const confine_roots *roots; /* the folders requests may name files in (NULL or empty: anywhere) */
    agent_model **models;
    size_t n_models, cap_models;
    agent_samples **samples;
    size_t n_samples, cap_samples;
    energy_sampler *sampler; /* the `energy` op's running sampler, or NULL */
    retained_outputs retained; /* the last `run` with output_digests, for `reveal` */
} agent_state;

void agent_state_init(agent_state *st, const char *scratch);
/* Stop the energy sampler; free every model, sample set and retained output (the scratch directory is left alone). */
void agent_state_clear(agent_state *st);

agent_model *agent_state_model(const agent_state *st, const char *handle);
agent_samples *agent_state_samples(const agent_state *st, const char *handle);

/* Store under m->handle, replacing (and freeing) an entry with that handle. Takes ownership even on
 * failure (-1: out of memory, m freed). */
int agent_state_put_model(agent_state *st, agent_model *m);
int agent_state_put_samples(agent_state *st, agent_samples *s);

#endif
