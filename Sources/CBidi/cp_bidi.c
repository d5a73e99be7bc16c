#include "cp_bidi.h"

#include <stdlib.h>
#include <unicode/ubidi.h>
#include <unicode/ushape.h>

int32_t cp_shape_arabic(const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity) {
    UErrorCode error = U_ZERO_ERROR;
    int32_t n = u_shapeArabic((const UChar *)text, length, (UChar *)out, capacity,
                              (U_SHAPE_LETTERS_SHAPE & U_SHAPE_LETTERS_MASK) |
                              (U_SHAPE_TEXT_DIRECTION_LOGICAL & U_SHAPE_TEXT_DIRECTION_MASK),
                              &error);
    return U_FAILURE(error) ? -1 : n;
}

static int compare_offsets(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

int32_t cp_bidi_reorder(const uint16_t *text, int32_t length, const int32_t *breaks, int32_t break_count,
                        uint16_t *out, int32_t capacity, int32_t *line_ends, int32_t max_lines) {
    UErrorCode error = U_ZERO_ERROR;
    UBiDi *paragraph = ubidi_openSized(length, 0, &error);
    UBiDi *line = ubidi_openSized(length, 0, &error);
    int32_t *ends = NULL;
    int32_t lines = -1;
    if (U_FAILURE(error)) goto done;
    ubidi_setPara(paragraph, (const UChar *)text, length, UBIDI_DEFAULT_LTR, NULL, &error);
    if (U_FAILURE(error)) goto done;
    // The requested breaks and every paragraph's end, sorted and without repeats.
    int32_t paragraphs = ubidi_countParagraphs(paragraph);
    ends = malloc(sizeof(int32_t) * (size_t)(break_count + paragraphs + 1));
    if (!ends) goto done;
    int32_t count = 0;
    for (int32_t i = 0; i < break_count; i++) ends[count++] = breaks[i];
    for (int32_t i = 0; i < paragraphs; i++) {
        int32_t end = 0;
        ubidi_getParagraphByIndex(paragraph, i, NULL, &end, NULL, &error);
        if (U_FAILURE(error)) goto done;
        ends[count++] = end;
    }
    qsort(ends, (size_t)count, sizeof(int32_t), compare_offsets);
    int32_t start = 0, written = 0, found = 0;
    for (int32_t i = 0; i < count; i++) {
        int32_t end = ends[i];
        if (end <= start || end > length) continue;
        if (found == max_lines) goto done;
        ubidi_setLine(paragraph, start, end, line, &error);
        if (U_FAILURE(error)) goto done;
        int32_t n = ubidi_writeReordered(line, (UChar *)out + written, capacity - written,
                                         UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS, &error);
        if (U_FAILURE(error)) goto done;
        written += n;
        line_ends[found++] = written;
        start = end;
    }
    lines = found;
done:
    free(ends);
    if (line) ubidi_close(line);
    if (paragraph) ubidi_close(paragraph);
    return lines;
}
