package brainc.compiler.ast;

import brainc.ir.source.SourceFile;
import java.util.List;
import java.util.Optional;

/** One checked-or-not document: its package, imports, declarations and statements, in order. */
public record FileAst(SourceFile source, Optional<QualifiedName> pkg, List<Member.Use> uses, List<Decl> decls,
    List<Statement> statements) {
  public FileAst {
    uses = List.copyOf(uses);
    decls = List.copyOf(decls);
    statements = List.copyOf(statements);
  }
}
