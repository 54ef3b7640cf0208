package brainc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {
  @TempDir Path dir;

  @Test
  void quotesOnlyWhenNeeded() {
    assertEquals("plain", CsvWriter.field("plain"));
    assertEquals(" spaced ", CsvWriter.field(" spaced "));
    assertEquals("\"a,b\"", CsvWriter.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", CsvWriter.field("say \"hi\""));
    assertEquals("\"two\nlines\"", CsvWriter.field("two\nlines"));
    assertEquals("\"cr\rhere\"", CsvWriter.field("cr\rhere"));
    assertEquals("", CsvWriter.field(null));
    assertEquals("-65.0", CsvWriter.field(-65.0f));
    assertEquals("1.0E-5", CsvWriter.field(1e-5));
  }

  @Test
  void writesRfc4180Records() throws IOException {
    Path file = dir.resolve("trace.csv");
    try (CsvWriter csv = CsvWriter.open(file)) {
      csv.row("t_ms", "neuron", "note");
      csv.row(0.5, 3, "spike, early");
      csv.row(List.of(1.0, 4, "é \"quoted\""));
      csv.row(1.5, null, "");
    }
    assertEquals(
        "t_ms,neuron,note\r\n"
            + "0.5,3,\"spike, early\"\r\n"
            + "1.0,4,\"é \"\"quoted\"\"\"\r\n"
            + "1.5,,\r\n",
        Files.readString(file));
  }

  @Test
  void aLoneEmptyFieldIsNotABlankLine() throws IOException {
    Path file = dir.resolve("one.csv");
    try (CsvWriter csv = CsvWriter.open(file)) {
      csv.row("x");
      csv.row("");
    }
    assertEquals("x\r\n\"\"\r\n", Files.readString(file));
  }

  @Test
  void nothingIsVisibleBeforeClose() throws IOException {
    Path file = dir.resolve("live.csv");
    Files.writeString(file, "old\r\n");
    try (CsvWriter csv = CsvWriter.open(file)) {
      for (int i = 0; i < 10_000; i++) {
        csv.row(i);
      }
      assertEquals("old\r\n", Files.readString(file));
    }
    assertEquals(10_000, Files.readAllLines(file).size());
  }

  @Test
  void abortKeepsTheOldFile() throws IOException {
    Path file = dir.resolve("kept.csv");
    Files.writeString(file, "old\r\n");
    try (CsvWriter csv = CsvWriter.open(file)) {
      csv.row("new");
      csv.abort();
      assertThrows(IOException.class, () -> csv.row("more"));
    }
    assertEquals("old\r\n", Files.readString(file));
    assertEquals(List.of("kept.csv"), entries());
  }

  @Test
  void rowsMustKeepTheirWidth() throws IOException {
    Path file = dir.resolve("w.csv");
    try (CsvWriter csv = CsvWriter.open(file)) {
      csv.row("a", "b");
      assertThrows(IllegalArgumentException.class, () -> csv.row("c"));
      assertThrows(IllegalArgumentException.class, () -> csv.row());
      csv.row("c", "d");
    }
    assertEquals("a,b\r\nc,d\r\n", Files.readString(file));
  }

  @Test
  void closeTwiceIsHarmless() throws IOException {
    Path file = dir.resolve("twice.csv");
    CsvWriter csv = CsvWriter.open(file);
    csv.row("a");
    csv.close();
    csv.close();
    csv.abort();
    assertEquals("a\r\n", Files.readString(file));
    assertFalse(entries().stream().anyMatch(n -> n.endsWith(".tmp")));
  }

  private List<String> entries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
