package brainc.codegen.htm;

import static org.objectweb.asm.Opcodes.*;

import brainc.codegen.GeneratedClasses;
import brainc.runtime.htm.HtmKernels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * Emits, for one region, a hidden class implementing {@link HtmKernels} whose loops carry the
 * region's constants as immediate operands ({@code ldc 0.003f}, {@code iconst_5}) instead of field
 * loads, so that the JIT sees them as constants. The loops are those of {@link
 * HtmKernels.Reference}, with the same float32 operations in the same order, so the two agree
 * bit for bit (the differential tests check it). One liberty: where {@link #branchLight} holds,
 * the decrement's test of a threshold crossing compares raw float bits as integers and counts the
 * crossing arithmetically instead of branching on two float comparisons (which side of the
 * threshold a synapse lies on is unpredictable, and so was that branch); it decides the same.
 * The activity count has no branch in either (see {@link HtmKernels#countActivity}).
 *
 * <pre>
 *   reference:   q = old + this.negDec;  if (q < this.trim) q = 0f;      // getfield
 *   specialised: q = old + -5.0E-4f;     if (q < 0.0015f) q = 0f;        // ldc
 * </pre>
 */
public final class KernelSpecializer {
  private static final String NAME = "brainc/codegen/htm/RegionKernels";
  private static final String ITF = "brainc/runtime/htm/HtmKernels";

  private KernelSpecializer() {}

  /** A loaded, verified instance for these constants. */
  public static HtmKernels load(HtmKernels.Constants k) {
    byte[] bytes = emit(k);
    verify(bytes);
    return GeneratedClasses.instantiate(MethodHandles.lookup(), bytes, HtmKernels.class, "the specialised HTM kernels");
  }

  /** The class as ASM's Textifier prints it, for tests and curious people. */
  public static String textify(HtmKernels.Constants k) {
    StringWriter out = new StringWriter();
    new ClassReader(emit(k)).accept(new TraceClassVisitor(null, new Textifier(), new PrintWriter(out)), 0);
    return out.toString();
  }

  static void verify(byte[] bytes) {
    GeneratedClasses.verify(bytes, "specialised HTM kernels");
  }

  static byte[] emit(HtmKernels.Constants k) {
    ClassWriter cw = GeneratedClasses.writer(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, NAME, null, "java/lang/Object", new String[] {ITF});
    GeneratedClasses.defaultConstructor(cw);
    decrementColumn(cw, k);
    countActivity(cw, k);
    cw.visitEnd();
    return cw.toByteArray();
  }

  // Locals: 0 this, 1 perm, 2 from, 3 to, 4 crossed, 5 n, 6 s, 7 old, 8 q.
  private static void decrementColumn(ClassWriter cw, HtmKernels.Constants k) {
    MethodVisitor m = cw.visitMethod(ACC_PUBLIC, "decrementColumn", "([FII[I)I", null, null);
    m.visitCode();
    Label loop = new Label();
    Label done = new Label();
    m.visitInsn(ICONST_0);
    m.visitVarInsn(ISTORE, 5);
    m.visitVarInsn(ILOAD, 2);
    m.visitVarInsn(ISTORE, 6);
    m.visitLabel(loop);
    m.visitVarInsn(ILOAD, 6);
    m.visitVarInsn(ILOAD, 3);
    m.visitJumpInsn(IF_ICMPGE, done);
    // old = perm[s]; q = old + (-DEC)
    m.visitVarInsn(ALOAD, 1);
    m.visitVarInsn(ILOAD, 6);
    m.visitInsn(FALOAD);
    m.visitVarInsn(FSTORE, 7);
    m.visitVarInsn(FLOAD, 7);
    m.visitLdcInsn(-k.dec());
    m.visitInsn(FADD);
    m.visitVarInsn(FSTORE, 8);
    // if (q < TRIM) q = 0f
    Label notBelow = new Label();
    m.visitVarInsn(FLOAD, 8);
    m.visitLdcInsn(k.trim());
    m.visitInsn(FCMPG);
    m.visitJumpInsn(IFGE, notBelow);
    m.visitInsn(FCONST_0);
    m.visitVarInsn(FSTORE, 8);
    m.visitLabel(notBelow);
    // perm[s] = q
    m.visitVarInsn(ALOAD, 1);
    m.visitVarInsn(ILOAD, 6);
    m.visitVarInsn(FLOAD, 8);
    m.visitInsn(FASTORE);
    if (branchLight(k)) {
      countCrossing(m, 7, 8, 4, 5, 6, k.connected());
    } else {
      // if ((old >= CONN) != (q >= CONN)) crossed[n++] = s
      pushAtLeast(m, 7, k.connected());
      pushAtLeast(m, 8, k.connected());
      Label same = new Label();
      m.visitJumpInsn(IF_ICMPEQ, same);
      m.visitVarInsn(ALOAD, 4);
      m.visitVarInsn(ILOAD, 5);
      m.visitVarInsn(ILOAD, 6);
      m.visitInsn(IASTORE);
      m.visitIincInsn(5, 1);
      m.visitLabel(same);
    }
    m.visitIincInsn(6, 1);
    m.visitJumpInsn(GOTO, loop);
    m.visitLabel(done);
    m.visitVarInsn(ILOAD, 5);
    m.visitInsn(IRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }

  /**
   * Whether the permanences of a pooler with these constants are always non-negative floats
   * (0 or at least {@code trim}) no larger than 1, for which {@code x >= connected} is the signed
   * comparison of raw bits: {@code dec >= 0}, {@code trim > 0}, {@code connected > 0}, all finite.
   */
  static boolean branchLight(HtmKernels.Constants k) {
    return k.dec() >= 0 && k.trim() > 0 && k.connected() > 0 && Float.isFinite(k.inc())
        && Float.isFinite(k.dec()) && Float.isFinite(k.connected());
  }

  /**
   * {@code crossed[n] = s; n += ((bits(old) - bits(C)) ^ (bits(q) - bits(C))) >>> 31}: records s
   * when old and q lie on different sides of C, without a branch (the slot past the last crossing
   * is always in bounds: n <= s - from).
   */
  private static void countCrossing(MethodVisitor m, int oldLocal, int qLocal, int crossedLocal, int nLocal,
      int sLocal, float connected) {
    int c = Float.floatToRawIntBits(connected);
    m.visitVarInsn(ALOAD, crossedLocal);
    m.visitVarInsn(ILOAD, nLocal);
    m.visitVarInsn(ILOAD, sLocal);
    m.visitInsn(IASTORE);
    m.visitVarInsn(ILOAD, nLocal);
    m.visitVarInsn(FLOAD, oldLocal);
    m.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
    m.visitLdcInsn(c);
    m.visitInsn(ISUB);
    m.visitVarInsn(FLOAD, qLocal);
    m.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
    m.visitLdcInsn(c);
    m.visitInsn(ISUB);
    m.visitInsn(IXOR);
    m.visitIntInsn(BIPUSH, 31);
    m.visitInsn(IUSHR);
    m.visitInsn(IADD);
    m.visitVarInsn(ISTORE, nLocal);
  }

  /** Pushes 1 if the float local is {@code >= c} (false for NaN, as Java's {@code >=}), else 0. */
  private static void pushAtLeast(MethodVisitor m, int local, float c) {
    Label no = new Label();
    Label end = new Label();
    m.visitVarInsn(FLOAD, local);
    m.visitLdcInsn(c);
    m.visitInsn(FCMPL);
    m.visitJumpInsn(IFLT, no);
    m.visitInsn(ICONST_1);
    m.visitJumpInsn(GOTO, end);
    m.visitLabel(no);
    m.visitInsn(ICONST_0);
    m.visitLabel(end);
  }

  // Locals: 0 this, 1 activeCells, 2 activeCount, 3 preSyns, 4 preSynCount, 5 activity, 6 touched,
  // 7 touchedCount, 8 a, 9 cell, 10 list, 11 j, 12 m, 13 e, 14 seg, 15 was.
  private static void countActivity(ClassWriter cw, HtmKernels.Constants k) {
    MethodVisitor m = cw.visitMethod(ACC_PUBLIC, "countActivity", "([II[[I[I[I[II)I", null, null);
    m.visitCode();
    Label outer = new Label();
    Label outerDone = new Label();
    Label inner = new Label();
    Label innerDone = new Label();
    m.visitInsn(ICONST_0);
    m.visitVarInsn(ISTORE, 8);
    m.visitLabel(outer);
    m.visitVarInsn(ILOAD, 8);
    m.visitVarInsn(ILOAD, 2);
    m.visitJumpInsn(IF_ICMPGE, outerDone);
    m.visitVarInsn(ALOAD, 1);
    m.visitVarInsn(ILOAD, 8);
    m.visitInsn(IALOAD);
    m.visitVarInsn(ISTORE, 9);
    m.visitVarInsn(ALOAD, 3);
    m.visitVarInsn(ILOAD, 9);
    m.visitInsn(AALOAD);
    m.visitVarInsn(ASTORE, 10);
    m.visitVarInsn(ALOAD, 4);
    m.visitVarInsn(ILOAD, 9);
    m.visitInsn(IALOAD);
    m.visitVarInsn(ISTORE, 12);
    m.visitInsn(ICONST_0);
    m.visitVarInsn(ISTORE, 11);
    m.visitLabel(inner);
    m.visitVarInsn(ILOAD, 11);
    m.visitVarInsn(ILOAD, 12);
    m.visitJumpInsn(IF_ICMPGE, innerDone);
    // e = list[j]; seg = (e & 0x7FFFFFFF) >>> SHIFT
    m.visitVarInsn(ALOAD, 10);
    m.visitVarInsn(ILOAD, 11);
    m.visitInsn(IALOAD);
    m.visitVarInsn(ISTORE, 13);
    m.visitVarInsn(ILOAD, 13);
    m.visitLdcInsn(0x7FFF_FFFF);
    m.visitInsn(IAND);
    m.visitLdcInsn(k.shift());
    m.visitInsn(IUSHR);
    m.visitVarInsn(ISTORE, 14);
    // was = activity[seg]; touched[touchedCount] = seg; touchedCount += (was - 1) >>> 31
    m.visitVarInsn(ALOAD, 5);
    m.visitVarInsn(ILOAD, 14);
    m.visitInsn(IALOAD);
    m.visitVarInsn(ISTORE, 15);
    m.visitVarInsn(ALOAD, 6);
    m.visitVarInsn(ILOAD, 7);
    m.visitVarInsn(ILOAD, 14);
    m.visitInsn(IASTORE);
    m.visitVarInsn(ILOAD, 7);
    m.visitVarInsn(ILOAD, 15);
    m.visitInsn(ICONST_1);
    m.visitInsn(ISUB);
    m.visitIntInsn(BIPUSH, 31);
    m.visitInsn(IUSHR);
    m.visitInsn(IADD);
    m.visitVarInsn(ISTORE, 7);
    // activity[seg] = was + 1 + ((e >> 31) & 0x10000)
    m.visitVarInsn(ALOAD, 5);
    m.visitVarInsn(ILOAD, 14);
    m.visitVarInsn(ILOAD, 15);
    m.visitInsn(ICONST_1);
    m.visitInsn(IADD);
    m.visitVarInsn(ILOAD, 13);
    m.visitIntInsn(BIPUSH, 31);
    m.visitInsn(ISHR);
    m.visitLdcInsn(0x10000);
    m.visitInsn(IAND);
    m.visitInsn(IADD);
    m.visitInsn(IASTORE);
    m.visitIincInsn(11, 1);
    m.visitJumpInsn(GOTO, inner);
    m.visitLabel(innerDone);
    m.visitIincInsn(8, 1);
    m.visitJumpInsn(GOTO, outer);
    m.visitLabel(outerDone);
    m.visitVarInsn(ILOAD, 7);
    m.visitInsn(IRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }
}
