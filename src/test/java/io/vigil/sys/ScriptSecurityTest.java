package io.vigil.sys;

import io.vigil.sys.ScriptSecurity.Stat;
import io.vigil.sys.ScriptSecurity.Verdict;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** keepalived's script path rules (lib/notify.c check_security) over a fake file system. */
class ScriptSecurityTest {
    private static final int DIR = 0040000, REG = 0100000, LNK = 0120000;

    /** A file system of lstat results, and symbolic links resolved by prefix. */
    static final class FakeFs implements ScriptSecurity.FileView {
        final Map<String, Stat> stats = new HashMap<>();
        final Map<String, String> links = new HashMap<>();

        FakeFs() {
            dir("/", 0, 0, 0755);
            dir("/etc", 0, 0, 0755);
            dir("/etc/keepalived", 0, 0, 0755);
            file("/etc/keepalived/check.sh", 0, 0, 0755);
        }

        FakeFs dir(String p, int uid, int gid, int perm) {
            stats.put(p, new Stat(uid, gid, DIR | perm));
            return this;
        }

        FakeFs file(String p, int uid, int gid, int perm) {
            stats.put(p, new Stat(uid, gid, REG | perm));
            return this;
        }

        FakeFs link(String p, String target) {
            stats.put(p, new Stat(0, 0, LNK | 0777));
            links.put(p, target);
            return this;
        }

        @Override
        public Stat lstat(String path) {
            return stats.get(path);
        }

        @Override
        public String realPath(String path) {
            String p = path;
            for (int i = 0; i < 10; i++) {
                String resolved = null;
                for (Map.Entry<String, String> l : links.entrySet())
                    if (p.equals(l.getKey()) || p.startsWith(l.getKey() + "/")) resolved = l.getValue() + p.substring(l.getKey().length());
                if (resolved == null) return stats.containsKey(p) ? p : null;
                p = resolved;
            }
            return null;
        }
    }

    @Test
    void rootOwnedPathNotWritableByOthersIsSafe() {
        assertThat(ScriptSecurity.check("/etc/keepalived/check.sh", new FakeFs())).isEqualTo(new Verdict.Safe());
    }

    @Test
    void scriptWritableByEveryoneIsUnsafe() {
        FakeFs fs = new FakeFs().file("/etc/keepalived/check.sh", 0, 0, 0757);
        assertThat(ScriptSecurity.check("/etc/keepalived/check.sh", fs))
                .isEqualTo(new Verdict.Unsafe("/etc/keepalived/check.sh", "writable by everyone"));
    }

    @Test
    void scriptWritableByANonRootGroupIsUnsafe_byRootGroupSafe() {
        FakeFs fs = new FakeFs().file("/etc/keepalived/check.sh", 0, 50, 0775);
        assertThat(ScriptSecurity.check("/etc/keepalived/check.sh", fs))
                .isEqualTo(new Verdict.Unsafe("/etc/keepalived/check.sh", "writable by group gid 50"));
        fs.file("/etc/keepalived/check.sh", 0, 0, 0775);
        assertThat(ScriptSecurity.check("/etc/keepalived/check.sh", fs)).isEqualTo(new Verdict.Safe());
    }

    @Test
    void scriptOwnedByANonRootUserIsUnsafe_evenReadOnly() {
        FakeFs fs = new FakeFs().file("/etc/keepalived/check.sh", 1000, 0, 0555);
        assertThat(ScriptSecurity.check("/etc/keepalived/check.sh", fs))
                .isEqualTo(new Verdict.Unsafe("/etc/keepalived/check.sh", "owned by uid 1000"));
    }

    @Test
    void aParentDirectoryWritableByOthersIsUnsafe_unlessSticky() {
        FakeFs fs = new FakeFs().dir("/etc/keepalived", 0, 0, 0777);
        assertThat(ScriptSecurity.check("/etc/keepalived/check.sh", fs))
                .isEqualTo(new Verdict.Unsafe("/etc/keepalived", "writable by everyone"));
        fs.dir("/etc/keepalived", 0, 0, 01777); // like /tmp: others cannot replace root's files in it
        assertThat(ScriptSecurity.check("/etc/keepalived/check.sh", fs)).isEqualTo(new Verdict.Safe());
        fs.dir("/etc", 1000, 1000, 0755);
        assertThat(ScriptSecurity.check("/etc/keepalived/check.sh", fs)).isEqualTo(new Verdict.Unsafe("/etc", "owned by uid 1000"));
    }

    @Test
    void symbolicLinksAreFollowed_andTheirTargetsCheckedToo() {
        // /bin -> /usr/bin (merged /usr): the directory is resolved, so the link itself is no "wrong type"
        FakeFs fs = new FakeFs().dir("/usr", 0, 0, 0755).dir("/usr/bin", 0, 0, 0755).link("/bin", "/usr/bin")
                .file("/usr/bin/true", 0, 0, 0755);
        assertThat(ScriptSecurity.check("/bin/true", fs)).isEqualTo(new Verdict.Safe());
        // a safe link to a file in a directory anyone may write
        fs.dir("/home", 0, 0, 0755).dir("/home/u", 1000, 1000, 0755).file("/home/u/evil.sh", 0, 0, 0755)
                .link("/etc/keepalived/check.sh", "/home/u/evil.sh");
        assertThat(ScriptSecurity.check("/etc/keepalived/check.sh", fs)).isEqualTo(new Verdict.Unsafe("/home/u", "owned by uid 1000"));
    }

    @Test
    void missingAndWrongTypes() {
        FakeFs fs = new FakeFs();
        assertThat(ScriptSecurity.check("/etc/keepalived/none.sh", fs)).isEqualTo(new Verdict.NotFound("/etc/keepalived/none.sh"));
        fs.stats.put("/etc/keepalived/fifo", new Stat(0, 0, 0010000 | 0755));
        assertThat(ScriptSecurity.check("/etc/keepalived/fifo", fs)).isEqualTo(new Verdict.WrongType("/etc/keepalived/fifo"));
    }

    @Test
    void onlyScriptsRunningWithRootRightsNeedProtection() {
        Stat plain = new Stat(0, 0, REG | 0755);
        assertThat(ScriptSecurity.runsAsRoot(0, 0, plain)).isTrue();
        assertThat(ScriptSecurity.runsAsRoot(65534, 0, plain)).as("root group").isTrue();
        assertThat(ScriptSecurity.runsAsRoot(65534, 65534, plain)).isFalse();
        assertThat(ScriptSecurity.runsAsRoot(65534, 65534, new Stat(0, 0, REG | 04755))).as("set-user-ID root").isTrue();
        assertThat(ScriptSecurity.runsAsRoot(65534, 65534, new Stat(0, 0, REG | 02755))).as("set-group-ID root").isTrue();
        assertThat(ScriptSecurity.runsAsRoot(65534, 65534, new Stat(1000, 1000, REG | 06755))).isFalse();
    }

    @Test
    void prefixesRunFromTheRootDown() {
        assertThat(ScriptSecurity.prefixes("/a//b/c")).containsExactly("/", "/a", "/a/b", "/a/b/c");
    }
}
