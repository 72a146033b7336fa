package io.vigil.config;

/** Declares, in groups sharing a reason, the keepalived keywords Vigil refuses or that do not apply to it. */
final class Unsupported {
    private Unsupported() {
    }

    static Keyword<?>[] refused(String reason, String... names) {
        Keyword<?>[] ks = new Keyword<?>[names.length];
        for (int i = 0; i < names.length; i++) {
            ks[i] = Keyword.refused(names[i], reason);
        }
        return ks;
    }

    static Keyword<?>[] notApplicable(String reason, String... names) {
        Keyword<?>[] ks = new Keyword<?>[names.length];
        for (int i = 0; i < names.length; i++) {
            ks[i] = Keyword.notApplicable(names[i], reason);
        }
        return ks;
    }
}
