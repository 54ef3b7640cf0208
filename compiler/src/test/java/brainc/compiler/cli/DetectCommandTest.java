package brainc.compiler.cli;

import static brainc.compiler.cli.Run.brainc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `brainc detect`: detect statements, a corpus in NAB's layout, both backends, clear failures. */
class DetectCommandTest {
  @TempDir Path dir;

  private Path write(Path p, String text) throws IOException {
    Files.createDirectories(p.toAbsolutePath().getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** A daily pattern every 6 records (hours apart), with one spike near the end. */
  private static String series(int rows, int spikeAt) {
    StringBuilder sb = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < rows; i++) {
      int day = 1 + i / 24;
      double v = i == spikeAt ? 95 : 10 + 5 * (i % 6);
      sb.append(String.format("2015-01-%02d %02d:00:00,%s%n", day, i % 24, v));
    }
    return sb.toString();
  }

  private static final String REGION = """
      region Small : htm {
        encode value with rdse(size = 200, sparsity = 0.05, resolution = auto)
        encode timestamp with date(time_of_day = 11, time_of_day_radius = 6)
        spatial_pooler { columns = 256, sparsity = 0.04, potential_pct = 0.8, syn_perm_connected = 0.2 }
        temporal_memory { cells_per_column = 8, activation_threshold = 6, min_threshold = 4, max_new_synapses = 10,
                          max_segments_per_cell = 32, max_synapses_per_segment = 32 }
        anomaly likelihood(learning_period = auto, estimation_samples = auto, spatial_tolerance = 0.05)
      }
      """;

  @Test
  void detectStatementsWriteOneScorePerRecord() throws IOException {
    Path csv = write(dir.resolve("in.csv"), series(400, 380));
    Path out = dir.resolve("scores/out.csv");
    Path model = write(dir.resolve("m.brain"), REGION + "detect anomalies with Small in csv \"" + csv.toString().replace("\\", "/")
        + "\" to \"" + out.toString().replace("\\", "/") + "\"\n");
    Run r = brainc("detect", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("records/s"), r.out());
    assertTrue(r.out().contains("spatial pooler") && r.out().contains("temporal memory"), r.out());
    List<String> lines = Files.readAllLines(out);
    assertEquals("timestamp,value,anomaly_score,raw_score", lines.get(0));
    assertEquals(401, lines.size());
    assertTrue(lines.get(1).startsWith("2015-01-01 00:00:00,10.0,"), lines.get(1));
    double spike = Double.parseDouble(lines.get(381).split(",")[2]);
    double calm = Double.parseDouble(lines.get(300).split(",")[2]);
    assertEquals(1.0, spike, "a value far outside the range seen so far");
    assertTrue(calm < 0.5, "a learned pattern is not anomalous: " + calm);
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      double raw = Double.parseDouble(f[3]);
      assertTrue(raw >= 0 && raw <= 1, l);
    }
  }

  @Test
  void interpAndJvmWriteTheSameFile() throws IOException {
    Path csv = write(dir.resolve("in.csv"), series(300, 250));
    Path model = write(dir.resolve("m.brain"), REGION);
    Path corpus = dir.resolve("nab");
    write(corpus.resolve("data/realThings/a.csv"), series(300, 250));
    Run jvm = brainc("detect", model.toString(), "--corpus", corpus.toString(), "--results", dir.resolve("r1").toString());
    Run interp = brainc("detect", model.toString(), "--corpus", corpus.toString(), "--results", dir.resolve("r2").toString(),
        "--backend", "interp");
    assertEquals(0, jvm.code(), jvm.err());
    assertEquals(0, interp.code(), interp.err());
    assertEquals(Files.readString(dir.resolve("r1/brainc/realThings/brainc_a.csv")),
        Files.readString(dir.resolve("r2/brainc/realThings/brainc_a.csv")));
    assertTrue(Files.exists(csv));
  }

