#ifndef CARTOPRESS_CCAIRO_SHIM_H
#define CARTOPRESS_CCAIRO_SHIM_H
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <cairo/cairo-svg.h>
#include <cairo/cairo-ft.h>
#endif
