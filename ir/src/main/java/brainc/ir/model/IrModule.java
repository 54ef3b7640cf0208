package brainc.ir.model;

import java.util.List;
import java.util.Optional;

/**
 * A whole program after the front end: every name resolved, {@code extends} applied, defaults
 * filled in and literals in SI base units. Declaration names are meant to be unique (statements
 * get generated names such as {@code run#1}); the {@code IrVerifier} checks that rather than this
 * constructor, so that a faulty lowering yields a report instead of a crash.
 */
public record IrModule(String name, List<Decl> decls) {
  public IrModule {
    Checks.name(name, "module name");
    decls = List.copyOf(decls);
  }

  /** The first declaration with the given name. */
  public Optional<Decl> find(String declName) {
    for (Decl d : decls) {
      if (d.name().equals(declName)) return Optional.of(d);
    }
    return Optional.empty();
  }
}
