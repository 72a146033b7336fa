package io.vigil.netlink;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Coverage-guided fuzzing (Jazzer) of the rtnetlink, generic-netlink control and ctnetlink decoders: any datagram from
 * the kernel decodes or fails with {@link NetlinkException}, never another exception (which would kill the watcher
 * thread). {@code mvn test} runs the seeds in {@code NetlinkDecodersFuzzTestInputs/}; {@code bench/fuzz.sh} fuzzes.
 * {@link DecoderRobustnessTest} holds the decoders and the seed messages.
 */
class NetlinkDecodersFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void kernelDatagramsDecodeOrFailWithNetlinkException(byte[] datagram) {
        List<NetlinkMessage> messages;
        try {
            messages = NetlinkMessage.decodeAll(datagram);
        } catch (NetlinkException expected) {
            return;
        }
        for (NetlinkMessage m : messages) {
            for (Consumer<NetlinkMessage> decoder : DecoderRobustnessTest.DECODERS) {
                try {
                    decoder.accept(m);
                } catch (NetlinkException expected) {
                    // a clean refusal
                }
            }
        }
    }

    /** Writes the seed corpus (run once by hand: the seeds are committed). */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int n = 0;
        for (byte[] seed : DecoderRobustnessTest.seeds()) Files.write(dir.resolve(String.format("seed-%02d", n++)), seed);
    }
}
