// The C++ half of CudaRuntimeParityTest: applies brainc_rt.cuh's functions to inputs that the
// Java test wrote and writes the results back, so that the test can compare them bit for bit
// with StrictMath, CounterRng, Philox4x32, Java's casts and operators, NpyWriter and Snapshot.
//
// Compiled as CUDA (nvcc -x cu -fmad=false --prec-div=true --prec-sqrt=true), the four record
// modes run one record per GPU thread: on a GPU machine, its output with BRAINC_CANONICAL_NAN=1
// must equal (cmp) the host build's, which the test proved equal to Java. The test leaves its
// inputs in the folder named by -Dbrainc.cuda.parityDir for that.
//
//   rt_parity math|rng|philox|java IN OUT      records in, results out (little-endian)
//   rt_parity files IN DIR                     writes DIR/a<k>.npy, DIR/all.npz, DIR/snapshot.npz
//
// Every input file starts with an int32 record count. Built with g++ -O2 -ffp-contract=off.
#include "brainc_rt.cuh"

#include <stdio.h>
#include <stdlib.h>

#include <string>
#include <vector>

namespace {

struct Reader {
  std::vector<unsigned char> bytes;
  size_t at = 0;
  template <typename T>
  T next() {
    if (at + sizeof(T) > bytes.size()) {
      fprintf(stderr, "rt_parity: input ends early\n");
      exit(2);
    }
    T v;
    memcpy(&v, bytes.data() + at, sizeof v);
    at += sizeof v;
    return v;
  }
};

// With BRAINC_CANONICAL_NAN set, NaNs are written as 0x7ff8... and 0x7fc00000: NaN bits are not
// specified (x86 and CUDA make different ones), so a GPU's output and the host build's can then
// be compared with cmp.
static bool canonical_nan = getenv("BRAINC_CANONICAL_NAN") != NULL;

struct Writer {
  std::vector<unsigned char> bytes;
  template <typename T>
  void put(T v) {
    const unsigned char *p = (const unsigned char *)&v;
    bytes.insert(bytes.end(), p, p + sizeof v);
  }
  void put(double v) {
    if (canonical_nan && v != v) v = brainc__double(0x7FF8000000000000ull);
    put<double>(v);
  }
  void put(float v) {
    if (canonical_nan && v != v) {
      uint32_t bits = 0x7FC00000u;
      memcpy(&v, &bits, sizeof v);
    }
    put<float>(v);
  }
};

Reader slurp(const char *path) {
  Reader r;
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(2);
  }
  unsigned char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) r.bytes.insert(r.bytes.end(), buf, buf + n);
  fclose(f);
  return r;
}

void spill(const Writer &w, const char *path) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(w.bytes.data(), 1, w.bytes.size(), f) != w.bytes.size() || fclose(f) != 0) {
    perror(path);
    exit(2);
  }
}

// Each mode is a record type in, a record type out and a BRAINC_HD function between them, so
// that the same code runs on the host (g++) and, under nvcc, one record per GPU thread.

struct MathIn {
  double x, y;
};
struct MathOut {
  double r[10];
};
struct MathOp {
  typedef MathIn In;
  typedef MathOut Out;
  static BRAINC_HD void run(const In &in, Out &out) {
    double x = in.x;
    out.r[0] = brainc_exp(x);
    out.r[1] = brainc_expm1(x);
    out.r[2] = brainc_log(x);
    out.r[3] = brainc_log1p(x);
    out.r[4] = brainc_tanh(x);
    out.r[5] = brainc_sin(x);
    out.r[6] = brainc_cos(x);
    out.r[7] = brainc_atan(x);
    out.r[8] = brainc_rint(x);
    out.r[9] = brainc_pow(x, in.y);
  }
  static void read(Reader &r, In &in) {
    in.x = r.next<double>();
    in.y = r.next<double>();
  }
  static void write(Writer &w, const Out &out) {
    for (int k = 0; k < 10; k++) w.put(out.r[k]);
  }
};

