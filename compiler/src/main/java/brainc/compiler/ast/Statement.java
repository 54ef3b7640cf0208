package brainc.compiler.ast;

import brainc.ir.source.Span;
import java.util.List;
import java.util.Optional;

/** The top-level statements that say what to do with a declaration. */
public sealed interface Statement {
  Ident target();

  Span span();

  record Run(Ident target, Optional<Expr> duration, Optional<Expr> dt, Optional<Expr> seed,
      Optional<Expr> threads, Optional<Ident> backend, Span span) implements Statement {}

  record Train(Ident target, String sourceKind, Expr.Call source, List<Member.Setting> settings,
      List<Phase> curriculum, Optional<Span> curriculumSpan, Span span) implements Statement {
    public Train {
      settings = List.copyOf(settings);
      curriculum = List.copyOf(curriculum);
    }
  }

  /** {@code reports}: the extra columns asked for with {@code report ...} (e.g. {@code prediction}). */
  record Detect(Ident target, Ident format, Expr.StringLit path, Optional<Expr.StringLit> out, List<Ident> reports,
      Span span) implements Statement {
    public Detect {
      reports = List.copyOf(reports);
    }
  }

  /** A curriculum phase: {@code straight until mean(20) > 50}, or {@code curves until > 30}. */
  record Phase(Ident name, Optional<Expr> condition, Optional<Expr.BinaryOp> op, Optional<Expr> bound, Span span) {}
}
