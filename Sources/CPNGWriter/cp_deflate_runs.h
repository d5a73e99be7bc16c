#ifndef CARTOPRESS_CP_DEFLATE_RUNS_H
#define CARTOPRESS_CP_DEFLATE_RUNS_H

#include <stddef.h>

// A deflate encoder for PNG scanlines that are nearly all repeats: each pixel that repeats the one before it
// (a run) or the one above it becomes part of a match, the rest literals, in one dynamic-Huffman block (RFC 1951
// §3.2.7) whose codes are fitted to runs, not counted. A poster's empty or flat areas (sea, paper, a large A0
// print's background) compress about as well as libdeflate does them, several times faster: nothing is hashed.

/// The most bytes cp_deflate_runs writes for `length` bytes of scanlines.
size_t cp_deflate_runs_bound(size_t length);

/// Compresses `length` bytes of scanlines (whole lines, filter type 0) as one deflate block into `out`
/// (at least cp_deflate_runs_bound(length) bytes), cut into pieces: runs of pixels repeating the one before or
/// the ones above, and single pixels written as literals. Gives up, returning 0, once there are more than
/// `max_pieces` (the lines are not flat enough to be worth it). The block is final when `final`; otherwise it
/// is followed by an empty stored block, as zlib's Z_SYNC_FLUSH ends a piece, so that the next piece starts on
/// a byte. Returns the bytes written.
size_t cp_deflate_runs(const unsigned char *lines, size_t length, size_t line_bytes, unsigned channels, int final,
                       size_t max_pieces, unsigned char *out);

#endif
