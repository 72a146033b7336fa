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

    /** keepalived's reload_check_config LOG_FILE of the configuration in force: where a reload's check writes its findings. */
    private static volatile String reloadCheckLog;

    static List<String> errors(Path configFile, LoadOptions options) {
        LoadResult result = ConfigLoader.load(configFile, options);
        String checkLog = reloadCheckLog;
        if (checkLog != null) writeCheckLog(checkLog, configFile, result);
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
            reloadCheckLog = c.globalDefs().reloadCheckLog().orElse(null);
            ConfigSave.config(c.globalDefs().reloadSchedule().configSaveDir(), result::effectiveConfig);
            c.globalDefs().processNames().parent().ifPresent(ConfigValidation::name);
        });
        if (errors.isEmpty() && result.config().isEmpty()) return List.of(configFile + ": no configuration could be read");
        return errors;
    }

    /** What {@code -t} prints for the new configuration, to the running configuration's reload_check_config file. */
    private static void writeCheckLog(String logFile, Path configFile, LoadResult result) {
        StringBuilder sb = new StringBuilder();
        result.diagnostics().forEach(d -> sb.append(d.format()).append('\n'));
        int errors = result.errors().size(), warnings = result.warnings().size();
        sb.append(configFile).append(result.isValid() ? ": configuration OK" : ": " + errors + " error(s), " + warnings + " warning(s)").append('\n');
        try {
            java.nio.file.Files.writeString(Path.of(logFile), sb);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("cannot write the reload check's findings to {}: {}", logFile, e.getMessage());
        }
        if (!result.isValid()) LOG.info("New config failed validation, see {} for details", logFile);
    }
}
