package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * The gate every configuration passes before it is started or reloaded: its error diagnostics. The others are logged
 * here, so the start-up log says which keywords do not apply to Vigil and, under --compat, which it runs without.
 */
final class ConfigValidation {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigValidation.class);

    private ConfigValidation() {}

    static void name(String processName) {
        String problem = io.vigil.sys.ProcessName.set(processName);
        if (problem != null) LOG.warn("{}", problem);
    }

    static List<String> errors(Path configFile, LoadOptions options) {
        LoadResult result = ConfigLoader.load(configFile, options);
        for (Diagnostic d : result.diagnostics()) {
            switch (d.severity()) {
                case WARNING -> LOG.warn("{}", d.format());
                case NOTE -> LOG.info("{}", d.format());
                case ERROR -> { } // returned: the caller logs them and refuses the configuration
            }
        }
        List<String> errors = result.diagnostics().stream().filter(Diagnostic::isError).map(Object::toString).toList();
        if (errors.isEmpty()) result.config().ifPresent(c -> {
            UmaskSetting.apply(c);
            ScriptPolicySetting.apply(c);
            c.globalDefs().processNames().parent().ifPresent(ConfigValidation::name);
        });
        if (errors.isEmpty() && result.config().isEmpty()) return List.of(configFile + ": no configuration could be read");
        return errors;
    }
}
