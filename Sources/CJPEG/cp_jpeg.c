#include "cp_jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf escape;
    char message[JMSG_LENGTH_MAX];
} cp_error_manager;

static void cp_error_exit(j_common_ptr info) {
    cp_error_manager *manager = (cp_error_manager *)info->err;
    (*info->err->format_message)(info, manager->message);
    longjmp(manager->escape, 1);
}

static void cp_output_message(j_common_ptr info) { (void)info; }

int cp_jpeg_decode(const uint8_t *data, size_t size, uint32_t *pixels, uint32_t *width, uint32_t *height,
                   char *error, size_t error_size) {
    struct jpeg_decompress_struct info;
    cp_error_manager manager;
    JSAMPLE *row = NULL;
    info.err = jpeg_std_error(&manager.base);
    manager.base.error_exit = cp_error_exit;
    manager.base.output_message = cp_output_message;
    if (setjmp(manager.escape)) {
        snprintf(error, error_size, "%s", manager.message);
        jpeg_destroy_decompress(&info);
        free(row);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, (unsigned char *)data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    *width = info.output_width;
    *height = info.output_height;
    if (pixels == NULL) {
        jpeg_destroy_decompress(&info);
        return 0;
    }
    row = malloc((size_t)info.output_width * 3);
    if (row == NULL) {
        snprintf(error, error_size, "out of memory for a %u px row", info.output_width);
        jpeg_destroy_decompress(&info);
        return -1;
    }
    while (info.output_scanline < info.output_height) {
        uint32_t y = info.output_scanline;
        JSAMPROW rows[1] = {row};
        jpeg_read_scanlines(&info, rows, 1);
        uint32_t *out = pixels + (size_t)y * info.output_width;
        for (uint32_t x = 0; x < info.output_width; x++) {
            out[x] = 0xff000000u | ((uint32_t)row[3 * x] << 16) | ((uint32_t)row[3 * x + 1] << 8) | row[3 * x + 2];
        }
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    free(row);
    return 0;
}

int cp_jpeg_encode_rgb(const uint8_t *rgb, uint32_t width, uint32_t height, int quality, uint8_t **out, size_t *out_size,
                       char *error, size_t error_size) {
    struct jpeg_compress_struct info;
    cp_error_manager manager;
    unsigned char *buffer = NULL;
    unsigned long length = 0;
    info.err = jpeg_std_error(&manager.base);
    manager.base.error_exit = cp_error_exit;
    manager.base.output_message = cp_output_message;
    if (setjmp(manager.escape)) {
        snprintf(error, error_size, "%s", manager.message);
        jpeg_destroy_compress(&info);
        free(buffer);
        return -1;
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, &buffer, &length);
    info.image_width = width;
    info.image_height = height;
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)(rgb + (size_t)info.next_scanline * width * 3)};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    *out = buffer;
    *out_size = length;
    return 0;
}

void cp_jpeg_free(uint8_t *buffer) { free(buffer); }