  @Test
  void aCorpusIsScoredIntoNabsResultsLayout() throws IOException {
    Path model = write(dir.resolve("m.brain"), REGION);
    Path corpus = dir.resolve("nab");
    write(corpus.resolve("data/artificialNoAnomaly/flat.csv"), series(120, -1));
    write(corpus.resolve("data/realKnownCause/spiky.csv"), series(150, 140));
    Path results = dir.resolve("results");
    Run r = brainc("detect", model.toString(), "--corpus", corpus.toString(), "--results", results.toString(),
        "--detector", "mine", "--max-records", "100");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("2 files scored"), r.out());
    assertTrue(r.out().contains("200 records"), r.out());
    assertEquals(101, Files.readAllLines(results.resolve("mine/artificialNoAnomaly/mine_flat.csv")).size());
    assertEquals(101, Files.readAllLines(results.resolve("mine/realKnownCause/mine_spiky.csv")).size());
  }

  @Test
  void aResetColumnStartsNewSequences() throws IOException {
    StringBuilder sb = new StringBuilder("timestamp,value,reset\n");
    for (int i = 0; i < 120; i++) {
      // One time of day throughout (a day apart), so that only the value and the resets matter.
      sb.append(String.format("%s 12:00:00,%d,%d%n", java.time.LocalDate.of(2015, 1, 1).plusDays(i), 10 * (i % 5),
          i % 5 == 0 ? 1 : 0));
    }
    Path csv = write(dir.resolve("in.csv"), sb.toString());
    Path out = dir.resolve("o.csv");
    // A fixed pooler (no learning), so that each value always has the same columns.
    Path model = write(dir.resolve("m.brain"), REGION.replace(", spatial_tolerance = 0.05", "")
        .replace("syn_perm_connected = 0.2 }", "syn_perm_connected = 0.2, learn = false }")
        + "detect anomalies with Small in csv \"" + csv.toString().replace("\\", "/") + "\" to \""
        + out.toString().replace("\\", "/") + "\"\n");
    Run r = brainc("detect", model.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals("timestamp,value,reset,anomaly_score,raw_score", lines.get(0));
    // After a reset nothing is predicted: every sequence start is a surprise.
    for (int i = 0; i < 120; i += 5) assertEquals("1.0", lines.get(1 + i).split(",")[4], lines.get(1 + i));
    // Within the repeated sequence the memory learns to predict.
    double early = 0;
    double late = 0;
    for (int i = 0; i < 15; i++) {
      if (i % 5 != 0) early += Double.parseDouble(lines.get(1 + i).split(",")[4]);
      if (i % 5 != 0) late += Double.parseDouble(lines.get(1 + 105 + i).split(",")[4]);
    }
    assertTrue(early > 6, "the first sequences are surprises: " + early);
    assertTrue(late < early / 4, "raw anomaly inside sequences: first three " + early + ", last three " + late);
  }

  @Test
  void aMissingCsvNamesThePathAndTheStatement() throws IOException {
    Path model = write(dir.resolve("m.brain"), REGION + "detect anomalies with Small in csv \"no/such.csv\"\n");
    Run r = brainc("detect", model.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("m.brain:9:1: error[E0803]: cannot read no/such.csv: no such file"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void aCorpusCsvThatIsNoRegularFileIsRefusedNotSkipped() throws IOException {
    Path model = write(dir.resolve("m.brain"), REGION);
    Path corpus = dir.resolve("nab");
    write(corpus.resolve("data/c/a.csv"), series(60, 50));
    java.nio.file.Files.createSymbolicLink(corpus.resolve("data/c/b.csv"), Path.of("/dev/zero"));
    Run r = brainc("detect", model.toString(), "--corpus", corpus.toString(), "--results", dir.resolve("r").toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("b.csv is not a regular file"), r.err());
    assertFalse(java.nio.file.Files.exists(dir.resolve("r")));
  }

  @Test
  void aFileWithoutTheEncodedFieldIsAnError() throws IOException {
    Path model = write(dir.resolve("m.brain"), REGION);
    Path corpus = dir.resolve("nab");
    write(corpus.resolve("data/x/bad.csv"), "time,reading\n2015-01-01 00:00:00,3\n");
    Run r = brainc("detect", model.toString(), "--corpus", corpus.toString(), "--results", dir.resolve("r").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("error[E0803]") && r.err().contains("bad.csv") && r.err().contains("`value`"), r.err());
  }

  @Test
  void aBadDateNamesTheLine() throws IOException {
    Path csv = write(dir.resolve("in.csv"), "timestamp,value\n2015-01-01 00:00:00,1\nyesterday,2\n");
    Path model = write(dir.resolve("m.brain"), REGION + "detect anomalies with Small in csv \""
        + csv.toString().replace("\\", "/") + "\" to \"" + dir.resolve("o.csv").toString().replace("\\", "/") + "\"\n");
    Run r = brainc("detect", model.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("in.csv:3:1: error[E0803]: field `timestamp`: `yesterday` is not a date-time"), r.err());
    assertFalse(Files.exists(dir.resolve("o.csv")), "no partial results file");
  }

  @Test
  void aMissingCorpusIsAnError() throws IOException {
    Path model = write(dir.resolve("m.brain"), REGION);
    Run r = brainc("detect", model.toString(), "--corpus", dir.resolve("nowhere").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("nowhere") && r.err().contains("no such directory"), r.err());
  }

  private Run detectCsv(String csvText, String out) throws IOException {
    Path csv = write(dir.resolve("in.csv"), csvText);
    Path model = write(dir.resolve("m.brain"), REGION + "detect anomalies with Small in csv \""
        + csv.toString().replace("\\", "/") + "\" to \"" + out.replace("\\", "/") + "\"\n");
    return brainc("detect", model.toString());
  }

  @Test
  void rowsOutOfTimeOrderOrRepeatedAreRefusedBeforeAnyScore() throws IOException {
    String o = dir.resolve("o.csv").toString();
    Run r = detectCsv("timestamp,value\n2015-01-01 00:00:00,1\n2015-01-01 02:00:00,2\n2015-01-01 01:00:00,3\n", o);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("in.csv:4:1: error[E0804]: timestamp `2015-01-01 01:00:00` is earlier than "
        + "`2015-01-01 02:00:00` on line 3"), r.err());
    r = detectCsv("timestamp,value\n2015-01-01 00:00:00,1\n\n2015-01-01 00:00:00,2\n", o);
    assertTrue(r.err().contains("in.csv:4:1: error[E0804]: timestamp `2015-01-01 00:00:00` repeats the one on line 2"), r.err());
    assertFalse(Files.exists(dir.resolve("o.csv")));
  }

  @Test
  void badCsvFilesNameLineAndColumn() throws IOException {
    String o = dir.resolve("o.csv").toString();
    String[][] cases = {
        {"", "in.csv:1:1: error[E0803]: the file is empty"},
        {"timestamp,value\n", "in.csv:2:1: error[E0803]: the file has a header but no records"},
        {"timestamp,value\n2015-01-01 00:00:00,abc\n", "in.csv:2:21: error[E0803]: field `value` `abc` is not a number"},
        {"timestamp,value\n2015-01-01 00:00:00, NaN\n", "in.csv:2:22: error[E0803]: field `value` is NaN"},
        {"timestamp,value\n2015-01-01 00:00:00,1e999\n", "in.csv:2:21: error[E0803]: field `value` `1e999` is infinite"},
        {"timestamp,value\n2015-01-01 00:00:00,\n", "in.csv:2:21: error[E0803]: field `value` is empty"},
        {"timestamp,timestamp\n", "in.csv:1:11: error[E0803]: the header names column `timestamp` twice"},
        {"timestamp,value\n2015-01-01 00:00:00,1,2\n", "in.csv:2:1: error[E0803]: expected 2 fields"},
    };
    for (String[] c : cases) {
      Run r = detectCsv(c[0], o);
      assertEquals(1, r.code(), c[0]);
      assertTrue(r.err().contains(c[1]), c[0] + " -> " + r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
    Files.write(dir.resolve("in.csv"), new byte[] {'t', ',', 'v', '\n', '1', ',', (byte) 0xC3, '(', '\n'});
    Run r = brainc("detect", dir.resolve("m.brain").toString());
    assertTrue(r.err().contains("in.csv:2:3: error[E0803]: the file is not UTF-8 text"), r.err());
    assertFalse(r.err().contains("Input length"), r.err());
    assertFalse(Files.exists(dir.resolve("o.csv")));
  }

  @Test
  void aBomAndCrlfLineEndsAreRead() throws IOException {
    Path o = dir.resolve("o.csv");
    Run r = detectCsv("\uFEFFtimestamp,value\r\n2015-01-01 00:00:00,1\r\n2015-01-01 01:00:00,2\r\n", o.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(3, Files.readAllLines(o).size());
  }

  @Test
  void theInputIsNeverTheOutput() throws IOException {
    Path csv = dir.resolve("in.csv");
    String text = series(50, 40);
    Run r = detectCsv(text, csv.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("error[E0803]: the output " + csv + " is the input"), r.err());
    assertEquals(text, Files.readString(csv));
    // Nor the model itself, through a link.
    Files.createSymbolicLink(dir.resolve("link.csv"), dir.resolve("m.brain"));
    String model = Files.readString(dir.resolve("m.brain"));
    r = detectCsv(text, dir.resolve("link.csv").toString());
    assertEquals(1, r.code());
    assertTrue(Files.readString(dir.resolve("m.brain")).startsWith("region Small"), "the model was overwritten");
  }

  @Test
  void aDetectorNameThatScoreNabWouldRefuseIsAUsageError() throws IOException {
    Path model = write(dir.resolve("m.brain"), REGION);
    Run r = brainc("detect", model.toString(), "--corpus", dir.toString(), "--detector", "my_det");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--detector my_det"), r.err());
  }

  @Test
  void aCorpusResultsFolderIsPublishedWholeAndNeverOverAForeignFolder() throws IOException {
    Path model = write(dir.resolve("m.brain"), REGION);
    Path corpus = dir.resolve("nab");
    write(corpus.resolve("data/c/a.csv"), series(60, 50));
    write(corpus.resolve("data/c/b.csv"), "timestamp,value\n2015-01-01 00:00:00,1\n2015-01-01 01:00:00,x\n");
    Path results = dir.resolve("res");
    Run r = brainc("detect", model.toString(), "--corpus", corpus.toString(), "--results", results.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("b.csv:3:21: error[E0803]"), r.err());
    assertFalse(Files.exists(results.resolve("brainc")), "no partial results folder");
    Files.delete(corpus.resolve("data/c/b.csv"));
    write(results.resolve("brainc/notes.txt"), "mine");
    r = brainc("detect", model.toString(), "--corpus", corpus.toString(), "--results", results.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("did not write"), r.err());
    assertEquals("mine", Files.readString(results.resolve("brainc/notes.txt")));
    Files.delete(results.resolve("brainc/notes.txt"));
    r = brainc("detect", model.toString(), "--corpus", corpus.toString(), "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(results.resolve("brainc/manifest.json")));
    assertTrue(Files.exists(results.resolve("brainc/c/brainc_a.csv")));
    // A second run replaces the folder it wrote.
    r = brainc("detect", model.toString(), "--corpus", corpus.toString(), "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    // Results inside the corpus's data would be read as data next time.
    r = brainc("detect", model.toString(), "--corpus", corpus.toString(), "--results", corpus.resolve("data/new").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("inside the corpus's data folder"), r.err());
  }
}
