package brainc.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Synthetic data for sequence prediction (the HTM benchmark of repeating sequences with noise):
 * {@code k} sequences of {@code length} symbols, each symbol drawn uniformly from an alphabet of
 * {@code alphabet} symbols {@code s00, s01, ...} (so sequences share symbols, and predicting the
 * next one needs the context of the ones before: high-order sequences). The stream repeats the
 * sequences in random order, one after another with no reset between them; each element is
 * replaced, with probability {@code noise}, by a symbol drawn uniformly from the alphabet (it
 * may draw the same symbol). Everything comes from {@link SplittableRandom} seeded with
 * {@code seed} (its algorithm is specified, so the same arguments write the same bytes on any
 * JDK): first the sequences' symbols, then per sequence played its index, then per element the
 * noise draw (and the replacement when noisy).
 *
 * <p>The CSV has the columns {@code step,symbol,sequence,position,noisy}: the record's index, the
 * symbol to encode, which sequence and which position in it, and 1 where the symbol is noise.
 * Only {@code symbol} is meant for the region; the others are there to analyse the results.
 *
 * <p>Pure JDK, so that {@code bench/sequences.sh} runs it as a source file: {@code java
 * samples/src/test/java/brainc/samples/RepeatingSequences.java OUT.csv RECORDS [K LENGTH
 * ALPHABET NOISE SEED]}.
 */
public record RepeatingSequences(int k, int length, int alphabet, double noise, long seed) {
  public RepeatingSequences {
    if (k < 1 || length < 1 || alphabet < 2 || alphabet > 100) {
      throw new IllegalArgumentException("need k >= 1, length >= 1, 2 <= alphabet <= 100");
    }
    if (!(noise >= 0 && noise <= 1)) throw new IllegalArgumentException("noise is a probability");
  }

  /** The CSV text of {@code records} records. */
  public String csv(int records) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] sequences = new int[k][length];
    for (int[] s : sequences) {
      for (int i = 0; i < length; i++) s[i] = rng.nextInt(alphabet);
    }
    StringBuilder sb = new StringBuilder("step,symbol,sequence,position,noisy\n");
    int step = 0;
    while (step < records) {
      int which = rng.nextInt(k);
      for (int i = 0; i < length && step < records; i++, step++) {
        boolean noisy = rng.nextDouble() < noise;
        int symbol = noisy ? rng.nextInt(alphabet) : sequences[which][i];
        sb.append(step).append(",s").append(symbol < 10 ? "0" : "").append(symbol).append(',').append(which).append(',')
            .append(i).append(',').append(noisy ? 1 : 0).append('\n');
      }
    }
    return sb.toString();
  }

  /** Writes {@link #csv} to {@code out}. */
  public void write(Path out, int records) {
    try {
      Files.writeString(out, csv(records), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code OUT.csv RECORDS [K LENGTH ALPHABET NOISE SEED]}; defaults 4 8 16 0.02 1. */
  public static void main(String[] args) {
    if (args.length != 2 && args.length != 7) {
      System.err.println("usage: RepeatingSequences OUT.csv RECORDS [K LENGTH ALPHABET NOISE SEED]");
      System.exit(2);
    }
    RepeatingSequences g = args.length == 2 ? new RepeatingSequences(4, 8, 16, 0.02, 1)
        : new RepeatingSequences(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
            Double.parseDouble(args[5]), Long.parseLong(args[6]));
    g.write(Path.of(args[0]), Integer.parseInt(args[1]));
  }
}
