package io.mirador.rca.lab.run;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.lab.estate.EstateClient;
import io.mirador.rca.lab.estate.StartedFault;
import io.mirador.rca.lab.schedule.PlannedFault;
import io.mirador.rca.lab.score.LabCase;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the schedule against the estate: waits each fault's gap (counted from the end of the one
 * before), starts it, writes its case, waits for its end and records the real end. A refused fault
 * (400, 409) is logged and skipped; an unreachable estate ends the run with the cases so far.
 */
final class ScheduleRunner {
  /** How long after a fault's planned end the lab asks the estate for its real end. */
  static final Duration END_MARGIN = Duration.ofSeconds(2);

  record Refusal(PlannedFault planned, int status, String message) {}

  record Result(List<LabCase> cases, List<Refusal> refused) {}

  private final EstateClient estate;
  private final CaseFile caseFile;
  private final Pacer pacer;
  private final PrintStream log;

  ScheduleRunner(EstateClient estate, CaseFile caseFile, Pacer pacer, PrintStream log) {
    this.estate = requireNonNull(estate, "estate");
    this.caseFile = requireNonNull(caseFile, "caseFile");
    this.pacer = requireNonNull(pacer, "pacer");
    this.log = requireNonNull(log, "log");
  }

  Result run(List<PlannedFault> schedule) throws IOException, InterruptedException {
    List<LabCase> cases = new ArrayList<>();
    List<Refusal> refused = new ArrayList<>();
    Instant quietSince = pacer.now();
    for (PlannedFault planned : schedule) {
      pacer.sleepUntil(quietSince.plus(planned.gapBefore()));
      StartedFault fault;
      try {
        fault = estate.start(planned);
      } catch (EstateClient.RefusedException e) {
        log.println(
            "lab: fault "
                + planned.index()
                + " ("
                + planned.type().wireName()
                + " on "
                + planned.service()
                + ") refused by the estate: HTTP "
                + e.status()
                + " "
                + e.getMessage()
                + "; going on with the next");
        refused.add(new Refusal(planned, e.status(), e.getMessage()));
        quietSince = pacer.now();
        continue;
      }
      caseFile.started(planned, fault);
      log.println(
          "lab: "
              + fault.start()
              + " fault "
              + planned.index()
              + "/"
              + schedule.size()
              + " "
              + fault.type()
              + " on "
              + fault.service()
              + " (truth "
              + planned.truth()
              + ") "
              + planned.params()
              + " until "
              + fault.end());
      pacer.sleepUntil(fault.end().plus(END_MARGIN));
      LabCase ended = caseFile.ended(fault.id(), realEnd(fault));
      cases.add(ended);
      log.println("lab: " + ended.end() + " fault " + planned.index() + " ended");
      quietSince = later(pacer.now(), ended.end());
    }
    return new Result(List.copyOf(cases), List.copyOf(refused));
  }

  /** The estate's real end of the fault; ends it first if the estate still has it active. */
  private Instant realEnd(StartedFault fault) throws IOException, InterruptedException {
    Optional<StartedFault> known =
        estate.faults().stream().filter(f -> f.id().equals(fault.id())).findFirst();
    if (known.isPresent() && known.get().end().isAfter(pacer.now())) {
      log.println("lab: fault " + fault.id() + " still active after its end; stopping it");
      estate.stop(fault.id());
      return pacer.now();
    }
    return known.map(StartedFault::end).orElse(fault.end());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
