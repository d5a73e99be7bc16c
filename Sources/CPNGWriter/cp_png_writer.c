#include "cp_png_writer.h"

#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cp_deflate_blocks.h"
#include "cp_deflate_runs.h"
#include "cp_png_rows.h"

// Chunks of about this many filtered bytes: large enough that independent libdeflate chunks lose little
// (a chunk restarts its matches and Huffman statistics), small enough to spread a band over the cores and to
// bound each worker's buffers.
#define CHUNK_BYTES (1u << 18)
#define WINDOW 32768u

/// A part of the encoded output: `head`, then `data` (owned, may be NULL), then `tail`. A PNG chunk is its length,
/// type and first bytes in the head, its data, and its last bytes and CRC in the tail.
typedef struct {
    unsigned char head[32];
    size_t head_length;
    unsigned char *data;
    size_t data_length;
    unsigned char tail[8];
    size_t tail_length;
} output_piece;

typedef struct {
    unsigned char *data;
    size_t length;
    size_t raw_length;  // filtered bytes, for combining the Adler-32s
    uint32_t adler;
    int done;
    char message[192];
} chunk_result;

typedef struct {
    struct libdeflate_compressor *compressor;
    unsigned char *igzip_buffer;  // igzip's hash tables and token buffer for its level
    z_stream zlib;
    int zlib_ready;
    unsigned char *filtered;  // the chunk's filtered rows, after the rows that prime zlib's window
    size_t filtered_capacity;
    unsigned char *rows[2];  // converted rows, the current and the one above
    unsigned char *compressed;
    size_t compressed_capacity;
    unsigned char window[WINDOW];
} worker_state;

struct cp_png_writer {
    cp_png_options options;
    size_t channels;
    size_t row_bytes;   // converted, unfiltered
    size_t line_bytes;  // filter byte + row
    uint32_t window_rows;  // rows whose filtered bytes cover zlib's 32 KiB window
    uint32_t rows_written;
    uint32_t adler;
    unsigned char *previous_row;  // the last converted row of the previous band
    unsigned char *history;       // the last bytes (up to 32 KiB) of the filtered stream so far, for zlib
    size_t history_length;

    const unsigned char *pixels;
    size_t stride;
    uint32_t band_rows;
    uint32_t chunk_rows;
    uint32_t chunk_count;
    int band_ends_image;
    atomic_uint next_chunk;
    chunk_result *results;
    size_t results_capacity;
    worker_state **workers;  // each apart: a z_stream must not move once initialised
    uint32_t worker_count;

    // The encoded bytes not yet taken, in order: PNG chunks whose compressed data stays where the workers
    // left it until cp_png_writer_take_output copies it out, so that it is copied once, not joined first.
    output_piece *pieces;
    size_t piece_count;
    size_t piece_capacity;
    size_t output_length;
};

static void copy_message(const char *message, char *error, size_t capacity) {
    if (error && capacity) snprintf(error, capacity, "%s", message);
}

/// A new, empty piece at the end of the output, or NULL if there is no memory for it.
static output_piece *new_piece(cp_png_writer *w) {
    if (w->piece_count == w->piece_capacity) {
        size_t capacity = w->piece_capacity ? w->piece_capacity * 2 : 64;
        output_piece *grown = realloc(w->pieces, capacity * sizeof *grown);
        if (!grown) return NULL;
        w->pieces = grown;
        w->piece_capacity = capacity;
    }
    output_piece *piece = &w->pieces[w->piece_count++];
    memset(piece, 0, sizeof *piece);
    return piece;
}

static void free_pieces(cp_png_writer *w) {
    for (size_t i = 0; i < w->piece_count; i++) free(w->pieces[i].data);
    w->piece_count = 0;
    w->output_length = 0;
}

static void put_u32(unsigned char *target, uint32_t value) {
    target[0] = (unsigned char)(value >> 24);
    target[1] = (unsigned char)(value >> 16);
    target[2] = (unsigned char)(value >> 8);
    target[3] = (unsigned char)value;
}

