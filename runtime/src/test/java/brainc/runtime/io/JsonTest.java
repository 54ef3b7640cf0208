package brainc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsEveryKindOfValue() throws Exception {
    Object v = Json.parse(" {\"a\": [1, -2.5e1, 0.125], \"b\": {\"t\": true, \"f\": false, \"n\": null},"
        + " \"s\": \"q\\\"\\\\\\/\\n\\u00e9\", \"e\": [], \"o\": {}} ");
    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals(List.of("a", "b", "s", "e", "o"), List.copyOf(m.keySet()), "members keep their order");
    assertEquals(List.of(1.0, -25.0, 0.125), m.get("a"));
    Map<?, ?> b = (Map<?, ?>) m.get("b");
    assertEquals(Boolean.TRUE, b.get("t"));
    assertEquals(Boolean.FALSE, b.get("f"));
    assertNull(b.get("n"));
    assertEquals(true, b.containsKey("n"));
    assertEquals("q\"\\/\né", m.get("s"));
    assertEquals(List.of(), m.get("e"));
    assertEquals(Map.of(), m.get("o"));
  }

  @Test
  void readsNabWindowsShape() throws Exception {
    Object v = Json.parse("{\n  \"cat/a.csv\": [\n    [\"2014-04-10 07:15:00.000000\", \"2014-04-11 16:45:00.000000\"]\n  ],\n  \"cat/b.csv\": []\n}\n");
    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals(List.of(Arrays.asList("2014-04-10 07:15:00.000000", "2014-04-11 16:45:00.000000")), m.get("cat/a.csv"));
  }

  @Test
  void syntaxErrorsNameLineAndColumn() {
    Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"));
    assertEquals(3, e.line());
    assertEquals(7, e.column());
    assertEquals("3:7: expected ':'", e.getMessage());
    assertThrows(Json.SyntaxException.class, () -> Json.parse("[1, 2"));
    assertThrows(Json.SyntaxException.class, () -> Json.parse("[1,]"));
    assertThrows(Json.SyntaxException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}"));
    assertThrows(Json.SyntaxException.class, () -> Json.parse("\"open"));
    assertThrows(Json.SyntaxException.class, () -> Json.parse("01x"));
    assertThrows(Json.SyntaxException.class, () -> Json.parse("1 2"));
    assertThrows(Json.SyntaxException.class, () -> Json.parse(""));
    assertThrows(Json.SyntaxException.class, () -> Json.parse("-"));
    assertThrows(Json.SyntaxException.class, () -> Json.parse("tru"));
  }
}
