package brainc.compiler.bench;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.syntax.Parsing;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Warm throughput of {@code brainc check} in-process: several warm-up rounds, then timed
 * rounds of the whole front end (parse, build, check) and of parsing alone, interleaved so that
 * both see the same machine state. Prints the medians in lines per second and their ratio.
 * Not a test; {@code bench/check.sh} runs it:
 *
 * <pre>java -cp compiler/target/brainc.jar:compiler/target/test-classes \
 *     brainc.compiler.bench.CheckBenchmark MODEL.brain [WARMUP] [ROUNDS]</pre>
 */
public final class CheckBenchmark {
  private CheckBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: CheckBenchmark MODEL.brain [WARMUP] [ROUNDS]\n"
          + "       CheckBenchmark --unknown CLEAN.brain UNKNOWN.brain [WARMUP] [ROUNDS]");
      System.exit(2);
    }
    if (args[0].equals("--unknown")) {
      unknownNames(args);
      return;
    }
    Path file = Path.of(args[0]);
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    String text = Files.readString(file, StandardCharsets.UTF_8);
    long lines = text.lines().count();
    SourceFile source = SourceFile.of(file.toString(), text);

    Analysis first = new Frontend().analyze(source);
    if (!first.diagnostics().isEmpty()) {
      System.err.println("warning: the model has " + first.diagnostics().size() + " diagnostics; first: "
          + first.diagnostics().get(0).message());
    }
    for (int i = 0; i < warmup; i++) {
      blackhole(new Frontend().analyze(source).diagnostics().size());
      blackhole(Parsing.parse(source).diagnostics().size());
    }
    double[] check = new double[rounds];
    double[] parse = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      blackhole(new Frontend().analyze(source).diagnostics().size());
      long t1 = System.nanoTime();
      blackhole(Parsing.parse(source).diagnostics().size());
      long t2 = System.nanoTime();
      check[i] = (t1 - t0) / 1e9;
      parse[i] = (t2 - t1) / 1e9;
    }
    double checkS = median(check);
    double parseS = median(parse);
    System.out.printf("model:            %s (%d lines, %d chars)%n", file, lines, text.length());
    System.out.printf("rounds:           %d warm-up, %d timed%n", warmup, rounds);
    System.out.printf("check (warm):     %.1f ms median, %,.0f lines/s%n", checkS * 1e3, lines / checkS);
    System.out.printf("parse only:       %.1f ms median, %,.0f lines/s%n", parseS * 1e3, lines / parseS);
    System.out.printf("check / parse:    %.2fx the time of parsing alone%n", checkS / parseS);
  }

  /**
   * The check of a model full of unknown names against a clean model of the same size: both
   * warmed up, then timed alternately; prints the medians, the number of diagnostics and the ratio.
   */
  private static void unknownNames(String[] args) throws IOException {
    SourceFile clean = read(Path.of(args[1]));
    SourceFile unknown = read(Path.of(args[2]));
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    long unknownCount = new Frontend().analyze(unknown).diagnostics().stream()
        .filter(d -> d.code().id().equals("E0201")).count();
    for (int i = 0; i < warmup; i++) {
      blackhole(new Frontend().analyze(clean).diagnostics().size());
      blackhole(new Frontend().analyze(unknown).diagnostics().size());
    }
    double[] c = new double[rounds];
    double[] u = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      blackhole(new Frontend().analyze(clean).diagnostics().size());
      long t1 = System.nanoTime();
      blackhole(new Frontend().analyze(unknown).diagnostics().size());
      long t2 = System.nanoTime();
      c[i] = (t1 - t0) / 1e9;
      u[i] = (t2 - t1) / 1e9;
    }
    System.out.printf("clean model:      %s (%d lines), %.1f ms median%n", args[1], clean.text().lines().count(),
        median(c) * 1e3);
    System.out.printf("unknown names:    %s (%d lines, %d unknown names), %.1f ms median%n", args[2],
        unknown.text().lines().count(), unknownCount, median(u) * 1e3);
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) ratios[i] = u[i] / c[i];
    // The per-round ratio compares two runs made one after the other, so a busy machine skews it less.
    System.out.printf("unknown / clean:  %.2fx of the medians, %.2fx median per round (goal: at most 2x)%n",
        median(u) / median(c), median(ratios));
  }

  private static SourceFile read(Path file) throws IOException {
    return SourceFile.of(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static int sink;

  private static void blackhole(int x) {
    sink ^= x;
  }
}
