package brainc.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * {@code brainc lsp}: the language server on stdin/stdout. Nothing else may write to stdout,
 * so {@code System.out} is redirected to stderr before the server starts.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--version") || args[0].equals("-V"))) {
      System.out.println("brainc-lsp " + version());
      return;
    }
    InputStream in = System.in;
    OutputStream out = System.out;
    System.setOut(new PrintStream(System.err, true, "UTF-8"));
    Future<Void> listening = start(in, out);
    listening.get();
  }

  /** Starts a server on the given streams; the future completes when the input ends. */
  public static Future<Void> start(InputStream in, OutputStream out) {
    BrainLanguageServer server = new BrainLanguageServer();
    Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
    server.connect(launcher.getRemoteProxy());
    return launcher.startListening();
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static volatile boolean exitCalled;

  /** The protocol's `exit`; tests that run the server in process set brainc.lsp.noExit. */
  static void exit(int code) {
    exitCalled = true;
    if (!Boolean.getBoolean("brainc.lsp.noExit")) System.exit(code);
  }
}
