package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** SMTP_CHECK: every host must greet with 220, answer {@code HELO helo_name} with 250, then QUIT. */
public final class SmtpProbe implements Probe {
    private final CheckerSettings.Smtp settings;
    private final RealServerKey rs;

    SmtpProbe(CheckerSettings.Smtp settings, RealServerKey rs) {
        this.settings = settings;
        this.rs = rs;
    }

    @Override
    public ProbeResult check() {
        for (CheckerSettings.Connect host : settings.hosts()) {
            InetSocketAddress target = host.port() == 0 && rs.port() == 0 ? new InetSocketAddress(host.ip() != null ? host.ip() : rs.address(), 25) : host.target(rs);
            try (Socket s = Sockets.connect(host, target)) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                expect(in, 220, "greeting");
                out.write(("HELO " + settings.heloName() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                expect(in, 250, "HELO");
                out.write("QUIT\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SmtpError e) {
                return new ProbeResult.Down("SMTP_CHECK " + target + ": " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                return new ProbeResult.Down("SMTP_CHECK " + target + ": " + Sockets.describe(e, host));
            }
        }
        return new ProbeResult.Up("SMTP_CHECK " + settings.hosts().size() + " host(s) success");
    }

    private static final class SmtpError extends IOException {
        SmtpError(String m) {
            super(m);
        }
    }

    /** Reads a (possibly multi-line) reply and checks its code. */
    static void expect(BufferedReader in, int code, String step) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) throw new SmtpError("connection closed before the " + step + " reply");
        } while (line.length() > 3 && line.charAt(3) == '-');
        int got;
        try {
            got = Integer.parseInt(line.substring(0, Math.min(3, line.length())));
        } catch (NumberFormatException e) {
            throw new SmtpError("bad " + step + " reply: " + line);
        }
        if (got != code) throw new SmtpError(step + " reply " + got + " (expected " + code + "): " + line);
    }
}
