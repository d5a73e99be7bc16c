#include "cp_png_writer.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct cp_png_writer {
    png_structp png;
    png_infop info;
    cp_png_options options;
    uint32_t rows_written;
    unsigned char *row_buffer;
    unsigned char *output;
    size_t output_length;
    size_t output_capacity;
    int out_of_memory;
    char message[256];
};

static void on_write(png_structp png, png_bytep data, png_size_t length) {
    cp_png_writer *w = (cp_png_writer *)png_get_io_ptr(png);
    if (w->output_length + length > w->output_capacity) {
        size_t capacity = w->output_capacity ? w->output_capacity : 1 << 20;
        while (capacity < w->output_length + length) capacity *= 2;
        unsigned char *grown = realloc(w->output, capacity);
        if (!grown) {
            w->out_of_memory = 1;
            png_error(png, "out of memory while buffering PNG output");
        }
        w->output = grown;
        w->output_capacity = capacity;
    }
    memcpy(w->output + w->output_length, data, length);
    w->output_length += length;
}

static void on_flush(png_structp png) { (void)png; }

static void on_error(png_structp png, png_const_charp message) {
    cp_png_writer *w = (cp_png_writer *)png_get_error_ptr(png);
    snprintf(w->message, sizeof w->message, "%s", message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void copy_message(const char *message, char *error, size_t capacity) {
    if (error && capacity) snprintf(error, capacity, "%s", message);
}

cp_png_writer *cp_png_writer_create(const cp_png_options *options, char *error, size_t error_capacity) {
    if (options->width == 0 || options->height == 0) {
        copy_message("image has zero width or height", error, error_capacity);
        return NULL;
    }
    cp_png_writer *w = calloc(1, sizeof *w);
    if (!w) {
        copy_message("out of memory", error, error_capacity);
        return NULL;
    }
    w->options = *options;
    size_t channels = options->with_alpha ? 4 : 3;
    w->row_buffer = malloc((size_t)options->width * channels);
    w->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, w, on_error, on_warning);
    if (w->png) w->info = png_create_info_struct(w->png);
    if (!w->row_buffer || !w->png || !w->info) {
        copy_message("out of memory creating the PNG encoder", error, error_capacity);
        cp_png_writer_destroy(w);
        return NULL;
    }
    if (setjmp(png_jmpbuf(w->png))) {
        copy_message(w->message, error, error_capacity);
        cp_png_writer_destroy(w);
        return NULL;
    }
    png_set_write_fn(w->png, w, on_write, on_flush);
    png_set_compression_level(w->png, options->compression_level);
    int strategy = Z_DEFAULT_STRATEGY;
    switch (options->compression_strategy) {
        case 1: strategy = Z_FILTERED; break;
        case 2: strategy = Z_HUFFMAN_ONLY; break;
        case 3: strategy = Z_RLE; break;
        default: break;
    }
    png_set_compression_strategy(w->png, strategy);
    int filter = PNG_FILTER_NONE;
    switch (options->filter) {
        case 1: filter = PNG_FILTER_SUB; break;
        case 2: filter = PNG_FILTER_UP; break;
        case 3: filter = PNG_FILTER_AVG; break;
        case 4: filter = PNG_FILTER_PAETH; break;
        default: break;
    }
    png_set_filter(w->png, PNG_FILTER_TYPE_BASE, filter);
    png_set_IHDR(w->png, w->info, options->width, options->height, 8,
                 options->with_alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    if (options->dpi > 0) {
        png_uint_32 per_metre = (png_uint_32)(options->dpi / 0.0254 + 0.5);
        png_set_pHYs(w->png, w->info, per_metre, per_metre, PNG_RESOLUTION_METER);
    }
    png_write_info(w->png, w->info);
    return w;
}

// Cairo stores premultiplied alpha; PNG wants straight alpha.
static void convert_row(const cp_png_writer *w, const uint32_t *source, unsigned char *target) {
    uint32_t width = w->options.width;
    if (w->options.with_alpha) {
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
        for (uint32_t i = 0; i < width; i++) {
            uint32_t p = source[i];
            target[3 * i] = (unsigned char)(p >> 16);
            target[3 * i + 1] = (unsigned char)(p >> 8);
            target[3 * i + 2] = (unsigned char)p;
        }
    }
}

int cp_png_writer_write_rows(cp_png_writer *w, const unsigned char *pixels, size_t stride, uint32_t row_count,
                             char *error, size_t error_capacity) {
    if (w->rows_written + row_count > w->options.height) {
        copy_message("more rows written than the image height", error, error_capacity);
        return -1;
    }
    if (setjmp(png_jmpbuf(w->png))) {
        copy_message(w->message, error, error_capacity);
        return -1;
    }
    for (uint32_t row = 0; row < row_count; row++) {
        convert_row(w, (const uint32_t *)(pixels + row * stride), w->row_buffer);
        png_write_row(w->png, w->row_buffer);
    }
    w->rows_written += row_count;
    return 0;
}

int cp_png_writer_finish(cp_png_writer *w, char *error, size_t error_capacity) {
    if (w->rows_written != w->options.height) {
        char message[128];
        snprintf(message, sizeof message, "only %u of %u rows were written", w->rows_written, w->options.height);
        copy_message(message, error, error_capacity);
        return -1;
    }
    if (setjmp(png_jmpbuf(w->png))) {
        copy_message(w->message, error, error_capacity);
        return -1;
    }
    png_write_end(w->png, w->info);
    return 0;
}

const unsigned char *cp_png_writer_output(cp_png_writer *w, size_t *length) {
    *length = w->output_length;
    return w->output;
}

void cp_png_writer_clear_output(cp_png_writer *w) { w->output_length = 0; }

void cp_png_writer_destroy(cp_png_writer *w) {
    if (!w) return;
    if (w->png) png_destroy_write_struct(&w->png, w->info ? &w->info : NULL);
    free(w->row_buffer);
    free(w->output);
    free(w);
}
