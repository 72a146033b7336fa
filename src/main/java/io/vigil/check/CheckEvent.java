package io.vigil.check;

/**
 * What the checkers tell the one place that owns the pools ({@link CheckCoordinator}). Checker ids are the
 * index of the checker in {@link RealServerSettings#checkers()}.
 */
public sealed interface CheckEvent {
    VirtualServerKey vs();

    /**
     * A checker's verdict changed, or it reported for the first time ({@code firstReport}, maybe unchanged).
     */
    record CheckerChanged(VirtualServerKey vs, RealServerKey rs, int checkerId, boolean up, String reason,
                          boolean firstReport) implements CheckEvent {}

    /** A checker asks for a new weight for its real server (misc_dynamic, FILE_CHECK). */
    record WeightChanged(VirtualServerKey vs, RealServerKey rs, int checkerId, int weight, String reason) implements CheckEvent {}
}