/// Appends a PNG chunk whose data is `head` (at most 16 bytes), `data` (taken: freed with the piece, even on
/// failure) and `tail` (at most 4 bytes), any of them empty.
static int append_chunk(cp_png_writer *w, const char type[4], const unsigned char *head, size_t head_length,
                        unsigned char *data, size_t data_length, const unsigned char *tail, size_t tail_length) {
    size_t length = head_length + data_length + tail_length;
    output_piece *piece = length <= 0x7fffffffu && head_length <= 16 && tail_length <= 4 ? new_piece(w) : NULL;
    if (!piece) {
        free(data);
        return -1;
    }
    put_u32(piece->head, (uint32_t)length);
    memcpy(piece->head + 4, type, 4);
    if (head_length) memcpy(piece->head + 8, head, head_length);
    piece->head_length = 8 + head_length;
    piece->data = data;
    piece->data_length = data_length;
    if (tail_length) memcpy(piece->tail, tail, tail_length);
    uint32_t crc = libdeflate_crc32(0, piece->head + 4, 4 + head_length);
    if (data_length) crc = libdeflate_crc32(crc, data, data_length);
    if (tail_length) crc = libdeflate_crc32(crc, tail, tail_length);
    put_u32(piece->tail + tail_length, crc);
    piece->tail_length = tail_length + 4;
    w->output_length += length + 12;
    return 0;
}

static int write_header(cp_png_writer *w) {
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    output_piece *start = new_piece(w);
    if (!start) return -1;
    memcpy(start->head, signature, sizeof signature);
    start->head_length = sizeof signature;
    w->output_length = sizeof signature;
    unsigned char header[13];
    put_u32(header, w->options.width);
    put_u32(header + 4, w->options.height);
    header[8] = 8;                               // bits per channel
    header[9] = w->options.with_alpha ? 6 : 2;   // RGBA or RGB
    header[10] = header[11] = header[12] = 0;    // deflate, adaptive filtering, no interlace
    if (append_chunk(w, "IHDR", header, sizeof header, NULL, 0, NULL, 0) != 0) return -1;
    if (w->options.dpi > 0) {
        uint32_t per_metre = (uint32_t)(w->options.dpi / 0.0254 + 0.5);
        unsigned char density[9];
        put_u32(density, per_metre);
        put_u32(density + 4, per_metre);
        density[8] = 1;  // metres
        if (append_chunk(w, "pHYs", density, sizeof density, NULL, 0, NULL, 0) != 0) return -1;
    }
    return 0;
}

cp_png_writer *cp_png_writer_create(const cp_png_options *options, char *error, size_t error_capacity) {
    char message[160];
    if (options->width == 0 || options->height == 0 || options->width > 0x7fffffffu || options->height > 0x7fffffffu) {
        snprintf(message, sizeof message, "a PNG is 1 to 2^31-1 pixels wide and high, not %ux%u", options->width,
                 options->height);
        copy_message(message, error, error_capacity);
        return NULL;
    }
    if (options->compression_level < 0 || options->compression_level > 9) {
        snprintf(message, sizeof message, "compression level %d is outside 0-9", options->compression_level);
        copy_message(message, error, error_capacity);
        return NULL;
    }
    if (options->filter < 0 || options->filter > 4 || options->compression_strategy < 0 ||
        options->compression_strategy > 3 || options->deflater < 0 || options->deflater > 2) {
        snprintf(message, sizeof message, "unknown filter %d, strategy %d or deflater %d", options->filter,
                 options->compression_strategy, options->deflater);
        copy_message(message, error, error_capacity);
        return NULL;
    }
    cp_png_writer *w = calloc(1, sizeof *w);
    if (!w) {
        copy_message("out of memory creating the PNG encoder", error, error_capacity);
        return NULL;
    }
    w->options = *options;
    // libdeflate has no strategies: any but the default one is zlib's.
    if (options->compression_strategy != 0) w->options.deflater = 1;
    // igzip's levels are for speed: storing (0) and the smaller levels (3-9) are libdeflate's.
    if (w->options.deflater == 2 && (options->compression_level < 1 || options->compression_level > 2)) w->options.deflater = 0;
    w->channels = options->with_alpha ? 4 : 3;
    w->row_bytes = (size_t)options->width * w->channels;
    w->line_bytes = w->row_bytes + 1;
    w->window_rows = (uint32_t)((WINDOW + w->line_bytes - 1) / w->line_bytes);
    w->adler = 1;
    w->previous_row = malloc(w->row_bytes);
    if (w->options.deflater == 1) w->history = malloc(WINDOW);
    if (!w->previous_row || (w->options.deflater == 1 && !w->history) || write_header(w) != 0) {
        snprintf(message, sizeof message, "out of memory creating the PNG encoder for %ux%u", options->width,
                 options->height);
        copy_message(message, error, error_capacity);
        cp_png_writer_destroy(w);
        return NULL;
    }
    return w;
}

