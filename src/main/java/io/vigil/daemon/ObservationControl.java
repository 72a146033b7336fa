package io.vigil.daemon;

import io.vigil.api.HttpEndpoint;
import io.vigil.net.Json;
import io.vigil.api.StatusDocument;
import io.vigil.config.ConfigLoader;
import io.vigil.config.GlobalDefs;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's views of the {@link ClusterPicture}: the HTTP endpoint as {@code vigil_http} says (started, and
 * restarted when a reload changes it) and the control socket's {@code events} stream.
 */
final class ObservationControl implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObservationControl.class);

    private final ClusterPicture picture;
    private final Path configFile;
    private final LoadOptions options;
    private GlobalDefs.VigilHttp running = GlobalDefs.VigilHttp.OFF;
    private HttpEndpoint endpoint;
    private volatile boolean closed;

    ObservationControl(ClusterPicture picture, Path configFile, LoadOptions options) {
        this.picture = picture;
        this.configFile = configFile;
        this.options = options;
    }

    /** Reads the (validated) configuration: this node's name and the endpoint's settings. */
    synchronized void configure() {
        Optional<KeepalivedConfig> config = ConfigLoader.load(configFile, options).config();
        if (config.isEmpty()) return; // the parent has refused it already
        GlobalDefs g = config.get().globalDefs();
        g.routerId().ifPresent(picture::node);
        GlobalDefs.VigilHttp wanted = g.vigilHttp();
        if (Objects.equals(wanted, running) && (endpoint != null || wanted.listen().isEmpty())) return;
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
            LOG.info("HTTP endpoint stopped");
        }
        running = wanted;
        if (wanted.listen().isEmpty() || closed) return;
        try {
            endpoint = new HttpEndpoint(new HttpEndpoint.Settings(wanted.listen().get(), wanted.tokenFile().map(Path::of),
                    wanted.tls().map(t -> Path.of(t.certFile())), wanted.tls().map(t -> Path.of(t.keyFile()))), picture);
        } catch (IOException e) {
            LOG.error("{}", e.getMessage());
            running = GlobalDefs.VigilHttp.OFF; // try again at the next reload
        }
    }

    /** {@code events} / {@code events-json} on the control socket: notable events as they come, until the client goes. */
    boolean stream(String request, OutputStream out) throws IOException {
        boolean json = request.equals("events-json");
        if (!json && !request.equals("events")) return false;
        ArrayBlockingQueue<ObsEvent> backlog = new ArrayBlockingQueue<>(1024);
        try (AutoCloseable sub = picture.subscribe(backlog::offer)) {
            out.write(("# events of " + picture.snapshot().node() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed) {
                ObsEvent e = backlog.poll(5, TimeUnit.SECONDS);
                // An empty line is the keepalive: writing notices a client that left (the client skips it).
                String line = e == null ? "\n" : (json ? Json.write(StatusDocument.event(e)) : EventText.line(e)) + "\n";
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("events client gone: {}", e.toString());
        } catch (Exception e) {
            LOG.debug("events stream: {}", e.toString());
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (endpoint != null) endpoint.close();
    }
}
