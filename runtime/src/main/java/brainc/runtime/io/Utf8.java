package brainc.runtime.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding that says where a file stops being UTF-8: the line of the first bad
 * byte, the text of that line before it (so a caller counts the column in its own units) and the
 * byte itself. Models and data files share it, so every "not UTF-8" message points the same way.
 */
public final class Utf8 {
  private Utf8() {}

  /** The first byte that is not UTF-8: its 1-based line, the line's text before it, its value. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final String before;
    private final int value;

    MalformedException(int line, String before, int value) {
      super(String.format("not UTF-8 text at line %d (byte 0x%02X)", line, value));
      this.line = line;
      this.before = before;
      this.value = value;
    }

    public int line() {
      return line;
    }

    /** The decoded text of the bad byte's line before it. */
    public String before() {
      return before;
    }

    /** The bad byte, 0 to 255. */
    public int value() {
      return value;
    }
  }

  /** The text of {@code bytes}, or the place of the first byte that is not UTF-8. */
  public static String decode(byte[] bytes) throws MalformedException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) result = decoder.flush(out);
    if (result.isError()) {
      int bad = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new MalformedException(line, new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8),
          bytes[bad] & 0xFF);
    }
    out.flip();
    return out.toString();
  }
}
