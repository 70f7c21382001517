/* The backend ABI is header-only; this file gives SwiftPM a source to compile. */
#include "aitc_backend.h"
