package brainc.codegen.tensor;

import static org.objectweb.asm.Opcodes.AALOAD;
import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.BIPUSH;
import static org.objectweb.asm.Opcodes.D2F;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.F2D;
import static org.objectweb.asm.Opcodes.FADD;
import static org.objectweb.asm.Opcodes.FALOAD;
import static org.objectweb.asm.Opcodes.FASTORE;
import static org.objectweb.asm.Opcodes.FCMPL;
import static org.objectweb.asm.Opcodes.FCONST_0;
import static org.objectweb.asm.Opcodes.FCONST_1;
import static org.objectweb.asm.Opcodes.FDIV;
import static org.objectweb.asm.Opcodes.FMUL;
import static org.objectweb.asm.Opcodes.FNEG;
import static org.objectweb.asm.Opcodes.FSUB;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.I2F;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.ICONST_M1;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFLE;
import static org.objectweb.asm.Opcodes.IFLT;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INEG;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IOR;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.IUSHR;
import static org.objectweb.asm.Opcodes.IXOR;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LSUB;
import static org.objectweb.asm.Opcodes.LUSHR;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.SWAP;
import static org.objectweb.asm.Opcodes.V17;

import brainc.codegen.GeneratedClasses;
import brainc.ir.builtin.StableMath;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.TensorVerifier;
import java.lang.invoke.MethodHandles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Compiles an elementwise map of a training step ({@code out = expr}, from the neuron model or
 * from {@code differentiate}) to JVM bytecode: one hidden class whose loop computes each element
 * in a single pass, reading every tensor at the same index, with the expression's constants as
 * immediate operands. Float32 arithmetic in the expression's order, and each function call a
 * {@link StableMath} call in double rounded once, so results equal the interpreter's bit for bit.
 *
 * <pre>
 *   y = (exp(a) * 0.5)   ⇒   y[i] = (float) StableMath.exp((double) a[i]) * 0.5f
 * </pre>
 */
final class MapEmitter {
  private MapEmitter() {}

  /** A compiled map: {@code buf[out][i] = expr(i)} for {@code i} in {@code [lo, hi)}. */
  interface MapKernel {
    void eval(float[][] buf, int lo, int hi);
  }

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String PACKAGE = "brainc/codegen/tensor/";
  private static final String KERNEL = Type.getInternalName(MapKernel.class);
  private static final String SURROGATE = Type.getInternalName(TExpr.Surrogate.class);
  private static final String STABLE_MATH = Type.getInternalName(StableMath.class);

  /** Generates, verifies and loads the kernel of {@code map}; {@code slot} gives a tensor's index in {@code buf}. */
  static MapKernel compile(TOp.Map map, ToIntFunction<String> slot) {
    byte[] bytes = generate(map, slot, PACKAGE + "Map" + COUNTER.incrementAndGet());
    return GeneratedClasses.instantiate(MethodHandles.lookup(), bytes, MapKernel.class, "the generated map kernel");
  }

  /** The class file of {@code map}'s kernel. */
  static byte[] generate(TOp.Map map, ToIntFunction<String> slot, String className) {
    ClassWriter cw = GeneratedClasses.writer(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL, className, null, "java/lang/Object", new String[] {KERNEL});
    GeneratedClasses.defaultConstructor(cw);

    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "eval", "([[FII)V", null, null);
    mv.visitCode();
    // Locals: 0 this, 1 buf, 2 lo, 3 hi, 4 out, then one per tensor read, then i.
    Map<String, Integer> arrays = new LinkedHashMap<>();
    for (String t : TensorVerifier.refs(map.expr())) arrays.put(t, 5 + arrays.size());
    loadArray(mv, slot.applyAsInt(map.out()), 4);
    for (Map.Entry<String, Integer> a : arrays.entrySet()) loadArray(mv, slot.applyAsInt(a.getKey()), a.getValue());
    int i = 5 + arrays.size();
    mv.visitVarInsn(ILOAD, 2);
    mv.visitVarInsn(ISTORE, i);
    Label test = new Label();
    Label done = new Label();
    mv.visitLabel(test);
    mv.visitVarInsn(ILOAD, i);
    mv.visitVarInsn(ILOAD, 3);
    mv.visitJumpInsn(IF_ICMPGE, done);
    mv.visitVarInsn(ALOAD, 4);
    mv.visitVarInsn(ILOAD, i);
    emit(mv, map.expr(), arrays, i);
    mv.visitInsn(FASTORE);
    mv.visitIincInsn(i, 1);
    mv.visitJumpInsn(GOTO, test);
    mv.visitLabel(done);
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** Runs ASM's verifier on a generated kernel; throws with its report if the class is malformed. */
  static void verify(byte[] classFile) {
    GeneratedClasses.verify(classFile, "generated map kernel");
  }

  private static void loadArray(MethodVisitor mv, int slot, int local) {
    mv.visitVarInsn(ALOAD, 1);
    mv.visitLdcInsn(slot);
    mv.visitInsn(AALOAD);
    mv.visitVarInsn(ASTORE, local);
  }

  /** Whether {@code e} is a load or a constant (possibly detached): cheap to evaluate whether or not it is used. */
  private static boolean leaf(TExpr e) {
    if (e instanceof TExpr.Detach d) return leaf(d.operand());
    return e instanceof TExpr.Ref || e instanceof TExpr.Lit;
  }

