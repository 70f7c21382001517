/* The `device_key` operation: sign the harness's challenge with the device's own key. */
#include <sodium.h>
#include <string.h>

#include "device_key.h"
#include "ops.h"
#include "reply.h"
#include "request.h"

int op_device_key(op_ctx *c, agent_error *err)
{
    const char *hex = NULL;
    if (req_string(c->req, "challenge", 1, 2 * DEVICE_KEY_CHALLENGE_MAX, &hex, err) != 0) {
        return -1;
    }
    unsigned char challenge[DEVICE_KEY_CHALLENGE_MAX];
    size_t len = 0;
    const char *end = NULL;
    if (sodium_hex2bin(challenge, sizeof challenge, hex, strlen(hex), NULL, &len, &end) != 0 || *end != '\0' ||
        len * 2 != strlen(hex)) {
        return agent_fail(err, AE_BAD_REQUEST, "challenge: expected hexadecimal digits");
    }
    unsigned char public_key[DEVICE_KEY_PUBLIC_BYTES];
    unsigned char signature[DEVICE_KEY_SIGNATURE_BYTES];
    if (device_key_sign(challenge, len, public_key, signature, err) != 0) {
        return -1;
    }
    char pk_text[sodium_base64_ENCODED_LEN(DEVICE_KEY_PUBLIC_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    char sig_text[sodium_base64_ENCODED_LEN(DEVICE_KEY_SIGNATURE_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(pk_text, sizeof pk_text, public_key, sizeof public_key, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(sig_text, sizeof sig_text, signature, sizeof signature, sodium_base64_VARIANT_ORIGINAL);
    json_object *r = reply_new_ok(c->id);
    json_object_object_add(r, "algorithm", json_object_new_string("ed25519"));
    json_object_object_add(r, "public_key", json_object_new_string(pk_text));
    json_object_object_add(r, "signature", json_object_new_string(sig_text));
    return op_send(c, r);
}
