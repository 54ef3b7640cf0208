package brainc.runtime.htm;

/**
 * Turns one field of an input record into active bits of an SDR. A record field arrives both as
 * its text and, when it parses as one, as a number ({@code NaN} otherwise), so that each encoder
 * reads the form it needs without parsing twice.
 */
public interface FieldEncoder {
  /** Width of this encoder's part of the input SDR. */
  int size();

  /** Active bits of every encoding (exactly this many, whatever the input). */
  int activeBits();

  /**
   * Writes the active bit indices, offset by {@code base}, into {@code out} from {@code at} on,
   * in no particular order, and returns the new end.
   *
   * @throws IllegalArgumentException when the field cannot be encoded (a date that does not
   *     parse, a value outside a non-clipping scalar encoder's range)
   */
  int encode(String text, double number, int[] out, int at, int base);
}
