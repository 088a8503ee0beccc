// See include/vlmprep_shims.h for why each wrapper exists.
#include "vlmprep_shims.h"
#include <vips/vips.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static GOnce vlmprep_once = G_ONCE_INIT;
static int vlmprep_init_result = -1;

static gpointer vlmprep_init_once(gpointer data) {
    (void)data;
    vlmprep_init_result = VIPS_INIT("vlmprep") ? -1 : 0;
    if (vlmprep_init_result == 0) {
        // Loaders not fuzzed for untrusted input (e.g. matload, fitsload, magick) stay blocked.
        vips_block_untrusted_set(TRUE);
    }
    return NULL;
}

int vlmprep_init(int cache_max_operations, size_t cache_max_memory, int cache_max_files) {
    g_once(&vlmprep_once, vlmprep_init_once, NULL);
    if (vlmprep_init_result == 0) {
        vips_cache_set_max(cache_max_operations);
        vips_cache_set_max_mem(cache_max_memory);
        vips_cache_set_max_files(cache_max_files);
    }
    return vlmprep_init_result;
}

void vlmprep_unref(VipsImage *image) { if (image) g_object_unref(image); }

const char *vlmprep_find_loader(const char *path) { return vips_foreign_find_load(path); }

VipsImage *vlmprep_open(const char *path, int sequential, int fail_on) {
    return vips_image_new_from_file(path,
        "access", sequential ? VIPS_ACCESS_SEQUENTIAL : VIPS_ACCESS_RANDOM,
        "fail_on", (VipsFailOn)fail_on,
        NULL);
}

VipsImage *vlmprep_thumbnail(const char *path, int width, int height, int fail_on) {
    VipsImage *out = NULL;
    (void)fail_on; // thumbnail has no fail_on in 8.14; it fails on errors, not warnings.
    if (vips_thumbnail(path, &out, width, "height", height, "size", VIPS_SIZE_DOWN,
                       "no_rotate", FALSE, NULL)) return NULL;
    return out;
}

int vlmprep_width(const VipsImage *image) { return vips_image_get_width(image); }
int vlmprep_height(const VipsImage *image) { return vips_image_get_height(image); }
int vlmprep_bands(const VipsImage *image) { return vips_image_get_bands(image); }
int vlmprep_format(const VipsImage *image) { return (int)vips_image_get_format(image); }
int vlmprep_interpretation(const VipsImage *image) { return (int)vips_image_get_interpretation(image); }
int vlmprep_has_alpha(VipsImage *image) { return vips_image_hasalpha(image) ? 1 : 0; }
int vlmprep_has_field(VipsImage *image, const char *name) {
    return vips_image_get_typeof(image, name) != 0 ? 1 : 0;
}
int vlmprep_orientation(VipsImage *image) {
    int orientation = 1;
    if (vips_image_get_typeof(image, VIPS_META_ORIENTATION) &&
        !vips_image_get_int(image, VIPS_META_ORIENTATION, &orientation) &&
        orientation >= 1 && orientation <= 8) return orientation;
    vips_error_clear();
    return 1;
}
int vlmprep_pages(VipsImage *image) {
    int pages = 1;
    if (vips_image_get_typeof(image, VIPS_META_N_PAGES) &&
        !vips_image_get_int(image, VIPS_META_N_PAGES, &pages) && pages >= 1) return pages;
    vips_error_clear();
    return 1;
}

int vlmprep_autorot(VipsImage *in, VipsImage **out) { return vips_autorot(in, out, NULL); }

int vlmprep_remove_orientation(VipsImage *in, VipsImage **out) {
    if (vips_copy(in, out, NULL)) return -1;
    vips_image_remove(*out, VIPS_META_ORIENTATION);
    return 0;
}

int vlmprep_icc_to_srgb(VipsImage *in, VipsImage **out, int use_embedded, const char *input_profile) {
    if (input_profile)
        return vips_icc_transform(in, out, "srgb", "embedded", use_embedded ? TRUE : FALSE,
                                  "input_profile", input_profile, "intent", VIPS_INTENT_RELATIVE,
                                  "depth", 8, NULL);
    return vips_icc_transform(in, out, "srgb", "embedded", use_embedded ? TRUE : FALSE,
                              "intent", VIPS_INTENT_RELATIVE, "depth", 8, NULL);
}

int vlmprep_colourspace_srgb(VipsImage *in, VipsImage **out) {
    return vips_colourspace(in, out, VIPS_INTERPRETATION_sRGB, NULL);
}

