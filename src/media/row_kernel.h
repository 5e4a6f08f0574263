/* ROW_KERNEL marks the plain-C row loops of the pixel converters (yuv.c,
 * yuv_to_rgb.c) for function multiversioning: GCC and Clang also compile them
 * for AVX2 (x86-64-v3) and AVX-512 (x86-64-v4) machines and pick a version at
 * load time. Only the vector width changes; the loops are integer arithmetic,
 * so every version writes the same bytes. Define REEL_NO_TARGET_CLONES to get
 * the baseline version only. */
#ifndef REEL_ROW_KERNEL_H
#define REEL_ROW_KERNEL_H

#if defined(__x86_64__) && defined(__GNUC__) && defined(__has_attribute)
#if __has_attribute(target_clones) && !defined(REEL_NO_TARGET_CLONES)
#define ROW_KERNEL __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#endif
#endif
#ifndef ROW_KERNEL
#define ROW_KERNEL
#endif

#endif
