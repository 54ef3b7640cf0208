package brainc.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code brainc lsp}: the language server on stdin/stdout. Nothing else may write to stdout,
 * so {@code System.out} is redirected to stderr before the server starts.
 *
 * <p>The process ends when the protocol's {@code exit} arrives (status 0 after {@code
 * shutdown}, 1 without), when its input ends (an editor that crashed or was killed: the same
 * statuses), or when the editor process named by {@code --clientProcessId} is gone.
 */
public final class Main {
  /** Exit status of a command line that names an option this command does not have. */
  static final int USAGE = 2;

  private Main() {}

  static final String HELP = String.join("\n",
      "Usage: brainc lsp [--stdio] [--clientProcessId=PID]",
      "       brainc lsp --help | --version",
      "",
      "Runs the brainc language server on stdin and stdout (JSON-RPC with Content-Length",
      "frames, the Language Server Protocol). An editor starts it; it is not meant to be run by",
      "hand. It exits when the editor sends `exit`, when its input ends, or when the editor",
      "process given by --clientProcessId ends.",
      "",
      "Options:",
      "  --stdio                 Talk over stdin and stdout (the only transport; accepted for",
      "                          editors that pass it).",
      "  --clientProcessId=PID   Exit when the process PID (the editor) ends.",
      "  -h, --help              Print this help and exit.",
      "  -V, --version           Print the version and exit.",
      "");

  /** The command line, parsed: what to do before (or instead of) serving. */
  record Options(boolean help, boolean version, Optional<Long> clientProcessId, Optional<String> error) {
    static Options parse(String[] args) {
      boolean help = false;
      boolean version = false;
      Optional<Long> pid = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          help = true;
        } else if (a.equals("-V") || a.equals("--version")) {
          version = true;
        } else if (a.equals("--stdio")) {
          // The only transport there is.
        } else if (a.equals("--clientProcessId") || a.startsWith("--clientProcessId=")) {
          String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : null;
          if (v == null) return error("option `--clientProcessId` needs a process id (a whole number)");
          try {
            long n = Long.parseLong(v.strip());
            if (n <= 0) throw new NumberFormatException();
            pid = Optional.of(n);
          } catch (NumberFormatException e) {
            return error("`" + v + "` is not a process id for `--clientProcessId` (a whole number above 0)");
          }
        } else if (a.startsWith("-")) {
          return error("unknown option `" + a + "` (valid: --stdio, --clientProcessId=PID, --help, --version)");
        } else {
          return error("unexpected argument `" + a + "`: the server takes no files (valid options: --stdio, "
              + "--clientProcessId=PID, --help, --version)");
        }
      }
      return new Options(help, version, pid, Optional.empty());
    }

    private static Options error(String message) {
      return new Options(false, false, Optional.empty(), Optional.of(message));
    }
  }

  public static void main(String[] args) throws Exception {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int early = commandLine(args, out, err);
    if (early >= 0) System.exit(early);
    Options o = Options.parse(args);
    InputStream in = System.in;
    OutputStream stdout = System.out;
    System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8));
    java.util.concurrent.atomic.AtomicReference<Server> running = new java.util.concurrent.atomic.AtomicReference<>();
    // Watch the editor before serving, so that it is watched by the time anything is answered.
    // An id that names no process (another PID namespace, say) is not a reason to stop.
    o.clientProcessId().flatMap(ProcessHandle::of).ifPresent(client -> client.onExit().thenRun(() -> {
      Server s = running.get();
      exit(s != null && s.server().isShutdown() ? 0 : 1);
    }));
    Server server = start(in, stdout);
    running.set(server);
    try {
      server.listening().get();
    } catch (Exception e) {
      // The input failed rather than ended; either way nobody is left to talk to.
    }
    exit(server.server().isShutdown() ? 0 : 1);
  }

  /**
   * Handles the command-line options that do not start the server. Returns the exit status if
   * the process should end now (help, version, a usage error), or -1 to serve.
   */
  static int commandLine(String[] args, PrintWriter out, PrintWriter err) {
    Options o = Options.parse(args);
    if (o.error().isPresent()) {
      err.println("brainc lsp: " + o.error().get());
      err.println("Try 'brainc lsp --help' for more information.");
      err.flush();
      return USAGE;
    }
    if (o.help()) {
      out.print(HELP);
      out.flush();
      return 0;
    }
    if (o.version()) {
      out.println("brainc-lsp " + version());
      out.flush();
      return 0;
    }
    return -1;
  }

  /** A running server: the adapter and a future that completes when its input ends. */
  public record Server(BrainLanguageServer server, CompletableFuture<Void> listening) {}

  /** Starts a server on the given streams; {@link Server#listening} completes when the input ends. */
  public static Server start(InputStream in, OutputStream out) {
    BrainLanguageServer server = new BrainLanguageServer();
    CompletableFuture<Void> listening = Transport.serve(server, in, out);
    return new Server(server, listening);
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The protocol's `exit`; tests that run the server in process set brainc.lsp.noExit. */
  static void exit(int code) {
    if (!Boolean.getBoolean("brainc.lsp.noExit")) {
      System.out.flush();
      System.exit(code);
    }
  }
}
