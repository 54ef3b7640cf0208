package brainc.codegen;

import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.RETURN;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * What every class the backends emit with ASM needs: a writer that computes frames without
 * loading classes, a no-argument constructor, ASM's verifier, and loading as a hidden class.
 */
public final class GeneratedClasses {
  private GeneratedClasses() {}

  /**
   * A writer computing frames and maximums. Frames merge only primitives and a type with itself,
   * so two different reference types meet at {@code Object} without loading either.
   */
  public static ClassWriter writer(int flags) {
    return new ClassWriter(flags) {
      @Override
      protected String getCommonSuperClass(String a, String b) {
        return a.equals(b) ? a : "java/lang/Object";
      }
    };
  }

  /** {@code public <init>()} calling {@code Object}'s. */
  public static void defaultConstructor(ClassWriter cw) {
    MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
  }

  /**
   * Runs ASM's data-flow verifier on a generated class.
   *
   * @throws IllegalStateException with the verifier's report if the class is malformed (a bug here)
   */
  public static void verify(byte[] classFile, String what) {
    StringWriter report = new StringWriter();
    CheckClassAdapter.verify(new ClassReader(classFile), GeneratedClasses.class.getClassLoader(), false,
        new PrintWriter(report));
    if (!report.toString().isEmpty()) throw new IllegalStateException(what + " does not verify:\n" + report);
  }

  /**
   * Defines {@code classFile} as a hidden class beside {@code host} (its package, its access)
   * and calls its no-argument constructor.
   */
  public static <T> T instantiate(MethodHandles.Lookup host, byte[] classFile, Class<T> type, String what) {
    try {
      MethodHandles.Lookup lookup = host.defineHiddenClass(classFile, true);
      return type.cast(lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class)).invoke());
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot load " + what, e);
    }
  }
}
