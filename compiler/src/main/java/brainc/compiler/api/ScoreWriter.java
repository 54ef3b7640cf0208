package brainc.compiler.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The scores of a file in progress, appended to a checkpoint's partial file. It opens cut back
 * to the bytes a snapshot vouches for (rows written after the last snapshot are scored again),
 * and {@link #sync} makes what was written durable and says how many bytes that is.
 */
final class ScoreWriter implements AutoCloseable {
  private final FileChannel channel;
  private final BufferedWriter out;

  private ScoreWriter(FileChannel channel) {
    this.channel = channel;
    this.out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16);
  }

  /** {@code file}, keeping its first {@code keep} bytes (0: a new file). */
  static ScoreWriter open(Path file, long keep) throws IOException {
    FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      c.truncate(keep);
      c.position(keep);
    } catch (IOException e) {
      c.close();
      throw e;
    }
    return new ScoreWriter(c);
  }

  void write(String s) throws IOException {
    out.write(s);
  }

  void write(char c) throws IOException {
    out.write(c);
  }

  /** Flushes to the disk; the bytes of the file so far. */
  long sync() throws IOException {
    out.flush();
    channel.force(false);
    return channel.position();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
