package brainc.runtime.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads NumPy {@code .npy} files of the four {@link NpyDtype}s into C-ordered {@link NpyArray}s.
 *
 * <p>Datasets and initial weights are often prepared in Python. Besides what {@link NpyWriter}
 * writes, this accepts what {@code numpy.save} writes for those types: format versions 1.0, 2.0
 * and 3.0 (which differ only in the width and encoding of the header length), big-endian data,
 * and Fortran-ordered arrays (as {@code np.save(f, a.T)} produces), which are reordered to C order
 * on reading. The header is parsed as the small Python literal it is, not evaluated.
 */
public final class NpyReader {
  private static final int CHUNK_BYTES = 1 << 16;
  private static final int MAX_HEADER_BYTES = 1 << 20;
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private NpyReader() {}

  /** Reads the array stored at {@code path}. */
  public static NpyArray read(Path path) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), CHUNK_BYTES)) {
      return read(in);
    } catch (NpyFormatException e) {
      throw new NpyFormatException(path + ": " + e.getMessage(), e);
    }
  }

  /** Reads one {@code .npy} image from {@code in}, consuming exactly its bytes. */
  public static NpyArray read(InputStream in) throws IOException {
    byte[] magic = readFully(in, NpyWriter.MAGIC.length + 2, "magic");
    if (!Arrays.equals(Arrays.copyOf(magic, NpyWriter.MAGIC.length), NpyWriter.MAGIC)) {
      throw new NpyFormatException("not an .npy file (bad magic)");
    }
    int major = magic[6] & 0xFF;
    int minor = magic[7] & 0xFF;
    long headerLen;
    Charset charset;
    if (major == 1 && minor == 0) {
      headerLen = littleEndian(readFully(in, 2, "header length"));
      charset = StandardCharsets.ISO_8859_1;
    } else if ((major == 2 || major == 3) && minor == 0) {
      headerLen = littleEndian(readFully(in, 4, "header length"));
      charset = major == 2 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
    } else {
      throw new NpyFormatException("unsupported .npy format version " + major + "." + minor);
    }
    if (headerLen > MAX_HEADER_BYTES) {
      throw new NpyFormatException("header of " + headerLen + " bytes is implausibly long");
    }
    String header = new String(readFully(in, (int) headerLen, "header"), charset);
    Map<String, Object> dict = new HeaderParser(header).dict();
    if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
      throw new NpyFormatException("header keys are " + dict.keySet() + ", expected descr, "
          + "fortran_order and shape");
    }
    if (!(dict.get("descr") instanceof String)) {
      throw new NpyFormatException("descr is not a simple type: " + dict.get("descr"));
    }
    String descr = (String) dict.get("descr");
    NpyDtype dtype = descr.length() == 3 ? NpyDtype.ofCode(descr.substring(1)) : null;
    char byteOrder = descr.isEmpty() ? '?' : descr.charAt(0);
    if (dtype == null || (byteOrder != '<' && byteOrder != '>')) {
      throw new NpyFormatException("unsupported descr '" + descr + "', expected one of "
          + "<f4 <f8 <i4 <i8 (or big-endian >)");
    }
    if (!(dict.get("fortran_order") instanceof Boolean)) {
      throw new NpyFormatException("fortran_order is not True or False");
    }
    boolean fortran = (Boolean) dict.get("fortran_order");
    int[] shape = shape(dict.get("shape"));
    // Saturating product: a zero anywhere makes the array empty, however large the other dims.
    long size = 1;
    for (int d : shape) {
      size = Math.min(size, MAX_ELEMENTS + 1) * d;
    }
    if (size > MAX_ELEMENTS) {
      throw new NpyFormatException(
          "shape " + Arrays.toString(shape) + " is too large for a Java array");
    }
    ByteOrder order = byteOrder == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    Object data = readData(in, dtype, (int) size, order);
    if (fortran && shape.length > 1) {
      data = toCOrder(data, dtype, shape);
    }
    return new NpyArray(dtype, shape, data, (int) size);
  }

  private static int[] shape(Object value) throws NpyFormatException {
    if (!(value instanceof List)) {
      throw new NpyFormatException("shape is not a tuple: " + value);
    }
    List<?> dims = (List<?>) value;
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      Object d = dims.get(i);
      if (!(d instanceof Long) || (Long) d < 0 || (Long) d > Integer.MAX_VALUE) {
        throw new NpyFormatException("bad dimension in shape: " + d);
      }
      shape[i] = (int) (long) (Long) d;
    }
    return shape;
  }

  private static Object readData(InputStream in, NpyDtype dtype, int size, ByteOrder order)
      throws IOException {
    Object data;
    switch (dtype) {
      case FLOAT32:
        data = new float[size];
        break;
      case FLOAT64:
        data = new double[size];
        break;
      case INT32:
        data = new int[size];
        break;
      default:
        data = new long[size];
        break;
    }
    int itemSize = dtype.itemSize();
    int perChunk = CHUNK_BYTES / itemSize;
    byte[] bytes = new byte[perChunk * itemSize];
    for (int from = 0; from < size; from += perChunk) {
      int count = Math.min(perChunk, size - from);
      int len = count * itemSize;
      if (in.readNBytes(bytes, 0, len) != len) {
        throw new NpyFormatException(
            "data ends early: expected " + (long) size * itemSize + " bytes for " + size
                + " elements");
      }
      ByteBuffer chunk = ByteBuffer.wrap(bytes, 0, len).order(order);
      switch (dtype) {
        case FLOAT32:
          chunk.asFloatBuffer().get((float[]) data, from, count);
          break;
        case FLOAT64:
          chunk.asDoubleBuffer().get((double[]) data, from, count);
          break;
        case INT32:
          chunk.asIntBuffer().get((int[]) data, from, count);
          break;
        case INT64:
          chunk.asLongBuffer().get((long[]) data, from, count);
          break;
      }
    }
    return data;
  }

  /**
   * Reorders Fortran-ordered (first index fastest) elements into C order (last index fastest).
   * Walks the C positions in order with an odometer over the indices, keeping the matching
   * Fortran offset up to date.
   */
  private static Object toCOrder(Object fortranData, NpyDtype dtype, int[] shape) {
    int n = java.lang.reflect.Array.getLength(fortranData);
    Object c = java.lang.reflect.Array.newInstance(fortranData.getClass().getComponentType(), n);
    int rank = shape.length;
    long[] fortranStride = new long[rank];
    long stride = 1;
    for (int k = 0; k < rank; k++) {
      fortranStride[k] = stride;
      stride *= shape[k];
    }
    int[] index = new int[rank];
    long source = 0;
    for (int target = 0; target < n; target++) {
      System.arraycopy(fortranData, (int) source, c, target, 1);
      for (int k = rank - 1; k >= 0; k--) {
        index[k]++;
        source += fortranStride[k];
        if (index[k] < shape[k]) {
          break;
        }
        source -= fortranStride[k] * shape[k];
        index[k] = 0;
      }
    }
    return c;
  }

  private static byte[] readFully(InputStream in, int n, String what) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new NpyFormatException("file ends inside the " + what);
    }
    return b;
  }

  private static long littleEndian(byte[] b) {
    long v = 0;
    for (int i = b.length - 1; i >= 0; i--) {
      v = v << 8 | (b[i] & 0xFF);
    }
    return v;
  }

  /** A malformed or unsupported {@code .npy} file. */
  public static final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    NpyFormatException(String message) {
      super(message);
    }

    NpyFormatException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Parses the Python literal subset that headers use: a dict with string keys whose values are
   * strings, {@code True}/{@code False}, integers and tuples (returned as lists). Whitespace and
   * trailing commas are allowed where Python allows them.
   */
  private static final class HeaderParser {
    private final String s;
    private int pos;

    HeaderParser(String s) {
      this.s = s;
    }

    Map<String, Object> dict() throws NpyFormatException {
      skipSpace();
      expect('{');
      Map<String, Object> map = new LinkedHashMap<>();
      while (true) {
        skipSpace();
        if (peek() == '}') {
          pos++;
          break;
        }
        Object key = value();
        if (!(key instanceof String)) {
          throw error("dict key is not a string");
        }
        skipSpace();
        expect(':');
        if (map.put((String) key, value()) != null) {
          throw error("duplicate key '" + key + "'");
        }
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw error("expected ',' or '}'");
        }
      }
      skipSpace();
      if (pos != s.length()) {
        throw error("text after the dict");
      }
      return map;
    }

    private Object value() throws NpyFormatException {
      skipSpace();
      char c = peek();
      if (c == '\'' || c == '"') {
        int end = s.indexOf(c, pos + 1);
        if (end < 0) {
          throw error("unterminated string");
        }
        String text = s.substring(pos + 1, end);
        if (text.indexOf('\\') >= 0) {
          throw error("escapes in strings are not supported");
        }
        pos = end + 1;
        return text;
      }
      if (c == '(') {
        pos++;
        List<Object> items = new ArrayList<>();
        while (true) {
          skipSpace();
          if (peek() == ')') {
            pos++;
            return items;
          }
          items.add(value());
          skipSpace();
          if (peek() == ',') {
            pos++;
          } else if (peek() != ')') {
            throw error("expected ',' or ')'");
          } else if (items.size() == 1) {
            // "(3)" is just 3 in Python; numpy writes "(3,)" for a 1-d shape.
            throw error("a one-element tuple needs a trailing comma");
          }
        }
      }
      if (s.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      int start = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == start || pos - start > 18) {
        throw error("expected a value");
      }
      long v = Long.parseLong(s.substring(start, pos));
      if (pos < s.length() && s.charAt(pos) == 'L') {
        pos++; // Python 2 wrote long integers with an L suffix.
      }
      return v;
    }

    private void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private char peek() throws NpyFormatException {
      if (pos >= s.length()) {
        throw error("header ends early");
      }
      return s.charAt(pos);
    }

    private void expect(char c) throws NpyFormatException {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private NpyFormatException error(String what) {
      return new NpyFormatException(
          "bad header at offset " + pos + ": " + what + " in " + s.trim());
    }
  }
}