static void release_results(cp_png_writer *w) {
    for (uint32_t i = 0; i < w->chunk_count; i++) {
        free(w->results[i].data);
        w->results[i].data = NULL;
    }
    w->chunk_count = 0;
    w->pixels = NULL;
}

int cp_png_writer_begin_rows(cp_png_writer *w, const unsigned char *pixels, size_t stride, uint32_t row_count,
                             uint32_t workers, char *error, size_t error_capacity) {
    char message[160];
    if (row_count == 0 || w->rows_written + (uint64_t)row_count > w->options.height) {
        snprintf(message, sizeof message, "%u rows given after %u of %u were written", row_count, w->rows_written,
                 w->options.height);
        copy_message(message, error, error_capacity);
        return -1;
    }
    release_results(w);  // a band begun and never ended
    if (workers == 0) workers = 1;
    uint32_t per_worker = (row_count + workers - 1) / workers;
    uint32_t most = (uint32_t)((CHUNK_BYTES + w->line_bytes - 1) / w->line_bytes);
    // Below a quarter chunk, splitting costs more in restarted matches than the cores win.
    uint32_t least = most / 4 ? most / 4 : 1;
    uint32_t chunk_rows = per_worker < least ? least : per_worker;
    if (chunk_rows > most) chunk_rows = most;
    if (chunk_rows > row_count) chunk_rows = row_count;
    uint32_t chunk_count = (row_count + chunk_rows - 1) / chunk_rows;
    if (chunk_count > w->results_capacity) {
        chunk_result *grown = realloc(w->results, chunk_count * sizeof *grown);
        if (!grown) {
            copy_message("out of memory for the PNG encoder's chunk list", error, error_capacity);
            return -1;
        }
        w->results = grown;
        w->results_capacity = chunk_count;
    }
    memset(w->results, 0, chunk_count * sizeof *w->results);
    if (workers > w->worker_count) {
        worker_state **grown = realloc(w->workers, workers * sizeof *grown);
        if (grown) w->workers = grown;
        while (grown && w->worker_count < workers && (w->workers[w->worker_count] = calloc(1, sizeof(worker_state)))) {
            w->worker_count++;
        }
        if (w->worker_count < workers) {
            copy_message("out of memory for the PNG encoder's workers", error, error_capacity);
            return -1;
        }
    }
    w->pixels = pixels;
    w->stride = stride;
    w->band_rows = row_count;
    w->chunk_rows = chunk_rows;
    w->chunk_count = chunk_count;
    w->band_ends_image = w->rows_written + row_count == w->options.height;
    atomic_store(&w->next_chunk, 0);
    return (int)chunk_count;
}

static const uint32_t *source_row(const cp_png_writer *w, uint32_t band_row) {
    return (const uint32_t *)(w->pixels + (size_t)band_row * w->stride);
}

static int ensure(unsigned char **buffer, size_t *capacity, size_t needed) {
    if (needed <= *capacity) return 0;
    unsigned char *grown = realloc(*buffer, needed);
    if (!grown) return -1;
    *buffer = grown;
    *capacity = needed;
    return 0;
}

/// Makes room in a worker for `filtered_length` filtered bytes and, for filters that look at the row above,
/// two converted rows.
static int prepare_worker(const cp_png_writer *w, worker_state *s, size_t filtered_length) {
    if (ensure(&s->filtered, &s->filtered_capacity, filtered_length) != 0) return -1;
    if (w->options.filter == 0) return 0;
    for (int i = 0; i < 2; i++) {
        if (!s->rows[i] && !(s->rows[i] = malloc(w->row_bytes))) return -1;
    }
    return 0;
}

