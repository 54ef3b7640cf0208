package brainc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame reader on byte streams written by hand: it always finds the next good frame. */
class FrameReaderTest {
  private static final String A = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":{\"text\":\"Content-Length: 5\"}}";
  private static final String B = "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"b\"}";

  private static String frame(int delta, String json) {
    return "Content-Length: " + (json.getBytes(StandardCharsets.UTF_8).length + delta) + "\r\n\r\n" + json;
  }

  private static List<FrameReader.Frame> read(String stream) throws Exception {
    FrameReader r = new FrameReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    List<FrameReader.Frame> out = new ArrayList<>();
    for (FrameReader.Frame f = r.next(); !(f instanceof FrameReader.End); f = r.next()) out.add(f);
    return out;
  }

  private static String bodies(List<FrameReader.Frame> frames) {
    StringBuilder b = new StringBuilder();
    for (FrameReader.Frame f : frames) {
      b.append(f instanceof FrameReader.Body body ? body.json().strip() : "MALFORMED(" + ((FrameReader.Malformed) f).id() + ")")
          .append('\n');
    }
    return b.toString();
  }

  @Test
  void goodFramesAreReadExactly() throws Exception {
    List<FrameReader.Frame> f = read(frame(0, A) + "Content-Type: application/vscode-jsonrpc\r\n" + frame(0, B));
    assertEquals(A + "\n" + B + "\n", bodies(f));
    assertTrue(((FrameReader.Body) f.get(0)).exact());
    assertEquals("1", ((FrameReader.Body) f.get(0)).id());
    assertEquals("\"two\"", ((FrameReader.Body) f.get(1)).id());
  }

  @Test
  void aShortCountIsReportedWithItsIdAndTheNextFrameIsRead() throws Exception {
    assertEquals("MALFORMED(1)\n" + B + "\n", bodies(read(frame(-5, A) + frame(0, B))));
  }

  @Test
  void aLongCountIsReadUpToItsValueAndTheNextFrameIsRead() throws Exception {
    for (int extra : new int[] {1, 5, 15, 16, 40}) {
      assertEquals(A + "\n" + B + "\n", bodies(read(frame(extra, A) + frame(0, B))), "+" + extra);
    }
  }

  @Test
  void aFrameCutOffInsideAStringIsReportedAndTheNextFrameIsRead() throws Exception {
    String cut = A.substring(0, A.indexOf("Content-Length") - 3);
    assertEquals("MALFORMED(1)\n" + B + "\n", bodies(read("Content-Length: 500\r\n\r\n" + cut + frame(0, B))));
  }

  @Test
  void garbageMissingAndBadCountsAreReportedOnceEach() throws Exception {
    assertEquals("MALFORMED(null)\n" + B + "\n", bodies(read("some garbage\n" + frame(0, B))));
    assertEquals("MALFORMED(null)\n" + B + "\n", bodies(read("Content-Length: x\r\n\r\n" + A + frame(0, B))));
    assertEquals("MALFORMED(null)\n" + B + "\n", bodies(read("Content-Length: 99999999999\r\n\r\n" + A + frame(0, B))));
    assertEquals("MALFORMED(null)\n" + B + "\n", bodies(read("Content-Type: x\r\n\r\n" + A + frame(0, B))));
    assertEquals("MALFORMED(null)\n" + B + "\n", bodies(read("Content-Length: 10\r\nnot a header\r\n\r\n" + frame(0, B))));
  }

  @Test
  void anInputThatEndsInsideAFrameIsReportedThenEnds() throws Exception {
    List<FrameReader.Frame> f = read(frame(0, B) + "Content-Length: 80\r\n\r\n{\"id\": 9, \"method\"");
    assertEquals(2, f.size());
    assertInstanceOf(FrameReader.Malformed.class, f.get(1));
    assertEquals("9", ((FrameReader.Malformed) f.get(1)).id());
    assertEquals(List.of(), read(""));
    assertInstanceOf(FrameReader.Malformed.class, read("Content-Len").get(0));
  }

  @Test
  void lowerCaseHeadersAndBareLineFeedsAreAccepted() throws Exception {
    assertEquals(B + "\n", bodies(read("content-length: " + B.length() + "\n\n" + B)));
  }
}
