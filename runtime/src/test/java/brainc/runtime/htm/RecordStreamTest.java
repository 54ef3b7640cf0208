package brainc.runtime.htm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a CSV stream: every malformed file is refused with the line and column of its fault. */
class RecordStreamTest {
  @TempDir Path dir;

  private RecordStream read(String text) throws Exception {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  private RecordStream read(byte[] bytes) throws Exception {
    Path f = dir.resolve("in.csv");
    Files.write(f, bytes);
    return RecordStream.read(f);
  }

  private RecordStream.FormatException refused(String text) {
    return assertThrows(RecordStream.FormatException.class, () -> read(text));
  }

  @Test
  void linesAndColumnsAreThoseOfTheFile() throws Exception {
    RecordStream s = read("\uFEFFtimestamp, value\r\n\r\n2015-01-01 00:00:00,  7\r\n2015-01-01 01:00:00,8\r\n");
    assertEquals(List.of("timestamp", "value"), s.header());
    assertEquals(2, s.records());
    assertEquals(3, s.line(0), "the blank line counts");
    assertEquals(4, s.line(1));
    assertEquals(23, s.columnOf(1, 0), "where the value starts, after its spaces");
    assertEquals(7.0, s.number(1, 0));
  }

  @Test
  void crOnlyLineEndsAreLines() throws Exception {
    assertEquals(2, read("t,v\r1,2\r3,4\r").records());
  }

  @Test
  void malformedFilesAreRefusedWithTheirPlace() {
    RecordStream.FormatException e = refused("");
    assertEquals(1, e.line());
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    e = refused("t,v\n\n");
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("no records"), e.getMessage());
    e = refused("t,v,t\n1,2,3\n");
    assertEquals(1, e.line());
    assertEquals(5, e.column());
    e = refused("t,,v\n1,2,3\n");
    assertEquals(3, e.column());
    e = refused("t,v\n1,2\n1,2,3\n");
    assertEquals(3, e.line());
    assertFalse(e.order());
  }

  @Test
  void bytesThatAreNotUtf8AreFoundWhereTheyAre() {
    byte[] bytes = "t,v\n1,ab\n".getBytes(StandardCharsets.UTF_8);
    bytes[7] = (byte) 0xFF;
    RecordStream.FormatException e = assertThrows(RecordStream.FormatException.class, () -> read(bytes));
    assertEquals(2, e.line());
    assertEquals(4, e.column());
    assertTrue(e.getMessage().contains("not UTF-8") && e.getMessage().contains("0xFF"), e.getMessage());
  }

  @Test
  void aLineBeyondTheLimitIsRefused() throws IOException {
    RecordStream.FormatException e = refused("t,v\n1," + "9".repeat(RecordStream.MAX_LINE) + "\n");
    assertEquals(2, e.line());
  }
}
