package io.mirador.rca.lab.schedule;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The estate's fault types (the lab contract's names) and the parameters the schedule draws for
 * each, in ranges a real incident of that kind shows: clearly visible, not so large that the whole
 * estate falls over.
 */
public enum FaultType {
  NETWORK_DELAY("network-delay"),
  NETWORK_LOSS("network-loss"),
  CPU_HOG("cpu-hog"),
  CPU_CONTENTION("cpu-contention"),
  MEMORY_PRESSURE("memory-pressure"),
  EXCEPTION("exception"),
  WRONG_RETURN("wrong-return"),
  SLOW_DEPENDENCY("slow-dependency"),
  FAILING_DEPENDENCY("failing-dependency");

  private static final String[] DIRECTIONS = {"in", "out", "both"};

  private final String wireName;

  FaultType(String wireName) {
    this.wireName = wireName;
  }

  /** The name the estate's control API and the case file use. */
  public String wireName() {
    return wireName;
  }

  /** The type of a wire name; an unknown name is an {@link IllegalArgumentException} naming it. */
  public static FaultType fromWire(String name) {
    for (FaultType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown fault type '"
            + name
            + "' (known: "
            + String.join(", ", java.util.Arrays.stream(values()).map(t -> t.wireName).toList())
            + ")");
  }

  /** Parameters drawn from {@code random} in realistic ranges. */
  public Map<String, Object> drawParams(Random random) {
    Map<String, Object> params = new LinkedHashMap<>();
    switch (this) {
      case NETWORK_DELAY -> {
        int delay = 100 + 10 * random.nextInt(41); // 100-500 ms
        params.put("delayMs", delay);
        params.put("jitterMs", 10 * random.nextInt(delay / 50 + 1)); // up to a fifth
        params.put("direction", DIRECTIONS[random.nextInt(DIRECTIONS.length)]);
      }
      case NETWORK_LOSS -> {
        params.put("lossPercent", 5 + random.nextInt(26)); // 5-30 %
        params.put("direction", DIRECTIONS[random.nextInt(DIRECTIONS.length)]);
      }
      case CPU_HOG, CPU_CONTENTION -> params.put("share", share(random, 0.5, 0.9));
      case MEMORY_PRESSURE -> params.put("megabytes", 128 + 32 * random.nextInt(9)); // 128-384
      case EXCEPTION, WRONG_RETURN, FAILING_DEPENDENCY ->
          params.put("rate", share(random, 0.1, 0.5));
      case SLOW_DEPENDENCY -> params.put("delayMs", 100 + 10 * random.nextInt(51)); // 100-600
    }
    return params;
  }

  private static double share(Random random, double low, double high) {
    double value = low + (high - low) * random.nextDouble();
    return Double.parseDouble(String.format(Locale.ROOT, "%.2f", value));
  }
}
