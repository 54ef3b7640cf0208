package brainc.compiler.cli;

import brainc.compiler.api.StepProgress;
import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr for runs longer than a second or so; silent for short runs
 * and when quiet, so that scripted use sees only the summary.
 */
final class Progress implements StepProgress {
  private static final long QUIET_FOR_NANOS = 1_000_000_000L;
  private final PrintWriter err;
  private final boolean quiet;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  private final boolean quietFlag;

  Progress(PrintWriter err, boolean quiet) {
    this.err = err;
    this.quietFlag = quiet;
    // A bar redrawn with carriage returns only makes sense on a terminal, not in a log.
    this.quiet = quiet || System.console() == null;
  }

  @Override
  public void progress(long done, long total) {
    if (quiet || total <= 0) return;
    long now = System.nanoTime();
    if (now - start < QUIET_FOR_NANOS || now - lastDraw < 200_000_000L) return;
    lastDraw = now;
    int width = 30;
    int filled = (int) (width * done / total);
    double elapsed = (now - start) / 1e9;
    double eta = done > 0 ? elapsed * (total - done) / done : 0;
    err.print(String.format("\r[%s%s] %3d%%  %.0f s left ", "#".repeat(filled), " ".repeat(width - filled),
        100 * done / total, eta));
    err.flush();
    drawn = true;
  }

  private final boolean terminal = System.console() != null;
  private long lastLine = -1;

  /**
   * A labelled bar with extra figures: redrawn in place on a terminal; in a log, one line per
   * tenth of the work.
   */
  void show(String label, long done, long total, String extra) {
    if (total <= 0) return;
    long now = System.nanoTime();
    if (terminal && !quietFlag) {
      if (now - lastDraw < 200_000_000L && done < total) return;
      lastDraw = now;
      int width = 30;
      int filled = (int) (width * done / total);
      err.print(String.format("\r%s [%s%s] %d/%d  %s ", label, "#".repeat(filled), " ".repeat(width - filled), done, total,
          extra));
      err.flush();
      drawn = true;
    } else if (!quietFlag) {
      long tenth = 10 * done / total;
      if (tenth != lastLine && tenth > 0) {
        lastLine = tenth;
        err.println(String.format("%s  %d/%d  %s", label, done, total, extra));
        err.flush();
      }
    }
  }

  void clear() {
    if (drawn) {
      err.print("\r" + " ".repeat(60) + "\r");
      err.flush();
      drawn = false;
    }
  }
}
