// Umbrella header for libvips (found through pkg-config "vips"; apt: libvips-dev).
#ifndef CVLMPREP_LIBVIPS_SHIM_H
#define CVLMPREP_LIBVIPS_SHIM_H
#include <vips/vips.h>
#endif
