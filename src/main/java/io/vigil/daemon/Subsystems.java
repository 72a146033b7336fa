package io.vigil.daemon;

/**
 * Creates the subsystem a child runs. The class can be overridden with the system property
 * {@code vigil.subsystem.vrrp} / {@code vigil.subsystem.checkers} (tests supervise a stand-in).
 */
final class Subsystems {
    private Subsystems() {}

    static Subsystem create(Subsystem.Kind kind) throws ReflectiveOperationException {
        String override = System.getProperty("vigil.subsystem." + kind.flag());
        if (override != null) {
            return (Subsystem) Class.forName(override).getDeclaredConstructor().newInstance();
        }
        return switch (kind) {
            case VRRP -> new VrrpSubsystem();
            case CHECKERS -> new CheckerSubsystem();
            case PROXY -> new ProxySubsystem();
        };
    }
}
