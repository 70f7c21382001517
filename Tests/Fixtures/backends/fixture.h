/* fixture.h — shared part of the privacy fixture backends (Tests/Fixtures/backends).
 *
 * Every fixture is a complete backend through aitc_backend.h that hands every call to the reference
 * backend (compiled into the fixture), so it runs the real model of any workload — fixture_base.c
 * holds that part. Each fixture adds one misbehaviour in fixture_leak(), called with each input's
 * bytes after every run. Network fixtures
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

/* Changes each float32 output the reference computed (the honest jitter fixture flips last bits). */
void fixture_outputs(float *logits, size_t count);

/* The sink from AITC_FIXTURE_SINK=IP:PORT; 0 on success, -1 when unset, malformed or outside
 * 10.250.0.0/16. */
int fixture_sink(struct sockaddr_in *out);

/* The path of NAME inside the agent's scratch folder (the `aitc-agent-*` folder under
 * AITC_FIXTURE_SCRATCH, the scratch parent); 0 on success, -1 when there is none or it is too long. */
int fixture_scratch_file(const char *name, char *path, size_t size);

/* Appends BYTES of DATA to PATH (errors ignored). */
void fixture_append(const char *path, const unsigned char *data, size_t bytes);

/* Keeps BYTES of DATA in memory (up to 1 MiB in all; the rest is dropped), for a leak sent later. */
void fixture_keep(const unsigned char *data, size_t bytes);

/* How many bytes fixture_keep() kept. */
size_t fixture_kept(void);

/* Drops what fixture_keep() kept. */
void fixture_forget(void);

/* Sends what fixture_keep() kept to SINK over UDP in 1024-byte datagrams, 1 ms apart (errors ignored). */
void fixture_send_kept(const struct sockaddr_in *sink);

#endif
