package brainc.lsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the base protocol's frames ({@code Content-Length: N}, a blank line, N bytes of JSON)
 * and stays in step with the sender whatever it writes. lsp4j's own reader loses the frame
 * boundaries for good after one wrong Content-Length; this one resynchronises:
 *
 * <ul>
 *   <li>Bytes before a {@code Content-Length:} header (garbage between frames, the rest of a
 *       frame whose Content-Length was too short, other headers) are skipped.
 *   <li>A body is read with a small JSON scanner beside the byte count. If a new {@code
 *       Content-Length:} header starts inside what the count claims is the body (outside any
 *       JSON string, where it can never be JSON), the frame was shorter than its Content-Length:
 *       the body ends there and the next frame is read. A body whose JSON value is complete
 *       before the count is handed on at once; the rest of the count is consumed later, so a
 *       too-long Content-Length on the last message of a burst does not stall its answer.
 *   <li>A header without a usable Content-Length (missing, not a number, over {@link
 *       #MAX_CONTENT}), a header that never ends, and an input that ends inside a frame are
 *       reported as {@link Malformed} frames; the reader then resynchronises on the next header.
 * </ul>
 *
 * <p>Whether a body is valid JSON, and what message it holds, is decided by the caller. The
 * reader only recovers the request id of a body it gives up on, so that the request can still
 * be answered with an error rather than never.
 */
final class FrameReader {
  /** The largest body accepted: a document of tens of megabytes is already far beyond any model. */
  static final int MAX_CONTENT = 64 << 20;
  /** The longest header line read before the header is given up as garbage. */
  private static final int MAX_HEADER_LINE = 8 << 10;
  private static final byte[] KEY = "content-length:".getBytes(StandardCharsets.US_ASCII);
  /** How much of skipped garbage is kept to describe it. */
  private static final int KEEP = 200;

  /** What the reader found next. */
  sealed interface Frame permits Body, Malformed, End {}

  /**
   * A body to parse. {@code exact} is false when the frame's Content-Length did not match where
   * the body really ended; {@code id} is the request id the scanner saw, as JSON text, or null.
   */
  record Body(String json, boolean exact, String id) implements Frame {}

  /** A frame that cannot be read, why, and the request id it held (JSON text) if one was seen. */
  record Malformed(String reason, String id) implements Frame {}

  /** The input ended. */
  record End() implements Frame {}

  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int lim;
  private boolean eof;
  /** Bytes of the Content-Length key already matched at the end of the previous frame. */
  private int carried;
  /** Bytes still owed to the previous frame's Content-Length after its JSON value was complete. */
  private long trailer;
  /** Whether the previous frame was malformed: the bytes after it are its remains, not news. */
  private boolean afterMalformed;

  FrameReader(InputStream in) {
    this.in = in;
  }

  Frame next() throws IOException {
    if (pendingLength >= 0) {
      long n = pendingLength;
      pendingLength = -1;
      return body(n);
    }
    int matched = carried;
    carried = 0;
    if (trailer > 0) matched = skipTrailer();
    // Find the Content-Length header; everything before it is skipped.
    int carriedStart = matched;
    StringBuilder seen = new StringBuilder();
    long consumed = 0;
    while (true) {
      while (matched < KEY.length) {
        int b = read();
        if (b < 0) {
          long skipped = consumed + carriedStart;
          return skippedGarbage(seen, skipped) ? malformedThenEnd(garbage(seen, skipped)) : new End();
        }
        consumed++;
        keep(seen, b);
        if (lower(b) == KEY[matched]) {
          matched++;
        } else {
          matched = lower(b) == KEY[0] ? 1 : 0;
        }
      }
      // A header is the key, a number and a line end; anything else (the words inside a skipped
      // body, a count that is not a number) is more to skip.
      if (headerValueFollows()) break;
      matched = 0;
    }
    long skippedBytes = consumed - (KEY.length - carriedStart);
    if (seen.length() > skippedBytes) seen.setLength((int) skippedBytes);
    boolean garbage = skippedGarbage(seen, skippedBytes);
    // The value, then further header lines up to the blank line.
    String value = line();
    if (value == null) return malformedThenEnd("the input ended inside a frame header");
    String problem = null;
    long length = -1;
    if (value.length() > 64) {
      problem = "Content-Length `" + abbreviate(value) + "` is not a byte count";
    } else {
      try {
        length = Long.parseLong(value.strip());
        if (length < 0) problem = "Content-Length " + length + " is not a byte count";
        else if (length > MAX_CONTENT) {
          problem = "Content-Length " + length + " is over the limit of " + MAX_CONTENT + " bytes";
        }
      } catch (NumberFormatException e) {
        problem = "Content-Length `" + value.strip() + "` is not a byte count (a whole number)";
      }
    }
    while (true) {
      String header = line();
      if (header == null) return malformedThenEnd("the input ended inside a frame header");
      if (header.isEmpty()) break;
      if (header.length() >= MAX_HEADER_LINE || !header.matches("[A-Za-z0-9-]+\\s*:.*")) {
        if (problem == null) {
          problem = "a header line of a frame is not `Name: value` (a blank line must end the header): `"
              + abbreviate(header) + "`";
        }
        break;
      }
    }
    if (problem != null) {
      afterMalformed = true;
      return new Malformed(problem, null);
    }
    if (garbage) {
      // Report what was skipped now; the frame whose header follows is read next time.
      pendingLength = length;
      return new Malformed(garbage(seen, skippedBytes), null);
    }
    return body(length);
  }

  /** The Content-Length of a frame whose header is read but whose body is not, or -1. */
  private long pendingLength = -1;

  private Frame body(long length) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(length, 1 << 20));
    Scanner json = new Scanner();
    int matched = 0;
    for (long i = 0; i < length; i++) {
      int b = read();
      if (b < 0) {
        return malformedThenEnd("the input ended " + i + " bytes into a frame of Content-Length " + length,
            json.id());
      }
      body.write(b);
      boolean wasInString = json.inString();
      json.feed(b);
      if (lower(b) == KEY[matched]) {
        matched++;
        // Outside a string the header can never be JSON; inside one it is a new frame only if
        // a line end follows its number, which a JSON string cannot hold.
        if (matched == KEY.length && wasInString && !headerValueFollows()) matched = 0;
        if (matched == KEY.length) {
          // A new frame began inside this one: the body was shorter than its Content-Length.
          carried = KEY.length;
          byte[] bytes = body.toByteArray();
          return ended(new String(bytes, 0, bytes.length - KEY.length, StandardCharsets.UTF_8), false, json,
              "a new frame began " + (i + 1 - KEY.length) + " bytes into a frame of Content-Length " + length);
        }
      } else {
        matched = lower(b) == KEY[0] ? 1 : 0;
      }
      if (json.complete() && matched == 0 && i + 1 < length) {
        // The value is whole: answer it now, and consume the rest of the count before the next frame.
        trailer = length - (i + 1);
        afterMalformed = false;
        return new Body(body.toString(StandardCharsets.UTF_8), false, json.id());
      }
    }
    byte[] bytes = body.toByteArray();
    carried = matched;
    return ended(new String(bytes, 0, bytes.length - matched, StandardCharsets.UTF_8), matched == 0, json,
        "the frame ended before its JSON value did (is its Content-Length " + length + " too short?)");
  }

  private Frame ended(String text, boolean exact, Scanner json, String whyIncomplete) {
    String t = text.strip();
    if (!json.complete() && !t.isEmpty() && t.charAt(0) != '{' && t.charAt(0) != '[') {
      afterMalformed = false;
      return new Malformed("the body of a frame is not a JSON object: `" + abbreviate(t) + "`", null);
    }
    if (!json.complete()) {
      afterMalformed = true;
      return new Malformed(whyIncomplete, json.id());
    }
    afterMalformed = false;
    return new Body(text, exact, json.id());
  }

  /** Consumes the bytes a frame's Content-Length still claims; returns how much of a new header they began. */
  private int skipTrailer() throws IOException {
    int matched = 0;
    while (trailer > 0) {
      int b = read();
      if (b < 0) {
        trailer = 0;
        return 0;
      }
      trailer--;
      if (lower(b) == KEY[matched]) {
        matched++;
        if (matched == KEY.length) {
          trailer = 0;
          return matched;
        }
      } else {
        matched = lower(b) == KEY[0] ? 1 : 0;
      }
    }
    return matched;
  }

  private boolean skippedGarbage(StringBuilder skipped, long bytes) {
    if (afterMalformed) {
      afterMalformed = false;
      return false;
    }
    if (bytes == 0) return false;
    // Headers other than Content-Length (Content-Type) and blank lines are not garbage.
    for (String line : skipped.toString().split("\r?\n", -1)) {
      String l = line.strip();
      if (!l.isEmpty() && !l.matches("[A-Za-z0-9-]+\\s*:.*")) return true;
    }
    return bytes > KEEP;
  }

  private static String garbage(StringBuilder skipped, long bytes) {
    return "skipped " + bytes + " bytes that are not a frame (`" + abbreviate(skipped.toString().strip())
        + "`); a frame is `Content-Length: N`, a blank line, then N bytes of JSON";
  }

  private static String abbreviate(String s) {
    String t = s.replace("\r", "\\r").replace("\n", "\\n");
    return t.length() <= 60 ? t : t.substring(0, 60) + "…";
  }

  private static void keep(StringBuilder sb, int b) {
    if (sb.length() < KEEP) sb.append(b >= 0x20 && b < 0x7f || b == '\n' || b == '\r' ? (char) b : '?');
  }

  private Malformed malformedThenEnd(String reason) {
    return malformedThenEnd(reason, null);
  }

  private Malformed malformedThenEnd(String reason, String id) {
    eof = true;
    afterMalformed = true;
    return new Malformed(reason, id);
  }

  /** Whether the bytes after a {@code Content-Length:} are a header value: spaces, digits, a line end. */
  private boolean headerValueFollows() throws IOException {
    int i = 0;
    while (peek(i) == ' ' || peek(i) == '\t') i++;
    int digits = 0;
    while (peek(i) >= '0' && peek(i) <= '9' && digits < 20) {
      i++;
      digits++;
    }
    while (peek(i) == ' ' || peek(i) == '\t') i++;
    return digits > 0 && (peek(i) == '\r' || peek(i) == '\n');
  }

  /** The byte {@code ahead} positions after the next one to read, without consuming it; -1 at the end. */
  private int peek(int ahead) throws IOException {
    while (lim - pos <= ahead) {
      if (eof) return -1;
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
      }
      int n = in.read(buf, lim, buf.length - lim);
      if (n <= 0) {
        eof = true;
        return -1;
      }
      lim += n;
    }
    return buf[pos + ahead] & 0xff;
  }

  /** One header line without its line end, or null at the end of the input. */
  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = read();
      if (b < 0) return null;
      if (b == '\n') break;
      if (sb.length() < MAX_HEADER_LINE) sb.append((char) b);
    }
    int n = sb.length();
    if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
    return sb.toString();
  }

  private int read() throws IOException {
    if (pos < lim) return buf[pos++] & 0xff;
    if (eof) return -1;
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      eof = true;
      return -1;
    }
    pos = 0;
    lim = n;
    return buf[pos++] & 0xff;
  }

  private static int lower(int b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }

  /**
   * Follows a JSON text byte by byte far enough to know whether it is inside a string, whether
   * the top-level value is complete, and the top-level {@code "id"} member's value.
   */
  static final class Scanner {
    private int depth;
    private boolean string;
    private boolean escape;
    private boolean started;
    private boolean complete;
    private final StringBuilder token = new StringBuilder();
    private String lastString;
    private boolean idNext;
    private boolean capturing;
    private String id;

    void feed(int b) {
      if (string) {
        if (escape) {
          escape = false;
        } else if (b == '\\') {
          escape = true;
        } else if (b == '"') {
          string = false;
          if (depth == 1) {
            if (capturing) {
              token.append('"');
              id = token.toString();
              capturing = false;
            }
            lastString = token.toString();
          }
          if (depth == 0) complete = started;
          return;
        } else if (b == '\n' || b == '\r') {
          // Not JSON; the string is over as far as finding frames goes.
          string = false;
          capturing = false;
          return;
        }
        if (depth == 1 && token.length() < 200) token.append((char) b);
        return;
      }
      if (capturing && (b == '-' || b == '+' || b == '.' || (b >= '0' && b <= '9') || b == 'e' || b == 'E')) {
        token.append((char) b);
        return;
      }
      if (capturing) {
        id = token.length() == 0 ? null : token.toString();
        capturing = false;
      }
      switch (b) {
        case '"':
          string = true;
          token.setLength(0);
          if (idNext && depth == 1) {
            capturing = true;
            token.append('"');
            idNext = false;
          }
          started = true;
          break;
        case '{':
        case '[':
          depth++;
          started = true;
          idNext = false;
          break;
        case '}':
        case ']':
          if (depth > 0) depth--;
          if (depth == 0 && started) complete = true;
          break;
        case ':':
          if (depth == 1 && "id".equals(lastString)) idNext = true;
          break;
        case ',':
          idNext = false;
          lastString = null;
          break;
        case ' ':
        case '\t':
        case '\r':
        case '\n':
          break;
        default:
          started = true;
          if (idNext && depth == 1 && (b == '-' || (b >= '0' && b <= '9'))) {
            capturing = true;
            token.setLength(0);
            token.append((char) b);
          }
          idNext = false;
          break;
      }
    }

    boolean inString() {
      return string;
    }

    /** Whether a whole top-level object or array has been read. */
    boolean complete() {
      return complete && !string;
    }

    /** The top-level {@code "id"} as JSON text (a number or a quoted string), or null. */
    String id() {
      return id;
    }
  }
}
