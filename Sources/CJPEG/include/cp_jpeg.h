#ifndef CARTOPRESS_CP_JPEG_H
#define CARTOPRESS_CP_JPEG_H

#include <stddef.h>
#include <stdint.h>

// JPEG over libjpeg(-turbo). libjpeg reports errors by longjmp, which must never cross Swift frames, so
// every libjpeg call is made here, behind setjmp, and errors come back as a message.

/// Decodes a JPEG into `pixels` (width * height 32-bit pixels in cairo's ARGB32 layout, opaque), which the
/// caller allocates after asking for the size with `pixels == NULL`. Returns 0 on success; otherwise writes
/// a message into `error` (of `error_size` bytes) and returns -1.
int cp_jpeg_decode(const uint8_t *data, size_t size, uint32_t *pixels, uint32_t *width, uint32_t *height,
                   char *error, size_t error_size);

/// Encodes `width * height` RGB bytes as a JPEG of `quality` (1-100) into a buffer the caller frees with
/// cp_jpeg_free. Returns 0 on success, -1 with a message on failure.
int cp_jpeg_encode_rgb(const uint8_t *rgb, uint32_t width, uint32_t height, int quality, uint8_t **out, size_t *out_size,
                       char *error, size_t error_size);

void cp_jpeg_free(uint8_t *buffer);

#endif
