// SHA-256's compression function (FIPS 180-4, section 6.2.2) over whole blocks:
// a portable version and one with the x86 SHA extensions, picked at run time.

#include "DataKernels.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
static const uint32_t dk_round_constants[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
};

static inline uint32_t dk_rotate(uint32_t value, int count) {
  return (value >> count) | (value << (32 - count));
}

static void dk_blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks) {
  uint32_t w[64];
  for (; blocks > 0; blocks--, data += 64) {
    for (int t = 0; t < 16; t++) {
      w[t] = (uint32_t)data[4 * t] << 24 | (uint32_t)data[4 * t + 1] << 16 |
             (uint32_t)data[4 * t + 2] << 8 | (uint32_t)data[4 * t + 3];
    }
    for (int t = 16; t < 64; t++) {
      const uint32_t s0 = dk_rotate(w[t - 15], 7) ^ dk_rotate(w[t - 15], 18) ^ (w[t - 15] >> 3);
      const uint32_t s1 = dk_rotate(w[t - 2], 17) ^ dk_rotate(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; t++) {
      const uint32_t sum1 = dk_rotate(e, 6) ^ dk_rotate(e, 11) ^ dk_rotate(e, 25);
      const uint32_t choice = (e & f) ^ (~e & g);
      const uint32_t temp1 = h + sum1 + choice + dk_round_constants[t] + w[t];
      const uint32_t sum0 = dk_rotate(a, 2) ^ dk_rotate(a, 13) ^ dk_rotate(a, 22);
      const uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
      const uint32_t temp2 = sum0 + majority;
      h = g;
      g = f;
      f = e;
      e = d + temp1;
      d = c;
      c = b;
      b = a;
      a = temp1 + temp2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

#if defined(__x86_64__)
// The SHA extensions keep the state as two vectors, (A, B, E, F) and (C, D, G, H);
// `sha256rnds2` runs two rounds, `sha256msg1` and `sha256msg2` extend the schedule
// four words at a time (Intel, "Intel SHA Extensions", 2013).
__attribute__((target("sha,sse4.1,ssse3"))) static void dk_blocks_extensions(
    uint32_t state[8], const uint8_t *data, size_t blocks) {
  // Big-endian words: reverse the bytes of each 32-bit lane.
  const __m128i byte_order = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
  __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

  for (; blocks > 0; blocks--, data += 64) {
    const __m128i abef_before = abef;
    const __m128i cdgh_before = cdgh;
    __m128i schedule[4];
    for (int group = 0; group < 16; group++) {
      __m128i words;
      if (group < 4) {
        words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * group)), byte_order);
      } else {
        // W[t..t+3] from W[t-16..t-13], W[t-12..t-9], W[t-7..t-4] and W[t-4..t-1].
        const __m128i previous = schedule[(group + 3) & 3];
        const __m128i seventh = _mm_alignr_epi8(previous, schedule[(group + 2) & 3], 4);
        words = _mm_sha256msg1_epu32(schedule[group & 3], schedule[(group + 1) & 3]);
        words = _mm_sha256msg2_epu32(_mm_add_epi32(words, seventh), previous);
      }
      schedule[group & 3] = words;
      __m128i sums = _mm_add_epi32(
          words, _mm_load_si128((const __m128i *)&dk_round_constants[4 * group]));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, sums);
      sums = _mm_shuffle_epi32(sums, 0x0E);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, sums);
    }
    abef = _mm_add_epi32(abef, abef_before);
    cdgh = _mm_add_epi32(cdgh, cdgh_before);
  }

  const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}
#endif

intptr_t dk_sha256_best_variant(void) {
#if defined(__x86_64__)
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return dk_sha256_portable;
  const int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return dk_sha256_portable;
  const int sha = (ebx >> 29) & 1;
  if (ssse3 && sse41 && sha) return dk_sha256_extensions;
#endif
  return dk_sha256_portable;
}

void dk_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, intptr_t variant) {
#if defined(__x86_64__)
  static intptr_t best = -1;
  intptr_t known = __atomic_load_n(&best, __ATOMIC_RELAXED);
  if (known < 0) {
    known = dk_sha256_best_variant();
    __atomic_store_n(&best, known, __ATOMIC_RELAXED);
  }
  if (variant == dk_sha256_extensions && known == dk_sha256_extensions) {
    dk_blocks_extensions(state, data, blocks);
    return;
  }
#else
  (void)variant;
#endif
  dk_blocks_portable(state, data, blocks);
}
