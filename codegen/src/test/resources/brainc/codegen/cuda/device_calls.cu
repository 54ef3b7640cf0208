// Calls every device function of brainc_rt.cuh from a kernel, so that nvcc compiles all of
// them for the device with warnings as errors (CudaRuntimeCompilesTest). Never run.
#include "brainc_rt.cuh"

__global__ void brainc_device_calls(const double *d, const float *f, const int64_t *l, double *out_d,
                                    float *out_f, int64_t *out_l) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  double x = d[i], y = d[i + 1];
  float a = f[i], b = f[i + 1];
  int64_t seed = l[0], step = l[1], index = l[2] + i;
  int32_t stream = (int32_t)l[3];
  out_d[0] = brainc_exp(x) + brainc_expm1(x) + brainc_log(x) + brainc_log1p(x) + brainc_tanh(x);
  out_d[1] = brainc_sin(x) + brainc_cos(x) + brainc_atan(x) + brainc_pow(x, y) + brainc_rint(x);
  out_d[2] = brainc_min(x, y) + brainc_max(x, y) + brainc_frem(x, y);
  out_f[0] = brainc_minf(a, b) + brainc_maxf(a, b) + brainc_fremf(a, b);
  out_l[0] = brainc_f2i(a) + brainc_d2i(x) + brainc_f2l(a) + brainc_d2l(x);
  out_l[1] = brainc_idiv((int32_t)l[4], (int32_t)l[5]) + brainc_irem((int32_t)l[4], (int32_t)l[5]) +
             brainc_ldiv(l[4], l[5]) + brainc_lrem(l[4], l[5]);
  uint32_t ctr[4] = {(uint32_t)i, 1u, 2u, 3u}, key[2] = {4u, 5u}, w[4];
  brainc_philox4x32_10(ctr, key, w);
  brainc_rng_block(seed, stream, step, index, 1, w);
  out_l[2] = (int64_t)brainc_rng_key(seed, stream) + w[0] + w[3];
  out_f[1] = brainc_uniform_float(seed, stream, step, index) + brainc_normal_float(seed, stream, step, index);
  out_d[3] = brainc_uniform_double(seed, stream, step, index) + brainc_normal(seed, stream, step, index);
  out_l[3] = brainc_bernoulli(seed, stream, step, index, y) + brainc_poisson(seed, stream, step, index, 3.5) +
             brainc_uniform_int(seed, stream, step, index, 7);
}

// The host side compiles under nvcc too.
int main() {
  int64_t shape[1] = {1};
  float v[1] = {0.0f};
  brainc_npz npz;
  brainc_npz_add(&npz, "v", BRAINC_FLOAT32, shape, 1, v);
  brainc_snapshot s;
  brainc_snapshot_init(&s, "simulation");
  brainc_snapshot_array(&s, "v", BRAINC_FLOAT32, shape, 1, v);
  BRAINC_CHECK(cudaDeviceSynchronize());
  return brainc_write_npy("/dev/null", BRAINC_FLOAT32, shape, 1, v) + brainc_npz_write(&npz, "/dev/null") +
         brainc_snapshot_write(&s, "/dev/null") + (int)brainc_exp(0.0);
}
