package brainc.codegen.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyWriter;
import brainc.runtime.io.NpzFile;
import brainc.runtime.io.Snapshot;
import brainc.runtime.random.CounterRng;
import brainc.runtime.random.Philox4x32;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * brainc_rt.cuh, compiled by g++ as the host build compiles it ({@code -O2 -ffp-contract=off}),
 * computes Java's numbers bit for bit: fdlibm against StrictMath over 10^6 arguments, CounterRng
 * over 10^6 keys, Philox against Random123's vectors, Java's casts, min/max and division, and
 * writes .npy files byte-identical to NpyWriter and archives that Snapshot reads. The device
 * side is the same source; {@link CudaRuntimeCompilesTest} proves nvcc accepts it.
 *
 * <p>NaN results are compared as NaN, not by payload: Java does not specify NaN bits either.
 */
class CudaRuntimeParityTest {
  private static final int ARGUMENTS = 1_000_000;
  private static final int KEYS = 1_000_000;

  @TempDir static Path dir;
  private static Path driver;

  @BeforeAll
  static void compileDriver() throws IOException {
    NativeBuild.requireTool("g++", "CudaRuntimeParityTest");
    NativeBuild.copyResource(NativeBuild.HEADER, dir);
    NativeBuild.copyResource("rt_parity.cpp", dir);
    NativeBuild.runOk(
        NativeBuild.command("g++", "-std=c++17", "-O2", "-ffp-contract=off", "-Wall", "-Wextra", "-Werror",
            "-I", ".", "rt_parity.cpp", "-o", "rt_parity"),
        dir, 300);
    driver = dir.resolve("rt_parity");
  }

  // ---------------------------------------------------------------------------------------
  // fdlibm

  private static final String[] MATH = {"exp", "expm1", "log", "log1p", "tanh", "sin", "cos", "atan", "rint", "pow"};

  private static final DoubleUnaryOperator[] UNARY = {
    StrictMath::exp, StrictMath::expm1, StrictMath::log, StrictMath::log1p, StrictMath::tanh,
    StrictMath::sin, StrictMath::cos, StrictMath::atan, Math::rint
  };

  private static final DoubleBinaryOperator POW = StrictMath::pow;

