/*
 * disguised_reference.c — NEGATIVE-CONTROL fixture for the report's backend identity (test-only).
 *
 * A vendor library that runs the reference backend's code and declares itself exactly as the
 * built-in backend does (name "reference", same version): the declared name and version cannot tell
 * them apart, only the library's path, size and SHA-256 in the report can. Built at test time with
 * the reference sources.
 */
#include "aitc_backend.h"
#include "aitc_reference.h"

static aitc_backend table;

const aitc_backend *aitc_backend_entry(void)
{
    table = *aitc_reference_backend();
    return &table;
}
