#include "cp_png_rows.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <tmmintrin.h>

/// Drops alpha four pixels at a time with one byte shuffle (SSSE3, which every x86-64 server since 2008
/// has; checked at run time). Writes 16 bytes for 12, so stops 6 pixels before the end.
__attribute__((target("ssse3"))) static uint32_t drop_alpha_ssse3(const uint32_t *source, unsigned char *target,
                                                                   uint32_t width) {
    // Little-endian ARGB32 is B, G, R, A in memory; PNG wants R, G, B.
    const __m128i order = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    uint32_t i = 0;
    for (; i + 6 <= width; i += 4) {
        __m128i pixels = _mm_loadu_si128((const __m128i *)(source + i));
        _mm_storeu_si128((__m128i *)(target + 3 * i), _mm_shuffle_epi8(pixels, order));
    }
    return i;
}

#endif

void cp_png_convert_row(const uint32_t *source, unsigned char *target, uint32_t width, int with_alpha) {
    if (with_alpha) {
        // Cairo stores premultiplied alpha; PNG wants straight alpha.
        for (uint32_t i = 0; i < width; i++) {
            uint32_t p = source[i];
            unsigned a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            if (a != 0 && a != 255) {
                r = (r * 255 + a / 2) / a;
                g = (g * 255 + a / 2) / a;
                b = (b * 255 + a / 2) / a;
            }
            target[4 * i] = (unsigned char)r;
            target[4 * i + 1] = (unsigned char)g;
            target[4 * i + 2] = (unsigned char)b;
            target[4 * i + 3] = (unsigned char)a;
        }
    } else {
        uint32_t i = 0;
#if defined(__x86_64__)
        if (__builtin_cpu_supports("ssse3")) i = drop_alpha_ssse3(source, target, width);
#endif
        for (; i < width; i++) {
            uint32_t p = source[i];
            target[3 * i] = (unsigned char)(p >> 16);
            target[3 * i + 1] = (unsigned char)(p >> 8);
            target[3 * i + 2] = (unsigned char)p;
        }
    }
}

static unsigned char paeth(int left, int up, int up_left) {
    int estimate = left + up - up_left;
    int to_left = abs(estimate - left), to_up = abs(estimate - up), to_up_left = abs(estimate - up_left);
    if (to_left <= to_up && to_left <= to_up_left) return (unsigned char)left;
    return (unsigned char)(to_up <= to_up_left ? up : up_left);
}

void cp_png_filter_row(int filter, const unsigned char *row, const unsigned char *previous, size_t length,
                       size_t bytes_per_pixel, unsigned char *target) {
    // PNG treats the row above the first as zeros, which makes Up a copy and Paeth a Sub there.
    if (!previous && (filter == 2 || filter == 4)) filter = filter == 2 ? 0 : 1;
    target[0] = (unsigned char)filter;
    unsigned char *out = target + 1;
    size_t bpp = bytes_per_pixel;
    switch (filter) {
        case 1:
            for (size_t i = 0; i < bpp && i < length; i++) out[i] = row[i];
            for (size_t i = bpp; i < length; i++) out[i] = (unsigned char)(row[i] - row[i - bpp]);
            break;
        case 2:
            for (size_t i = 0; i < length; i++) out[i] = (unsigned char)(row[i] - previous[i]);
            break;
        case 3:
            for (size_t i = 0; i < length; i++) {
                unsigned left = i >= bpp ? row[i - bpp] : 0, up = previous ? previous[i] : 0;
                out[i] = (unsigned char)(row[i] - ((left + up) >> 1));
            }
            break;
        case 4:
            for (size_t i = 0; i < bpp && i < length; i++) out[i] = (unsigned char)(row[i] - previous[i]);
            for (size_t i = bpp; i < length; i++) {
                out[i] = (unsigned char)(row[i] - paeth(row[i - bpp], previous[i], previous[i - bpp]));
            }
            break;
        default:
            memcpy(out, row, length);
            break;
    }
}
