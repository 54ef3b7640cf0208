// brainc_host.h: lets a generated model.cu compile with a plain C++ compiler (g++ 12), so that
// its results can be compared with the interpreter's on a machine without a GPU. Under nvcc it
// only includes the CUDA runtime. Under g++: kernels are host functions; BRAINC_LAUNCH runs
// their blocks and threads one after another, in index order; device memory is host memory;
// atomics are plain read-modify-writes (one thread at a time). The deterministic mode of a
// generated program uses no barrier, warp intrinsic or float atomic, so this sequential
// execution computes exactly what the GPU computes.
#pragma once
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __CUDACC__
#include <cuda_runtime.h>

#define BRAINC_LAUNCH(kernel, blocks, threads, ...)                 \
  do {                                                              \
    kernel<<<(blocks), (threads)>>>(__VA_ARGS__);                   \
    BRAINC_CHECK(cudaGetLastError());                               \
  } while (0)

#else  // the host build

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline

struct brainc_dim3 {
  unsigned x, y, z;
};
static brainc_dim3 blockIdx = {0, 0, 0};
static brainc_dim3 threadIdx = {0, 0, 0};
static brainc_dim3 blockDim = {1, 1, 1};
static brainc_dim3 gridDim = {1, 1, 1};

// Every block, then every thread of it, in order: a kernel's threads never wait for each other.
#define BRAINC_LAUNCH(kernel, blocks, threads, ...)                                   \
  do {                                                                                \
    gridDim.x = (unsigned)(blocks);                                                   \
    blockDim.x = (unsigned)(threads);                                                 \
    for (blockIdx.x = 0; blockIdx.x < gridDim.x; blockIdx.x++)                        \
      for (threadIdx.x = 0; threadIdx.x < blockDim.x; threadIdx.x++) kernel(__VA_ARGS__); \
  } while (0)

typedef int cudaError_t;
static const cudaError_t cudaSuccess = 0;
enum cudaMemcpyKind { cudaMemcpyHostToDevice, cudaMemcpyDeviceToHost, cudaMemcpyDeviceToDevice };

static inline cudaError_t cudaMalloc(void** p, size_t bytes) {
  *p = calloc(bytes == 0 ? 1 : bytes, 1);
  if (*p == NULL) {
    fprintf(stderr, "brainc: out of memory: %zu bytes needed\n", bytes);
    exit(1);
  }
  return cudaSuccess;
}
static inline cudaError_t cudaFree(void* p) {
  free(p);
  return cudaSuccess;
}
static inline cudaError_t cudaMemcpy(void* to, const void* from, size_t bytes, cudaMemcpyKind) {
  if (bytes) memmove(to, from, bytes);
  return cudaSuccess;
}
static inline cudaError_t cudaMemset(void* p, int value, size_t bytes) {
  if (bytes) memset(p, value, bytes);
  return cudaSuccess;
}
static inline cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }
static inline cudaError_t cudaGetLastError() { return cudaSuccess; }

template <typename T>
static inline T atomicAdd(T* at, T value) {
  T old = *at;
  *at = old + value;
  return old;
}
#endif
