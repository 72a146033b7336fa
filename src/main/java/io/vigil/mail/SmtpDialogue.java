package io.vigil.mail;

/**
 * keepalived's SMTP exchange as a pure state machine: the server's replies in, the next command out.
 * <pre>
 *  connect ─220─► HELO ─250─► MAIL FROM ─250─► RCPT TO (each recipient) ─250/251─► DATA ─354─► message ─250─► QUIT ─► done
 *  any other reply at any step: QUIT (the reason is kept), then done
 * </pre>
 * Not thread-safe; one per message.
 */
public final class SmtpDialogue {
    enum Step { GREETING, HELO, MAIL, RCPT, DATA, MESSAGE, QUIT, DONE }

    private final String heloName;
    private final MailMessage message;
    private Step step = Step.GREETING;
    private int nextRecipient;
    private boolean delivered;
    private String failure;

    public SmtpDialogue(String heloName, MailMessage message) {
        this.heloName = heloName;
        this.message = message;
    }

    /** Takes the server's reply to what was sent last (first: its greeting); returns what to send next, or null when done. */
    public String onReply(SmtpReply reply) {
        switch (step) {
            case GREETING -> {
                if (!expect(reply, "greeting", 220)) return quit();
                step = Step.HELO;
                return "HELO " + heloName + "\r\n";
            }
            case HELO -> {
                if (!expect(reply, "HELO", 250)) return quit();
                step = Step.MAIL;
                return "MAIL FROM:<" + message.from() + ">\r\n";
            }
            case MAIL -> {
                if (!expect(reply, "MAIL FROM", 250)) return quit();
                step = Step.RCPT;
                return rcpt();
            }
            case RCPT -> {
                // RFC 5321: 251 (user not local; will forward) is a success too.
                if (!expect(reply, "RCPT TO:<" + message.to().get(nextRecipient - 1) + ">", 250, 251)) return quit();
                if (nextRecipient < message.to().size()) return rcpt();
                step = Step.DATA;
                return "DATA\r\n";
            }
            case DATA -> {
                if (!expect(reply, "DATA", 354)) return quit();
                step = Step.MESSAGE;
                return message.data();
            }
            case MESSAGE -> {
                if (!expect(reply, "message", 250)) return quit();
                delivered = true;
                return quit();
            }
            case QUIT, DONE -> {
                step = Step.DONE;
                return null;
            }
        }
        throw new IllegalStateException(step.toString());
    }

    /** The server stopped answering or went away: nothing more to send. */
    public void abort(String reason) {
        if (failure == null && !delivered) failure = reason;
        step = Step.DONE;
    }

    public boolean done() {
        return step == Step.DONE;
    }

    /** True once the server accepted the message (250 after the data), whatever happens at QUIT. */
    public boolean delivered() {
        return delivered;
    }

    /** Why the message was not delivered (null while it may still be, or once it was). */
    public String failure() {
        return failure;
    }

    /** The step waiting for a reply (for the log line of a timeout). */
    public String waitingFor() {
        return switch (step) {
            case GREETING -> "the greeting";
            case HELO -> "the reply to HELO";
            case MAIL -> "the reply to MAIL FROM";
            case RCPT -> "the reply to RCPT TO";
            case DATA -> "the reply to DATA";
            case MESSAGE -> "the reply to the message";
            case QUIT -> "the reply to QUIT";
            case DONE -> "nothing";
        };
    }

    private String rcpt() {
        return "RCPT TO:<" + message.to().get(nextRecipient++) + ">\r\n";
    }

    private String quit() {
        step = Step.QUIT;
        return "QUIT\r\n";
    }

    private boolean expect(SmtpReply reply, String what, int... codes) {
        for (int c : codes) if (reply.is(c)) return true;
        failure = what + " answered " + reply.code() + " " + reply.text();
        return false;
    }
}
