package brainc.runtime.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes NumPy {@code .npy} files, format version 1.0, byte for byte as {@code numpy.save} does
 * (numpy 1.24 and later) for C-ordered arrays of the four {@link NpyDtype}s.
 *
 * <p>Monitors and exported weights are analysed in Python, and {@code .npy} is the one format
 * numpy reads with no library and no schema. The layout:
 *
 * <pre>
 *   \x93NUMPY  0x01 0x00  HEADER_LEN (uint16, little-endian)
 *   {'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }   spaces   \n
 *   data, little-endian, C order
 * </pre>
 *
 * As numpy does since 1.24, the dict is followed by {@code 21 - len(str(shape[0]))} spaces (none
 * for a 0-d array), which leave room to rewrite the header in place when an array grows along its
 * first axis, and then by 1 to 64 spaces and the newline, which make the data start at a multiple
 * of 64 bytes. Files go through {@link AtomicFiles}, so a reader never sees a truncated array.
 */
public final class NpyWriter {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  private static final int CHUNK_BYTES = 1 << 16;

  private NpyWriter() {}

  /** Writes {@code array} to {@code path} atomically, replacing any file there. */
  public static void write(Path path, NpyArray array) throws IOException {
    AtomicFiles.write(path, out -> write(out, array));
  }

  /** Writes {@code array} as a complete {@code .npy} image to {@code out}, leaving it open. */
  public static void write(OutputStream out, NpyArray array) throws IOException {
    out.write(header(array.dtype(), array.shape()));
    writeData(out, array);
  }

  /** The magic, version, length and padded header dict: everything before the data. */
  static byte[] header(NpyDtype dtype, int[] shape) {
    StringBuilder dict = new StringBuilder();
    dict.append("{'descr': '").append(dtype.descr()).append("', 'fortran_order': False, 'shape': ");
    dict.append(shapeRepr(shape)).append(", }");
    if (shape.length > 0) {
      dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
    }
    // numpy's padding is 1..64 spaces, never 0: an already aligned header gains a whole block.
    // This is not an off-by-one; the +1 is the newline.
    int prefix = MAGIC.length + 2 + 2;
    int pad = ALIGN - (prefix + dict.length() + 1) % ALIGN;
    dict.append(" ".repeat(pad)).append('\n');
    int headerLen = dict.length();
    if (headerLen > 0xFFFF) {
      throw new IllegalArgumentException("header too long for format 1.0: " + headerLen);
    }
    ByteBuffer b = ByteBuffer.allocate(prefix + headerLen).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLen);
    b.put(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
    return b.array();
  }

  /** Python's {@code repr} of a tuple of ints: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
  static String shapeRepr(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return s.append(')').toString();
  }

  private static void writeData(OutputStream out, NpyArray array) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    NpyDtype dtype = array.dtype();
    Object data = array.data();
    int n = array.size();
    int perChunk = CHUNK_BYTES / dtype.itemSize();
    for (int from = 0; from < n; from += perChunk) {
      int count = Math.min(perChunk, n - from);
      chunk.clear();
      // View buffers take the byte order of the buffer they are made from: little-endian.
      switch (dtype) {
        case FLOAT32:
          chunk.asFloatBuffer().put((float[]) data, from, count);
          break;
        case FLOAT64:
          chunk.asDoubleBuffer().put((double[]) data, from, count);
          break;
        case INT32:
          chunk.asIntBuffer().put((int[]) data, from, count);
          break;
        case INT64:
          chunk.asLongBuffer().put((long[]) data, from, count);
          break;
      }
      out.write(chunk.array(), 0, count * dtype.itemSize());
    }
  }
}
