package brainc.codegen.interp;

import brainc.runtime.sim.SpikeSet;

/**
 * The locals of a running program, one array per scalar type, with a slot per {@code Let} or loop
 * variable fixed at compile time, and the current step (read by {@code Rand} and {@code
 * StepIndex}). One frame serves a whole simulation, plus one per extra thread of split loops:
 * nothing is allocated per step.
 */
final class Frame {
  final float[] f;
  final double[] d;
  final int[] i;
  final long[] l;
  final boolean[] b;
  long step;
  /** Where the emits of a split loop go: the real spike sets, or a chunk's scratch ones. */
  SpikeSet[] sinks;

  Frame(int[] slots) {
    f = new float[slots[0]];
    d = new double[slots[1]];
    i = new int[slots[2]];
    l = new long[slots[3]];
    b = new boolean[slots[4]];
  }

  /** A frame with as many slots as {@code like}. */
  Frame(Frame like) {
    f = new float[like.f.length];
    d = new double[like.d.length];
    i = new int[like.i.length];
    l = new long[like.l.length];
    b = new boolean[like.b.length];
  }

  /** Takes over every local and the step of {@code from}: what a worker's chunk starts from. */
  void copyFrom(Frame from) {
    System.arraycopy(from.f, 0, f, 0, f.length);
    System.arraycopy(from.d, 0, d, 0, d.length);
    System.arraycopy(from.i, 0, i, 0, i.length);
    System.arraycopy(from.l, 0, l, 0, l.length);
    System.arraycopy(from.b, 0, b, 0, b.length);
    step = from.step;
  }
}