struct RngIn {
  int64_t seed, step, index;
  int32_t stream, bound;
  double p, lambda;
};
struct RngOut {
  uint64_t key;
  uint32_t w[8];
  float uniform_float, normal_float;
  double uniform_double, normal;
  int32_t bernoulli, poisson, uniform_int;
};
struct RngOp {
  typedef RngIn In;
  typedef RngOut Out;
  static BRAINC_HD void run(const In &in, Out &out) {
    out.key = brainc_rng_key(in.seed, in.stream);
    for (int32_t block = 0; block < 2; block++) {
      brainc_rng_block(in.seed, in.stream, in.step, in.index, block, out.w + 4 * block);
    }
    out.uniform_float = brainc_uniform_float(in.seed, in.stream, in.step, in.index);
    out.uniform_double = brainc_uniform_double(in.seed, in.stream, in.step, in.index);
    out.normal = brainc_normal(in.seed, in.stream, in.step, in.index);
    out.normal_float = brainc_normal_float(in.seed, in.stream, in.step, in.index);
    out.bernoulli = brainc_bernoulli(in.seed, in.stream, in.step, in.index, in.p);
    out.poisson = brainc_poisson(in.seed, in.stream, in.step, in.index, in.lambda);
    out.uniform_int = brainc_uniform_int(in.seed, in.stream, in.step, in.index, in.bound);
  }
  static void read(Reader &r, In &in) {
    in.seed = r.next<int64_t>();
    in.stream = r.next<int32_t>();
    in.step = r.next<int64_t>();
    in.index = r.next<int64_t>();
    in.p = r.next<double>();
    in.lambda = r.next<double>();
    in.bound = r.next<int32_t>();
  }
  static void write(Writer &w, const Out &out) {
    w.put(out.key);
    for (int k = 0; k < 8; k++) w.put(out.w[k]);
    w.put(out.uniform_float);
    w.put(out.uniform_double);
    w.put(out.normal);
    w.put(out.normal_float);
    w.put(out.bernoulli);
    w.put(out.poisson);
    w.put(out.uniform_int);
  }
};

struct PhiloxIn {
  uint32_t ctr[4], key[2];
};
struct PhiloxOut {
  uint32_t w[4];
};
struct PhiloxOp {
  typedef PhiloxIn In;
  typedef PhiloxOut Out;
  static BRAINC_HD void run(const In &in, Out &out) { brainc_philox4x32_10(in.ctr, in.key, out.w); }
  static void read(Reader &r, In &in) {
    for (int k = 0; k < 4; k++) in.ctr[k] = r.next<uint32_t>();
    for (int k = 0; k < 2; k++) in.key[k] = r.next<uint32_t>();
  }
  static void write(Writer &w, const Out &out) {
    for (int k = 0; k < 4; k++) w.put(out.w[k]);
  }
};

struct JavaIn {
  float a, b;
  double x, y;
  int32_t i, j;
  int64_t l, m;
};
struct JavaOut {
  float minf, maxf, fremf;
  double min, max, frem;
  int32_t f2i, d2i, idiv, irem;
  int64_t f2l, d2l, ldiv, lrem;
};
struct JavaOp {
  typedef JavaIn In;
  typedef JavaOut Out;
  static BRAINC_HD void run(const In &in, Out &out) {
    out.minf = brainc_minf(in.a, in.b);
    out.maxf = brainc_maxf(in.a, in.b);
    out.fremf = brainc_fremf(in.a, in.b);
    out.min = brainc_min(in.x, in.y);
    out.max = brainc_max(in.x, in.y);
    out.frem = brainc_frem(in.x, in.y);
    out.f2i = brainc_f2i(in.a);
    out.d2i = brainc_d2i(in.x);
    out.f2l = brainc_f2l(in.a);
    out.d2l = brainc_d2l(in.x);
    out.idiv = brainc_idiv(in.i, in.j);
    out.irem = brainc_irem(in.i, in.j);
    out.ldiv = brainc_ldiv(in.l, in.m);
    out.lrem = brainc_lrem(in.l, in.m);
  }
  static void read(Reader &r, In &in) {
    in.a = r.next<float>();
    in.b = r.next<float>();
    in.x = r.next<double>();
    in.y = r.next<double>();
    in.i = r.next<int32_t>();
    in.j = r.next<int32_t>();
    in.l = r.next<int64_t>();
    in.m = r.next<int64_t>();
  }
  static void write(Writer &w, const Out &out) {
    w.put(out.minf);
    w.put(out.maxf);
    w.put(out.fremf);
    w.put(out.min);
    w.put(out.max);
    w.put(out.frem);
    w.put(out.f2i);
    w.put(out.d2i);
    w.put(out.f2l);
    w.put(out.d2l);
    w.put(out.idiv);
    w.put(out.irem);
    w.put(out.ldiv);
    w.put(out.lrem);
  }
};

#ifdef __CUDACC__
template <class Op>
__global__ void apply_kernel(const typename Op::In *in, typename Op::Out *out, int32_t n) {
  int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) Op::run(in[i], out[i]);
}
#endif

