package brainc.compiler.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 identities of texts and files: what checkpoints record to refuse another run's state
 * (training records, detect checkpoints, run snapshots) and what manifests name a model by.
 */
public final class Fingerprints {
  private Fingerprints() {}

  /** The SHA-256 of some texts (each length-prefixed, so that no two lists collide), in hex. */
  static String sha256(List<String> texts) {
    MessageDigest md = digest();
    for (String t : texts) {
      byte[] b = t.getBytes(StandardCharsets.UTF_8);
      md.update(Long.toString(b.length).getBytes(StandardCharsets.US_ASCII));
      md.update((byte) ':');
      md.update(b);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The SHA-256 of one text's UTF-8 bytes, in hex. */
  static String sha256(String text) {
    return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The SHA-256 of a file's bytes, in hex. */
  public static String sha256(Path file) throws IOException {
    return HexFormat.of().formatHex(digest().digest(Files.readAllBytes(file)));
  }

  /** A file's identity: its path, its size and the SHA-256 of its bytes. */
  static String identity(Path file) throws IOException {
    return identity(file, file.toString());
  }

  /** A file's identity, the file named as {@code shown}: the name, the size and the SHA-256 of its bytes. */
  static String identity(Path file, String shown) throws IOException {
    MessageDigest md = digest();
    byte[] buf = new byte[1 << 16];
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
        size += n;
      }
    }
    return shown + " " + size + " bytes sha256:" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
