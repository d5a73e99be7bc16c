#ifndef CARTOPRESS_CHARFBUZZ_SHIM_H
#define CARTOPRESS_CHARFBUZZ_SHIM_H
#include <harfbuzz/hb.h>
#include <harfbuzz/hb-ot.h>
#endif
