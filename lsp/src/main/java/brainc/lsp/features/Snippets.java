package brainc.lsp.features;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.InsertTextFormat;

/** Snippet completions: the skeleton of each declaration family and of common members. */
final class Snippets {
  private Snippets() {}

  static void topLevel(Completion.Items items) {
    add(items, "neuron", "neuron model", "/// ${2:What this neuron models.}\nneuron ${1:Name} {\n  param ${3:tau_m} = ${4:20 ms}\n"
        + "  state ${5:v} = ${6:-65 mV}\n  input ${7:I}: ${8:mV}\n\n  ${5}' = (${6} - ${5} + ${7}) / ${3}\n\n"
        + "  spike when ${5} > ${9:-50 mV} {\n    ${5} = ${6}\n  }\n}\n$0");
    add(items, "synapse", "synapse model", "/// ${2:What this synapse models.}\nsynapse ${1:Name} {\n"
        + "  param ${3:w_max} = ${4:1.0}\n  var w = ${5:0.5}\n  trace ${6:x_pre} decays ${7:20 ms} on pre += 1\n\n"
        + "  on pre {\n    deliver w\n  }\n}\n$0");
    add(items, "network", "network", "/// ${2:What this network does.}\nnetwork ${1:Name} {\n"
        + "  population ${3:exc} = ${4:LIF}[${5:100}]\n  connect ${3} -> ${3}  weight ${6:1 mV}  probability ${7:0.1}"
        + "  via exp(tau = ${8:5 ms})\n  monitor spikes of ${3}\n}\n\nrun ${1} for ${9:1 s} dt ${10:0.1 ms}\n$0");
    add(items, "region", "HTM region", "region ${1:Name}: htm() {\n  encode ${2:value} with rdse(size = ${3:400})\n"
        + "  spatial_pooler { columns = ${4:2048} }\n  temporal_memory { cells_per_column = ${5:32} }\n"
        + "  anomaly likelihood()\n}\n$0");
    add(items, "workspace", "global workspace", "workspace ${1:Name} {\n  module ${2:vision}: ${3:64}\n"
        + "  width ${4:64}\n  capacity ${5:1}\n  broadcast to ${2}\n}\n$0");
    add(items, "agent", "active-inference agent", "agent ${1:Name}: active_inference() {\n"
        + "  hidden ${2:location} [${3:left}, ${4:right}]\n  plan horizon ${5:1}\n}\n$0");
    add(items, "rules", "fuzzy rule base", "rules ${1:Name}: ${2:ltn}() {\n  predicate ${3:P}/1\n"
        + "  rule ${4:r1}: forall x: ${3}(x)\n}\n$0");
    add(items, "meta", "meta-learning loop", "meta ${1:Name}: ${2:maml}() {\n  model ${3:mlp}()\n  tasks ${4:sinusoid}()\n}\n$0");
    add(items, "run", "run statement", "run ${1:Network} for ${2:1 s} dt ${3:0.1 ms} seed ${4:42}\n$0");
  }

  static void neuronMembers(Completion.Items items) {
    add(items, "param", "parameter", "/// ${3:Meaning.}\nparam ${1:name} = ${2:20 ms}$0");
    add(items, "state", "state variable", "state ${1:v} = ${2:-65 mV}$0");
    add(items, "input", "input port", "input ${1:I}: ${2:mV}$0");
    add(items, "spike", "spike condition and reset", "spike when ${1:v} > ${2:v_th} {\n  ${1} = ${3:v_reset}\n}$0");
  }

  static void synapseMembers(Completion.Items items) {
    add(items, "param", "parameter", "/// ${3:Meaning.}\nparam ${1:name} = ${2:1.0}$0");
    add(items, "trace", "trace", "trace ${1:x_pre} decays ${2:20 ms} on ${3|pre,post|} += ${4:1}$0");
    add(items, "on", "event handler", "on ${1|pre,post|} {\n  $0\n}");
  }

  static void networkMembers(Completion.Items items) {
    add(items, "population", "population", "population ${1:name} = ${2:LIF}[${3:100}]$0");
    add(items, "connect", "projection", "connect ${1:a} -> ${2:b}  weight ${3:1 mV}  probability ${4:0.1}$0");
    add(items, "monitor", "monitor", "monitor ${1|spikes,rate,v|} of ${2:population}$0");
  }

  private static void add(Completion.Items items, String label, String detail, String body) {
    CompletionItem item = new CompletionItem(label);
    item.setKind(CompletionItemKind.Snippet);
    item.setDetail(detail + " (snippet)");
    item.setInsertText(body);
    item.setInsertTextFormat(InsertTextFormat.Snippet);
    item.setSortText("00_" + label);
    items.addItem(item);
  }
}
