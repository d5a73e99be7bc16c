#include "cp_bidi.h"

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

int32_t cp_bidi_visual_order(const uint16_t *text, int32_t length, int32_t line_start, int32_t line_end,
                             int32_t *order, int32_t capacity) {
    UErrorCode error = U_ZERO_ERROR;
    UBiDi *paragraph = ubidi_openSized(length, 0, &error);
    UBiDi *line = ubidi_openSized(length, 0, &error);
    int32_t count = -1;
    if (U_FAILURE(error)) goto done;
    ubidi_setReorderingOptions(paragraph, UBIDI_OPTION_REMOVE_CONTROLS);
    ubidi_setPara(paragraph, (const UChar *)text, length, UBIDI_DEFAULT_LTR, NULL, &error);
    if (U_FAILURE(error)) goto done;
    ubidi_setLine(paragraph, line_start, line_end, line, &error);
    if (U_FAILURE(error)) goto done;
    int32_t n = ubidi_getResultLength(line);
    if (n < 0 || n > capacity) goto done;
    ubidi_getVisualMap(line, order, &error);
    if (U_FAILURE(error)) goto done;
    for (int32_t i = 0; i < n; i++) order[i] += line_start;
    count = n;
done:
    if (line) ubidi_close(line);
    if (paragraph) ubidi_close(paragraph);
    return count;
}

int32_t cp_bidi_runs(const uint16_t *text, int32_t length, int32_t *starts, int32_t *lengths, uint8_t *right_to_left,
                     int32_t capacity) {
    UErrorCode error = U_ZERO_ERROR;
    UBiDi *paragraph = ubidi_openSized(length, 0, &error);
    int32_t count = -1;
    if (U_FAILURE(error)) goto done;
    ubidi_setPara(paragraph, (const UChar *)text, length, UBIDI_DEFAULT_LTR, NULL, &error);
    if (U_FAILURE(error)) goto done;
    int32_t n = ubidi_countRuns(paragraph, &error);
    if (U_FAILURE(error) || n < 0 || n > capacity) goto done;
    for (int32_t i = 0; i < n; i++) {
        int32_t start = 0, run_length = 0;
        UBiDiDirection direction = ubidi_getVisualRun(paragraph, i, &start, &run_length);
        starts[i] = start;
        lengths[i] = run_length;
        right_to_left[i] = direction == UBIDI_RTL ? 1 : 0;
    }
    count = n;
done:
    if (paragraph) ubidi_close(paragraph);
    return count;
}

#include <unicode/ubrk.h>

int32_t cp_line_breaks(const uint16_t *text, int32_t length, const char *locale, int32_t *breaks, int32_t capacity) {
    UErrorCode error = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open(UBRK_LINE, locale ? locale : "", (const UChar *)text, length, &error);
    if (U_FAILURE(error)) {
        if (iterator) ubrk_close(iterator);
        return -1;
    }
    int32_t count = 0;
    for (int32_t offset = ubrk_next(iterator); offset != UBRK_DONE; offset = ubrk_next(iterator)) {
        if (count >= capacity) { count = -1; break; }
        breaks[count++] = offset;
    }
    ubrk_close(iterator);
    return count;
}
