package brainc.lsp.features;

import brainc.compiler.ast.Member;
import brainc.compiler.sema.ExprChecker;
import brainc.compiler.sema.ParamSpec;
import brainc.compiler.sema.Program;
import brainc.compiler.sema.Signature;
import brainc.lsp.model.DocumentModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.ParameterInformation;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureInformation;

/**
 * Signature help inside a call of a catalog constructor ({@code exp(tau = $0)}), a built-in
 * function, or the override block of a model instantiation ({@code LIF[10] { $0 }}). The
 * active parameter is the one named before the cursor, else the argument's position.
 */
public final class Signatures {
  private Signatures() {}

  public static String label(Signature sig) {
    StringBuilder b = new StringBuilder(sig.name()).append('(');
    for (int i = 0; i < sig.params().size(); i++) {
      ParamSpec p = sig.params().get(i);
      if (i > 0) b.append(", ");
      b.append(p.name());
      if (!p.required()) b.append(" = ").append(p.defaultText());
    }
    return b.append(')').toString();
  }

  public static Optional<SignatureHelp> help(DocumentModel m, int offset) {
    CursorContext cx = CursorContext.at(m.text(), offset);
    if (!cx.inCode()) return Optional.empty();
    String callee = cx.callee();
    if (!callee.isEmpty()) {
      int open = cx.calls.get(cx.calls.size() - 1).offset();
      String args = m.text().substring(open + 1, cx.offset);
      List<SignatureInformation> sigs = new ArrayList<>();
      List<Signature> found = Completion.catalogNamed(callee);
      for (Signature sig : found) sigs.add(info(sig.name(), sig.params(), sig.doc()));
      if (found.isEmpty() && ExprChecker.FUNCTIONS.contains(callee)) {
        SignatureInformation s = new SignatureInformation(callee + "(x, ...)");
        s.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, "Built-in function `" + callee + "`."));
        s.setParameters(List.of(new ParameterInformation("x, ...")));
        sigs.add(s);
      }
      if (sigs.isEmpty()) return Optional.empty();
      SignatureHelp h = new SignatureHelp(sigs, 0, activeParam(args, found.isEmpty() ? List.of() : found.get(0).paramNames()));
      return Optional.of(h);
    }
    Matcher im = Pattern.compile("=\\s*([\\w.]+)\\s*\\[[^\\]]*\\]\\s*$").matcher(cx.innerHeader());
    if (im.find()) {
      String name = im.group(1);
      Optional<Program.DeclInfo> d = m.declNamed(name.substring(name.lastIndexOf('.') + 1));
      if (d.isEmpty()) return Optional.empty();
      List<Member.Named> members = Completion.modelMembers(m, d.get().decl());
      StringBuilder label = new StringBuilder(d.get().decl().name().text()).append(" { ");
      List<ParameterInformation> params = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        Member.Named n = members.get(i);
        if (i > 0) label.append(", ");
        String part = n.name().text() + " = " + Hover.defaultText(m, n);
        label.append(part);
        ParameterInformation pi = new ParameterInformation(part);
        if (!n.doc().isBlank()) pi.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, n.doc()));
        params.add(pi);
        names.add(n.name().text());
      }
      label.append(" }");
      SignatureInformation s = new SignatureInformation(label.toString());
      s.setParameters(params);
      s.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, d.get().decl().doc()));
      int open = cx.blocks.get(cx.blocks.size() - 1).offset();
      return Optional.of(new SignatureHelp(List.of(s), 0, activeParam(m.text().substring(open + 1, cx.offset), names)));
    }
    return Optional.empty();
  }

  private static SignatureInformation info(String name, List<ParamSpec> params, String doc) {
    Signature sig = new Signature(name, doc, params);
    SignatureInformation s = new SignatureInformation(label(sig));
    s.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, doc));
    List<ParameterInformation> ps = new ArrayList<>();
    for (ParamSpec p : params) {
      ParameterInformation pi = new ParameterInformation(p.name() + (p.required() ? "" : " = " + p.defaultText()));
      pi.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, p.doc() + (p.required() ? " (required)" : "")));
      ps.add(pi);
    }
    s.setParameters(ps);
    return s;
  }

  /** The parameter being written: the name before the last `=` of the current argument, else its position. */
  private static int activeParam(String argsBefore, List<String> names) {
    String[] parts = argsBefore.split("[,\\n]", -1);
    String current = parts[parts.length - 1];
    Matcher named = Pattern.compile("^\\s*(\\w+)\\s*=").matcher(current);
    if (named.find() && names.contains(named.group(1))) return names.indexOf(named.group(1));
    return Math.max(0, Math.min(parts.length - 1, Math.max(0, names.size() - 1)));
  }
}
