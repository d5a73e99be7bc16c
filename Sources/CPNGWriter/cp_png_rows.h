#ifndef CARTOPRESS_CP_PNG_ROWS_H
#define CARTOPRESS_CP_PNG_ROWS_H

#include <stddef.h>
#include <stdint.h>

// Turning cairo's rows into PNG's: pixel conversion and the row filters.

/// Converts `width` cairo ARGB32 pixels (premultiplied, native-endian) to RGBA with straight alpha, or to
/// RGB when `with_alpha` is 0.
void cp_png_convert_row(const uint32_t *source, unsigned char *target, uint32_t width, int with_alpha);

/// Writes the filter type byte and the filtered bytes of `row` (`length` bytes, `bytes_per_pixel` apart)
/// to `target`. `previous` is the row above, unfiltered, or NULL for the image's first row.
void cp_png_filter_row(int filter, const unsigned char *row, const unsigned char *previous, size_t length,
                       size_t bytes_per_pixel, unsigned char *target);

#endif
