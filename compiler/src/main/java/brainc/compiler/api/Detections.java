package brainc.compiler.api;

import brainc.codegen.registry.Engines;
import brainc.codegen.htm.HtmBackend;
import brainc.codegen.htm.RegionBuilder;
import brainc.codegen.htm.RegionInstance;
import brainc.compiler.driver.Analysis;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.DetectCheck;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.DetectSpec;
import brainc.ir.model.HtmRegion;
import brainc.ir.model.IrModule;
import brainc.ir.spec.RegionSpec;
import brainc.ir.targets.ProgramKind;
import brainc.ir.targets.Targets;
import brainc.runtime.htm.HtmModel;
import brainc.runtime.htm.RecordStream;
import brainc.runtime.io.AtomicFiles;
import brainc.runtime.io.IoMessages;
import brainc.runtime.io.OutputException;
import brainc.runtime.io.OutputPaths;
import brainc.runtime.io.ResultFolder;
import brainc.runtime.io.Snapshot;
import brainc.runtime.nab.NabCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code detect} as a library call: streams CSV records through a model's HTM region and writes
 * one anomaly score per record, {@code <input's columns>,anomaly_score,raw_score}. Without a
 * {@link Corpus} it runs the model's {@code detect} statements; with one, the region runs over
 * every {@code DATA/data/<category>/*.csv} and the results are published whole in NAB's layout.
 * Each file gets a fresh region with its file-relative settings resolved against that file.
 *
 * <p>A run keeps a checkpoint beside its results ({@link DetectCheckpoint}): finished files,
 * and the file in progress as its scores so far plus a snapshot of the region every {@link
 * Options#checkpointEvery} records. {@link Options#resume} continues a stopped run from it, to the
 * same bytes. Files are independent, so a corpus runs on {@link Options#threads} threads; what is
 * reported comes in file order whatever the threads.
 *
 * <p>Nothing here prints: problems and progress go to a {@link Listener}, and the caller
 * renders them (the {@code detect} command prints exactly what it printed before).
 */
public final class Detections {
  private Detections() {}

  /** Records between snapshots of a file in progress, unless told otherwise. */
  public static final int DEFAULT_CHECKPOINT_EVERY = 5000;

  /** Settings of any detect run. {@code seed} and {@code maxRecords} null: the region's, every record. */
  public record Options(String engine, Long seed, Integer maxRecords, boolean resume, int checkpointEvery, int threads) {
    public Options {
      if (checkpointEvery < 1) throw new IllegalArgumentException("checkpointEvery must be at least 1");
      if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
    }
  }

  /** A NAB corpus run: its data folder, the results folder (null: {@code results}), the detector and the region (null: the only one). */
  public record Corpus(Path data, Path results, String detector, String region) {}

  /** Where problems and progress go, in the order they happen. */
  public interface Listener {
    /** A line for the error stream, already placed ({@code in.csv:3:21: error[E0804]: ...}, {@code brainc: ...}). */
    void problem(String line);

    /** A problem at a place in the model. */
    void diagnostic(Diagnostic d);

    /** One file scored (or kept from the run that a resume continues), in file order. */
    default void scored(Scored file) {}

    /**
     * Asked before each record: true stops the run there, as an interruption would (nothing is
     * published; the checkpoint keeps what a resume needs).
     */
    default boolean stopRequested() {
      return false;
    }
  }

  /** One scored file: its input and output, records scored now and the thread CPU time they took, the memory's size after. */
  public record Scored(String region, Path input, Path output, long records, long cpuNanos, int segments, long synapses,
      boolean kept) {}

  /** Phase times over every file scored in this run: wall-clock per phase, the threads' CPU time (-1: not measured). */
  public record Totals(long records, long encodeNanos, long spNanos, long tmNanos, long likelihoodNanos, long cpuNanos,
      long regionWallNanos) {
    static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0);

    Totals plus(Totals o) {
      return new Totals(records + o.records, encodeNanos + o.encodeNanos, spNanos + o.spNanos, tmNanos + o.tmNanos,
          likelihoodNanos + o.likelihoodNanos, cpuNanos < 0 || o.cpuNanos < 0 ? -1 : cpuNanos + o.cpuNanos,
          regionWallNanos + o.regionWallNanos);
    }
  }

  /**
   * How a run ended: {@code ok} false when a problem was reported or it was stopped ({@code
   * stopped}, its checkpoint then in {@code checkpoint}); the corpus's closing line; the totals.
   */
  public record Result(boolean ok, boolean stopped, Optional<Path> checkpoint, Optional<String> summary, Totals totals) {
    static Result failed() {
      return new Result(false, false, Optional.empty(), Optional.empty(), Totals.NONE);
    }

    static Result stopped(DetectCheckpoint c) {
      return new Result(false, true, Optional.of(c.dir()), Optional.empty(), Totals.NONE);
    }

    static Result done(Optional<String> summary, Totals totals) {
      return new Result(true, false, Optional.empty(), summary, totals);
    }
  }

  /** Unwinds a run whose listener asked it to stop. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }

  /** The region engines' names, for usage messages. */
  public static List<String> engines() {
    return Targets.engines(ProgramKind.REGION);
  }

  /** Whether {@code name} is a region engine. */
  public static boolean isEngine(String name) {
    return Engines.find(ProgramKind.REGION, name, HtmBackend.class).isPresent();
  }

  /**
   * Runs the detection of {@code analysis} (of the model {@code file}, whose errors the caller
   * has reported): its statements, or {@code corpus} when not null.
   */
  public static Result detect(Analysis analysis, Path file, Options options, Corpus corpus, Listener listener) {
    if (analysis.hasErrors()) throw new IllegalArgumentException("the analysis has errors");
    HtmBackend engine = Engines.find(ProgramKind.REGION, options.engine(), HtmBackend.class)
        .orElseThrow(() -> new IllegalArgumentException("no region engine " + options.engine()));
    IrModule module = Lowering.lower(analysis);
    List<HtmRegion> regions = module.decls().stream().filter(d -> d instanceof HtmRegion).map(d -> (HtmRegion) d).toList();
    List<DetectSpec> detects = module.decls().stream().filter(d -> d instanceof DetectSpec).map(d -> (DetectSpec) d).toList();
    // What the regions' settings make impossible whatever the data is refused before any CSV is read.
    List<Diagnostic> refused = DetectCheck.check(module);
    if (!refused.isEmpty()) {
      refused.forEach(listener::diagnostic);
      return Result.failed();
    }
    Run run = new Run(analysis, file, options, engine, listener);
    if (corpus != null) {
      Optional<HtmRegion> r = run.pickRegion(corpus.region(), regions, detects);
      if (r.isEmpty()) return Result.failed();
      return run.corpus(r.get(), corpus);
    }
    if (detects.isEmpty()) {
      listener.problem("brainc: " + file + " has no `detect` statement; add one, e.g. "
          + "`detect anomalies with MyRegion in csv \"data.csv\" to \"scores.csv\"`, or use --corpus");
      return Result.failed();
    }
    return run.statements(regions, detects);
  }

  /** The model's stem: {@code out/<stem>/} holds the default outputs. */
  private static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".brain") ? name.substring(0, name.length() - ".brain".length()) : name;
  }

  /** One invocation. */
  private static final class Run {
    final Analysis analysis;
    final Path file;
    final Options o;
    final HtmBackend engine;
    final Listener listener;
    final List<Path> sources;
    final long seedOverride;
    /** Set when the run ends early (a problem, a stop): the other threads stop at their next record. */
    final java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();

    Run(Analysis analysis, Path file, Options o, HtmBackend engine, Listener listener) {
      this.analysis = analysis;
      this.file = file;
      this.o = o;
      this.engine = engine;
      this.listener = listener;
      this.sources = userSources(analysis, file);
      this.seedOverride = o.seed() == null ? -1 : o.seed();
    }

    Result statements(List<HtmRegion> regions, List<DetectSpec> detects) {
      // Every output is checked before any work starts: none may be an input (the model, a CSV
      // of any statement), a folder, or the output of another statement.
      List<Path> inputs = new ArrayList<>(sources);
      for (DetectSpec d : detects) inputs.add(Path.of(d.input()));
      Map<HtmRegion, RegionSpec> specs = new java.util.IdentityHashMap<>();
      List<Job> jobs = new ArrayList<>();
      for (DetectSpec d : detects) {
        HtmRegion target = regions.stream().filter(x -> x.name().equals(d.target())).findFirst().orElseThrow();
        Path input = Path.of(d.input());
        Path output = d.output().map(Path::of).orElse(Path.of("out", stem(file), target.name() + ".csv"));
        Optional<String> problem = checkOutput(output, inputs, jobs);
        if (problem.isPresent()) {
          listener.diagnostic(Diagnostic.error(Code.E0803, d.origin().span(), problem.get()));
          return Result.failed();
        }
        jobs.add(new Job(jobs.size(), target, specs.computeIfAbsent(target, RegionSpec::of), input, output, d));
      }
      // Then every input is read and checked, so that a bad CSV stops the command before it writes.
      for (Job j : jobs) {
        Optional<String> problem = j.prepare(this);
        if (problem.isPresent()) {
          listener.diagnostic(Diagnostic.error(Code.E0803, j.statement.origin().span(), problem.get()));
          return Result.failed();
        }
        if (j.stream == null) return Result.failed();
      }
      Job first = jobs.get(0);
      DetectCheckpoint checkpoint;
      try {
        checkpoint = DetectCheckpoint.open(DetectCheckpoint.beside(first.output), fingerprint(null, null, jobs), o.resume());
      } catch (DetectCheckpoint.Refusal e) {
        listener.problem("brainc: " + e.getMessage());
        return Result.failed();
      } catch (IOException e) {
        listener.diagnostic(Diagnostic.error(Code.E0803, first.statement.origin().span(), e instanceof OutputException
            ? e.getMessage() : IoMessages.cannot("write the checkpoint of", first.output, e)));
        return Result.failed();
      }
      Totals totals = Totals.NONE;
      for (Job j : jobs) {
        try {
          if (checkpoint.isDone(j.index)) {
            listener.scored(new Scored(j.region.name(), j.input, j.output, 0, 0, 0, 0, true));
            continue;
          }
          Path dir = j.output.toAbsolutePath().getParent();
          if (dir != null) Files.createDirectories(dir);
          Scoring s = score(j, checkpoint);
          AtomicFiles.write(j.output, Files.readAllBytes(checkpoint.partial(j.index)));
          checkpoint.finish(j.index, false);
          totals = totals.plus(s.totals);
          listener.scored(s.scored(j.output));
        } catch (IOException e) {
          listener.diagnostic(Diagnostic.error(Code.E0803, j.statement.origin().span(),
              IoMessages.cannot("write the scores to", j.output, e)));
          return Result.failed();
        } catch (RecordStream.FormatException e) {
          csvError(j.input, e);
          return Result.failed();
        } catch (Stopped e) {
          return Result.stopped(checkpoint);
        }
      }
      deleteQuietly(checkpoint);
      return Result.done(Optional.empty(), totals);
    }

    Result corpus(HtmRegion r, Corpus corpus) {
      Path data = corpus.data().resolve("data");
      if (!Files.isDirectory(data)) {
        listener.problem("brainc: cannot read the corpus " + data + ": no such directory (expected DATA_DIR/data/<category>/*.csv)");
        return Result.failed();
      }
      List<Path> files = new ArrayList<>();
      try (Stream<Path> categories = Files.list(data)) {
        List<Path> entries = categories.sorted().toList();
        for (Path loose : entries) {
          if (Files.isRegularFile(loose) && loose.getFileName().toString().endsWith(".csv")) {
            // NAB's layout has every data file in a category folder; say so rather than skip it silently.
            listener.problem("brainc: note: " + loose + " is not in a category folder (DATA_DIR/data/<category>/*.csv); not scored");
          }
        }
        for (Path category : entries.stream().filter(Files::isDirectory).toList()) {
          try (Stream<Path> csvs = Files.list(category)) {
            for (Path p : csvs.filter(q -> q.getFileName().toString().endsWith(".csv")).sorted().toList()) {
              if (Files.isRegularFile(p)) {
                files.add(p);
              } else if (!Files.isDirectory(p)) {
                // Skipped, it would be missing from the results without a word.
                listener.problem("brainc: " + p + " is not a regular file" + NabCorpus.SPECIAL);
                return Result.failed();
              }
            }
          }
        }
      } catch (IOException e) {
        listener.problem("brainc: " + IoMessages.cannot("list the corpus", data, e));
        return Result.failed();
      }
      if (files.isEmpty()) {
        listener.problem("brainc: the corpus " + data + " has no <category>/*.csv files");
        return Result.failed();
      }
      String detector = corpus.detector();
      Path results = corpus.results() == null ? Path.of("results") : corpus.results();
      Path base = results.resolve(detector);
      // The results folder is checked before any work: it may not hold or be an input, nor lie in
      // the corpus's data (where it would become a category), nor be a folder brainc did not write.
      try {
        List<Path> inputs = new ArrayList<>(sources);
        inputs.addAll(files);
        OutputPaths.refuseInputs("--results", results, inputs);
        OutputPaths.refuseInputs("--results", base, inputs);
        Path dataReal = data.toRealPath();
        Path existing = base.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing != null && existing.toRealPath().startsWith(dataReal)) {
          throw new OutputException("--results " + base.getParent() + " lies inside the corpus's data folder " + data
              + ", where its files would be read as data; name a folder outside it");
        }
        ResultFolder.check(base, "detect");
      } catch (IOException e) {
        listener.problem("brainc: " + IoMessages.cannot("write the results to", base, e));
        return Result.failed();
      }
      List<Job> jobs = new ArrayList<>();
      RegionSpec spec = RegionSpec.of(r);
      for (Path f : files) {
        Job j = new Job(jobs.size(), r, spec, f, base.resolve(f.getParent().getFileName().toString()).resolve(detector + "_" + f.getFileName()), null);
        Optional<String> problem = j.prepare(this);
        if (problem.isPresent()) {
          listener.problem("brainc: error[" + Code.E0803.id() + "]: " + problem.get());
          return Result.failed();
        }
        if (j.stream == null) return Result.failed();
        jobs.add(j);
      }
      DetectCheckpoint checkpoint;
      try {
        checkpoint = DetectCheckpoint.open(DetectCheckpoint.beside(base), fingerprint(r, corpus, jobs), o.resume());
      } catch (DetectCheckpoint.Refusal e) {
        listener.problem("brainc: " + e.getMessage());
        return Result.failed();
      } catch (IOException e) {
        listener.problem("brainc: " + (e instanceof OutputException ? e.getMessage()
            : IoMessages.cannot("write the checkpoint of", base, e)));
        return Result.failed();
      }
      Map<String, String> manifest = new LinkedHashMap<>();
      manifest.put("command", "detect");
      manifest.put("model", file.toString());
      manifest.put("region", r.name());
      manifest.put("corpus", corpus.data().toString());
      manifest.put("detector", detector);
      manifest.put("backend", engine.name());
      if (o.seed() != null) manifest.put("seed", Long.toString(o.seed()));
      if (o.maxRecords() != null) manifest.put("max-records", Integer.toString(o.maxRecords()));
      Totals totals = Totals.NONE;
      ExecutorService pool = o.threads() > 1 ? Executors.newFixedThreadPool(Math.min(o.threads(), jobs.size()), daemon()) : null;
      try (ResultFolder folder = ResultFolder.open(base, manifest)) {
        List<Future<Scoring>> pending = new ArrayList<>();
        for (Job j : jobs) {
          if (pool != null && !checkpoint.isDone(j.index)) pending.add(pool.submit(() -> score(j, checkpoint)));
          else pending.add(null);
        }
        for (Job j : jobs) {
          String category = j.input.getParent().getFileName().toString();
          Path target = folder.file(category + "/" + detector + "_" + j.input.getFileName());
          try {
            if (checkpoint.isDone(j.index) && pending.get(j.index) == null) {
              listener.scored(new Scored(r.name(), j.input, target, 0, 0, 0, 0, true));
            } else {
              Scoring s = pending.get(j.index) == null ? score(j, checkpoint) : await(pending.get(j.index));
              checkpoint.finish(j.index, true);
              totals = totals.plus(s.totals);
              listener.scored(s.scored(target));
            }
            Files.copy(checkpoint.done(j.index), target);
          } catch (RecordStream.FormatException e) {
            csvError(j.input, e);
            return Result.failed();
          }
        }
        folder.commit();
      } catch (Stopped e) {
        return Result.stopped(checkpoint);
      } catch (IOException e) {
        listener.problem("brainc: " + IoMessages.cannot("write the results to", base, e));
        return Result.failed();
      } finally {
        over.set(true);
        if (pool != null) pool.shutdownNow();
      }
      deleteQuietly(checkpoint);
      return Result.done(Optional.of(r.name() + " on " + engine.name() + ": " + files.size() + " files scored into " + base),
          totals);
    }

    /**
     * What decides the scores, for {@code --resume} to compare: the model's text, the region,
     * the seed, the records per file, and each input's name, size and SHA-256 (and where its
     * scores go). The engine and the threads change no score and may differ.
     */
    Map<String, String> fingerprint(HtmRegion region, Corpus corpus, List<Job> jobs) {
      Map<String, String> f = new LinkedHashMap<>();
      f.put("command", corpus == null ? "detect (statements)" : "detect --corpus");
      List<String> texts = new ArrayList<>();
      analysis.sources().values().forEach(s -> {
        if (!s.id().name().startsWith("stdlib:")) texts.add(s.id().name() + "\n" + s.text());
      });
      f.put("model", Fingerprints.sha256(texts));
      if (region != null) f.put("region", region.name());
      if (corpus != null) f.put("detector", corpus.detector());
      f.put("seed", o.seed() == null ? "the region's" : Long.toString(o.seed()));
      f.put("max-records", o.maxRecords() == null ? "all" : Integer.toString(o.maxRecords()));
      for (Job j : jobs) {
        f.put("file " + j.index, j.identity + (corpus == null ? " -> " + j.output + " with " + j.region.name() : ""));
      }
      return f;
    }

    /** Scores a prepared file from where its checkpoint left it; its scores end up in the checkpoint's partial file. */
    Scoring score(Job job, DetectCheckpoint checkpoint) throws IOException, RecordStream.FormatException {
      return new Scoring(job).run(checkpoint);
    }

    /** A file's scoring: the region instance, the partial file and the counts. */
    private final class Scoring {
      final Job job;
      Totals totals;
      long cpu;
      RegionInstance region;

      Scoring(Job job) {
        this.job = job;
      }

      Scoring run(DetectCheckpoint checkpoint) throws IOException, RecordStream.FormatException {
        RecordStream stream = job.stream;
        region = engine.instantiate(job.resolved);
        HtmModel model = region.model();
        int n = o.maxRecords() == null ? stream.records() : Math.min(o.maxRecords(), stream.records());
        int from = 0;
        long bytes = 0;
        Path partial = checkpoint.partial(job.index);
        Path state = checkpoint.state(job.index);
        if (Files.isRegularFile(state) && Files.isRegularFile(partial)) {
          Snapshot saved = Snapshot.read(state);
          from = (int) saved.counter("record");
          bytes = saved.counter("csv_bytes");
          if (from < 0 || from > n || bytes > Files.size(partial)) {
            throw new IOException("the checkpoint " + state + " does not fit its partial scores; run without --resume");
          }
          region.restore(saved.child("region", HtmModel.KIND));
        }
        long restored = model.records();
        int cols = stream.header().size();
        String[] texts = new String[cols];
        double[] numbers = new double[cols];
        boolean prediction = job.statement != null && job.statement.reportsPrediction();
        try (ScoreWriter w = ScoreWriter.open(partial, bytes)) {
          if (from == 0 && bytes == 0) {
            w.write(String.join(",", stream.header()));
            w.write(prediction ? ",anomaly_score,raw_score,prediction\n" : ",anomaly_score,raw_score\n");
          }
          long cpu0 = cpuNow();
          int resetColumn = stream.column("reset");
          for (int i = from; i < n; i++) {
            if (i > from && (i - from) % o.checkpointEvery() == 0) {
              // Scores first, then the snapshot that vouches for them: a stop between the two leaves extra rows, which a resume drops.
              long at = w.sync();
              Snapshot.builder("detect-file").counter("record", i).counter("csv_bytes", at).put("region", region.snapshot())
                  .build().write(state);
            }
            if (over.get() || listener.stopRequested()) throw new Stopped();
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
            if (prediction) {
              w.write(',');
              w.write(Double.toString(model.prediction()));
            }
            w.write('\n');
          }
          cpu = cpu0 < 0 ? -1 : cpuNow() - cpu0;
          w.sync();
        }
        long scored = model.records() - restored;
        totals = new Totals(scored, model.encodeNanos(), model.spNanos(), model.tmNanos(), model.likelihoodNanos(), cpu,
            model.encodeNanos() + model.spNanos() + model.tmNanos() + model.likelihoodNanos());
        return this;
      }

      Scored scored(Path output) {
        HtmModel m = region.model();
        return new Scored(job.region.name(), job.input, output, totals.records(), cpu, m.temporalMemory().segments(),
            m.temporalMemory().synapses(), false);
      }
    }

    Optional<HtmRegion> pickRegion(String name, List<HtmRegion> regions, List<DetectSpec> detects) {
      if (name != null) {
        Optional<HtmRegion> r = regions.stream().filter(x -> x.name().equals(name)).findFirst();
        if (r.isEmpty()) listener.problem("brainc: " + file + " has no region `" + name + "`");
        return r;
      }
      if (regions.size() == 1) return Optional.of(regions.get(0));
      if (regions.isEmpty()) {
        listener.problem("brainc: " + file + " declares no `region ... : htm`");
        return Optional.empty();
      }
      if (!detects.isEmpty()) {
        String target = detects.get(0).target();
        return regions.stream().filter(x -> x.name().equals(target)).findFirst();
      }
      listener.problem("brainc: " + file + " declares " + regions.size() + " regions; pick one with --region");
      return Optional.empty();
    }

    /** Prints a CSV problem at its place in the CSV: {@code in.csv:3:21: error[E0804]: ...}. */
    void csvError(Path input, RecordStream.FormatException e) {
      Code code = e.order() ? Code.E0804 : Code.E0803;
      listener.problem(input + ":" + e.line() + ":" + e.column() + ": error[" + code.id() + "]: " + e.getMessage());
    }
  }

  /** One file to score: its region, input and output, and once prepared its stream, settings and identity. */
  private static final class Job {
    final int index;
    final HtmRegion region;
    final RegionSpec spec;
    final Path input;
    final Path output;
    final DetectSpec statement;
    RecordStream stream;
    RegionBuilder.Resolved resolved;
    String identity;

    Job(int index, HtmRegion region, RegionSpec spec, Path input, Path output, DetectSpec statement) {
      this.index = index;
      this.region = region;
      this.spec = spec;
      this.input = input;
      this.output = output;
      this.statement = statement;
    }

    /**
     * Reads and checks the input. Returns a problem to report at the statement; reports a problem
     * located in the CSV itself and leaves {@link #stream} null.
     */
    Optional<String> prepare(Run run) {
      RecordStream s;
      try {
        if (Files.isDirectory(input)) return Optional.of("cannot read " + input + ": it is a folder, not a CSV file");
        if (Files.exists(input) && !Files.isRegularFile(input)) {
          // A pipe or a device would block or never end.
          return Optional.of("cannot read " + input + ": not a regular file");
        }
        s = RecordStream.read(input);
        int n = run.o.maxRecords() == null ? Integer.MAX_VALUE : run.o.maxRecords();
        RegionBuilder.check(region, s, n);
        Optional<RecordStream.FormatException> order = RegionBuilder.orderProblem(region, s, n);
        if (order.isPresent()) {
          if (statement != null) throw order.get();
          // NAB's own corpus has a few repeated timestamps (clock changes) and one row out of
          // order; its labels and every detector's results are matched to the rows as they are,
          // so a corpus file is scored in file order, with a note.
          RecordStream.FormatException o = order.get();
          run.listener.problem(input + ":" + o.line() + ":" + o.column() + ": note: " + o.getMessage()
              + " (scored in file order, as NAB does)");
        }
        identity = Fingerprints.identity(input);
      } catch (java.nio.file.NoSuchFileException e) {
        return Optional.of("cannot read " + input + ": no such file");
      } catch (IOException e) {
        return Optional.of(IoMessages.cannot("read", input, e));
      } catch (RecordStream.FormatException e) {
        run.csvError(input, e);
        return Optional.empty();
      }
      try {
        resolved = RegionBuilder.resolve(spec, s, run.seedOverride);
      } catch (RegionBuilder.StreamMismatch e) {
        run.listener.problem(input + ":1:1: error[" + Code.E0803.id() + "]: " + e.getMessage());
        return Optional.empty();
      }
      stream = s;
      return Optional.empty();
    }
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

  /** The model and every file of the user's it imports (not the standard library's). */
  private static List<Path> userSources(Analysis analysis, Path file) {
    List<Path> out = new ArrayList<>(List.of(file));
    for (var id : analysis.sources().keySet()) {
      if (id.name().startsWith("stdlib:")) continue;
      try {
        out.add(Path.of(id.name()));
      } catch (RuntimeException e) {
        // Not a path: nothing of the user's to protect.
      }
    }
    return out;
  }

  private static <T> T await(Future<T> f) throws IOException, RecordStream.FormatException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) throw io;
      if (c instanceof RecordStream.FormatException fe) throw fe;
      if (c instanceof RuntimeException re) throw re;
      if (c instanceof Error er) throw er;
      throw new IllegalStateException(c);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "brainc-detect");
      t.setDaemon(true);
      return t;
    };
  }

  private static void deleteQuietly(DetectCheckpoint checkpoint) {
    try {
      checkpoint.delete();
    } catch (IOException e) {
      // The results are published; a leftover checkpoint is replaced by the next run.
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /** CPU time of this thread, or -1 where the platform does not measure it. */
  private static long cpuNow() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
  }
}
