#ifndef CARTOPRESS_CP_DEFLATE_BLOCKS_H
#define CARTOPRESS_CP_DEFLATE_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

// Reads the block structure of a raw deflate stream without inflating it, so that a complete stream (as
// libdeflate writes, ending with a final block) can be turned into a non-final piece of a longer stream.

/// Finds the bit offset of the final block's header and the bit just after its end-of-block code. Returns 0,
/// or -1 if `data` is not a complete, well-formed raw deflate stream.
int cp_deflate_find_end(const unsigned char *data, size_t length, uint64_t *final_header_bit, uint64_t *end_bit);

/// Makes the stream found by cp_deflate_find_end non-final and ends it on a byte boundary with an empty
/// stored block (00 00 ff ff), as zlib's Z_SYNC_FLUSH does. `data` must have room for `end_bit / 8 + 6`
/// bytes. Returns the new length.
size_t cp_deflate_make_open(unsigned char *data, uint64_t final_header_bit, uint64_t end_bit);

#endif
