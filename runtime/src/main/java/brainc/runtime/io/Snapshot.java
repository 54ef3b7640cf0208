package brainc.runtime.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The whole state of a running instance (a simulation, a training run, an HTM region) as named
 * primitive arrays, counters and short texts: what a checkpoint holds, what {@code --resume}
 * restores, and what a distributed engine keeps as keyed state. A restored instance continues
 * bit-identically, so a snapshot holds every value that is carried from one step to the next
 * and nothing that can be recomputed.
 *
 * <p>The file is a NumPy {@code .npz} archive, written atomically: one {@code NAME.npy} entry
 * per array (so {@code numpy.load} reads it), and a first entry {@code brainc.snapshot.npy}, the
 * UTF-8 bytes (int32, one per byte) of a JSON header: {@code {"format": 1, "kind": KIND,
 * "counters": {...}, "texts": {...}}}. The format number grows when the layout changes; a
 * reader refuses a newer one with a message that says so.
 *
 * <p>Names are paths ({@code sim/b0}, {@code opt/h1.weight/0}): {@link Builder#put(String,
 * Snapshot)} nests one snapshot in another under a prefix, {@link #child(String)} takes it out
 * again, so a training snapshot is the network's simulation snapshot plus the trainer's
 * counters.
 */
public final class Snapshot {
  /** The layout this class writes and the newest it reads. */
  public static final int FORMAT = 1;

  private static final String HEADER = "brainc.snapshot";

  private final String kind;
  private final Map<String, NpyArray> arrays;
  private final Map<String, Long> counters;
  private final Map<String, String> texts;

  private Snapshot(String kind, Map<String, NpyArray> arrays, Map<String, Long> counters, Map<String, String> texts) {
    this.kind = kind;
    this.arrays = Collections.unmodifiableMap(arrays);
    this.counters = Collections.unmodifiableMap(counters);
    this.texts = Collections.unmodifiableMap(texts);
  }

  /** A snapshot of an instance of {@code kind} ({@code simulation}, {@code htm-region}, ...). */
  public static Builder builder(String kind) {
    return new Builder(kind);
  }

  /** What kind of instance this is the state of. */
  public String kind() {
    return kind;
  }

  public Set<String> arrayNames() {
    return arrays.keySet();
  }

  public Map<String, Long> counters() {
    return counters;
  }

  public Map<String, String> texts() {
    return texts;
  }

  public boolean has(String array) {
    return arrays.containsKey(array);
  }

  /** The array {@code name}; a {@link SnapshotException} naming it when it is absent. */
  public NpyArray array(String name) throws SnapshotException {
    NpyArray a = arrays.get(name);
    if (a == null) throw new SnapshotException("the snapshot of this " + kind + " has no `" + name + "`; it was taken of another model or program");
    return a;
  }

  public long counter(String name) throws SnapshotException {
    Long v = counters.get(name);
    if (v == null) throw new SnapshotException("the snapshot of this " + kind + " has no counter `" + name + "`");
    return v;
  }

  public String text(String name) throws SnapshotException {
    String v = texts.get(name);
    if (v == null) throw new SnapshotException("the snapshot of this " + kind + " has no text `" + name + "`");
    return v;
  }

  /** Copies the array {@code name} into {@code target}, which must have the same type and length. */
  public void copyInto(String name, Object target) throws SnapshotException {
    NpyArray a = array(name);
    int n = java.lang.reflect.Array.getLength(target);
    if (a.size() != n) {
      throw new SnapshotException("the snapshot's `" + name + "` has " + a.size() + " elements where this " + kind + " has " + n
          + "; it was taken of another model or with other settings");
    }
    try {
      if (target instanceof float[] f) System.arraycopy(a.floats(), 0, f, 0, n);
      else if (target instanceof double[] d) System.arraycopy(a.doubles(), 0, d, 0, n);
      else if (target instanceof int[] i) System.arraycopy(a.ints(), 0, i, 0, n);
      else if (target instanceof long[] l) System.arraycopy(a.longs(), 0, l, 0, n);
      else if (target instanceof boolean[] b) {
        int[] v = a.ints();
        for (int k = 0; k < n; k++) b[k] = v[k] != 0;
      } else {
        throw new IllegalArgumentException("not a primitive array: " + target.getClass());
      }
    } catch (IllegalStateException e) {
      throw new SnapshotException("the snapshot's `" + name + "` is " + a.dtype() + ", not the type this " + kind + " holds");
    }
  }

  /** The arrays, counters and texts under {@code prefix + "/"}, as a snapshot of {@code kind}. */
  public Snapshot child(String prefix, String kind) {
    String p = prefix + "/";
    Map<String, NpyArray> a = new LinkedHashMap<>();
    arrays.forEach((k, v) -> {
      if (k.startsWith(p)) a.put(k.substring(p.length()), v);
    });
    Map<String, Long> c = new LinkedHashMap<>();
    counters.forEach((k, v) -> {
      if (k.startsWith(p)) c.put(k.substring(p.length()), v);
    });
    Map<String, String> t = new LinkedHashMap<>();
    texts.forEach((k, v) -> {
      if (k.startsWith(p)) t.put(k.substring(p.length()), v);
    });
    return new Snapshot(kind, a, c, t);
  }

  /** Refuses a snapshot of another kind, naming both. */
  public Snapshot expect(String expectedKind) throws SnapshotException {
    if (!kind.equals(expectedKind)) {
      throw new SnapshotException("this is a snapshot of a " + kind + ", not of a " + expectedKind);
    }
    return this;
  }

  /** Writes this snapshot to {@code file} atomically: a crash leaves the old file or the new one, whole. */
  public void write(Path file) throws IOException {
    Map<String, NpyArray> entries = new LinkedHashMap<>();
    byte[] header = header().getBytes(StandardCharsets.UTF_8);
    int[] bytes = new int[header.length];
    for (int i = 0; i < header.length; i++) bytes[i] = header[i] & 0xff;
    entries.put(HEADER, NpyArray.of(bytes));
    entries.putAll(arrays);
    NpzFile.write(file, entries);
  }

  /**
   * Reads a snapshot written by {@link #write}. A missing file, a file that is not a snapshot, or
   * one of a newer format is a {@link SnapshotException} whose message says which.
   */
  public static Snapshot read(Path file) throws IOException {
    if (!Files.exists(file)) throw new SnapshotException("no snapshot at " + file);
    Map<String, NpyArray> entries;
    try {
      entries = NpzFile.read(file);
    } catch (NoSuchFileException e) {
      throw new SnapshotException("no snapshot at " + file);
    } catch (IOException | RuntimeException e) {
      throw new SnapshotException(file + " is not a brainc snapshot (it cannot be read as a .npz archive: " + e.getMessage() + ")");
    }
    NpyArray h = entries.remove(HEADER);
    if (h == null) throw new SnapshotException(file + " is not a brainc snapshot (it has no " + HEADER + " entry)");
    int[] v = h.ints();
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
    Map<?, ?> json;
    try {
      json = Json.parse(new String(b, StandardCharsets.UTF_8)) instanceof Map<?, ?> m ? m : Map.of();
    } catch (Json.SyntaxException | RuntimeException e) {
      throw new SnapshotException(file + " is not a brainc snapshot (its header is not JSON)");
    }
    if (!(json.get("format") instanceof Number format) || !(json.get("kind") instanceof String kind)) {
      throw new SnapshotException(file + " is not a brainc snapshot (its header has no format or kind)");
    }
    if (format.intValue() > FORMAT) {
      throw new SnapshotException(file + " was written by a newer brainc (snapshot format " + format.intValue()
          + "); this one reads format " + FORMAT + " and older");
    }
    Map<String, Long> counters = new LinkedHashMap<>();
    if (json.get("counters") instanceof Map<?, ?> c) {
      for (Map.Entry<?, ?> e : c.entrySet()) {
        if (!(e.getValue() instanceof String s)) throw new SnapshotException(file + ": counter " + e.getKey() + " is not a string of digits");
        try {
          counters.put((String) e.getKey(), Long.parseLong(s));
        } catch (NumberFormatException x) {
          throw new SnapshotException(file + ": counter " + e.getKey() + " is not a whole number");
        }
      }
    }
    Map<String, String> texts = new LinkedHashMap<>();
    if (json.get("texts") instanceof Map<?, ?> t) {
      for (Map.Entry<?, ?> e : t.entrySet()) texts.put((String) e.getKey(), String.valueOf(e.getValue()));
    }
    return new Snapshot(kind, new LinkedHashMap<>(entries), counters, texts);
  }

  private String header() {
    StringBuilder s = new StringBuilder();
    s.append("{\"format\": ").append(FORMAT).append(", \"kind\": ").append(Json.quote(kind)).append(", \"counters\": {");
    String sep = "";
    // Counters as strings: a long does not survive a JSON number read as a double.
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      s.append(sep).append(Json.quote(e.getKey())).append(": \"").append(e.getValue()).append('"');
      sep = ", ";
    }
    s.append("}, \"texts\": {");
    sep = "";
    for (Map.Entry<String, String> e : texts.entrySet()) {
      s.append(sep).append(Json.quote(e.getKey())).append(": ").append(Json.quote(e.getValue()));
      sep = ", ";
    }
    return s.append("}}").toString();
  }

  /** Collects a snapshot's parts; arrays are copied when added, so the instance may go on. */
  public static final class Builder {
    private final String kind;
    private final Map<String, NpyArray> arrays = new LinkedHashMap<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Map<String, String> texts = new LinkedHashMap<>();

    private Builder(String kind) {
      this.kind = kind;
    }

    /** A copy of {@code values}, a float[], double[], int[], long[] or boolean[] (kept as int32 0/1). */
    public Builder array(String name, Object values) {
      NpyArray a;
      if (values instanceof float[] f) a = NpyArray.of(f.clone());
      else if (values instanceof double[] d) a = NpyArray.of(d.clone());
      else if (values instanceof int[] i) a = NpyArray.of(i.clone());
      else if (values instanceof long[] l) a = NpyArray.of(l.clone());
      else if (values instanceof boolean[] b) {
        int[] i = new int[b.length];
        for (int k = 0; k < b.length; k++) i[k] = b[k] ? 1 : 0;
        a = NpyArray.of(i);
      } else {
        throw new IllegalArgumentException("not a primitive array: " + values.getClass());
      }
      return put(name, a);
    }

    /** {@code array}, already shaped; not copied. */
    public Builder put(String name, NpyArray array) {
      if (name.equals(HEADER) || arrays.putIfAbsent(name, array) != null) {
        throw new IllegalArgumentException("two arrays named " + name);
      }
      return this;
    }

    public Builder counter(String name, long value) {
      counters.put(name, value);
      return this;
    }

    public Builder text(String name, String value) {
      texts.put(name, value);
      return this;
    }

    /** Everything of {@code child} under {@code prefix + "/"}. */
    public Builder put(String prefix, Snapshot child) {
      child.arrays.forEach((k, v) -> put(prefix + "/" + k, v));
      child.counters.forEach((k, v) -> counters.put(prefix + "/" + k, v));
      child.texts.forEach((k, v) -> texts.put(prefix + "/" + k, v));
      return this;
    }

    public Snapshot build() {
      return new Snapshot(kind, new LinkedHashMap<>(arrays), new LinkedHashMap<>(counters), new LinkedHashMap<>(texts));
    }
  }
}
