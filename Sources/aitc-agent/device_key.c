/* device_key.c — the device's Ed25519 key (libsodium). */
#include "device_key.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned char loaded_secret[DEVICE_KEY_SECRET_BYTES];
static int have_key = 0;

static int ready(agent_error *err)
{
    if (sodium_init() < 0) {
        return agent_fail(err, AE_IO_ERROR, "device key: libsodium could not initialise (no entropy source?)");
    }
    return 0;
}

void device_key_fingerprint(const unsigned char public_key[DEVICE_KEY_PUBLIC_BYTES], char *out, size_t cap)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    char text[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
    crypto_hash_sha256(digest, public_key, DEVICE_KEY_PUBLIC_BYTES);
    sodium_bin2base64(text, sizeof text, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    snprintf(out, cap, "SHA256:%s", text);
}

int device_key_enrol(const char *path, FILE *out, agent_error *err)
{
    if (ready(err) != 0) {
        return -1;
    }
    unsigned char public_key[DEVICE_KEY_PUBLIC_BYTES];
    unsigned char secret[DEVICE_KEY_SECRET_BYTES];
    crypto_sign_ed25519_keypair(public_key, secret);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        sodium_memzero(secret, sizeof secret);
        return agent_fail(err, AE_IO_ERROR, "--enrol %.200s: %s%s", path, strerror(errno),
                          errno == EEXIST ? " (a device key is never overwritten: remove it first to re-enrol)" : "");
    }
    ssize_t written = write(fd, secret, sizeof secret);
    sodium_memzero(secret, sizeof secret);
    if (written != (ssize_t)sizeof secret || fsync(fd) != 0) {
        int saved = errno;
        close(fd);
        unlink(path);
        return agent_fail(err, AE_IO_ERROR, "--enrol %.200s: cannot write the key: %s", path, strerror(saved));
    }
    close(fd);
    char fingerprint[96];
    char encoded[sodium_base64_ENCODED_LEN(DEVICE_KEY_PUBLIC_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    device_key_fingerprint(public_key, fingerprint, sizeof fingerprint);
    sodium_bin2base64(encoded, sizeof encoded, public_key, sizeof public_key, sodium_base64_VARIANT_ORIGINAL);
    fprintf(out, "device_key ed25519 %s\nfingerprint %s\n", encoded, fingerprint);
    return 0;
}

int device_key_load(const char *path, agent_error *err)
{
    if (ready(err) != 0) {
        return -1;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return agent_fail(err, AE_IO_ERROR, "--device-key %.200s: %s", path, strerror(errno));
    }
    struct stat info;
    memset(&info, 0, sizeof info);
    int private_file = fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && (info.st_mode & 077) == 0;
    unsigned char secret[DEVICE_KEY_SECRET_BYTES + 1];
    ssize_t got = private_file ? read(fd, secret, sizeof secret) : -1;
    close(fd);
    if (!private_file) {
        return agent_fail(err, AE_IO_ERROR, "--device-key %.200s: must be a file readable by its owner only (chmod 600)",
                          path);
    }
    int valid = got == DEVICE_KEY_SECRET_BYTES;
    if (valid) {
        /* The stored public half (bytes 32..63) must be the one the seed (bytes 0..31) derives. */
        unsigned char check_pk[DEVICE_KEY_PUBLIC_BYTES];
        unsigned char check_sk[DEVICE_KEY_SECRET_BYTES];
        valid = crypto_sign_ed25519_seed_keypair(check_pk, check_sk, secret) == 0 &&
                sodium_memcmp(check_pk, secret + 32, DEVICE_KEY_PUBLIC_BYTES) == 0;
        sodium_memzero(check_sk, sizeof check_sk);
    }
    if (!valid) {
        sodium_memzero(secret, sizeof secret);
        return agent_fail(err, AE_IO_ERROR, "--device-key %.200s: not a key written by --enrol", path);
    }
    memcpy(loaded_secret, secret, DEVICE_KEY_SECRET_BYTES);
    sodium_memzero(secret, sizeof secret);
    have_key = 1;
    return 0;
}

int device_key_loaded(void) { return have_key; }

int device_key_sign(const unsigned char *challenge, size_t len, unsigned char public_key[DEVICE_KEY_PUBLIC_BYTES],
                    unsigned char signature[DEVICE_KEY_SIGNATURE_BYTES], agent_error *err)
{
    if (!have_key) {
        return agent_fail(err, AE_UNSUPPORTED, "device_key: this agent has no device key (start it with --device-key FILE "
                                               "after `aitc-agent --enrol FILE`)");
    }
    if (len < DEVICE_KEY_CHALLENGE_MIN || len > DEVICE_KEY_CHALLENGE_MAX) {
        return agent_fail(err, AE_BAD_REQUEST, "challenge: %d to %d bytes", DEVICE_KEY_CHALLENGE_MIN,
                          DEVICE_KEY_CHALLENGE_MAX);
    }
    unsigned char message[sizeof DEVICE_KEY_CONTEXT - 1 + DEVICE_KEY_CHALLENGE_MAX];
    size_t prefix = sizeof DEVICE_KEY_CONTEXT - 1;
    memcpy(message, DEVICE_KEY_CONTEXT, prefix);
    memcpy(message + prefix, challenge, len);
    crypto_sign_ed25519_detached(signature, NULL, message, prefix + len, loaded_secret);
    memcpy(public_key, loaded_secret + 32, DEVICE_KEY_PUBLIC_BYTES);
    return 0;
}
