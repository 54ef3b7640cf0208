package brainc.codegen;

import brainc.ir.kernel.KernelProgram;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyReader;
import brainc.runtime.io.NpyWriter;
import brainc.runtime.sim.DelayRingDouble;
import brainc.runtime.sim.DelayRingFloat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Saves and restores everything a simulation carries from one step to the next: every buffer,
 * what the delay queues hold, and the step count (the random numbers are keyed by step, so
 * nothing else is needed). A checkpoint is a directory of `.npy` files plus `checkpoint.properties`;
 * it is written beside the old one and swapped in by renames, so a crash leaves the old or the
 * new checkpoint, never a mixture.
 */
public final class Checkpoint {
  private Checkpoint() {}

  /** Writes the simulation's state and {@code meta} (the caller's own counters) to {@code dir}. */
  public static void save(Simulation sim, Path dir, Properties meta) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".new-");
    Memory memory = sim.memory();
    KernelProgram p = sim.program();
    int k = 0;
    Properties index = new Properties();
    index.putAll(meta);
    index.setProperty("brainc.step", Long.toString(sim.currentStep()));
    for (KernelProgram.Buffer b : p.buffers()) {
      String file = "b" + (k++) + ".npy";
      index.setProperty("buffer." + b.name(), file);
      NpyWriter.write(tmp.resolve(file), array(memory.buffer(b.name())));
    }
    for (KernelProgram.DelayQueue q : p.queues()) {
      Object ring = memory.queue(q.name());
      String file = "q" + (k++) + ".npy";
      index.setProperty("queue." + q.name(), file);
      if (ring instanceof DelayRingFloat f) {
        float[][] rows = f.pendingByDelay();
        float[] flat = new float[rows.length * f.size];
        for (int d = 0; d < rows.length; d++) System.arraycopy(rows[d], 0, flat, d * f.size, f.size);
        NpyWriter.write(tmp.resolve(file), NpyArray.of(flat, rows.length, f.size));
      } else {
        DelayRingDouble g = (DelayRingDouble) ring;
        double[][] rows = g.pendingByDelay();
        double[] flat = new double[rows.length * g.size];
        for (int d = 0; d < rows.length; d++) System.arraycopy(rows[d], 0, flat, d * g.size, g.size);
        NpyWriter.write(tmp.resolve(file), NpyArray.of(flat, rows.length, g.size));
      }
    }
    try (OutputStream out = Files.newOutputStream(tmp.resolve("checkpoint.properties"))) {
      index.store(out, "brainc checkpoint of " + p.name());
    }
    swap(tmp, dir);
  }

  /** Restores a checkpoint written by {@link #save} into a simulation of the same program; returns its meta. */
  public static Properties load(Simulation sim, Path dir) throws IOException {
    Properties index = new Properties();
    Path props = dir.resolve("checkpoint.properties");
    if (!Files.isRegularFile(props)) throw new IOException("no checkpoint in " + dir + " (checkpoint.properties is missing)");
    try (InputStream in = Files.newInputStream(props)) {
      index.load(in);
    }
    Memory memory = sim.memory();
    for (KernelProgram.Buffer b : sim.program().buffers()) {
      String file = index.getProperty("buffer." + b.name());
      if (file == null) throw new IOException("the checkpoint in " + dir + " is of another model (no buffer " + b.label() + ")");
      restore(memory.buffer(b.name()), NpyReader.read(dir.resolve(file)), b.label());
    }
    for (KernelProgram.DelayQueue q : sim.program().queues()) {
      String file = index.getProperty("queue." + q.name());
      if (file == null) throw new IOException("the checkpoint in " + dir + " is of another model (no queue " + q.name() + ")");
      NpyArray a = NpyReader.read(dir.resolve(file));
      Object ring = memory.queue(q.name());
      int rows = a.shape()[0];
      int size = a.shape()[1];
      if (ring instanceof DelayRingFloat f) {
        float[][] r = new float[rows][size];
        for (int d = 0; d < rows; d++) System.arraycopy(a.floats(), d * size, r[d], 0, size);
        f.restorePending(r);
      } else {
        double[][] r = new double[rows][size];
        for (int d = 0; d < rows; d++) System.arraycopy(a.doubles(), d * size, r[d], 0, size);
        ((DelayRingDouble) ring).restorePending(r);
      }
    }
    sim.resumeAt(Long.parseLong(index.getProperty("brainc.step", "0")));
    return index;
  }

  private static NpyArray array(Object a) {
    if (a instanceof float[] f) return NpyArray.of(f.clone());
    if (a instanceof double[] d) return NpyArray.of(d.clone());
    if (a instanceof int[] i) return NpyArray.of(i.clone());
    if (a instanceof long[] l) return NpyArray.of(l.clone());
    boolean[] b = (boolean[]) a;
    int[] i = new int[b.length];
    for (int k = 0; k < b.length; k++) i[k] = b[k] ? 1 : 0;
    return NpyArray.of(i);
  }

  private static void restore(Object target, NpyArray saved, String label) throws IOException {
    int n = java.lang.reflect.Array.getLength(target);
    if (saved.size() != n) throw new IOException("the checkpoint's " + label + " has " + saved.size() + " elements, not " + n);
    if (target instanceof float[] f) System.arraycopy(saved.floats(), 0, f, 0, n);
    else if (target instanceof double[] d) System.arraycopy(saved.doubles(), 0, d, 0, n);
    else if (target instanceof int[] i) System.arraycopy(saved.ints(), 0, i, 0, n);
    else if (target instanceof long[] l) System.arraycopy(saved.longs(), 0, l, 0, n);
    else {
      boolean[] b = (boolean[]) target;
      int[] i = saved.ints();
      for (int k = 0; k < n; k++) b[k] = i[k] != 0;
    }
  }

  /** Puts {@code fresh} where {@code dir} was: the old one is renamed away first, then removed. */
  private static void swap(Path fresh, Path dir) throws IOException {
    Path old = null;
    if (Files.exists(dir)) {
      old = dir.resolveSibling("." + dir.getFileName() + ".old-" + System.nanoTime());
      move(dir, old);
    }
    move(fresh, dir);
    if (old != null) delete(old);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
