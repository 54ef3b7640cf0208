/*
 * brainc_rt.cuh: the runtime that every program of brainc's `cuda` target includes.
 *
 * One header, plain C++, usable from nvcc (device and host code) and from g++ 12 (the host
 * build, through brainc_host.h). It gives a generated model.cu exactly the numbers of brainc's
 * Java engines:
 *
 *   - fdlibm 5.3 (which is what java.lang.StrictMath is), ported to __host__ __device__ code in
 *     double: brainc_exp, brainc_expm1, brainc_log, brainc_log1p, brainc_tanh, brainc_sin,
 *     brainc_cos, brainc_atan, brainc_pow. Never the CUDA math library, whose results may
 *     differ from fdlibm in the last place.
 *   - Java's semantics where C's differ: Math.min/max (NaN wins, -0.0 < 0.0), saturating
 *     float-to-integer casts (NaN -> 0), wrapping integer division, `%` on floats.
 *   - Philox4x32-10 and the whole of brainc.runtime.random.CounterRng, bit for bit.
 *   - Host-side output: .npy files byte-identical to brainc.runtime.io.NpyWriter, .npz
 *     archives and Snapshots that brainc.runtime.io.Snapshot reads, all written atomically;
 *     BRAINC_CHECK for CUDA API calls.
 *
 * The numbers are bit-identical only if every operation is rounded on its own: compile with
 * `nvcc -fmad=false --prec-div=true --prec-sqrt=true -Xcompiler -ffp-contract=off` (never
 * --use_fast_math) and with `g++ -ffp-contract=off`. fdlibm's polynomials and the Poisson loop
 * assume separate roundings; a fused multiply-add changes the last bit (g++ fuses by default
 * once -march allows FMA, nvcc's device compiler unless -fmad=false).
 *
 * NaN results are NaN, but their sign and payload bits are not specified (nor are they in Java,
 * where x86 gives 0/0 its sign bit); compare NaNs as NaNs.
 *
 * Names beginning with `brainc__` (two underscores) are internal.
 */
#ifndef BRAINC_RT_CUH
#define BRAINC_RT_CUH

#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__FAST_MATH__)
#error "brainc_rt.cuh needs IEEE arithmetic: compile without -ffast-math (and nvcc without --use_fast_math)"
#endif

/* BRAINC_HD marks functions that run on the host and, under nvcc, on the device too. */
#ifdef __CUDACC__
#define BRAINC_HD __host__ __device__
#else
#define BRAINC_HD
#endif

/* Rare slow paths stay out of line, so that kernels calling sin or cos keep their registers. */
#ifdef __CUDACC__
#define BRAINC__NOINLINE __noinline__
#else
#define BRAINC__NOINLINE __attribute__((noinline))
#endif

/*
 * Constant tables, one copy in device memory and one in host memory; BRAINC__T(name) picks the
 * one of the side being compiled (device code cannot read host arrays).
 */
#ifdef __CUDACC__
#define BRAINC__TABLE(type, name, ...)                    \
  static __device__ const type name##_dev[] = {__VA_ARGS__}; \
  static const type name##_host[] = {__VA_ARGS__};
#else
#define BRAINC__TABLE(type, name, ...) static const type name##_host[] = {__VA_ARGS__};
#endif
#ifdef __CUDA_ARCH__
#define BRAINC__T(name) name##_dev
#else
#define BRAINC__T(name) name##_host
#endif

/* ---------------------------------------------------------------------------------------- */
/* Bits of doubles and floats                                                                */
/* ---------------------------------------------------------------------------------------- */

static inline BRAINC_HD uint64_t brainc__bits(double x) {
#ifdef __CUDA_ARCH__
  return (uint64_t)__double_as_longlong(x);
#else
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b;
#endif
}

static inline BRAINC_HD double brainc__double(uint64_t b) {
#ifdef __CUDA_ARCH__
  return __longlong_as_double((long long)b);
#else
  double x;
  memcpy(&x, &b, sizeof x);
  return x;
#endif
}

static inline BRAINC_HD uint32_t brainc__fbits(float x) {
#ifdef __CUDA_ARCH__
  return __float_as_uint(x);
#else
  uint32_t b;
  memcpy(&b, &x, sizeof b);
  return b;
#endif
}

/* fdlibm's __HI(x): the sign, exponent and top 20 fraction bits, as a signed word. */
static inline BRAINC_HD int32_t brainc__hi(double x) { return (int32_t)(uint32_t)(brainc__bits(x) >> 32); }

/* fdlibm's __LO(x): the low 32 fraction bits. */
static inline BRAINC_HD uint32_t brainc__lo(double x) { return (uint32_t)brainc__bits(x); }

/* x with its high word replaced. */
static inline BRAINC_HD double brainc__with_hi(double x, int32_t hi) {
  return brainc__double((brainc__bits(x) & 0xFFFFFFFFull) | ((uint64_t)(uint32_t)hi << 32));
}

/* x with its low word replaced. */
static inline BRAINC_HD double brainc__with_lo(double x, uint32_t lo) {
  return brainc__double((brainc__bits(x) & 0xFFFFFFFF00000000ull) | lo);
}

static inline BRAINC_HD double brainc__from_words(int32_t hi, uint32_t lo) {
  return brainc__double(((uint64_t)(uint32_t)hi << 32) | lo);
}

/* v << s on the two's-complement bits: C++ leaves a left shift of a negative value undefined. */
static inline BRAINC_HD int32_t brainc__shl(int32_t v, int s) { return (int32_t)((uint32_t)v << s); }

#define BRAINC__INF (brainc__double(0x7FF0000000000000ull))
#define BRAINC__NAN (brainc__double(0x7FF8000000000000ull))

/*
 * x * 2^n, rounded once (as Java's Math.scalb and fdlibm's scalbn): the first factors keep the
 * value normal and exact, only the last multiplication can round.
 */
static inline BRAINC_HD double brainc__scalbn(double x, int n) {
  if (n > 1023) {
    x *= 0x1.0p1023;
    n -= 1023;
    if (n > 1023) {
      x *= 0x1.0p1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    /* 2^-969 = 2^-1022 * 2^53: the product stays normal, so this step does not round. */
    x *= 0x1.0p-969;
    n += 969;
    if (n < -1022) {
      x *= 0x1.0p-969;
      n += 969;
      if (n < -1022) n = -1022;
    }
  }
  return x * brainc__double((uint64_t)(0x3FF + n) << 52);
}

/* ---------------------------------------------------------------------------------------- */
/* fdlibm 5.3: exp, expm1, log, log1p, tanh                                                  */
/* ---------------------------------------------------------------------------------------- */

/* StrictMath.exp: e^x, error below 1 ulp. Argument reduction x = k ln2 + r, |r| <= ln2/2. */
static inline BRAINC_HD double brainc_exp(double x) {
  const double o_threshold = 0x1.62e42fefa39efp9;
  const double u_threshold = -0x1.74910d52d3051p9;
  const double ln2_hi = 0x1.62e42feep-1;
  const double ln2_lo = 0x1.a39ef35793c76p-33;
  const double invln2 = 0x1.71547652b82fep0;
  const double twom1000 = 0x1.0p-1000;
  const double P1 = 0x1.555555555553ep-3;
  const double P2 = -0x1.6c16c16bebd93p-9;
  const double P3 = 0x1.1566aaf25de2cp-14;
  const double P4 = -0x1.bbd41c5d26bf1p-20;
  const double P5 = 0x1.6376972bea4d0p-25;
  double hi = 0.0, lo = 0.0, c, t, y;
  int32_t k = 0;
  int32_t hx = brainc__hi(x);
  int32_t xsb = (hx >> 31) & 1;
  hx &= 0x7fffffff;

  if (hx >= 0x40862E42) { /* |x| >= 709.78... */
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | brainc__lo(x)) != 0) return x + x; /* NaN */
      return (xsb == 0) ? x : 0.0;                              /* exp(+-inf) = {inf, 0} */
    }
    if (x > o_threshold) return BRAINC__INF;
    if (x < u_threshold) return 0.0;
  }

  if (hx > 0x3fd62e42) {   /* |x| > 0.5 ln2 */
    if (hx < 0x3FF0A2B2) { /* and |x| < 1.5 ln2 */
      hi = x - (xsb ? -ln2_hi : ln2_hi);
      lo = xsb ? -ln2_lo : ln2_lo;
      k = 1 - xsb - xsb;
    } else {
      k = (int32_t)(invln2 * x + (xsb ? -0.5 : 0.5));
      t = (double)k;
      hi = x - t * ln2_hi; /* t * ln2_hi is exact here */
      lo = t * ln2_lo;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) { /* |x| < 2^-28 */
    return 1.0 + x;
  } else {
    k = 0;
  }

  t = x * x;
  c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) return brainc__with_hi(y, brainc__hi(y) + brainc__shl(k, 20));
  y = brainc__with_hi(y, brainc__hi(y) + brainc__shl(k + 1000, 20));
  return y * twom1000;
}

