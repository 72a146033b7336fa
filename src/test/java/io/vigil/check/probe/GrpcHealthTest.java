package io.vigil.check.probe;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure parts of vigil_GRPC_CHECK: HTTP/2 frames, HPACK, the gRPC length prefix and the health protobuf, as bytes. */
class GrpcHealthTest {
    static final HexFormat HEX = HexFormat.of();

    @Test
    void healthCheckRequestIsField1LengthDelimitedAndEmptyForTheWholeServer() {
        assertThat(HEX.formatHex(GrpcHealth.healthCheckRequest("ok"))).isEqualTo("0a026f6b");
        assertThat(GrpcHealth.healthCheckRequest("")).isEmpty();
        assertThat(HEX.formatHex(GrpcHealth.message(GrpcHealth.healthCheckRequest("ok")))).isEqualTo("00000000040a026f6b");
    }

    @Test
    void servingStatusIsField1VarintSkippingOtherFieldsAndAbsentMeansUnknown() {
        assertThat(GrpcHealth.servingStatus(HEX.parseHex("0801"))).isEqualTo(GrpcHealth.SERVING);
        assertThat(GrpcHealth.servingStatus(HEX.parseHex("0802"))).isEqualTo(GrpcHealth.NOT_SERVING);
        assertThat(GrpcHealth.servingStatus(new byte[0])).isEqualTo(GrpcHealth.UNKNOWN);
        // an unknown field 2 (string "x") before the status
        assertThat(GrpcHealth.servingStatus(HEX.parseHex("1201780801"))).isEqualTo(GrpcHealth.SERVING);
        assertThatThrownBy(() -> GrpcHealth.servingStatus(HEX.parseHex("08"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void frameHeaderIsLengthTypeFlagsAndStreamAndReadsBack() throws Exception {
        GrpcHealth.Frame f = new GrpcHealth.Frame(GrpcHealth.DATA, GrpcHealth.END_STREAM, 1, HEX.parseHex("0a0b"));
        assertThat(HEX.formatHex(f.encode())).isEqualTo("000002" + "00" + "01" + "00000001" + "0a0b");
        GrpcHealth.Frame back = GrpcHealth.Frame.read(new ByteArrayInputStream(f.encode()));
        assertThat(back.type()).isZero();
        assertThat(back.flags()).isEqualTo(1);
        assertThat(back.streamId()).isEqualTo(1);
        assertThat(back.payload()).containsExactly(0x0a, 0x0b);
        assertThatThrownBy(() -> GrpcHealth.Frame.read(new ByteArrayInputStream(HEX.parseHex("0000020001")))).isInstanceOf(java.io.EOFException.class);
    }

    @Test
    void requestIsPrefaceSettingsHeadersAndDataOnStream1() throws Exception {
        byte[] r = GrpcHealth.request("ok", "127.0.0.1:50051", false, 1000);
        assertThat(new String(r, 0, 24, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        var in = new ByteArrayInputStream(r, 24, r.length - 24);
        GrpcHealth.Frame settings = GrpcHealth.Frame.read(in), headers = GrpcHealth.Frame.read(in), data = GrpcHealth.Frame.read(in);
        assertThat(in.available()).isZero();
        assertThat(settings.type()).isEqualTo(GrpcHealth.SETTINGS);
        assertThat(HEX.formatHex(settings.payload())).as("SETTINGS_ENABLE_PUSH 0").isEqualTo("000200000000");
        assertThat(headers.type()).isEqualTo(GrpcHealth.HEADERS);
        assertThat(headers.flags()).isEqualTo(GrpcHealth.END_HEADERS);
        assertThat(headers.streamId()).isEqualTo(1);
        // 0x83 :method POST, 0x86 :scheme http, 0x04 :path literal (indexed name, no indexing, no Huffman)
        assertThat(HEX.formatHex(headers.payload())).startsWith("8386" + "04" + "1c" + HEX.formatHex("/grpc.health.v1.Health/Check".getBytes()));
        assertThat(new Hpack().decode(headers.payload())).containsExactly(
                new Hpack.Field(":method", "POST"), new Hpack.Field(":scheme", "http"),
                new Hpack.Field(":path", "/grpc.health.v1.Health/Check"), new Hpack.Field(":authority", "127.0.0.1:50051"),
                new Hpack.Field("content-type", "application/grpc"), new Hpack.Field("te", "trailers"),
                new Hpack.Field("grpc-timeout", "1000m"));
        assertThat(data.flags()).isEqualTo(GrpcHealth.END_STREAM);
        assertThat(HEX.formatHex(data.payload())).isEqualTo("00000000040a026f6b");
    }

    @Test
    void hpackDecodesRfc7541HuffmanExamplesAndTheDynamicTable() {
        // RFC 7541 C.4.1 (first request, Huffman): :method GET, :scheme http, :path /, :authority www.example.com (indexed)
        Hpack h = new Hpack();
        assertThat(h.decode(HEX.parseHex("828684418cf1e3c2e5f23a6ba0ab90f4ff"))).containsExactly(
                new Hpack.Field(":method", "GET"), new Hpack.Field(":scheme", "http"), new Hpack.Field(":path", "/"),
                new Hpack.Field(":authority", "www.example.com"));
        // C.4.2: the next request refers to the dynamic table entry 62 and adds cache-control: no-cache
        assertThat(h.decode(HEX.parseHex("828684be5886a8eb10649cbf"))).containsExactly(
                new Hpack.Field(":method", "GET"), new Hpack.Field(":scheme", "http"), new Hpack.Field(":path", "/"),
                new Hpack.Field(":authority", "www.example.com"), new Hpack.Field("cache-control", "no-cache"));
        assertThatThrownBy(() -> new Hpack().decode(HEX.parseHex("be"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hpackIntegersUseThePrefixThenSevenBitGroups() {
        // RFC 7541 C.1.2: 1337 with a 5-bit prefix
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Hpack.integer(out, 0, 5, 1337);
        assertThat(HEX.formatHex(out.toByteArray())).isEqualTo("1f9a0a");
        assertThat(Hpack.integer(out.toByteArray(), new int[]{0}, 5)).isEqualTo(1337);
    }

    @Test
    void exchangeAcksSettingsAndPingAndReadsHeadersDataAndTrailers() {
        GrpcHealth.Exchange x = new GrpcHealth.Exchange();
        List<GrpcHealth.Frame> r = x.onFrame(new GrpcHealth.Frame(GrpcHealth.SETTINGS, 0, 0, HEX.parseHex("000300000064")));
        assertThat(r).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(GrpcHealth.SETTINGS);
            assertThat(f.flags()).isEqualTo(GrpcHealth.ACK);
        });
        assertThat(x.onFrame(new GrpcHealth.Frame(GrpcHealth.PING, 0, 0, HEX.parseHex("0102030405060708"))))
                .singleElement().satisfies(f -> assertThat(f.payload()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8));
        // :status 200 (static 8), then a DATA with SERVING, then trailers grpc-status 0 (literal with incremental indexing)
        x.onFrame(new GrpcHealth.Frame(GrpcHealth.HEADERS, GrpcHealth.END_HEADERS, 1, HEX.parseHex("88")));
        x.onFrame(new GrpcHealth.Frame(GrpcHealth.DATA, 0, 1, GrpcHealth.message(HEX.parseHex("0801"))));
        assertThat(x.outcome()).isNull();
        ByteArrayOutputStream trailer = new ByteArrayOutputStream();
        trailer.write(0x40);
        trailer.write(11);
        trailer.writeBytes("grpc-status".getBytes());
        trailer.write(1);
        trailer.write('0');
        x.onFrame(new GrpcHealth.Frame(GrpcHealth.HEADERS, GrpcHealth.END_HEADERS | GrpcHealth.END_STREAM, 1, trailer.toByteArray()));
        assertThat(x.outcome()).isEqualTo(new GrpcHealth.Outcome.Answered(200, 0, null, GrpcHealth.SERVING));
    }

    @Test
    void trailersOnlyAnswerAndResetAreOutcomesAndAnInterruptedHeaderBlockIsAnError() {
        GrpcHealth.Exchange x = new GrpcHealth.Exchange();
        // HEADERS without END_HEADERS, then CONTINUATION: :status 200 + grpc-status 5 (literal without indexing, new name)
        x.onFrame(new GrpcHealth.Frame(GrpcHealth.HEADERS, GrpcHealth.END_STREAM, 1, HEX.parseHex("88")));
        x.onFrame(new GrpcHealth.Frame(GrpcHealth.CONTINUATION, GrpcHealth.END_HEADERS, 1, HEX.parseHex("000b" + HEX.formatHex("grpc-status".getBytes()) + "0135")));
        assertThat(x.outcome()).isEqualTo(new GrpcHealth.Outcome.Answered(200, 5, null, null));

        GrpcHealth.Exchange reset = new GrpcHealth.Exchange();
        reset.onFrame(new GrpcHealth.Frame(GrpcHealth.RST_STREAM, 0, 1, HEX.parseHex("00000008")));
        assertThat(reset.outcome()).isEqualTo(new GrpcHealth.Outcome.Refused("the server reset the stream (error 8)"));

        GrpcHealth.Exchange broken = new GrpcHealth.Exchange();
        broken.onFrame(new GrpcHealth.Frame(GrpcHealth.HEADERS, 0, 1, HEX.parseHex("88")));
        assertThatThrownBy(() -> broken.onFrame(new GrpcHealth.Frame(GrpcHealth.DATA, 0, 1, new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
