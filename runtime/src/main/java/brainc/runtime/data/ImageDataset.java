package brainc.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A labelled set of images read from a pair of IDX files: {@code PREFIX-images-idx3-ubyte} and
 * {@code PREFIX-labels-idx1-ubyte}, each possibly gzipped ({@code .gz}), as MNIST and
 * Fashion-MNIST ship them ({@code PREFIX} is {@code train} or {@code t10k}). Pixels are kept as
 * unsigned bytes; {@link #pixel} scales them to [0, 1].
 *
 * <p>A dataset of sequences of several lengths adds {@code PREFIX-lengths-idx1-ubyte}: the
 * number of rows (time steps) of each sample that hold data, the rest being padding.
 */
public final class ImageDataset {
  /** Where the Debian package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
  public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
  /** The command that installs it (as root). */
  public static final String INSTALL = "bin/install-data (as root: apt-get install dataset-fashion-mnist)";

  private final byte[] pixels;
  private final int[] labels;
  private final int features;
  private final int classes;
  /** Rows of each sample that hold data, or null (all of them). */
  private final int[] lengths;

  private ImageDataset(byte[] pixels, int[] labels, int features) {
    this(pixels, labels, features, null);
  }

  private ImageDataset(byte[] pixels, int[] labels, int features, int[] lengths) {
    this.pixels = pixels;
    this.labels = labels;
    this.features = features;
    this.lengths = lengths;
    int max = 0;
    for (int l : labels) max = Math.max(max, l);
    this.classes = max + 1;
  }

  /** An in-memory dataset (for tests): {@code pixels.length == labels.length * features}. */
  public static ImageDataset of(byte[] pixels, int[] labels, int features) {
    if (features < 1 || pixels.length != (long) labels.length * features) {
      throw new IllegalArgumentException("pixels and labels disagree: " + pixels.length + " bytes for " + labels.length
          + " samples of " + features);
    }
    return new ImageDataset(pixels.clone(), labels.clone(), features);
  }

  /**
   * Reads the split {@code prefix} ({@code train} or {@code t10k}) from {@code dir}. A missing
   * directory or file gives a {@link MissingDatasetException} naming the path and the command
   * that installs the data.
   */
  public static ImageDataset read(Path dir, String prefix) throws IOException {
    Path images = find(dir, prefix + "-images-idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte");
    Idx.Array im = Idx.read(images);
    Idx.Array lb = Idx.read(labels);
    if (im.bytes() == null || !im.unsigned() || im.shape().length < 2) {
      throw new IOException(images + ": expected unsigned-byte images (IDX type 0x08, at least 2 dimensions), got " + im.describe());
    }
    if (lb.bytes() == null || lb.shape().length != 1) {
      throw new IOException(labels + ": expected a vector of byte labels (IDX type 0x08, 1 dimension), got " + lb.describe());
    }
    int n = im.shape()[0];
    if (lb.shape()[0] != n) {
      throw new IOException(labels + " has " + lb.shape()[0] + " labels but " + images + " has " + n + " images");
    }
    int features = n == 0 ? 0 : im.size() / n;
    int[] l = new int[n];
    for (int i = 0; i < n; i++) l[i] = lb.bytes()[i] & 0xff;
    return new ImageDataset(im.bytes(), l, Math.max(1, features), lengths(dir, prefix, n));
  }

  /** The optional lengths file of a split: null when there is none. */
  private static int[] lengths(Path dir, String prefix, int n) throws IOException {
    Path file;
    try {
      file = find(dir, prefix + "-lengths-idx1-ubyte");
    } catch (MissingDatasetException none) {
      return null;
    }
    Idx.Array a = Idx.read(file);
    if (a.bytes() == null || !a.unsigned() || a.shape().length != 1) {
      throw new IOException(file + ": expected a vector of byte lengths (IDX type 0x08, 1 dimension), got " + a.describe());
    }
    if (a.shape()[0] != n) throw new IOException(file + " has " + a.shape()[0] + " lengths but the split has " + n + " samples");
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = a.bytes()[i] & 0xff;
      if (out[i] == 0) throw new IOException(file + ": sample " + (i + 1) + " has length 0; a sequence has at least one row");
    }
    return out;
  }

  /** The same samples as sequences of {@code lengths[i]} rows each (for tests). */
  public ImageDataset withLengths(int[] lengths) {
    if (lengths.length != size()) throw new IllegalArgumentException(lengths.length + " lengths for " + size() + " samples");
    return new ImageDataset(pixels, labels, features, lengths.clone());
  }

  /** Whether the samples are sequences of several lengths ({@link #length}). */
  public boolean hasLengths() {
    return lengths != null;
  }

  /** The rows of sample {@code i} that hold data (only with {@link #hasLengths}). */
  public int length(int i) {
    return lengths[i];
  }

  private static Path find(Path dir, String base) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException(dir + " is a file, not the folder of a dataset's IDX files (give the folder with --data DIR)");
    }
    Path plain = dir.resolve(base);
    Path gz = dir.resolve(base + ".gz");
    for (Path p : new Path[] {plain, gz}) {
      if (Files.isDirectory(p)) throw new IOException(p + " is a folder, not an IDX file");
      if (Files.exists(p) && !Files.isRegularFile(p)) throw new IOException(p + " is not a regular file");
    }
    if (Files.isRegularFile(plain)) return plain;
    if (Files.isRegularFile(gz)) return gz;
    throw new MissingDatasetException(Files.isDirectory(dir) ? gz : dir);
  }

  /** The files of both splits that exist in {@code dir} (plain or gzipped), in a fixed order. */
  public static java.util.List<Path> files(Path dir) {
    java.util.List<Path> out = new java.util.ArrayList<>();
    for (String prefix : new String[] {"train", "t10k"}) {
      for (String kind : new String[] {"-images-idx3-ubyte", "-labels-idx1-ubyte", "-lengths-idx1-ubyte"}) {
        for (String ext : new String[] {"", ".gz"}) {
          Path p = dir.resolve(prefix + kind + ext);
          if (Files.isRegularFile(p)) out.add(p);
        }
      }
    }
    return out;
  }

  /** The number of samples. */
  public int size() {
    return labels.length;
  }

  /** Values per sample (784 for 28 x 28 images). */
  public int features() {
    return features;
  }

  /** One more than the largest label. */
  public int classes() {
    return classes;
  }

  /** The label of sample {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** Pixel {@code j} of sample {@code i}, scaled to [0, 1]. */
  public float pixel(int i, int j) {
    return (pixels[i * features + j] & 0xff) / 255f;
  }

  /** Copies sample {@code i}, scaled to [0, 1], into {@code out} at {@code offset}. */
  public void sample(int i, float[] out, int offset) {
    int base = i * features;
    for (int j = 0; j < features; j++) out[offset + j] = (pixels[base + j] & 0xff) / 255f;
  }

  /** The first {@code n} samples (or all when there are fewer). */
  public ImageDataset head(int n) {
    int k = Math.min(n, size());
    byte[] p = java.util.Arrays.copyOf(pixels, k * features);
    return new ImageDataset(p, java.util.Arrays.copyOf(labels, k), features,
        lengths == null ? null : java.util.Arrays.copyOf(lengths, k));
  }

  /** A dataset file or directory that does not exist, with the command that installs it. */
  public static final class MissingDatasetException extends IOException {
    private final Path path;

    MissingDatasetException(Path path) {
      super(path + " does not exist; install Fashion-MNIST with `" + INSTALL + "`, or give the directory of the IDX "
          + "files with --data DIR");
      this.path = path;
    }

    /** The missing file or directory. */
    public Path path() {
      return path;
    }
  }
}
