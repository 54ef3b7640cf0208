package brainc.compiler.cli;

import brainc.codegen.train.AgentTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The trainer's counters in a checkpoint's properties, exactly (doubles as Double.toString). */
final class TrainState {
  private TrainState() {}

  static Properties write(AgentTrainer.State s) {
    Properties p = new Properties();
    p.setProperty("trainer.next", Integer.toString(s.nextEpisode()));
    p.setProperty("trainer.phase", Integer.toString(s.phaseIndex()));
    p.setProperty("trainer.phaseStart", Integer.toString(s.phaseStart()));
    p.setProperty("trainer.phaseRewards", String.join(",", s.phaseRewards().stream().map(d -> Double.toString(d)).toList()));
    List<String> eps = new ArrayList<>();
    for (AgentTrainer.Episode e : s.episodes()) {
      eps.add(e.phase() + "|" + e.reward() + "|" + e.steps() + "|" + e.terminated());
    }
    p.setProperty("trainer.episodes", String.join(";", eps));
    return p;
  }

  static AgentTrainer.State read(Properties p) {
    List<Double> rewards = new ArrayList<>();
    String r = p.getProperty("trainer.phaseRewards", "");
    if (!r.isEmpty()) for (String x : r.split(",")) rewards.add(Double.parseDouble(x));
    List<AgentTrainer.Episode> eps = new ArrayList<>();
    String all = p.getProperty("trainer.episodes", "");
    if (!all.isEmpty()) {
      int i = 0;
      for (String x : all.split(";", -1)) {
        String[] f = x.split("\\|", -1);
        eps.add(new AgentTrainer.Episode(i++, f[0], Double.parseDouble(f[1]), Integer.parseInt(f[2]),
            Boolean.parseBoolean(f[3])));
      }
    }
    return new AgentTrainer.State(Integer.parseInt(p.getProperty("trainer.next", "0")),
        Integer.parseInt(p.getProperty("trainer.phase", "0")), Integer.parseInt(p.getProperty("trainer.phaseStart", "0")),
        rewards, eps);
  }
}
