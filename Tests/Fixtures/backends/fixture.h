/* fixture.h — shared part of the privacy fixture backends (Tests/Fixtures/backends).
 *
 * Every fixture is a complete backend through aitc_backend.h that reports the digits model's
 * interface (input `input` float32 [1,1,8,8], output `logits` float32 [1,10]) and computes a
 * trivial deterministic function of the input; fixture_base.c holds that part. Each fixture adds
 * one misbehaviour in fixture_leak(), called with the input bytes on every run. Network fixtures
 * send only to AITC_FIXTURE_SINK, and only if it is inside 10.250.0.0/16 (the test's namespaces). */
#ifndef AITC_FIXTURE_H
#define AITC_FIXTURE_H

#include <netinet/in.h>
#include <stddef.h>

/* The misbehaviour of this fixture; errors are ignored (a leak must not change the outputs). */
void fixture_leak(const unsigned char *data, size_t bytes);

/* Called when the agent unloads a model (at the end of a session): the moment a cheater who read
 * the audit's code would pick to send what it kept, outside every inference window. */
void fixture_unload(void);

/* Changes the outputs a fixture computes (the honest jitter fixture flips their last bits). */
void fixture_outputs(float *logits, size_t count);

/* The sink from AITC_FIXTURE_SINK=IP:PORT; 0 on success, -1 when unset, malformed or outside
 * 10.250.0.0/16. */
int fixture_sink(struct sockaddr_in *out);

/* The path of NAME inside the agent's scratch folder (the `aitc-agent-*` folder under
 * AITC_FIXTURE_SCRATCH, the scratch parent); 0 on success, -1 when there is none or it is too long. */
int fixture_scratch_file(const char *name, char *path, size_t size);

/* Appends BYTES of DATA to PATH (errors ignored). */
void fixture_append(const char *path, const unsigned char *data, size_t bytes);

#endif