/// Converts and filters band rows `first ..< end` into `target`, one line after another.
static void filter_rows(const cp_png_writer *w, worker_state *s, uint32_t first, uint32_t end, unsigned char *target) {
    uint32_t width = w->options.width;
    int alpha = w->options.with_alpha, filter = w->options.filter;
    if (filter == 0) {
        for (uint32_t y = first; y < end; y++, target += w->line_bytes) {
            target[0] = 0;
            cp_png_convert_row(source_row(w, y), target + 1, width, alpha);
        }
        return;
    }
    const unsigned char *previous = NULL;
    int current = 0;
    if (first > 0) {
        cp_png_convert_row(source_row(w, first - 1), s->rows[1], width, alpha);
        previous = s->rows[1];
    } else if (w->rows_written > 0) {
        previous = w->previous_row;
    }
    for (uint32_t y = first; y < end; y++, target += w->line_bytes) {
        unsigned char *row = s->rows[current];
        cp_png_convert_row(source_row(w, y), row, width, alpha);
        cp_png_filter_row(filter, row, previous, w->row_bytes, w->channels, target);
        previous = row;
        current ^= 1;
    }
}

/// The last `WINDOW` bytes (or all, if fewer) of the history followed by `length` bytes at `recent`.
static size_t window_before(const cp_png_writer *w, const unsigned char *recent, size_t length, unsigned char *target) {
    if (length >= WINDOW) {
        memcpy(target, recent + length - WINDOW, WINDOW);
        return WINDOW;
    }
    size_t from_history = WINDOW - length < w->history_length ? WINDOW - length : w->history_length;
    memcpy(target, w->history + w->history_length - from_history, from_history);
    memcpy(target + from_history, recent, length);
    return from_history + length;
}

static int fail(chunk_result *result, const char *what, uint32_t first_row) {
    snprintf(result->message, sizeof result->message, "%s (chunk from image row %u)", what, first_row);
    result->done = 1;
    return -1;
}

static int deflate_with_zlib(cp_png_writer *w, worker_state *s, const unsigned char *input, size_t length,
                             const unsigned char *dictionary, size_t dictionary_length, int last, chunk_result *result,
                             uint32_t image_row) {
    static const int strategies[4] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE};
    if (!s->zlib_ready) {
        if (deflateInit2(&s->zlib, w->options.compression_level, Z_DEFLATED, -15, 8,
                         strategies[w->options.compression_strategy]) != Z_OK) {
            return fail(result, "out of memory for zlib", image_row);
        }
        s->zlib_ready = 1;
    } else if (deflateReset(&s->zlib) != Z_OK) {
        return fail(result, "zlib could not restart", image_row);
    }
    if (dictionary_length && deflateSetDictionary(&s->zlib, dictionary, (uInt)dictionary_length) != Z_OK) {
        return fail(result, "zlib refused the previous chunk's window", image_row);
    }
    size_t bound = deflateBound(&s->zlib, (uLong)length) + 64;
    if (ensure(&s->compressed, &s->compressed_capacity, bound) != 0) return fail(result, "out of memory for zlib's output", image_row);
    s->zlib.next_in = (unsigned char *)input;
    s->zlib.avail_in = (uInt)length;
    size_t produced = 0;
    for (;;) {
        s->zlib.next_out = s->compressed + produced;
        s->zlib.avail_out = (uInt)(s->compressed_capacity - produced);
        int status = deflate(&s->zlib, last ? Z_FINISH : Z_SYNC_FLUSH);
        produced = s->compressed_capacity - s->zlib.avail_out;
        if (status == Z_STREAM_ERROR) return fail(result, "zlib failed", image_row);
        if (last ? status == Z_STREAM_END : s->zlib.avail_out != 0) break;
        if (ensure(&s->compressed, &s->compressed_capacity, s->compressed_capacity * 2) != 0) {
            return fail(result, "out of memory for zlib's output", image_row);
        }
    }
    result->length = produced;
    return 0;
}

