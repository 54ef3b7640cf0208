package brainc.ir.source;

import java.util.Objects;

/**
 * Names one source document: a file path as the user wrote it, or a stdlib resource such as
 * {@code stdlib:brain/neurons.brain}. Used only as an identity and for messages.
 */
public record SourceId(String name) implements Comparable<SourceId> {
  public SourceId {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public int compareTo(SourceId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
