#include "cp_deflate_blocks.h"

#include <string.h>

// Codes up to this many bits are decoded by one table look-up; longer ones (rare) bit by bit.
#define FAST_BITS 10
#define MAX_BITS 15

typedef struct {
    const unsigned char *data;
    size_t length;
    size_t next;      // next byte to load into `bits`
    uint64_t bits;    // loaded, unread bits, the next one lowest
    int available;    // how many of `bits` are loaded
    int overrun;      // more bits were read than the stream has
} bit_reader;

/// Loads at least 32 bits (zeros past the end of the data).
static inline void refill(bit_reader *r) {
    if (r->available >= 32) return;
    if (r->next + 8 <= r->length) {
        uint64_t word;
        memcpy(&word, r->data + r->next, 8);  // deflate is little-endian, as are the machines we build for
        r->bits |= word << r->available;
        r->next += (size_t)(63 - r->available) >> 3;
        r->available |= 56;
        return;
    }
    while (r->available <= 56) {
        uint64_t byte = r->next < r->length ? r->data[r->next] : 0;
        r->bits |= byte << r->available;
        r->next++;
        r->available += 8;
    }
}

static inline uint32_t peek_bits(bit_reader *r, int count) {
    refill(r);
    return (uint32_t)r->bits & ((1u << count) - 1);
}

static inline void skip_bits(bit_reader *r, int count) {
    r->bits >>= count;
    r->available -= count;
}

static inline uint32_t read_bits(bit_reader *r, int count) {
    uint32_t value = peek_bits(r, count);
    skip_bits(r, count);
    return value;
}

/// Bits read so far; notes an overrun.
static uint64_t position(bit_reader *r) {
    uint64_t at = (uint64_t)r->next * 8 - (uint64_t)r->available;
    if (at > (uint64_t)r->length * 8) r->overrun = 1;
    return at;
}

typedef struct {
    uint16_t count[MAX_BITS + 1];  // codes of each length
    uint16_t symbol[320];          // symbols in canonical order
    // Fast table entry: symbol << 16 | (code length + the symbol's extra bits) << 8 | code length, or 0 for
    // codes longer than FAST_BITS.
    uint32_t fast[1 << FAST_BITS];
} huffman;

static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint8_t distance_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

typedef enum { CODE_LENGTHS, LITERALS, DISTANCES } alphabet;

static int extra_bits(alphabet kind, int symbol) {
    if (kind == LITERALS) return symbol > 256 && symbol < 286 ? length_extra[symbol - 257] : 0;
    if (kind == DISTANCES) return symbol < 30 ? distance_extra[symbol] : 0;
    return 0;
}

static int build(huffman *h, const uint8_t *lengths, int n, alphabet kind) {
    memset(h->count, 0, sizeof h->count);
    for (int i = 0; i < n; i++) h->count[lengths[i]]++;
    if (h->count[0] == n) return -1;
    int left = 1;
    for (int len = 1; len <= MAX_BITS; len++) {
        left = (left << 1) - h->count[len];
        if (left < 0) return -1;  // over-subscribed
    }
    uint16_t offsets[MAX_BITS + 2];
    offsets[1] = 0;
    for (int len = 1; len <= MAX_BITS; len++) offsets[len + 1] = offsets[len] + h->count[len];
    for (int i = 0; i < n; i++) {
        if (lengths[i]) h->symbol[offsets[lengths[i]]++] = (uint16_t)i;
    }
    // Canonical codes, bit-reversed because deflate packs Huffman codes from their most significant bit.
    memset(h->fast, 0, sizeof h->fast);
    uint32_t code = 0;
    int index = 0;
    for (int len = 1; len <= FAST_BITS; len++) {
        for (int k = 0; k < h->count[len]; k++, index++, code++) {
            uint32_t reversed = 0;
            for (int b = 0; b < len; b++) reversed |= ((code >> b) & 1) << (len - 1 - b);
            for (uint32_t fill = reversed; fill < (1u << FAST_BITS); fill += 1u << len) {
                int symbol = h->symbol[index];
                h->fast[fill] = (uint32_t)symbol << 16 | (uint32_t)(len + extra_bits(kind, symbol)) << 8 | (uint32_t)len;
            }
        }
        code <<= 1;
    }
    return 0;
}

