package io.vigil.daemon;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChildAotArgumentTest {
    @Test
    void trainingRunWritesOneClassListPerChildKind() {
        assertThat(Daemon.childAotArgument("-XX:DumpLoadedClassList=/tmp/t/vigil.classlist", Subsystem.Kind.VRRP))
                .isEqualTo("-XX:DumpLoadedClassList=/tmp/t/vigil-vrrp.classlist");
        assertThat(Daemon.childAotArgument("-XX:DumpLoadedClassList=/tmp/t.d/list", Subsystem.Kind.CHECKERS))
                .isEqualTo("-XX:DumpLoadedClassList=/tmp/t.d/list-checkers");
    }

    /** One cache for every process: its pages are shared between the JVMs only if they all map the same file. */
    @Test
    void childrenMapTheParentsCache() {
        String parent = "-XX:AOTCache=/var/lib/vigil/vigil.aot";
        assertThat(Daemon.childAotArgument(parent, Subsystem.Kind.VRRP)).isEqualTo(parent);
        assertThat(Daemon.childAotArgument(parent, Subsystem.Kind.PROXY)).isEqualTo(parent);
        assertThat(Daemon.childAotArgument("-XX:ArchiveRelocationMode=0", Subsystem.Kind.CHECKERS)).isEqualTo("-XX:ArchiveRelocationMode=0");
    }

    @Test
    void otherArgumentsPassUnchanged() {
        assertThat(Daemon.childAotArgument("-Xmx32m", Subsystem.Kind.VRRP)).isEqualTo("-Xmx32m");
    }

    /** The JIT's footprint settings go to the VRRP and checker children; the proxy, which forwards traffic, gets the defaults. */
    @Test
    void proxyChildKeepsTheFullJit() {
        for (String jit : new String[] {"-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:CompileThresholdScaling=10"}) {
            assertThat(Daemon.keepForChild(jit, Subsystem.Kind.VRRP)).as(jit).isTrue();
            assertThat(Daemon.keepForChild(jit, Subsystem.Kind.CHECKERS)).as(jit).isTrue();
            assertThat(Daemon.keepForChild(jit, Subsystem.Kind.PROXY)).as(jit).isFalse();
        }
        assertThat(Daemon.keepForChild("-Xmx64m", Subsystem.Kind.PROXY)).isTrue();
    }
}