/* StrictMath.expm1: e^x - 1, accurate near 0. */
static inline BRAINC_HD double brainc_expm1(double x) {
  const double huge = 1.0e+300;
  const double tiny = 1.0e-300;
  const double o_threshold = 0x1.62e42fefa39efp9;
  const double ln2_hi = 0x1.62e42feep-1;
  const double ln2_lo = 0x1.a39ef35793c76p-33;
  const double invln2 = 0x1.71547652b82fep0;
  const double Q1 = -0x1.11111111110f4p-5;
  const double Q2 = 0x1.a01a019fe5585p-10;
  const double Q3 = -0x1.4ce199eaadbb7p-14;
  const double Q4 = 0x1.0cfca86e65239p-18;
  const double Q5 = -0x1.afdb76e09c32dp-23;
  double y, hi, lo, c = 0.0, t, e, hxs, hfx, r1;
  int32_t k;
  int32_t hx = brainc__hi(x);
  uint32_t xsb = (uint32_t)hx & 0x80000000u;
  hx &= 0x7fffffff;

  if (hx >= 0x4043687A) {   /* |x| >= 56 ln2 */
    if (hx >= 0x40862E42) { /* |x| >= 709.78... */
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | brainc__lo(x)) != 0) return x + x; /* NaN */
        return (xsb == 0) ? x : -1.0;                             /* expm1(+-inf) = {inf, -1} */
      }
      if (x > o_threshold) return BRAINC__INF;
    }
    if (xsb != 0) { /* x < -56 ln2 */
      if (x + tiny < 0.0) return tiny - 1.0;
    }
  }

  if (hx > 0x3fd62e42) {   /* |x| > 0.5 ln2 */
    if (hx < 0x3FF0A2B2) { /* and |x| < 1.5 ln2 */
      if (xsb == 0) {
        hi = x - ln2_hi;
        lo = ln2_lo;
        k = 1;
      } else {
        hi = x + ln2_hi;
        lo = -ln2_lo;
        k = -1;
      }
    } else {
      k = (int32_t)(invln2 * x + ((xsb == 0) ? 0.5 : -0.5));
      t = (double)k;
      hi = x - t * ln2_hi; /* t * ln2_hi is exact here */
      lo = t * ln2_lo;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) { /* |x| < 2^-54: expm1(x) = x */
    t = huge + x;
    return x - (t - (huge + x));
  } else {
    k = 0;
  }

  hfx = 0.5 * x;
  hxs = x * hfx;
  r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  t = 3.0 - r1 * hfx;
  e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);
  e = (x * (e - c) - c);
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1.0 + 2.0 * (x - e);
  }
  if (k <= -2 || k > 56) { /* exp(x) - 1 suffices */
    y = 1.0 - (e - x);
    y = brainc__with_hi(y, brainc__hi(y) + brainc__shl(k, 20));
    return y - 1.0;
  }
  t = 1.0;
  if (k < 20) {
    t = brainc__with_hi(t, 0x3ff00000 - (0x200000 >> k)); /* 1 - 2^-k */
    y = t - (e - x);
  } else {
    t = brainc__with_hi(t, brainc__shl(0x3ff - k, 20)); /* 2^-k */
    y = x - (e + t);
    y += 1.0;
  }
  return brainc__with_hi(y, brainc__hi(y) + brainc__shl(k, 20));
}

