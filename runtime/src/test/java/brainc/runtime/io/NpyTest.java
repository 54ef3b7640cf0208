package brainc.runtime.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expected bytes below were produced by {@code numpy.save} (numpy 2.4.6, whose header layout,
 * growth padding included, is the one introduced in numpy 1.24) and pasted in, so these tests need
 * no Python.
 */
class NpyTest {
  @TempDir Path dir;

  /** {@code np.save(f, np.arange(6, dtype='<f4').reshape(2, 3))}, the whole file. */
  private static final String ARANGE_2X3_F4 =
      "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a"
          + "2046616c73652c20277368617065273a2028322c2033292c207d20202020202020202020202020202020"
          + "2020202020202020202020202020202020202020202020202020202020202020202020202020202020"
          + "200a000000000000803f0000004000004040000080400000a040";

  /** {@code np.save(f, np.asfortranarray(np.arange(24, dtype='<i4').reshape(2, 3, 4)))}. */
  private static final String FORTRAN_2X3X4_I4 =
      "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMywgN"
          + "CksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAD"
          + "AAAAAQAAAAQAAAACAAAABQAAAABAAAADQAAAAUAAAARAAAACQAAABUAAAACAAAADgAAAAYAAAASAAAACgAAABY"
          + "AAAADAAAADwAAAAcAAAATAAAACwAAABcAAAA=";

  /** {@code np.save(f, np.array([[1.5, -2.0], [3.25, 1e300]], dtype='>f8'))}. */
  private static final String BIG_ENDIAN_2X2_F8 =
      "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpL"
          + "CB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/+AAAAA"
          + "AAAMAAAAAAAAAAQAoAAAAAAAB+N+Q8iAB1nA==";

  /** {@code np.save(f, np.array([1, -2, 2**40], dtype='<i8'))}. */
  private static final String INT64_3 =
      "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgf"
          + "SAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAA"
          + "AAAP7/////////AAAAAAABAAA=";

