package brainc.compiler.cli;

/** The text of a kernel program for `--dump-ir`: its printer once present, else the record's own form. */
final class KernelText {
  private KernelText() {}

  static String print(Object kernel) {
    try {
      Class<?> printer = Class.forName("brainc.ir.kernel.text.KernelPrinter");
      return (String) printer.getMethod("print", brainc.ir.kernel.KernelProgram.class).invoke(null, kernel);
    } catch (ReflectiveOperationException e) {
      return String.valueOf(kernel);
    }
  }
}
