package brainc.runtime.learn;

/**
 * Losses of a batch of outputs ({@code batch × classes}, row per sample) against class labels,
 * averaged over the batch, with their gradients with respect to the outputs.
 */
public final class Losses {
  private Losses() {}

  /** A loss value and its gradient ({@code batch × classes}). */
  public record Result(double loss, float[] grad) {}

  /**
   * Softmax cross-entropy, as PyTorch's {@code CrossEntropyLoss} on the outputs as logits:
   * {@code mean_b(logsumexp(y_b) - y_b[label_b])}; gradient {@code (softmax(y_b) - onehot_b) / batch}.
   */
  public static Result crossEntropy(float[] y, int[] labels, int batch, int classes) {
    float[] g = new float[batch * classes];
    double total = 0;
    for (int b = 0; b < batch; b++) {
      int o = b * classes;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) max = Math.max(max, y[o + c]);
      double sum = 0;
      for (int c = 0; c < classes; c++) sum += Math.exp(y[o + c] - max);
      double lse = max + Math.log(sum);
      total += lse - y[o + labels[b]];
      for (int c = 0; c < classes; c++) {
        double p = Math.exp(y[o + c] - lse);
        g[o + c] = (float) ((p - (c == labels[b] ? 1 : 0)) / batch);
      }
    }
    return new Result(total / batch, g);
  }

  /**
   * Mean squared error against one-hot targets scaled by {@code on} (the target of the right
   * class; the others are 0): {@code mean_{b,c}((y - t)^2)}.
   */
  public static Result mse(float[] y, int[] labels, int batch, int classes, double on) {
    float[] g = new float[batch * classes];
    double total = 0;
    double n = (double) batch * classes;
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < classes; c++) {
        double d = y[b * classes + c] - (c == labels[b] ? on : 0);
        total += d * d;
        g[b * classes + c] = (float) (2 * d / n);
      }
    }
    return new Result(total / n, g);
  }

  /** The index of the largest output of sample {@code b}; ties go to the lowest index. */
  public static int argmax(float[] y, int b, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) if (y[b * classes + c] > y[b * classes + best]) best = c;
    return best;
  }
}
