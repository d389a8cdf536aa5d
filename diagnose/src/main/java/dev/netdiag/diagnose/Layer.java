package dev.netdiag.diagnose;

/** The layers diagnose checks, in the order it checks them. */
public enum Layer {
  NAME("name"),
  PATH("path"),
  LISTENER("listener"),
  FIREWALL("firewall"),
  HEALTH("health");

  private final String word;

  Layer(String word) {
    this.word = word;
  }

  /** The lower-case word used in text and JSON. */
  public String word() {
    return word;
  }
}
