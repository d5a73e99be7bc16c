#ifndef CARTOPRESS_CFREETYPE_SHIM_H
#define CARTOPRESS_CFREETYPE_SHIM_H
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SIZES_H
#endif
