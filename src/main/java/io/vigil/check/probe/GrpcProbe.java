package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * vigil_GRPC_CHECK: one {@code grpc.health.v1.Health/Check} call over plaintext HTTP/2 with prior knowledge (h2c)
 * or, with {@code tls}, over TLS negotiating h2 by ALPN,
 * the whole call (connect, request, answer) within connect_timeout, which is also sent as the call's grpc-timeout.
 * Up only on grpc-status OK with SERVING. The protocol is in {@link GrpcHealth} (pure); this moves the bytes.
 */
public final class GrpcProbe implements Probe {
    private final CheckerSettings.Grpc settings;
    private final InetSocketAddress target;
    private final String where;
    private final byte[] request;

    GrpcProbe(CheckerSettings.Grpc settings, RealServerKey rs) {
        this.settings = settings;
        this.target = settings.connect().target(rs);
        String host = target.getAddress() instanceof java.net.Inet6Address ? "[" + target.getAddress().getHostAddress() + "]"
                : target.getAddress().getHostAddress();
        this.where = "gRPC health check of " + target + (settings.service().isEmpty() ? "" : " service " + settings.service());
        this.request = GrpcHealth.request(settings.service(), host + ":" + target.getPort(), settings.tls(), settings.connect().connectTimeoutMillis());
    }

    @Override
    public ProbeResult check() {
        long timeoutMillis = settings.connect().connectTimeoutMillis();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try (Socket s = open(deadline)) {
            if (s instanceof SSLSocket t && !"h2".equals(t.getApplicationProtocol()))
                return new ProbeResult.Down(where + " failed: the server did not choose h2 by ALPN");
            OutputStream out = s.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            out.write(request);
            out.flush();
            GrpcHealth.Exchange call = new GrpcHealth.Exchange();
            while (call.outcome() == null) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) throw new SocketTimeoutException();
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                for (GrpcHealth.Frame reply : call.onFrame(GrpcHealth.Frame.read(in))) out.write(reply.encode());
                out.flush();
            }
            return verdict(call.outcome());
        } catch (SocketTimeoutException e) {
            return new ProbeResult.Down(where + " failed: no answer within the deadline of " + timeoutMillis + " ms");
        } catch (IllegalArgumentException e) {
            return new ProbeResult.Down(where + " failed: malformed answer: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new ProbeResult.Down(where + " failed: " + Sockets.describe(e, settings.connect()));
        }
    }

    /** Connects; with tls, shakes hands offering h2 by ALPN, both before {@code deadline} (System.nanoTime). */
    private Socket open(long deadline) throws IOException {
        Socket plain = Sockets.connect(settings.connect(), target);
        if (!settings.tls()) return plain;
        try {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new SocketTimeoutException();
            plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            SSLSocket t = (SSLSocket) HttpFetcher.trustAll().getSocketFactory()
                    .createSocket(plain, target.getAddress().getHostAddress(), target.getPort(), true);
            SSLParameters p = t.getSSLParameters();
            p.setApplicationProtocols(new String[]{"h2"});
            t.setSSLParameters(p);
            t.startHandshake();
            return t;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private ProbeResult verdict(GrpcHealth.Outcome o) {
        return switch (o) {
            case GrpcHealth.Outcome.Refused r -> new ProbeResult.Down(where + " failed: " + r.why());
            case GrpcHealth.Outcome.Answered a when a.httpStatus() != null && a.httpStatus() != 200 ->
                    new ProbeResult.Down(where + " failed: HTTP status " + a.httpStatus());
            case GrpcHealth.Outcome.Answered a when a.grpcStatus() == null ->
                    new ProbeResult.Down(where + " failed: the answer has no grpc-status");
            case GrpcHealth.Outcome.Answered a when a.grpcStatus() != 0 ->
                    new ProbeResult.Down(where + " failed: " + GrpcHealth.grpcCodeName(a.grpcStatus())
                            + (a.grpcMessage() == null || a.grpcMessage().isEmpty() ? "" : " (" + a.grpcMessage() + ")"));
            case GrpcHealth.Outcome.Answered a when a.servingStatus() == null ->
                    new ProbeResult.Down(where + " failed: OK without a HealthCheckResponse");
            case GrpcHealth.Outcome.Answered a when a.servingStatus() != GrpcHealth.SERVING ->
                    new ProbeResult.Down(where + " failed: " + GrpcHealth.statusName(a.servingStatus()));
            case GrpcHealth.Outcome.Answered a -> new ProbeResult.Up(where + " success: SERVING");
        };
    }
}
