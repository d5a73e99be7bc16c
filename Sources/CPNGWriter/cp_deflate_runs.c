#include "cp_deflate_runs.h"

#include <stdint.h>
#include <string.h>

/// Bits written least significant first, as deflate packs them (RFC 1951 §3.1.1).
typedef struct {
    unsigned char *out;
    size_t length;
    uint64_t bits;
    unsigned count;
} bit_writer;

static inline void put_bits(bit_writer *w, uint32_t value, unsigned count) {
    w->bits |= (uint64_t)value << w->count;
    w->count += count;
    while (w->count >= 8) {
        w->out[w->length++] = (unsigned char)w->bits;
        w->bits >>= 8;
        w->count -= 8;
    }
}

static inline void align_to_byte(bit_writer *w) {
    if (w->count > 0) put_bits(w, 0, 8 - w->count);
}

static inline uint32_t reversed(uint32_t code, unsigned count) {
    uint32_t result = 0;
    for (unsigned i = 0; i < count; i++) {
        result = (result << 1) | (code & 1);
        code >>= 1;
    }
    return result;
}

/// A prefix code as deflate writes it: each symbol's code already reversed (Huffman codes go most
/// significant bit first into a stream packed least significant bit first) and its length.
typedef struct {
    uint16_t bits[288];
    uint8_t length[288];
} prefix_code;

/// The canonical code for `lengths` (RFC 1951 §3.2.2): shorter codes first, then by symbol.
static void make_code(prefix_code *code, const uint8_t *lengths, unsigned count) {
    unsigned per_length[16] = {0}, next[16] = {0};
    for (unsigned i = 0; i < count; i++) per_length[lengths[i]]++;
    per_length[0] = 0;
    unsigned value = 0;
    for (unsigned bits = 1; bits < 16; bits++) {
        value = (value + per_length[bits - 1]) << 1;
        next[bits] = value;
    }
    for (unsigned i = 0; i < count; i++) {
        code->length[i] = lengths[i];
        code->bits[i] = lengths[i] ? (uint16_t)reversed(next[lengths[i]]++, lengths[i]) : 0;
    }
}

static inline void put_code(bit_writer *w, const prefix_code *code, unsigned symbol) {
    put_bits(w, code->bits[symbol], code->length[symbol]);
}

