package brainc.runtime.htm;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * Date and time encoder, as NuPIC's: up to three sub-encoders side by side, each off when its
 * width is 0.
 *
 * <ul>
 *   <li>time of day: a periodic scalar encoder over [0, 24) hours with {@code timeOfDay} active
 *       bits and {@code ceil(timeOfDay * 24 / radius)} bits in all (at least one more than the
 *       active ones), so times {@code radius} hours apart share no bits;
 *   <li>weekend: two blocks of {@code weekend} bits, weekday (Monday to Friday) or weekend;
 *   <li>day of week: a periodic scalar encoder over [0, 7) days (Monday is 0) with radius in days.
 * </ul>
 *
 * Timestamps are ISO local date-times, {@code 2014-07-01 00:30:00} or {@code 2014-07-01T00:30:00}.
 */
public final class DateEncoder implements FieldEncoder {
  private final ScalarEncoder timeOfDay;
  private final int weekendBits;
  private final ScalarEncoder dayOfWeek;
  private final int size;
  private final int activeBits;

  public DateEncoder(int timeOfDay, double timeOfDayRadius, int weekend, int dayOfWeek, double dayOfWeekRadius) {
    this.timeOfDay = timeOfDay > 0 ? periodic(timeOfDay, 24.0, timeOfDayRadius) : null;
    this.weekendBits = weekend;
    this.dayOfWeek = dayOfWeek > 0 ? periodic(dayOfWeek, 7.0, dayOfWeekRadius) : null;
    this.size = (this.timeOfDay == null ? 0 : this.timeOfDay.size()) + 2 * weekend
        + (this.dayOfWeek == null ? 0 : this.dayOfWeek.size());
    this.activeBits = timeOfDay + weekend + dayOfWeek;
    if (size == 0) throw new IllegalArgumentException("date encoder has no feature switched on");
  }

  private static ScalarEncoder periodic(int w, double range, double radius) {
    if (!(radius > 0)) throw new IllegalArgumentException("date encoder radius must be positive, got " + radius);
    int n = Math.max(w + 1, (int) Math.ceil(w * range / radius));
    return new ScalarEncoder(0, range, n, w, true, true);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int activeBits() {
    return activeBits;
  }

  @Override
  public int encode(String text, double number, int[] out, int at, int base) {
    long fields = fields(text);
    int hour = (int) (fields >>> 16 & 0xFF);
    int minute = (int) (fields >>> 8 & 0xFF);
    int second = (int) (fields & 0xFF);
    int weekday = (int) (fields >>> 24); // Monday is 0
    int offset = base;
    if (timeOfDay != null) {
      double hours = hour + minute / 60.0 + second / 3600.0;
      at = timeOfDay.encode(text, hours, out, at, offset);
      offset += timeOfDay.size();
    }
    if (weekendBits > 0) {
      boolean weekend = weekday >= 5;
      int start = offset + (weekend ? weekendBits : 0);
      for (int j = 0; j < weekendBits; j++) out[at++] = start + j;
      offset += 2 * weekendBits;
    }
    if (dayOfWeek != null) {
      double day = weekday + hour / 24.0;
      at = dayOfWeek.encode(text, day, out, at, offset);
    }
    return at;
  }

  private String lastDate = "";
  private int lastWeekday;

  /**
   * Day of week (Monday 0), hour, minute and second packed in a long. The common layout
   * {@code yyyy-MM-dd HH:mm:ss} is read digit by digit and the day of the week computed once per
   * date; anything else goes through {@link #parse}.
   */
  private long fields(String s) {
    if (s.length() == 19 && s.charAt(4) == '-' && s.charAt(7) == '-' && (s.charAt(10) == ' ' || s.charAt(10) == 'T')
        && s.charAt(13) == ':' && s.charAt(16) == ':') {
      int hour = two(s, 11);
      int minute = two(s, 14);
      int second = two(s, 17);
      if (hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60) {
        if (!s.regionMatches(0, lastDate, 0, 10) || lastDate.isEmpty()) {
          LocalDateTime t = parse(s);
          lastDate = s.substring(0, 10);
          lastWeekday = t.getDayOfWeek().getValue() - 1;
        }
        return (long) lastWeekday << 24 | hour << 16 | minute << 8 | second;
      }
    }
    LocalDateTime t = parse(s);
    return (long) (t.getDayOfWeek().getValue() - 1) << 24 | t.getHour() << 16 | t.getMinute() << 8 | t.getSecond();
  }

  private static int two(String s, int i) {
    int a = s.charAt(i) - '0';
    int b = s.charAt(i + 1) - '0';
    return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
  }

  /** Parses {@code yyyy-MM-dd HH:mm[:ss[.fff]]} (a space or a {@code T} between date and time). */
  public static LocalDateTime parse(String text) {
    try {
      String s = text.trim();
      if (s.length() > 10 && s.charAt(10) == ' ') s = s.substring(0, 10) + 'T' + s.substring(11);
      return LocalDateTime.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("`" + text + "` is not a date-time like 2014-07-01 00:30:00");
    }
  }
}
