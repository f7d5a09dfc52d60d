package io.mirador.ui.session;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The one-time login code of the embedded mode. One code is live at a time (minting replaces the
 * last); it is 256 random bits, kept only as its SHA-256, accepted once, and only until it expires.
 * Comparison is on digests with {@link java.security.MessageDigest#isEqual}.
 */
public final class LoginCodes {
  /** What redeeming a candidate code gave. */
  public enum Outcome {
    ACCEPTED,
    /** Not the live code (wrong, malformed, replaced, or none was minted). */
    INVALID,
    /** The live code, already exchanged once. */
    USED,
    /** The live code, past its lifetime. */
    EXPIRED
  }

  /** How long a code lives: 10 minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  private final Clock clock;
  private final Duration ttl;
  private final Supplier<String> random;
  private byte[] digest;
  private Instant expiresAt = Instant.MIN;
  private boolean used;

  public LoginCodes(Clock clock, Duration ttl) {
    this(clock, ttl, Secrets::random);
  }

  LoginCodes(Clock clock, Duration ttl, Supplier<String> random) {
    this.clock = requireNonNull(clock, "clock");
    this.ttl = requireNonNull(ttl, "ttl");
    this.random = requireNonNull(random, "random");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("login code lifetime must be positive");
    }
  }

  /** Mints a new code, which replaces any earlier one; the text is returned once, never kept. */
  public synchronized String mint() {
    String code = random.get();
    digest = Secrets.sha256(code);
    expiresAt = clock.instant().plus(ttl);
    used = false;
    return code;
  }

  /** Exchanges {@code candidate}: accepted at most once, before it expires. */
  public synchronized Outcome redeem(String candidate) {
    if (!Secrets.matches(digest, candidate)) {
      return Outcome.INVALID;
    }
    if (used) {
      return Outcome.USED;
    }
    if (!clock.instant().isBefore(expiresAt)) {
      return Outcome.EXPIRED;
    }
    used = true;
    return Outcome.ACCEPTED;
  }
}
