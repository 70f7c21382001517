#ifndef AITC_CJSONC_SHIM_H
#define AITC_CJSONC_SHIM_H
#include <json-c/json.h>
#endif
