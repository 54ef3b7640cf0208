package brainc.compiler.cli;

import brainc.codegen.htm.HtmBackend;
import brainc.codegen.htm.HtmBackends;
import brainc.codegen.htm.RegionBuilder;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.DetectSpec;
import brainc.ir.model.HtmRegion;
import brainc.ir.model.IrModule;
import brainc.ir.source.SourceFile;
import brainc.runtime.htm.HtmModel;
import brainc.runtime.htm.RecordStream;
import brainc.runtime.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brainc detect FILE}: streams CSV records through an HTM region and writes one anomaly
 * score per record, {@code timestamp,value,anomaly_score,raw_score} (the input's columns, then the
 * scores), in NAB's results layout. Without {@code --corpus} it runs the file's {@code detect}
 * statements; with it, the file's region runs over every {@code DATA_DIR/data/<category>/*.csv}
 * and writes {@code OUT_DIR/<detector>/<category>/<detector>_<file>.csv}. Each file gets a fresh
 * region, with its file-relative settings (auto resolution, NAB's probationary period) resolved
 * against that file. A column named {@code reset} with the value 1 starts a new sequence at
 * that record (the temporal memory forgets its context). Prints throughput: records per second and microseconds per record for the
 * encoders, the spatial pooler, the temporal memory and the likelihood.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {"Score CSV streams for anomalies with an HTM region: the file's `detect` statements, "
        + "or a whole NAB corpus (--corpus, --results)."})
