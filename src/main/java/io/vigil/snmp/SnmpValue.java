package io.vigil.snmp;

import java.nio.charset.StandardCharsets;

/** A variable binding's value with its SMI type (the AgentX type codes of RFC 2741 section 5.4). */
public sealed interface SnmpValue {
    /** The AgentX varbind type code. */
    int type();

    record Int(int value) implements SnmpValue {
        public int type() { return 2; }
    }

    record OctetString(byte[] value) implements SnmpValue {
        public OctetString {
            value = value.clone();
        }

        public static OctetString of(String text) {
            return new OctetString(text.getBytes(StandardCharsets.UTF_8));
        }

        public int type() { return 4; }

        @Override
        public boolean equals(Object o) {
            return o instanceof OctetString other && java.util.Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "OctetString" + java.util.HexFormat.ofDelimiter(" ").formatHex(value);
        }
    }

    record Null() implements SnmpValue {
        public int type() { return 5; }
    }

    record ObjectId(Oid value) implements SnmpValue {
        public int type() { return 6; }
    }

    /** IpAddress: 4 bytes (carried as an octet string of length 4). */
    record IpAddress(byte[] value) implements SnmpValue {
        public IpAddress {
            if (value.length != 4) throw new IllegalArgumentException("IpAddress needs 4 bytes");
            value = value.clone();
        }

        public int type() { return 64; }

        @Override
        public boolean equals(Object o) {
            return o instanceof IpAddress other && java.util.Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }
    }

    /** Counter32 (65), Gauge32 (66) and TimeTicks (67): unsigned 32-bit values. */
    record Unsigned32(int type, long value) implements SnmpValue {
        public Unsigned32 {
            if (type < 65 || type > 67) throw new IllegalArgumentException("not an unsigned 32-bit type: " + type);
        }
    }

    static Unsigned32 counter32(long v) { return new Unsigned32(65, v & 0xFFFFFFFFL); }
    static Unsigned32 gauge32(long v) { return new Unsigned32(66, v & 0xFFFFFFFFL); }
    static Unsigned32 timeTicks(long v) { return new Unsigned32(67, v & 0xFFFFFFFFL); }

    record Counter64(long value) implements SnmpValue {
        public int type() { return 70; }
    }

    /** noSuchObject (128), noSuchInstance (129), endOfMibView (130): exceptions in a response. */
    record Exception(int type) implements SnmpValue {
        public Exception {
            if (type < 128 || type > 130) throw new IllegalArgumentException("not an exception type: " + type);
        }
    }

    Exception NO_SUCH_OBJECT = new Exception(128);
    Exception NO_SUCH_INSTANCE = new Exception(129);
    Exception END_OF_MIB_VIEW = new Exception(130);
}
