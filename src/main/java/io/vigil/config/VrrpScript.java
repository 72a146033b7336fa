package io.vigil.config;

import java.time.Duration;
import java.util.Optional;

/** {@code vrrp_script NAME { script ... }}: a check whose exit code moves tracking instances. */
public record VrrpScript(String name, Script script, Duration interval, Duration timeout, Vrrp.Weight weight,
                         int rise, int fall, Optional<String> user, boolean initFail, SourcePos pos) { }
