package brainc.runtime.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads an IDX file (the format of MNIST and Fashion-MNIST): a magic number {@code 0 0 T D}
 * where {@code T} is the element type and {@code D} the number of dimensions, then {@code D}
 * big-endian 32-bit sizes, then the elements in row-major order, big-endian. A file whose name
 * ends in {@code .gz} is decompressed while reading. Only unsigned bytes ({@code 0x08}) and
 * signed bytes ({@code 0x09}) are kept as bytes; the wider types are read as doubles.
 */
public final class Idx {
  private Idx() {}

  /** An IDX array: its dimensions and its elements, as unsigned bytes or as doubles. */
  public record Array(int[] shape, byte[] bytes, double[] values, boolean unsigned) {
    /** The number of elements. */
    public int size() {
      int n = 1;
      for (int d : shape) n *= d;
      return n;
    }

    /** Element {@code i} in row-major order, as a number. */
    public double get(int i) {
      if (bytes != null) return unsigned ? bytes[i] & 0xff : bytes[i];
      return values[i];
    }

    @Override
    public String toString() {
      return "IDX " + Arrays.toString(shape);
    }
  }

  /** Reads the IDX file at {@code path}; a clear {@link IOException} for a malformed file. */
  public static Array read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString());
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        InputStream in = path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
      return read(in, path.toString());
    }
  }

  /** Reads an IDX array from a stream; {@code name} appears in error messages. */
  public static Array read(InputStream stream, String name) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    try {
      int magic = in.readInt();
      if ((magic >>> 16) != 0) throw new IOException(name + ": not an IDX file (bad magic number " + hex(magic) + ")");
      int type = (magic >>> 8) & 0xff;
      int dims = magic & 0xff;
      if (dims < 1 || dims > 8) throw new IOException(name + ": IDX file with " + dims + " dimensions");
      int[] shape = new int[dims];
      long n = 1;
      for (int d = 0; d < dims; d++) {
        shape[d] = in.readInt();
        if (shape[d] < 0) throw new IOException(name + ": negative IDX dimension " + shape[d]);
        n *= shape[d];
      }
      if (n > Integer.MAX_VALUE - 8) throw new IOException(name + ": IDX array too large (" + n + " elements)");
      int size = (int) n;
      switch (type) {
        case 0x08, 0x09 -> {
          byte[] b = new byte[size];
          in.readFully(b);
          return new Array(shape, b, null, type == 0x08);
        }
        case 0x0B, 0x0C, 0x0D, 0x0E -> {
          double[] v = new double[size];
          for (int i = 0; i < size; i++) {
            v[i] = switch (type) {
              case 0x0B -> in.readShort();
              case 0x0C -> in.readInt();
              case 0x0D -> in.readFloat();
              default -> in.readDouble();
            };
          }
          return new Array(shape, null, v, false);
        }
        default -> throw new IOException(name + ": unknown IDX element type " + hex(type));
      }
    } catch (EOFException e) {
      throw new IOException(name + ": truncated IDX file", e);
    }
  }

  private static String hex(int v) {
    return "0x" + Integer.toHexString(v);
  }
}
