package brainc.compiler.cli;

/** The exit codes of {@code brainc}; scripts depend on them, so they never change meaning. */
public final class ExitCode {
  /** Success; warnings may have been printed. */
  public static final int OK = 0;
  /** The input has errors, or a file could not be read or written. */
  public static final int INPUT = 1;
  /** The command line is wrong (unknown option, missing file argument). */
  public static final int USAGE = 2;
  /**
   * Stopped by Ctrl-C (SIGINT) before the end, as shells report it (128 + 2); {@code train}
   * stops at a batch or episode boundary and its last complete checkpoint is intact.
   */
  public static final int INTERRUPTED = 130;
  /** A bug in brainc ({@code EX_SOFTWARE} of sysexits.h). */
  public static final int SOFTWARE = 70;

  private ExitCode() {}
}
