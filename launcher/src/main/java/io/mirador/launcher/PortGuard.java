package io.mirador.launcher;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks, before {@code up} starts anything, that every port it will listen on is free on the
 * loopback address, and names what holds a taken one. Without it a second {@code up} went on with
 * its children failing one by one, and its agent registered with the other instance's core.
 */
final class PortGuard {
  /** A port {@code up} needs and what it is for ("core HTTP", "agent OTLP gRPC"). */
  record Need(String use, String variable, int port) {
    Need {
      requireNonNull(use, "use");
      requireNonNull(variable, "variable");
    }
  }

  /** A port that is taken, and by whom when {@code /proc} shows it. */
  record Conflict(Need need, Optional<ListeningSockets.Holder> holder) {
    String message() {
      return "port "
          + need.port()
          + " ("
          + need.use()
          + ") is in use"
          + holder.map(h -> " by " + h).orElse(" (its process is not visible to this user)");
    }
  }

  private final ListeningSockets sockets;

  PortGuard(ListeningSockets sockets) {
    this.sockets = requireNonNull(sockets, "sockets");
  }

  /** Two uses on one port is a configuration mistake: a usage error naming both. */
  static void requireDistinct(List<Need> needs) {
    Map<Integer, Need> seen = new LinkedHashMap<>();
    for (Need need : needs) {
      Need other = seen.putIfAbsent(need.port(), need);
      if (other != null) {
        throw new Mirador.UsageException(
            "port "
                + need.port()
                + " is set for both "
                + other.use()
                + " ("
                + other.variable()
                + ") and "
                + need.use()
                + " ("
                + need.variable()
                + ")");
      }
    }
  }

  /** The needed ports that cannot be bound on 127.0.0.1, in the order given. */
  List<Conflict> conflicts(List<Need> needs) {
    List<Conflict> conflicts = new ArrayList<>();
    for (Need need : needs) {
      if (!free(need.port())) {
        conflicts.add(new Conflict(need, sockets.holder(need.port())));
      }
    }
    return conflicts;
  }

  /**
   * Whether a listener could bind the port on the loopback address, as the children will. A
   * listening socket on 0.0.0.0 or 127.0.0.1 makes the bind fail; SO_REUSEADDR (as the children's
   * servers set it) forgives only connections of an earlier run still in TIME_WAIT.
   */
  static boolean free(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
