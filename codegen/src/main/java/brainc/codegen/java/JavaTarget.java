package brainc.codegen.java;

import brainc.ir.model.Decl;
import brainc.ir.model.IrModule;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.SynapseModel;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import javax.lang.model.SourceVersion;

/**
 * The {@code java} target: readable Java sources for the synapse models of a module, one
 * simulator class ({@link SynapseSimulator}) and one jqwik test class ({@link PropertyTests}) per
 * model, plus the shared {@code Spikes} support class, all in one package. The sources need only
 * jqwik (and the JUnit Platform to run it), so a user can drop them into any Java 17 project.
 *
 * <p>Before: {@code synapse brain.synapses.STDP { … property bounded: always 0 <= w <= w_max }};
 * after: {@code STDPSynapse.java}, {@code STDPProperties.java} (with {@code @Label("STDP.bounded")})
 * and {@code Spikes.java}.
 */
public final class JavaTarget {
  /** Tries per property unless the caller says otherwise. */
  public static final int DEFAULT_TRIES = 1000;

  private JavaTarget() {}

  /** The generated sources and what they contain. */
  public record Output(String packageName, List<JavaFile> files, List<Suite> suites, List<String> skipped) {
    public Output {
      files = List.copyOf(files);
      suites = List.copyOf(suites);
      skipped = List.copyOf(skipped);
    }

    public void writeTo(Path dir) throws IOException {
      for (JavaFile f : files) f.writeToPath(dir);
    }

    /** Each source's path relative to a source root ({@code pkg/Name.java}) and its text, in order. */
    public Map<String, String> sources() {
      Map<String, String> out = new LinkedHashMap<>();
      for (JavaFile f : files) {
        String dir = f.packageName().isEmpty() ? "" : f.packageName().replace('.', '/') + "/";
        out.put(dir + f.typeSpec().name() + ".java", f.toString());
      }
      return out;
    }
  }

  /** One model's test class and the labels of its properties, in declaration order. */
  public record Suite(String model, String testClass, List<String> labels) {
    public Suite {
      labels = List.copyOf(labels);
    }
  }

  /**
   * A synapse model as a network uses it: the model's qualified name, where it is used (for the
   * report, e.g. {@code Net: a -> b}) and the values the use sets, in SI units, by parameter or
   * var name. {@code brainc verify} checks every property of a model for each distinct use, on
   * top of the declared ranges, because the values a model runs with are what must hold.
   */
  public record Instance(String model, String where, Map<String, Double> values) {
    public Instance {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /** A package name from a module name: {@code wrong_stdp} stays, {@code my-lib} becomes {@code my_lib}. */
  public static String packageFor(String moduleName) {
    List<String> parts = new ArrayList<>();
    for (String part : moduleName.split("\\.")) {
      String p = part.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
      if (p.isEmpty() || !Character.isJavaIdentifierStart(p.charAt(0))) p = "_" + p;
      if (SourceVersion.isKeyword(p)) p = p + "_";
      parts.add(p);
    }
    return String.join(".", parts);
  }

  /**
   * Generates sources for every synapse model of {@code module} that {@code selected} accepts.
   * Neuron models with properties are listed in {@link Output#skipped}: the target does not
   * simulate neurons yet.
   */
  public static Output generate(IrModule module, String packageName, Predicate<Decl> selected, int tries) {
    return generate(module, packageName, selected, tries, List.of());
  }

  /**
   * As {@link #generate(IrModule, String, Predicate, int)}, and each property is also checked
   * with the values of every {@link Instance} of its model (labelled {@code STDP.bounded in
   * Net: a -> b { A_plus = 0.2 }}).
   */
  public static Output generate(IrModule module, String packageName, Predicate<Decl> selected, int tries,
      List<Instance> instances) {
    List<JavaFile> files = new ArrayList<>();
    List<Suite> suites = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    ClassName spikes = ClassName.get(packageName, SpikeSupport.NAME);
    Map<String, Integer> taken = new LinkedHashMap<>();
    for (Decl d : module.decls()) {
      if (!selected.test(d)) continue;
      if (d instanceof NeuronModel n) {
        n.properties().forEach(p -> skipped.add(simple(n.name()) + "." + p.name()));
        continue;
      }
      if (!(d instanceof SynapseModel s)) continue;
      String simple = simple(s.name());
      String base = javaName(simple);
      int n = taken.merge(base, 1, Integer::sum);
      if (n > 1) base = base + n;
      ClassName sim = ClassName.get(packageName, base + "Synapse");
      ClassName tests = ClassName.get(packageName, base + "Properties");
      files.add(file(packageName, SynapseSimulator.generate(s, sim)));
      if (!s.properties().isEmpty()) {
        List<Instance> uses = instances.stream().filter(i -> i.model().equals(s.name())).toList();
        files.add(file(packageName, PropertyTests.generate(s, simple, tests, sim, spikes, tries, uses)));
        suites.add(new Suite(s.name(), tests.canonicalName(), PropertyTests.labels(s, simple, uses)));
      }
    }
    if (!suites.isEmpty()) files.add(file(packageName, SpikeSupport.generate(spikes)));
    return new Output(packageName, files, suites, skipped);
  }

  private static JavaFile file(String pkg, com.palantir.javapoet.TypeSpec type) {
    return JavaFile.builder(pkg, type).indent("  ").skipJavaLangImports(true)
        .addFileComment("Generated by brainc from the model IR; edit the .brain model instead.").build();
  }

  /** A qualified name without its package. */
  public static String simple(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }

  private static String javaName(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_]", "_");
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) s = "_" + s;
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