/* StrictMath.log: the natural logarithm. x = 2^k (1 + f), log(1 + f) from s = f / (2 + f). */
static inline BRAINC_HD double brainc_log(double x) {
  const double two54 = 0x1.0p54;
  const double ln2_hi = 0x1.62e42feep-1;
  const double ln2_lo = 0x1.a39ef35793c76p-33;
  const double Lg1 = 0x1.5555555555593p-1;
  const double Lg2 = 0x1.999999997fa04p-2;
  const double Lg3 = 0x1.2492494229359p-2;
  const double Lg4 = 0x1.c71c51d8e78afp-3;
  const double Lg5 = 0x1.7466496cb03dep-3;
  const double Lg6 = 0x1.39a09d078c69fp-3;
  const double Lg7 = 0x1.2f112df3e5244p-3;
  double hfsq, f, s, z, R, w, t1, t2, dk;
  int32_t k = 0, i, j;
  int32_t hx = brainc__hi(x);
  uint32_t lx = brainc__lo(x);

  if (hx < 0x00100000) {                                  /* x < 2^-1022 */
    if (((hx & 0x7fffffff) | lx) == 0) return -BRAINC__INF; /* log(+-0) = -inf */
    if (hx < 0) return BRAINC__NAN;                         /* log(-#) = NaN */
    k -= 54;
    x *= two54; /* subnormal: scale up */
    hx = brainc__hi(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  i = (hx + 0x95f64) & 0x100000;
  x = brainc__with_hi(x, hx | (i ^ 0x3ff00000)); /* normalize x or x/2 */
  k += (i >> 20);
  f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) { /* |f| < 2^-20 */
    if (f == 0.0) {
      if (k == 0) return 0.0;
      dk = (double)k;
      return dk * ln2_hi + dk * ln2_lo;
    }
    R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    dk = (double)k;
    return dk * ln2_hi - ((R - dk * ln2_lo) - f);
  }
  s = f / (2.0 + f);
  dk = (double)k;
  z = s * s;
  i = hx - 0x6147a;
  w = z * z;
  j = 0x6b851 - hx;
  t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  R = t2 + t1;
  if (i > 0) {
    hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

/* StrictMath.log1p: log(1 + x), accurate near 0. */
static inline BRAINC_HD double brainc_log1p(double x) {
  const double two54 = 0x1.0p54;
  const double ln2_hi = 0x1.62e42feep-1;
  const double ln2_lo = 0x1.a39ef35793c76p-33;
  const double Lp1 = 0x1.5555555555593p-1;
  const double Lp2 = 0x1.999999997fa04p-2;
  const double Lp3 = 0x1.2492494229359p-2;
  const double Lp4 = 0x1.c71c51d8e78afp-3;
  const double Lp5 = 0x1.7466496cb03dep-3;
  const double Lp6 = 0x1.39a09d078c69fp-3;
  const double Lp7 = 0x1.2f112df3e5244p-3;
  double hfsq, f = 0.0, c = 0.0, s, z, R, u;
  int32_t k, hu = 0;
  int32_t hx = brainc__hi(x);
  int32_t ax = hx & 0x7fffffff;

  k = 1;
  if (hx < 0x3FDA827A) {    /* x < 0.41422 */
    if (ax >= 0x3ff00000) { /* x <= -1.0 */
      if (x == -1.0) return -BRAINC__INF;
      return BRAINC__NAN;
    }
    if (ax < 0x3e200000) { /* |x| < 2^-29 */
      if (two54 + x > 0.0 && ax < 0x3c900000) return x; /* |x| < 2^-54 */
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (int32_t)0xbfd2bec3u) { /* -0.2929 < x < 0.41422 */
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k != 0) {
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = brainc__hi(u);
      k = (hu >> 20) - 1023;
      c = (k > 0) ? 1.0 - (u - x) : x - (u - 1.0); /* correction term */
      c /= u;
    } else {
      u = x;
      hu = brainc__hi(u);
      k = (hu >> 20) - 1023;
      c = 0.0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = brainc__with_hi(u, hu | 0x3ff00000); /* normalize u */
    } else {
      k += 1;
      u = brainc__with_hi(u, hu | 0x3fe00000); /* normalize u/2 */
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  hfsq = 0.5 * f * f;
  if (hu == 0) { /* |f| < 2^-20 */
    if (f == 0.0) {
      if (k == 0) return 0.0;
      c += (double)k * ln2_lo;
      return (double)k * ln2_hi + c;
    }
    R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - R;
    return (double)k * ln2_hi - ((R - ((double)k * ln2_lo + c)) - f);
  }
  s = f / (2.0 + f);
  z = s * s;
  R = z * (Lp1 + z * (Lp2 + z * (Lp3 + z * (Lp4 + z * (Lp5 + z * (Lp6 + z * Lp7))))));
  if (k == 0) return f - (hfsq - s * (hfsq + R));
  return (double)k * ln2_hi - ((hfsq - (s * (hfsq + R) + ((double)k * ln2_lo + c))) - f);
}

/* StrictMath.tanh, from expm1 of 2|x|. */
static inline BRAINC_HD double brainc_tanh(double x) {
  const double tiny = 1.0e-300;
  double t, z;
  int32_t jx = brainc__hi(x);
  int32_t ix = jx & 0x7fffffff;

  if (ix >= 0x7ff00000) { /* Inf or NaN */
    if (jx >= 0) return 1.0 / x + 1.0; /* tanh(+inf) = 1, tanh(NaN) = NaN */
    return 1.0 / x - 1.0;              /* tanh(-inf) = -1 */
  }
  if (ix < 0x40360000) {                       /* |x| < 22 */
    if (ix < 0x3c800000) return x * (1.0 + x); /* |x| < 2^-55 */
    if (ix >= 0x3ff00000) {                    /* |x| >= 1 */
      t = brainc_expm1(2.0 * fabs(x));
      z = 1.0 - 2.0 / (t + 2.0);
    } else {
      t = brainc_expm1(-2.0 * fabs(x));
      z = -t / (t + 2.0);
    }
  } else { /* |x| >= 22: +-1 */
    z = 1.0 - tiny;
  }
  return (jx >= 0) ? z : -z;
}

/* ---------------------------------------------------------------------------------------- */
/* fdlibm 5.3: sin, cos and their argument reduction                                         */
/* ---------------------------------------------------------------------------------------- */

/* 2/pi in 24-bit chunks: 396 hex digits. */
BRAINC__TABLE(int32_t, brainc__two_over_pi,
  0xA2F983, 0x6E4E44, 0x1529FC, 0x2757D1, 0xF534DD, 0xC0DB62, 0x95993C, 0x439041, 0xFE5163,
  0xABDEBB, 0xC561B7, 0x246E3A, 0x424DD2, 0xE00649, 0x2EEA09, 0xD1921C, 0xFE1DEB, 0x1CB129,
  0xA73EE8, 0x8235F5, 0x2EBB44, 0x84E99C, 0x7026B4, 0x5F7E41, 0x3991D6, 0x398353, 0x39F49C,
  0x845F8B, 0xBDF928, 0x3B1FF8, 0x97FFDE, 0x05980F, 0xEF2F11, 0x8B5A0A, 0x6D1F6D, 0x367ECF,
  0x27CB09, 0xB74F46, 0x3F669E, 0x5FEA2D, 0x7527BA, 0xC7EBE5, 0xF17B3D, 0x0739F7, 0x8A5292,
  0xEA6BFB, 0x5FB11F, 0x8D5D08, 0x560330, 0x46FC7B, 0x6BABF0, 0xCFBC20, 0x9AF436, 0x1DA9E3,
  0x91615E, 0xE61B08, 0x659985, 0x5F14A0, 0x68408D, 0xFFD880, 0x4D7327, 0x310606, 0x1556CA,
  0x73A8C9, 0x60E27B, 0xC08C6B)

/* High words of n * pi/2 for n = 1..32, where the medium reduction may cancel. */
BRAINC__TABLE(int32_t, brainc__npio2_hw,
  0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C, 0x4025FDBB,
  0x402921FB, 0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C, 0x40346B9C, 0x4035FDBB,
  0x40378FDB, 0x403921FB, 0x403AB41B, 0x403C463A, 0x403DD85A, 0x403F6A7A, 0x40407E4C,
  0x4041475C, 0x4042106C, 0x4042D97C, 0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB,
  0x4046C6CB, 0x40478FDB, 0x404858EB, 0x404921FB)

/* pi/2 cut into 24-bit chunks. */
BRAINC__TABLE(double, brainc__pio2_chunks,
  0x1.921fb4p0, 0x1.4442dp-24, 0x1.846988p-48, 0x1.8cc516p-72, 0x1.01b838p-96,
  0x1.a25204p-120, 0x1.382228p-145, 0x1.9f31dp-169)

/*
 * fdlibm's __kernel_rem_pio2 for 53-bit results (prec = 2, as __ieee754_rem_pio2 calls it):
 * y[0] + y[1] = x - N pi/2 for x given as nx 24-bit chunks scaled by 2^e0; returns N mod 8.
 */
static inline BRAINC_HD int32_t brainc__kernel_rem_pio2(const double *x, double *y, int32_t e0, int32_t nx) {
  const double two24 = 0x1.0p24;
  const double twon24 = 0x1.0p-24;
  const int32_t *ipio2 = BRAINC__T(brainc__two_over_pi);
  const double *PIo2 = BRAINC__T(brainc__pio2_chunks);
  int32_t jz, jx, jv, jp, jk, carry, n, i, j, k, m, q0, ih;
  int32_t iq[20];
  double z, fw, f[20], q[20];
  double fq[20] = {0.0}; /* every entry read is written first; this only tells the compiler so */

  jk = 4; /* init_jk[prec = 2] */
  jp = jk;

  jx = nx - 1;
  jv = (e0 - 3) / 24;
  if (jv < 0) jv = 0;
  q0 = e0 - 24 * (jv + 1);

  j = jv - jx;
  m = jx + jk;
  for (i = 0; i <= m; i++, j++) f[i] = (j < 0) ? 0.0 : (double)ipio2[j];

  for (i = 0; i <= jk; i++) {
    for (j = 0, fw = 0.0; j <= jx; j++) fw += x[j] * f[jx + i - j];
    q[i] = fw;
  }

  jz = jk;
  for (;;) {
    /* distill q[] into iq[] reversingly */
    for (i = 0, j = jz, z = q[jz]; j > 0; i++, j--) {
      fw = (double)((int32_t)(twon24 * z));
      iq[i] = (int32_t)(z - two24 * fw);
      z = q[j - 1] + fw;
    }

    z = brainc__scalbn(z, q0);
    z -= 8.0 * floor(z * 0.125); /* trim off integer >= 8 */
    n = (int32_t)z;
    z -= (double)n;
    ih = 0;
    if (q0 > 0) { /* need iq[jz-1] to determine n */
      i = (iq[jz - 1] >> (24 - q0));
      n += i;
      iq[jz - 1] -= i << (24 - q0);
      ih = iq[jz - 1] >> (23 - q0);
    } else if (q0 == 0) {
      ih = iq[jz - 1] >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }

    if (ih > 0) { /* q > 0.5 */
      n += 1;
      carry = 0;
      for (i = 0; i < jz; i++) { /* compute 1 - q */
        j = iq[i];
        if (carry == 0) {
          if (j != 0) {
            carry = 1;
            iq[i] = 0x1000000 - j;
          }
        } else {
          iq[i] = 0xffffff - j;
        }
      }
      if (q0 > 0) { /* rare case: chance is 1 in 12 */
        switch (q0) {
          case 1: iq[jz - 1] &= 0x7fffff; break;
          case 2: iq[jz - 1] &= 0x3fffff; break;
        }
      }
      if (ih == 2) {
        z = 1.0 - z;
        if (carry != 0) z -= brainc__scalbn(1.0, q0);
      }
    }

    /* recompute with more terms of 2/pi if the fraction vanished */
    if (z == 0.0) {
      j = 0;
      for (i = jz - 1; i >= jk; i--) j |= iq[i];
      if (j == 0) {
        for (k = 1; iq[jk - k] == 0; k++) {
        }
        for (i = jz + 1; i <= jz + k; i++) {
          f[jx + i] = (double)ipio2[jv + i];
          for (j = 0, fw = 0.0; j <= jx; j++) fw += x[j] * f[jx + i - j];
          q[i] = fw;
        }
        jz += k;
        continue;
      }
    }
    break;
  }

  /* chop off zero terms */
  if (z == 0.0) {
    jz -= 1;
    q0 -= 24;
    while (iq[jz] == 0) {
      jz--;
      q0 -= 24;
    }
  } else { /* break z into 24-bit chunks if necessary */
    z = brainc__scalbn(z, -q0);
    if (z >= two24) {
      fw = (double)((int32_t)(twon24 * z));
      iq[jz] = (int32_t)(z - two24 * fw);
      jz += 1;
      q0 += 24;
      iq[jz] = (int32_t)fw;
    } else {
      iq[jz] = (int32_t)z;
    }
  }

  /* convert the integer chunks to floating point */
  fw = brainc__scalbn(1.0, q0);
  for (i = jz; i >= 0; i--) {
    q[i] = fw * (double)iq[i];
    fw *= twon24;
  }

  /* PIo2[0..jp] * q[jz..0] */
  for (i = jz; i >= 0; i--) {
    for (fw = 0.0, k = 0; k <= jp && k <= jz - i; k++) fw += PIo2[k] * q[i + k];
    fq[jz - i] = fw;
  }

  /* compress fq[] into y[] */
  fw = 0.0;
  for (i = jz; i >= 0; i--) fw += fq[i];
  y[0] = (ih == 0) ? fw : -fw;
  fw = fq[0] - fw;
  for (i = 1; i <= jz; i++) fw += fq[i];
  y[1] = (ih == 0) ? fw : -fw;
  return n & 7;
}

/*
 * fdlibm's __ieee754_rem_pio2 for |x| ~<= 2^19 pi/2 (high word <= 0x413921fb), its only
 * branches that CounterRng's Box-Muller reaches: y[0] + y[1] = x - N pi/2, |y| <= pi/4; returns N.
 */
static inline BRAINC_HD int32_t brainc__rem_pio2_medium(double x, double *y) {
  const double invpio2 = 0x1.45f306dc9c883p-1;
  const double pio2_1 = 0x1.921fb544p0;
  const double pio2_1t = 0x1.0b4611a626331p-34;
  const double pio2_2 = 0x1.0b4611a6p-34;
  const double pio2_2t = 0x1.3198a2e037073p-69;
  const double pio2_3 = 0x1.3198a2ep-69;
  const double pio2_3t = 0x1.b839a252049c1p-104;
  const int32_t *npio2_hw = BRAINC__T(brainc__npio2_hw);
  double z, w, t, r, fn;
  int32_t i, j, n;
  int32_t hx = brainc__hi(x);
  int32_t ix = hx & 0x7fffffff;

  if (ix <= 0x3fe921fb) { /* |x| ~<= pi/4: no reduction */
    y[0] = x;
    y[1] = 0.0;
    return 0;
  }
  if (ix < 0x4002d97c) { /* |x| < 3pi/4: n = +-1 */
    if (hx > 0) {
      z = x - pio2_1;
      if (ix != 0x3ff921fb) { /* 33+53 bit pi is good enough */
        y[0] = z - pio2_1t;
        y[1] = (z - y[0]) - pio2_1t;
      } else { /* near pi/2: 33+33+53 bit pi */
        z -= pio2_2;
        y[0] = z - pio2_2t;
        y[1] = (z - y[0]) - pio2_2t;
      }
      return 1;
    }
    z = x + pio2_1;
    if (ix != 0x3ff921fb) {
      y[0] = z + pio2_1t;
      y[1] = (z - y[0]) + pio2_1t;
    } else {
      z += pio2_2;
      y[0] = z + pio2_2t;
      y[1] = (z - y[0]) + pio2_2t;
    }
    return -1;
  }
  if (ix <= 0x413921fb) { /* |x| ~<= 2^19 pi/2: medium size */
    t = fabs(x);
    n = (int32_t)(t * invpio2 + 0.5);
    fn = (double)n;
    r = t - fn * pio2_1;
    w = fn * pio2_1t; /* 1st round, good to 85 bits */
    if (n < 32 && ix != npio2_hw[n - 1]) {
      y[0] = r - w; /* quick check: no cancellation */
    } else {
      j = ix >> 20;
      y[0] = r - w;
      i = j - ((brainc__hi(y[0]) >> 20) & 0x7ff);
      if (i > 16) { /* 2nd iteration, good to 118 bits */
        t = r;
        w = fn * pio2_2;
        r = t - w;
        w = fn * pio2_2t - ((t - r) - w);
        y[0] = r - w;
        i = j - ((brainc__hi(y[0]) >> 20) & 0x7ff);
        if (i > 49) { /* 3rd iteration, 151 bits */
          t = r;
          w = fn * pio2_3;
          r = t - w;
          w = fn * pio2_3t - ((t - r) - w);
          y[0] = r - w;
        }
      }
    }
    y[1] = (r - y[0]) - w;
    if (hx < 0) {
      y[0] = -y[0];
      y[1] = -y[1];
      return -n;
    }
    return n;
  }
  return 0; /* not reached for |x| ~<= 2^19 pi/2 */
}

/* fdlibm's __ieee754_rem_pio2 for |x| > 2^19 pi/2: Payne-Hanek through __kernel_rem_pio2. */
static BRAINC__NOINLINE BRAINC_HD int32_t brainc__rem_pio2_large(double x, double *y) {
  const double two24 = 0x1.0p24;
  double z = 0.0;
  double tx[3];
  int32_t e0, i, nx, n;
  int32_t hx = brainc__hi(x);
  int32_t ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) { /* Inf or NaN */
    y[0] = y[1] = x - x;
    return 0;
  }
  /* z = scalbn(|x|, ilogb(x) - 23), cut into 24-bit chunks */
  z = brainc__with_lo(z, brainc__lo(x));
  e0 = (ix >> 20) - 1046;
  z = brainc__with_hi(z, ix - brainc__shl(e0, 20));
  for (i = 0; i < 2; i++) {
    tx[i] = (double)((int32_t)z);
    z = (z - tx[i]) * two24;
  }
  tx[2] = z;
  nx = 3;
  while (tx[nx - 1] == 0.0) nx--; /* skip zero terms */
  n = brainc__kernel_rem_pio2(tx, y, e0, nx);
  if (hx < 0) {
    y[0] = -y[0];
    y[1] = -y[1];
    return -n;
  }
  return n;
}

/* fdlibm's __ieee754_rem_pio2: y[0] + y[1] = x - N pi/2 with |y| <= pi/4; returns N. */
static inline BRAINC_HD int32_t brainc__rem_pio2(double x, double *y) {
  if ((brainc__hi(x) & 0x7fffffff) <= 0x413921fb) return brainc__rem_pio2_medium(x, y);
  return brainc__rem_pio2_large(x, y);
}

/* fdlibm's __kernel_sin on [-pi/4, pi/4]; y is the tail of x, iy == 0 when y is 0. */
static inline BRAINC_HD double brainc__kernel_sin(double x, double y, int32_t iy) {
  const double S1 = -0x1.5555555555549p-3;
  const double S2 = 0x1.111111110f8a6p-7;
  const double S3 = -0x1.a01a019c161d5p-13;
  const double S4 = 0x1.71de357b1fe7dp-19;
  const double S5 = -0x1.ae5e68a2b9cebp-26;
  const double S6 = 0x1.5d93a5acfd57cp-33;
  double z, r, v;
  int32_t ix = brainc__hi(x) & 0x7fffffff;
  if (ix < 0x3e400000) { /* |x| < 2^-27 */
    if ((int32_t)x == 0) return x;
  }
  z = x * x;
  v = z * x;
  r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy == 0) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/* fdlibm's __kernel_cos on [-pi/4, pi/4]; y is the tail of x. */
static inline BRAINC_HD double brainc__kernel_cos(double x, double y) {
  const double C1 = 0x1.555555555554cp-5;
  const double C2 = -0x1.6c16c16c15177p-10;
  const double C3 = 0x1.a01a019cb159p-16;
  const double C4 = -0x1.27e4f809c52adp-22;
  const double C5 = 0x1.1ee9ebdb4b1c4p-29;
  const double C6 = -0x1.8fae9be8838d4p-37;
  double a, hz, z, r, qx;
  int32_t ix = brainc__hi(x) & 0x7fffffff;
  if (ix < 0x3e400000) { /* |x| < 2^-27 */
    if ((int32_t)x == 0) return 1.0;
  }
  z = x * x;
  r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3FD33333) return 1.0 - (0.5 * z - (z * r - x * y)); /* |x| < 0.3 */
  if (ix > 0x3fe90000) {                                          /* |x| > 0.78125 */
    qx = 0.28125;
  } else {
    qx = brainc__from_words(ix - 0x00200000, 0); /* |x| / 4 */
  }
  hz = 0.5 * z - qx;
  a = 1.0 - qx;
  return a - (hz - (z * r - x * y));
}

/* StrictMath.sin. */
static inline BRAINC_HD double brainc_sin(double x) {
  double y[2];
  int32_t n;
  int32_t ix = brainc__hi(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return brainc__kernel_sin(x, 0.0, 0); /* |x| ~< pi/4 */
  if (ix >= 0x7ff00000) return x - x;                         /* sin(Inf or NaN) is NaN */
  n = brainc__rem_pio2(x, y);
  switch (n & 3) {
    case 0: return brainc__kernel_sin(y[0], y[1], 1);
    case 1: return brainc__kernel_cos(y[0], y[1]);
    case 2: return -brainc__kernel_sin(y[0], y[1], 1);
    default: return -brainc__kernel_cos(y[0], y[1]);
  }
}

/*
 * StrictMath.cos for |x| ~<= 2^19 pi/2 only (Box-Muller's 2 pi u): the same branches as
 * brainc_cos there, without the large-argument reduction and its stack frame.
 */
static inline BRAINC_HD double brainc__cos_medium(double x) {
  double y[2];
  int32_t n;
  if ((brainc__hi(x) & 0x7fffffff) <= 0x3fe921fb) return brainc__kernel_cos(x, 0.0);
  n = brainc__rem_pio2_medium(x, y);
  switch (n & 3) {
    case 0: return brainc__kernel_cos(y[0], y[1]);
    case 1: return -brainc__kernel_sin(y[0], y[1], 1);
    case 2: return -brainc__kernel_cos(y[0], y[1]);
    default: return brainc__kernel_sin(y[0], y[1], 1);
  }
}

/* StrictMath.cos. */
static inline BRAINC_HD double brainc_cos(double x) {
  double y[2];
  int32_t n;
  int32_t ix = brainc__hi(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return brainc__kernel_cos(x, 0.0); /* |x| ~< pi/4 */
  if (ix >= 0x7ff00000) return x - x;                     /* cos(Inf or NaN) is NaN */
  n = brainc__rem_pio2(x, y);
  switch (n & 3) {
    case 0: return brainc__kernel_cos(y[0], y[1]);
    case 1: return -brainc__kernel_sin(y[0], y[1], 1);
    case 2: return -brainc__kernel_cos(y[0], y[1]);
    default: return brainc__kernel_sin(y[0], y[1], 1);
  }
}

/* ---------------------------------------------------------------------------------------- */
/* fdlibm 5.3: atan                                                                          */
/* ---------------------------------------------------------------------------------------- */

/* atan(0.5), atan(1), atan(1.5), atan(inf), each as hi + lo. */
BRAINC__TABLE(double, brainc__atanhi,
  0x1.dac670561bb4fp-2, 0x1.921fb54442d18p-1, 0x1.f730bd281f69bp-1, 0x1.921fb54442d18p0)
BRAINC__TABLE(double, brainc__atanlo,
  0x1.a2b7f222f65e2p-56, 0x1.1a62633145c07p-55, 0x1.007887af0cbbdp-56, 0x1.1a62633145c07p-54)

/* StrictMath.atan: reduced to [0, 7/16] around 0.5, 1, 1.5 or infinity, then a polynomial. */
static inline BRAINC_HD double brainc_atan(double x) {
  const double huge = 1.0e300;
  const double aT0 = 0x1.555555555550dp-2;
  const double aT1 = -0x1.999999998ebc4p-3;
  const double aT2 = 0x1.24924920083ffp-3;
  const double aT3 = -0x1.c71c6fe231671p-4;
  const double aT4 = 0x1.745cdc54c206ep-4;
  const double aT5 = -0x1.3b0f2af749a6dp-4;
  const double aT6 = 0x1.10d66a0d03d51p-4;
  const double aT7 = -0x1.dde2d52defd9ap-5;
  const double aT8 = 0x1.97b4b24760debp-5;
  const double aT9 = -0x1.2b4442c6a6c2fp-5;
  const double aT10 = 0x1.0ad3ae322da11p-6;
  const double *atanhi = BRAINC__T(brainc__atanhi);
  const double *atanlo = BRAINC__T(brainc__atanlo);
  double w, s1, s2, z;
  int32_t id;
  int32_t hx = brainc__hi(x);
  int32_t ix = hx & 0x7fffffff;

  if (ix >= 0x44100000) { /* |x| >= 2^66 */
    if (ix > 0x7ff00000 || (ix == 0x7ff00000 && brainc__lo(x) != 0)) return x + x; /* NaN */
    if (hx > 0) return atanhi[3] + atanlo[3];
    return -atanhi[3] - atanlo[3];
  }
  if (ix < 0x3fdc0000) {   /* |x| < 0.4375 */
    if (ix < 0x3e200000) { /* |x| < 2^-29 */
      if (huge + x > 1.0) return x;
    }
    id = -1;
  } else {
    x = fabs(x);
    if (ix < 0x3ff30000) {   /* |x| < 1.1875 */
      if (ix < 0x3fe60000) { /* 7/16 <= |x| < 11/16 */
        id = 0;
        x = (2.0 * x - 1.0) / (2.0 + x);
      } else { /* 11/16 <= |x| < 19/16 */
        id = 1;
        x = (x - 1.0) / (x + 1.0);
      }
    } else {
      if (ix < 0x40038000) { /* |x| < 2.4375 */
        id = 2;
        x = (x - 1.5) / (1.0 + 1.5 * x);
      } else { /* 2.4375 <= |x| < 2^66 */
        id = 3;
        x = -1.0 / x;
      }
    }
  }
  z = x * x;
  w = z * z;
  /* the sum of aT[i] z^(i+1) split into odd and even polynomials */
  s1 = z * (aT0 + w * (aT2 + w * (aT4 + w * (aT6 + w * (aT8 + w * aT10)))));
  s2 = w * (aT1 + w * (aT3 + w * (aT5 + w * (aT7 + w * aT9))));
  if (id < 0) return x - x * (s1 + s2);
  z = atanhi[id] - ((x * (s1 + s2) - atanlo[id]) - x);
  return (hx < 0) ? -z : z;
}

/* ---------------------------------------------------------------------------------------- */
/* fdlibm 5.3: pow, as java.lang.FdLibm.Pow                                                  */
/* ---------------------------------------------------------------------------------------- */

/*
 * StrictMath.pow: x^y = 2^(y log2 x), with log2 x and the product in extra precision. Java's
 * special cases: y == 0 gives 1 even for NaN x, 1^NaN is NaN, (+-1)^+-inf is NaN.
 */
static inline BRAINC_HD double brainc_pow(double x, double y) {
  const double INF = BRAINC__INF;
  double z, r, s, t, u, v, w, p_h, p_l, t1, t2, y1;
  int32_t i, j, k, n;
  double y_abs, x_abs;
  int32_t hx, ix, y_is_int;

  if (y == 0.0) return 1.0;
  if (x != x || y != y) return x + y; /* NaN */
  y_abs = fabs(y);
  x_abs = fabs(x);
  if (y == 2.0) {
    return x * x;
  } else if (y == 0.5) {
    if (x >= -0x1.fffffffffffffp1023) return sqrt(x + 0.0); /* -0.0 + 0.0 = +0.0; -inf later */
  } else if (y_abs == 1.0) {
    return (y == 1.0) ? x : 1.0 / x;
  } else if (y_abs == INF) {
    if (x_abs == 1.0) return y - y;         /* (+-1)^+-inf is NaN */
    if (x_abs > 1.0) return (y >= 0) ? y : 0.0; /* (|x| > 1)^+-inf = inf, 0 */
    return (y < 0) ? -y : 0.0;              /* (|x| < 1)^-+inf = inf, 0 */
  }

  hx = brainc__hi(x);
  ix = hx & 0x7fffffff;

  /* for x < 0: 0 if y is not an integer, 1 if it is odd, 2 if it is even */
  y_is_int = 0;
  if (hx < 0) {
    if (y_abs >= 0x1.0p53) {
      y_is_int = 2; /* ulp(2^53) = 2 */
    } else if (y_abs >= 1.0) {
      int64_t y_abs_as_long = (int64_t)y_abs;
      if ((double)y_abs_as_long == y_abs) y_is_int = 2 - (int32_t)(y_abs_as_long & 1);
    }
  }

  if (x_abs == 0.0 || x_abs == INF || x_abs == 1.0) { /* x is +-0, +-inf, +-1 */
    z = x_abs;
    if (y < 0.0) z = 1.0 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | y_is_int) == 0) {
        z = BRAINC__NAN; /* (-1)^non-integer */
      } else if (y_is_int == 1) {
        z = -1.0 * z; /* (x < 0)^odd = -(|x|^odd) */
      }
    }
    return z;
  }

  n = (hx >> 31) + 1;
  if ((n | y_is_int) == 0) return BRAINC__NAN; /* (x < 0)^non-integer */

  s = 1.0; /* sign of the result */
  if ((n | (y_is_int - 1)) == 0) s = -1.0; /* (x < 0)^odd */

  if (y_abs > 0x1.00000ffffffffp31) { /* |y| > ~2^31 */
    const double INV_LN2 = 0x1.71547652b82fep0;
    const double INV_LN2_H = 0x1.715476p0;
    const double INV_LN2_L = 0x1.4ae0bf85ddf44p-26;
    /* over- or underflow unless x is close to 1 */
    if (x_abs < 0x1.fffffp-1) return (y < 0.0) ? s * INF : s * 0.0;
    if (x_abs > 0x1.00000ffffffffp0) return (y > 0.0) ? s * INF : s * 0.0;
    /* |1 - x| <= 2^-20: log(x) by x - x^2/2 + x^3/3 - x^4/4 */
    t = x_abs - 1.0;
    w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    u = INV_LN2_H * t;
    v = t * INV_LN2_L - w * INV_LN2;
    t1 = u + v;
    t1 = brainc__with_lo(t1, 0);
    t2 = v - (t1 - u);
  } else {
    const double CP = 0x1.ec709dc3a03fdp-1;
    const double CP_H = 0x1.ec709ep-1;
    const double CP_L = -0x1.e2fe0145b01f5p-28;
    const double DP_H1 = 0x1.2b8034p-1;
    const double DP_L1 = 0x1.cfdeb43cfd006p-27;
    const double L1 = 0x1.3333333333303p-1;
    const double L2 = 0x1.b6db6db6fabffp-2;
    const double L3 = 0x1.55555518f264dp-2;
    const double L4 = 0x1.17460a91d4101p-2;
    const double L5 = 0x1.d864a93c9db65p-3;
    const double L6 = 0x1.a7e284a454eefp-3;
    double z_h, z_l, ss, s2, s_h, s_l, t_h, t_l, BP_k;
    n = 0;
    if (ix < 0x00100000) { /* subnormal x */
      x_abs *= 0x1.0p53;
      n -= 53;
      ix = brainc__hi(x_abs);
    }
    n += (ix >> 20) - 0x3ff;
    j = ix & 0x000fffff;
    ix = j | 0x3ff00000; /* normalize ix */
    if (j <= 0x3988E) {
      k = 0; /* |x| < sqrt(3/2) */
    } else if (j < 0xBB67A) {
      k = 1; /* |x| < sqrt(3) */
    } else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    x_abs = brainc__with_hi(x_abs, ix);

    /* ss = s_h + s_l = (x - 1) / (x + 1) or (x - 1.5) / (x + 1.5) */
    BP_k = 1.0 + 0.5 * k;
    u = x_abs - BP_k;
    v = 1.0 / (x_abs + BP_k);
    ss = u * v;
    s_h = ss;
    s_h = brainc__with_lo(s_h, 0);
    t_h = brainc__from_words(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    t_l = x_abs - (t_h - BP_k);
    s_l = v * ((u - s_h * t_h) - s_h * t_l);
    /* log(x_abs) */
    s2 = ss * ss;
    r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += s_l * (s_h + ss);
    s2 = s_h * s_h;
    t_h = 3.0 + s2 + r;
    t_h = brainc__with_lo(t_h, 0);
    t_l = r - ((t_h - 3.0) - s2);
    /* u + v = ss (1 + ...) */
    u = s_h * t_h;
    v = s_l * t_h + t_l * ss;
    /* 2 / (3 log2) (ss + ...) */
    p_h = u + v;
    p_h = brainc__with_lo(p_h, 0);
    p_l = v - (p_h - u);
    z_h = CP_H * p_h; /* CP_H + CP_L = 2 / (3 log2) */
    z_l = CP_L * p_h + p_l * CP + DP_L1 * k;
    /* log2(x_abs) = n + DP_H + z_h + z_l */
    t = (double)n;
    t1 = (((z_h + z_l) + DP_H1 * k) + t);
    t1 = brainc__with_lo(t1, 0);
    t2 = z_l - (((t1 - t) - DP_H1 * k) - z_h);
  }

  /* split y into y1 + y2 and compute (y1 + y2) (t1 + t2) */
  y1 = brainc__with_lo(y, 0);
  p_l = (y - y1) * t1 + y * t2;
  p_h = y1 * t1;
  z = p_l + p_h;
  j = brainc__hi(z);
  i = (int32_t)brainc__lo(z);
  if (j >= 0x40900000) { /* z >= 1024 */
    if (((j - 0x40900000) | i) != 0) return s * INF;
    const double OVT = 8.0085662595372944372e-0017; /* -(1024 - log2(ovfl + .5 ulp)) */
    if (p_l + OVT > z - p_h) return s * INF;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) { /* z <= -1075 */
    if ((int32_t)(((uint32_t)j - 0xc090cc00u) | (uint32_t)i) != 0) return s * 0.0;
    if (p_l <= z - p_h) return s * 0.0;
  }

  /* 2^(p_h + p_l) */
  {
    const double P1 = 0x1.555555555553ep-3;
    const double P2 = -0x1.6c16c16bebd93p-9;
    const double P3 = 0x1.1566aaf25de2cp-14;
    const double P4 = -0x1.bbd41c5d26bf1p-20;
    const double P5 = 0x1.6376972bea4d0p-25;
    const double LG2 = 0x1.62e42fefa39efp-1;
    const double LG2_H = 0x1.62e43p-1;
    const double LG2_L = -0x1.05c610ca86c39p-29;
    i = j & 0x7fffffff;
    k = (i >> 20) - 0x3ff;
    n = 0;
    if (i > 0x3fe00000) { /* |z| > 0.5: n = [z + 0.5] */
      n = j + (0x00100000 >> (k + 1));
      k = ((n & 0x7fffffff) >> 20) - 0x3ff; /* new k for n */
      t = brainc__from_words(n & ~(0x000fffff >> k), 0);
      n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
      if (j < 0) n = -n;
      p_h -= t;
    }
    t = p_l + p_h;
    t = brainc__with_lo(t, 0);
    u = t * LG2_H;
    v = (p_l - (t - p_h)) * LG2 + t * LG2_L;
    z = u + v;
    w = v - (z - u);
    t = z * z;
    t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    r = (z * t1) / (t1 - 2.0) - (w + z * w);
    z = 1.0 - (r - z);
    j = brainc__hi(z);
    j += brainc__shl(n, 20);
    if ((j >> 20) <= 0) {
      z = brainc__scalbn(z, n); /* subnormal output */
    } else {
      z = brainc__with_hi(z, brainc__hi(z) + brainc__shl(n, 20));
    }
    return s * z;
  }
}

/* ---------------------------------------------------------------------------------------- */
/* IEEE-exact functions (the standard ones are exact; named here so generated code is uniform) */
/* ---------------------------------------------------------------------------------------- */

/* Math.rint: the nearest integer, ties to even (rint in the default rounding mode). */
static inline BRAINC_HD double brainc_rint(double x) { return rint(x); }

/* ---------------------------------------------------------------------------------------- */
/* Java semantics where C's differ                                                           */
/* ---------------------------------------------------------------------------------------- */

/* Math.min(float, float): NaN if either is NaN, and -0.0 < 0.0 (fminf does neither). */
static inline BRAINC_HD float brainc_minf(float a, float b) {
  if (a != a) return a;
  if (a == 0.0f && b == 0.0f && brainc__fbits(b) == 0x80000000u) return b;
  return (a <= b) ? a : b;
}

/* Math.max(float, float): NaN if either is NaN, and 0.0 > -0.0. */
static inline BRAINC_HD float brainc_maxf(float a, float b) {
  if (a != a) return a;
  if (a == 0.0f && b == 0.0f && brainc__fbits(a) == 0x80000000u) return b;
  return (a >= b) ? a : b;
}

/* Math.min(double, double). */
static inline BRAINC_HD double brainc_min(double a, double b) {
  if (a != a) return a;
  if (a == 0.0 && b == 0.0 && brainc__bits(b) == 0x8000000000000000ull) return b;
  return (a <= b) ? a : b;
}

/* Math.max(double, double). */
static inline BRAINC_HD double brainc_max(double a, double b) {
  if (a != a) return a;
  if (a == 0.0 && b == 0.0 && brainc__bits(a) == 0x8000000000000000ull) return b;
  return (a >= b) ? a : b;
}

/* Java's (int) x for a float: truncates, saturates at the int range, NaN gives 0. */
static inline BRAINC_HD int32_t brainc_f2i(float x) {
  if (x != x) return 0;
  if (x >= 0x1.0p31f) return INT32_MAX;
  if (x <= -0x1.0p31f) return INT32_MIN;
  return (int32_t)x;
}

/* Java's (int) x for a double. */
static inline BRAINC_HD int32_t brainc_d2i(double x) {
  if (x != x) return 0;
  if (x >= 0x1.0p31) return INT32_MAX;
  if (x <= -0x1.0p31) return INT32_MIN;
  return (int32_t)x;
}

/* Java's (long) x for a float. */
static inline BRAINC_HD int64_t brainc_f2l(float x) {
  if (x != x) return 0;
  if (x >= 0x1.0p63f) return INT64_MAX;
  if (x <= -0x1.0p63f) return INT64_MIN;
  return (int64_t)x;
}

/* Java's (long) x for a double. */
static inline BRAINC_HD int64_t brainc_d2l(double x) {
  if (x != x) return 0;
  if (x >= 0x1.0p63) return INT64_MAX;
  if (x <= -0x1.0p63) return INT64_MIN;
  return (int64_t)x;
}

/*
 * Java's a / b on ints: truncates toward zero and wraps, so MIN / -1 = MIN. Java throws on
 * b == 0; here the result is then 0 (no trap, no undefined behaviour), so generated code that
 * must report a division by zero checks b itself.
 */
static inline BRAINC_HD int32_t brainc_idiv(int32_t a, int32_t b) {
  if (b == 0) return 0;
  if (b == -1) return (int32_t)(0u - (uint32_t)a);
  return a / b;
}

/* Java's a % b on ints: the sign of a, MIN % -1 = 0; 0 for b == 0 (Java throws). */
static inline BRAINC_HD int32_t brainc_irem(int32_t a, int32_t b) {
  if (b == 0 || b == -1) return 0;
  return a % b;
}

/* Java's a / b on longs, as brainc_idiv. */
static inline BRAINC_HD int64_t brainc_ldiv(int64_t a, int64_t b) {
  if (b == 0) return 0;
  if (b == -1) return (int64_t)(0ull - (uint64_t)a);
  return a / b;
}

/* Java's a % b on longs, as brainc_irem. */
static inline BRAINC_HD int64_t brainc_lrem(int64_t a, int64_t b) {
  if (b == 0 || b == -1) return 0;
  return a % b;
}

/* Java's a % b on floats: fmodf, exact (the sign of a; NaN for b == 0 or infinite a). */
static inline BRAINC_HD float brainc_fremf(float a, float b) { return fmodf(a, b); }

/* Java's a % b on doubles: fmod, exact. */
static inline BRAINC_HD double brainc_frem(double a, double b) { return fmod(a, b); }

/* ---------------------------------------------------------------------------------------- */
/* Philox4x32-10 and CounterRng                                                              */
/* ---------------------------------------------------------------------------------------- */

/*
 * Philox4x32-10 (Salmon et al., SC'11), bit for bit as Random123's philox4x32_R(10, ctr, key)
 * and brainc.runtime.random.Philox4x32: ten rounds of two 32x32 -> 64 multiplications, the key
 * bumped by the Weyl constants between rounds.
 */
static inline BRAINC_HD void brainc_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]) {
  uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
  uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < 10; round++) {
    if (round > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    uint64_t p0 = (uint64_t)0xD2511F53u * c0;
    uint64_t p1 = (uint64_t)0xCD9E8D57u * c2;
    uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
    uint32_t n1 = (uint32_t)p1;
    uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
    uint32_t n3 = (uint32_t)p0;
    c0 = n0;
    c1 = n1;
    c2 = n2;
    c3 = n3;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/* CounterRng.MAX_STEP: step must lie in [0, 2^48); the counter's top 16 bits hold the block. */
#define BRAINC_RNG_MAX_STEP ((int64_t)0xFFFFFFFFFFFFll)

/* CounterRng.MAX_POISSON_LAMBDA. */
#define BRAINC_RNG_MAX_POISSON_LAMBDA 64.0

/* CounterRng.key: the 64-bit Philox key of (seed, stream), k0 its low half, k1 its high. */
static inline BRAINC_HD uint64_t brainc_rng_key(int64_t seed, int32_t stream) {
  return (uint64_t)seed ^ ((uint64_t)(uint32_t)stream * 0x9E3779B97F4A7C15ull);
}

/*
 * CounterRng.block: the four Philox words of one block of a key. Precondition (checked by the
 * Java side, not here): 0 <= step <= BRAINC_RNG_MAX_STEP and 0 <= block <= 65535.
 */
static inline BRAINC_HD void brainc_rng_block(int64_t seed, int32_t stream, int64_t step, int64_t index,
                                              int32_t block, uint32_t out[4]) {
  uint64_t k = brainc_rng_key(seed, stream);
  uint32_t key[2] = {(uint32_t)k, (uint32_t)(k >> 32)};
  uint32_t ctr[4] = {(uint32_t)(uint64_t)index, (uint32_t)((uint64_t)index >> 32), (uint32_t)(uint64_t)step,
                     (uint32_t)((uint64_t)step >> 32) | ((uint32_t)block << 16)};
  brainc_philox4x32_10(ctr, key, out);
}

/* 53 random bits from two words, hi supplying the top 32. */
static inline BRAINC_HD uint64_t brainc__bits53(uint32_t hi, uint32_t lo) {
  return (((uint64_t)hi << 32) | lo) >> 11;
}

/* CounterRng.uniformFloat: the top 24 bits of w0 times 2^-24, in [0, 1), exact. */
static inline BRAINC_HD float brainc_uniform_float(int64_t seed, int32_t stream, int64_t step, int64_t index) {
  uint32_t w[4];
  brainc_rng_block(seed, stream, step, index, 0, w);
  return (float)(w[0] >> 8) * 0x1.0p-24f;
}

/* CounterRng.uniformDouble: the top 53 bits of w0:w1 times 2^-53, in [0, 1), exact. */
static inline BRAINC_HD double brainc_uniform_double(int64_t seed, int32_t stream, int64_t step, int64_t index) {
  uint32_t w[4];
  brainc_rng_block(seed, stream, step, index, 0, w);
  return (double)brainc__bits53(w[0], w[1]) * 0x1.0p-53;
}

/* Box-Muller, cosine branch, with fdlibm's log and cos: CounterRng.boxMuller. */
static inline BRAINC_HD double brainc__box_muller(double u1, double u2) {
  const double two_pi = 0x1.921fb54442d18p2;
  double r = sqrt(-2.0 * brainc_log(u1));
  return r * brainc__cos_medium(two_pi * u2); /* 2 pi u2 < 2 pi */
}

/* CounterRng.normal: a standard normal deviate in float64. */
static inline BRAINC_HD double brainc_normal(int64_t seed, int32_t stream, int64_t step, int64_t index) {
  uint32_t w[4];
  brainc_rng_block(seed, stream, step, index, 0, w);
  double u1 = (double)(brainc__bits53(w[0], w[1]) + 1) * 0x1.0p-53;
  double u2 = (double)brainc__bits53(w[2], w[3]) * 0x1.0p-53;
  return brainc__box_muller(u1, u2);
}

/* CounterRng.normalFloat: Box-Muller on 24-bit uniforms, in float64, rounded once to float. */
static inline BRAINC_HD float brainc_normal_float(int64_t seed, int32_t stream, int64_t step, int64_t index) {
  uint32_t w[4];
  brainc_rng_block(seed, stream, step, index, 0, w);
  double u1 = (double)((w[0] >> 8) + 1) * 0x1.0p-24;
  double u2 = (double)(w[2] >> 8) * 0x1.0p-24;
  return (float)brainc__box_muller(u1, u2);
}

/* CounterRng.bernoulli: 1 with probability p (uniformDouble < p), else 0. */
static inline BRAINC_HD int brainc_bernoulli(int64_t seed, int32_t stream, int64_t step, int64_t index, double p) {
  return brainc_uniform_double(seed, stream, step, index) < p;
}

/*
 * CounterRng.poisson: sequential inversion of one uniform. Java throws for lambda outside
 * [0, BRAINC_RNG_MAX_POISSON_LAMBDA] (and NaN); here the result is then -1, a count no draw can
 * give, so the caller can report it.
 */
static inline BRAINC_HD int32_t brainc_poisson(int64_t seed, int32_t stream, int64_t step, int64_t index,
                                               double lambda) {
  if (!(lambda >= 0.0 && lambda <= BRAINC_RNG_MAX_POISSON_LAMBDA)) return -1;
  double u = brainc_uniform_double(seed, stream, step, index);
  int32_t k = 0;
  double p = brainc_exp(-lambda);
  double cdf = p;
  while (u >= cdf && p > 0.0) {
    k++;
    p = (p * lambda) / (double)k;
    cdf = cdf + p;
  }
  return k;
}

/* Lemire's map of one word to [0, n), or -1 if the word must be rejected (CounterRng.lemire). */
static inline BRAINC_HD int32_t brainc__lemire(uint32_t word, uint32_t n) {
  uint64_t m = (uint64_t)word * n;
  uint64_t low = m & 0xFFFFFFFFull;
  if (low < n && low < (0x100000000ull % n)) return -1;
  return (int32_t)(m >> 32);
}

/*
 * CounterRng.uniformInt: a uniform integer in [0, n) by Lemire's multiply-shift with rejection,
 * on w0..w3 of block 0, then of blocks 1, 2, ... Java throws for n <= 0; here the result is -1.
 */
static inline BRAINC_HD int32_t brainc_uniform_int(int64_t seed, int32_t stream, int64_t step, int64_t index,
                                                   int32_t n) {
  if (n <= 0) return -1;
  uint32_t w[4];
  for (int32_t b = 0; b <= 0xFFFF; b++) {
    brainc_rng_block(seed, stream, step, index, b, w);
    for (int i = 0; i < 4; i++) {
      int32_t r = brainc__lemire(w[i], (uint32_t)n);
      if (r >= 0) return r;
    }
  }
  return -1; /* 262144 rejections in a row, each with probability below 1/2 */
}

/* ---------------------------------------------------------------------------------------- */
/* Host side: errors, .npy, .npz, Snapshot (plain C++; never device code)                    */
/* ---------------------------------------------------------------------------------------- */

/*
 * BRAINC_CHECK(call) wraps a CUDA API call: on an error it prints one line, `brainc: CUDA error:
 * <what> at <file>:<line>`, and exits with status 1. A missing or too old driver and a machine
 * without a GPU get a line that says so and what to do. Under g++ (the host build, no CUDA) it
 * only evaluates the call.
 */
#if defined(__CUDACC__)
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
static inline void brainc__check(cudaError_t e, const char *call, const char *file, int line) {
  if (e == cudaSuccess) return;
  if (e == cudaErrorInsufficientDriver || e == cudaErrorNoDevice) {
    int driver = 0, runtime = 0;
    cudaDriverGetVersion(&driver);
    cudaRuntimeGetVersion(&runtime);
    if (e == cudaErrorNoDevice) {
      fprintf(stderr, "brainc: CUDA error: no CUDA GPU on this machine; run where there is one at %s:%d\n", file, line);
    } else if (driver == 0) {
      fprintf(stderr,
              "brainc: CUDA error: no NVIDIA driver is loaded (is there a GPU?); install the driver for CUDA %d.%d "
              "or newer at %s:%d\n",
              runtime / 1000, runtime % 1000 / 10, file, line);
    } else {
      fprintf(stderr,
              "brainc: CUDA error: the NVIDIA driver (CUDA %d.%d) is older than the CUDA %d.%d runtime this program "
              "was built with; update the driver at %s:%d\n",
              driver / 1000, driver % 1000 / 10, runtime / 1000, runtime % 1000 / 10, file, line);
    }
  } else {
    fprintf(stderr, "brainc: CUDA error: %s (%s, in %s) at %s:%d\n", cudaGetErrorString(e), cudaGetErrorName(e),
            call, file, line);
  }
  exit(1);
}
#define BRAINC_CHECK(call) brainc__check((call), #call, __FILE__, __LINE__)
#else
#define BRAINC_CHECK(call) ((void)(call))
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

/* The element types of .npy files: brainc.runtime.io.NpyDtype's four, and numpy's bool. */
enum brainc_dtype {
  BRAINC_FLOAT32 = 0, /* '<f4', float */
  BRAINC_FLOAT64 = 1, /* '<f8', double */
  BRAINC_INT32 = 2,   /* '<i4', int32_t */
  BRAINC_INT64 = 3,   /* '<i8', int64_t */
  BRAINC_BOOL = 4     /* '|b1', one byte per element, 0 or 1 */
};

static inline const char *brainc__descr(brainc_dtype dtype) {
  switch (dtype) {
    case BRAINC_FLOAT32: return "<f4";
    case BRAINC_FLOAT64: return "<f8";
    case BRAINC_INT32: return "<i4";
    case BRAINC_INT64: return "<i8";
    default: return "|b1";
  }
}

static inline size_t brainc__item_size(brainc_dtype dtype) {
  switch (dtype) {
    case BRAINC_FLOAT32: return 4;
    case BRAINC_FLOAT64: return 8;
    case BRAINC_INT32: return 4;
    case BRAINC_INT64: return 8;
    default: return 1;
  }
}

/*
 * Appends a complete .npy image (format 1.0) to out, byte for byte as NpyWriter (and numpy
 * 1.24+) writes it: the dict, 21 - len(str(shape[0])) spaces of room to grow the first axis,
 * then 1 to 64 spaces and a newline so that the data starts at a multiple of 64. Data are C
 * order, little-endian (the host's order: x86-64 and ARM64 hosts are little-endian).
 * Returns 0, or -1 if the header would not fit format 1.0.
 */
static inline int brainc__npy_image(std::vector<unsigned char> &out, brainc_dtype dtype, const int64_t *shape,
                                    int rank, const void *data) {
  std::string dict = "{'descr': '";
  dict += brainc__descr(dtype);
  dict += "', 'fortran_order': False, 'shape': (";
  int64_t count = 1;
  for (int i = 0; i < rank; i++) {
    if (i > 0) dict += ", ";
    dict += std::to_string((long long)shape[i]);
    count *= shape[i];
  }
  if (rank == 1) dict += ",";
  dict += "), }";
  if (rank > 0) dict.append((size_t)(21 - (int)std::to_string((long long)shape[0]).size()), ' ');
  const size_t prefix = 6 + 2 + 2;
  size_t pad = 64 - (prefix + dict.size() + 1) % 64; /* 1..64 spaces: the +1 is the newline */
  dict.append(pad, ' ');
  dict += '\n';
  if (dict.size() > 0xFFFF) return -1;
  const unsigned char magic[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.insert(out.end(), magic, magic + 8);
  out.push_back((unsigned char)(dict.size() & 0xFF));
  out.push_back((unsigned char)(dict.size() >> 8));
  out.insert(out.end(), dict.begin(), dict.end());
  const unsigned char *bytes = (const unsigned char *)data;
  out.insert(out.end(), bytes, bytes + (size_t)count * brainc__item_size(dtype));
  return 0;
}

static inline void brainc__io_error(const char *what, const char *path) {
  fprintf(stderr, "brainc: cannot %s %s: %s\n", what, path, strerror(errno));
}

/*
 * Replaces (or creates) path with bytes, atomically as brainc.runtime.io.AtomicFiles does: a
 * temporary file beside it, forced to disk, renamed over it, then the folder forced. A reader
 * sees the old file or the whole new one. As there, a file that exists keeps its permissions,
 * a symbolic link is written through (the file it points to is replaced, the link stays) and a
 * folder is never replaced. On failure prints one line and returns -1.
 */
static inline int brainc__write_atomic(const char *path, const unsigned char *bytes, size_t size) {
  std::string target(path);
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    char *real = realpath(path, NULL); /* NULL for a dangling link: then the link is replaced */
    if (real != NULL) {
      target = real;
      free(real);
    }
  }
  bool existed = stat(target.c_str(), &st) == 0;
  if (existed && S_ISDIR(st.st_mode)) {
    fprintf(stderr, "brainc: cannot write %s: it is a folder\n", path);
    return -1;
  }
  size_t slash = target.rfind('/');
  std::string dir = (slash == std::string::npos) ? std::string(".") : target.substr(0, slash == 0 ? 1 : slash);
  std::string base = (slash == std::string::npos) ? target : target.substr(slash + 1);
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; attempt++) {
    tmp = dir + "/." + base + "." + std::to_string((long long)getpid()) + "." + std::to_string(attempt) + ".tmp";
    fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    brainc__io_error("write", path);
    return -1;
  }
  if (existed) fchmod(fd, st.st_mode & 07777);
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(fd, bytes + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      brainc__io_error("write", path);
      close(fd);
      unlink(tmp.c_str());
      return -1;
    }
    done += (size_t)n;
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    brainc__io_error("write", path);
    unlink(tmp.c_str());
    return -1;
  }
  if (rename(tmp.c_str(), target.c_str()) != 0) {
    brainc__io_error("replace", path);
    unlink(tmp.c_str());
    return -1;
  }
  int dfd = open(dir.c_str(), O_RDONLY);
  if (dfd >= 0) { /* the rename itself survives a crash; not every file system allows this */
    fsync(dfd);
    close(dfd);
  }
  return 0;
}

/*
 * Writes one array to path as .npy, byte-identical to brainc.runtime.io.NpyWriter (and to
 * numpy.save) for float32, float64, int32, int64 and bool arrays, atomically. shape has rank
 * entries (rank 0 is a scalar); data holds the product of the shape elements in C order.
 * Returns 0, or prints one line naming the path and returns -1.
 */
static inline int brainc_write_npy(const char *path, brainc_dtype dtype, const int64_t *shape, int rank,
                                   const void *data) {
  std::vector<unsigned char> bytes;
  if (brainc__npy_image(bytes, dtype, shape, rank, data) != 0) {
    fprintf(stderr, "brainc: cannot write %s: its shape is too long for a .npy header\n", path);
    return -1;
  }
  return brainc__write_atomic(path, bytes.data(), bytes.size());
}

/* CRC-32 (ISO 3309, the ZIP one: reflected polynomial 0xEDB88320). */
static inline uint32_t brainc__crc32(const unsigned char *p, size_t n) {
  static uint32_t table[256];
  static bool ready = false;
  if (!ready) {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    ready = true;
  }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static inline void brainc__le16(std::vector<unsigned char> &out, uint32_t v) {
  out.push_back((unsigned char)(v & 0xFF));
  out.push_back((unsigned char)((v >> 8) & 0xFF));
}

static inline void brainc__le32(std::vector<unsigned char> &out, uint32_t v) {
  brainc__le16(out, v & 0xFFFF);
  brainc__le16(out, v >> 16);
}

/*
 * A NumPy .npz archive under construction: a ZIP file with one stored (uncompressed) NAME.npy
 * entry per array, in the order added, as numpy.savez and brainc.runtime.io.NpzFile write them.
 * Entries carry CRC-32s and the fixed date 1980-01-01 00:00, so the same arrays give the same
 * bytes. The archive is built in memory and written atomically by brainc_npz_write.
 */
struct brainc_npz {
  std::vector<unsigned char> body;    /* local headers and data */
  std::vector<unsigned char> central; /* central directory records */
  uint32_t entries = 0;
  bool too_big = false; /* past the 4 GiB and 65535-entry limits of a ZIP without ZIP64 */
};

/* Adds name + ".npy" holding one array (arguments as brainc_write_npy). Returns 0 or -1. */
static inline int brainc_npz_add(brainc_npz *npz, const char *name, brainc_dtype dtype, const int64_t *shape,
                                 int rank, const void *data) {
  std::vector<unsigned char> npy;
  if (brainc__npy_image(npy, dtype, shape, rank, data) != 0) return -1;
  std::string entry = std::string(name) + ".npy";
  uint64_t offset = npz->body.size();
  if (offset + npy.size() + 30 + entry.size() > 0xFFFFFFFFull || npz->entries >= 0xFFFF || entry.size() > 0xFFFF) {
    npz->too_big = true;
    return -1;
  }
  uint32_t crc = brainc__crc32(npy.data(), npy.size());
  const uint32_t version = 20, flags = 0x0800 /* names are UTF-8 */, stored = 0, time = 0, date = (1 << 5) | 1;
  std::vector<unsigned char> &b = npz->body;
  brainc__le32(b, 0x04034b50u);
  brainc__le16(b, version);
  brainc__le16(b, flags);
  brainc__le16(b, stored);
  brainc__le16(b, time);
  brainc__le16(b, date);
  brainc__le32(b, crc);
  brainc__le32(b, (uint32_t)npy.size());
  brainc__le32(b, (uint32_t)npy.size());
  brainc__le16(b, (uint32_t)entry.size());
  brainc__le16(b, 0);
  b.insert(b.end(), entry.begin(), entry.end());
  b.insert(b.end(), npy.begin(), npy.end());
  std::vector<unsigned char> &c = npz->central;
  brainc__le32(c, 0x02014b50u);
  brainc__le16(c, version);
  brainc__le16(c, version);
  brainc__le16(c, flags);
  brainc__le16(c, stored);
  brainc__le16(c, time);
  brainc__le16(c, date);
  brainc__le32(c, crc);
  brainc__le32(c, (uint32_t)npy.size());
  brainc__le32(c, (uint32_t)npy.size());
  brainc__le16(c, (uint32_t)entry.size());
  brainc__le16(c, 0); /* extra */
  brainc__le16(c, 0); /* comment */
  brainc__le16(c, 0); /* disk */
  brainc__le16(c, 0); /* internal attributes */
  brainc__le32(c, 0); /* external attributes */
  brainc__le32(c, (uint32_t)offset);
  c.insert(c.end(), entry.begin(), entry.end());
  npz->entries++;
  return 0;
}

/* Writes the archive to path atomically. Returns 0, or prints one line and returns -1. */
static inline int brainc_npz_write(const brainc_npz *npz, const char *path) {
  if (npz->too_big || npz->body.size() + npz->central.size() > 0xFFFFFFFFull) {
    fprintf(stderr, "brainc: cannot write %s: the arrays exceed 4 GiB or 65535 entries, the limits of a .npz without ZIP64\n",
            path);
    return -1;
  }
  std::vector<unsigned char> all(npz->body);
  all.insert(all.end(), npz->central.begin(), npz->central.end());
  brainc__le32(all, 0x06054b50u);
  brainc__le16(all, 0);
  brainc__le16(all, 0);
  brainc__le16(all, npz->entries);
  brainc__le16(all, npz->entries);
  brainc__le32(all, (uint32_t)npz->central.size());
  brainc__le32(all, (uint32_t)npz->body.size());
  brainc__le16(all, 0);
  return brainc__write_atomic(path, all.data(), all.size());
}

/* brainc.runtime.io.Json.quote on UTF-8 text: the same escapes, so the same header bytes. */
static inline void brainc__json_quote(std::string &out, const char *s) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    unsigned char c = *p;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
          out += (p[2] == 0xA8) ? "\\u2028" : "\\u2029"; /* U+2028, U+2029 */
          p += 2;
        } else {
          out += (char)c;
        }
    }
  }
  out += '"';
}

