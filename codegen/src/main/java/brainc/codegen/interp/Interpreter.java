package brainc.codegen.interp;

import brainc.codegen.Backend;
import brainc.codegen.CompiledKernel;
import brainc.codegen.Driver;
import brainc.codegen.Memory;
import brainc.codegen.Simulation;
import brainc.codegen.interp.Nodes.Exec;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.verify.VerifiedKernelProgram;
import brainc.runtime.sim.ParallelRanges;

/**
 * The reference backend: runs a {@link KernelProgram} directly, and so defines what every other
 * backend must compute bit for bit. The statements are first compiled into closures over
 * primitive slots ({@link ClosureCompiler}, whose Javadoc states the arithmetic) before the first
 * step, which keeps the inner loops free of boxing and lookups; the verifier has checked the
 * program, so nothing is checked again.
 *
 * <pre>{@code
 * Simulation sim = new Interpreter().prepare(program);   // allocate, connect, init
 * sim.run();                                             // program.steps() steps
 * sim.recorder().write(outDir);  sim.summary();
 * }</pre>
 */
public final class Interpreter implements Backend {
  private final Driver.Options options;

  public Interpreter() {
    this(Driver.Options.DEFAULT);
  }

  public Interpreter(Driver.Options options) {
    this.options = options;
  }

  @Override
  public brainc.ir.targets.TargetInfo info() {
    return brainc.ir.targets.Targets.INTERP;
  }

  @Override
  public brainc.codegen.PreparedKernel compile(VerifiedKernelProgram verified) {
    // Closures bind the arrays of one instance's memory, so they are built per instance:
    // nothing is shared between instances to compile ahead.
    KernelProgram program = verified.program();
    return new brainc.codegen.PreparedKernel() {
      @Override
      public KernelProgram program() {
        return program;
      }

      @Override
      public Simulation instantiate(long seed, java.util.Map<String, Double> parameters) {
        return Interpreter.this.instantiate(program, seed, parameters, System.nanoTime());
      }
    };
  }

  @Override
  public Simulation prepare(VerifiedKernelProgram verified) {
    return instantiate(verified.program(), verified.program().seed(), java.util.Map.of(), System.nanoTime());
  }

  private Simulation instantiate(KernelProgram program, long seed, java.util.Map<String, Double> parameters, long t0) {
    Memory memory = Memory.allocate(program, seed, parameters);
    ParallelRanges ranges = options.newRanges();
    ClosureCompiler compiler = new ClosureCompiler(memory, memory.seed(), ranges);
    Exec init;
    Exec step;
    Exec readout;
    try {
      init = compiler.compileBlock(program.init());
      step = compiler.compileBlock(program.stepStatements());
      readout = compiler.compileBlock(program.readoutStatements());
    } catch (RuntimeException | Error e) {
      if (ranges != null) {
        ranges.close();
      }
      throw e;
    }
    Frame frame = new Frame(compiler.slotCounts());
    CompiledKernel kernel = new CompiledKernel() {
      @Override
      public void init() {
        frame.step = 0;
        init.run(frame);
      }

      @Override
      public void step(long n) {
        frame.step = n;
        step.run(frame);
      }

      @Override
      public void readout() {
        frame.step = 0;
        readout.run(frame);
      }
    };
    return new Driver(program, memory, kernel, options, ranges, t0);
  }

  @Override
  public Interpreter withOptions(Driver.Options options) {
    return new Interpreter(options);
  }

  @Override
  public Driver.Options options() {
    return options;
  }
}
