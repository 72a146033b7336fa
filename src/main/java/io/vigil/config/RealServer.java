package io.vigil.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** {@code real_server IP [PORT] { ... }} of a virtual server, with inherited settings applied. */
public record RealServer(InetAddress address, Optional<Integer> port, int weight, VirtualServer.Method method,
                         Optional<Script> notifyUp, Optional<Script> notifyDown, Optional<Integer> upperThreshold,
                         Optional<Integer> lowerThreshold, boolean inhibitOnFailure, boolean smtpAlert, List<Checker> checkers,
                         Optional<String> snmpName, SourcePos pos) { }
