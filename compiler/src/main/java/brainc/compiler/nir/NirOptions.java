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

  public NirOptions {
    if (maxDenseBytes < 1) throw new IllegalArgumentException("--nir-max-dense must be positive: " + maxDenseBytes);
  }
}
