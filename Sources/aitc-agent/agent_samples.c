#include "agent_samples.h"

#include <stdlib.h>
#include <string.h>

void agent_samples_free(agent_samples *s)
{
    if (s == NULL) {
        return;
    }
    for (int i = 0; i < s->n_inputs; i++) {
        free(s->inputs[i].file);
    }
    free(s->inputs);
    free(s->handle);
    free(s);
}

const agent_sample_input *agent_samples_input(const agent_samples *s, const char *name)
{
    for (int i = 0; i < s->n_inputs; i++) {
        if (strcmp(s->inputs[i].name, name) == 0) {
            return &s->inputs[i];
        }
    }
    return NULL;
}
