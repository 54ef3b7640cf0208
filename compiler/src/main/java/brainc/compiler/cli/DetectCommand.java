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
import brainc.runtime.io.IoMessages;
import brainc.runtime.io.OutputException;
import brainc.runtime.io.OutputPaths;
import brainc.runtime.io.ResultFolder;
import brainc.runtime.nab.NabAnomalyScores;
import brainc.runtime.nab.NabException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
      description = "The detector name in the results layout: one word of letters, digits, '-', '.' or '+' (default: ${DEFAULT-VALUE}).")
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
    try {
      NabAnomalyScores.checkDetectorName(detector);
    } catch (NabException e) {
      throw new ParameterException(spec.commandLine(), "--detector " + detector + ": a detector name is one word of letters, "
          + "digits, '-', '.' or '+', without '_' (NAB's results files are DETECTOR_FILE.csv, and score-nab reads the same names)");
    }
    if (corpus == null) {
      // Flags of the corpus mode would be ignored by the file's statements: say so instead.
      for (String flag : List.of("--results", "--region", "--detector", "--verbose")) {
        if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
          throw new ParameterException(spec.commandLine(), flag + " needs --corpus (the file's `detect` statements "
              + "name their own region and output)");
        }
      }
    }
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
    // What the regions' settings make impossible whatever the data is refused before any CSV is read.
    List<Diagnostic> refused = brainc.compiler.passes.DetectCheck.check(module);
    if (!refused.isEmpty()) {
      err.print(renderer.human(refused));
      err.flush();
      return ExitCode.INPUT;
    }
    long seedOverride = seed == null ? -1 : seed;
    List<Path> sources = Inputs.userSources(analysis, file);
    long start = System.nanoTime();
    int code;
    if (corpus != null) {
      Optional<HtmRegion> r = pickRegion(regions, detects, err);
      if (r.isEmpty()) return ExitCode.INPUT;
      code = runCorpus(r.get(), chosen.get(), seedOverride, sources, out, err);
    } else {
      if (detects.isEmpty()) {
        err.println("brainc: " + file + " has no `detect` statement; add one, e.g. "
            + "`detect anomalies with MyRegion in csv \"data.csv\" to \"scores.csv\"`, or use --corpus");
        return ExitCode.INPUT;
      }
      // Every output is checked before any work starts: none may be an input (the model, a CSV
      // of any statement), a folder, or the output of another statement.
      List<Path> inputs = new ArrayList<>(sources);
      for (DetectSpec d : detects) inputs.add(Path.of(d.input()));
      List<Job> jobs = new ArrayList<>();
      for (DetectSpec d : detects) {
        HtmRegion target = regions.stream().filter(x -> x.name().equals(d.target())).findFirst().orElseThrow();
        Path input = Path.of(d.input());
        Path output = d.output().map(Path::of).orElse(Path.of("out", RunCommandStem.of(file), target.name() + ".csv"));
        Optional<String> problem = checkOutput(output, inputs, jobs);
        if (problem.isPresent()) {
          err.print(renderer.human(Diagnostic.error(Code.E0803, d.origin().span(), problem.get())));
          err.flush();
          return ExitCode.INPUT;
        }
        jobs.add(new Job(target, input, output, d));
      }
      // Then every input is read and checked, so that a bad CSV stops the command before it writes.
      for (Job j : jobs) {
        Optional<String> problem = j.prepare(seedOverride, err);
        if (problem.isPresent()) {
          err.print(renderer.human(Diagnostic.error(Code.E0803, j.statement.origin().span(), problem.get())));
          err.flush();
          return ExitCode.INPUT;
        }
        if (j.stream == null) return ExitCode.INPUT;
      }
      code = ExitCode.OK;
      for (Job j : jobs) {
        try {
          Path dir = j.output.toAbsolutePath().getParent();
          if (dir != null) Files.createDirectories(dir);
          score(j, chosen.get(), j.output, null);
        } catch (IOException e) {
          err.print(renderer.human(Diagnostic.error(Code.E0803, j.statement.origin().span(),
              IoMessages.cannot("write the scores to", j.output, e))));
          err.flush();
          return ExitCode.INPUT;
        } catch (RecordStream.FormatException e) {
          printCsvError(err, j.input, e);
          return ExitCode.INPUT;
        }
        out.println(j.region.name() + ": " + j.input + " -> " + j.output);
      }
    }
    if (code == ExitCode.OK) report(System.nanoTime() - start, out);
    return code;
  }

  /** Why {@code output} cannot take a detect statement's scores, if it cannot. */
  private static Optional<String> checkOutput(Path output, List<Path> inputs, List<Job> earlier) {
    try {
      OutputPaths.refuseInputs("the output", output, inputs);
    } catch (OutputException e) {
      return Optional.of(e.getMessage());
    }
    for (Job j : earlier) {
      if (j.output.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())
          || OutputPaths.sameFile(j.output, output)) {
        return Optional.of("the output " + output + " is also the output of the statement for " + j.input
            + "; the second would replace the first. Name another file");
      }
    }
    Path real;
    try {
      // A link is written through: what matters is the file at its end.
      real = AtomicFiles.throughLinks(output.toAbsolutePath());
    } catch (IOException e) {
      return Optional.of(IoMessages.cannot("write the scores to", output, e));
    }
    if (Files.isDirectory(real)) return Optional.of("the output " + output + " is a folder; name a file for the scores");
    if (OutputPaths.isSpecial(real)) return Optional.of("the output " + output + " is not a regular file");
    for (Path p = real.getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) return Optional.of("cannot write the scores to " + output + ": " + p + " is a file, not a folder");
        if (!OutputPaths.canCreateIn(p)) return Optional.of("cannot write the scores to " + output + ": " + p + " is not writable");
        break;
      }
    }
    if (Files.exists(real) && !Files.isWritable(real)) {
      return Optional.of("cannot write the scores to " + output + ": permission denied");
    }
    return Optional.empty();
  }

  /** Prints a CSV problem at its place in the CSV: {@code in.csv:3:21: error[E0804]: ...}. */
  private static void printCsvError(PrintWriter err, Path input, RecordStream.FormatException e) {
    Code code = e.order() ? Code.E0804 : Code.E0803;
    err.println(input + ":" + e.line() + ":" + e.column() + ": error[" + code.id() + "]: " + e.getMessage());
    err.flush();
  }

  /** One file to score: its region, input and output, and once prepared its stream and settings. */
  private final class Job {
    final HtmRegion region;
    final Path input;
    final Path output;
    final DetectSpec statement;
    RecordStream stream;
    RegionBuilder.Resolved resolved;

    Job(HtmRegion region, Path input, Path output, DetectSpec statement) {
      this.region = region;
      this.input = input;
      this.output = output;
      this.statement = statement;
    }

    /**
     * Reads and checks the input. Returns a problem to report at the statement; prints a problem
     * located in the CSV itself and leaves {@link #stream} null.
     */
    Optional<String> prepare(long seedOverride, PrintWriter err) {
      RecordStream s;
      try {
        if (Files.isDirectory(input)) return Optional.of("cannot read " + input + ": it is a folder, not a CSV file");
        if (Files.exists(input) && !Files.isRegularFile(input)) {
          // A pipe or a device would block or never end.
          return Optional.of("cannot read " + input + ": not a regular file");
        }
        s = RecordStream.read(input);
        int n = maxRecords == null ? Integer.MAX_VALUE : maxRecords;
        RegionBuilder.check(region, s, n);
        Optional<RecordStream.FormatException> order = RegionBuilder.orderProblem(region, s, n);
        if (order.isPresent()) {
          if (statement != null) throw order.get();
          // NAB's own corpus has a few repeated timestamps (clock changes) and one row out of
          // order; its labels and every detector's results are matched to the rows as they are,
          // so a corpus file is scored in file order, with a note.
          RecordStream.FormatException o = order.get();
          err.println(input + ":" + o.line() + ":" + o.column() + ": note: " + o.getMessage()
              + " (scored in file order, as NAB does)");
          err.flush();
        }
      } catch (java.nio.file.NoSuchFileException e) {
        return Optional.of("cannot read " + input + ": no such file");
      } catch (IOException e) {
        return Optional.of(IoMessages.cannot("read", input, e));
      } catch (RecordStream.FormatException e) {
        printCsvError(err, input, e);
        return Optional.empty();
      }
      try {
        resolved = RegionBuilder.resolve(region, s, seedOverride);
      } catch (RegionBuilder.StreamMismatch e) {
        err.println(input + ":1:1: error[" + Code.E0803.id() + "]: " + e.getMessage());
        err.flush();
        return Optional.empty();
      }
      stream = s;
      return Optional.empty();
    }
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

  private int runCorpus(HtmRegion r, HtmBackend backend, long seedOverride, List<Path> sources, PrintWriter out,
      PrintWriter err) {
    Path data = corpus.resolve("data");
    if (!Files.isDirectory(data)) {
      err.println("brainc: cannot read the corpus " + data + ": no such directory (expected DATA_DIR/data/<category>/*.csv)");
      return ExitCode.INPUT;
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> categories = Files.list(data)) {
      List<Path> entries = categories.sorted().toList();
      for (Path loose : entries) {
        if (Files.isRegularFile(loose) && loose.getFileName().toString().endsWith(".csv")) {
          // NAB's layout has every data file in a category folder; say so rather than skip it silently.
          err.println("brainc: note: " + loose + " is not in a category folder (DATA_DIR/data/<category>/*.csv); not scored");
        }
      }
      for (Path category : entries.stream().filter(Files::isDirectory).toList()) {
        try (Stream<Path> csvs = Files.list(category)) {
          for (Path p : csvs.filter(q -> q.getFileName().toString().endsWith(".csv")).sorted().toList()) {
            if (Files.isRegularFile(p)) {
              files.add(p);
            } else if (!Files.isDirectory(p)) {
              // Skipped, it would be missing from the results without a word.
              err.println("brainc: " + p + " is not a regular file" + brainc.runtime.nab.NabCorpus.SPECIAL);
              return ExitCode.INPUT;
            }
          }
        }
      }
    } catch (IOException e) {
      err.println("brainc: " + IoMessages.cannot("list the corpus", data, e));
      return ExitCode.INPUT;
    }
    if (files.isEmpty()) {
      err.println("brainc: the corpus " + data + " has no <category>/*.csv files");
      return ExitCode.INPUT;
    }
    Path base = (results == null ? Path.of("results") : results).resolve(detector);
    // The results folder is checked before any work: it may not hold or be an input, nor lie in
    // the corpus's data (where it would become a category), nor be a folder brainc did not write.
    try {
      List<Path> inputs = new ArrayList<>(sources);
      inputs.addAll(files);
      OutputPaths.refuseInputs("--results", results == null ? Path.of("results") : results, inputs);
      OutputPaths.refuseInputs("--results", base, inputs);
      Path dataReal = data.toRealPath();
      Path baseAbs = base.toAbsolutePath().normalize();
      Path existing = baseAbs;
      while (existing != null && !Files.exists(existing)) existing = existing.getParent();
      if (existing != null && existing.toRealPath().startsWith(dataReal)) {
        throw new OutputException("--results " + base.getParent() + " lies inside the corpus's data folder " + data
            + ", where its files would be read as data; name a folder outside it");
      }
      ResultFolder.check(base, "detect");
    } catch (IOException e) {
      err.println("brainc: " + IoMessages.cannot("write the results to", base, e));
      return ExitCode.INPUT;
    }
    List<Job> jobs = new ArrayList<>();
    for (Path f : files) {
      Job j = new Job(r, f, base.resolve(f.getParent().getFileName().toString()).resolve(detector + "_" + f.getFileName()), null);
      Optional<String> problem = j.prepare(seedOverride, err);
      if (problem.isPresent()) {
        err.println("brainc: error[" + Code.E0803.id() + "]: " + problem.get());
        return ExitCode.INPUT;
      }
      if (j.stream == null) return ExitCode.INPUT;
      jobs.add(j);
    }
    Map<String, String> run = new LinkedHashMap<>();
    run.put("command", "detect");
    run.put("model", file.toString());
    run.put("region", r.name());
    run.put("corpus", corpus.toString());
    run.put("detector", detector);
    run.put("backend", backend.name());
    if (seed != null) run.put("seed", Long.toString(seed));
    if (maxRecords != null) run.put("max-records", Integer.toString(maxRecords));
    try (ResultFolder folder = ResultFolder.open(base, run)) {
      for (Job j : jobs) {
        String category = j.input.getParent().getFileName().toString();
        try {
          score(j, backend, folder.file(category + "/" + detector + "_" + j.input.getFileName()), verbose ? out : null);
        } catch (RecordStream.FormatException e) {
          printCsvError(err, j.input, e);
          return ExitCode.INPUT;
        }
      }
      folder.commit();
    } catch (IOException e) {
      err.println("brainc: " + IoMessages.cannot("write the results to", base, e));
      return ExitCode.INPUT;
    }
    out.println(r.name() + " on " + backend.name() + ": " + files.size() + " files scored into " + base);
    return ExitCode.OK;
  }

  /** Scores one prepared file into {@code target} (atomically). */
  private void score(Job job, HtmBackend backend, Path target, PrintWriter perFile)
      throws IOException, RecordStream.FormatException {
    RecordStream stream = job.stream;
    Path input = job.input;
    HtmModel model = RegionBuilder.build(job.resolved, backend);
    int n = maxRecords == null ? stream.records() : Math.min(maxRecords, stream.records());
    int cols = stream.header().size();
    String[] texts = new String[cols];
    double[] numbers = new double[cols];
    long cpuSpent;
    try (AtomicFiles.Output sink = AtomicFiles.open(target)) {
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
          throw new RecordStream.FormatException(stream.line(i), 1, e.getMessage(), false);
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
