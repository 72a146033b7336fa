package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Connects checker sockets (bindto / bind_port / connect_timeout) and words their failures. */
final class Sockets {
    private Sockets() {}

    static Socket connect(CheckerSettings.Connect co, InetSocketAddress target) throws IOException {
        // NO_PROXY: a plain socket, without the SOCKS wrapper that consults the ProxySelector on every connect
        Socket s = new Socket(Proxy.NO_PROXY);
        try {
            if (co.bindTo() != null || co.bindPort() != 0) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(co.bindTo(), co.bindPort()));
            }
            s.connect(target, (int) Math.min(Integer.MAX_VALUE, co.connectTimeoutMillis()));
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, co.connectTimeoutMillis()));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** An operator's reading of an I/O failure. */
    static String describe(Exception e, CheckerSettings.Connect co) {
        return switch (e) {
            case SocketTimeoutException t -> "timeout after " + co.connectTimeoutMillis() + " ms";
            case ConnectException c -> "connection refused" + (c.getMessage() != null && !c.getMessage().contains("refused") ? " (" + c.getMessage() + ")" : "");
            case NoRouteToHostException n -> "no route to host";
            case PortUnreachableException p -> "port unreachable";
            default -> e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        };
    }
}
