#ifndef CARTOPRESS_CP_PNG_WRITER_H
#define CARTOPRESS_CP_PNG_WRITER_H

#include <stddef.h>
#include <stdint.h>

// A streaming PNG encoder that compresses each band of rows in parallel into one zlib stream.
//
// Rows are given in cairo's CAIRO_FORMAT_ARGB32 layout (premultiplied, native-endian 32-bit pixels) and
// converted while encoding. A band is split into chunks of at most a few hundred rows, each converted, filtered
// and raw-deflated on its own (pigz's method): every chunk but the image's last ends on a byte boundary with an
// empty non-final stored block (what zlib's Z_SYNC_FLUSH writes), so the chunks concatenate into one valid
// deflate stream, and their Adler-32s are combined for the zlib trailer. With zlib each chunk is primed with the
// 32 KiB of filtered data before it, so the stream compresses as if it were one; libdeflate and igzip, faster,
// are not primed, so their chunks are independent.
//
// A band is encoded in three steps so that the caller may run the middle one on several threads:
// cp_png_writer_begin_rows, then cp_png_writer_encode_chunks once per worker (concurrently), then
// cp_png_writer_end_rows. The writer holds per worker one chunk's filtered rows, never the whole image. Encoded
// bytes accumulate in the writer until taken with cp_png_writer_take_output.

typedef struct cp_png_writer cp_png_writer;

typedef struct {
    uint32_t width;
    uint32_t height;
    /// Non-zero: write RGBA (un-premultiplied). Zero: write RGB, dropping alpha (for opaque posters).
    int with_alpha;
    /// Dots per inch stored in the pHYs chunk; 0 writes no pHYs chunk.
    double dpi;
    /// Deflate level 0-9 (0 stores, 1 fastest, 9 smallest).
    int compression_level;
    /// zlib strategy: 0 default, 1 filtered, 2 huffman only, 3 RLE. Any but 0 compresses with zlib.
    int compression_strategy;
    /// PNG row filter for every row: 0 none, 1 sub, 2 up, 3 average, 4 paeth.
    int filter;
    /// Compressor: 0 libdeflate, 1 zlib, 2 ISA-L's igzip (levels 1 and 2 only; libdeflate takes the others).
    int deflater;
} cp_png_options;

/// Creates a writer and writes the PNG header. Returns NULL and fills `error` on failure.
cp_png_writer *cp_png_writer_create(const cp_png_options *options, char *error, size_t error_capacity);

/// Starts encoding `row_count` rows at `pixels`, `stride` bytes apart, with up to `workers` concurrent calls
/// of cp_png_writer_encode_chunks. The pixels must stay unchanged until cp_png_writer_end_rows. Returns the
/// number of chunks (at least 1), or -1 with `error` filled.
int cp_png_writer_begin_rows(cp_png_writer *writer, const unsigned char *pixels, size_t stride, uint32_t row_count,
                             uint32_t workers, char *error, size_t error_capacity);

/// Encodes chunks of the band until none is left; call once for each worker 0 ..< workers, from any threads,
/// concurrently. Failures are kept and reported by cp_png_writer_end_rows.
void cp_png_writer_encode_chunks(cp_png_writer *writer, uint32_t worker);

/// Band rows in each chunk of the band begun last: chunk i holds rows i * rows ..< (i + 1) * rows, the last
/// one up to the band's end. 0 before a band is begun.
uint32_t cp_png_writer_chunk_rows(const cp_png_writer *writer);

/// Encodes chunk `chunk` of the band as worker `worker`: instead of cp_png_writer_encode_chunks, for a caller
/// that encodes chunks as their rows are finished. Each chunk must be encoded exactly once, after its rows and
/// the row above it are final, and no two calls at once may share a worker. Failures are kept and reported
/// by cp_png_writer_end_rows, as is a chunk not encoded or a worker or chunk out of range.
void cp_png_writer_encode_chunk(cp_png_writer *writer, uint32_t worker, uint32_t chunk);

/// Appends the band's chunks to the output, in order. Returns 0 on success, or -1 with `error` filled.
int cp_png_writer_end_rows(cp_png_writer *writer, char *error, size_t error_capacity);

/// Writes the end of the image. Returns 0 on success. All rows must have been written.
int cp_png_writer_finish(cp_png_writer *writer, char *error, size_t error_capacity);

/// How many encoded bytes have been produced and not yet taken.
size_t cp_png_writer_output_length(const cp_png_writer *writer);

/// Copies the encoded bytes not yet taken (cp_png_writer_output_length of them) to `destination`, in order, and
/// frees them: the compressed rows are copied once, from where the workers left them.
void cp_png_writer_take_output(cp_png_writer *writer, unsigned char *destination);

void cp_png_writer_destroy(cp_png_writer *writer);

#endif
