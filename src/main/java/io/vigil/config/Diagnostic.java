package io.vigil.config;

/**
 * One finding about a configuration: where, how bad, what, and the offending text.
 *
 * @param offending the text at {@code pos} that caused it (may be empty)
 * @param hint      a suggestion such as "did you mean 'priority'?" (may be empty)
 */
public record Diagnostic(Severity severity, SourcePos pos, String message, String offending, String hint) {

    /** NOTE: information that needs no action (a keyword that does not apply to Vigil). */
    public enum Severity { ERROR, WARNING, NOTE }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: error: message: 'text' (hint)} — the form -t prints. */
    public String format() {
        StringBuilder sb = new StringBuilder().append(pos).append(": ")
                .append(severity.name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(message);
        if (!offending.isEmpty()) {
            sb.append(": '").append(offending).append('\'');
        }
        if (!hint.isEmpty()) {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
