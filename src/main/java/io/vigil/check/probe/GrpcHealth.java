package io.vigil.check.probe;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One unary call of {@code grpc.health.v1.Health/Check} over HTTP/2 (RFC 9113) with prior knowledge: the bytes
 * the client sends, the frames it reads, and what they mean. Pure (no sockets): {@link GrpcProbe} moves the bytes.
 * Just enough HTTP/2 for one stream: SETTINGS and PING are acknowledged, flow control is not needed (one small
 * request, one small answer), GOAWAY and RST_STREAM end the call.
 */
final class GrpcHealth {
    private GrpcHealth() {}

    static final String PATH = "/grpc.health.v1.Health/Check";
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, CONTINUATION = 9;
    static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY = 0x20;
    /** grpc.health.v1.HealthCheckResponse.ServingStatus. */
    static final int UNKNOWN = 0, SERVING = 1, NOT_SERVING = 2, SERVICE_UNKNOWN = 3;
    private static final int MAX_FRAME = 16_384;

    /** An HTTP/2 frame. */
    record Frame(int type, int flags, int streamId, byte[] payload) {
        byte[] encode() {
            byte[] b = new byte[9 + payload.length];
            b[0] = (byte) (payload.length >>> 16);
            b[1] = (byte) (payload.length >>> 8);
            b[2] = (byte) payload.length;
            b[3] = (byte) type;
            b[4] = (byte) flags;
            b[5] = (byte) (streamId >>> 24 & 0x7f);
            b[6] = (byte) (streamId >>> 16);
            b[7] = (byte) (streamId >>> 8);
            b[8] = (byte) streamId;
            System.arraycopy(payload, 0, b, 9, payload.length);
            return b;
        }