/*
 * The final state of a run as a brainc.runtime.io.Snapshot: an .npz whose first entry,
 * brainc.snapshot.npy, holds the UTF-8 bytes (int32, one per byte) of the JSON header
 * {"format": 1, "kind": KIND, "counters": {NAME: "DIGITS", ...}, "texts": {NAME: TEXT, ...}},
 * followed by one entry per array. Snapshot.read reads it back; the header is byte-identical to
 * Snapshot.write's for the same kind, counters and texts in the same order.
 */
struct brainc_snapshot {
  std::string kind;
  std::vector<std::pair<std::string, int64_t>> counters;
  std::vector<std::pair<std::string, std::string>> texts;
  brainc_npz arrays;
  bool failed = false;
};

static inline void brainc_snapshot_init(brainc_snapshot *s, const char *kind) { s->kind = kind; }

/* A counter (Snapshot.Builder.counter), e.g. the step reached. */
static inline void brainc_snapshot_counter(brainc_snapshot *s, const char *name, int64_t value) {
  s->counters.emplace_back(name, value);
}

/* A short text (Snapshot.Builder.text). */
static inline void brainc_snapshot_text(brainc_snapshot *s, const char *name, const char *value) {
  s->texts.emplace_back(name, value);
}

/*
 * An array (Snapshot.Builder.put). Snapshots hold no bool arrays: BRAINC_BOOL data are stored as
 * int32 0/1, as Snapshot.Builder.array stores a boolean[]. Returns 0 or -1.
 */
