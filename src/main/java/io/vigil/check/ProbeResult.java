package io.vigil.check;

/** What one probe of a real server found. */
public sealed interface ProbeResult {
    /** The server passed. */
    record Up(String detail) implements ProbeResult {}

    /** The server failed, with the reason in words an operator can act on. */
    record Down(String reason) implements ProbeResult {}

    /** The server passed and asks for this weight (MISC_CHECK misc_dynamic, FILE_CHECK). */
    record Weight(int weight, String detail) implements ProbeResult {
        public Weight {
            if (weight < 0) throw new IllegalArgumentException("weight < 0");
        }
    }

    default boolean success() {
        return !(this instanceof Down);
    }

    default String describe() {
        return switch (this) {
            case Up u -> u.detail();
            case Down d -> d.reason();
            case Weight w -> w.detail() + " (weight " + w.weight() + ")";
        };
    }
}