int vlmprep_cast_uchar(VipsImage *in, VipsImage **out) { return vips_cast_uchar(in, out, NULL); }

int vlmprep_flatten(VipsImage *in, VipsImage **out, double r, double g, double b) {
    double values[3] = { r, g, b };
    VipsArrayDouble *background = vips_array_double_new(values, 3);
    int result = vips_flatten(in, out, "background", background, NULL);
    vips_area_unref(VIPS_AREA(background));
    return result;
}

int vlmprep_extract_bands(VipsImage *in, VipsImage **out, int first, int count) {
    return vips_extract_band(in, out, first, "n", count, NULL);
}

int vlmprep_extract_area(VipsImage *in, VipsImage **out, int left, int top, int width, int height) {
    return vips_extract_area(in, out, left, top, width, height, NULL);
}

int vlmprep_embed(VipsImage *in, VipsImage **out, int x, int y, int width, int height,
                  double r, double g, double b) {
    double values[3] = { r, g, b };
    int n = vips_image_get_bands(in) >= 3 ? 3 : 1;
    VipsArrayDouble *background = vips_array_double_new(values, n);
    int result = vips_embed(in, out, x, y, width, height,
                            "extend", VIPS_EXTEND_BACKGROUND, "background", background, NULL);
    vips_area_unref(VIPS_AREA(background));
    return result;
}

int vlmprep_resize(VipsImage *in, VipsImage **out, double hscale, double vscale, int kernel) {
    return vips_resize(in, out, hscale, "vscale", vscale, "kernel", (VipsKernel)kernel, NULL);
}

int vlmprep_copy_memory(VipsImage *in, VipsImage **out) {
    VipsImage *copy = vips_image_copy_memory(in);
    if (!copy) return -1;
    *out = copy;
    return 0;
}

VipsImage *vlmprep_from_memory_copy(const void *data, size_t size, int width, int height, int bands) {
    VipsImage *image = vips_image_new_from_memory_copy(data, size, width, height, bands, VIPS_FORMAT_UCHAR);
    if (!image) return NULL;
    image->Type = bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
    return image;
}

int vlmprep_jpegsave(VipsImage *in, void **buffer, size_t *length, int quality, int subsample_mode,
                     int strip, int interlace, int optimize_coding) {
    return vips_jpegsave_buffer(in, buffer, length, "Q", quality,
                                "subsample_mode", (VipsForeignSubsample)subsample_mode,
                                "strip", strip ? TRUE : FALSE, "interlace", interlace ? TRUE : FALSE,
                                "optimize_coding", optimize_coding ? TRUE : FALSE, NULL);
}

int vlmprep_pngsave(VipsImage *in, void **buffer, size_t *length, int compression, int strip) {
    return vips_pngsave_buffer(in, buffer, length, "compression", compression,
                               "strip", strip ? TRUE : FALSE, NULL);
}

int vlmprep_webpsave(VipsImage *in, void **buffer, size_t *length, int quality, int lossless, int strip) {
    return vips_webpsave_buffer(in, buffer, length, "Q", quality, "lossless", lossless ? TRUE : FALSE,
                                "strip", strip ? TRUE : FALSE, NULL);
}

void *vlmprep_write_to_memory(VipsImage *in, size_t *size) { return vips_image_write_to_memory(in, size); }

void vlmprep_free(void *pointer) { g_free(pointer); }

char *vlmprep_error_copy(void) { return vips_error_buffer_copy(); }

const char *vlmprep_vips_version(void) { return vips_version_string(); }

int vlmprep_keep_freed_memory(long mmap_threshold, long trim_threshold) {
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    if (mmap_threshold < 0 || trim_threshold < 0) return 0;
    int mmap_set = mallopt(M_MMAP_THRESHOLD, (int)(mmap_threshold > 0x7fffffffL ? 0x7fffffffL : mmap_threshold));
    int trim_set = mallopt(M_TRIM_THRESHOLD, (int)(trim_threshold > 0x7fffffffL ? 0x7fffffffL : trim_threshold));
    return mmap_set == 1 && trim_set == 1 ? 1 : 0;
#else
    (void)mmap_threshold;
    (void)trim_threshold;
    return 0;
#endif
}

int vlmprep_limit_malloc_arenas(int arenas) {
#if defined(__GLIBC__) && defined(M_ARENA_MAX)
    if (arenas < 1) return 0;
    return mallopt(M_ARENA_MAX, arenas) == 1 ? 1 : 0;
#else
    (void)arenas;
    return 0;
#endif
}
