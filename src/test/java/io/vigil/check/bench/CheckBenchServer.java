package io.vigil.check.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The real servers of the checker benchmark, in their own process so their CPU is not counted: N listeners on
 * 127.1.x.y:PORT served by one selector thread (TCP: accept and close; HTTP: answer a fixed 200 and close). A control
 * port on 127.0.0.1 takes {@code kill ADDRESS} (closes that listener, then answers {@code ok}).
 *
 * <p>Usage: {@code CheckBenchServer COUNT PORT tcp|http CONTROL_PORT}
 */
public final class CheckBenchServer {
    static final byte[] RESPONSE = "HTTP/1.0 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello vigil".getBytes(StandardCharsets.ISO_8859_1);

    /** The address of real server {@code i}: 127.1.0.1, 127.1.0.2, ... 250 per /24. */
    public static String address(int i) {
        return "127." + (1 + i / 62500) + "." + (i / 250 % 250) + "." + (i % 250 + 1);
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        boolean http = args[2].equals("http");
        int controlPort = Integer.parseInt(args[3]);
        // several processes share a large count (one listener per real server, and a process may have only so many
        // descriptors): this one serves real servers first .. first + count - 1
        int first = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Selector selector = Selector.open();
        Map<String, ServerSocketChannel> listeners = new ConcurrentHashMap<>();
        for (int i = first; i < first + count; i++) {
            ServerSocketChannel ch = ServerSocketChannel.open();
            ch.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(InetAddress.getByName(address(i)), port), 128);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_ACCEPT);
            listeners.put(address(i), ch);
        }
        ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        Thread control = Thread.ofPlatform().daemon().start(() -> control(controlPort, listeners, tasks, selector));
        System.out.println("READY " + count + " " + (http ? "http" : "tcp") + " listeners on port " + port);
        System.out.flush();
        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
        while (control.isAlive()) {
            selector.select(100);
            Runnable t;
            while ((t = tasks.poll()) != null) t.run();
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                try {
                    if (!k.isValid()) continue;
                    if (k.isAcceptable()) {
                        SocketChannel c;
                        while ((c = ((ServerSocketChannel) k.channel()).accept()) != null) {
                            if (!http) {
                                c.close();
                                continue;
                            }
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ);
                        }
                    } else if (k.isReadable()) {
                        SocketChannel c = (SocketChannel) k.channel();
                        buf.clear();
                        int n = c.read(buf);
                        if (n > 0) c.write(ByteBuffer.wrap(RESPONSE));
                        c.close();
                    }
                } catch (IOException e) {
                    k.channel().close();
                }
            }
        }
    }

    private static void control(int port, Map<String, ServerSocketChannel> listeners, ConcurrentLinkedQueue<Runnable> tasks, Selector selector) {
        try (ServerSocket ss = new ServerSocket(port, 10, InetAddress.getByName("127.0.0.1"))) {
            while (true) {
                try (Socket s = ss.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    OutputStream out = s.getOutputStream();
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.equals("quit")) return;
                        if (line.startsWith("kill ")) {
                            ServerSocketChannel ch = listeners.remove(line.substring(5).trim());
                            if (ch != null) {
                                // close on the selector thread; wait for it so "ok" means the port is closed
                                var done = new java.util.concurrent.CountDownLatch(1);
                                tasks.add(() -> {
                                    try {
                                        ch.close();
                                    } catch (IOException ignored) {
                                        // already closed
                                    }
                                    done.countDown();
                                });
                                selector.wakeup();
                                done.await();
                            }
                            out.write((ch == null ? "unknown\n" : "ok\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    }
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
