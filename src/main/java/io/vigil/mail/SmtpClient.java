package io.vigil.mail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The socket shell around {@link SmtpDialogue}: one TCP connection per message, the connection and every reply
 * bounded by {@code smtp_connect_timeout}. Blocking: run it off the VRRP and checker threads ({@link AlertMailer}).
 */
public final class SmtpClient implements AlertMailer.Transport {
    /** RFC 5321 4.5.3.1.5: a reply line is at most 512 octets; allow more, but not without end. */
    private static final int MAX_LINE = 4096;

    private final MailSettings settings;

    public SmtpClient(MailSettings settings) {
        this.settings = settings;
    }

    @Override
    public String server() {
        return settings.server();
    }

    /** Delivers {@code message}; throws with a one-sentence reason when the server cannot be reached or refuses it. */
    @Override
    public void send(MailMessage message) throws IOException {
        InetSocketAddress target = new InetSocketAddress(settings.host(), settings.port());
        if (target.isUnresolved()) throw new IOException("cannot resolve " + settings.host());
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeoutMillis());
        SmtpDialogue dialogue = new SmtpDialogue(settings.heloName(), message);
        try (Socket s = new Socket()) {
            try {
                s.connect(target, timeout);
            } catch (SocketTimeoutException e) {
                throw new IOException("no connection within " + settings.timeoutMillis() + " ms");
            } catch (IOException e) {
                throw new IOException("cannot connect: " + e.getMessage());
            }
            s.setSoTimeout(timeout);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            SmtpReply.Reader replies = new SmtpReply.Reader();
            while (!dialogue.done()) {
                SmtpReply reply;
                try {
                    reply = readReply(in, replies);
                } catch (SocketTimeoutException e) {
                    dialogue.abort("no answer within " + settings.timeoutMillis() + " ms waiting for " + dialogue.waitingFor());
                    break;
                } catch (EOFException e) {
                    dialogue.abort("the server closed the connection waiting for " + dialogue.waitingFor());
                    break;
                } catch (IllegalArgumentException e) {
                    dialogue.abort(e.getMessage());
                    break;
                }
                String next = dialogue.onReply(reply);
                if (next != null) {
                    out.write(next.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        }
        if (!dialogue.delivered()) throw new IOException(dialogue.failure());
    }

    private static SmtpReply readReply(InputStream in, SmtpReply.Reader replies) throws IOException {
        while (true) {
            SmtpReply r = replies.line(readLine(in));
            if (r != null) return r;
        }
    }

    /** One line without its CRLF (a bare LF is accepted too). */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new EOFException();
            if (b == '\n') break;
            if (line.size() >= MAX_LINE) throw new IllegalArgumentException("reply line longer than " + MAX_LINE + " bytes");
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
