package io.mirador.core.service.security;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Removes JWTs from log records before any handler writes them. quarkus-oidc logs a refused token
 * in full at WARN ("Invalid JWS Signature: ...->eyJ..."); a bearer token must never reach a log,
 * even an invalid one (it may be valid for another audience).
 */
@LoggingFilter(name = "mirador-token-redaction")
public final class TokenRedactingLogFilter implements Filter {
  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*)?");

  @Override
  @SuppressWarnings("deprecation") // the formatted text is what a handler would write
  public boolean isLoggable(LogRecord record) {
    String message =
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    if (message != null && message.contains("eyJ")) {
      String redacted = JWT.matcher(message).replaceAll("<token redacted>");
      if (record instanceof ExtLogRecord ext) {
        ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
      } else {
        record.setMessage(redacted);
      }
      record.setParameters(null);
    }
    return true;
  }
}
