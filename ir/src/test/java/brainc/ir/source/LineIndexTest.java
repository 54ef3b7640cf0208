package brainc.ir.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Lines end where the lexer and editors end them: at \n, \r\n or a lone \r. */
class LineIndexTest {
  @Test
  void everyLineEndingStartsALine() {
    for (String nl : new String[] {"\n", "\r\n", "\r"}) {
      String text = "ab" + nl + "cde" + nl + "f";
      LineIndex lines = new LineIndex(text);
      assertEquals(3, lines.lineCount(), nl.replace("\r", "CR").replace("\n", "LF"));
      assertEquals(new LineIndex.Position(2, 2), lines.position(text.indexOf('d')));
      assertEquals(new LineIndex.Position(3, 1), lines.position(text.indexOf('f')));
      assertEquals(text.indexOf('d'), lines.offset(2, 2));
    }
  }

  @Test
  void theEndOfALineBelongsToIt() {
    LineIndex lines = new LineIndex("ab\r\ncd");
    assertEquals(new LineIndex.Position(1, 3), lines.position(2));
    assertEquals(new LineIndex.Position(1, 4), lines.position(3));
    assertEquals(new LineIndex.Position(2, 1), lines.position(4));
  }
}
