package brainc.runtime.io;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives: a ZIP file with one {@code NAME.npy} entry per array, as
 * {@code numpy.savez} writes them ({@code numpy.load(path)} gives a mapping from NAME to
 * array). Entries are stored uncompressed, in insertion order; the archive is written
 * atomically.
 */
public final class NpzFile {
  private NpzFile() {}

  /** Writes the arrays, keyed by name (without {@code .npy}), to {@code path}, atomically. */
  public static void write(Path path, Map<String, NpyArray> arrays) throws IOException {
    AtomicFiles.write(path, out -> {
      ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
        @Override
        public void close() throws IOException {
          flush(); // the atomic output is committed by its owner, not closed by the archive
        }
      });
      for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NpyWriter.write(bytes, e.getValue());
        byte[] b = bytes.toByteArray();
        ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(b.length);
        entry.setCompressedSize(b.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b);
        entry.setCrc(crc.getValue());
        entry.setTime(0); // deterministic bytes: no timestamps
        zip.putNextEntry(entry);
        zip.write(b);
        zip.closeEntry();
      }
      zip.finish();
      zip.flush();
    });
  }

  /** Reads every {@code .npy} entry of an archive, keyed by name without {@code .npy}. */
  public static Map<String, NpyArray> read(Path path) throws IOException {
    Map<String, NpyArray> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (!e.getName().endsWith(".npy")) continue;
        byte[] b = zip.readAllBytes();
        out.put(e.getName().substring(0, e.getName().length() - 4), NpyReader.read(new java.io.ByteArrayInputStream(b)));
      }
    }
    return out;
  }
}
