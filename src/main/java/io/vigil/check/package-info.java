/**
 * Health checkers: which real servers of each virtual server may take traffic, with keepalived's semantics.
 *
 * <pre>
 *  CheckerSettings (per kind) ──► probe.Probe (blocking, on its own virtual thread: CheckScheduler)
 *                                      │ ProbeResult (Up / Down(reason) / Weight(n))
 *                                      ▼
 *                                HealthTracker (pure: retry, delay_before_retry, delay_loop, alpha)
 *                                      │ CheckEvent (CheckerChanged / WeightChanged)
 *                                      ▼
 *                CheckCoordinator ─► PoolState per virtual server (pure: alive set, quorum ± hysteresis,
 *                  (one thread)        sorry server, inhibit_on_failure, notify/quorum scripts, smtp_alert)
 *                                      │ DesiredPool (members with weights)
 *                                      ▼
 *                                PoolListener (the data plane; InMemoryPoolListener for tests)
 * </pre>
 * {@link io.vigil.check.CheckerService} wires it together; {@link io.vigil.check.GenHash} is keepalived's genhash.
 * The config reader maps keepalived.conf onto {@link io.vigil.check.VirtualServerSettings},
 * {@link io.vigil.check.RealServerSettings} and {@link io.vigil.check.CheckerSettings}
 * ({@link io.vigil.check.CheckerSettings.Timing#keepalivedDefaults} gives keepalived's per-kind defaults).
 */
package io.vigil.check;
