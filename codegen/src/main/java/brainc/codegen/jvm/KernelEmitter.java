package brainc.codegen.jvm;

import static org.objectweb.asm.Opcodes.*;

import brainc.codegen.Memory;
import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KExpr.BinaryOp;
import brainc.ir.kernel.KExpr.Fn;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.ParallelLoops;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.DelayQueue;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.Scalar;
import brainc.ir.kernel.verify.VerifiedKernelProgram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Emits one class per kernel program: a {@code CompiledKernel} whose {@code init()} and {@code
 * step(long)} are the program's statements as straight-line bytecode over primitive arrays.
 *
 * <pre>
 *   Store(v, i, Binary(ADD, Load(v, i), Const 1f))      ⇒   aload v; iload i; aload v; iload i; faload;
 *                                                            fconst_1; fadd; fastore
 * </pre>
 *
 * <p>Every array, spike set, queue, CSR array and generator the program names is a final field,
 * bound from the {@link Memory} in the constructor; each method copies the fields it uses into
 * local slots on entry, so that loops read locals only. Lets and loop variables are local slots
 * (a block's slots are reused once it ends). The arithmetic is the interpreter's, instruction for
 * instruction: see {@code ClosureCompiler} for the contract, and the comparisons below for the
 * NaN rule ({@code fcmpg} for {@code <}/{@code <=}, {@code fcmpl} for {@code >}/{@code >=}, as
 * javac does). Statements and expressions are emitted through {@link KStmt.Visitor} and {@link
 * KExpr.Visitor}; the program is verified, so the emitter checks no name, scope or type again.
 *
 * <p>A method the JVM would find too large (over 64 KiB, e.g. an init block that stores a
 * constant per neuron) is emitted split: each run of top-level statements becomes its own private
 * method, and the top-level lets become fields so that later runs see them.
 */
final class KernelEmitter {
  static final String MEMORY = Type.getInternalName(Memory.class);
  static final String SPIKE_SET = "brainc/runtime/sim/SpikeSet";
  static final String RING_F = "brainc/runtime/sim/DelayRingFloat";
  static final String RING_D = "brainc/runtime/sim/DelayRingDouble";
  static final String CSR = "brainc/runtime/sim/Csr";
  static final String PROCEDURAL = "brainc/runtime/sim/Procedural";
  static final String RNG = "brainc/runtime/random/CounterRng";
  static final String KERNEL = "brainc/codegen/CompiledKernel";
  static final String RANGES = "brainc/runtime/sim/ParallelRanges";
  static final String BODY = "brainc/runtime/sim/ParallelRanges$Body";
  static final String SINKS = "[L" + SPIKE_SET + ";";

  /** Statements and expressions per split method: well below 64 KiB at ~10 bytes a node. */
  private static final int NODES_PER_CHUNK = 2500;

  private final KernelProgram program;
  private final String className;
  private final boolean split;
  /** Whether the step's element-wise loops run in chunks on a {@code ParallelRanges}. */
  private final boolean parallel;
  private final ClassWriter cw;
  private final Map<String, Buffer> buffers = new LinkedHashMap<>();
  private final Map<String, String> bufferFields = new HashMap<>();
  private final Map<String, String> spikeSetFields = new HashMap<>();
  private final Map<String, DelayQueue> queues = new LinkedHashMap<>();
  private final Map<String, String> queueFields = new HashMap<>();
  private final Map<String, Connection> connections = new LinkedHashMap<>();
  private final Map<String, String> connectionFields = new HashMap<>();
  /** Scratch rows of procedural loops: field name → connection. One per ForTargets node. */
  private final Map<String, String> scratchRows = new LinkedHashMap<>();
  /** Top-level lets kept in fields when split: field name → descriptor. */
  private final Map<String, String> letFields = new LinkedHashMap<>();
  /** The step's split loops, numbered in order; their methods are emitted after the step's. */
  private final List<SplitLoop> splitLoops = new ArrayList<>();

  /**
   * A split loop: its method is {@code loop$id(JII[SpikeSet)V} (step, lo, hi, sinks); the locals
   * it reads from the step pass through the fields {@code free} names, and its emits go to the
   * sinks, one per set of {@code sets} in order.
   */
  private record SplitLoop(int id, KStmt.ForRange loop, List<String> sets, Map<String, Var> free) {}

  private KernelEmitter(KernelProgram program, String className, boolean split, boolean parallel) {
    this.program = program;
    this.className = className;
    this.split = split;
    this.parallel = parallel;
    this.cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected String getCommonSuperClass(String a, String b) {
        // Frames only merge primitives and the runtime's reference types with themselves.
        return a.equals(b) ? a : "java/lang/Object";
      }
    };
    int k = 0;
    for (Buffer b : program.buffers()) {
      buffers.put(b.name(), b);
      bufferFields.put(b.name(), "b" + k++ + "_" + sanitize(b.name()));
    }
    k = 0;
    for (KernelProgram.SpikeSet s : program.spikeSets()) {
      spikeSetFields.put(s.name(), "s" + k++ + "_" + sanitize(s.name()));
    }
    k = 0;
    for (DelayQueue q : program.queues()) {
      queues.put(q.name(), q);
      queueFields.put(q.name(), "q" + k++ + "_" + sanitize(q.name()));
    }
    k = 0;
    for (Connection c : program.connections()) {
      connections.put(c.name(), c);
      connectionFields.put(c.name(), "c" + k++ + "_" + sanitize(c.name()));
    }
  }

  /** The class file of {@code program}'s kernel, named {@code className} (internal form). */
  static byte[] emit(VerifiedKernelProgram program, String className) {
    return emit(program, className, false);
  }

  /**
   * As above; {@code parallel} makes a kernel whose constructor also takes a {@code
   * ParallelRanges}, on which its step runs each top-level element-wise loop in chunks: the loop
   * becomes a method over a sub-range, reached through {@code ParallelRanges.Body.range}.
   *
   * <pre>
   *   for i in a .. b { body }   ⇒   ranges.run(this, 0, n, a, b, targets$0)
   *                                  loop$0(n, lo, hi, sinks) { for i in lo .. hi { body } }
   * </pre>
   */
  static byte[] emit(VerifiedKernelProgram program, String className, boolean parallel) {
    try {
      return new KernelEmitter(program.program(), className, false, parallel).emit();
    } catch (org.objectweb.asm.MethodTooLargeException e) {
      return new KernelEmitter(program.program(), className, true, parallel).emit();
    }
  }

  static String sanitize(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      b.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' ? c : '_');
    }
    return b.toString();
  }

  private byte[] emit() {
    String[] interfaces = parallel ? new String[] {KERNEL, BODY} : new String[] {KERNEL};
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, className, null, "java/lang/Object", interfaces);
    cw.visitSource(program.name() + ".kernel", null);
    body("init", program.init(), false);
    body("step", program.stepStatements(), true);
    body("readout", program.readoutStatements(), false);
    if (parallel) {
      splitLoopMethods();
    }
    fieldsAndConstructor();
    cw.visitEnd();
    return cw.toByteArray();
  }

  // ---------------------------------------------------------------- fields and constructor

  private static String arrayDescriptor(Scalar t) {
    switch (t) {
      case F32: return "[F";
      case F64: return "[D";
      case I32: return "[I";
      case I64: return "[J";
      default: return "[Z";
    }
  }

  private static String memoryGetter(Scalar t) {
    switch (t) {
      case F32: return "f32";
      case F64: return "f64";
      case I32: return "i32";
      case I64: return "i64";
      default: return "bool";
    }
  }

  private static String ringOf(Scalar t) {
    return t == Scalar.F32 ? RING_F : RING_D;
  }

  // Names resolve: the program is verified.

  private Buffer buffer(String name) {
    return buffers.get(name);
  }

  private DelayQueue queue(String name) {
    return queues.get(name);
  }

  private Connection connection(String name) {
    return connections.get(name);
  }

  private String spikeSetField(String name) {
    return spikeSetFields.get(name);
  }

  /** The type of the values a queue carries: its target's, F32 or F64 in a verified program. */
  private Scalar queueType(DelayQueue q) {
    return buffer(q.target()).type();
  }

  private void fieldsAndConstructor() {
    int fin = ACC_PRIVATE | ACC_FINAL;
    String ctor = parallel ? "(L" + MEMORY + ";L" + RANGES + ";)V" : "(L" + MEMORY + ";)V";
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", ctor, null, null);
    mv.visitCode();
    mv.visitVarInsn(ALOAD, 0);
    mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    if (parallel) {
      cw.visitField(fin, "ranges", "L" + RANGES + ";", null, null).visitEnd();
      mv.visitVarInsn(ALOAD, 0);
      mv.visitVarInsn(ALOAD, 2);
      mv.visitFieldInsn(PUTFIELD, className, "ranges", "L" + RANGES + ";");
    }
    cw.visitField(fin, "seed", "J", null, null).visitEnd();
    mv.visitVarInsn(ALOAD, 0);
    mv.visitVarInsn(ALOAD, 1);
    mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "seed", "()J", false);
    mv.visitFieldInsn(PUTFIELD, className, "seed", "J");
    for (Buffer b : buffers.values()) {
      String f = bufferFields.get(b.name());
      String desc = arrayDescriptor(b.type());
      cw.visitField(fin, f, desc, null, null).visitEnd();
      mv.visitVarInsn(ALOAD, 0);
      mv.visitVarInsn(ALOAD, 1);
      mv.visitLdcInsn(b.name());
      mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, memoryGetter(b.type()), "(Ljava/lang/String;)" + desc, false);
      mv.visitFieldInsn(PUTFIELD, className, f, desc);
    }
    for (KernelProgram.SpikeSet s : program.spikeSets()) {
      String f = spikeSetFields.get(s.name());
      cw.visitField(fin, f, "L" + SPIKE_SET + ";", null, null).visitEnd();
      mv.visitVarInsn(ALOAD, 0);
      mv.visitVarInsn(ALOAD, 1);
      mv.visitLdcInsn(s.name());
      mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "spikeSet", "(Ljava/lang/String;)L" + SPIKE_SET + ";", false);
      mv.visitFieldInsn(PUTFIELD, className, f, "L" + SPIKE_SET + ";");
    }
    for (DelayQueue q : queues.values()) {
      String f = queueFields.get(q.name());
      String ring = ringOf(queueType(q));
      cw.visitField(fin, f, "L" + ring + ";", null, null).visitEnd();
      mv.visitVarInsn(ALOAD, 0);
      mv.visitVarInsn(ALOAD, 1);
      mv.visitLdcInsn(q.name());
      mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "queue", "(Ljava/lang/String;)Ljava/lang/Object;", false);
      mv.visitTypeInsn(CHECKCAST, ring);
      mv.visitFieldInsn(PUTFIELD, className, f, "L" + ring + ";");
    }
    for (Connection c : connections.values()) {
      String f = connectionFields.get(c.name());
      if (c.format() == Format.PROCEDURAL) {
        cw.visitField(fin, f + "_gen", "L" + PROCEDURAL + ";", null, null).visitEnd();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitLdcInsn(c.name());
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "procedural", "(Ljava/lang/String;)L" + PROCEDURAL + ";", false);
        mv.visitFieldInsn(PUTFIELD, className, f + "_gen", "L" + PROCEDURAL + ";");
        continue;
      }
      List<String> arrays = new ArrayList<>(List.of("rowPtr", "cols"));
      if (c.reverse()) {
        arrays.addAll(List.of("revPtr", "revPre", "revSyn"));
      }
      for (String a : arrays) {
        cw.visitField(fin, f + "_" + a, "[I", null, null).visitEnd();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitLdcInsn(c.name());
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "csr", "(Ljava/lang/String;)L" + CSR + ";", false);
        mv.visitFieldInsn(GETFIELD, CSR, a, "[I");
        mv.visitFieldInsn(PUTFIELD, className, f + "_" + a, "[I");
      }
    }
    for (Map.Entry<String, String> row : scratchRows.entrySet()) {
      cw.visitField(fin, row.getKey(), "[I", null, null).visitEnd();
      mv.visitVarInsn(ALOAD, 0);
      mv.visitVarInsn(ALOAD, 0);
      mv.visitFieldInsn(GETFIELD, className, connectionFields.get(row.getValue()) + "_gen", "L" + PROCEDURAL + ";");
      mv.visitMethodInsn(INVOKEVIRTUAL, PROCEDURAL, "maxRowLength", "()I", false);
      mv.visitIntInsn(NEWARRAY, T_INT);
      mv.visitFieldInsn(PUTFIELD, className, row.getKey(), "[I");
    }
    for (Map.Entry<String, String> let : letFields.entrySet()) {
      cw.visitField(ACC_PRIVATE, let.getKey(), let.getValue(), null, null).visitEnd();
    }
    // The spike sets of each split loop, in its sink order: fields set after those of the sets.
    for (SplitLoop l : splitLoops) {
      String f = "targets$" + l.id();
      cw.visitField(fin, f, SINKS, null, null).visitEnd();
      mv.visitVarInsn(ALOAD, 0);
      pushInt(mv, l.sets().size());
      mv.visitTypeInsn(ANEWARRAY, SPIKE_SET);
      for (int k = 0; k < l.sets().size(); k++) {
        mv.visitInsn(DUP);
        pushInt(mv, k);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, className, spikeSetField(l.sets().get(k)), "L" + SPIKE_SET + ";");
        mv.visitInsn(AASTORE);
      }
      mv.visitFieldInsn(PUTFIELD, className, f, SINKS);
      for (Var v : l.free().values()) {
        if (v.field().startsWith("loop$")) {
          cw.visitField(ACC_PRIVATE, v.field(), descriptor(v.type()), null, null).visitEnd();
        }
      }
    }
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  // ---------------------------------------------------------------- methods

  /**
   * Emits {@code init()V} or {@code step(J)V}. Unsplit, the statements go straight into it;
   * split, it calls one private {@code name$k(J)V} per run of statements.
   */
  private void body(String name, List<KStmt> stmts, boolean hasStep) {
    String desc = hasStep ? "(J)V" : "()V";
    if (!split) {
      MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, name, desc, null, null);
      new MethodEmitter(mv, hasStep ? 1 : -1, hasStep ? 3 : 1, null).run(stmts);
      return;
    }
    List<List<KStmt>> chunks = new ArrayList<>();
    List<KStmt> chunk = new ArrayList<>();
    int nodes = 0;
    for (KStmt s : stmts) {
      int n = Uses.nodes(s);
      if (!chunk.isEmpty() && nodes + n > NODES_PER_CHUNK) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        nodes = 0;
      }
      chunk.add(s);
      nodes += n;
    }
    chunks.add(chunk);
    Scope top = new Scope(null);
    for (int k = 0; k < chunks.size(); k++) {
      MethodVisitor mv = cw.visitMethod(ACC_PRIVATE | ACC_FINAL, name + "$" + k, "(J)V", null, null);
      new MethodEmitter(mv, 1, 3, name).runIn(chunks.get(k), top);
    }
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, name, desc, null, null);
    mv.visitCode();
    for (int k = 0; k < chunks.size(); k++) {
      mv.visitVarInsn(ALOAD, 0);
      if (hasStep) {
        mv.visitVarInsn(LLOAD, 1);
      } else {
        mv.visitInsn(LCONST_0);
      }
      mv.visitMethodInsn(INVOKESPECIAL, className, name + "$" + k, "(J)V", false);
    }
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  private static void pushInt(MethodVisitor mv, int v) {
    if (v >= -1 && v <= 5) {
      mv.visitInsn(ICONST_0 + v);
    } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      mv.visitIntInsn(BIPUSH, v);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      mv.visitIntInsn(SIPUSH, v);
    } else {
      mv.visitLdcInsn(v);
    }
  }

  /**
   * Emits {@code loop$k(JII[SpikeSet)V} for each split loop, and {@code range}, which picks one by
   * number for the crew. A loop method reads the step's locals from their fields into slots on
   * entry, and its sinks into slots, so that the loop itself reads locals only.
   */
  private void splitLoopMethods() {
    for (SplitLoop l : splitLoops) {
      MethodVisitor mv = cw.visitMethod(ACC_PRIVATE | ACC_FINAL, "loop$" + l.id(), "(JII" + SINKS + ")V", null, null);
      // Slots: this, step (2), lo, hi, sinks.
      MethodEmitter m = new MethodEmitter(mv, 1, 6, null);
      mv.visitCode();
      m.hoist(l.loop().body());
      Scope outer = new Scope(null);
      for (Map.Entry<String, Var> free : l.free().entrySet()) {
        Var v = free.getValue();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, className, v.field(), descriptor(v.type()));
        mv.visitVarInsn(storeOp(v.type()), m.declareSlot(outer, free.getKey(), v.type()));
      }
      m.sinkSlots = new HashMap<>();
      for (int k = 0; k < l.sets().size(); k++) {
        mv.visitVarInsn(ALOAD, 5);
        pushInt(mv, k);
        mv.visitInsn(AALOAD);
        mv.visitVarInsn(ASTORE, m.next);
        m.sinkSlots.put(l.sets().get(k), m.next++);
      }
      Scope inner = new Scope(outer);
      int k = m.declareSlot(inner, l.loop().var(), Scalar.I32);
      mv.visitVarInsn(ILOAD, 3);
      mv.visitVarInsn(ISTORE, k);
      m.loop(k, 4, () -> m.block(l.loop().body(), inner));
      m.finish();
    }
    // range(loop, chunk, step, lo, hi, sinks): slots this, 1, 2, 3-4, 5, 6, 7.
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "range", "(IIJII" + SINKS + ")V", null, null);
    mv.visitCode();
    Label fail = new Label();
    Label[] cases = new Label[splitLoops.size()];
    for (int k = 0; k < cases.length; k++) {
      cases[k] = new Label();
    }
    // A program without outlined loops has no case: every number fails.
    if (cases.length > 0) {
      mv.visitVarInsn(ILOAD, 1);
      mv.visitTableSwitchInsn(0, cases.length - 1, fail, cases);
    }
    for (int k = 0; k < cases.length; k++) {
      mv.visitLabel(cases[k]);
      mv.visitVarInsn(ALOAD, 0);
      mv.visitVarInsn(LLOAD, 3);
      mv.visitVarInsn(ILOAD, 5);
      mv.visitVarInsn(ILOAD, 6);
      mv.visitVarInsn(ALOAD, 7);
      mv.visitMethodInsn(INVOKESPECIAL, className, "loop$" + k, "(JII" + SINKS + ")V", false);
      mv.visitInsn(RETURN);
    }
    mv.visitLabel(fail);
    mv.visitTypeInsn(NEW, "java/lang/IllegalArgumentException");
    mv.visitInsn(DUP);
    mv.visitLdcInsn("no split loop with this number");
    mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "(Ljava/lang/String;)V", false);
    mv.visitInsn(ATHROW);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /** A local in scope: a slot, or (a split method's top-level let) a field. */
  private record Var(Scalar type, int slot, String field) {}

  private static final class Scope {
    final Scope parent;
    final Map<String, Var> names = new HashMap<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    Var find(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        Var v = s.names.get(name);
        if (v != null) {
          return v;
        }
      }
      return null;
    }
  }

  private static int size(Scalar t) {
    return t == Scalar.F64 || t == Scalar.I64 ? 2 : 1;
  }

  private static int loadOp(Scalar t) {
    switch (t) {
      case F32: return FLOAD;
      case F64: return DLOAD;
      case I64: return LLOAD;
      default: return ILOAD;
    }
  }

  private static int storeOp(Scalar t) {
    switch (t) {
      case F32: return FSTORE;
      case F64: return DSTORE;
      case I64: return LSTORE;
      default: return ISTORE;
    }
  }

  private static String descriptor(Scalar t) {
    switch (t) {
      case F32: return "F";
      case F64: return "D";
      case I32: return "I";
      case I64: return "J";
      default: return "Z";
    }
  }

  /** The statements of one method. */
  private final class MethodEmitter {
    final MethodVisitor mv;
    /** The slot of the step number, or -1 in init (step 0). */
    final int stepSlot;
    /** Non-null when top-level lets are fields named after this prefix. */
    final String letPrefix;
    int next;
    final Map<String, Integer> hoisted = new HashMap<>();
    Scope fieldScope;
    /** In a split loop's method: the slot of the sink of each spike set it emits into. */
    Map<String, Integer> sinkSlots;

    MethodEmitter(MethodVisitor mv, int stepSlot, int firstSlot, String letPrefix) {
      this.mv = mv;
      this.stepSlot = stepSlot;
      this.next = firstSlot;
      this.letPrefix = letPrefix;
    }

    void run(List<KStmt> stmts) {
      mv.visitCode();
      hoist(stmts);
      block(stmts, null);
      finish();
    }

    void runIn(List<KStmt> stmts, Scope top) {
      mv.visitCode();
      hoist(stmts);
      fieldScope = top;
      for (KStmt s : stmts) {
        stmt(s, top);
      }
      finish();
    }

    private void finish() {
      mv.visitInsn(RETURN);
      mv.visitMaxs(0, 0);
      mv.visitEnd();
    }

    /** Copies every field the statements use into a local slot, once, on entry. */
    private void hoist(List<KStmt> stmts) {
      Uses uses = new Uses();
      stmts.forEach(uses::stmt);
      for (String q : uses.queues) {
        uses.buffers.add(queue(q).target());
      }
      for (String b : uses.buffers) {
        Buffer decl = buffer(b);
        hoistField(bufferFields.get(b), arrayDescriptor(decl.type()));
      }
      for (String s : uses.spikeSets) {
        hoistField(spikeSetField(s), "L" + SPIKE_SET + ";");
      }
      for (String q : uses.queues) {
        hoistField(queueFields.get(q), "L" + ringOf(queueType(queue(q))) + ";");
      }
      for (String c : uses.connections) {
        Connection conn = connection(c);
        String f = connectionFields.get(c);
        if (conn.format() == Format.PROCEDURAL) {
          hoistField(f + "_gen", "L" + PROCEDURAL + ";");
        } else {
          hoistField(f + "_rowPtr", "[I");
          hoistField(f + "_cols", "[I");
          if (conn.reverse()) {
            hoistField(f + "_revPtr", "[I");
            hoistField(f + "_revPre", "[I");
            hoistField(f + "_revSyn", "[I");
          }
        }
      }
    }

    private void hoistField(String field, String desc) {
      mv.visitVarInsn(ALOAD, 0);
      mv.visitFieldInsn(GETFIELD, className, field, desc);
      mv.visitVarInsn(ASTORE, next);
      hoisted.put(field, next++);
    }

    private void aload(String field) {
      mv.visitVarInsn(ALOAD, hoisted.get(field));
    }

    private int declareSlot(Scope scope, String name, Scalar t) {
      int slot = next;
      next += size(t);
      scope.names.put(name, new Var(t, slot, null));
      return slot;
    }

    private void block(List<KStmt> body, Scope parent) {
      Scope scope = new Scope(parent);
      int mark = next;
      for (KStmt s : body) {
        stmt(s, scope);
      }
      // This is not a leak of the block's locals: its slots are free once it ends.
      next = mark;
    }

    // -------------------------------------------------------------- statements

    private void stmt(KStmt s, Scope scope) {
      s.accept(statements, scope);
    }

    /** Emits each kind of statement: a new kind does not compile until it is decided here. */
    private final KStmt.Visitor<Void, Scope> statements = new KStmt.Visitor<>() {
      @Override
      public Void visitLet(KStmt.Let let, Scope scope) {
        let(let, scope);
        return null;
      }

      @Override
      public Void visitStore(KStmt.Store st, Scope scope) {
        Buffer b = buffer(st.buffer());
        aload(bufferFields.get(st.buffer()));
        index(st.index(), scope);
        expr(st.value(), scope);
        mv.visitInsn(arrayStore(b.type()));
        return null;
      }

      @Override
      public Void visitIf(KStmt.If iff, Scope scope) {
        Label otherwise = new Label();
        Label end = new Label();
        if (iff.otherwise().isEmpty()) {
          cond(iff.condition(), scope, false, end);
          block(iff.then(), scope);
          mv.visitLabel(end);
          return null;
        }
        cond(iff.condition(), scope, false, otherwise);
        block(iff.then(), scope);
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(otherwise);
        block(iff.otherwise(), scope);
        mv.visitLabel(end);
        return null;
      }

      @Override
      public Void visitForRange(KStmt.ForRange r, Scope scope) {
        // Which loops become methods is the kernel IR's mark (outline-parallel-loops), not decided here.
        if (parallel && r.outlined()) {
          splitRange(r, scope);
        } else {
          forRange(r, scope);
        }
        return null;
      }

      @Override
      public Void visitForSpikes(KStmt.ForSpikes fs, Scope scope) {
        forSpikes(fs, scope);
        return null;
      }

      @Override
      public Void visitForTargets(KStmt.ForTargets ft, Scope scope) {
        forTargets(ft, scope);
        return null;
      }

      @Override
      public Void visitForSources(KStmt.ForSources fs, Scope scope) {
        forSources(fs, scope);
        return null;
      }

      @Override
      public Void visitEmit(KStmt.Emit em, Scope scope) {
        if (sinkSlots != null) {
          spikeSetField(em.spikeSet());
          mv.visitVarInsn(ALOAD, sinkSlots.get(em.spikeSet()));
        } else {
          aload(spikeSetField(em.spikeSet()));
        }
        index(em.index(), scope);
        mv.visitMethodInsn(INVOKEVIRTUAL, SPIKE_SET, "add", "(I)V", false);
        return null;
      }

      @Override
      public Void visitEnqueue(KStmt.Enqueue eq, Scope scope) {
        DelayQueue q = queue(eq.queue());
        Scalar t = queueType(q);
        aload(queueFields.get(q.name()));
        expr(eq.delay(), scope);
        if (eq.delay().type() == Scalar.I32) {
          mv.visitInsn(I2L);
        }
        index(eq.index(), scope);
        expr(eq.value(), scope);
        mv.visitMethodInsn(INVOKEVIRTUAL, ringOf(t), "add", "(JI" + descriptor(t) + ")V", false);
        return null;
      }

      @Override
      public Void visitDrain(KStmt.Drain dr, Scope scope) {
        DelayQueue q = queue(dr.queue());
        Scalar t = queueType(q);
        aload(queueFields.get(q.name()));
        aload(bufferFields.get(q.target()));
        mv.visitMethodInsn(INVOKEVIRTUAL, ringOf(t), "drainInto", "(" + arrayDescriptor(t) + ")V", false);
        return null;
      }
    };

    private void let(KStmt.Let let, Scope scope) {
      Scalar t = let.value().type();
      // The value is emitted before the name is declared: `let x = x + 1` reads the outer x.
      if (scope == fieldScope) {
        String field = letPrefix + "$let" + letFields.size() + "_" + sanitize(let.name());
        letFields.put(field, descriptor(t));
        mv.visitVarInsn(ALOAD, 0);
        expr(let.value(), scope);
        mv.visitFieldInsn(PUTFIELD, className, field, descriptor(t));
        scope.names.put(let.name(), new Var(t, -1, field));
        return;
      }
      expr(let.value(), scope);
      mv.visitVarInsn(storeOp(t), declareSlot(scope, let.name(), t));
    }

    private void forRange(KStmt.ForRange r, Scope scope) {
      int mark = next;
      // The end is evaluated once, before the start, as the interpreter does.
      index(r.end(), scope);
      int end = next++;
      mv.visitVarInsn(ISTORE, end);
      index(r.start(), scope);
      Scope inner = new Scope(scope);
      int k = declareSlot(inner, r.var(), Scalar.I32);
      mv.visitVarInsn(ISTORE, k);
      loop(k, end, () -> block(r.body(), inner));
      next = mark;
    }

    /**
     * A top-level element-wise loop of the step, handed to the crew: the bounds are evaluated here
     * (end first, as {@link #forRange} does), the locals the body reads from the step are stored
     * in fields for the loop's method, and {@code ranges.run} calls that method per chunk.
     */
    private void splitRange(KStmt.ForRange r, Scope scope) {
      int id = splitLoops.size();
      Map<String, Var> free = new LinkedHashMap<>();
      for (String name : ParallelLoops.freeLocals(r).keySet()) {
        Var v = scope.find(name);
        String field = v.field() != null ? v.field() : "loop$" + id + "$" + free.size() + "_" + sanitize(name);
        free.put(name, new Var(v.type(), -1, field));
        if (v.field() == null) {
          mv.visitVarInsn(ALOAD, 0);
          mv.visitVarInsn(loadOp(v.type()), v.slot());
          mv.visitFieldInsn(PUTFIELD, className, field, descriptor(v.type()));
        }
      }
      splitLoops.add(new SplitLoop(id, r, ParallelLoops.emittedSets(r), free));
      int mark = next;
      index(r.end(), scope);
      int end = next++;
      mv.visitVarInsn(ISTORE, end);
      index(r.start(), scope);
      int start = next++;
      mv.visitVarInsn(ISTORE, start);
      mv.visitVarInsn(ALOAD, 0);
      mv.visitFieldInsn(GETFIELD, className, "ranges", "L" + RANGES + ";");
      mv.visitVarInsn(ALOAD, 0);
      pushInt(mv, id);
      mv.visitVarInsn(LLOAD, stepSlot);
      mv.visitVarInsn(ILOAD, start);
      mv.visitVarInsn(ILOAD, end);
      mv.visitVarInsn(ALOAD, 0);
      mv.visitFieldInsn(GETFIELD, className, "targets$" + id, SINKS);
      mv.visitMethodInsn(INVOKEVIRTUAL, RANGES, "run", "(L" + BODY + ";IJII" + SINKS + ")V", false);
      next = mark;
    }

    /** {@code while (k < end) { body; k++; }}, with the test at the bottom. */
    private void loop(int k, int end, Runnable body) {
      Label test = new Label();
      Label top = new Label();
      mv.visitJumpInsn(GOTO, test);
      mv.visitLabel(top);
      body.run();
      mv.visitIincInsn(k, 1);
      mv.visitLabel(test);
      mv.visitVarInsn(ILOAD, k);
      mv.visitVarInsn(ILOAD, end);
      mv.visitJumpInsn(IF_ICMPLT, top);
    }

    private void forSpikes(KStmt.ForSpikes fs, Scope scope) {
      int mark = next;
      String set = spikeSetField(fs.spikeSet());
      // The count is read once: spikes emitted by the body are not visited by this loop.
      int indices = next++;
      int count = next++;
      int k = next++;
      aload(set);
      mv.visitFieldInsn(GETFIELD, SPIKE_SET, "indices", "[I");
      mv.visitVarInsn(ASTORE, indices);
      aload(set);
      mv.visitFieldInsn(GETFIELD, SPIKE_SET, "count", "I");
      mv.visitVarInsn(ISTORE, count);
      mv.visitInsn(ICONST_0);
      mv.visitVarInsn(ISTORE, k);
      Scope inner = new Scope(scope);
      int v = declareSlot(inner, fs.var(), Scalar.I32);
      loop(k, count, () -> {
        mv.visitVarInsn(ALOAD, indices);
        mv.visitVarInsn(ILOAD, k);
        mv.visitInsn(IALOAD);
        mv.visitVarInsn(ISTORE, v);
        block(fs.body(), inner);
      });
      next = mark;
    }

    private void forTargets(KStmt.ForTargets ft, Scope scope) {
      Connection c = connection(ft.connection());
      String f = connectionFields.get(c.name());
      int mark = next;
      if (c.format() == Format.PROCEDURAL) {
        // One scratch row per loop: a nested loop over the same connection is another node.
        String rowField = "row" + scratchRows.size() + "_" + sanitize(c.name());
        scratchRows.put(rowField, c.name());
        int row = next++;
        int n = next++;
        int k = next++;
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, className, rowField, "[I");
        mv.visitVarInsn(ASTORE, row);
        aload(f + "_gen");
        index(ft.pre(), scope);
        mv.visitVarInsn(ALOAD, row);
        mv.visitMethodInsn(INVOKEVIRTUAL, PROCEDURAL, "row", "(I[I)I", false);
        mv.visitVarInsn(ISTORE, n);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, k);
        Scope inner = new Scope(scope);
        int post = declareSlot(inner, ft.post(), Scalar.I32);
        int syn = declareSlot(inner, ft.synapse(), Scalar.I32);
        loop(k, n, () -> {
          mv.visitVarInsn(ALOAD, row);
          mv.visitVarInsn(ILOAD, k);
          mv.visitInsn(IALOAD);
          mv.visitVarInsn(ISTORE, post);
          // A procedural connection keeps no synapses: there is no index into per-synapse buffers.
          mv.visitInsn(ICONST_M1);
          mv.visitVarInsn(ISTORE, syn);
          block(ft.body(), inner);
        });
        next = mark;
        return;
      }
      int pre = next++;
      int end = next++;
      index(ft.pre(), scope);
      mv.visitVarInsn(ISTORE, pre);
      Scope inner = new Scope(scope);
      int post = declareSlot(inner, ft.post(), Scalar.I32);
      int syn = declareSlot(inner, ft.synapse(), Scalar.I32);
      aload(f + "_rowPtr");
      mv.visitVarInsn(ILOAD, pre);
      mv.visitInsn(IALOAD);
      mv.visitVarInsn(ISTORE, syn);
      aload(f + "_rowPtr");
      mv.visitVarInsn(ILOAD, pre);
      mv.visitInsn(ICONST_1);
      mv.visitInsn(IADD);
      mv.visitInsn(IALOAD);
      mv.visitVarInsn(ISTORE, end);
      // The synapse index is the loop counter itself; the body cannot assign it.
      loop(syn, end, () -> {
        aload(f + "_cols");
        mv.visitVarInsn(ILOAD, syn);
        mv.visitInsn(IALOAD);
        mv.visitVarInsn(ISTORE, post);
        block(ft.body(), inner);
      });
      next = mark;
    }

    private void forSources(KStmt.ForSources fs, Scope scope) {
      // A verified program goes over the sources only of a connection with a reverse index.
      Connection c = connection(fs.connection());
      String f = connectionFields.get(c.name());
      int mark = next;
      int post = next++;
      int r = next++;
      int end = next++;
      index(fs.post(), scope);
      mv.visitVarInsn(ISTORE, post);
      aload(f + "_revPtr");
      mv.visitVarInsn(ILOAD, post);
      mv.visitInsn(IALOAD);
      mv.visitVarInsn(ISTORE, r);
      aload(f + "_revPtr");
      mv.visitVarInsn(ILOAD, post);
      mv.visitInsn(ICONST_1);
      mv.visitInsn(IADD);
      mv.visitInsn(IALOAD);
      mv.visitVarInsn(ISTORE, end);
      Scope inner = new Scope(scope);
      int pre = declareSlot(inner, fs.pre(), Scalar.I32);
      int syn = declareSlot(inner, fs.synapse(), Scalar.I32);
      loop(r, end, () -> {
        aload(f + "_revPre");
        mv.visitVarInsn(ILOAD, r);
        mv.visitInsn(IALOAD);
        mv.visitVarInsn(ISTORE, pre);
        aload(f + "_revSyn");
        mv.visitVarInsn(ILOAD, r);
        mv.visitInsn(IALOAD);
        mv.visitVarInsn(ISTORE, syn);
        block(fs.body(), inner);
      });
      next = mark;
    }

    // -------------------------------------------------------------- expressions

    /** An index: an I32 expression, or an I64 one that must fit an int (the verifier allows no other). */
    private void index(KExpr e, Scope scope) {
      expr(e, scope);
      if (e.type() == Scalar.I64) {
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "toIntExact", "(J)I", false);
      }
    }

    /** Pushes the value of {@code e}: float, double, int, long, or int 0/1 for BOOL. */
    private void expr(KExpr e, Scope scope) {
      e.accept(values, scope);
    }

    /**
     * Emits each kind of expression as code that pushes its value: a new kind does not compile
     * until it is decided here. The program is verified, so each node is emitted for the type the
     * IR gives it, and no name, scope or type is checked again.
     */
    private final KExpr.Visitor<Void, Scope> values = new KExpr.Visitor<>() {
      @Override
      public Void visitConst(KExpr.Const c, Scope scope) {
        constant(c);
        return null;
      }

      @Override
      public Void visitLoad(KExpr.Load ld, Scope scope) {
        aload(bufferFields.get(ld.buffer()));
        index(ld.index(), scope);
        mv.visitInsn(arrayLoad(ld.type()));
        return null;
      }

      @Override
      public Void visitLocal(KExpr.Local loc, Scope scope) {
        Var v = scope.find(loc.name());
        if (v.field() != null) {
          mv.visitVarInsn(ALOAD, 0);
          mv.visitFieldInsn(GETFIELD, className, v.field(), descriptor(loc.type()));
        } else {
          mv.visitVarInsn(loadOp(loc.type()), v.slot());
        }
        return null;
      }

      @Override
      public Void visitStepIndex(KExpr.StepIndex e, Scope scope) {
        step();
        return null;
      }

      /** NEG of a number; NOT of a BOOL, best computed as a jump. */
      @Override
      public Void visitUnary(KExpr.Unary u, Scope scope) {
        Scalar t = u.type();
        if (t == Scalar.BOOL) {
          boolValue(u, scope);
          return null;
        }
        expr(u.operand(), scope);
        mv.visitInsn(t == Scalar.F32 ? FNEG : t == Scalar.F64 ? DNEG : t == Scalar.I32 ? INEG : LNEG);
        return null;
      }

      /** Arithmetic; a comparison, AND or OR (of type BOOL) is best computed as a jump. */
      @Override
      public Void visitBinary(KExpr.Binary bin, Scope scope) {
        if (bin.type() == Scalar.BOOL) {
          boolValue(bin, scope);
          return null;
        }
        expr(bin.left(), scope);
        expr(bin.right(), scope);
        arithmetic(bin.op(), bin.type());
        return null;
      }

      @Override
      public Void visitCall(KExpr.Call call, Scope scope) {
        call(call, scope);
        return null;
      }

      @Override
      public Void visitSelect(KExpr.Select sel, Scope scope) {
        Label otherwise = new Label();
        Label end = new Label();
        cond(sel.condition(), scope, false, otherwise);
        expr(sel.then(), scope);
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(otherwise);
        expr(sel.otherwise(), scope);
        mv.visitLabel(end);
        return null;
      }

      @Override
      public Void visitCast(KExpr.Cast cast, Scope scope) {
        cast(cast, scope);
        return null;
      }

      @Override
      public Void visitRand(KExpr.Rand r, Scope scope) {
        // The seed is the instance's (Memory.seed), so that one class serves every seed.
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, className, "seed", "J");
        // The verifier keeps streams in [0, 2^32); the generator reads them as unsigned ints.
        push((int) r.stream());
        step();
        expr(r.index(), scope);
        if (r.index().type() == Scalar.I32) {
          mv.visitInsn(I2L);
        }
        String name = r.dist() == KExpr.Dist.UNIFORM ? "uniformDouble" : "normal";
        mv.visitMethodInsn(INVOKESTATIC, RNG, name, "(JIJJ)D", false);
        return null;
      }
    };

    /** Pushes the step number: 0 in init. */
    private void step() {
      if (stepSlot < 0) {
        mv.visitInsn(LCONST_0);
      } else {
        mv.visitVarInsn(LLOAD, stepSlot);
      }
    }

    private void constant(KExpr.Const c) {
      switch (c.type()) {
        case F32: {
          float v = (float) c.value();
          int bits = Float.floatToRawIntBits(v);
          if (bits == 0) {
            mv.visitInsn(FCONST_0);
          } else if (bits == Float.floatToRawIntBits(1f)) {
            mv.visitInsn(FCONST_1);
          } else if (bits == Float.floatToRawIntBits(2f)) {
            mv.visitInsn(FCONST_2);
          } else {
            mv.visitLdcInsn(v);
          }
          return;
        }
        case F64: {
          double v = c.value();
          long bits = Double.doubleToRawLongBits(v);
          if (bits == 0) {
            mv.visitInsn(DCONST_0);
          } else if (bits == Double.doubleToRawLongBits(1.0)) {
            mv.visitInsn(DCONST_1);
          } else {
            mv.visitLdcInsn(v);
          }
          return;
        }
        case I32:
          push((int) c.value());
          return;
        case I64: {
          long v = (long) c.value();
          if (v == 0 || v == 1) {
            mv.visitInsn(v == 0 ? LCONST_0 : LCONST_1);
          } else {
            mv.visitLdcInsn(v);
          }
          return;
        }
        default:
          mv.visitInsn(c.value() != 0 ? ICONST_1 : ICONST_0);
      }
    }

    private void push(int v) {
      if (v >= -1 && v <= 5) {
        mv.visitInsn(ICONST_0 + v);
      } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
        mv.visitIntInsn(BIPUSH, v);
      } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
        mv.visitIntInsn(SIPUSH, v);
      } else {
        mv.visitLdcInsn(v);
      }
    }

    /** An arithmetic operator of numbers of type {@code t} (a verified program has no other here). */
    private void arithmetic(BinaryOp op, Scalar t) {
      int base;
      switch (op) {
        case ADD: base = IADD; break;
        case SUB: base = ISUB; break;
        case MUL: base = IMUL; break;
        case DIV: base = IDIV; break;
        case REM: base = IREM; break;
        default: {
          // MIN and MAX.
          String d = descriptor(t);
          mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", op == BinaryOp.MIN ? "min" : "max",
              "(" + d + d + ")" + d, false);
          return;
        }
      }
      // IADD, LADD, FADD, DADD are consecutive opcodes, and so are the others.
      int offset = t == Scalar.I32 ? 0 : t == Scalar.I64 ? 1 : t == Scalar.F32 ? 2 : 3;
      mv.visitInsn(base + offset);
    }

    /** A math function of floats of one type, as StrictMath computes it in double. */
    private void call(KExpr.Call call, Scope scope) {
      Scalar t = call.type();
      for (KExpr a : call.args()) {
        expr(a, scope);
        if (t == Scalar.F32) {
          mv.visitInsn(F2D);
        }
      }
      String desc = call.fn() == Fn.POW ? "(DD)D" : "(D)D";
      mv.visitMethodInsn(INVOKESTATIC, "java/lang/StrictMath", mathName(call.fn()), desc, false);
      if (t == Scalar.F32) {
        mv.visitInsn(D2F);
      }
    }

    private void cast(KExpr.Cast cast, Scope scope) {
      Scalar to = cast.type();
      KExpr o = cast.operand();
      Scalar from = o.type();
      if (to == Scalar.BOOL && from != Scalar.BOOL) {
        boolValue(cast, scope);
        return;
      }
      expr(o, scope);
      if (from == to) {
        return;
      }
      // BOOL is already an int 0 or 1, so it converts as I32 does.
      Scalar src = from == Scalar.BOOL ? Scalar.I32 : from;
      if (src == to) {
        return;
      }
      int op;
      switch (src) {
        case I32: op = to == Scalar.I64 ? I2L : to == Scalar.F32 ? I2F : I2D; break;
        case I64: op = to == Scalar.I32 ? L2I : to == Scalar.F32 ? L2F : L2D; break;
        case F32: op = to == Scalar.I32 ? F2I : to == Scalar.I64 ? F2L : F2D; break;
        default: op = to == Scalar.I32 ? D2I : to == Scalar.I64 ? D2L : D2F; break;
      }
      mv.visitInsn(op);
    }

    // -------------------------------------------------------------- conditions

    /** Pushes a BOOL expression that is best computed as a jump (a comparison, NOT, AND, OR, cast). */
    private void boolValue(KExpr e, Scope scope) {
      Label no = new Label();
      Label end = new Label();
      cond(e, scope, false, no);
      mv.visitInsn(ICONST_1);
      mv.visitJumpInsn(GOTO, end);
      mv.visitLabel(no);
      mv.visitInsn(ICONST_0);
      mv.visitLabel(end);
    }

    /** Where a condition jumps: to {@code target} when it equals {@code jumpIf}; it falls through otherwise. */
    private record Jump(Scope scope, boolean jumpIf, Label target) {
      Jump negated() {
        return new Jump(scope, !jumpIf, target);
      }
    }

    /** Jumps to {@code target} when the BOOL {@code e} equals {@code jumpIf}; falls through otherwise. */
    private void cond(KExpr e, Scope scope, boolean jumpIf, Label target) {
      e.accept(conditions, new Jump(scope, jumpIf, target));
    }

    /** Pushes the BOOL {@code e} as an int 0 or 1 and jumps on it. */
    private void valueThenJump(KExpr e, Jump j) {
      expr(e, j.scope());
      mv.visitJumpInsn(j.jumpIf() ? IFNE : IFEQ, j.target());
    }

    /**
     * Emits each kind of BOOL expression as a jump: a new kind does not compile until it is decided
     * here. Comparisons, NOT, AND, OR, constants and casts from numbers jump directly; the others
     * push their value first.
     */
    private final KExpr.Visitor<Void, Jump> conditions = new KExpr.Visitor<>() {
      @Override
      public Void visitConst(KExpr.Const c, Jump j) {
        if ((c.value() != 0) == j.jumpIf()) {
          mv.visitJumpInsn(GOTO, j.target());
        }
        return null;
      }

      /** NOT: the operand's jump, negated. */
      @Override
      public Void visitUnary(KExpr.Unary u, Jump j) {
        u.operand().accept(this, j.negated());
        return null;
      }

      @Override
      public Void visitBinary(KExpr.Binary bin, Jump j) {
        if (!bin.op().isLogical()) {
          compare(bin, j.scope(), j.jumpIf(), j.target());
          return null;
        }
        // AND and OR are short-circuit: the right operand runs only when it decides.
        boolean and = bin.op() == BinaryOp.AND;
        if (and != j.jumpIf()) {
          bin.left().accept(this, j);
          bin.right().accept(this, j);
        } else {
          Label skip = new Label();
          bin.left().accept(this, new Jump(j.scope(), !j.jumpIf(), skip));
          bin.right().accept(this, j);
          mv.visitLabel(skip);
        }
        return null;
      }

      @Override
      public Void visitCast(KExpr.Cast cast, Jump j) {
        KExpr o = cast.operand();
        if (o.type() == Scalar.BOOL) {
          valueThenJump(cast, j);
          return null;
        }
        // A value is true when it is not zero (NaN included).
        expr(o, j.scope());
        switch (o.type()) {
          case F32: mv.visitInsn(FCONST_0); mv.visitInsn(FCMPL); break;
          case F64: mv.visitInsn(DCONST_0); mv.visitInsn(DCMPL); break;
          case I64: mv.visitInsn(LCONST_0); mv.visitInsn(LCMP); break;
          default: break;
        }
        mv.visitJumpInsn(j.jumpIf() ? IFNE : IFEQ, j.target());
        return null;
      }

      @Override
      public Void visitLoad(KExpr.Load ld, Jump j) {
        valueThenJump(ld, j);
        return null;
      }

      @Override
      public Void visitLocal(KExpr.Local loc, Jump j) {
        valueThenJump(loc, j);
        return null;
      }

      @Override
      public Void visitSelect(KExpr.Select sel, Jump j) {
        valueThenJump(sel, j);
        return null;
      }

      // Never BOOL in a verified program; pushed and tested as any other value would be.

      @Override
      public Void visitCall(KExpr.Call call, Jump j) {
        valueThenJump(call, j);
        return null;
      }

      @Override
      public Void visitRand(KExpr.Rand r, Jump j) {
        valueThenJump(r, j);
        return null;
      }

      @Override
      public Void visitStepIndex(KExpr.StepIndex e, Jump j) {
        valueThenJump(e, j);
        return null;
      }
    };

    private void compare(KExpr.Binary bin, Scope scope, boolean jumpIf, Label target) {
      BinaryOp op = bin.op();
      Scalar t = bin.left().type();
      expr(bin.left(), scope);
      expr(bin.right(), scope);
      // The jump is taken when the comparison is jumpIf; negating the IF is exact once NaN is
      // folded into the compare: fcmpg gives 1 on NaN (so < and <= are false), fcmpl gives -1.
      BinaryOp taken = jumpIf ? op : negate(op);
      if (t == Scalar.I32 || t == Scalar.BOOL) {
        mv.visitJumpInsn(intCompare(taken), target);
        return;
      }
      switch (t) {
        case I64: mv.visitInsn(LCMP); break;
        case F32: mv.visitInsn(op == BinaryOp.LT || op == BinaryOp.LE ? FCMPG : FCMPL); break;
        default: mv.visitInsn(op == BinaryOp.LT || op == BinaryOp.LE ? DCMPG : DCMPL); break;
      }
      mv.visitJumpInsn(zeroCompare(taken), target);
    }
  }

  private static BinaryOp negate(BinaryOp op) {
    switch (op) {
      case LT: return BinaryOp.GE;
      case LE: return BinaryOp.GT;
      case GT: return BinaryOp.LE;
      case GE: return BinaryOp.LT;
      case EQ: return BinaryOp.NE;
      default: return BinaryOp.EQ;
    }
  }

  private static int intCompare(BinaryOp op) {
    switch (op) {
      case LT: return IF_ICMPLT;
      case LE: return IF_ICMPLE;
      case GT: return IF_ICMPGT;
      case GE: return IF_ICMPGE;
      case EQ: return IF_ICMPEQ;
      default: return IF_ICMPNE;
    }
  }

  private static int zeroCompare(BinaryOp op) {
    switch (op) {
      case LT: return IFLT;
      case LE: return IFLE;
      case GT: return IFGT;
      case GE: return IFGE;
      case EQ: return IFEQ;
      default: return IFNE;
    }
  }

  private static int arrayLoad(Scalar t) {
    switch (t) {
      case F32: return FALOAD;
      case F64: return DALOAD;
      case I32: return IALOAD;
      case I64: return LALOAD;
      default: return BALOAD;
    }
  }

  private static int arrayStore(Scalar t) {
    switch (t) {
      case F32: return FASTORE;
      case F64: return DASTORE;
      case I32: return IASTORE;
      case I64: return LASTORE;
      default: return BASTORE;
    }
  }

  private static String mathName(Fn fn) {
    switch (fn) {
      case EXP: return "exp";
      case EXPM1: return "expm1";
      case LOG: return "log";
      case LOG1P: return "log1p";
      case SQRT: return "sqrt";
      case ABS: return "abs";
      case FLOOR: return "floor";
      case CEIL: return "ceil";
      case RINT: return "rint";
      case TANH: return "tanh";
      case SIN: return "sin";
      case COS: return "cos";
      case ATAN: return "atan";
      case POW: return "pow";
      default: throw new IllegalArgumentException("unknown function " + fn);
    }
  }

  /**
   * The buffers, spike sets, queues and connections some statements name, and their size in
   * nodes, gathered through the visitors, so a new node kind does not compile until it is counted.
   */
  static final class Uses implements KStmt.Visitor<Void, Void>, KExpr.Visitor<Void, Void> {
    final Set<String> buffers = new LinkedHashSet<>();
    final Set<String> spikeSets = new LinkedHashSet<>();
    final Set<String> queues = new LinkedHashSet<>();
    final Set<String> connections = new LinkedHashSet<>();
    int nodes;

    static int nodes(KStmt s) {
      Uses u = new Uses();
      u.stmt(s);
      return u.nodes;
    }

    void stmt(KStmt s) {
      nodes++;
      s.accept(this, null);
    }

    void expr(KExpr e) {
      nodes++;
      e.accept(this, null);
    }

    private void block(List<KStmt> body) {
      body.forEach(this::stmt);
    }

    @Override
    public Void visitLet(KStmt.Let l, Void x) {
      expr(l.value());
      return null;
    }

    @Override
    public Void visitStore(KStmt.Store st, Void x) {
      buffers.add(st.buffer());
      expr(st.index());
      expr(st.value());
      return null;
    }

    @Override
    public Void visitIf(KStmt.If i, Void x) {
      expr(i.condition());
      block(i.then());
      block(i.otherwise());
      return null;
    }

    @Override
    public Void visitForRange(KStmt.ForRange r, Void x) {
      expr(r.start());
      expr(r.end());
      block(r.body());
      return null;
    }

    @Override
    public Void visitForSpikes(KStmt.ForSpikes f, Void x) {
      spikeSets.add(f.spikeSet());
      block(f.body());
      return null;
    }

    @Override
    public Void visitForTargets(KStmt.ForTargets f, Void x) {
      connections.add(f.connection());
      expr(f.pre());
      block(f.body());
      return null;
    }

    @Override
    public Void visitForSources(KStmt.ForSources f, Void x) {
      connections.add(f.connection());
      expr(f.post());
      block(f.body());
      return null;
    }

    @Override
    public Void visitEmit(KStmt.Emit em, Void x) {
      spikeSets.add(em.spikeSet());
      expr(em.index());
      return null;
    }

    @Override
    public Void visitEnqueue(KStmt.Enqueue eq, Void x) {
      queues.add(eq.queue());
      expr(eq.delay());
      expr(eq.index());
      expr(eq.value());
      return null;
    }

    @Override
    public Void visitDrain(KStmt.Drain d, Void x) {
      queues.add(d.queue());
      return null;
    }

    @Override
    public Void visitConst(KExpr.Const c, Void x) {
      return null;
    }

    @Override
    public Void visitLoad(KExpr.Load l, Void x) {
      buffers.add(l.buffer());
      expr(l.index());
      return null;
    }

    @Override
    public Void visitLocal(KExpr.Local l, Void x) {
      return null;
    }

    @Override
    public Void visitUnary(KExpr.Unary u, Void x) {
      expr(u.operand());
      return null;
    }

    @Override
    public Void visitBinary(KExpr.Binary b, Void x) {
      expr(b.left());
      expr(b.right());
      return null;
    }

    @Override
    public Void visitCall(KExpr.Call c, Void x) {
      c.args().forEach(this::expr);
      return null;
    }

    @Override
    public Void visitSelect(KExpr.Select s, Void x) {
      expr(s.condition());
      expr(s.then());
      expr(s.otherwise());
      return null;
    }

    @Override
    public Void visitCast(KExpr.Cast c, Void x) {
      expr(c.operand());
      return null;
    }

    @Override
    public Void visitRand(KExpr.Rand r, Void x) {
      expr(r.index());
      return null;
    }

    @Override
    public Void visitStepIndex(KExpr.StepIndex e, Void x) {
      return null;
    }
  }
}
