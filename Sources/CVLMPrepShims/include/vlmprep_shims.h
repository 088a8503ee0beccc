// vlmprep_shims.h — fixed-arity C wrappers around the libvips calls vlmprep uses.
//
// Why this exists: most libvips operations are C varargs functions (`vips_embed(in, &out, x, y,
// w, h, "extend", ..., NULL)`) and several accessors are GObject macros; Swift can call neither.
// Each wrapper here has a fixed signature and does no work of its own beyond passing options.
// What would let it go: calling operations through `vips_operation_new` + `vips_object_set` from
// Swift (GValue plumbing), or a Swift-callable libvips API.
//
// Every symbol is prefixed `vlmprep_`. Functions return 0 on success and -1 on failure with the
// libvips error buffer set (read it with vips_error_buffer_copy, never in two steps).
#ifndef VLMPREP_SHIMS_H
#define VLMPREP_SHIMS_H

#include <stddef.h>
#include "vlmprep_jpeg.h"

typedef struct _VipsImage VipsImage;

/// Starts libvips once per process (VIPS_INIT is a macro), blocks untrusted loaders, sizes the
/// operation cache for batch work. Returns 0 on success. Safe to call repeatedly.
int vlmprep_init(int cache_max_operations, size_t cache_max_memory, int cache_max_files);

/// glibc only: mallopt(M_ARENA_MAX, arenas), so freed pixel buffers are not scattered over up to
/// 8 arenas per core (peak RSS creeping up over long batch runs). Returns 1 when set, 0 otherwise
/// (another C library, or arenas < 1). Call before threads start.
int vlmprep_limit_malloc_arenas(int arenas);

/// glibc only: serve allocations below `mmap_threshold` bytes from the heap and keep up to
/// `trim_threshold` bytes of freed heap memory instead of returning it to the kernel.
/// 1 when both were set, 0 otherwise (other C libraries).
int vlmprep_keep_freed_memory(long mmap_threshold, long trim_threshold);

/// g_object_unref (a macro-typed call on a GObject).
void vlmprep_unref(VipsImage *image);

/// Name of the loader for a file ("jpegload", ...), or NULL when no (permitted) loader accepts it.
/// Reads only the first bytes of the file.
const char *vlmprep_find_loader(const char *path);

/// Opens a file lazily (header only until pixels are needed).
/// sequential: 1 for VIPS_ACCESS_SEQUENTIAL, 0 for random. fail_on: a VipsFailOn value.
VipsImage *vlmprep_open(const char *path, int sequential, int fail_on);

/// Opens a file with shrink-on-load to fit within width x height (libvips `thumbnail`, no
/// crop, size "down"). Used where exact pixels are not required.
VipsImage *vlmprep_thumbnail(const char *path, int width, int height, int fail_on);

/// Header fields.
int vlmprep_width(const VipsImage *image);
int vlmprep_height(const VipsImage *image);
int vlmprep_bands(const VipsImage *image);
int vlmprep_format(const VipsImage *image);          // VipsBandFormat
int vlmprep_interpretation(const VipsImage *image);  // VipsInterpretation
int vlmprep_has_alpha(VipsImage *image);
int vlmprep_has_field(VipsImage *image, const char *name);
/// EXIF orientation 1–8 (1 when absent or invalid).
int vlmprep_orientation(VipsImage *image);
/// Pages (frames) in the file, 1 when absent.
int vlmprep_pages(VipsImage *image);

/// Operations: each writes a new image to *out.
int vlmprep_autorot(VipsImage *in, VipsImage **out);
int vlmprep_remove_orientation(VipsImage *in, VipsImage **out);
int vlmprep_icc_to_srgb(VipsImage *in, VipsImage **out, int use_embedded, const char *input_profile);
int vlmprep_colourspace_srgb(VipsImage *in, VipsImage **out);
int vlmprep_cast_uchar(VipsImage *in, VipsImage **out);
int vlmprep_flatten(VipsImage *in, VipsImage **out, double r, double g, double b);
int vlmprep_extract_bands(VipsImage *in, VipsImage **out, int first, int count);
int vlmprep_extract_area(VipsImage *in, VipsImage **out, int left, int top, int width, int height);
/// Places `in` at (x, y) in a width x height canvas filled with (r, g, b).
int vlmprep_embed(VipsImage *in, VipsImage **out, int x, int y, int width, int height,
                  double r, double g, double b);
/// Resizes by independent horizontal and vertical scales with a VipsKernel.
int vlmprep_resize(VipsImage *in, VipsImage **out, double hscale, double vscale, int kernel);
/// Forces pixels into memory (decode now; errors surface here).
int vlmprep_copy_memory(VipsImage *in, VipsImage **out);
/// Wraps a copy of 8-bit interleaved pixels as an sRGB (bands 3) or B_W (bands 1) image.
VipsImage *vlmprep_from_memory_copy(const void *data, size_t size, int width, int height, int bands);

/// Encoders: *buffer must be released with vlmprep_free.
int vlmprep_jpegsave(VipsImage *in, void **buffer, size_t *length, int quality, int subsample_mode,
                     int strip, int interlace, int optimize_coding);
int vlmprep_pngsave(VipsImage *in, void **buffer, size_t *length, int compression, int strip);
int vlmprep_webpsave(VipsImage *in, void **buffer, size_t *length, int quality, int lossless, int strip);

/// Decodes all pixels to a new g_malloc'd buffer (free with vlmprep_free); NULL on error.
void *vlmprep_write_to_memory(VipsImage *in, size_t *size);

/// g_free.
void vlmprep_free(void *pointer);

/// vips_error_buffer_copy(): copies and clears the error buffer under libvips's lock.
/// Free with vlmprep_free.
char *vlmprep_error_copy(void);

/// libvips version string, e.g. "8.14.1".
const char *vlmprep_vips_version(void);

#endif
