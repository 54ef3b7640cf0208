package brainc.codegen.java;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.palantir.javapoet.JavaFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Compiles the sources of the {@code java} target in memory with the JDK's compiler and runs
 * their jqwik properties through the JUnit Platform Launcher, one result per property label.
 * jqwik reports through the platform (no output on stdout) and keeps its failure database in a
 * temporary file, so a run leaves nothing behind.
 */
public final class PropertyRunner {
  /** The outcome of one property. {@code message} is the shrunk counterexample when it failed. */
  public record Result(String label, boolean passed, int tries, String message) {}

  /** The JDK has no compiler: brainc runs on a JRE. */
  public static final class NoCompilerException extends Exception {
    private static final long serialVersionUID = 1L;

    NoCompilerException() {
      super("brainc verify compiles the generated tests, so it needs a JDK, not a JRE: "
          + "no Java compiler is available in " + System.getProperty("java.home"));
    }
  }

  private PropertyRunner() {}

  /** Compiles {@code output}'s sources and runs every suite; results come in suite and declaration order. */
  public static List<Result> run(JavaTarget.Output output) throws NoCompilerException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) throw new NoCompilerException();
    MemoryLoader loader = compile(javac, output.files());
    Path dir;
    try {
      dir = Files.createTempDirectory("brainc-verify");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    Path database = dir.resolve("jqwik-database");
    // jqwik logs edge-case statistics through java.util.logging; the results speak for themselves.
    java.util.logging.Logger jqwikLog = java.util.logging.Logger.getLogger("net.jqwik");
    java.util.logging.Level level = jqwikLog.getLevel();
    jqwikLog.setLevel(java.util.logging.Level.OFF);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try {
      thread.setContextClassLoader(loader);
      LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
          .filters(EngineFilter.includeEngines("jqwik"))
          .configurationParameter("jqwik.reporting.usejunitplatform", "true")
          .configurationParameter("jqwik.reporting.onlyfailures", "false")
          .configurationParameter("jqwik.database", database.toString())
          .configurationParameter("jqwik.failures.runfirst", "false")
          .configurationParameter("jqwik.failures.after.default", "RANDOM_SEED");
      for (JavaTarget.Suite suite : output.suites()) {
        try {
          request.selectors(selectClass(loader.loadClass(suite.testClass())));
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException("the generated class " + suite.testClass() + " did not compile", e);
        }
      }
      LauncherDiscoveryRequest built = request.build();
      Listener listener = new Listener();
      LauncherFactory.create().execute(built, listener);
      List<Result> results = new ArrayList<>();
      for (JavaTarget.Suite suite : output.suites()) {
        for (String label : suite.labels()) {
          Result r = listener.results.get(label);
          results.add(r != null ? r : new Result(label, false, 0, "the property did not run"));
        }
      }
      return results;
    } finally {
      thread.setContextClassLoader(previous);
      jqwikLog.setLevel(level);
      try {
        Files.deleteIfExists(database);
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // A temporary file; the system cleans it up.
      }
    }
  }

  /** Collects one result per property, with the tries jqwik reported. */
  private static final class Listener implements TestExecutionListener {
    final Map<String, Result> results = new LinkedHashMap<>();
    final Map<String, Integer> tries = new HashMap<>();

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
      entry.getKeyValuePairs().forEach((k, v) -> {
        String text = k + " " + v;
        var m = java.util.regex.Pattern.compile("tries\\s*=\\s*(\\d+)").matcher(text);
        if (m.find()) tries.put(id.getUniqueId(), Integer.parseInt(m.group(1)));
      });
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (!id.isTest()) return;
      int n = tries.getOrDefault(id.getUniqueId(), 0);
      boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
      String message = result.getThrowable().map(PropertyRunner::message).orElse("");
      results.put(id.getDisplayName(), new Result(id.getDisplayName(), ok, n, message));
    }
  }

  private static String message(Throwable t) {
    if (t instanceof AssertionError && t.getMessage() != null) return t.getMessage();
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  // ------------------------------------------------------------------------------------------
  // In-memory compilation
  // ------------------------------------------------------------------------------------------

  /** Compiles {@code files} in memory; the classes load through the returned loader. */
  static ClassLoader compile(List<JavaFile> files) throws NoCompilerException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) throw new NoCompilerException();
    return compile(javac, files);
  }

  private static MemoryLoader compile(JavaCompiler javac, List<JavaFile> files) {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
    Map<String, ByteArrayOutputStream> classes = new LinkedHashMap<>();
    ForwardingJavaFileManager<StandardJavaFileManager> memory = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
          FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            classes.put(className, out);
            return out;
          }
        };
      }
    };
    List<JavaFileObject> sources = new ArrayList<>();
    for (JavaFile f : files) sources.add(f.toJavaFileObject());
    List<String> options = List.of("-classpath", classpath(), "-proc:none", "-g", "--release", "17");
    StringWriter out = new StringWriter();
    boolean ok = javac.getTask(out, memory, diagnostics, options, null, sources).call();
    if (!ok) {
      StringBuilder b = new StringBuilder("the generated Java sources do not compile (a bug in brainc):");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          b.append("\n  ").append(d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
              .append(d.getMessage(null));
        }
      }
      throw new IllegalStateException(b.toString());
    }
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    classes.forEach((k, v) -> bytes.put(k, v.toByteArray()));
    return new MemoryLoader(bytes, PropertyRunner.class.getClassLoader());
  }

  /** The jars (or directories) that hold the jqwik API and what its annotations need. */
  private static String classpath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String name : List.of("net.jqwik.api.Property", "org.junit.platform.commons.annotation.Testable",
        "org.apiguardian.api.API", "org.opentest4j.AssertionFailedError")) {
      try {
        Class<?> c = Class.forName(name, false, PropertyRunner.class.getClassLoader());
        var source = c.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) entries.add(Path.of(source.getLocation().toURI()).toString());
      } catch (ClassNotFoundException | URISyntaxException | SecurityException e) {
        // Optional pieces (apiguardian) may be missing; javac then reports what it lacks.
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** Defines the compiled classes; everything else comes from brainc's own class loader. */
  private static final class MemoryLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    MemoryLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) throw new ClassNotFoundException(name);
      return defineClass(name, b, 0, b.length);
    }
  }
}
