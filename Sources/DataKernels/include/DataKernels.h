#ifndef DATA_KERNELS_H
#define DATA_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256's compression function (FIPS 180-4) over whole 64-byte blocks, in C so that
/// one variant can use the x86 SHA extensions (SHA-NI) where the processor has them and
/// the other runs anywhere. Both give the same state; the padding stays with the caller.

/// The variants: 0 portable C, 1 the SHA extensions (x86-64 with SHA, SSSE3 and SSE4.1).
enum { dk_sha256_portable = 0, dk_sha256_extensions = 1 };

/// The best variant this processor supports.
intptr_t dk_sha256_best_variant(void);

/// Runs `blocks` 64-byte blocks starting at `data` through `state` (8 words, A to H),
/// with `variant` clamped to what the processor supports.
void dk_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, intptr_t variant);

#endif
