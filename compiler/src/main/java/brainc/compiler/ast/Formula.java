package brainc.compiler.ast;

import brainc.ir.source.Span;
import java.util.List;

/** First-order formulas of fuzzy rule bases. */
public sealed interface Formula {
  Span span();

  record Atom(Ident predicate, List<Ident> terms, Span span) implements Formula {
    public Atom {
      terms = List.copyOf(terms);
    }
  }

  record Not(Formula operand, Span span) implements Formula {}

  record And(Formula left, Formula right, Span span) implements Formula {}

  record Or(Formula left, Formula right, Span span) implements Formula {}

  record Implies(Formula left, Formula right, Span span) implements Formula {}

  record Equiv(Formula left, Formula right, Span span) implements Formula {}

  record Quantified(boolean forall, List<Ident> vars, Formula body, Span span) implements Formula {
    public Quantified {
      vars = List.copyOf(vars);
    }
  }

  /** A formula the parser could not build; already reported. */
  record Missing(Span span) implements Formula {}
}
