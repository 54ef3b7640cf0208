package brainc.lsp.features;

import brainc.ir.diag.Diagnostic;
import brainc.ir.diag.Fix;
import brainc.lsp.model.DocumentModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Quick fixes: each {@link Fix} the compiler attached to a diagnostic in the requested range
 * (did-you-mean, missing unit, ...) becomes a code action with that edit.
 */
public final class QuickFixes {
  private QuickFixes() {}

  public static List<CodeAction> in(DocumentModel m, int start, int end) {
    List<CodeAction> out = new ArrayList<>();
    for (Diagnostic d : m.analysis().diagnostics()) {
      if (!d.span().source().equals(m.id())) continue;
      if (d.span().end() < start || d.span().start() > end) continue;
      for (Fix f : d.fixes()) {
        if (!f.span().source().equals(m.id())) continue;
        CodeAction a = new CodeAction(f.title());
        a.setKind(CodeActionKind.QuickFix);
        a.setDiagnostics(List.of(Diagnostics.toLsp(m, d)));
        a.setEdit(new WorkspaceEdit(Map.of(m.document().uri(), List.of(new TextEdit(m.document().range(f.span()), f.replacement())))));
        a.setIsPreferred(d.fixes().size() == 1);
        out.add(a);
      }
    }
    return out;
  }
}