  @Test
  void fdlibmPortMatchesStrictMath() throws IOException {
    double[][] xy = mathArguments(ARGUMENTS);
    double[] x = xy[0];
    double[] y = xy[1];
    ByteBuffer in = buffer(4 + 16L * x.length);
    in.putInt(x.length);
    for (int i = 0; i < x.length; i++) in.putDouble(x[i]).putDouble(y[i]);
    ByteBuffer out = exchange("math", in, 80L * x.length);

    int[] mismatches = new int[MATH.length];
    StringBuilder report = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      for (int f = 0; f < MATH.length; f++) {
        double expected = f < UNARY.length ? UNARY[f].applyAsDouble(x[i]) : POW.applyAsDouble(x[i], y[i]);
        double got = out.getDouble();
        if (!sameDouble(expected, got) && mismatches[f]++ < 5) {
          report.append(String.format("%s(%s%s): java %s, header %s%n", MATH[f], hex(x[i]),
              f == UNARY.length ? ", " + hex(y[i]) : "", hex(expected), hex(got)));
        }
      }
    }
    assertEquals("[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]", Arrays.toString(mismatches),
        "mismatches per function " + Arrays.toString(MATH) + "\n" + report);
  }

  /**
   * Arguments over all exponents plus every region the functions treat apart: thresholds of
   * their branches (from the high words fdlibm tests), multiples of pi/2, subnormals, values near
   * 1, huge values, and pow's special cases, all crossed with one another first.
   */
  static double[][] mathArguments(int n) {
    SplittableRandom r = new SplittableRandom(0x5EED_F00DL);
    double[] specials = specialDoubles();
    double[] powSpecials = {
      0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 1.5, 0x1p31, 0x1p31 + 1, -0x1p31 - 1,
      0x1p53, 0x1p53 + 2, -0x1p53, 0x1p63, 1e300, -1e300, Double.MIN_VALUE, Double.MAX_VALUE,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1.0 / 3, 1024, -1075, 0x1.00000ffffffffp31
    };
    double[] x = new double[n];
    double[] y = new double[n];
    int i = 0;
    for (double a : specials) {
      for (double b : powSpecials) {
        if (i < n) {
          x[i] = a;
          y[i++] = b;
        }
      }
    }
    int[] thresholds = thresholdWords();
    for (; i < n; i++) {
      x[i] = argument(r, specials, thresholds);
      y[i] = exponent(r, x[i], powSpecials);
    }
    return new double[][] {x, y};
  }

  private static double argument(SplittableRandom r, double[] specials, int[] thresholds) {
    double sign = r.nextBoolean() ? 1.0 : -1.0;
    int c = r.nextInt(100);
    if (c < 25) return Double.longBitsToDouble(r.nextLong()); // all exponents, NaNs included
    if (c < 45) return sign * Math.scalb(1.0 + r.nextDouble(), r.nextInt(-40, 13));
    if (c < 53) return sign + (r.nextDouble() * 2 - 1) * Math.scalb(1.0, -r.nextInt(1, 60));
    if (c < 63) { // near multiples of pi/2 and pi/4, where the reduction cancels
      long k = r.nextBoolean() ? r.nextLong(1, 1 << 20) : r.nextLong(1, 1L << 45);
      double v = k * (r.nextBoolean() ? Math.PI / 2 : Math.PI / 4);
      for (int u = r.nextInt(-3, 4); u != 0; u += u > 0 ? -1 : 1) v = u > 0 ? Math.nextUp(v) : Math.nextDown(v);
      return sign * v;
    }
    if (c < 71) {
      return r.nextBoolean()
          ? sign * Double.longBitsToDouble(r.nextLong(1, 1L << 52)) // subnormal
          : sign * Math.scalb(1.0 + r.nextDouble(), r.nextInt(-1074, -900));
    }
    if (c < 81) { // a branch threshold of some function, give or take a few ulps
      long hi = thresholds[r.nextInt(thresholds.length)] & 0xFFFF_FFFFL;
      long lo = switch (r.nextInt(4)) {
        case 0 -> 0L;
        case 1 -> r.nextLong(0, 4);
        case 2 -> 0xFFFF_FFFFL - r.nextLong(0, 4);
        default -> r.nextLong(0, 1L << 32);
      };
      double v = Double.longBitsToDouble(hi << 32 | lo);
      return r.nextInt(4) == 0 ? -v : v;
    }
    if (c < 91) return sign * Math.scalb(1.0 + r.nextDouble(), r.nextInt(20, 1024));
    if (c < 96) return specials[r.nextInt(specials.length)];
    return r.nextInt(-2000, 2001) / (r.nextBoolean() ? 1.0 : 2.0);
  }

  private static double exponent(SplittableRandom r, double x, double[] powSpecials) {
    int c = r.nextInt(100);
    if (c < 20) return Double.longBitsToDouble(r.nextLong());
    if (c < 40) return r.nextDouble(-64, 64);
    if (c < 55) return r.nextInt(-40, 41);
    if (c < 65) return r.nextInt(-40, 41) + 0.5;
    if (c < 75) return (r.nextBoolean() ? 1 : -1) * Math.scalb(1.0 + r.nextDouble(), r.nextInt(31, 70));
    if (c < 85) return powSpecials[r.nextInt(powSpecials.length)];
    // a result near overflow or underflow: y = t / log2|x| for t around +-1024 and -1075
    double log2 = Math.log(Math.abs(x)) / Math.log(2);
    double t = (r.nextBoolean() ? 1024 : -1075) + r.nextDouble(-2, 2);
    double v = t / log2;
    return Double.isFinite(v) ? v : r.nextDouble(-64, 64);
  }

  private static double[] specialDoubles() {
    return new double[] {
      0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
      Double.longBitsToDouble(0x7FF0_0000_0000_0001L), Double.longBitsToDouble(0xFFF8_0000_0000_0000L),
      Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
      Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE,
      1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, 0.25, 1e-300, -1e-300, 22.0, -22.0, 20.0,
      0x1.62e42fefa39efp9, Math.nextUp(0x1.62e42fefa39efp9), -0x1.74910d52d3051p9,
      Math.nextDown(-0x1.74910d52d3051p9), 709.78, -745.13, -708.4, 0x1p-28, 0x1p-54, 0x1p-55,
      0x1p-29, 0x1p-27, 0x1p-1022, 0.4375, 0.6875, 1.1875, 2.4375, 0x1p66, 0x1p-20, 0.41422, -0.2929,
      0x1p53, 0x1p31, 0x1.3687a9f1af2b1p5, -0x1.3687a9f1af2b1p5, Math.PI, -Math.PI, Math.PI / 2,
      Math.PI / 4, 3 * Math.PI / 4, 0x1p19 * Math.PI / 2, 0x1p20 * Math.PI / 2, 1e22, 1e300,
      0x1.6a09e667f3bcdp-1, 0x1.6a09e667f3bcdp0, Math.nextUp(1.0), Math.nextDown(1.0),
      Math.nextDown(-1.0), Math.nextUp(-1.0), 0.3, 0.78125, 2.5, -2.5, 3.5, 0.5 * Math.log(2),
      1.5 * Math.log(2), Math.E, 1e-10, 100.0, -100.0
    };
  }

  /** High words at which fdlibm's exp, expm1, log, log1p, tanh, sin, cos, atan and pow branch. */
  private static int[] thresholdWords() {
    return new int[] {
      0x40862E42, 0x3fd62e42, 0x3FF0A2B2, 0x3e300000, 0x4043687A, 0x3c900000, 0x3FDA827A,
      0xbfd2bec3, 0x3e200000, 0x43400000, 0x3ff00000, 0x40360000, 0x3c800000, 0x3fe921fb,
      0x4002d97c, 0x413921fb, 0x3ff921fb, 0x400921fb, 0x4012D97C, 0x3e400000, 0x3FD33333,
      0x3fe90000, 0x44100000, 0x3fdc0000, 0x3fe60000, 0x3ff30000, 0x40038000, 0x00100000,
      0x7fefffff, 0x7ff00000, 0x3fe6a09e, 0x3ff6a09e, 0x3fefffff, 0x3ff00001, 0x41e00000,
      0x40900000, 0x4090cc00, 0x3ff3988E, 0x3ffBB67A, 0x3fe00000, 0x3fe62e42, 0x408633CE
    };
  }

  // ---------------------------------------------------------------------------------------
  // CounterRng and Philox

  @Test
  void counterRngMatchesJava() throws IOException {
    SplittableRandom r = new SplittableRandom(20261207L);
    long[] seeds = {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123_4567_89AB_CDEFL, 0x243f6a8885a308d3L};
    int[] streams = {0, 1, -1, 7, 3, Integer.MIN_VALUE, Integer.MAX_VALUE, 0xDEAD_BEEF};
    long[] steps = {0, 1, 5, 123456789, 0xFFFF_FFFFL, 1L << 32, CounterRng.MAX_STEP, CounterRng.MAX_STEP - 1};
    long[] indices = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 987654321, (1L << 40) + 17, 0xFEDC_BA98_7654_3210L};
    int[] bounds = {1, 2, 3, 10, 1000003, Integer.MAX_VALUE, (1 << 30) + 1, 0, -5};
    double[] lambdas = {0.0, 3.5, 64.0, Double.MIN_VALUE, 1e-300, 0.5, 63.999, -1.0, 64.5, Double.NaN};
    double[] ps = {0.0, 1.0, 0.5, -0.0, Double.NaN, 1e-17, 1 - 0x1p-53, -1, 2};

    long[] seed = new long[KEYS];
    int[] stream = new int[KEYS];
    long[] step = new long[KEYS];
    long[] index = new long[KEYS];
    double[] p = new double[KEYS];
    double[] lambda = new double[KEYS];
    int[] bound = new int[KEYS];
    for (int i = 0; i < KEYS; i++) {
      boolean edge = r.nextInt(4) == 0;
      // CounterRngTest's pinned keys come first, then extremes mixed with random keys
      seed[i] = i < 3 ? new long[] {42, 42, 0x243f6a8885a308d3L}[i] : edge ? seeds[r.nextInt(seeds.length)] : r.nextLong();
      stream[i] = i < 3 ? new int[] {0, 7, 3}[i] : r.nextInt(4) == 0 ? streams[r.nextInt(streams.length)] : r.nextInt();
      step[i] = i < 3 ? new long[] {0, 123456789, 5}[i]
          : r.nextInt(4) == 0 ? steps[r.nextInt(steps.length)] : r.nextLong(0, CounterRng.MAX_STEP + 1);
      index[i] = i < 3 ? new long[] {0, 987654321, (1L << 40) + 17}[i]
          : r.nextInt(4) == 0 ? indices[r.nextInt(indices.length)] : r.nextLong();
      p[i] = r.nextInt(8) == 0 ? ps[r.nextInt(ps.length)] : r.nextDouble(-0.1, 1.1);
      lambda[i] = i < 3 ? 3.5 : r.nextInt(8) == 0 ? lambdas[r.nextInt(lambdas.length)] : r.nextDouble(0, 64);
      bound[i] = i < 3 ? 1000003 : r.nextInt(8) == 0 ? bounds[r.nextInt(bounds.length)]
          : r.nextBoolean() ? r.nextInt(1, 100) : r.nextInt(1, Integer.MAX_VALUE);
    }
    ByteBuffer in = buffer(4 + 48L * KEYS);
    in.putInt(KEYS);
    for (int i = 0; i < KEYS; i++) {
      in.putLong(seed[i]).putInt(stream[i]).putLong(step[i]).putLong(index[i]).putDouble(p[i]).putDouble(lambda[i])
          .putInt(bound[i]);
    }
    ByteBuffer out = exchange("rng", in, 76L * KEYS);

    String[] names = {"key", "block", "uniformFloat", "uniformDouble", "normal", "normalFloat", "bernoulli",
        "poisson", "uniformInt"};
    int[] mismatches = new int[names.length];
    StringBuilder report = new StringBuilder();
    int[] w = new int[4];
    for (int i = 0; i < KEYS; i++) {
      long s = seed[i];
      int st = stream[i];
      long t = step[i];
      long x = index[i];
      boolean[] ok = new boolean[names.length];
      ok[0] = CounterRng.key(s, st) == out.getLong();
      ok[1] = true;
      for (int b = 0; b < 2; b++) {
        CounterRng.block(s, st, t, x, b, w);
        for (int k = 0; k < 4; k++) ok[1] &= w[k] == out.getInt();
      }
      ok[2] = Float.floatToRawIntBits(CounterRng.uniformFloat(s, st, t, x)) == out.getInt();
      ok[3] = sameDouble(CounterRng.uniformDouble(s, st, t, x), out.getDouble());
      ok[4] = sameDouble(CounterRng.normal(s, st, t, x), out.getDouble());
      ok[5] = Float.floatToRawIntBits(CounterRng.normalFloat(s, st, t, x)) == out.getInt();
      ok[6] = (CounterRng.bernoulli(s, st, t, x, p[i]) ? 1 : 0) == out.getInt();
      int poisson = (lambda[i] >= 0 && lambda[i] <= CounterRng.MAX_POISSON_LAMBDA)
          ? CounterRng.poisson(s, st, t, x, lambda[i]) : -1; // Java throws; the header says -1
      ok[7] = poisson == out.getInt();
      int uniformInt = bound[i] > 0 ? CounterRng.uniformInt(s, st, t, x, bound[i]) : -1; // likewise
      ok[8] = uniformInt == out.getInt();
      for (int m = 0; m < names.length; m++) {
        if (!ok[m] && mismatches[m]++ < 5) {
          report.append(String.format("%s(seed %d, stream %d, step %d, index %d; p %s, lambda %s, n %d)%n",
              names[m], s, st, t, x, p[i], lambda[i], bound[i]));
        }
      }
    }
    assertEquals("[0, 0, 0, 0, 0, 0, 0, 0, 0]", Arrays.toString(mismatches),
        "mismatches per method " + Arrays.toString(names) + "\n" + report);
  }

  @Test
  void philoxMatchesRandom123VectorsAndJava() throws IOException {
    int[][] kat = { // Random123's kat_vectors, as in Philox4x32Test: counter, key, expected
      {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
      {-1, -1, -1, -1, -1, -1, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
      {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
       0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}
    };
    SplittableRandom r = new SplittableRandom(11);
    int n = 100_000;
    int[][] rows = new int[n][];
    for (int i = 0; i < n; i++) {
      int[] row = new int[10];
      if (i < kat.length) {
        row = kat[i];
      } else {
        for (int k = 0; k < 6; k++) row[k] = r.nextInt();
        int[] w = Philox4x32.block(Arrays.copyOf(row, 4), Arrays.copyOfRange(row, 4, 6));
        System.arraycopy(w, 0, row, 6, 4);
      }
      rows[i] = row;
    }
    ByteBuffer in = buffer(4 + 24L * n);
    in.putInt(n);
    for (int[] row : rows) for (int k = 0; k < 6; k++) in.putInt(row[k]);
    ByteBuffer out = exchange("philox", in, 16L * n);
    for (int i = 0; i < n; i++) {
      int[] got = {out.getInt(), out.getInt(), out.getInt(), out.getInt()};
      assertArrayEquals(Arrays.copyOfRange(rows[i], 6, 10), got, "row " + i + " " + Arrays.toString(rows[i]));
    }
  }

  // ---------------------------------------------------------------------------------------
  // Java semantics

  @Test
  void javaCastsMinMaxAndDivisionMatch() throws IOException {
    float[] fs = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 0x1p31f, -0x1p31f, 2147483520f, -2147483520f, 0x1p63f,
        -0x1p63f, Math.nextDown(0x1p63f), 0.5f, -0.5f, 1.5f, -1.5f, 2.5f, 1e10f, -1e10f, 1f, -1f, 3f, 0.1f};
    double[] ds = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MAX_VALUE, Double.MAX_VALUE, 0x1p31, -0x1p31, 0x1p31 - 1, 0x1p31 - 0.5, -0x1p31 - 0.5, -0x1p31 - 1,
        0x1p63, -0x1p63, Math.nextDown(0x1p63), Math.nextUp(-0x1p63), 0.5, -0.5, 1.5, 2.5, -2.5, 1e300, 3.0, 0.1};
    int[] is = {0, 1, -1, 2, -2, 7, -7, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, 1000};
    long[] ls = {0, 1, -1, 2, -2, 7, -7, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 1L << 40, -(1L << 33)};
    SplittableRandom r = new SplittableRandom(5);
    int n = 200_000;
    ByteBuffer in = buffer(4 + 48L * n);
    in.putInt(n);
    float[] a = new float[n], b = new float[n];
    double[] x = new double[n], y = new double[n];
    int[] i1 = new int[n], i2 = new int[n];
    long[] l1 = new long[n], l2 = new long[n];
    for (int k = 0; k < n; k++) {
      boolean edge = k < fs.length * fs.length || r.nextBoolean();
      a[k] = k < fs.length * fs.length ? fs[k / fs.length] : edge ? fs[r.nextInt(fs.length)] : randomFloat(r);
      b[k] = k < fs.length * fs.length ? fs[k % fs.length] : r.nextBoolean() ? fs[r.nextInt(fs.length)] : randomFloat(r);
      x[k] = k < ds.length * ds.length ? ds[k / ds.length] : edge ? ds[r.nextInt(ds.length)] : randomDouble(r);
      y[k] = k < ds.length * ds.length ? ds[k % ds.length] : r.nextBoolean() ? ds[r.nextInt(ds.length)] : randomDouble(r);
      i1[k] = k < is.length * is.length ? is[k / is.length] : r.nextBoolean() ? is[r.nextInt(is.length)] : r.nextInt();
      i2[k] = k < is.length * is.length ? is[k % is.length] : r.nextBoolean() ? is[r.nextInt(is.length)] : r.nextInt();
      l1[k] = k < ls.length * ls.length ? ls[k / ls.length] : r.nextBoolean() ? ls[r.nextInt(ls.length)] : r.nextLong();
      l2[k] = k < ls.length * ls.length ? ls[k % ls.length] : r.nextBoolean() ? ls[r.nextInt(ls.length)] : r.nextLong();
      in.putFloat(a[k]).putFloat(b[k]).putDouble(x[k]).putDouble(y[k]).putInt(i1[k]).putInt(i2[k]).putLong(l1[k])
          .putLong(l2[k]);
    }
    ByteBuffer out = exchange("java", in, 84L * n);
    StringBuilder report = new StringBuilder();
    int bad = 0;
    for (int k = 0; k < n; k++) {
      List<String> wrong = new ArrayList<>();
      if (!sameFloat(Math.min(a[k], b[k]), out.getFloat())) wrong.add("minf");
      if (!sameFloat(Math.max(a[k], b[k]), out.getFloat())) wrong.add("maxf");
      if (!sameFloat(a[k] % b[k], out.getFloat())) wrong.add("fremf");
      if (!sameDouble(Math.min(x[k], y[k]), out.getDouble())) wrong.add("min");
      if (!sameDouble(Math.max(x[k], y[k]), out.getDouble())) wrong.add("max");
      if (!sameDouble(x[k] % y[k], out.getDouble())) wrong.add("frem");
      if ((int) a[k] != out.getInt()) wrong.add("f2i");
      if ((int) x[k] != out.getInt()) wrong.add("d2i");
      if ((long) a[k] != out.getLong()) wrong.add("f2l");
      if ((long) x[k] != out.getLong()) wrong.add("d2l");
      // Java throws on a zero divisor; the header gives 0
      if ((i2[k] == 0 ? 0 : i1[k] / i2[k]) != out.getInt()) wrong.add("idiv");
      if ((i2[k] == 0 ? 0 : i1[k] % i2[k]) != out.getInt()) wrong.add("irem");
      if ((l2[k] == 0 ? 0 : l1[k] / l2[k]) != out.getLong()) wrong.add("ldiv");
      if ((l2[k] == 0 ? 0 : l1[k] % l2[k]) != out.getLong()) wrong.add("lrem");
      if (!wrong.isEmpty() && bad++ < 10) {
        report.append(String.format("a %s b %s x %s y %s i %d j %d l %d m %d: %s%n", a[k], b[k], hex(x[k]), hex(y[k]),
            i1[k], i2[k], l1[k], l2[k], wrong));
      }
    }
    assertEquals(0, bad, report.toString());
  }

  private static float randomFloat(SplittableRandom r) {
    return r.nextBoolean() ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextDouble(-1e10, 1e10);
  }

  private static double randomDouble(SplittableRandom r) {
    return r.nextBoolean() ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble(-1e20, 1e20);
  }

  // ---------------------------------------------------------------------------------------
  // .npy, .npz, Snapshot

  /** One test array: its dtype code in the header's enum, shape and little-endian data. */
  private record Sample(int dtype, int[] shape, byte[] data, NpyArray java) {}

  private static List<Sample> samples() {
    SplittableRandom r = new SplittableRandom(3);
    int[][] shapes = {{0}, {1}, {7}, {12}, {123}, {1000}, {4567}, {3, 4}, {0, 5}, {1, 1}, {12345, 2}, {2, 12345}};
    List<Sample> out = new ArrayList<>();
    for (int[] shape : shapes) {
      int size = Arrays.stream(shape).reduce(1, (p, q) -> p * q);
      float[] f = new float[size];
      double[] d = new double[size];
      int[] i = new int[size];
      long[] l = new long[size];
      byte[] bools = new byte[size];
      float[] fSpecial = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE};
      for (int k = 0; k < size; k++) {
        f[k] = k < fSpecial.length ? fSpecial[k] : (float) r.nextGaussian() * 100;
        d[k] = k < fSpecial.length ? fSpecial[k] : r.nextGaussian() * 1e5;
        i[k] = r.nextInt();
        l[k] = r.nextLong();
        bools[k] = (byte) (r.nextBoolean() ? 1 : 0);
      }
      out.add(new Sample(0, shape, le(NpyArray.of(f, shape)), NpyArray.of(f, shape)));
      out.add(new Sample(1, shape, le(NpyArray.of(d, shape)), NpyArray.of(d, shape)));
      out.add(new Sample(2, shape, le(NpyArray.of(i, shape)), NpyArray.of(i, shape)));
      out.add(new Sample(3, shape, le(NpyArray.of(l, shape)), NpyArray.of(l, shape)));
      int[] asInts = new int[size];
      for (int k = 0; k < size; k++) asInts[k] = bools[k];
      out.add(new Sample(4, shape, bools, NpyArray.of(asInts, shape))); // Snapshot keeps booleans as int32
    }
    return out;
  }

  /** The data part of NpyWriter's image, i.e. the array's little-endian bytes. */
  private static byte[] le(NpyArray a) {
    byte[] npy = npyBytes(a);
    int headerLen = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
    return Arrays.copyOfRange(npy, 10 + headerLen, npy.length);
  }

  private static byte[] npyBytes(NpyArray a) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      NpyWriter.write(bytes, a);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * What NpyWriter (and numpy.save) writes for the sample. NpyWriter has no bool: numpy writes a
   * bool array as an int32 one of the same shape would be, with descr '|b1' (as long as '<i4')
   * and one byte per element.
   */
  private static byte[] expectedNpy(Sample s) {
    byte[] javaImage = npyBytes(s.java);
    if (s.dtype != 4) return javaImage;
    int headerLen = (javaImage[8] & 0xFF) | (javaImage[9] & 0xFF) << 8;
    String header = new String(javaImage, 10, headerLen, StandardCharsets.ISO_8859_1).replace("'<i4'", "'|b1'");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(javaImage, 0, 10);
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(s.data);
    return out.toByteArray();
  }

  @Test
  void npyNpzAndSnapshotFilesMatchJava() throws IOException {
    List<Sample> samples = samples();
    int bytes = 4;
    for (Sample s : samples) bytes += 8 + 8 * s.shape.length + s.data.length;
    ByteBuffer in = buffer(bytes);
    in.putInt(samples.size());
    for (Sample s : samples) {
      in.putInt(s.dtype).putInt(s.shape.length);
      for (int d : s.shape) in.putLong(d);
      in.put(s.data);
    }
    Path inFile = dir.resolve("files.in");
    Files.write(inFile, in.array());
    Path out = Files.createDirectories(dir.resolve("files"));
    Files.writeString(out.resolve("a0.npy"), "an older file, replaced whole");
    NativeBuild.runOk(List.of(driver.toString(), "files", inFile.toString(), out.toString()), dir, 120);
    // a folder that does not exist: one line naming the file, exit 1, nothing written
    Path missing = dir.resolve("missing");
    NativeBuild.Result refused = NativeBuild.run(
        List.of(driver.toString(), "files", inFile.toString(), missing.toString()), dir, 120);
    assertEquals(1, refused.exitCode());
    assertEquals("brainc: cannot write " + missing.resolve("a0.npy") + ": No such file or directory\n", refused.output());
    assertTrue(!Files.exists(missing));

    // every .npy byte for byte, and nothing else left in the folder (no temporary files)
    for (int k = 0; k < samples.size(); k++) {
      assertArrayEquals(expectedNpy(samples.get(k)), Files.readAllBytes(out.resolve("a" + k + ".npy")),
          "a" + k + ".npy, dtype " + samples.get(k).dtype + " shape " + Arrays.toString(samples.get(k).shape));
    }
    try (var files = Files.list(out)) {
      assertEquals(samples.size() + 2, files.count(), "only the arrays, all.npz and snapshot.npz");
    }

    // the .npz: its central directory (ZipFile) and CRCs agree, entries in order, same bytes as the .npy files
    try (ZipFile zip = new ZipFile(out.resolve("all.npz").toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      for (int k = 0; k < samples.size(); k++) {
        ZipEntry e = entries.nextElement();
        assertEquals("a" + k + ".npy", e.getName());
        assertEquals(ZipEntry.STORED, e.getMethod());
        try (InputStream data = zip.getInputStream(e)) {
          assertArrayEquals(expectedNpy(samples.get(k)), data.readAllBytes(), e.getName());
        }
      }
      assertTrue(!entries.hasMoreElements());
    }
    Map<String, NpyArray> npz = new LinkedHashMap<>();
    for (int k = 0; k < samples.size(); k++) if (samples.get(k).dtype != 4) npz.put("a" + k, samples.get(k).java);
    Path withoutBools = dir.resolve("java.npz");
    NpzFile.write(withoutBools, npz);

    // the Snapshot: what Java reads back equals what Java wrote, header bytes included
    Snapshot.Builder b = Snapshot.builder("simulation")
        .counter("step", 123456789012L)
        .counter("seed", -42)
        .text("network", "Cuba")
        .text("note \"q\"", "tab\there\nline \\ \u0001 \u00e9 \u2028 \u20ac");
    for (int k = 0; k < samples.size(); k++) b.put("sim/a" + k, samples.get(k).java);
    Snapshot expected = b.build();
    Path javaSnapshot = dir.resolve("java-snapshot.npz");
    expected.write(javaSnapshot);
    Snapshot got = Snapshot.read(out.resolve("snapshot.npz"));
    assertEquals(expected.kind(), got.kind());
    assertEquals(expected.counters(), got.counters());
    assertEquals(expected.texts(), got.texts());
    assertEquals(List.copyOf(expected.arrayNames()), List.copyOf(got.arrayNames()));
    for (String name : expected.arrayNames()) {
      NpyArray e = expected.array(name);
      NpyArray g = got.array(name);
      assertEquals(e.dtype(), g.dtype(), name);
      assertArrayEquals(e.shape(), g.shape(), name);
      assertArrayEquals(npyBytes(e), npyBytes(g), name);
    }
    Map<String, NpyArray> javaEntries = NpzFile.read(javaSnapshot);
    Map<String, NpyArray> headerEntries = NpzFile.read(out.resolve("snapshot.npz"));
    assertEquals("brainc.snapshot", headerEntries.keySet().iterator().next(), "the header entry comes first");
    assertArrayEquals(javaEntries.get("brainc.snapshot").ints(), headerEntries.get("brainc.snapshot").ints(),
        "the JSON header, byte for byte");
  }

  // ---------------------------------------------------------------------------------------

  /** Writes {@code in} to a file, runs the driver on it, and maps what it wrote. */
  private static ByteBuffer exchange(String mode, ByteBuffer in, long outBytes) throws IOException {
    Path inFile = dir.resolve(mode + ".in");
    Path outFile = dir.resolve(mode + ".out");
    Files.write(inFile, Arrays.copyOf(in.array(), in.position()));
    String keep = System.getProperty("brainc.cuda.parityDir"); // inputs for rt_parity built for a GPU
    if (keep != null) {
      Files.copy(inFile, Files.createDirectories(Path.of(keep)).resolve(mode + ".in"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    NativeBuild.runOk(List.of(driver.toString(), mode, inFile.toString(), outFile.toString()), dir, 300);
    byte[] out = Files.readAllBytes(outFile);
    Files.delete(inFile);
    Files.delete(outFile);
    assertEquals(outBytes, out.length, mode + ": bytes written by the driver");
    return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ByteBuffer buffer(long bytes) {
    return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static boolean sameDouble(double expected, double got) {
    return Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(got)
        || (Double.isNaN(expected) && Double.isNaN(got));
  }

  private static boolean sameFloat(float expected, float got) {
    return Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(got)
        || (Float.isNaN(expected) && Float.isNaN(got));
  }

  private static String hex(double v) {
    return Double.toHexString(v) + " [" + Long.toHexString(Double.doubleToRawLongBits(v)) + "]";
  }
}
