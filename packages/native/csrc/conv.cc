// 2-D convolution (groups 1, zero padding) of float32 NCHW tensors and its two gradients, each one
// pass with no im2col array, bit for bit the js oracle (core's backend/js/conv2d.ts):
//  - forward: per output an fma chain from 0 over the taps (c, i, j), then + bias;
//  - input grad: per tap the fma sum over output channels from 0 (a row of W^T @ gy), added into
//    dx tap by tap, row by row (col2im's order);
//  - weight grad: per sample, 16 lanes (position p in lane p mod 16) folded 8, 4, 2, 1 apart, the
//    samples' sums then added in order.
// Each loop is written once (always inline) and compiled for AVX-512, AVX2+FMA and any x86-64;
// contraction is off, so every rounding is where the oracle has it. Samples split across the pool.
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "exact.h"
#include "napi_args.h"

namespace tl {
namespace {

#define TL_INLINE static inline __attribute__((always_inline))
#define TL_AVX512 __attribute__((target("avx512f,avx2,fma")))
#define TL_AVX2 __attribute__((target("avx2,fma")))
constexpr int kLanes = 16;
constexpr int kOB = 4;  // output channels per block in the forward rows and the weight gradient

struct Conv {
  const float *x, *w, *b, *gy;
  float* out;
  int64_t N, C, H, W, O, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow;
  int64_t L() const { return oh * ow; }
  int64_t taps() const { return C * kh * kw; }
};

// Output columns [lo, hi) whose tap j reads inside [0, W).
TL_INLINE void valid_cols(const Conv& k, int64_t j, int64_t* lo, int64_t* hi, int64_t* off) {
  *off = j * k.dw - k.pw;
  int64_t l = *off >= 0 ? 0 : (-*off + k.sw - 1) / k.sw;
  int64_t h = k.W - *off <= 0 ? 0 : (k.W - *off + k.sw - 1) / k.sw;
  if (l > k.ow) l = k.ow;
  if (h > k.ow) h = k.ow;
  if (h < l) h = l;
  *lo = l;
  *hi = h;
}

// out[n] for samples [n0, n1): acc[p] = fma(w, x tap, acc[p]), tap after tap.
TL_INLINE void forward_body(const Conv& k, int64_t n0, int64_t n1) {
  const int64_t L = k.L(), HW = k.H * k.W;
  for (int64_t n = n0; n < n1; ++n) {
    for (int64_t o = 0; o < k.O; ++o) {
      float* acc = k.out + (n * k.O + o) * L;
      for (int64_t p = 0; p < L; ++p) acc[p] = 0.0f;
      for (int64_t c = 0; c < k.C; ++c) {
        const float* plane = k.x + (n * k.C + c) * HW;
        for (int64_t i = 0; i < k.kh; ++i) {
          for (int64_t j = 0; j < k.kw; ++j) {
            const float wv = k.w[((o * k.C + c) * k.kh + i) * k.kw + j];
            int64_t lo, hi, off;
            valid_cols(k, j, &lo, &hi, &off);
            const bool pad_nan = !std::isfinite(wv);  // w * 0 in the padding: NaN only then
            for (int64_t y = 0; y < k.oh; ++y) {
              float* a = acc + y * k.ow;
              const int64_t h = y * k.sh - k.ph + i * k.dh;
              if (h < 0 || h >= k.H) {
                if (pad_nan) for (int64_t q = 0; q < k.ow; ++q) a[q] = NAN;
                continue;
              }
              const float* row = plane + h * k.W + off;
              if (k.sw == 1) {
                for (int64_t q = lo; q < hi; ++q) a[q] = __builtin_fmaf(wv, row[q], a[q]);
              } else {
                for (int64_t q = lo; q < hi; ++q) a[q] = __builtin_fmaf(wv, row[q * k.sw], a[q]);
              }
              if (pad_nan) {
                for (int64_t q = 0; q < lo; ++q) a[q] = NAN;
                for (int64_t q = hi; q < k.ow; ++q) a[q] = NAN;
              }
            }
          }
        }
      }
      if (k.b) {
        const float bv = k.b[o];
        for (int64_t p = 0; p < L; ++p) acc[p] = acc[p] + bv;
      }
    }
  }
}

// Rows of the zero-bordered copy: the windows' reach (padding='same' pads one more row after).
TL_INLINE int64_t padded_rows(const Conv& k) {
  return std::max(k.H + k.ph, (k.oh - 1) * k.sh + (k.kh - 1) * k.dh + 1);
}

// The forward for unit column stride: each sample's planes copied once into a zero-bordered
// buffer (pad: C * Hp * Wp floats), then every output row in chunks of 16 held in registers
// across all taps. Padding taps multiply the border's zeros, as the oracle's taps do; the
// columns past ow that the last chunk computes are dropped.
TL_INLINE void forward_rows_body(const Conv& k, int64_t n0, int64_t n1, float* pad) {
  const int64_t L = k.L(), HW = k.H * k.W, owp = (k.ow + kLanes - 1) / kLanes * kLanes;
  const int64_t Hp = padded_rows(k), Wp = owp + k.dw * (k.kw - 1), T = k.taps();
  for (int64_t n = n0; n < n1; ++n) {
    for (int64_t e = 0; e < k.C * Hp * Wp; ++e) pad[e] = 0.0f;
    for (int64_t c = 0; c < k.C; ++c) {
      for (int64_t h = 0; h < k.H; ++h) {
        const float* src = k.x + (n * k.C + c) * HW + h * k.W;
        float* dst = pad + (c * Hp + h + k.ph) * Wp + k.pw;
        for (int64_t w = 0; w < k.W; ++w) dst[w] = src[w];
      }
    }
    // kOB output channels at a time share each loaded input vector (the last block repeats
    // channel O - 1 and drops it).
    for (int64_t o0 = 0; o0 < k.O; o0 += kOB) {
      const float* wb[kOB];
      for (int b = 0; b < kOB; ++b) wb[b] = k.w + std::min<int64_t>(o0 + b, k.O - 1) * T;
      for (int64_t y = 0; y < k.oh; ++y) {
        for (int64_t q0 = 0; q0 < owp; q0 += kLanes) {
          float a[kOB][kLanes] = {};
          for (int64_t c = 0; c < k.C; ++c) {
            for (int64_t i = 0; i < k.kh; ++i) {
              const float* prow = pad + (c * Hp + y * k.sh + i * k.dh) * Wp + q0;
              const int64_t tap0 = (c * k.kh + i) * k.kw;
              for (int64_t j = 0; j < k.kw; ++j) {
                const float* src = prow + j * k.dw;
#pragma GCC unroll 4
                for (int b = 0; b < kOB; ++b) {
                  const float wv = wb[b][tap0 + j];
#pragma GCC unroll 16
                  for (int l = 0; l < kLanes; ++l) a[b][l] = __builtin_fmaf(wv, src[l], a[b][l]);
                }
              }
            }
          }
          const int64_t valid = std::min<int64_t>(kLanes, k.ow - q0);
          for (int b = 0; b < kOB && o0 + b < k.O; ++b) {
            float* dst = k.out + (n * k.O + o0 + b) * L + y * k.ow + q0;
            if (k.b) {
              const float bv = k.b[o0 + b];
              for (int64_t l = 0; l < valid; ++l) dst[l] = a[b][l] + bv;
            } else {
              for (int64_t l = 0; l < valid; ++l) dst[l] = a[b][l];
            }
          }
        }
      }
    }
  }
}

// dx[n] for samples [n0, n1); col: L floats of scratch.
TL_INLINE void input_grad_body(const Conv& k, int64_t n0, int64_t n1, float* col) {
  const int64_t L = k.L(), HW = k.H * k.W;
  for (int64_t n = n0; n < n1; ++n) {
    float* dx = k.out + n * k.C * HW;
    for (int64_t e = 0; e < k.C * HW; ++e) dx[e] = 0.0f;
    for (int64_t c = 0; c < k.C; ++c) {
      float* plane = dx + c * HW;
      for (int64_t i = 0; i < k.kh; ++i) {
        for (int64_t j = 0; j < k.kw; ++j) {
          for (int64_t p = 0; p < L; ++p) col[p] = 0.0f;
          for (int64_t o = 0; o < k.O; ++o) {
            const float wv = k.w[((o * k.C + c) * k.kh + i) * k.kw + j];
            const float* g = k.gy + (n * k.O + o) * L;
            for (int64_t p = 0; p < L; ++p) col[p] = __builtin_fmaf(wv, g[p], col[p]);
          }
          int64_t lo, hi, off;
          valid_cols(k, j, &lo, &hi, &off);
          for (int64_t y = 0; y < k.oh; ++y) {
            const int64_t h = y * k.sh - k.ph + i * k.dh;
            if (h < 0 || h >= k.H) continue;
            float* row = plane + h * k.W + off;
            const float* src = col + y * k.ow;
            if (k.sw == 1) {
              for (int64_t q = lo; q < hi; ++q) row[q] = row[q] + src[q];
            } else {
              for (int64_t q = lo; q < hi; ++q) row[q * k.sw] = row[q * k.sw] + src[q];
            }
          }
        }
      }
    }
  }
}

// part[n * O * taps + o * taps + t] = sample n's sum for (o, t), for samples [n0, n1).
// Scratch: tap (Lp floats) and g (O rounded up to kOB rows of Lp floats, zero past O and L), Lp =
// L rounded up to 16 lanes.
TL_INLINE void weight_grad_body(const Conv& k, int64_t n0, int64_t n1, float* part, float* tap, float* g) {
  const int64_t L = k.L(), Lp = (L + kLanes - 1) / kLanes * kLanes, HW = k.H * k.W, T = k.taps();
  for (int64_t n = n0; n < n1; ++n) {
    for (int64_t o = 0; o < k.O; ++o) {
      const float* src = k.gy + (n * k.O + o) * L;
      float* dst = g + o * Lp;
      for (int64_t p = 0; p < L; ++p) dst[p] = src[p];
      for (int64_t p = L; p < Lp; ++p) dst[p] = 0.0f;
    }
    for (int64_t c = 0; c < k.C; ++c) {
      const float* plane = k.x + (n * k.C + c) * HW;
      for (int64_t i = 0; i < k.kh; ++i) {
        for (int64_t j = 0; j < k.kw; ++j) {
          for (int64_t p = 0; p < Lp; ++p) tap[p] = 0.0f;
          int64_t lo, hi, off;
          valid_cols(k, j, &lo, &hi, &off);
          for (int64_t y = 0; y < k.oh; ++y) {
            const int64_t h = y * k.sh - k.ph + i * k.dh;
            if (h < 0 || h >= k.H) continue;
            const float* row = plane + h * k.W + off;
            for (int64_t q = lo; q < hi; ++q) tap[y * k.ow + q] = row[q * k.sw];
          }
          const int64_t t = (c * k.kh + i) * k.kw + j;
          // kOB output channels at a time: independent fma chains (g has rows up to a multiple of kOB, zero past O).
          for (int64_t o0 = 0; o0 < k.O; o0 += kOB) {
            const float* g0 = g + o0 * Lp;
            float lanes[kOB][kLanes] = {};
            for (int64_t p = 0; p < Lp; p += kLanes) {
#pragma GCC unroll 4
              for (int b = 0; b < kOB; ++b) {
#pragma GCC unroll 16
                for (int l = 0; l < kLanes; ++l) lanes[b][l] = __builtin_fmaf(g0[b * Lp + p + l], tap[p + l], lanes[b][l]);
              }
            }
            for (int b = 0; b < kOB && o0 + b < k.O; ++b) {
              float* ln = lanes[b];
              for (int s = kLanes / 2; s >= 1; s >>= 1) {
                for (int l = 0; l < s; ++l) ln[l] = ln[l] + ln[l + s];
              }
              part[(n * k.O + o0 + b) * T + t] = ln[0];
            }
          }
        }
      }
    }
  }
}

TL_AVX512 void forward_avx512(const Conv& k, int64_t n0, int64_t n1) { forward_body(k, n0, n1); }
TL_AVX2 void forward_avx2(const Conv& k, int64_t n0, int64_t n1) { forward_body(k, n0, n1); }
void forward_generic(const Conv& k, int64_t n0, int64_t n1) { forward_body(k, n0, n1); }
TL_AVX512 void forward_rows_avx512(const Conv& k, int64_t n0, int64_t n1, float* pad) { forward_rows_body(k, n0, n1, pad); }
TL_AVX2 void forward_rows_avx2(const Conv& k, int64_t n0, int64_t n1, float* pad) { forward_rows_body(k, n0, n1, pad); }
TL_AVX512 void input_grad_avx512(const Conv& k, int64_t n0, int64_t n1, float* col) { input_grad_body(k, n0, n1, col); }
TL_AVX2 void input_grad_avx2(const Conv& k, int64_t n0, int64_t n1, float* col) { input_grad_body(k, n0, n1, col); }
void input_grad_generic(const Conv& k, int64_t n0, int64_t n1, float* col) { input_grad_body(k, n0, n1, col); }
TL_AVX512 void weight_grad_avx512(const Conv& k, int64_t n0, int64_t n1, float* part, float* tap, float* g) {
  weight_grad_body(k, n0, n1, part, tap, g);
}
TL_AVX2 void weight_grad_avx2(const Conv& k, int64_t n0, int64_t n1, float* part, float* tap, float* g) {
  weight_grad_body(k, n0, n1, part, tap, g);
}
void weight_grad_generic(const Conv& k, int64_t n0, int64_t n1, float* part, float* tap, float* g) {
  weight_grad_body(k, n0, n1, part, tap, g);
}

// 0 generic, 1 AVX2+FMA, 2 AVX-512 (setExactGeneric forces 0).
int isa() {
  static const bool avx512 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") != 0;
  }();
  if (!exact_has_avx2()) return 0;
  return avx512 ? 2 : 1;
}

// The float32 array at info[i] holding `need` elements from its offset `off` (returned past it).
bool f32_arg(const Napi::CallbackInfo& info, size_t i, int64_t off, int64_t need, float** out) {
  int64_t len = 0;
  if (!typed_arg(info, i, napi_float32_array, out, &len)) return false;
  if (off < 0 || need < 0 || off + need > len) return throw_range(info.Env(), "conv2d: operand out of bounds");
  *out += off;
  return true;
}

// Geometry params: [N, C, H, W, O, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, off0, off1, off2].
bool read_conv(const Napi::CallbackInfo& info, size_t pi, Conv* k, int64_t* offs) {
  int64_t p[18];
  if (!int_params(info, pi, p, 18)) return false;
  *k = Conv{nullptr, nullptr, nullptr, nullptr, nullptr, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14]};
  for (int i = 0; i < 3; ++i) offs[i] = p[15 + i];
  for (int i = 0; i < 15; ++i) {
    if (p[i] < (i >= 9 && i <= 10 ? 0 : 1)) return throw_range(info.Env(), "conv2d: bad geometry");
  }
  return true;
}