// Reads the record count and the records, computes (on the GPU under nvcc), writes the results.
template <class Op>
void apply(Reader &r, Writer &w) {
  int32_t n = r.next<int32_t>();
  std::vector<typename Op::In> in((size_t)n);
  std::vector<typename Op::Out> out((size_t)n);
  for (int32_t i = 0; i < n; i++) Op::read(r, in[(size_t)i]);
#ifdef __CUDACC__
  typename Op::In *d_in = nullptr;
  typename Op::Out *d_out = nullptr;
  BRAINC_CHECK(cudaMalloc(&d_in, sizeof(typename Op::In) * (size_t)n + 1));
  BRAINC_CHECK(cudaMalloc(&d_out, sizeof(typename Op::Out) * (size_t)n + 1));
  BRAINC_CHECK(cudaMemcpy(d_in, in.data(), sizeof(typename Op::In) * (size_t)n, cudaMemcpyHostToDevice));
  apply_kernel<Op><<<(n + 127) / 128, 128>>>(d_in, d_out, n);
  BRAINC_CHECK(cudaGetLastError());
  BRAINC_CHECK(cudaMemcpy(out.data(), d_out, sizeof(typename Op::Out) * (size_t)n, cudaMemcpyDeviceToHost));
  BRAINC_CHECK(cudaFree(d_in));
  BRAINC_CHECK(cudaFree(d_out));
#else
  for (int32_t i = 0; i < n; i++) Op::run(in[(size_t)i], out[(size_t)i]);
#endif
  for (int32_t i = 0; i < n; i++) Op::write(w, out[(size_t)i]);
}

// n arrays (dtype, rank, shape[rank] as int64, data) -> DIR/a<k>.npy each, all of them in
// DIR/all.npz as a0..., and DIR/snapshot.npz: a Snapshot of kind "simulation" with fixed
// counters and texts (CudaRuntimeParityTest builds the same one in Java).
int files(Reader &in, const std::string &dir) {
  int32_t n = in.next<int32_t>();
  brainc_npz npz;
  brainc_snapshot snap;
  brainc_snapshot_init(&snap, "simulation");
  brainc_snapshot_counter(&snap, "step", 123456789012LL);
  brainc_snapshot_counter(&snap, "seed", -42);
  brainc_snapshot_text(&snap, "network", "Cuba");
  brainc_snapshot_text(&snap, "note \"q\"", "tab\there\nline \\ \x01 \xc3\xa9 \xe2\x80\xa8 \xe2\x82\xac");
  for (int32_t k = 0; k < n; k++) {
    brainc_dtype dtype = (brainc_dtype)in.next<int32_t>();
    int32_t rank = in.next<int32_t>();
    int64_t shape[8];
    int64_t count = 1;
    for (int32_t d = 0; d < rank; d++) count *= (shape[d] = in.next<int64_t>());
    size_t size = (size_t)count * brainc__item_size(dtype);
    std::vector<unsigned char> data(in.bytes.begin() + in.at, in.bytes.begin() + in.at + size);
    in.at += size;
    std::string name = "a" + std::to_string(k);
    if (brainc_write_npy((dir + "/" + name + ".npy").c_str(), dtype, shape, rank, data.data()) != 0) return 1;
    if (brainc_npz_add(&npz, name.c_str(), dtype, shape, rank, data.data()) != 0) return 1;
    if (brainc_snapshot_array(&snap, ("sim/" + name).c_str(), dtype, shape, rank, data.data()) != 0) return 1;
  }
  if (brainc_npz_write(&npz, (dir + "/all.npz").c_str()) != 0) return 1;
  return brainc_snapshot_write(&snap, (dir + "/snapshot.npz").c_str()) != 0;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: rt_parity math|rng|philox|java IN OUT | rt_parity files IN DIR\n");
    return 2;
  }
  std::string mode = argv[1];
  Reader in = slurp(argv[2]);
  if (mode == "files") return files(in, argv[3]);
  Writer out;
  if (mode == "math") {
    apply<MathOp>(in, out);
  } else if (mode == "rng") {
    apply<RngOp>(in, out);
  } else if (mode == "philox") {
    apply<PhiloxOp>(in, out);
  } else if (mode == "java") {
    apply<JavaOp>(in, out);
  } else {
    fprintf(stderr, "rt_parity: unknown mode %s\n", mode.c_str());
    return 2;
  }
  spill(out, argv[3]);
  return 0;
}
