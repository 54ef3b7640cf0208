package brainc.compiler.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process `brainc` command, as the command-line tests see it: exit code, stdout, stderr. */
record Run(int code, String out, String err) {
  static Run brainc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Brainc.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }
}
