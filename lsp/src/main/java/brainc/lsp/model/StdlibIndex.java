package brainc.lsp.model;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.sema.Program;
import brainc.compiler.sema.Symbol;
import brainc.ir.source.SourceFile;
import java.util.ArrayList;
import java.util.List;

/** The declarations of the standard library, analysed once, for completion of models not yet imported. */
public final class StdlibIndex {
  /** The stdlib packages. */
  public static final List<String> PACKAGES = List.of("brain.neurons", "brain.synapses");

  public record Entry(String pkg, String name, Symbol.Kind kind, String doc) {}

  private static volatile StdlibIndex instance;
  private final List<Entry> entries;

  private StdlibIndex(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static StdlibIndex get() {
    StdlibIndex i = instance;
    if (i == null) {
      synchronized (StdlibIndex.class) {
        if (instance == null) instance = build();
        i = instance;
      }
    }
    return i;
  }

  public List<Entry> entries() {
    return entries;
  }

  private static StdlibIndex build() {
    StringBuilder text = new StringBuilder();
    for (String p : PACKAGES) text.append("use ").append(p).append('\n');
    Analysis a = new Frontend().analyze(SourceFile.of("stdlib-index.brain", text.toString()));
    List<Entry> out = new ArrayList<>();
    for (Program.DeclInfo d : a.program().decls().values()) {
      String q = d.qualifiedName();
      int dot = q.lastIndexOf('.');
      if (dot < 0) continue;
      out.add(new Entry(q.substring(0, dot), d.decl().name().text(), d.symbol().kind(), d.decl().doc()));
    }
    return new StdlibIndex(out);
  }
}
