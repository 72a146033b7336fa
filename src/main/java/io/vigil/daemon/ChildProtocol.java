package io.vigil.daemon;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The line protocol between the parent and a child, over the child's stdin (parent to child) and stdout (child to
 * parent). The child logs on stderr, which the parent passes through. One command or reply per line:
 *
 * <pre>
 * parent -> child                     child -> parent
 *   PING n                              PONG n            heartbeat answer
 *   RELOAD id                           READY             subsystem started
 *   STATUS id                           STATE inst state  a VRRP instance changed state (kept across restarts)
 *   DUMP id data|stats                  REPLY id b64      answer to RELOAD/STATUS/DUMP (base64 of UTF-8 text)
 *   STOP                                ERROR id b64      a command failed
 *   APPLY b64                           DESIRED b64       the checker child's desired data-plane state, which the
 *                                                         parent keeps and relays to the proxy child as APPLY
 *                                      EVENT type fields  an observation for the parent's cluster picture
 *                                                         (io.vigil.observe.EventLine; never answered)
 *                                       ADVERT inst ms    the VRRP child's latest advert for an instance (epoch ms,
 *                                                         coalesced); the parent passes the last one to a restarted
 *                                                         child as --last-advert=inst@ms
 *   VRRP_STATE inst state                                 to the checker child: a STATE the VRRP child reported
 *                                                         (for lvs_sync_daemon); the states known when a checker
 *                                                         child starts come as its INSTANCE=STATE arguments
 *                                       BFD name up|down  the VRRP child's BFD session (one whose events go to the
 *                                                         checkers) is up or not: at BFD start and reload, and on
 *                                                         each change keepalived reports
 *   BFD_STATE name up|down                                to the checker child: a BFD line (BFD_CHECK); the states
 *                                                         known when a checker child starts come as its
 *                                                         --bfd-state=NAME=up|down arguments
 *   STARTUP_DONE                                          startup_script has ended: a VRRP or checker child
 *                                                         whose configuration has one starts its subsystem only now
 *   PROXY_STATS b64                     PROXY_STATS b64   the proxy child's counters (each second), which the parent
 *                                                         relays to the checker child: it reports them as its plane's
 * </pre>
 * EOF on the child's stdin means the parent is gone: the child stops gracefully.
 */
public final class ChildProtocol {
    private ChildProtocol() {}

    public static final String PING = "PING", PONG = "PONG", RELOAD = "RELOAD", STATUS = "STATUS", DUMP = "DUMP",
            STOP = "STOP", READY = "READY", STATE = "STATE", REPLY = "REPLY", ERROR = "ERROR", DESIRED = "DESIRED",
            APPLY = "APPLY", VRRP_STATE = "VRRP_STATE", EVENT = "EVENT", ADVERT = "ADVERT",
            STARTUP_DONE = "STARTUP_DONE", PROXY_STATS = "PROXY_STATS", BFD = "BFD", BFD_STATE = "BFD_STATE";
    /** Prefix of a checker child's argument giving a BFD session's state known at its start: {@code --bfd-state=NAME=up}. */
    public static final String BFD_STATE_ARGUMENT = "--bfd-state=";

    /** Argument of a checker child started without a VRRP child ({@code -C}): it runs the BFD sessions itself. */
    public static final String RUNS_BFD_ARGUMENT = "--runs-bfd";

    /** "up" or "down", as BFD and BFD_STATE lines carry a session's state. */
    public static String bfdWord(boolean up) {
        return up ? "up" : "down";
    }
    /** Argument of a child started after the startup script ended (or with none): it need not wait for STARTUP_DONE. */
    public static final String STARTUP_DONE_ARGUMENT = "--startup-done";

    public static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
