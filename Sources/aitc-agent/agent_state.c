#include "agent_state.h"

#include <stdlib.h>
#include <string.h>

void agent_state_init(agent_state *st, const char *scratch)
{
    memset(st, 0, sizeof *st);
    st->scratch = scratch;
}

void agent_state_clear(agent_state *st)
{
    energy_sampler_free(st->sampler);
    st->sampler = NULL;
    retained_clear(&st->retained);
    for (size_t i = 0; i < st->n_samples; i++) {
        agent_samples_free(st->samples[i]);
    }
    for (size_t i = 0; i < st->n_models; i++) {
        agent_model_free(st->models[i]);
    }
    free(st->samples);
    free(st->models);
    st->samples = NULL;
    st->models = NULL;
    st->n_samples = st->cap_samples = st->n_models = st->cap_models = 0;
}

agent_model *agent_state_model(const agent_state *st, const char *handle)
{
    for (size_t i = 0; i < st->n_models; i++) {
        if (strcmp(st->models[i]->handle, handle) == 0) {
            return st->models[i];
        }
    }
    return NULL;
}

agent_samples *agent_state_samples(const agent_state *st, const char *handle)
{
    for (size_t i = 0; i < st->n_samples; i++) {
        if (strcmp(st->samples[i]->handle, handle) == 0) {
            return st->samples[i];
        }
    }
    return NULL;
}

/* Grow a pointer array by one slot; 0 on success. */
static int reserve(void ***items, size_t n, size_t *cap)
{
    if (n < *cap) {
        return 0;
    }
    size_t want = *cap == 0 ? 8 : *cap * 2;
    void **grown = realloc(*items, want * sizeof *grown);
    if (grown == NULL) {
        return -1;
    }
    *items = grown;
    *cap = want;
    return 0;
}

int agent_state_put_model(agent_state *st, agent_model *m)
{
    for (size_t i = 0; i < st->n_models; i++) {
        if (strcmp(st->models[i]->handle, m->handle) == 0) {
            agent_model_free(st->models[i]);
            st->models[i] = m;
            return 0;
        }
    }
    void **items = (void **)st->models;
    if (reserve(&items, st->n_models, &st->cap_models) != 0) {
        agent_model_free(m);
        return -1;
    }
    st->models = (agent_model **)items;
    st->models[st->n_models++] = m;
    return 0;
}

int agent_state_put_samples(agent_state *st, agent_samples *s)
{
    for (size_t i = 0; i < st->n_samples; i++) {
        if (strcmp(st->samples[i]->handle, s->handle) == 0) {
            agent_samples_free(st->samples[i]);
            st->samples[i] = s;
            return 0;
        }
    }
    void **items = (void **)st->samples;
    if (reserve(&items, st->n_samples, &st->cap_samples) != 0) {
        agent_samples_free(s);
        return -1;
    }
    st->samples = (agent_samples **)items;
    st->samples[st->n_samples++] = s;
    return 0;
}
