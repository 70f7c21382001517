/* libFuzzer target: the agent's .npy reader (Sources/aitc-agent/npy.c). Every accepted array must
 * lie inside the input buffer and hold exactly element_count * element_size bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    npy_array a;
    agent_error err = {0};
    if (npy_parse(data, size, "fuzz", &a, &err) == 0) {
        if (a.data < data || a.data_bytes > size || (size_t)(a.data - data) > size - a.data_bytes ||
            a.data_bytes != a.element_count * a.element_size) {
            abort(); /* an accepted array that does not fit the buffer */
        }
        volatile unsigned char sink = 0;
        for (size_t i = 0; i < a.data_bytes; i += 4096) {
            sink ^= a.data[i];
        }
        (void)sink;
    }
    return 0;
}
