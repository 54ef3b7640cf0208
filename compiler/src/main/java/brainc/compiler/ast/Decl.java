package brainc.compiler.ast;

import brainc.ir.source.Span;
import java.util.List;
import java.util.Optional;

/** Named top-level declarations: models, networks and the blocks of the other families. */
public sealed interface Decl {
  Ident name();

  String doc();

  List<Member> members();

  Span span();

  /** What a person calls this kind of declaration, for messages. */
  String kindName();

  record Neuron(Ident name, Optional<QualifiedName> base, List<Member> members, String doc, Span span)
      implements Decl {
    public Neuron {
      members = List.copyOf(members);
    }

    public String kindName() {
      return "neuron";
    }
  }

  record Synapse(Ident name, Optional<QualifiedName> base, List<Member> members, String doc, Span span)
      implements Decl {
    public Synapse {
      members = List.copyOf(members);
    }

    public String kindName() {
      return "synapse";
    }
  }

  record Network(Ident name, List<Member> members, String doc, Span span) implements Decl {
    public Network {
      members = List.copyOf(members);
    }

    public String kindName() {
      return "network";
    }
  }

  record Region(Ident name, Expr.Call family, List<Member> members, String doc, Span span) implements Decl {
    public Region {
      members = List.copyOf(members);
    }

    public String kindName() {
      return "region";
    }
  }

  record Workspace(Ident name, Optional<Expr.Call> family, List<Member> members, String doc, Span span)
      implements Decl {
    public Workspace {
      members = List.copyOf(members);
    }

    public String kindName() {
      return "workspace";
    }
  }

  record Agent(Ident name, Expr.Call family, List<Member> members, String doc, Span span) implements Decl {
    public Agent {
      members = List.copyOf(members);
    }

    public String kindName() {
      return "agent";
    }
  }

  record Rules(Ident name, Expr.Call family, List<Member> members, String doc, Span span) implements Decl {
    public Rules {
      members = List.copyOf(members);
    }

    public String kindName() {
      return "rule base";
    }
  }

  record Meta(Ident name, Expr.Call family, List<Member> members, String doc, Span span) implements Decl {
    public Meta {
      members = List.copyOf(members);
    }

    public String kindName() {
      return "meta-learning loop";
    }
  }
}