static const uint16_t length_base[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                         35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                         3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t distance_base[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                           257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t distance_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                           7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/// A distance as its symbol and extra bits.
typedef struct {
    unsigned symbol;
    uint32_t extra;
    unsigned extra_count;
} distance_code;

static distance_code code_for_distance(size_t distance) {
    unsigned symbol = 29;
    while (symbol > 0 && distance_base[symbol] > distance) symbol--;
    distance_code result = {symbol, (uint32_t)(distance - distance_base[symbol]), distance_extra[symbol]};
    return result;
}

/// The block's two codes.
typedef struct {
    prefix_code literals;   // literal/length symbols 0 ... 285
    prefix_code distances;  // distance symbols 0 ... 29
} block_codes;

/// One match of 3 ... 258 bytes.
static inline void put_match(bit_writer *w, const block_codes *codes, unsigned length, distance_code distance) {
    unsigned code = 28;
    while (length_base[code] > length) code--;
    put_code(w, &codes->literals, 257 + code);
    if (length_extra[code]) put_bits(w, length - length_base[code], length_extra[code]);
    put_code(w, &codes->distances, distance.symbol);
    if (distance.extra_count) put_bits(w, distance.extra, distance.extra_count);
}

/// A copy of `length` bytes (at least 3) as matches of at most 258, none shorter than 3.
static void put_copy(bit_writer *w, const block_codes *codes, size_t length, distance_code distance) {
    while (length > 0) {
        size_t take = length > 258 ? 258 : length;
        if (length - take > 0 && length - take < 3) take = length - 3;
        put_match(w, codes, (unsigned)take, distance);
        length -= take;
    }
}

/// How many bytes from `p` equal those from `q` (q before p), up to `most`: eight at a time, the first
/// difference found from the lowest differing byte of the words' exclusive or (little-endian loads).
static inline size_t equal_bytes(const unsigned char *p, const unsigned char *q, size_t most) {
    size_t n = 0;
    while (n + 8 <= most) {
        uint64_t a, b;
        memcpy(&a, p + n, 8);
        memcpy(&b, q + n, 8);
        uint64_t x = a ^ b;
        if (x) return n + ((size_t)__builtin_ctzll(x) >> 3);
        n += 8;
    }
    while (n < most && p[n] == q[n]) n++;
    return n;
}

/// Deflate's matches reach 32 KiB back: a line longer than that has no matches with the line above.
#define WINDOW 32768u

/// Writes the lines' data: each pixel that repeats the one before it or the one above it joins the longer
/// of the two runs from there, any other pixel is written as literals. Returns the pieces written (runs and
/// literal pixels), stopping as soon as there are more than `limit`.
static size_t walk(const unsigned char *lines, size_t length, size_t line_bytes, unsigned channels, bit_writer *w,
                   const block_codes *codes, size_t limit) {
    const int may_look_up = line_bytes <= WINDOW;
    const distance_code left = code_for_distance(channels);
    const distance_code up = code_for_distance(may_look_up ? line_bytes : 1);
    size_t pieces = 0;
    for (size_t start = 0; start + line_bytes <= length; start += line_bytes) {
        const unsigned char *line = lines + start, *first = line + 1, *end = line + line_bytes;
        const int has_above = may_look_up && start >= line_bytes;
        put_code(w, &codes->literals, line[0]);  // the filter type
        const unsigned char *p = first;
        while (p + channels <= end) {
            size_t room = (size_t)(end - p);
            size_t along = p > first ? equal_bytes(p, p - channels, room) / channels * channels : 0;
            size_t below = has_above ? equal_bytes(p, p - line_bytes, room) / channels * channels : 0;
            if (++pieces > limit) return pieces;
            if (along == 0 && below == 0) {
                for (unsigned i = 0; i < channels; i++) put_code(w, &codes->literals, p[i]);
                p += channels;
            } else {
                // A copy from the line above costs about eight times the bits of one from the pixel before
                // (its distance's 13 extra bits): where the pixels from the next one on run long, only this
                // pixel is taken from above (a line that starts a flat area below a flat line, most of all).
                int from_left = along >= below;
                if (!from_left && below > channels) {
                    size_t next = equal_bytes(p + channels, p, room - channels) / channels * channels;
                    if (next * 2 >= below - channels) below = channels;
                }
                size_t bytes = from_left ? along : below;
                put_copy(w, codes, bytes, from_left ? left : up);
                p += bytes;
            }
        }
        // Bytes past the last whole pixel (never, for PNG scanlines) are literals.
        for (; p < end; p++) put_code(w, &codes->literals, *p);
    }
    return pieces;
}

size_t cp_deflate_runs_bound(size_t length) {
    // At worst every byte is a 10-bit literal; the header, the end-of-block code and the sync flush besides.
    return length + length / 4 + 256;
}

/// Code lengths fitted to runs: a 258-byte match (symbol 285) takes one bit, as most of a flat line is
/// those; the short lengths an up-copy of a few pixels uses take 6 bits, the end of block and long lengths
/// 8, literals 10. The two distances (one pixel back, one line back) take one bit each. Every code is complete,
/// as inflaters require (1/2 + 256/1024 + 11/64 + 2/128 + 16/256 = 1).
static void fitted_lengths(uint8_t literal_lengths[286], uint8_t distance_lengths[30], unsigned left, int has_up, unsigned up) {
    for (unsigned i = 0; i < 256; i++) literal_lengths[i] = 10;
    literal_lengths[256] = 8;
    for (unsigned i = 257; i <= 267; i++) literal_lengths[i] = 6;
    literal_lengths[268] = literal_lengths[269] = 7;
    for (unsigned i = 270; i <= 284; i++) literal_lengths[i] = 8;
    literal_lengths[285] = 1;
    memset(distance_lengths, 0, 30);
    distance_lengths[left] = 1;
    // Without matches a line back, an unused distance completes the code (some inflaters want it whole).
    distance_lengths[has_up ? up : (left == 0 ? 1 : 0)] = 1;
}

/// The order code-length code lengths are sent in (§3.2.7).
static const uint8_t code_length_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

/// Writes a dynamic block's header (§3.2.7): the counts, the code-length code, then the literal/length and
/// distance code lengths run-length coded with it.
static void put_dynamic_header(bit_writer *w, int final, const uint8_t literal_lengths[286], const uint8_t distance_lengths[30]) {
    // The code-length code: complete over the symbols the lengths above use (7/8 + 2/16 = 1).
    uint8_t cl_lengths[19] = {0};
    cl_lengths[0] = cl_lengths[1] = cl_lengths[8] = cl_lengths[10] = cl_lengths[16] = cl_lengths[17] = cl_lengths[18] = 3;
    cl_lengths[6] = cl_lengths[7] = 4;
    prefix_code cl;
    make_code(&cl, cl_lengths, 19);

    put_bits(w, (final ? 1u : 0u) | 2u << 1, 3);  // BFINAL, BTYPE 10: dynamic codes
    put_bits(w, 286 - 257, 5);                     // HLIT
    put_bits(w, 30 - 1, 5);                        // HDIST
    put_bits(w, 19 - 4, 4);                        // HCLEN
    for (unsigned i = 0; i < 19; i++) put_bits(w, cl_lengths[code_length_order[i]], 3);

    uint8_t all[316];
    memcpy(all, literal_lengths, 286);
    memcpy(all + 286, distance_lengths, 30);
    for (unsigned i = 0; i < 316;) {
        uint8_t value = all[i];
        unsigned run = 1;
        while (i + run < 316 && all[i + run] == value) run++;
        i += run;
        if (value == 0) {
            while (run >= 11) {
                unsigned n = run > 138 ? 138 : run;
                put_code(w, &cl, 18);
                put_bits(w, n - 11, 7);
                run -= n;
            }
            if (run >= 3) {
                put_code(w, &cl, 17);
                put_bits(w, run - 3, 3);
                run = 0;
            }
            while (run--) put_code(w, &cl, 0);
        } else {
            put_code(w, &cl, value);
            run--;
            while (run >= 3) {
                unsigned n = run > 6 ? 6 : run;
                put_code(w, &cl, 16);
                put_bits(w, n - 3, 2);
                run -= n;
            }
            while (run--) put_code(w, &cl, value);
        }
    }
}

size_t cp_deflate_runs(const unsigned char *lines, size_t length, size_t line_bytes, unsigned channels, int final,
                       size_t max_pieces, unsigned char *out) {
    bit_writer w = {out, 0, 0, 0};
    const int has_up = line_bytes <= WINDOW;
    uint8_t literal_lengths[286], distance_lengths[30];
    fitted_lengths(literal_lengths, distance_lengths, code_for_distance(channels).symbol, has_up,
                   code_for_distance(has_up ? line_bytes : 1).symbol);
    block_codes codes;
    make_code(&codes.literals, literal_lengths, 286);
    make_code(&codes.distances, distance_lengths, 30);
    put_dynamic_header(&w, final, literal_lengths, distance_lengths);
    if (walk(lines, length, line_bytes, channels, &w, &codes, max_pieces) > max_pieces) return 0;
    put_code(&w, &codes.literals, 256);  // end of block
    if (final) {
        align_to_byte(&w);
    } else {
        put_bits(&w, 0, 3);  // an empty stored block: BFINAL 0, BTYPE 00, then LEN 0 and NLEN 0xffff on a byte
        align_to_byte(&w);
        put_bits(&w, 0x0000, 16);
        put_bits(&w, 0xFFFF, 16);
    }
    return w.length;
}