        /** Reads one frame; a frame longer than the default SETTINGS_MAX_FRAME_SIZE is a protocol error. */
        static Frame read(InputStream in) throws IOException {
            byte[] h = in.readNBytes(9);
            if (h.length < 9) throw new EOFException("connection closed by the server");
            int length = (h[0] & 0xff) << 16 | (h[1] & 0xff) << 8 | (h[2] & 0xff);
            if (length > MAX_FRAME) throw new IOException("HTTP/2 frame of " + length + " bytes, above the maximum frame size");
            int stream = (h[5] & 0x7f) << 24 | (h[6] & 0xff) << 16 | (h[7] & 0xff) << 8 | (h[8] & 0xff);
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) throw new EOFException("connection closed by the server");
            return new Frame(h[3] & 0xff, h[4] & 0xff, stream, payload);
        }
    }

    /** Everything the client sends, in one write: preface, SETTINGS (no server push), the request's HEADERS and DATA (stream 1). */
    static byte[] request(String service, String authority, boolean tls, long timeoutMillis) {
        ByteArrayOutputStream hb = new ByteArrayOutputStream();
        Hpack.indexed(hb, 3);                   // :method POST
        Hpack.indexed(hb, tls ? 7 : 6);         // :scheme https / http
        Hpack.literal(hb, 4, null, PATH);        // :path
        Hpack.literal(hb, 1, null, authority);   // :authority
        Hpack.literal(hb, 31, null, "application/grpc"); // content-type
        Hpack.literal(hb, 0, "te", "trailers");
        Hpack.literal(hb, 0, "grpc-timeout", Math.max(1, timeoutMillis) + "m");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PREFACE);
        out.writeBytes(new Frame(SETTINGS, 0, 0, new byte[]{0, 2, 0, 0, 0, 0}).encode()); // SETTINGS_ENABLE_PUSH 0
        out.writeBytes(new Frame(HEADERS, END_HEADERS, 1, hb.toByteArray()).encode());
        out.writeBytes(new Frame(DATA, END_STREAM, 1, message(healthCheckRequest(service))).encode());
        return out.toByteArray();
    }

    /** HealthCheckRequest { string service = 1; } in protobuf; the empty name (the whole server) is the empty message. */
    static byte[] healthCheckRequest(String service) {
        byte[] s = service.getBytes(StandardCharsets.UTF_8);
        if (s.length == 0) return new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x0a); // field 1, length-delimited
        varint(out, s.length);
        out.writeBytes(s);
        return out.toByteArray();
    }

    /** A gRPC length-prefixed message: not compressed, 4-byte big-endian length. */
    static byte[] message(byte[] protobuf) {
        byte[] b = new byte[5 + protobuf.length];
        b[1] = (byte) (protobuf.length >>> 24);
        b[2] = (byte) (protobuf.length >>> 16);
        b[3] = (byte) (protobuf.length >>> 8);
        b[4] = (byte) protobuf.length;
        System.arraycopy(protobuf, 0, b, 5, protobuf.length);
        return b;
    }

    /** HealthCheckResponse.status (field 1, varint; absent means UNKNOWN); other fields are skipped. */
    static int servingStatus(byte[] pb) {
        int[] pos = {0};
        int status = UNKNOWN;
        while (pos[0] < pb.length) {
            long tag = varint(pb, pos);
            int wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> {
                    long v = varint(pb, pos);
                    if (tag >>> 3 == 1) status = (int) v;
                }
                case 1 -> pos[0] += 8;
                case 2 -> {
                    long length = varint(pb, pos); // read first: pos[0] += varint(...) would add to the old position
                    pos[0] = (int) Math.min(Integer.MAX_VALUE, pos[0] + length);
                }
                case 5 -> pos[0] += 4;
                default -> throw new IllegalArgumentException("protobuf wire type " + wire + " not expected");
            }
            if (pos[0] > pb.length) throw new IllegalArgumentException("protobuf message truncated");
        }
        return status;
    }

    static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) throw new IllegalArgumentException("protobuf varint truncated");
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) return v;
        }
        throw new IllegalArgumentException("protobuf varint too long");
    }

    /** What the call came to. */
    sealed interface Outcome {
        /** The stream ended: {@code grpcStatus} from the trailers (null if none), the serving status if a message came. */
        record Answered(Integer httpStatus, Integer grpcStatus, String grpcMessage, Integer servingStatus) implements Outcome {}

        /** The server ended the call without an answer (RST_STREAM, GOAWAY). */
        record Refused(String why) implements Outcome {}
    }

    /** The client's side of the exchange: feed it the server's frames, send back what it returns. */
    static final class Exchange {
        private final Hpack hpack = new Hpack();
        private final ByteArrayOutputStream headerBlock = new ByteArrayOutputStream();
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private boolean blockEndsStream;
        private boolean inBlock;
        private Integer httpStatus, grpcStatus, servingStatus;
        private String grpcMessage;
        private Outcome outcome;

        /** The outcome once the stream has ended, else null. */
        Outcome outcome() {
            return outcome;
        }

        /** Takes one frame from the server; returns the frames to send back. Throws IllegalArgumentException on a protocol error. */
        List<Frame> onFrame(Frame f) {
            List<Frame> reply = new ArrayList<>();
            if (inBlock && f.type() != CONTINUATION) throw new IllegalArgumentException("HTTP/2 header block interrupted by a frame of type " + f.type());
            switch (f.type()) {
                case SETTINGS -> {
                    if ((f.flags() & ACK) == 0) reply.add(new Frame(SETTINGS, ACK, 0, new byte[0]));
                }
                case PING -> {
                    if ((f.flags() & ACK) == 0) reply.add(new Frame(PING, ACK, 0, f.payload()));
                }
                case GOAWAY -> outcome = new Outcome.Refused("the server sent GOAWAY (error " + u32(f.payload(), 4) + ")");
                case RST_STREAM -> {
                    if (f.streamId() == 1) outcome = new Outcome.Refused("the server reset the stream (error " + u32(f.payload(), 0) + ")");
                }
                case HEADERS -> {
                    if (f.streamId() != 1) break;
                    byte[] p = unpad(f);
                    int skip = (f.flags() & PRIORITY) != 0 ? 5 : 0;
                    if (skip > p.length) throw new IllegalArgumentException("HTTP/2 HEADERS frame too short");
                    headerBlock.reset();
                    headerBlock.write(p, skip, p.length - skip);
                    blockEndsStream = (f.flags() & END_STREAM) != 0;
                    inBlock = (f.flags() & END_HEADERS) == 0;
                    if (!inBlock) endOfBlock();
                }
                case CONTINUATION -> {
                    if (!inBlock || f.streamId() != 1) throw new IllegalArgumentException("HTTP/2 CONTINUATION without HEADERS");
                    headerBlock.writeBytes(f.payload());
                    inBlock = (f.flags() & END_HEADERS) == 0;
                    if (!inBlock) endOfBlock();
                }
                case DATA -> {
                    if (f.streamId() != 1) break;
                    data.writeBytes(unpad(f));
                    if ((f.flags() & END_STREAM) != 0) finish();
                }
                default -> { } // WINDOW_UPDATE, PRIORITY, unknown types: nothing to do for one small call
            }
            return reply;
        }

        private void endOfBlock() {
            for (Hpack.Field h : hpack.decode(headerBlock.toByteArray())) {
                switch (h.name()) {
                    case ":status" -> httpStatus = parseInt(h.value());
                    case "grpc-status" -> grpcStatus = parseInt(h.value());
                    case "grpc-message" -> grpcMessage = h.value();
                    default -> { }
                }
            }
            if (blockEndsStream) finish();
        }

        private void finish() {
            byte[] d = data.toByteArray();
            if (d.length >= 5) {
                if (d[0] != 0) throw new IllegalArgumentException("compressed gRPC message (not requested)");
                int len = (int) u32(d, 1);
                if (len < 0 || 5 + len > d.length) throw new IllegalArgumentException("gRPC message truncated");
                servingStatus = servingStatus(java.util.Arrays.copyOfRange(d, 5, 5 + len));
            } else if (d.length > 0) {
                throw new IllegalArgumentException("gRPC message truncated");
            }
            outcome = new Outcome.Answered(httpStatus, grpcStatus, grpcMessage, servingStatus);
        }

        private static Integer parseInt(String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number in a status header: " + s);
            }
        }

        private static byte[] unpad(Frame f) {
            byte[] p = f.payload();
            if ((f.flags() & PADDED) == 0) return p;
            if (p.length < 1 || (p[0] & 0xff) >= p.length) throw new IllegalArgumentException("HTTP/2 padding longer than the frame");
            return java.util.Arrays.copyOfRange(p, 1, p.length - (p[0] & 0xff));
        }

        private static long u32(byte[] b, int at) {
            if (b.length < at + 4) return -1;
            return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
        }
    }

    /** grpc.health.v1 ServingStatus in words. */
    static String statusName(int s) {
        return switch (s) {
            case UNKNOWN -> "UNKNOWN";
            case SERVING -> "SERVING";
            case NOT_SERVING -> "NOT_SERVING";
            case SERVICE_UNKNOWN -> "SERVICE_UNKNOWN";
            default -> "status " + s;
        };
    }

    /** gRPC status codes in words (the ones a health check meets; others by number). */
    static String grpcCodeName(int c) {
        return switch (c) {
            case 0 -> "OK";
            case 1 -> "CANCELLED";
            case 2 -> "UNKNOWN";
            case 4 -> "DEADLINE_EXCEEDED";
            case 5 -> "NOT_FOUND";
            case 7 -> "PERMISSION_DENIED";
            case 12 -> "UNIMPLEMENTED";
            case 13 -> "INTERNAL";
            case 14 -> "UNAVAILABLE";
            case 16 -> "UNAUTHENTICATED";
            default -> "code " + c;
        };
    }
}