  private static byte[] bytes(NpyArray a) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NpyWriter.write(out, a);
    return out.toByteArray();
  }

  private static NpyArray parse(byte[] file) throws IOException {
    return NpyReader.read(new ByteArrayInputStream(file));
  }

  // ---------------------------------------------------------------------------------------------
  // Writing, byte for byte.

  @Test
  void writesWhatNumpyWrites() throws IOException {
    NpyArray a = NpyArray.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
    assertArrayEquals(HexFormat.of().parseHex(ARANGE_2X3_F4), bytes(a));
    assertArrayEquals(
        Base64.getDecoder().decode(INT64_3), bytes(NpyArray.of(new long[] {1, -2, 1L << 40})));
  }

  /** Each case: shape, descr, the dict numpy writes, and the spaces numpy puts before '\n'. */
  @Test
  void headersMatchNumpy() {
    assertHeader(NpyDtype.FLOAT64, new int[] {3}, "(3,)", 60, 128);
    assertHeader(NpyDtype.INT32, new int[] {}, "()", 62, 128);
    assertHeader(NpyDtype.INT64, new int[] {0}, "(0,)", 60, 128);
    assertHeader(NpyDtype.FLOAT32, new int[] {2, 3}, "(2, 3)", 58, 128);
    assertHeader(NpyDtype.FLOAT32, new int[] {Integer.MAX_VALUE}, "(2147483647,)", 51, 128);
    int[] big = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170};
    assertHeader(
        NpyDtype.FLOAT64,
        big,
        "(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170)",
        52,
        192);
    // Already aligned before padding, so numpy adds a whole 64-byte block (20 growth + 64 pad).
    int[] ones = new int[36];
    Arrays.fill(ones, 1);
    ones[0] = 7;
    assertHeader(NpyDtype.INT64, ones, "(7" + ", 1".repeat(35) + ")", 84, 256);
  }

  private static void assertHeader(
      NpyDtype dtype, int[] shape, String shapeRepr, int spaces, int total) {
    String dict =
        "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + shapeRepr + ", }";
    String text = dict + " ".repeat(spaces) + "\n";
    byte[] expected = new byte[10 + text.length()];
    byte[] prefix = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    System.arraycopy(prefix, 0, expected, 0, 8);
    expected[8] = (byte) text.length();
    expected[9] = (byte) (text.length() >>> 8);
    System.arraycopy(text.getBytes(ISO_8859_1), 0, expected, 10, text.length());
    assertEquals(total, expected.length, "test case itself");
    assertArrayEquals(expected, NpyWriter.header(dtype, shape), shapeRepr);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading what numpy wrote.

  @Test
  void readsNumpyFiles() throws IOException {
    NpyArray f = parse(HexFormat.of().parseHex(ARANGE_2X3_F4));
    assertEquals(NpyDtype.FLOAT32, f.dtype());
    assertArrayEquals(new int[] {2, 3}, f.shape());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, f.floats());

    NpyArray l = parse(Base64.getDecoder().decode(INT64_3));
    assertArrayEquals(new long[] {1, -2, 1L << 40}, l.longs());
  }

  @Test
  void readsFortranOrderIntoCOrder() throws IOException {
    NpyArray a = parse(Base64.getDecoder().decode(FORTRAN_2X3X4_I4));
    assertArrayEquals(new int[] {2, 3, 4}, a.shape());
    int[] expected = new int[24];
    Arrays.setAll(expected, i -> i);
    assertArrayEquals(expected, a.ints());
  }

  @Test
  void readsBigEndianData() throws IOException {
    NpyArray a = parse(Base64.getDecoder().decode(BIG_ENDIAN_2X2_F8));
    assertEquals(NpyDtype.FLOAT64, a.dtype());
    assertArrayEquals(new double[] {1.5, -2.0, 3.25, 1e300}, a.doubles());
  }

  @Test
  void readsVersion2HeadersAndOtherKeyOrders() throws IOException {
    String dict = "{'shape': (2,), 'fortran_order': False, 'descr': '<i4'}";
    String text = dict + " ".repeat(64 - (12 + dict.length() + 1) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
    out.write(new byte[] {(byte) text.length(), (byte) (text.length() >>> 8), 0, 0});
    out.write(text.getBytes(ISO_8859_1));
    out.write(new byte[] {7, 0, 0, 0, -1, -1, -1, -1});
    assertArrayEquals(new int[] {7, -1}, parse(out.toByteArray()).ints());
  }

  // ---------------------------------------------------------------------------------------------
  // Round trips and files.

  @Property(tries = 100)
  void floatRoundTrip(
      @ForAll @Size(max = 300) float[] data, @ForAll @IntRange(min = 0, max = 2) int rank)
      throws IOException {
    int[] shape = rank == 0 ? new int[] {data.length} : shapeFor(data.length, rank);
    NpyArray back = parse(bytes(NpyArray.of(data, shape)));
    assertArrayEquals(shape, back.shape());
    assertArrayEquals(bits(data), bits(back.floats()), "NaN payloads and -0.0 survive");
  }

  private static int[] shapeFor(int n, int rank) {
    if (rank == 1 || n == 0) {
      return new int[] {n};
    }
    for (int rows = (int) Math.sqrt(n); rows > 0; rows--) {
      if (n % rows == 0) {
        return new int[] {rows, n / rows};
      }
    }
    throw new AssertionError();
  }

  private static int[] bits(float[] f) {
    int[] b = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      b[i] = Float.floatToRawIntBits(f[i]);
    }
    return b;
  }

  @Property(tries = 50)
  void longAndDoubleRoundTrip(@ForAll long[] longs, @ForAll double[] doubles) throws IOException {
    assertArrayEquals(longs, parse(bytes(NpyArray.of(longs))).longs());
    assertArrayEquals(doubles, parse(bytes(NpyArray.of(doubles))).doubles());
  }

  @Test
  void largeArraysCrossChunkBoundariesInFiles() throws IOException {
    // 7 * 14287 doubles are about 12 chunks of 64 KiB, the last one partial.
    double[] d = new double[7 * 14_287];
    Arrays.setAll(d, i -> Math.sin(i));
    Path file = dir.resolve("weights.npy");
    NpyWriter.write(file, NpyArray.of(d, 7, 14_287));
    NpyArray back = NpyReader.read(file);
    assertArrayEquals(new int[] {7, 14_287}, back.shape());
    assertArrayEquals(d, back.doubles());
    assertEquals(128 + 8L * d.length, Files.size(file));
  }

  @Test
  void scalarsRoundTrip() throws IOException {
    // A 0-d array can only come from a file, so build one from a shape-() header.
    NpyArray scalar = parse(withShape(NpyDtype.INT32, new int[0], new byte[] {42, 0, 0, 0}));
    assertArrayEquals(new int[0], scalar.shape());
    assertEquals(1, scalar.size());
    assertArrayEquals(new int[] {42}, parse(bytes(scalar)).ints());
  }

  private static byte[] withShape(NpyDtype dtype, int[] shape, byte[] data) {
    byte[] header = NpyWriter.header(dtype, shape);
    byte[] file = Arrays.copyOf(header, header.length + data.length);
    System.arraycopy(data, 0, file, header.length, data.length);
    return file;
  }

  // ---------------------------------------------------------------------------------------------
  // Errors.

  @Test
  void rejectsMalformedFiles() {
    byte[] good = HexFormat.of().parseHex(ARANGE_2X3_F4);
    assertFormatError("bad magic", "not an .npy file".getBytes(ISO_8859_1));
    assertFormatError("data ends early", Arrays.copyOf(good, good.length - 1));
    assertFormatError("ends inside the header", Arrays.copyOf(good, 50));
    byte[] v9 = good.clone();
    v9[6] = 9;
    assertFormatError("version 9.0", v9);
    assertFormatError("unsupported descr '<u2'", replace(good, "<f4", "<u2"));
    assertFormatError("header keys", replace(good, "'shape'", "'shapf'"));
    assertFormatError("trailing comma", replace(good, "(2, 3)", "(6)   "));
  }

  private static byte[] replace(byte[] file, String from, String to) {
    String s = new String(file, ISO_8859_1);
    assertTrue(s.contains(from));
    return s.replace(from, to).getBytes(ISO_8859_1);
  }

  private static void assertFormatError(String fragment, byte[] file) {
    NpyReader.NpyFormatException e =
        assertThrows(NpyReader.NpyFormatException.class, () -> parse(file));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void hugeShapesAreRejectedUnlessEmpty() throws IOException {
    byte[] none = new byte[0];
    assertFormatError("too large", withShape(NpyDtype.INT32, new int[] {65536, 65536}, none));
    int[] emptyShape = {Integer.MAX_VALUE, 4, 0};
    NpyArray empty = parse(withShape(NpyDtype.INT32, emptyShape, none));
    assertEquals(0, empty.size());
  }

  @Test
  void shapeMustMatchData() {
    assertThrows(IllegalArgumentException.class, () -> NpyArray.of(new float[5], 2, 3));
    assertThrows(IllegalArgumentException.class, () -> NpyArray.of(new int[0], -1, 0));
    assertThrows(IllegalStateException.class, () -> NpyArray.of(new int[1]).floats());
  }
}