final class DetectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .brain file with the region (and `detect` statements).")
  Path file;

  @Option(names = "--corpus", paramLabel = "DATA_DIR",
      description = "A NAB corpus: every DATA_DIR/data/<category>/*.csv is scored.")
  Path corpus;

  @Option(names = "--results", paramLabel = "OUT_DIR", description = "Where --corpus writes its results (default: results).")
  Path results;

  @Option(names = "--detector", paramLabel = "NAME", defaultValue = "brainc",
      description = "The detector name in the results layout (default: ${DEFAULT-VALUE}).")
  String detector;

  @Option(names = "--region", paramLabel = "NAME", description = "The region for --corpus when the file has several.")
  String region;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm",
      description = "Backend: jvm (specialised kernels) or interp (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the pooler and the memory (default: the region's).")
  Long seed;

  @Option(names = "--max-records", paramLabel = "N", description = "Score only the first N records of each file.")
  Integer maxRecords;

  @Option(names = {"-v", "--verbose"}, description = "One line per file.")
  boolean verbose;

  /** Phase totals over all files. */
  private long records;
  private long encodeNanos;
  private long spNanos;
  private long tmNanos;
  private long likelihoodNanos;
  private long cpuNanos;
  private long regionWallNanos;

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** CPU time of this thread, or -1 where the platform does not measure it. */
  private static long cpuNow() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<HtmBackend> chosen = HtmBackends.byName(backend);
    if (chosen.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "unknown backend `" + backend + "` (known: jvm, interp)");
    }
    if (maxRecords != null && maxRecords < 1) throw new ParameterException(spec.commandLine(), "--max-records must be at least 1");
    if (seed != null && seed < 0) throw new ParameterException(spec.commandLine(), "--seed must not be negative");
    if (!detector.matches("[A-Za-z0-9_.-]+")) {
      throw new ParameterException(spec.commandLine(), "--detector must be a plain name (letters, digits, _ . -)");
    }
    if (corpus == null && results != null) throw new ParameterException(spec.commandLine(), "--results needs --corpus");
    Frontend frontend = new Frontend();
    Optional<SourceFile> source = Inputs.read(frontend.loader(), file, err);
    if (source.isEmpty()) return ExitCode.INPUT;
    Analysis analysis = frontend.analyze(source.get());
    DiagnosticRenderer renderer = new DiagnosticRenderer(analysis.sources());
    err.print(renderer.human(analysis.diagnostics()));
    err.flush();
    if (analysis.hasErrors()) return ExitCode.INPUT;
    IrModule module = Lowering.lower(analysis);
    List<HtmRegion> regions = module.decls().stream().filter(d -> d instanceof HtmRegion).map(d -> (HtmRegion) d).toList();
    List<DetectSpec> detects = module.decls().stream().filter(d -> d instanceof DetectSpec).map(d -> (DetectSpec) d).toList();
    long seedOverride = seed == null ? -1 : seed;
    long start = System.nanoTime();
    int code;
    if (corpus != null) {
      Optional<HtmRegion> r = pickRegion(regions, detects, err);
      if (r.isEmpty()) return ExitCode.INPUT;
      code = runCorpus(r.get(), chosen.get(), seedOverride, out, err);
    } else {
      if (detects.isEmpty()) {
        err.println("brainc: " + file + " has no `detect` statement; add one, e.g. "
            + "`detect anomalies with MyRegion in csv \"data.csv\" to \"scores.csv\"`, or use --corpus");
        return ExitCode.INPUT;
      }
      code = ExitCode.OK;
      for (DetectSpec d : detects) {
        HtmRegion target = regions.stream().filter(x -> x.name().equals(d.target())).findFirst().orElseThrow();
        Path input = Path.of(d.input());
        Path output = d.output().map(Path::of).orElse(Path.of("out", RunCommandStem.of(file), target.name() + ".csv"));
        Optional<String> problem = runFile(target, chosen.get(), seedOverride, input, output, out);
        if (problem.isPresent()) {
          err.print(renderer.human(Diagnostic.error(Code.E0803, d.origin().span(), problem.get())));
          err.flush();
          return ExitCode.INPUT;
        }
        out.println(target.name() + ": " + input + " -> " + output);
      }
    }
    if (code == ExitCode.OK) report(System.nanoTime() - start, out);
    return code;
  }

  private Optional<HtmRegion> pickRegion(List<HtmRegion> regions, List<DetectSpec> detects, PrintWriter err) {
    if (region != null) {
      Optional<HtmRegion> r = regions.stream().filter(x -> x.name().equals(region)).findFirst();
      if (r.isEmpty()) err.println("brainc: " + file + " has no region `" + region + "`");
      return r;
    }
    if (regions.size() == 1) return Optional.of(regions.get(0));
    if (regions.isEmpty()) {
      err.println("brainc: " + file + " declares no `region ... : htm`");
      return Optional.empty();
    }
    if (!detects.isEmpty()) {
      String target = detects.get(0).target();
      return regions.stream().filter(x -> x.name().equals(target)).findFirst();
    }
    err.println("brainc: " + file + " declares " + regions.size() + " regions; pick one with --region");
    return Optional.empty();
  }

  private int runCorpus(HtmRegion r, HtmBackend backend, long seedOverride, PrintWriter out, PrintWriter err) {
    Path data = corpus.resolve("data");
    if (!Files.isDirectory(data)) {
      err.println("brainc: cannot read the corpus " + data + ": no such directory (expected DATA_DIR/data/<category>/*.csv)");
      return ExitCode.INPUT;
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> categories = Files.list(data)) {
      for (Path category : categories.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> csvs = Files.list(category)) {
          csvs.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().forEach(files::add);
        }
      }
    } catch (IOException e) {
      err.println("brainc: cannot list the corpus " + data + ": " + e.getMessage());
      return ExitCode.INPUT;
    }
    if (files.isEmpty()) {
      err.println("brainc: the corpus " + data + " has no <category>/*.csv files");
      return ExitCode.INPUT;
    }
    Path base = (results == null ? Path.of("results") : results).resolve(detector);
    for (Path f : files) {
      String category = f.getParent().getFileName().toString();
      Path target = base.resolve(category).resolve(detector + "_" + f.getFileName());
      Optional<String> problem = runFile(r, backend, seedOverride, f, target, verbose ? out : null);
      if (problem.isPresent()) {
        err.println("brainc: error[" + Code.E0803.id() + "]: " + problem.get());
        return ExitCode.INPUT;
      }
    }
    out.println(r.name() + " on " + backend.name() + ": " + files.size() + " files scored into " + base);
    return ExitCode.OK;
  }

  /** Scores one file; an empty result means success, else the message of what went wrong. */
  private Optional<String> runFile(HtmRegion r, HtmBackend backend, long seedOverride, Path input, Path output,
      PrintWriter perFile) {
    RecordStream stream;
    try {
      stream = RecordStream.read(input);
    } catch (NoSuchFileException e) {
      return Optional.of("cannot read " + input + ": no such file");
    } catch (IOException e) {
      return Optional.of("cannot read " + input + ": " + e.getMessage());
    } catch (RecordStream.FormatException e) {
      return Optional.of(input + ":" + e.line() + ": " + e.getMessage());
    }
    RegionBuilder.Resolved resolved;
    try {
      resolved = RegionBuilder.resolve(r, stream, seedOverride);
    } catch (RegionBuilder.StreamMismatch e) {
      return Optional.of(input + ": " + e.getMessage());
    }
    HtmModel model = RegionBuilder.build(resolved, backend);
    int n = maxRecords == null ? stream.records() : Math.min(maxRecords, stream.records());
    int cols = stream.header().size();
    String[] texts = new String[cols];
    double[] numbers = new double[cols];
    long cpuSpent = -1;
    try {
      Path dir = output.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      try (AtomicFiles.Output sink = AtomicFiles.open(output)) {
        // Not closed itself: closing would close the sink after its commit.
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 16);
        w.write(String.join(",", stream.header()));
        w.write(",anomaly_score,raw_score\n");
        long cpu0 = cpuNow();
        int resetColumn = stream.column("reset");
        for (int i = 0; i < n; i++) {
          stream.record(i, texts, numbers);
          if (resetColumn >= 0 && numbers[resetColumn] == 1.0) model.reset();
          HtmModel.Scores s;
          try {
            s = model.step(texts, numbers);
          } catch (IllegalArgumentException e) {
            return Optional.of(input + ":" + (i + 2) + ": " + e.getMessage());
          }
          for (int c = 0; c < cols; c++) {
            w.write(texts[c]);
            w.write(',');
          }
          w.write(Double.toString(s.anomalyScore()));
          w.write(',');
          w.write(Double.toString(s.rawScore()));
          w.write('\n');
        }
        cpuSpent = cpu0 < 0 ? -1 : cpuNow() - cpu0;
        cpuNanos = cpuSpent < 0 || cpuNanos < 0 ? -1 : cpuNanos + cpuSpent;
        w.flush();
        sink.commit();
      }
    } catch (IOException e) {
      return Optional.of("cannot write " + output + ": " + e.getMessage());
    }
    records += model.records();
    encodeNanos += model.encodeNanos();
    spNanos += model.spNanos();
    tmNanos += model.tmNanos();
    likelihoodNanos += model.likelihoodNanos();
    regionWallNanos += model.encodeNanos() + model.spNanos() + model.tmNanos() + model.likelihoodNanos();
    if (perFile != null) {
      perFile.println(String.format(Locale.ROOT, "  %-50s %6d records  %6.0f records/s  %6d segments  %8d synapses",
          category(input) + input.getFileName(), model.records(),
          cpuSpent > 0 ? model.records() / (cpuSpent / 1e9) : Double.NaN, model.temporalMemory().segments(),
          model.temporalMemory().synapses()));
      perFile.flush();
    }
    return Optional.empty();
  }

  /**
   * Prints throughput. The phases are timed by the wall clock (a thread CPU clock costs too much
   * per reading to take five per record); on a machine shared with other processes the wall clock
   * also counts time the thread waited for a core, so the phase times are scaled by the ratio of
   * the thread's CPU time (measured once per file, writing of the results included) to the wall
   * time of the phases, when that ratio is below 1.
   */
  private static String category(Path input) {
    Path parent = input.getParent();
    return parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/";
  }

  private void report(long wallNanos, PrintWriter out) {
    double scale = cpuNanos > 0 && regionWallNanos > 0 ? Math.min(1.0, (double) cpuNanos / regionWallNanos) : 1.0;
    double perRecord = records == 0 ? 0 : scale * 1e-3 / records;
    double region = (encodeNanos + spNanos + tmNanos + likelihoodNanos) * scale;
    out.println(String.format(Locale.ROOT,
        "%d records in %.2f s: %.0f records/s in the region on one thread (%.0f records/s wall overall%s)",
        records, wallNanos / 1e9, region == 0 ? 0 : records / (region / 1e9), records / (wallNanos / 1e9),
        scale < 1 ? String.format(Locale.ROOT, "; phase times scaled by CPU/wall %.2f", scale) : ""));
    out.println(String.format(Locale.ROOT,
        "us/record: encoders %.2f, spatial pooler %.2f, temporal memory %.2f, likelihood %.2f",
        encodeNanos * perRecord, spNanos * perRecord, tmNanos * perRecord, likelihoodNanos * perRecord));
    out.flush();
  }
}