static int deflate_with_libdeflate(cp_png_writer *w, worker_state *s, const unsigned char *input, size_t length,
                                   int last, chunk_result *result, uint32_t image_row) {
    if (!s->compressor) {
        s->compressor = libdeflate_alloc_compressor(w->options.compression_level);
        if (!s->compressor) return fail(result, "out of memory for libdeflate", image_row);
    }
    // Room for the empty stored block that ends a non-final chunk.
    size_t bound = libdeflate_deflate_compress_bound(s->compressor, length) + 8;
    if (ensure(&s->compressed, &s->compressed_capacity, bound) != 0) return fail(result, "out of memory for libdeflate's output", image_row);
    size_t produced = libdeflate_deflate_compress(s->compressor, input, length, s->compressed, bound - 8);
    if (produced == 0) return fail(result, "libdeflate's output did not fit its bound", image_row);
    if (!last) {
        uint64_t final_header, end;
        if (cp_deflate_find_end(s->compressed, produced, &final_header, &end) != 0) {
            return fail(result, "libdeflate wrote a stream this encoder cannot read", image_row);
        }
        produced = cp_deflate_make_open(s->compressed, final_header, end);
    }
    result->length = produced;
    return 0;
}

/// igzip's buffer for levels 1 and 2: its default size (a 64 Ki-token buffer and the level's hash table).
static size_t igzip_buffer_size(int level) {
    return level == 1 ? ISAL_DEF_LVL1_DEFAULT : ISAL_DEF_LVL2_DEFAULT;
}

/// Compresses a chunk with ISA-L's igzip in one stateless call. Every chunk but the image's last ends with a
/// full flush (an empty non-final stored block, byte-aligned), so no block needs to be found and reopened as
/// libdeflate's must.
static int deflate_with_igzip(cp_png_writer *w, worker_state *s, const unsigned char *input, size_t length,
                              int last, chunk_result *result, uint32_t image_row) {
    int level = w->options.compression_level;
    if (!s->igzip_buffer && !(s->igzip_buffer = malloc(igzip_buffer_size(level)))) {
        return fail(result, "out of memory for igzip", image_row);
    }
    // Stored blocks bound incompressible input; the retry covers what this estimate misses.
    size_t bound = length + length / 64 + 1024;
    for (;;) {
        if (ensure(&s->compressed, &s->compressed_capacity, bound) != 0) return fail(result, "out of memory for igzip's output", image_row);
        // Zeroed first: igzip reads fields of the stream that isal_deflate_stateless_init leaves as they were, so
        // the same rows came out a few percent larger or smaller with whatever the stack held before.
        struct isal_zstream stream;
        memset(&stream, 0, sizeof stream);
        isal_deflate_stateless_init(&stream);
        stream.level = (uint32_t)level;
        stream.level_buf = s->igzip_buffer;
        stream.level_buf_size = (uint32_t)igzip_buffer_size(level);
        stream.flush = last ? NO_FLUSH : FULL_FLUSH;
        stream.end_of_stream = last ? 1 : 0;
        stream.next_in = (uint8_t *)input;
        stream.avail_in = (uint32_t)length;
        stream.next_out = s->compressed;
        stream.avail_out = (uint32_t)(bound > UINT32_MAX ? UINT32_MAX : bound);
        int status = isal_deflate_stateless(&stream);
        if (status == COMP_OK) {
            result->length = stream.total_out;
            return 0;
        }
        if (status != STATELESS_OVERFLOW || bound > length * 2 + 65536) {
            char message[96];
            snprintf(message, sizeof message, "igzip failed (status %d)", status);
            return fail(result, message, image_row);
        }
        bound *= 2;
    }
}

/// A chunk whose pieces (runs of repeated pixels, and literal pixels) cover this many pixels each on average
/// is flat enough for cp_deflate_runs. Measured on an A0 poster (9920x14032, mostly background): at 256 its
/// 1,051 flat chunks came to 384,116 bytes against libdeflate's 385,531, and the poster encoded in 290 ms
/// instead of 600; at 16, chunks with detail qualify and come out twice libdeflate's size.
#define RUN_PIXELS_PER_PIECE 256

