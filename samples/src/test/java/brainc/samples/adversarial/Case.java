package brainc.samples.adversarial;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One hostile input and its exact expected outcome: the files a careless user has, the command
 * line they type, and what brainc must do (exit code, diagnostics with their codes and ranges,
 * files present, absent or untouched).
 *
 * <p>Every file the case writes is an input: unless declared an {@link #output output}, it must
 * have the same bytes after the command (no user file is lost or overwritten). Every case also
 * asserts the suite's invariants: no exit 70, no stack trace, no hang (see {@link Adversarial}).
 *
 * <p>In arguments, {@code $D} stands for the case's own directory (an absolute path). In-process
 * cases should name files through it; {@link #process() process} cases run with that directory as
 * their working directory, so plain relative names work there.
 */
public final class Case {
  /** The classes of failure; each case belongs to one. */
  public enum Kind { CONTRACTS, SILENT, FILES, CRASHES, NONFINITE, RESUME, LSP, MESSAGES }

  final String name;
  final Kind kind;
  final Map<String, byte[]> files = new LinkedHashMap<>();
  final List<Consumer<Path>> setups = new ArrayList<>();
  final Set<String> outputs = new LinkedHashSet<>();
  final List<Consumer<Outcome>> checks = new ArrayList<>();
  final List<String> codes = new ArrayList<>();
  String[] args = new String[0];
  boolean process;
  Duration killAfter;
  boolean sigint;
  Duration timeout = Duration.ofSeconds(120);
  Integer exit;

  private Case(Kind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public static Case of(Kind kind, String name) {
    return new Case(kind, name);
  }

  // ---- the situation ----

  /** A text file of the user's, relative to the case's directory. */
  public Case file(String path, String text) {
    files.put(path, text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** A file of raw bytes (not UTF-8, truncated, binary). */
  public Case bytes(String path, byte[] content) {
    files.put(path, content.clone());
    return this;
  }

  /** Anything else the situation needs: symlinks, read-only folders, directories. */
  public Case setup(Consumer<Path> action) {
    setups.add(action);
    return this;
  }

  /** The command line after {@code brainc}; {@code $D} is replaced by the case's directory. */
  public Case args(String... args) {
    this.args = args.clone();
    return this;
  }

  /** Runs brainc as its own JVM in the case's directory instead of in process. */
  public Case process() {
    this.process = true;
    return this;
  }

  /** Runs as a process and kills it with SIGKILL after {@code d}; the exit code is not checked. */
  public Case killAfter(Duration d) {
    this.process = true;
    this.killAfter = d;
    return this;
  }

  /** Runs as a process and interrupts it (SIGINT) after {@code d}. */
  public Case interruptAfter(Duration d) {
    this.process = true;
    this.killAfter = d;
    this.sigint = true;
    return this;
  }

  public Case timeout(Duration d) {
    this.timeout = d;
    return this;
  }

  /** A file the command may create or replace (so it is not checked to be unchanged). */
  public Case output(String path) {
    outputs.add(path);
    return this;
  }

  // ---- the expected outcome ----

  public Case exit(int code) {
    this.exit = code;
    return this;
  }

  /** Exit 1 with an error of {@code code} whose range starts at {@code line:col}. */
  public Case error(String code, int line, int col) {
    codes.add(code);
    if (exit == null) exit = 1;
    checks.add(o -> o.assertDiagnostic("error", code, line, col, -1));
    return this;
  }

  /** As {@link #error(String, int, int)}, and the carets cover columns {@code col .. endCol-1}. */
  public Case error(String code, int line, int col, int endCol) {
    codes.add(code);
    if (exit == null) exit = 1;
    checks.add(o -> o.assertDiagnostic("error", code, line, col, endCol));
    return this;
  }

  /** A warning of {@code code} at {@code line:col} (the exit code is set separately). */
  public Case warning(String code, int line, int col) {
    codes.add(code);
    checks.add(o -> o.assertDiagnostic("warning", code, line, col, -1));
    return this;
  }

  /** A diagnostic code anywhere on stderr (for errors without a source position, e.g. flags). */
  public Case code(String code) {
    codes.add(code);
    checks.add(o -> o.assertContains(o.err, "[" + code + "]"));
    return this;
  }

  /** A diagnostic of {@code code} in the JSON that {@code --json} prints on stdout. */
  public Case jsonCode(String code) {
    codes.add(code);
    checks.add(o -> o.assertContains(o.out, "\"code\": \"" + code + "\""));
    return this;
  }

  /** Usage error: exit 2 and a message that names {@code fragment}. */
  public Case usage(String fragment) {
    exit = 2;
    checks.add(o -> o.assertContains(o.err, fragment));
    return this;
  }

  public Case stderrHas(String fragment) {
    checks.add(o -> o.assertContains(o.err, fragment));
    return this;
  }

  public Case stderrLacks(String fragment) {
    checks.add(o -> o.assertLacks(o.err, fragment));
    return this;
  }

  public Case stdoutHas(String fragment) {
    checks.add(o -> o.assertContains(o.out, fragment));
    return this;
  }

  public Case stdoutLacks(String fragment) {
    checks.add(o -> o.assertLacks(o.out, fragment));
    return this;
  }

  public Case stdoutIs(String text) {
    checks.add(o -> o.assertEquals(text, o.out, "stdout"));
    return this;
  }

  public Case exists(String path) {
    checks.add(o -> o.assertExists(path));
    return this;
  }

  public Case absent(String path) {
    checks.add(o -> o.assertAbsent(path));
    return this;
  }

  /** Any further check on the outcome. */
  public Case then(Consumer<Outcome> check) {
    checks.add(check);
    return this;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase() + "/" + name;
  }
}
