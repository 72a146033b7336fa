package io.vigil.daemon;

/**
 * When to restart a dead child: at once after a crash of a child that had been running a while (so a killed VRRP
 * child is back before the backup's master-down timer), with exponential backoff while it keeps dying young.
 */
public record RestartPolicy(long stableAfterMillis, long firstBackoffMillis, long maxBackoffMillis) {

    public static final RestartPolicy DEFAULT = new RestartPolicy(10_000, 500, 30_000);

    /**
     * @param uptimeMillis  how long the child that just died had run
     * @param youngDeaths   how many deaths in a row, before this one, came earlier than {@code stableAfterMillis}
     * @return delay before the restart, in milliseconds
     */
    public long delayMillis(long uptimeMillis, int youngDeaths) {
        if (uptimeMillis >= stableAfterMillis || youngDeaths == 0) return 0;
        long delay = firstBackoffMillis << Math.min(youngDeaths - 1, 20);
        return Math.min(delay, maxBackoffMillis);
    }
}