/// Deflates a flat chunk of unfiltered scanlines with cp_deflate_runs: 1 when done, 0 when the chunk is not
/// flat (see RUN_PIXELS_PER_PIECE) and is left to igzip or libdeflate, -1 on failure.
static int deflate_runs(worker_state *s, const cp_png_writer *w, const unsigned char *input, size_t length, int last,
                        chunk_result *result, uint32_t image_row) {
    if (w->options.filter != 0) return 0;
    if (ensure(&s->compressed, &s->compressed_capacity, cp_deflate_runs_bound(length)) != 0) {
        return fail(result, "out of memory for the run encoder's output", image_row);
    }
    size_t pixels = length / w->line_bytes * (size_t)w->options.width;
    size_t written = cp_deflate_runs(input, length, w->line_bytes, (unsigned)w->channels, last,
                                     pixels / RUN_PIXELS_PER_PIECE, s->compressed);
    if (written == 0) return 0;
    result->length = written;
    return 1;
}

static void encode_chunk(cp_png_writer *w, worker_state *s, uint32_t chunk) {
    chunk_result *result = &w->results[chunk];
    uint32_t first = chunk * w->chunk_rows;
    uint32_t end = first + w->chunk_rows < w->band_rows ? first + w->chunk_rows : w->band_rows;
    uint32_t image_row = w->rows_written + first;
    int zlib = w->options.deflater == 1;
    // zlib continues the stream: the rows before the chunk are filtered again to prime its window.
    uint32_t primer = zlib ? (first < w->window_rows ? first : w->window_rows) : 0;
    size_t primer_length = (size_t)primer * w->line_bytes, length = (size_t)(end - first) * w->line_bytes;
    if (prepare_worker(w, s, primer_length + length) != 0) {
        fail(result, "out of memory for PNG rows", image_row);
        return;
    }
    filter_rows(w, s, first - primer, end, s->filtered);
    const unsigned char *input = s->filtered + primer_length;
    int last = w->band_ends_image && chunk == w->chunk_count - 1;
    int status;
    if (zlib) {
        size_t dictionary_length = window_before(w, s->filtered, primer_length, s->window);
        status = deflate_with_zlib(w, s, input, length, s->window, dictionary_length, last, result, image_row);
    } else {
        // Flat areas: a hashing deflater would hash every byte of every run; the run encoder writes each run as matches.
        int runs = deflate_runs(s, w, input, length, last, result, image_row);
        status = runs < 0 ? -1 : runs > 0 ? 0
            : w->options.deflater == 2 ? deflate_with_igzip(w, s, input, length, last, result, image_row)
            : deflate_with_libdeflate(w, s, input, length, last, result, image_row);
    }
    if (status != 0) return;
    result->data = malloc(result->length);
    if (!result->data) {
        fail(result, "out of memory for compressed PNG rows", image_row);
        return;
    }
    memcpy(result->data, s->compressed, result->length);
    result->raw_length = length;
    result->adler = libdeflate_adler32(1, input, length);
    result->done = 1;
}

void cp_png_writer_encode_chunks(cp_png_writer *w, uint32_t worker) {
    if (worker >= w->worker_count) return;
    worker_state *s = w->workers[worker];
    for (;;) {
        uint32_t chunk = atomic_fetch_add(&w->next_chunk, 1);
        if (chunk >= w->chunk_count) return;
        encode_chunk(w, s, chunk);
    }
}

uint32_t cp_png_writer_chunk_rows(const cp_png_writer *w) {
    return w->chunk_count ? w->chunk_rows : 0;
}

void cp_png_writer_encode_chunk(cp_png_writer *w, uint32_t worker, uint32_t chunk) {
    // Out of range: the chunk stays not done, which cp_png_writer_end_rows reports.
    if (worker >= w->worker_count || chunk >= w->chunk_count) return;
    encode_chunk(w, w->workers[worker], chunk);
}

/// Keeps what the next band's first chunk needs: the band's last row and (for zlib) the stream's last 32 KiB.
static int remember_band_end(cp_png_writer *w) {
    if (w->options.deflater == 1) {
        worker_state *s = w->workers[0];
        uint32_t first = w->band_rows > w->window_rows ? w->band_rows - w->window_rows : 0;
        size_t length = (size_t)(w->band_rows - first) * w->line_bytes;
        if (prepare_worker(w, s, length) != 0) return -1;
        filter_rows(w, s, first, w->band_rows, s->filtered);
        unsigned char window[WINDOW];
        size_t window_length = window_before(w, s->filtered, length, window);
        memcpy(w->history, window, window_length);
        w->history_length = window_length;
    }
    cp_png_convert_row(source_row(w, w->band_rows - 1), w->previous_row, w->options.width, w->options.with_alpha);
    return 0;
}

