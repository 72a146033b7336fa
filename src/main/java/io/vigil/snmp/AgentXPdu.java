package io.vigil.snmp;

import java.util.List;

/**
 * The AgentX PDUs (RFC 2741) a subagent sends or answers. Every PDU carries the header's session, transaction and
 * packet ids; {@code context} is the non-default context (null for the default one).
 */
public sealed interface AgentXPdu {
    Header header();

    /** The header fields that identify a PDU in its session (type, flags and length live only on the wire). */
    record Header(int sessionId, int transactionId, int packetId) {
        public static Header of(int sessionId, int packetId) {
            return new Header(sessionId, 0, packetId);
        }
    }

    record VarBind(Oid name, SnmpValue value) {}

    /** A search range: from {@code start} (inclusive when {@code include}) up to {@code end} (exclusive; empty: none). */
    record SearchRange(Oid start, boolean include, Oid end) {}

    record Open(Header header, int timeoutSeconds, Oid id, String description) implements AgentXPdu {}

    record Close(Header header, int reason) implements AgentXPdu {
        public static final int REASON_OTHER = 1, REASON_PARSE_ERROR = 2, REASON_PROTOCOL_ERROR = 3, REASON_TIMEOUTS = 4,
                REASON_SHUTDOWN = 5, REASON_BY_MANAGER = 6;
    }

    record Register(Header header, String context, int timeoutSeconds, int priority, Oid subtree) implements AgentXPdu {}

    record Get(Header header, String context, List<SearchRange> ranges) implements AgentXPdu {}

    record GetNext(Header header, String context, List<SearchRange> ranges) implements AgentXPdu {}

    record GetBulk(Header header, String context, int nonRepeaters, int maxRepetitions, List<SearchRange> ranges) implements AgentXPdu {}

    /** TestSet, CommitSet, UndoSet, CleanupSet: this subagent serves read-only objects. */
    record SetPhase(Header header, int type, List<VarBind> varBinds) implements AgentXPdu {}

    record Notify(Header header, String context, List<VarBind> varBinds) implements AgentXPdu {}

    record Ping(Header header, String context) implements AgentXPdu {}

    record Response(Header header, int sysUpTime, int error, int index, List<VarBind> varBinds) implements AgentXPdu {
        public static final int NO_ERROR = 0, GEN_ERR = 5, NOT_WRITABLE = 17, PARSE_ERROR = 266, PROCESSING_ERROR = 268;
    }
}
