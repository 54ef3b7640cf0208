package brainc.compiler.syntax;

import brainc.grammar.BrainParser;
import brainc.ir.diag.Diagnostic;
import java.util.List;
import org.antlr.v4.runtime.CommonTokenStream;

/** A parse tree (always present, possibly with error nodes), its tokens, and the syntax errors. */
public record ParsedFile(
    BrainParser.FileContext tree, CommonTokenStream tokens, Spans spans, List<Diagnostic> diagnostics) {
  public ParsedFile {
    diagnostics = List.copyOf(diagnostics);
  }
}
