package brainc.codegen.tensor;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.FADD;
import static org.objectweb.asm.Opcodes.FALOAD;
import static org.objectweb.asm.Opcodes.FASTORE;
import static org.objectweb.asm.Opcodes.FCONST_0;
import static org.objectweb.asm.Opcodes.FLOAD;
import static org.objectweb.asm.Opcodes.FMUL;
import static org.objectweb.asm.Opcodes.FSTORE;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.IALOAD;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IF_ICMPGT;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.IMUL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import brainc.codegen.GeneratedClasses;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.atomic.AtomicInteger;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Compiles the three kernels of one dense layer of a training program to JVM bytecode, with the
 * layer's shape folded in as constants: the forward gather of the weight rows of the non-zero
 * inputs, the input gradient over the transposed weights, and the weight gradient that scatters
 * each sample's output gradient into the rows of its non-zero inputs. A layer with binary input
 * (spikes) adds rows without multiplying. Loops are blocked (outputs, or inputs, {@link #BLOCK} at a
 * time, so a block of rows stays in cache across the batch) and unrolled four rows per pass over
 * the accumulators; every element still sums its terms in the interpreter's order, so results
 * equal {@link TensorInterpreter}'s bit for bit (up to the sign of zero).
 */
final class DenseEmitter {
  private DenseEmitter() {}

  /** Columns of a block of outputs or inputs: 128 floats, so that a block of 784 weight rows fits in L2. */
  static final int BLOCK = 128;
  /** Rows added per pass over a block of accumulators. */
  private static final int UNROLL = 4;

  /** What a layer's kernels are specialised for: {@code stride} is the batch capacity of the index lists. */
  record Shape(int nIn, int nOut, int stride, boolean binary, boolean bias) {}

  /** The compiled kernels of one dense layer ({@code W} is {@code [nIn, nOut]}, {@code Wt} {@code [nOut, nIn]}). */
  interface DenseKernel {
    /**
     * {@code y[b, :] = bias + sum_k x[b, i_k] * W[i_k, :]} over the non-zero inputs {@code i_k =
     * active[b * nIn + k]}, {@code k < count[b]}, ascending; for binary input, without the product.
     */
    void forward(float[] x, float[] w, float[] bias, float[] y, int[] active, int[] count, int batch);

    /** {@code gx[b, :] = sum_o gy[b, o] * Wt[o, :]}, in ascending {@code o}. */
    void inputGrad(float[] gy, float[] wt, float[] gx, int batch);

    /**
     * {@code gw[i, :] += sum_k x[b_k, i] * gy[b_k, :]} over the samples {@code b_k = samples[i *
     * stride + k]}, {@code k < count[i]}, in which input {@code i} is non-zero (ascending); then
     * {@code gb += sum_b gy[b, :]} when the layer has a bias.
     */
    void paramGrad(float[] x, float[] gy, float[] gw, float[] gb, int[] samples, int[] count, int batch);
  }

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String PACKAGE = "brainc/codegen/tensor/";
  private static final String KERNEL = Type.getInternalName(DenseKernel.class);

  /** Generates, verifies and loads the kernels of a layer of shape {@code s}. */
  static DenseKernel compile(Shape s) {
    byte[] bytes = generate(s, PACKAGE + "Dense" + COUNTER.incrementAndGet());
    return GeneratedClasses.instantiate(MethodHandles.lookup(), bytes, DenseKernel.class, "the generated dense kernel");
  }

  /** Runs ASM's verifier on a generated class; throws with its report if it is malformed. */
  static void verify(byte[] classFile) {
    GeneratedClasses.verify(classFile, "generated dense kernel");
  }

  /** The class file of the kernels of a layer of shape {@code s}. */
  static byte[] generate(Shape s, String className) {
    ClassWriter cw = GeneratedClasses.writer(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL, className, null, "java/lang/Object", new String[] {KERNEL});
    GeneratedClasses.defaultConstructor(cw);
    forward(new Code(cw, "forward", "([F[F[F[F[I[II)V", 8), s);
    inputGrad(new Code(cw, "inputGrad", "([F[F[FI)V", 5), s);
    paramGrad(new Code(cw, "paramGrad", "([F[F[F[F[I[II)V", 8), s);
    cw.visitEnd();
    return cw.toByteArray();
  }

  // Arguments of forward: 1 x, 2 w, 3 bias, 4 y, 5 active, 6 count, 7 batch.
  private static void forward(Code c, Shape s) {
    int o0 = c.local(), o1 = c.local(), b = c.local(), yo = c.local(), xo = c.local(), n = c.local(), k = c.local();
    int lo = c.local(), hi = c.local(), o = c.local(), i = c.local(), v = c.local();
    int[] rows = c.locals(UNROLL);
    c.forStep(o0, s.nOut(), BLOCK, () -> {
      c.blockEnd(o1, o0, s.nOut());
      c.forLocal(b, 7, () -> {
        c.set(yo, () -> c.mul(b, s.nOut()));
        c.set(lo, () -> c.add(yo, o0));
        c.set(hi, () -> c.add(yo, o1));
        if (s.bias()) { // System.arraycopy(bias, o0, y, lo, o1 - o0)
          c.aload(3);
          c.iload(o0);
          c.aload(4);
          c.iload(lo);
          c.sub(o1, o0);
          c.mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;II)V", false);
        } else { // Arrays.fill(y, lo, hi, 0f)
          c.aload(4);
          c.iload(lo);
          c.iload(hi);
          c.mv.visitInsn(FCONST_0);
          c.mv.visitMethodInsn(INVOKESTATIC, "java/util/Arrays", "fill", "([FIIF)V", false);
        }
        c.set(xo, () -> c.mul(b, s.nIn()));
        c.set(n, () -> c.intAt(6, () -> c.iload(b)));
        c.setConst(k, 0);
        if (s.binary()) {
          // y[o] = (((y[o] + W[r0, o]) + W[r1, o]) + W[r2, o]) + W[r3, o], rows of the inputs that spiked.
          addRows(c, s, 2, 4, xo, yo, n, k, lo, hi, o, rows);
        } else {
          // y[o] += x[b, i] * W[i, o] for each non-zero input i.
          c.whileFits(k, 1, n, () -> {
            c.set(i, () -> c.intAt(5, () -> c.add(xo, k)));
            c.aload(1);
            c.add(xo, i);
            c.mv.visitInsn(FALOAD);
            c.mv.visitVarInsn(FSTORE, v);
            c.set(rows[0], () -> {
              c.mul(i, s.nOut());
              c.iload(yo);
              c.mv.visitInsn(ISUB);
            });
            c.forRange(o, lo, hi, () -> c.accumulate(4, o, () -> {
              c.mv.visitVarInsn(FLOAD, v);
              c.floatAt(2, rows[0], o);
              c.mv.visitInsn(FMUL);
              c.mv.visitInsn(FADD);
            }));
            c.mv.visitIincInsn(k, 1);
          });
        }
      });
    });
    c.end();
  }

  // Arguments of inputGrad: 1 gy, 2 wt, 3 gx, 4 batch.
  private static void inputGrad(Code c, Shape s) {
    int i0 = c.local(), i1 = c.local(), b = c.local(), xo = c.local(), go = c.local(), o = c.local(), lo = c.local();
    int hi = c.local(), i = c.local();
    int[] rows = c.locals(UNROLL);
    int[] a = c.locals(UNROLL);
    int whole = s.nOut() / UNROLL * UNROLL;
    c.forStep(i0, s.nIn(), BLOCK, () -> {
      c.blockEnd(i1, i0, s.nIn());
      c.forLocal(b, 4, () -> {
        c.set(xo, () -> c.mul(b, s.nIn()));
        c.set(lo, () -> c.add(xo, i0));
        c.set(hi, () -> c.add(xo, i1));
        c.aload(3);
        c.iload(lo);
        c.iload(hi);
        c.mv.visitInsn(FCONST_0);
        c.mv.visitMethodInsn(INVOKESTATIC, "java/util/Arrays", "fill", "([FIIF)V", false);
        c.set(go, () -> c.mul(b, s.nOut()));
        // Four outputs per pass: gx[i] = (((gx[i] + a0 * Wt[o, i]) + a1 * Wt[o + 1, i]) + ...).
        c.forStepConst(o, 0, whole, UNROLL, () -> {
          for (int j = 0; j < UNROLL; j++) {
            int jj = j;
            c.floatAt(1, () -> c.addConst(() -> c.add(go, o), jj));
            c.mv.visitVarInsn(FSTORE, a[j]);
            c.set(rows[j], () -> {
              c.addConst(() -> c.mulConst(() -> c.iload(o), s.nIn()), jj * s.nIn());
              c.iload(xo);
              c.mv.visitInsn(ISUB);
            });
          }
          c.forRange(i, lo, hi, () -> c.accumulate(3, i, () -> {
            for (int j = 0; j < UNROLL; j++) {
              c.mv.visitVarInsn(FLOAD, a[j]);
              c.floatAt(2, rows[j], i);
              c.mv.visitInsn(FMUL);
              c.mv.visitInsn(FADD);
            }
          }));
        });
        c.forStepConst(o, whole, s.nOut(), 1, () -> {
          c.floatAt(1, () -> c.add(go, o));
          c.mv.visitVarInsn(FSTORE, a[0]);
          c.set(rows[0], () -> {
            c.mul(o, s.nIn());
            c.iload(xo);
            c.mv.visitInsn(ISUB);
          });
          c.forRange(i, lo, hi, () -> c.accumulate(3, i, () -> {
            c.mv.visitVarInsn(FLOAD, a[0]);
            c.floatAt(2, rows[0], i);
            c.mv.visitInsn(FMUL);
            c.mv.visitInsn(FADD);
          }));
        });
      });
    });
    c.end();
  }

  // Arguments of paramGrad: 1 x, 2 gy, 3 gw, 4 gb, 5 samples, 6 count, 7 batch.
  private static void paramGrad(Code c, Shape s) {
    int o0 = c.local(), o1 = c.local(), i = c.local(), n = c.local(), so = c.local(), wo = c.local(), k = c.local();
    int lo = c.local(), hi = c.local(), o = c.local(), b = c.local(), v = c.local(), go = c.local();
    int[] rows = c.locals(UNROLL);
    c.forStep(o0, s.nOut(), BLOCK, () -> {
      c.blockEnd(o1, o0, s.nOut());
      c.forStepConst(i, 0, s.nIn(), 1, () -> {
        c.set(n, () -> c.intAt(6, () -> c.iload(i)));
        Label next = new Label();
        c.iload(n);
        c.mv.visitJumpInsn(IFEQ, next);
        c.set(so, () -> c.mul(i, s.stride()));
        c.set(wo, () -> c.mul(i, s.nOut()));
        c.set(lo, () -> c.add(wo, o0));
        c.set(hi, () -> c.add(wo, o1));
        c.setConst(k, 0);
        if (s.binary()) {
          // gw[o] = (((gw[o] + gy[b0, o]) + gy[b1, o]) + gy[b2, o]) + gy[b3, o], samples in which input i spiked.
          addRows(c, s, 2, 3, so, wo, n, k, lo, hi, o, rows);
        } else {
          // gw[o] += x[b, i] * gy[b, o] for each sample b in which input i is non-zero.
          c.whileFits(k, 1, n, () -> {
            c.set(b, () -> c.intAt(5, () -> c.add(so, k)));
            c.floatAt(1, () -> {
              c.mul(b, s.nIn());
              c.iload(i);
              c.mv.visitInsn(IADD);
            });
            c.mv.visitVarInsn(FSTORE, v);
            c.set(rows[0], () -> {
              c.mul(b, s.nOut());
              c.iload(wo);
              c.mv.visitInsn(ISUB);
            });
            c.forRange(o, lo, hi, () -> c.accumulate(3, o, () -> {
              c.mv.visitVarInsn(FLOAD, v);
              c.floatAt(2, rows[0], o);
              c.mv.visitInsn(FMUL);
              c.mv.visitInsn(FADD);
            }));
            c.mv.visitIincInsn(k, 1);
          });
        }
        c.mv.visitLabel(next);
      });
    });
    if (s.bias()) { // gb[o] += gy[b * nOut + o], samples in order
      c.forLocal(b, 7, () -> {
        c.set(go, () -> c.mul(b, s.nOut()));
        c.forStepConst(o, 0, s.nOut(), 1, () -> {
          c.aload(4);
          c.iload(o);
          c.aload(4);
          c.iload(o);
          c.mv.visitInsn(FALOAD);
          c.floatAt(2, () -> c.add(go, o));
          c.mv.visitInsn(FADD);
          c.mv.visitInsn(FASTORE);
        });
      });
    }
    c.end();
  }

  /**
   * For {@code k} from its current value to {@code n}: with row {@code r = index[base + k]},
   * {@code dst[lo + j] += src[r * nOut + (lo - off) + j]} for the block {@code [lo, hi)}, four rows
   * per pass over the block, so each element adds its rows in ascending {@code k}. The index list
   * is argument 5 of both kernels that use this; {@code src} and {@code dst} are argument locals.
   */
  private static void addRows(Code c, Shape s, int src, int dst, int base, int off, int n, int k, int lo, int hi, int o,
      int[] rows) {
    for (int step : new int[] {UNROLL, 1}) {
      c.whileFits(k, step, n, () -> {
        for (int j = 0; j < step; j++) {
          int jj = j;
          c.set(rows[j], () -> {
            c.intAt(5, () -> c.addConst(() -> c.add(base, k), jj));
            c.mulConst(s.nOut());
            c.iload(off);
            c.mv.visitInsn(ISUB);
          });
        }
        c.forRange(o, lo, hi, () -> c.accumulate(dst, o, () -> {
          for (int j = 0; j < step; j++) {
            c.floatAt(src, rows[j], o);
            c.mv.visitInsn(FADD);
          }
        }));
        c.mv.visitIincInsn(k, step);
      });
    }
  }

  /** A method under construction, with the few statement forms the kernels need. */
  private static final class Code {
    final MethodVisitor mv;
    private int next;

    Code(ClassWriter cw, String name, String descriptor, int firstLocal) {
      mv = cw.visitMethod(ACC_PUBLIC, name, descriptor, null, null);
      mv.visitCode();
      next = firstLocal;
    }

    int local() {
      return next++;
    }

    int[] locals(int n) {
      int[] l = new int[n];
      for (int j = 0; j < n; j++) l[j] = local();
      return l;
    }

    void end() {
      mv.visitInsn(RETURN);
      mv.visitMaxs(0, 0);
      mv.visitEnd();
    }

    void iload(int l) {
      mv.visitVarInsn(ILOAD, l);
    }

    void aload(int l) {
      mv.visitVarInsn(ALOAD, l);
    }

    void iconst(int v) {
      mv.visitLdcInsn(v);
    }

    /** {@code l = value}. */
    void set(int l, Runnable value) {
      value.run();
      mv.visitVarInsn(ISTORE, l);
    }

    void setConst(int l, int v) {
      iconst(v);
      mv.visitVarInsn(ISTORE, l);
    }

    /** Pushes {@code a + b}. */
    void add(int a, int b) {
      iload(a);
      iload(b);
      mv.visitInsn(IADD);
    }

    /** Pushes {@code a - b}. */
    void sub(int a, int b) {
      iload(a);
      iload(b);
      mv.visitInsn(ISUB);
    }

    /** Pushes {@code a * k}. */
    void mul(int a, int k) {
      iload(a);
      mulConst(k);
    }

    /** Multiplies the top of the stack by {@code k}. */
    void mulConst(int k) {
      iconst(k);
      mv.visitInsn(IMUL);
    }

    void mulConst(Runnable value, int k) {
      value.run();
      mulConst(k);
    }

    /** Pushes {@code value + k} (just {@code value} for 0). */
    void addConst(Runnable value, int k) {
      value.run();
      if (k != 0) {
        iconst(k);
        mv.visitInsn(IADD);
      }
    }

    /** Pushes {@code array[index]} of the int array in local {@code array}. */
    void intAt(int array, Runnable index) {
      aload(array);
      index.run();
      mv.visitInsn(IALOAD);
    }

    /** Pushes {@code array[index]} of the float array in local {@code array}. */
    void floatAt(int array, Runnable index) {
      aload(array);
      index.run();
      mv.visitInsn(FALOAD);
    }

    /** Pushes {@code array[base + i]}. */
    void floatAt(int array, int base, int i) {
      floatAt(array, () -> add(base, i));
    }

    /** {@code array[i] = array[i] <terms>}: pushes {@code array[i]}, then {@code terms} combine into it. */
    void accumulate(int array, int i, Runnable terms) {
      aload(array);
      iload(i);
      aload(array);
      iload(i);
      mv.visitInsn(FALOAD);
      terms.run();
      mv.visitInsn(FASTORE);
    }

    /** {@code end = min(limit, start + BLOCK)}, with {@code limit} a constant. */
    void blockEnd(int end, int start, int limit) {
      set(end, () -> {
        iconst(limit);
        iload(start);
        iconst(BLOCK);
        mv.visitInsn(IADD);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "min", "(II)I", false);
      });
    }

    /** {@code for (i = 0; i < limit; i += step) body}, {@code limit} a constant. */
    void forStep(int i, int limit, int step, Runnable body) {
      forStepConst(i, 0, limit, step, body);
    }

    /** {@code for (i = from; i < to; i += step) body} with constant bounds. */
    void forStepConst(int i, int from, int to, int step, Runnable body) {
      loop(i, () -> iconst(from), () -> iconst(to), step, body);
    }

    /** {@code for (i = 0; i < local[limit]; i++) body}. */
    void forLocal(int i, int limit, Runnable body) {
      loop(i, () -> iconst(0), () -> iload(limit), 1, body);
    }

    /** {@code for (i = local[from]; i < local[to]; i++) body}. */
    void forRange(int i, int from, int to, Runnable body) {
      loop(i, () -> iload(from), () -> iload(to), 1, body);
    }

    /** {@code while (k + step <= n) body} (the body advances {@code k}). */
    void whileFits(int k, int step, int n, Runnable body) {
      Label test = new Label();
      Label done = new Label();
      mv.visitLabel(test);
      addConst(() -> iload(k), step);
      iload(n);
      mv.visitJumpInsn(IF_ICMPGT, done);
      body.run();
      mv.visitJumpInsn(GOTO, test);
      mv.visitLabel(done);
    }

    private void loop(int i, Runnable from, Runnable to, int step, Runnable body) {
      from.run();
      mv.visitVarInsn(ISTORE, i);
      Label test = new Label();
      Label done = new Label();
      mv.visitLabel(test);
      iload(i);
      to.run();
      mv.visitJumpInsn(IF_ICMPGE, done);
      body.run();
      mv.visitIincInsn(i, step);
      mv.visitJumpInsn(GOTO, test);
      mv.visitLabel(done);
    }
  }
}
