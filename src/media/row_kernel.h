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

/* Where automatic vectorization falls short, a kernel also has a version
 * written with AVX-512 intrinsics (AVX512_KERNEL), chosen at run time by
 * avx512_usable(). Such a version must write the portable loop's bytes; the
 * unit tests run both. Define REEL_NO_AVX512_KERNELS to leave them out. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(REEL_NO_AVX512_KERNELS)
#define REEL_AVX512_KERNELS 1
#define AVX512_KERNEL __attribute__((target("avx512f,avx512bw")))
#include <immintrin.h>
#include <stdbool.h>

static inline bool avx512_usable(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
}
#else
#include <stdbool.h>
#define REEL_AVX512_KERNELS 0

static inline bool avx512_usable(void)
{
    return false;
}
#endif

#endif