static inline int brainc_snapshot_array(brainc_snapshot *s, const char *name, brainc_dtype dtype,
                                        const int64_t *shape, int rank, const void *data) {
  int rc;
  if (dtype == BRAINC_BOOL) {
    int64_t count = 1;
    for (int i = 0; i < rank; i++) count *= shape[i];
    std::vector<int32_t> ints((size_t)count);
    const unsigned char *b = (const unsigned char *)data;
    for (int64_t i = 0; i < count; i++) ints[(size_t)i] = b[i] ? 1 : 0;
    rc = brainc_npz_add(&s->arrays, name, BRAINC_INT32, shape, rank, ints.data());
  } else {
    rc = brainc_npz_add(&s->arrays, name, dtype, shape, rank, data);
  }
  if (rc != 0) s->failed = true;
  return rc;
}

/* Writes the snapshot to path atomically. Returns 0, or prints one line and returns -1. */
static inline int brainc_snapshot_write(const brainc_snapshot *s, const char *path) {
  std::string h = "{\"format\": 1, \"kind\": ";
  brainc__json_quote(h, s->kind.c_str());
  h += ", \"counters\": {";
  for (size_t i = 0; i < s->counters.size(); i++) {
    if (i > 0) h += ", ";
    brainc__json_quote(h, s->counters[i].first.c_str());
    h += ": \"" + std::to_string((long long)s->counters[i].second) + "\"";
  }
  h += "}, \"texts\": {";
  for (size_t i = 0; i < s->texts.size(); i++) {
    if (i > 0) h += ", ";
    brainc__json_quote(h, s->texts[i].first.c_str());
    h += ": ";
    brainc__json_quote(h, s->texts[i].second.c_str());
  }
  h += "}}";
  std::vector<int32_t> bytes(h.size());
  for (size_t i = 0; i < h.size(); i++) bytes[i] = (unsigned char)h[i];
  brainc_npz out;
  int64_t shape[1] = {(int64_t)bytes.size()};
  if (s->failed || brainc_npz_add(&out, "brainc.snapshot", BRAINC_INT32, shape, 1, bytes.data()) != 0) {
    fprintf(stderr, "brainc: cannot write %s: the arrays exceed 4 GiB or 65535 entries, the limits of a .npz without ZIP64\n",
            path);
    return -1;
  }
  /* the header entry first, then the arrays' entries with their offsets moved past it */
  brainc_npz all;
  all.body = out.body;
  all.central = out.central;
  all.entries = 1 + s->arrays.entries;
  uint32_t shift = (uint32_t)out.body.size();
  if ((uint64_t)shift + s->arrays.body.size() + s->arrays.central.size() > 0xFFFFFFFFull || all.entries > 0xFFFF) {
    all.too_big = true;
  }
  all.body.insert(all.body.end(), s->arrays.body.begin(), s->arrays.body.end());
  std::vector<unsigned char> central(s->arrays.central);
  for (size_t p = 0; p + 46 <= central.size();) { /* fix each record's local header offset */
    uint32_t name_len = central[p + 28] | (uint32_t)central[p + 29] << 8;
    uint32_t off = central[p + 42] | (uint32_t)central[p + 43] << 8 | (uint32_t)central[p + 44] << 16 |
                   (uint32_t)central[p + 45] << 24;
    off += shift;
    for (int k = 0; k < 4; k++) central[p + 42 + k] = (unsigned char)(off >> (8 * k));
    p += 46 + name_len;
  }
  all.central.insert(all.central.end(), central.begin(), central.end());
  return brainc_npz_write(&all, path);
}

#endif /* BRAINC_RT_CUH */
