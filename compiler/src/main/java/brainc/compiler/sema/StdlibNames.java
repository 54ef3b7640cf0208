package brainc.compiler.sema;

import brainc.compiler.ast.Decl;
import brainc.compiler.source.SourceLoader;
import brainc.compiler.syntax.AstBuilder;
import brainc.compiler.syntax.Parsing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The declarations of the standard library by simple name (`LIF` → `brain.neurons.LIF`), for
 * the "missing `use`" quick fix. Read once, from the packages listed in `brain/packages.txt`.
 */
final class StdlibNames {
  private static volatile Map<String, String> names;

  private StdlibNames() {}

  static Optional<String> qualified(String simple) {
    return Optional.ofNullable(index().get(simple));
  }

  private static Map<String, String> index() {
    Map<String, String> n = names;
    if (n != null) return n;
    Map<String, String> out = new LinkedHashMap<>();
    SourceLoader loader = new SourceLoader();
    try (InputStream in = StdlibNames.class.getClassLoader().getResourceAsStream("brain/packages.txt")) {
      if (in != null) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          String pkg = line.strip();
          if (pkg.isEmpty() || pkg.startsWith("#")) continue;
          loader.stdlib(pkg.replace('.', '/') + ".brain").ifPresent(f -> {
            for (Decl d : AstBuilder.build(Parsing.parse(f)).ast().decls()) {
              if (!d.name().isMissing()) out.putIfAbsent(d.name().text(), pkg + "." + d.name().text());
            }
          });
        }
      }
    } catch (IOException e) {
      // Without the list there is simply no quick fix.
    }
    names = Map.copyOf(out);
    return names;
  }
}