static int decode(bit_reader *r, const huffman *h) {
    uint32_t entry = h->fast[peek_bits(r, FAST_BITS)];
    if (entry) {
        skip_bits(r, (int)(entry & 0xff));
        return (int)(entry >> 16);
    }
    // As zlib's puff: walk the canonical code one bit at a time.
    int code = 0, first = 0, index = 0;
    for (int len = 1; len <= MAX_BITS; len++) {
        code |= (int)read_bits(r, 1);
        int count = h->count[len];
        if (code - count < first) return h->symbol[index + (code - first)];
        index += count;
        first = (first + count) << 1;
        code <<= 1;
        if (position(r) > (uint64_t)r->length * 8) return -1;
    }
    return -1;
}

/// Skips a block's codes up to its end-of-block code. The common case (short codes, data well inside the
/// stream) keeps the reader's state in registers: this loop is most of the time spent here.
static int skip_codes(bit_reader *r, const huffman *literals, const huffman *distances) {
    for (;;) {
        if (r->next + 16 <= r->length) {
            uint64_t bits = r->bits;
            int available = r->available;
            size_t next = r->next;
            // Each round needs at most 15 + 5 (length) + 15 + 13 (distance) = 48 bits; refill to 56.
            while (next + 8 <= r->length) {
                uint64_t word;
                memcpy(&word, r->data + next, 8);
                bits |= word << available;
                next += (size_t)(63 - available) >> 3;
                available |= 56;
                uint32_t entry = literals->fast[bits & ((1u << FAST_BITS) - 1)];
                if (!entry) break;
                int consumed = (int)(entry >> 8 & 0xff), symbol = (int)(entry >> 16);
                bits >>= consumed;  // the code and, for a length, its extra bits
                available -= consumed;
                if (symbol < 256) continue;
                if (symbol == 256) {
                    r->bits = bits, r->available = available, r->next = next;
                    return 0;
                }
                if (symbol >= 286) return -1;
                entry = distances->fast[bits & ((1u << FAST_BITS) - 1)];
                if (!entry) {
                    // A long distance code: finish this symbol on the slow path.
                    r->bits = bits, r->available = available, r->next = next;
                    int distance = decode(r, distances);
                    if (distance < 0 || distance >= 30) return -1;
                    skip_bits(r, distance_extra[distance]);
                    bits = r->bits, available = r->available, next = r->next;
                    continue;
                }
                if ((entry >> 16) >= 30) return -1;
                consumed = (int)(entry >> 8 & 0xff);
                bits >>= consumed;
                available -= consumed;
            }
            r->bits = bits, r->available = available, r->next = next;
        }
        // Near the end of the stream, or a code longer than FAST_BITS: one symbol at a time.
        int symbol = decode(r, literals);
        if (symbol < 0 || r->next > r->length + 8) return -1;
        if (symbol < 256) continue;
        if (symbol == 256) return 0;
        symbol -= 257;
        if (symbol >= 29) return -1;
        skip_bits(r, length_extra[symbol]);
        int distance = decode(r, distances);
        if (distance < 0 || distance >= 30) return -1;
        skip_bits(r, distance_extra[distance]);
    }
}

