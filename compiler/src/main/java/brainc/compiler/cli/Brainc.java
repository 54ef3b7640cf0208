package brainc.compiler.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code brainc} command line. Each verb is its own class; this one wires them together
 * and owns the exit codes, which {@link ExitCode} lists.
 *
 * <p>No input, however broken, makes brainc print a stack trace: user errors are diagnostics
 * (exit 1), bad command lines are usage errors (exit 2), and anything else is a bug in brainc,
 * reported in one line (exit 70, {@code EX_SOFTWARE}).
 */
@Command(
    name = "brainc",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "The compiler for .brain models of brain-inspired networks.",
    subcommands = {CheckCommand.class, CompileCommand.class, RunCommand.class, TrainCommand.class,
        VerifyCommand.class, DetectCommand.class, FmtCommand.class, ScoreNabCommand.class, TargetsCommand.class,
        CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0   success (warnings allowed)",
        "  1   errors in the input, or an input that cannot be read",
        "  2   usage error",
        "  70  internal error (a bug in brainc)",
        "  130 interrupted by Ctrl-C (train stops at a batch and keeps its last complete checkpoint)"})
public final class Brainc implements Runnable {
  /** Deep enough for any nesting a person writes; a tiny default stack is no reason to fail. */
  private static final long STACK_BYTES = 256L << 20;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "missing command (one of: check, compile, run, train, detect, verify, fmt, score-nab)");
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    AtomicInteger code = new AtomicInteger(ExitCode.SOFTWARE);
    Thread worker = new Thread(null, () -> code.set(execute(args, out, err)), "brainc", STACK_BYTES);
    worker.start();
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.flush();
    err.flush();
    System.exit(code.get());
  }

  /** Every path argument: an empty one is a usage error, not the working directory. */
  static Path path(String text) {
    if (text.isEmpty()) throw new CommandLine.TypeConversionException("an empty path names no file or folder");
    try {
      return Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      throw new CommandLine.TypeConversionException("`" + text + "` is not a path: " + e.getReason());
    }
  }

  /** Runs one command line; {@code out} gets results, {@code err} diagnostics and messages. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Brainc());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(e -> ExitCode.SOFTWARE);
    // An empty path would name the working directory: `--out ''` then "holds the input".
    cl.registerConverter(Path.class, Brainc::path);
    cl.setParameterExceptionHandler((e, a) -> {
      CommandLine failed = e.getCommandLine();
      err.println("brainc: " + e.getMessage());
      err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return ExitCode.USAGE;
    });
    cl.setExecutionExceptionHandler((e, failed, parsed) -> internalError(e, err));
    try {
      int code = cl.execute(args);
      out.flush();
      err.flush();
      return code;
    } catch (Throwable t) {
      // Errors (stack overflow, out of memory) pass picocli's exception handler by.
      return internalError(t, err);
    }
  }

  /** Convenience for tests and embedders that hold streams rather than writers. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    return execute(args, new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
  }

  static int internalError(Throwable t, PrintWriter err) {
    String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    err.println("brainc: internal error: " + message
        + " (this is a bug in brainc; please report it with the file that triggered it)");
    if (System.getenv("BRAINC_BACKTRACE") != null) t.printStackTrace(err);
    err.flush();
    return ExitCode.SOFTWARE;
  }
}
