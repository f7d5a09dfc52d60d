package io.mirador.pii;

/** Whether attribute keys that no rule names survive. */
public enum PolicyMode {
  /** Keys no rule names are kept (and scanned by the value detectors). */
  BLOCK_LIST,
  /** Only keys a rule names (with keep, mask or hash) or that are ignored survive. */
  ALLOW_LIST
}
