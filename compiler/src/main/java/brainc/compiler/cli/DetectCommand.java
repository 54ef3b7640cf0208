package brainc.compiler.cli;

import brainc.compiler.api.Detections;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.compiler.driver.Frontend;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceFile;
import brainc.runtime.nab.NabAnomalyScores;
import brainc.runtime.nab.NabException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brainc detect FILE}: parses the flags, reads and checks the model, and prints what
 * {@link Detections} reports (the same lines as ever): diagnostics and CSV problems on stderr,
 * a line per statement or (with {@code -v}) per corpus file on stdout, then the throughput,
 * records per second and microseconds per record for the encoders, the spatial pooler, the
 * temporal memory and the likelihood. What is scored, where it goes, and how a stopped run is
 * resumed ({@code --resume}, {@code --checkpoint-every}) and a corpus spread over threads
 * ({@code --threads}) is the API's.
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

  @Option(names = "--resume", description = "Continue a stopped run from its checkpoint (OUT.checkpoint beside the results, "
      + "or beside the first statement's output): finished files are kept, the file in progress continues from its last "
      + "snapshot. Refused when the model, the region, the seed, --max-records or the data differ.")
  boolean resume;

  @Option(names = "--checkpoint-every", paramLabel = "RECORDS",
      description = "Snapshot the region of the file in progress every RECORDS records (default: ${DEFAULT-VALUE}).")
  int checkpointEvery = Detections.DEFAULT_CHECKPOINT_EVERY;

  @Option(names = "--threads", paramLabel = "N",
      description = "Files of a --corpus scored at once (default: the machine's cores); the results are the same for any N.")
  Integer threads;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Detections.isEngine(backend)) {
      throw new ParameterException(spec.commandLine(), "unknown backend `" + backend + "` (known: "
          + String.join(", ", Detections.engines()) + ")");
    }
    if (maxRecords != null && maxRecords < 1) throw new ParameterException(spec.commandLine(), "--max-records must be at least 1");
    if (seed != null && seed < 0) throw new ParameterException(spec.commandLine(), "--seed must not be negative");
    if (checkpointEvery < 1) throw new ParameterException(spec.commandLine(), "--checkpoint-every must be at least 1");
    if (threads != null && threads < 1) throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
    try {
      NabAnomalyScores.checkDetectorName(detector);
    } catch (NabException e) {
      throw new ParameterException(spec.commandLine(), "--detector " + detector + ": a detector name is one word of letters, "
          + "digits, '-', '.' or '+', without '_' (NAB's results files are DETECTOR_FILE.csv, and score-nab reads the same names)");
    }
    if (corpus == null) {
      // Flags of the corpus mode would be ignored by the file's statements: say so instead.
      for (String flag : List.of("--results", "--region", "--detector", "--verbose", "--threads")) {
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
    Detections.Options options = new Detections.Options(backend, seed, maxRecords, resume, checkpointEvery,
        threads != null ? threads : Runtime.getRuntime().availableProcessors());
    Detections.Corpus where = corpus == null ? null : new Detections.Corpus(corpus, results, detector, region);
    long start = System.nanoTime();
    Detections.Result result = Detections.detect(analysis, file, options, where, new Detections.Listener() {
      @Override
      public void problem(String line) {
        err.println(line);
        err.flush();
      }

      @Override
      public void diagnostic(Diagnostic d) {
        err.print(renderer.human(d));
        err.flush();
      }

      @Override
      public void scored(Detections.Scored f) {
        if (corpus == null) {
          out.println(f.region() + ": " + f.input() + " -> " + f.output() + (f.kept() ? " (kept from the stopped run)" : ""));
        } else if (verbose) {
          out.println(f.kept()
              ? String.format(Locale.ROOT, "  %-50s kept from the stopped run", category(f.input()) + f.input().getFileName())
              : String.format(Locale.ROOT, "  %-50s %6d records  %6.0f records/s  %6d segments  %8d synapses",
                  category(f.input()) + f.input().getFileName(), f.records(),
                  f.cpuNanos() > 0 ? f.records() / (f.cpuNanos() / 1e9) : Double.NaN, f.segments(), f.synapses()));
        }
        out.flush();
      }
    });
    if (!result.ok()) return ExitCode.INPUT;
    result.summary().ifPresent(out::println);
    report(System.nanoTime() - start, result.totals(), out);
    return ExitCode.OK;
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

  private static void report(long wallNanos, Detections.Totals t, PrintWriter out) {
    long records = t.records();
    long encodeNanos = t.encodeNanos();
    long spNanos = t.spNanos();
    long tmNanos = t.tmNanos();
    long likelihoodNanos = t.likelihoodNanos();
    long cpuNanos = t.cpuNanos();
    long regionWallNanos = t.regionWallNanos();
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