static int read_dynamic_tables(bit_reader *r, huffman *literals, huffman *distances) {
    static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    int literal_count = (int)read_bits(r, 5) + 257;
    int distance_count = (int)read_bits(r, 5) + 1;
    int code_count = (int)read_bits(r, 4) + 4;
    if (literal_count > 286 || distance_count > 30) return -1;
    uint8_t lengths[320] = {0};
    for (int i = 0; i < code_count; i++) lengths[order[i]] = (uint8_t)read_bits(r, 3);
    huffman code_lengths;
    if (build(&code_lengths, lengths, 19, CODE_LENGTHS) != 0) return -1;
    int total = literal_count + distance_count;
    memset(lengths, 0, sizeof lengths);
    for (int i = 0; i < total;) {
        int symbol = decode(r, &code_lengths);
        if (symbol < 0) return -1;
        if (symbol < 16) {
            lengths[i++] = (uint8_t)symbol;
            continue;
        }
        int repeat, value = 0;
        if (symbol == 16) {
            if (i == 0) return -1;
            value = lengths[i - 1];
            repeat = 3 + (int)read_bits(r, 2);
        } else if (symbol == 17) {
            repeat = 3 + (int)read_bits(r, 3);
        } else {
            repeat = 11 + (int)read_bits(r, 7);
        }
        if (i + repeat > total) return -1;
        while (repeat--) lengths[i++] = (uint8_t)value;
    }
    if (lengths[256] == 0) return -1;
    if (build(literals, lengths, literal_count, LITERALS) != 0) return -1;
    // A stream may have no distance codes at all (only literals).
    int used = 0;
    for (int i = 0; i < distance_count; i++) used += lengths[literal_count + i] != 0;
    if (used == 0) {
        memset(distances, 0, sizeof *distances);
        return 0;
    }
    return build(distances, lengths + literal_count, distance_count, DISTANCES);
}

static void build_fixed(huffman *literals, huffman *distances) {
    uint8_t lengths[288];
    for (int i = 0; i < 144; i++) lengths[i] = 8;
    for (int i = 144; i < 256; i++) lengths[i] = 9;
    for (int i = 256; i < 280; i++) lengths[i] = 7;
    for (int i = 280; i < 288; i++) lengths[i] = 8;
    build(literals, lengths, 288, LITERALS);
    uint8_t distance_lengths[30];
    for (int i = 0; i < 30; i++) distance_lengths[i] = 5;
    build(distances, distance_lengths, 30, DISTANCES);
}

int cp_deflate_find_end(const unsigned char *data, size_t length, uint64_t *final_header_bit, uint64_t *end_bit) {
    bit_reader r = {data, length, 0, 0, 0, 0};
    huffman literals, distances;
    for (;;) {
        uint64_t header = position(&r);
        int is_final = (int)read_bits(&r, 1);
        int type = (int)read_bits(&r, 2);
        if (type == 0) {
            skip_bits(&r, r.available & 7);  // to the byte boundary
            uint32_t stored = read_bits(&r, 16);
            uint32_t check = read_bits(&r, 16);
            if ((stored ^ 0xffff) != check) return -1;
            // Drop the loaded bits and continue from the byte after the stored data.
            size_t after = r.next - (size_t)(r.available >> 3) + stored;
            if (after > length) return -1;
            r.next = after;
            r.bits = 0;
            r.available = 0;
        } else if (type == 1) {
            build_fixed(&literals, &distances);
            if (skip_codes(&r, &literals, &distances) != 0) return -1;
        } else if (type == 2) {
            if (read_dynamic_tables(&r, &literals, &distances) != 0) return -1;
            if (skip_codes(&r, &literals, &distances) != 0) return -1;
        } else {
            return -1;
        }
        uint64_t end = position(&r);
        if (r.overrun) return -1;
        if (is_final) {
            *final_header_bit = header;
            *end_bit = end;
            return 0;
        }
    }
}

size_t cp_deflate_make_open(unsigned char *data, uint64_t final_header_bit, uint64_t end_bit) {
    data[final_header_bit >> 3] &= (unsigned char)~(1u << (final_header_bit & 7));
    size_t last = end_bit >> 3;
    unsigned used = end_bit & 7;
    // Padding after the end-of-block code is zero already; clear it anyway, then a 3-bit stored-block header
    // (non-final, type 0) of zeros, padding to the byte, and the stored block's LEN 0 and NLEN 0xffff.
    if (used) data[last] &= (unsigned char)((1u << used) - 1);
    uint64_t after_header = end_bit + 3;
    size_t length = (size_t)((after_header + 7) >> 3);
    for (size_t i = last + (used ? 1 : 0); i < length; i++) data[i] = 0;
    data[length++] = 0x00;
    data[length++] = 0x00;
    data[length++] = 0xff;
    data[length++] = 0xff;
    return length;
}
