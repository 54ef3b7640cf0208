package brainc.compiler.sema;

import brainc.ir.units.Dimension;
import java.util.List;

/** A value known at compile time. Numbers are in SI base units. */
public sealed interface Value {
  record Num(double si, Dimension dim) implements Value {}

  record Bool(boolean value) implements Value {}

  record Str(String value) implements Value {}

  /** A bare name used as a value: `auto`, `relu`, `top_k`. */
  record Word(String name) implements Value {}

  record Vec(List<Value> items) implements Value {
    public Vec {
      items = List.copyOf(items);
    }
  }

  record Range(Num low, Num high) implements Value {}
}
