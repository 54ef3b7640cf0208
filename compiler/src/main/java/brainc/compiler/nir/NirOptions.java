package brainc.compiler.nir;

/**
 * The choices of a NIR export ({@code compile --target nir}).
 *
 * @param resetToZero export a reset by subtraction as NIR's reset to zero ({@code --nir-reset=zero}),
 *     with a warning recorded in the file; otherwise such a model is refused
 * @param maxDenseBytes the largest dense weight matrix written, in bytes ({@code --nir-max-dense})
 * @param compress deflate the arrays ({@code --nir-compress})
 */
public record NirOptions(boolean resetToZero, long maxDenseBytes, boolean compress) {
  /** 256 MiB: CUBA's 4000 x 4000 float32 matrix (64 MB) fits four times. */
  public static final long DEFAULT_MAX_DENSE = 256L << 20;

  public static final NirOptions DEFAULT = new NirOptions(false, DEFAULT_MAX_DENSE, false);

  /**
   * A size as {@code --nir-max-dense} takes it: bytes, or a number with one of B, KiB, MiB, GiB, kB,
   * MB, GB; empty when it is not a positive size.
   */
  public static java.util.OptionalLong parseSize(String text) {
    var m = java.util.regex.Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|kB|MB|GB)?").matcher(text.trim());
    if (!m.matches()) return java.util.OptionalLong.empty();
    long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
      case "KiB" -> 1L << 10;
      case "MiB" -> 1L << 20;
      case "GiB" -> 1L << 30;
      case "kB" -> 1_000L;
      case "MB" -> 1_000_000L;
      case "GB" -> 1_000_000_000L;
      default -> 1L;
    };
    try {
      long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
      return bytes < 1 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(bytes);
    } catch (ArithmeticException | NumberFormatException e) {
      return java.util.OptionalLong.empty();
    }
  }

  public NirOptions {
    if (maxDenseBytes < 1) throw new IllegalArgumentException("--nir-max-dense must be positive: " + maxDenseBytes);
  }
}
