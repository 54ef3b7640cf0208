package brainc.codegen.interp;

/**
 * The locals of a running program, one array per scalar type, with a slot per {@code Let} or loop
 * variable fixed at compile time, and the current step (read by {@code Rand} and {@code
 * StepIndex}). One frame serves a whole simulation: nothing is allocated per step.
 */
final class Frame {
  final float[] f;
  final double[] d;
  final int[] i;
  final long[] l;
  final boolean[] b;
  long step;

  Frame(int[] slots) {
    f = new float[slots[0]];
    d = new double[slots[1]];
    i = new int[slots[2]];
    l = new long[slots[3]];
    b = new boolean[slots[4]];
  }
}
