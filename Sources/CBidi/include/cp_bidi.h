#ifndef CP_BIDI_H
#define CP_BIDI_H

#include <stdint.h>

/// Shapes Arabic letters of `text` (UTF-16, logical order) into their contextual presentation forms, as
/// MapLibre's RTL text plugin does (ICU's u_shapeArabic, letters shaped, logical direction). Writes at most
/// `capacity` code units to `out`; returns the shaped length, or -1 if ICU fails or `out` is too small.
int32_t cp_shape_arabic(const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity);

/// Reorders `text` (UTF-16, logical order) for display line by line, as MapLibre's RTL text plugin does:
/// one bidi paragraph run with a default left-to-right level, the lines ending at `breaks` (ascending
/// offsets, the last at `length`) and at every paragraph end, each line written in visual order with
/// mirrored brackets and no bidi controls. Writes the lines one after another to `out` (at most `capacity`
/// code units) and the end of each in `out` to `line_ends` (at most `max_lines`). Returns the number of
/// lines, or -1 if ICU fails or a buffer is too small.
int32_t cp_bidi_reorder(const uint16_t *text, int32_t length, const int32_t *breaks, int32_t break_count,
                        uint16_t *out, int32_t capacity, int32_t *line_ends, int32_t max_lines);

#endif