template <typename Fn>
void over_samples(const Conv& k, const Fn& fn) {
  exact_parallel(k.N, k.N * k.O * k.taps() * k.L(), fn);
}

// conv2dF32(x, w, b | null, out, params): out [N, O, oh, ow] dense from 0.
Napi::Value Conv2dF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Conv k;
  int64_t off[3];
  float *x, *w, *b = nullptr, *out;
  if (info.Length() < 5 || !read_conv(info, 4, &k, off)) {
    if (!env.IsExceptionPending()) throw_type(env, "conv2dF32 expects 5 arguments");
    return env.Undefined();
  }
  if (!f32_arg(info, 0, off[0], k.N * k.C * k.H * k.W, &x) || !f32_arg(info, 1, off[1], k.O * k.taps(), &w) ||
      (!info[2].IsNull() && !f32_arg(info, 2, off[2], k.O, &b)) || !f32_arg(info, 3, 0, k.N * k.O * k.L(), &out)) {
    return env.Undefined();
  }
  k.x = x;
  k.w = w;
  k.b = b;
  k.out = out;
  const int level = isa();
  if (level > 0 && k.sw == 1) {
    const int64_t padded = k.C * padded_rows(k) * ((k.ow + kLanes - 1) / kLanes * kLanes + k.dw * (k.kw - 1));
    over_samples(k, [&](int64_t n0, int64_t n1) {
      std::vector<float> pad(static_cast<size_t>(padded));
      (level == 2 ? forward_rows_avx512 : forward_rows_avx2)(k, n0, n1, pad.data());
    });
    return env.Undefined();
  }
  over_samples(k, [&](int64_t n0, int64_t n1) {
    (level == 2 ? forward_avx512 : level == 1 ? forward_avx2 : forward_generic)(k, n0, n1);
  });
  return env.Undefined();
}

