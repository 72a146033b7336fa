/**
 * Health checkers: which real servers of each virtual server may take traffic, with keepalived's semantics.
 *
 * <pre>
 *  CheckerSettings (per kind) ──► probe.Probe (blocking, on its own virtual thread: CheckScheduler)
 *                                   or TcpCheckLoop (every TCP_CHECK: one epoll loop + TimerWheel, one thread)
 *                                      │ ProbeResult (Up / Down(reason) / Weight(n)) ─► CheckerRun
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
 * Checks run on every node whatever its VRRP state, so a BACKUP that takes over already knows which servers are
 * healthy; {@link io.vigil.check.CheckerService#reload} keeps health state across a configuration reload.
 * The config reader maps keepalived.conf onto {@link io.vigil.check.VirtualServerSettings},
 * {@link io.vigil.check.RealServerSettings} and {@link io.vigil.check.CheckerSettings}
 * ({@link io.vigil.check.CheckerSettings.Timing#keepalivedDefaults} gives keepalived's per-kind defaults).
 *
 * <h2>keepalived.conf keywords</h2>
 * <table>
 * <caption>Where each keyword goes</caption>
 * <tr><th>keyword</th><th>field</th></tr>
 * <tr><td>virtual_server delay_loop</td><td>{@code Timing.delayLoopMillis} of each checker (a checker's own delay_loop overrides)</td></tr>
 * <tr><td>retry, nb_get_retry</td><td>{@code Timing.retry}</td></tr>
 * <tr><td>delay_before_retry, warmup</td><td>{@code Timing.delayBeforeRetryMillis}, {@code Timing.warmupMillis}</td></tr>
 * <tr><td>connect_ip, connect_port, bindto, bind_port, connect_timeout, fwmark</td><td>{@code CheckerSettings.Connect}</td></tr>
 * <tr><td>alpha, omega, quorum, hysteresis, quorum_up, quorum_down</td><td>{@code VirtualServerSettings}</td></tr>
 * <tr><td>sorry_server, sorry_server_inhibit, smtp_alert</td><td>{@code VirtualServerSettings}</td></tr>
 * <tr><td>weight, inhibit_on_failure, notify_up, notify_down, smtp_alert</td><td>{@code RealServerSettings}</td></tr>
 * <tr><td>HTTP_GET/SSL_GET url {path, digest, status_code, regex, regex_no_match, virtualhost}</td><td>{@code CheckerSettings.UrlCheck}</td></tr>
 * <tr><td>virtualhost, enable_sni, http_protocol</td><td>{@code CheckerSettings.Http}</td></tr>
 * <tr><td>misc_path (argv), misc_timeout, misc_dynamic, user</td><td>{@code CheckerSettings.Misc}</td></tr>
 * <tr><td>SMTP_CHECK host {...}, helo_name</td><td>{@code CheckerSettings.Smtp}</td></tr>
 * <tr><td>DNS_CHECK type, name</td><td>{@code CheckerSettings.Dns}</td></tr>
 * <tr><td>UDP_CHECK payload, require_reply</td><td>{@code CheckerSettings.Udp}</td></tr>
 * <tr><td>PING_CHECK</td><td>{@code CheckerSettings.Ping}</td></tr>
 * <tr><td>FILE_CHECK track_file (file, weight [reverse])</td><td>{@code CheckerSettings.File}</td></tr>
 * <tr><td>vigil_GRPC_CHECK service (Vigil only)</td><td>{@code CheckerSettings.Grpc}</td></tr>
 * </table>
 */
package io.vigil.check;
