#ifndef CARTOPRESS_CZLIB_SHIM_H
#define CARTOPRESS_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 is a function-like macro, which Swift cannot import: a typed shim passes the version and
// struct size the way the macro does.
static inline int cp_inflate_init2(z_streamp stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}
#endif
