#ifndef CP_BIDI_H
#define CP_BIDI_H

#include <stdint.h>

/// Shapes Arabic letters of `text` (UTF-16, logical order) into their contextual presentation forms, as
/// MapLibre's RTL text plugin does (ICU's u_shapeArabic, letters shaped, logical direction). Writes at most
/// `capacity` code units to `out`; returns the shaped length, or -1 if ICU fails or `out` is too small.
int32_t cp_shape_arabic(const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity);

/// The visual order of the line `line_start`..<`line_end` (UTF-16 offsets within one paragraph) of
/// `text`, by the Unicode bidi algorithm with a left-to-right default and bidi controls removed: writes to
/// `order` the logical offset (within `text`) of each code unit of the line from left to right. Returns the
/// number written, or -1 if ICU fails or `order` is too small.
int32_t cp_bidi_visual_order(const uint16_t *text, int32_t length, int32_t line_start, int32_t line_end,
                             int32_t *order, int32_t capacity);

/// The directional runs of `text` (UTF-16, one line of one paragraph) in visual order, left to right, by the
/// Unicode bidi algorithm with a left-to-right default: run i covers `starts[i]` ..< `starts[i] + lengths[i]`
/// (logical offsets) and reads right to left where `right_to_left[i]` is 1. Returns the number of runs, or -1
/// if ICU fails or there are more than `capacity`.
int32_t cp_bidi_runs(const uint16_t *text, int32_t length, int32_t *starts, int32_t *lengths, uint8_t *right_to_left,
                     int32_t capacity);

/// The line break opportunities of `text` (UTF-16) by UAX #14 as ICU tailors it for `locale` (dictionary
/// breaks for Thai, Lao, Khmer and Burmese; breaks between ideographs): each offset where a line may start,
/// the text's end included, written to `breaks`. Returns the number written, or -1 if ICU fails or there are
/// more than `capacity`.
int32_t cp_line_breaks(const uint16_t *text, int32_t length, const char *locale, int32_t *breaks, int32_t capacity);

#endif
