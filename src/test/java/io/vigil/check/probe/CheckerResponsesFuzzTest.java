package io.vigil.check.probe;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vigil.check.ProbeResult;
import org.xbill.DNS.Message;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of what the checkers read from real servers: an HTTP response (HTTP_GET/SSL_GET),
 * an SMTP reply (SMTP_CHECK), a DNS answer (DNS_CHECK). Anything a server sends ends in a response, a verdict or an
 * {@link IOException} (which the probe turns into "down" with one sentence), never another exception. The DNS answer
 * is judged by its header alone, as keepalived does (the finding below: dnsjava refuses a whole answer for a record
 * with a TTL above 2^31 - 1, which marked a working server down).
 * {@code mvn test} runs the seeds in {@code CheckerResponsesFuzzTestInputs/}; {@code bench/fuzz.sh} fuzzes.
 */
class CheckerResponsesFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void httpResponsesParseOrFailWithIOException(byte[] wire) {
        try {
            HttpFetcher.Response r = HttpFetcher.read(new ByteArrayInputStream(wire), true);
            assertThat(r.statusLine()).startsWith("HTTP/");
            assertThat(r.bodyBytes()).isNotNegative().isLessThanOrEqualTo(wire.length);
            assertThat(r.md5Hex()).hasSize(32);
        } catch (IOException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void smtpRepliesPassOrFailWithIOException(byte[] wire) {
        BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(wire), StandardCharsets.ISO_8859_1));
        try {
            SmtpProbe.expect(in, 220, "greeting");
            SmtpProbe.expect(in, 250, "HELO");
        } catch (IOException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void dnsAnswersGiveAVerdictOrFailWithIOException(byte[] wire) {
        // The probe judges the header of the answer to its query (id 0x3b35 here: the seeds' id) and nothing else.
        int id = 0x3b35;
        ProbeResult r = DnsProbe.verdict("DNS_CHECK fuzz", id, wire, wire.length);
        boolean ours = wire.length >= DnsProbe.HEADER_BYTES && ((wire[0] & 0xff) << 8 | wire[1] & 0xff) == id && (wire[2] & 0x80) != 0;
        assertThat(r != null).isEqualTo(ours);
        if (r != null) assertThat(r.success()).isEqualTo((wire[3] & 0x0f) == 0);
    }

    /** Writes the seed corpora (run once by hand: the seeds are committed). Argument: the Inputs directory. */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        java.util.Map<String, java.util.List<byte[]>> seeds = new java.util.LinkedHashMap<>();
        seeds.put("httpResponsesParseOrFailWithIOException", java.util.stream.Stream.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n0\r\nTrailer: t\r\n\r\n",
                "HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\nno length, read to the end",
                "HTTP/1.1 301 Moved\r\nLocation: /y\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nshort",
                "HTTP/1.1 2x0 OK\r\n\r\n",
                "SSH-2.0-OpenSSH\r\n\r\n").map(t -> t.getBytes(StandardCharsets.ISO_8859_1)).toList());
        seeds.put("smtpRepliesPassOrFailWithIOException", java.util.stream.Stream.of(
                "220 mail.example ESMTP\r\n250 hello\r\n",
                "220-first\r\n220-second\r\n220 last\r\n250-a\r\n250 b\r\n",
                "554 no service\r\n",
                "220 ok\r\n",
                "22\r\n").map(t -> t.getBytes(StandardCharsets.ISO_8859_1)).toList());
        org.xbill.DNS.Name name = org.xbill.DNS.Name.fromString("www.example.", org.xbill.DNS.Name.root);
        Message q = Message.newQuery(org.xbill.DNS.Record.newRecord(name, org.xbill.DNS.Type.A, org.xbill.DNS.DClass.IN));
        q.getHeader().setID(0x3b35);
        Message ok = new Message(q.getHeader().getID());
        ok.getHeader().setFlag(org.xbill.DNS.Flags.QR);
        ok.addRecord(q.getQuestion(), org.xbill.DNS.Section.QUESTION);
        ok.addRecord(new org.xbill.DNS.ARecord(name, org.xbill.DNS.DClass.IN, 60, java.net.InetAddress.getByName("198.18.0.5")), org.xbill.DNS.Section.ANSWER);
        Message nx = new Message(q.getHeader().getID());
        nx.getHeader().setFlag(org.xbill.DNS.Flags.QR);
        nx.getHeader().setRcode(org.xbill.DNS.Rcode.NXDOMAIN);
        nx.addRecord(q.getQuestion(), org.xbill.DNS.Section.QUESTION);
        seeds.put("dnsAnswersGiveAVerdictOrFailWithIOException", java.util.List.of(ok.toWire(), nx.toWire(), q.toWire()));
        for (var e : seeds.entrySet()) {
            java.nio.file.Path d = dir.resolve(e.getKey());
            java.nio.file.Files.createDirectories(d);
            int n = 0;
            for (byte[] b : e.getValue()) java.nio.file.Files.write(d.resolve(String.format("seed-%02d", n++)), b);
        }
    }
}
