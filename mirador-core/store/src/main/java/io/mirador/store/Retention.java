package io.mirador.store;

/**
 * How long a tenant's rows of each signal live, in whole days. Each row carries its tenant's
 * retention when it is written, and ClickHouse's TTL removes it after that many days.
 */
public record Retention(int traceDays, int logDays, int metricDays) {
  /** The most a retention may be (about 30 years): a UInt16 column holds it. */
  public static final int MAX_DAYS = 11_000;

  /** 30 days of traces and logs, 90 days of metrics. */
  public static final Retention DEFAULT = new Retention(30, 30, 90);

  public Retention {
    check(traceDays, "traceDays");
    check(logDays, "logDays");
    check(metricDays, "metricDays");
  }

  /** The same number of days for every signal. */
  public static Retention days(int days) {
    return new Retention(days, days, days);
  }

  private static void check(int days, String name) {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException(name + " must be between 1 and " + MAX_DAYS + " days");
    }
  }
}
