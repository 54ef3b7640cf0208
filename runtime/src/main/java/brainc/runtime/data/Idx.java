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

    /** The element type and shape, e.g. {@code unsigned bytes [70, 4, 4]}. */
    public String describe() {
      return (bytes != null ? unsigned ? "unsigned bytes " : "signed bytes " : "numbers wider than a byte ") + Arrays.toString(shape);
    }

    @Override
    public String toString() {
      return "IDX " + Arrays.toString(shape);
    }
  }

  /** Reads the IDX file at {@code path}; a clear {@link IOException} for a malformed file. */
  public static Array read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString());
    boolean gz = path.getFileName().toString().endsWith(".gz");
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw) {
      return read(in, path.toString(), gz ? -1 : Files.size(path));
    } catch (java.util.zip.ZipException e) {
      throw new IOException(path + ": not a valid gzip file (" + e.getMessage() + ")");
    } catch (EOFException e) {
      throw new IOException(path + ": the gzip stream ends early (truncated .gz file)");
    }
  }

  /** Reads an IDX array from a stream; {@code name} appears in error messages. */
  public static Array read(InputStream stream, String name) throws IOException {
    return read(stream, name, -1);
  }

  /**
   * Reads an IDX array whose file has {@code fileBytes} bytes (-1 when unknown, as for gzip):
   * a size that disagrees with the header is refused before anything is allocated, so a corrupt
   * header cannot ask for gigabytes.
   */
  private static Array read(InputStream stream, String name, long fileBytes) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    try {
      int magic = in.readInt();
      if ((magic >>> 16) != 0) {
        throw new IOException(name + ": not an IDX file (it starts with " + hex(magic) + ", not 0x0000 then the element type "
            + "and the number of dimensions)");
      }
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
      int width = switch (type) {
        case 0x08, 0x09 -> 1;
        case 0x0B -> 2;
        case 0x0C, 0x0D -> 4;
        case 0x0E -> 8;
        default -> throw new IOException(name + ": unknown IDX element type " + hex(type)
            + " (known: 0x08 unsigned byte, 0x09 byte, 0x0b short, 0x0c int, 0x0d float, 0x0e double)");
      };
      long expected = 4L + 4L * dims + (long) size * width;
      if (fileBytes >= 0 && fileBytes < expected) {
        throw new IOException(name + ": truncated: its header declares " + Arrays.toString(shape) + " elements of "
            + width + " byte" + (width == 1 ? "" : "s") + " (" + expected + " bytes in all), but the file has " + fileBytes);
      }
      if (fileBytes > expected) {
        throw new IOException(name + ": " + (fileBytes - expected) + " bytes after the " + Arrays.toString(shape)
            + " elements its header declares; the file is not a well-formed IDX file");
      }
      switch (type) {
        case 0x08, 0x09 -> {
          byte[] b = fileBytes >= 0 ? new byte[size] : readGrowing(in, size, name);
          if (fileBytes >= 0) in.readFully(b);
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
      throw new IOException(name + ": truncated: the file ends before the elements its header declares");
    }
  }

  /**
   * Reads {@code size} bytes from a stream of unknown length in growing chunks, so that a header
   * that claims far more than the stream holds fails at its end rather than by allocating it all.
   */
  private static byte[] readGrowing(DataInputStream in, int size, String name) throws IOException {
    byte[] b = new byte[Math.min(size, 1 << 20)];
    int have = 0;
    while (have < size) {
      if (have == b.length) b = Arrays.copyOf(b, (int) Math.min(size, 2L * b.length));
      int r = in.read(b, have, b.length - have);
      if (r < 0) {
        throw new IOException(name + ": truncated: its header declares " + size + " bytes of elements, but the data ends after "
            + have);
      }
      have += r;
    }
    if (in.read() >= 0) {
      throw new IOException(name + ": more bytes after the " + size + " elements its header declares; the file is not a "
          + "well-formed IDX file");
    }
    return b;
  }

  private static String hex(int v) {
    return "0x" + Integer.toHexString(v);
  }
}
