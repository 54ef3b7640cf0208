package brainc.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.model.IrModule;
import brainc.ir.testing.IrGen;
import java.io.File;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Proves that the printer and parser handle every node kind: it finds every sealed interface of
 * the model and type packages, walks {@link Class#getPermittedSubclasses()}, and checks that the
 * generated corpus, which round-trips, contains an instance of each permitted record.
 */
class NodeCoverageTest {

  private static List<Class<?>> classesOf(String pkg) throws ClassNotFoundException, URISyntaxException {
    URL url = IrModule.class.getClassLoader().getResource(pkg.replace('.', '/'));
    File dir = new File(url.toURI());
    List<Class<?>> out = new ArrayList<>();
    for (String f : new TreeSet<>(List.of(dir.list()))) {
      if (f.endsWith(".class")) out.add(Class.forName(pkg + "." + f.substring(0, f.length() - 6)));
    }
    return out;
  }

  private static Set<Class<?>> requiredKinds() throws Exception {
    Set<Class<?>> kinds = new HashSet<>();
    List<Class<?>> all = new ArrayList<>(classesOf("brainc.ir.model"));
    all.addAll(classesOf("brainc.ir.types"));
    int sealed = 0;
    for (Class<?> c : all) {
      if (c.isInterface() && c.isSealed()) {
        sealed++;
        for (Class<?> p : c.getPermittedSubclasses()) kinds.add(p);
      }
    }
    assertTrue(sealed >= 8, "expected the sealed hierarchies of the IR, found " + sealed);
    // Plain records reachable from the module are node kinds too.
    for (Class<?> c : all) {
      if (c.isRecord()) kinds.add(c);
    }
    return kinds;
  }

  /** Collects the classes of every record reachable from a value. */
  private static void collect(Object o, Set<Class<?>> seen) throws Exception {
    if (o == null) return;
    if (o instanceof List) {
      for (Object x : (List<?>) o) collect(x, seen);
    } else if (o instanceof Optional) {
      collect(((Optional<?>) o).orElse(null), seen);
    } else if (o.getClass().isRecord()) {
      seen.add(o.getClass());
      for (RecordComponent rc : o.getClass().getRecordComponents()) collect(rc.getAccessor().invoke(o), seen);
    }
  }

  @Test
  void everyNodeKindIsGeneratedAndRoundTrips() throws Exception {
    Set<Class<?>> seen = new HashSet<>();
    for (long seed = 0; seed < 60; seed++) {
      IrModule m = new IrGen(seed).everyKind();
      String text = IrPrinter.print(m);
      assertEquals(m, IrParser.parse(text), text);
      collect(m, seen);
    }
    Set<String> missing = new TreeSet<>();
    for (Class<?> k : requiredKinds()) {
      if (!seen.contains(k)) missing.add(k.getName());
    }
    assertEquals(Set.of(), missing, "node kinds that no round-tripped module contains");
  }
}