// conv2dInputGradF32(gy, w, dx, params): dx [N, C, H, W] dense from 0; offsets [gy, w, -].
Napi::Value Conv2dInputGradF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Conv k;
  int64_t off[3];
  float *gy, *w, *dx;
  if (info.Length() < 4 || !read_conv(info, 3, &k, off)) {
    if (!env.IsExceptionPending()) throw_type(env, "conv2dInputGradF32 expects 4 arguments");
    return env.Undefined();
  }
  if (!f32_arg(info, 0, off[0], k.N * k.O * k.L(), &gy) || !f32_arg(info, 1, off[1], k.O * k.taps(), &w) ||
      !f32_arg(info, 2, 0, k.N * k.C * k.H * k.W, &dx)) {
    return env.Undefined();
  }
  k.gy = gy;
  k.w = w;
  k.out = dx;
  const int level = isa();
  over_samples(k, [&](int64_t n0, int64_t n1) {
    std::vector<float> col(static_cast<size_t>(k.L()));
    (level == 2 ? input_grad_avx512 : level == 1 ? input_grad_avx2 : input_grad_generic)(k, n0, n1, col.data());
  });
  return env.Undefined();
}

// conv2dWeightGradF32(gy, x, dw, params): dw [O, C, kh, kw] dense from 0; offsets [gy, x, -].
Napi::Value Conv2dWeightGradF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Conv k;
  int64_t off[3];
  float *gy, *x, *dw;
  if (info.Length() < 4 || !read_conv(info, 3, &k, off)) {
    if (!env.IsExceptionPending()) throw_type(env, "conv2dWeightGradF32 expects 4 arguments");
    return env.Undefined();
  }
  const int64_t T = k.taps(), OT = k.O * T;
  if (!f32_arg(info, 0, off[0], k.N * k.O * k.L(), &gy) || !f32_arg(info, 1, off[1], k.N * k.C * k.H * k.W, &x) ||
      !f32_arg(info, 2, 0, OT, &dw)) {
    return env.Undefined();
  }
  k.gy = gy;
  k.x = x;
  std::vector<float> part(static_cast<size_t>(k.N * OT));
  const int level = isa();
  const int64_t Lp = (k.L() + kLanes - 1) / kLanes * kLanes;
  over_samples(k, [&](int64_t n0, int64_t n1) {
    std::vector<float> tap(static_cast<size_t>(Lp)), g(static_cast<size_t>((k.O + kOB - 1) / kOB * kOB * Lp));
    (level == 2 ? weight_grad_avx512 : level == 1 ? weight_grad_avx2 : weight_grad_generic)(k, n0, n1, part.data(), tap.data(), g.data());
  });
  // The samples' sums in order from 0, as the oracle adds them.
  for (int64_t q = 0; q < OT; ++q) dw[q] = 0.0f;
  for (int64_t n = 0; n < k.N; ++n) {
    const float* s = part.data() + n * OT;
    for (int64_t q = 0; q < OT; ++q) dw[q] = dw[q] + s[q];
  }
  return env.Undefined();
}

}  // namespace

void register_conv(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2dF32", Napi::Function::New(env, Conv2dF32));
  exports.Set("conv2dInputGradF32", Napi::Function::New(env, Conv2dInputGradF32));
  exports.Set("conv2dWeightGradF32", Napi::Function::New(env, Conv2dWeightGradF32));
}

}  // namespace tl
