/* libFuzzer target: the reference backend's ONNX parser and planner (supports, then load), through
 * the same table the agent calls. A refusal is fine; a crash, a sanitizer report or a leak is not.
 * Built by Tools/fuzz/run.sh with -fsanitize=fuzzer,address,undefined. */
#include <stddef.h>
#include <stdint.h>

#include "aitc_backend.h"
#include "aitc_reference.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const aitc_backend *b = aitc_reference_backend();
    aitc_backend_options opt = {1, "cpu", NULL};
    aitc_backend_ctx *ctx = NULL;
    char msg[512];
    if (b == NULL || b->create(&opt, &ctx, msg, sizeof msg) != AITC_OK) {
        return 0;
    }
    if (b->supports(ctx, data, size, msg, sizeof msg) == AITC_OK) {
        aitc_model *m = NULL;
        if (b->load(ctx, data, size, &m, msg, sizeof msg) == AITC_OK) {
            b->unload(m);
        }
    }
    b->destroy(ctx);
    return 0;
}