int cp_png_writer_end_rows(cp_png_writer *w, char *error, size_t error_capacity) {
    int status = 0;
    char message[256];
    for (uint32_t i = 0; i < w->chunk_count && status == 0; i++) {
        chunk_result *result = &w->results[i];
        if (!result->done) {
            snprintf(message, sizeof message, "chunk %u of %u was not encoded", i, w->chunk_count);
            copy_message(message, error, error_capacity);
            status = -1;
        } else if (!result->data) {
            copy_message(result->message, error, error_capacity);
            status = -1;
        }
    }
    for (uint32_t i = 0; i < w->chunk_count && status == 0; i++) {
        chunk_result *result = &w->results[i];
        int first = w->rows_written == 0 && i == 0, last = w->band_ends_image && i == w->chunk_count - 1;
        unsigned char zlib_header[2] = {0x78, 0x01};
        // FLEVEL, informative only: 0 fastest, 1 fast, 2 default, 3 best; FCHECK makes the pair a multiple of 31.
        int level = w->options.compression_level;
        zlib_header[1] = (unsigned char)((level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3) << 6);
        zlib_header[1] = (unsigned char)(zlib_header[1] + 31 - (0x78 * 256 + zlib_header[1]) % 31);
        w->adler = (uint32_t)adler32_combine(w->adler, result->adler, (z_off_t)result->raw_length);
        unsigned char trailer[4];
        put_u32(trailer, w->adler);
        // The chunk's compressed bytes become the piece's: they are copied once, when the output is taken.
        unsigned char *data = result->data;
        result->data = NULL;
        if (append_chunk(w, "IDAT", zlib_header, first ? 2 : 0, data, result->length, trailer, last ? 4 : 0) != 0) {
            copy_message("out of memory for the encoded PNG", error, error_capacity);
            status = -1;
        }
    }
    if (status == 0 && remember_band_end(w) != 0) {
        copy_message("out of memory keeping the end of a PNG band", error, error_capacity);
        status = -1;
    }
    if (status == 0) w->rows_written += w->band_rows;
    release_results(w);
    return status;
}

int cp_png_writer_finish(cp_png_writer *w, char *error, size_t error_capacity) {
    if (w->rows_written != w->options.height) {
        char message[128];
        snprintf(message, sizeof message, "only %u of %u rows were written", w->rows_written, w->options.height);
        copy_message(message, error, error_capacity);
        return -1;
    }
    if (append_chunk(w, "IEND", NULL, 0, NULL, 0, NULL, 0) != 0) {
        copy_message("out of memory for the end of the PNG", error, error_capacity);
        return -1;
    }
    return 0;
}

size_t cp_png_writer_output_length(const cp_png_writer *w) {
    return w->output_length;
}

void cp_png_writer_take_output(cp_png_writer *w, unsigned char *destination) {
    for (size_t i = 0; i < w->piece_count; i++) {
        output_piece *piece = &w->pieces[i];
        memcpy(destination, piece->head, piece->head_length);
        destination += piece->head_length;
        if (piece->data_length) memcpy(destination, piece->data, piece->data_length);
        destination += piece->data_length;
        // Freed as it is copied: the encoded poster is held once and a piece, not twice.
        free(piece->data);
        piece->data = NULL;
        memcpy(destination, piece->tail, piece->tail_length);
        destination += piece->tail_length;
    }
    w->piece_count = 0;
    w->output_length = 0;
}

void cp_png_writer_destroy(cp_png_writer *w) {
    if (!w) return;
    release_results(w);
    for (uint32_t i = 0; i < w->worker_count; i++) {
        worker_state *s = w->workers[i];
        if (s->compressor) libdeflate_free_compressor(s->compressor);
        free(s->igzip_buffer);
        if (s->zlib_ready) deflateEnd(&s->zlib);
        free(s->filtered);
        free(s->rows[0]);
        free(s->rows[1]);
        free(s->compressed);
        free(s);
    }
    free(w->workers);
    free(w->results);
    free(w->previous_row);
    free(w->history);
    free_pieces(w);
    free(w->pieces);
    free(w);
}
