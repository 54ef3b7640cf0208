// The C++ half of CudaRuntimeParityTest: applies brainc_rt.cuh's functions to inputs that the
// Java test wrote and writes the results back, so that the test can compare them bit for bit
// with StrictMath, CounterRng, Philox4x32, Java's casts and operators, NpyWriter and Snapshot.
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

struct Writer {
  std::vector<unsigned char> bytes;
  template <typename T>
  void put(T v) {
    const unsigned char *p = (const unsigned char *)&v;
    bytes.insert(bytes.end(), p, p + sizeof v);
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

// n (x, y) pairs -> per pair: exp, expm1, log, log1p, tanh, sin, cos, atan, rint of x; pow(x, y).
void math(Reader &in, Writer &out) {
  int32_t n = in.next<int32_t>();
  for (int32_t i = 0; i < n; i++) {
    double x = in.next<double>(), y = in.next<double>();
    out.put(brainc_exp(x));
    out.put(brainc_expm1(x));
    out.put(brainc_log(x));
    out.put(brainc_log1p(x));
    out.put(brainc_tanh(x));
    out.put(brainc_sin(x));
    out.put(brainc_cos(x));
    out.put(brainc_atan(x));
    out.put(brainc_rint(x));
    out.put(brainc_pow(x, y));
  }
}

// n keys (seed, stream, step, index, p, lambda, n) -> key, words of blocks 0 and 1, and every draw.
void rng(Reader &in, Writer &out) {
  int32_t n = in.next<int32_t>();
  for (int32_t i = 0; i < n; i++) {
    int64_t seed = in.next<int64_t>();
    int32_t stream = in.next<int32_t>();
    int64_t step = in.next<int64_t>();
    int64_t index = in.next<int64_t>();
    double p = in.next<double>(), lambda = in.next<double>();
    int32_t bound = in.next<int32_t>();
    uint32_t w[4];
    out.put(brainc_rng_key(seed, stream));
    for (int32_t block = 0; block < 2; block++) {
      brainc_rng_block(seed, stream, step, index, block, w);
      for (int k = 0; k < 4; k++) out.put(w[k]);
    }
    out.put(brainc_uniform_float(seed, stream, step, index));
    out.put(brainc_uniform_double(seed, stream, step, index));
    out.put(brainc_normal(seed, stream, step, index));
    out.put(brainc_normal_float(seed, stream, step, index));
    out.put((int32_t)brainc_bernoulli(seed, stream, step, index, p));
    out.put(brainc_poisson(seed, stream, step, index, lambda));
    out.put(brainc_uniform_int(seed, stream, step, index, bound));
  }
}

// n (counter[4], key[2]) -> the four Philox words.
void philox(Reader &in, Writer &out) {
  int32_t n = in.next<int32_t>();
  for (int32_t i = 0; i < n; i++) {
    uint32_t ctr[4], key[2], w[4];
    for (int k = 0; k < 4; k++) ctr[k] = in.next<uint32_t>();
    for (int k = 0; k < 2; k++) key[k] = in.next<uint32_t>();
    brainc_philox4x32_10(ctr, key, w);
    for (int k = 0; k < 4; k++) out.put(w[k]);
  }
}

// n (float a, b; double x, y; int i, j; long l, m) -> Java's min/max/%/casts/division.
void java(Reader &in, Writer &out) {
  int32_t n = in.next<int32_t>();
  for (int32_t r = 0; r < n; r++) {
    float a = in.next<float>(), b = in.next<float>();
    double x = in.next<double>(), y = in.next<double>();
    int32_t i = in.next<int32_t>(), j = in.next<int32_t>();
    int64_t l = in.next<int64_t>(), m = in.next<int64_t>();
    out.put(brainc_minf(a, b));
    out.put(brainc_maxf(a, b));
    out.put(brainc_fremf(a, b));
    out.put(brainc_min(x, y));
    out.put(brainc_max(x, y));
    out.put(brainc_frem(x, y));
    out.put(brainc_f2i(a));
    out.put(brainc_d2i(x));
    out.put(brainc_f2l(a));
    out.put(brainc_d2l(x));
    out.put(brainc_idiv(i, j));
    out.put(brainc_irem(i, j));
    out.put(brainc_ldiv(l, m));
    out.put(brainc_lrem(l, m));
  }
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
    math(in, out);
  } else if (mode == "rng") {
    rng(in, out);
  } else if (mode == "philox") {
    philox(in, out);
  } else if (mode == "java") {
    java(in, out);
  } else {
    fprintf(stderr, "rt_parity: unknown mode %s\n", mode.c_str());
    return 2;
  }
  spill(out, argv[3]);
  return 0;
}
