#ifndef CARTOPRESS_CP_PNG_WRITER_H
#define CARTOPRESS_CP_PNG_WRITER_H

#include <stddef.h>
#include <stdint.h>

// A streaming PNG encoder over libpng. libpng reports errors by longjmp, which must never cross Swift
// frames, so every libpng call is made here, behind setjmp, and errors come back as a message.
//
// Rows are given in cairo's CAIRO_FORMAT_ARGB32 layout (premultiplied, native-endian 32-bit pixels) and
// converted while encoding. Encoded bytes accumulate in the writer until taken with
// cp_png_writer_take_output, so a caller can stream a large image band by band.

typedef struct cp_png_writer cp_png_writer;

typedef struct {
    uint32_t width;
    uint32_t height;
    /// Non-zero: write RGBA (un-premultiplied). Zero: write RGB, dropping alpha (for opaque posters).
    int with_alpha;
    /// Dots per inch stored in the pHYs chunk; 0 writes no pHYs chunk.
    double dpi;
    /// zlib level 0-9.
    int compression_level;
    /// zlib strategy: 0 default, 1 filtered, 2 huffman only, 3 RLE.
    int compression_strategy;
    /// PNG row filter: 0 none, 1 sub, 2 up, 3 average, 4 paeth.
    int filter;
} cp_png_options;

/// Creates a writer and writes the PNG header. Returns NULL and fills `error` on failure.
cp_png_writer *cp_png_writer_create(const cp_png_options *options, char *error, size_t error_capacity);

/// Encodes `row_count` rows starting at `pixels`, `stride` bytes apart. Returns 0 on success.
int cp_png_writer_write_rows(cp_png_writer *writer, const unsigned char *pixels, size_t stride,
                             uint32_t row_count, char *error, size_t error_capacity);

/// Writes the end of the image. Returns 0 on success. All rows must have been written.
int cp_png_writer_finish(cp_png_writer *writer, char *error, size_t error_capacity);

/// Encoded bytes produced so far and not yet taken. The pointer stays valid until the next call on the writer.
const unsigned char *cp_png_writer_output(cp_png_writer *writer, size_t *length);

/// Forgets the output returned by cp_png_writer_output (the caller has copied it).
void cp_png_writer_clear_output(cp_png_writer *writer);

void cp_png_writer_destroy(cp_png_writer *writer);

#endif
