// See include/vlmprep_jpeg.h.
#include "vlmprep_jpeg.h"
#include <stdio.h>   /* before jpeglib.h, which uses FILE */
#include <jpeglib.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf escape;
    int lenient;
    int warned;
    char message[JMSG_LENGTH_MAX];
} vlmprep_jpeg_error;

static void vlmprep_jpeg_error_exit(j_common_ptr cinfo) {
    vlmprep_jpeg_error *error = (vlmprep_jpeg_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, error->message);
    longjmp(error->escape, 1);
}

static void vlmprep_jpeg_emit(j_common_ptr cinfo, int level) {
    vlmprep_jpeg_error *error = (vlmprep_jpeg_error *)cinfo->err;
    if (level < 0) {   // a warning: corrupt data
        if (!error->warned) (*cinfo->err->format_message)(cinfo, error->message);
        error->warned = 1;
        if (!error->lenient) longjmp(error->escape, 1);
    }
}

static unsigned read16(const unsigned char *p, int little) {
    return little ? (unsigned)(p[0] | p[1] << 8) : (unsigned)(p[0] << 8 | p[1]);
}
static unsigned long read32(const unsigned char *p, int little) {
    return little ? (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24
                  : (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | (unsigned long)p[3];
}

/// EXIF orientation from an APP1 payload, 1 when absent or malformed.
static int exif_orientation(const unsigned char *data, unsigned length) {
    if (length < 14 || memcmp(data, "Exif\0\0", 6) != 0) return 1;
    const unsigned char *tiff = data + 6;
    unsigned size = length - 6;
    int little;
    if (tiff[0] == 'I' && tiff[1] == 'I') little = 1;
    else if (tiff[0] == 'M' && tiff[1] == 'M') little = 0;
    else return 1;
    unsigned long ifd = read32(tiff + 4, little);
    if (ifd + 2 > size) return 1;
    unsigned count = read16(tiff + ifd, little);
    for (unsigned i = 0; i < count; i++) {
        unsigned long entry = ifd + 2 + 12UL * i;
        if (entry + 12 > size) return 1;
        if (read16(tiff + entry, little) == 0x0112) {
            unsigned value = read16(tiff + entry + 8, little);
            return value >= 1 && value <= 8 ? (int)value : 1;
        }
    }
    return 1;
}

/// An open decoder: the file's bytes, libjpeg's state and the error manager (heap-allocated so
/// that open and read can be separate calls).
struct vlmprep_jpeg {
    struct jpeg_decompress_struct cinfo;
    vlmprep_jpeg_error error;
    unsigned char *bytes;
    int finished;   // jpeg_finish_decompress done (vlmprep_jpeg_read_rows)
};

void vlmprep_jpeg_close(vlmprep_jpeg *decoder) {
    if (!decoder) return;
    jpeg_destroy_decompress(&decoder->cinfo);
    free(decoder->bytes);
    free(decoder);
}

int vlmprep_jpeg_open(const char *path, long long max_pixels, int min_side, int lenient,
                      vlmprep_jpeg **opened, int *width, int *height, int *orientation,
                      char *message, size_t message_size) {
    *opened = NULL;
    FILE *file = fopen(path, "rb");
    if (!file) { snprintf(message, message_size, "cannot open file"); return VLMPREP_JPEG_IO; }
    fseek(file, 0, SEEK_END);
    long file_size = ftell(file);
    fseek(file, 0, SEEK_SET);
    if (file_size <= 0) { fclose(file); snprintf(message, message_size, "empty file"); return VLMPREP_JPEG_IO; }
    unsigned char *bytes = malloc((size_t)file_size);
    if (!bytes || fread(bytes, 1, (size_t)file_size, file) != (size_t)file_size) {
        free(bytes); fclose(file); snprintf(message, message_size, "cannot read file"); return VLMPREP_JPEG_IO;
    }
    fclose(file);
    if (file_size < 3 || bytes[0] != 0xFF || bytes[1] != 0xD8 || bytes[2] != 0xFF) {
        free(bytes);
        snprintf(message, message_size, "not a JPEG file");
        return VLMPREP_JPEG_UNSUPPORTED;
    }
    vlmprep_jpeg *decoder = calloc(1, sizeof *decoder);
    if (!decoder) { free(bytes); snprintf(message, message_size, "out of memory"); return VLMPREP_JPEG_IO; }
    decoder->bytes = bytes;
    decoder->cinfo.err = jpeg_std_error(&decoder->error.base);
    decoder->error.base.error_exit = vlmprep_jpeg_error_exit;
    decoder->error.base.emit_message = vlmprep_jpeg_emit;
    decoder->error.lenient = lenient;
    jpeg_create_decompress(&decoder->cinfo);
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    if (setjmp(decoder->error.escape)) {
        snprintf(message, message_size, "%s", decoder->error.message);
        vlmprep_jpeg_close(decoder);
        return VLMPREP_JPEG_CORRUPT;
    }
    jpeg_mem_src(cinfo, bytes, (unsigned long)file_size);
    jpeg_save_markers(cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(cinfo, TRUE);
    int result = VLMPREP_JPEG_OK;
    if (cinfo->jpeg_color_space != JCS_YCbCr && cinfo->jpeg_color_space != JCS_GRAYSCALE &&
        cinfo->jpeg_color_space != JCS_RGB) {
        snprintf(message, message_size, "colour space %d not handled here", (int)cinfo->jpeg_color_space);
        result = VLMPREP_JPEG_UNSUPPORTED;
    } else if ((long long)cinfo->image_width * (long long)cinfo->image_height > max_pixels) {
        *width = (int)cinfo->image_width;
        *height = (int)cinfo->image_height;
        snprintf(message, message_size, "too many pixels");
        result = VLMPREP_JPEG_TOO_LARGE;
    }
    if (result != VLMPREP_JPEG_OK) { vlmprep_jpeg_close(decoder); return result; }
    *orientation = 1;
    for (jpeg_saved_marker_ptr marker = cinfo->marker_list; marker; marker = marker->next) {
        if (marker->marker == JPEG_APP0 + 1) {
            *orientation = exif_orientation(marker->data, marker->data_length);
            break;
        }
    }
    unsigned denominator = 1;
    if (min_side > 0) {
        unsigned short_side = cinfo->image_width < cinfo->image_height ? cinfo->image_width : cinfo->image_height;
        for (unsigned d = 8; d >= 2; d /= 2) {
            if (short_side / d >= (unsigned)min_side) { denominator = d; break; }
        }
    }
    cinfo->out_color_space = JCS_RGB;
    cinfo->scale_num = 1;
    cinfo->scale_denom = denominator;
    jpeg_start_decompress(cinfo);
    *width = (int)cinfo->output_width;
    *height = (int)cinfo->output_height;
    *opened = decoder;
    return VLMPREP_JPEG_OK;
}

int vlmprep_jpeg_read(vlmprep_jpeg *decoder, unsigned char *pixels, size_t capacity,
                      char *message, size_t message_size) {
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    size_t stride = (size_t)cinfo->output_width * 3;
    if (capacity < stride * cinfo->output_height) {
        snprintf(message, message_size, "buffer too small");
        return VLMPREP_JPEG_IO;
    }
    if (setjmp(decoder->error.escape)) {
        snprintf(message, message_size, "%s", decoder->error.message);
        return VLMPREP_JPEG_CORRUPT;
    }
    while (cinfo->output_scanline < cinfo->output_height) {
        JSAMPROW row = pixels + stride * cinfo->output_scanline;
        jpeg_read_scanlines(cinfo, &row, 1);
    }
    jpeg_finish_decompress(cinfo);
    return VLMPREP_JPEG_OK;
}

int vlmprep_jpeg_read_rows(vlmprep_jpeg *decoder, unsigned char *pixels, size_t capacity, int max_rows,
                           int *rows, char *message, size_t message_size) {
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    size_t stride = (size_t)cinfo->output_width * 3;
    *rows = 0;
    if (max_rows <= 0 || capacity < stride * (size_t)max_rows) {
        snprintf(message, message_size, "buffer too small");
        return VLMPREP_JPEG_IO;
    }
    if (setjmp(decoder->error.escape)) {
        snprintf(message, message_size, "%s", decoder->error.message);
        return VLMPREP_JPEG_CORRUPT;
    }
    if (decoder->finished) return VLMPREP_JPEG_OK;
    int done = 0;
    while (done < max_rows && cinfo->output_scanline < cinfo->output_height) {
        JSAMPROW row = pixels + stride * (size_t)done;
        done += (int)jpeg_read_scanlines(cinfo, &row, 1);
    }
    *rows = done;
    if (cinfo->output_scanline >= cinfo->output_height) {
        decoder->finished = 1;
        jpeg_finish_decompress(cinfo);
    }
    return VLMPREP_JPEG_OK;
}

