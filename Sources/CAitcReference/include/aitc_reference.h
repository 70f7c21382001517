#ifndef AITC_REFERENCE_H
#define AITC_REFERENCE_H
#include "aitc_backend.h"
/* The built-in reference CPU backend (ONNX, fp32 and int8 QDQ). */
const aitc_backend *aitc_reference_backend(void);
#endif
