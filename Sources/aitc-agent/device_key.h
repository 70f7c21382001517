/* device_key.h — the device's own Ed25519 key: generated on the device at enrolment, kept in a file
 * only the agent's user can read, and used to answer a harness challenge (`device_key` op), so a
 * lab that pinned the key's fingerprint knows which box it measures (Docs/drivers.md). */
#ifndef AITC_DEVICE_KEY_H
#define AITC_DEVICE_KEY_H

#include <stdio.h>

#include "agent_error.h"

/* Raw sizes (libsodium's crypto_sign_ed25519_*). */
#define DEVICE_KEY_PUBLIC_BYTES 32
#define DEVICE_KEY_SECRET_BYTES 64
#define DEVICE_KEY_SIGNATURE_BYTES 64
/* Challenge bounds, in bytes (hex in the request: twice as many characters). */
#define DEVICE_KEY_CHALLENGE_MIN 16
#define DEVICE_KEY_CHALLENGE_MAX 64
/* What the signature covers: this prefix, then the challenge bytes. */
#define DEVICE_KEY_CONTEXT "aitc-device-key-v1\n"

/* Create a new key in `path` (which must not exist; mode 0600) and print its public key and
 * fingerprint on `out`. */
int device_key_enrol(const char *path, FILE *out, agent_error *err);

/* Load the key this agent answers challenges with. The file must be exactly one key, readable by
 * its owner only, and its public half must match its secret half. */
int device_key_load(const char *path, agent_error *err);

/* Whether a key was loaded. */
int device_key_loaded(void);

/* Sign DEVICE_KEY_CONTEXT || challenge with the loaded key; public key and signature are copied out. */
int device_key_sign(const unsigned char *challenge, size_t len, unsigned char public_key[DEVICE_KEY_PUBLIC_BYTES],
                    unsigned char signature[DEVICE_KEY_SIGNATURE_BYTES], agent_error *err);

/* "SHA256:" + unpadded base64 of SHA-256(public key), the form labs pin (`?device_key=`). */
void device_key_fingerprint(const unsigned char public_key[DEVICE_KEY_PUBLIC_BYTES], char *out, size_t cap);

#endif
