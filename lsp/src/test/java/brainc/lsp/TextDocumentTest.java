package brainc.lsp;

import brainc.lsp.model.TextDocument;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.Test;

/** Positions a client may send, however far out of range, map to an offset inside the text. */
class TextDocumentTest {
  private final TextDocument doc = TextDocument.of("untitled:x", 1, "ab\r\ncd\nef");

  @Test
  void charactersPastTheLineClampToItsEnd() {
    assertEquals(2, doc.offset(new Position(0, 5)));
    assertEquals(2, doc.offset(new Position(0, Integer.MAX_VALUE)));
    assertEquals(6, doc.offset(new Position(1, Integer.MAX_VALUE - 1)));
    assertEquals(9, doc.offset(new Position(2, Integer.MAX_VALUE)));
  }

  @Test
  void linesPastTheEndAndNegativeValuesClamp() {
    assertEquals(9, doc.offset(new Position(Integer.MAX_VALUE, 0)));
    assertEquals(0, doc.offset(new Position(-3, -3)));
    assertEquals(4, doc.offset(new Position(1, -1)));
  }
}
