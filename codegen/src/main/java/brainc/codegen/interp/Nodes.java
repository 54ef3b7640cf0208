package brainc.codegen.interp;

/** The closures an expression or statement compiles to, one interface per result type: no boxing. */
final class Nodes {
  private Nodes() {}

  /** The closure of an expression, whichever its type: what the expression visitor returns. */
  interface Value {}

  interface F extends Value {
    float f(Frame x);
  }

  interface D extends Value {
    double d(Frame x);
  }

  interface I extends Value {
    int i(Frame x);
  }

  interface L extends Value {
    long l(Frame x);
  }

  interface B extends Value {
    boolean b(Frame x);
  }

  interface Exec {
    void run(Frame x);
  }

  /** Runs statements in order. */
  static Exec block(Exec[] body) {
    switch (body.length) {
      case 0:
        return x -> {};
      case 1:
        return body[0];
      default:
        return x -> {
          for (Exec e : body) {
            e.run(x);
          }
        };
    }
  }
}