  /** Pushes the float value of {@code e} at element {@code i}. */
  private static void emit(MethodVisitor mv, TExpr e, Map<String, Integer> arrays, int i) {
    e.accept(new TExpr.Visitor<Void>() {
      @Override
      public Void visit(TExpr.Ref r) {
        mv.visitVarInsn(ALOAD, arrays.get(r.tensor()));
        mv.visitVarInsn(ILOAD, i);
        mv.visitInsn(FALOAD);
        return null;
      }

      @Override
      public Void visit(TExpr.Lit l) {
        mv.visitLdcInsn((float) l.value());
        return null;
      }

      @Override
      public Void visit(TExpr.Bin b) {
        b.left().accept(this);
        b.right().accept(this);
        mv.visitInsn(switch (b.op()) {
          case ADD -> FADD;
          case SUB -> FSUB;
          case MUL -> FMUL;
          case DIV -> FDIV;
        });
        return null;
      }

      @Override
      public Void visit(TExpr.Neg n) {
        n.operand().accept(this);
        mv.visitInsn(FNEG);
        return null;
      }

      @Override
      public Void visit(TExpr.Step s) {
        if (s.strict()) {
          // margin > 0, without a branch (spikes are unpredictable): its bits, less 1, read as
          // unsigned, fall below those of +infinity exactly for positive non-NaN margins.
          s.margin().accept(this);
          mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
          mv.visitInsn(ICONST_1);
          mv.visitInsn(ISUB);
          mv.visitInsn(I2L);
          mv.visitLdcInsn(0xFFFF_FFFFL);
          mv.visitInsn(LAND);
          mv.visitLdcInsn(0x7F80_0000L);
          mv.visitInsn(LSUB);
          mv.visitIntInsn(BIPUSH, 63);
          mv.visitInsn(LUSHR);
          mv.visitInsn(L2I);
          mv.visitInsn(I2F);
          return null;
        }
        // margin >= 0 ? 1 : 0 (FCMPL makes NaN "less": 0).
        s.margin().accept(this);
        mv.visitInsn(FCONST_0);
        mv.visitInsn(FCMPL);
        Label zero = new Label();
        Label end = new Label();
        mv.visitJumpInsn(s.strict() ? IFLE : IFLT, zero);
        mv.visitInsn(FCONST_1);
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(zero);
        mv.visitInsn(FCONST_0);
        mv.visitLabel(end);
        return null;
      }

      @Override
      public Void visit(TExpr.Select s) {
        if (leaf(s.then()) && leaf(s.otherwise())) {
          // Both arms are a load or a constant: no branch (spikes are unpredictable), a blend of
          // their bits under a mask of ones where cond != 0 (NaN included: only ±0 is 0).
          s.cond().accept(this);
          mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
          mv.visitInsn(ICONST_1);
          mv.visitInsn(ISHL); // drops the sign: 0 exactly for ±0
          mv.visitInsn(DUP);
          mv.visitInsn(INEG);
          mv.visitInsn(IOR);
          mv.visitIntInsn(BIPUSH, 31);
          mv.visitInsn(IUSHR); // 1 where cond != 0
          mv.visitInsn(INEG); // the mask
          mv.visitInsn(DUP);
          s.then().accept(this);
          mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
          mv.visitInsn(IAND);
          mv.visitInsn(SWAP);
          mv.visitInsn(ICONST_M1);
          mv.visitInsn(IXOR);
          s.otherwise().accept(this);
          mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
          mv.visitInsn(IAND);
          mv.visitInsn(IOR);
          mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
          return null;
        }
        // cond != 0 ? then : otherwise (a NaN condition is not 0: FCMPL gives -1).
        s.cond().accept(this);
        mv.visitInsn(FCONST_0);
        mv.visitInsn(FCMPL);
        Label otherwise = new Label();
        Label end = new Label();
        mv.visitJumpInsn(IFEQ, otherwise);
        s.then().accept(this);
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(otherwise);
        s.otherwise().accept(this);
        mv.visitLabel(end);
        return null;
      }

      @Override
      public Void visit(TExpr.Detach d) {
        return d.operand().accept(this);
      }

      @Override
      public Void visit(TExpr.SurrogateGrad g) {
        mv.visitLdcInsn(g.surrogate().kindIndex());
        mv.visitLdcInsn((float) g.surrogate().parameter());
        g.margin().accept(this);
        mv.visitMethodInsn(INVOKESTATIC, SURROGATE, "derivative", "(IFF)F", false);
        return null;
      }

      @Override
      public Void visit(TExpr.Call c) {
        // Widen each argument, call StableMath in double (folding further min/max arguments in
        // from the left), round once: the interpreter's TExpr.Fn computes the same.
        TExpr.Fn fn = c.fn();
        fn.arityProblem(c.args().size()).ifPresent(problem -> {
          throw new IllegalArgumentException(problem);
        });
        int first = fn.helperArity();
        for (int j = 0; j < first; j++) {
          c.args().get(j).accept(this);
          mv.visitInsn(F2D);
        }
        mv.visitMethodInsn(INVOKESTATIC, STABLE_MATH, fn.helper(), "(" + "D".repeat(first) + ")D", false);
        for (int j = first; j < c.args().size(); j++) {
          c.args().get(j).accept(this);
          mv.visitInsn(F2D);
          mv.visitMethodInsn(INVOKESTATIC, STABLE_MATH, fn.helper(), "(DD)D", false);
        }
        mv.visitInsn(D2F);
        return null;
      }
    });
  }
}
