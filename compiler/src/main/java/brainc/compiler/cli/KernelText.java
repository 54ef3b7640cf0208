package brainc.compiler.cli;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.text.KernelPrinter;

/** The text of a kernel program for `--dump-ir`. */
final class KernelText {
  private KernelText() {}

  static String print(Object kernel) {
    return KernelPrinter.print((KernelProgram) kernel);
  }
}
