package brainc.compiler.cli;

import brainc.ir.targets.TargetTable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code brainc targets}: every engine and artifact target with what it can do, from the one table
 * ({@code brainc.ir.targets.Targets}) that the registry, the capability check and
 * {@code docs/targets.md} read.
 */
@Command(
    name = "targets",
    mixinStandardHelpOptions = true,
    description = {
        "List the engines (--backend) and artifact targets (--target) with their capabilities: x where",
        "one has it. `brainc check --target NAME` reports what a model needs that NAME lacks."})
final class TargetsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(TargetTable.text());
    out.flush();
    return ExitCode.OK;
  }
}
