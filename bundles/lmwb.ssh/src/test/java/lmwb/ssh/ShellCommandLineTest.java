package lmwb.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import lmwb.api.users.Role;
import org.junit.jupiter.api.Test;

class ShellCommandLineTest {
    private static final Set<String> KNOWN = Set.of("rank", "results", "user", "estimators", "dataset", "cache");
    private static final Path UPLOADS = Path.of("/srv/lmwb/uploads/mel");
    private static final List<Path> ALLOWED = List.of(Path.of("/data/shared"));

    private static ShellCommandLine parse(String line, Role role) {
        return ShellCommandLine.parse(line, role, ALLOWED, UPLOADS, KNOWN);
    }

    private static String refused(String line, Role role) {
        return assertThrows(IllegalArgumentException.class, () -> parse(line, role)).getMessage();
    }

    @Test
    void wordsReachTheCommandAsTyped() {
        assertEquals(new ShellCommandLine("rank", List.of("--dataset", "sentiment-sentences", "--models", "a,b")),
                parse("lmwb:rank --dataset sentiment-sentences --models a,b", Role.MEMBER));
        assertEquals(new ShellCommandLine("results", List.of("--json")), parse("results --json", Role.VIEWER));
        assertEquals(new ShellCommandLine("rank", List.of("--dataset", "/data/shared/reviews.csv")),
                parse("rank --dataset '/data/shared/reviews.csv'", Role.MEMBER));
        assertEquals(new ShellCommandLine("rank", List.of("--dataset", "/srv/lmwb/uploads/mel/r.csv")),
                parse("rank --dataset /srv/lmwb/uploads/mel/r.csv", Role.MEMBER));
    }

    @Test
    void onlyLmwbCommandsTheRoleAllows() {
        assertEquals("unknown command 'felix:stop'; the lmwb shell runs: cache, dataset, estimators, rank, results, user",
                refused("felix:stop 0", Role.ADMIN));
        assertEquals("unknown command 'system:exit'; the lmwb shell runs: cache, dataset, estimators, rank, results, user",
                refused("system:exit", Role.ADMIN));
        assertEquals("unknown command '(lmwb:results)'; the lmwb shell runs: cache, dataset, estimators, rank, results, user",
                refused("(lmwb:results)", Role.ADMIN));
        assertEquals("a viewer cannot run 'rank'; ask an admin for the member role", refused("rank", Role.VIEWER));
        assertEquals("only admins may run 'user'", refused("user add eve --role admin", Role.MEMBER));
        parse("user list", Role.ADMIN);
        // the embedding cache is every user's: anyone may list it, only an admin may empty it
        assertEquals(new ShellCommandLine("cache", List.of("--json")), parse("cache --json", Role.VIEWER));
        assertEquals("only admins may run 'cache --clear' (the embedding cache is shared by every user)",
                refused("cache --clear", Role.MEMBER));
        assertEquals("only admins may run 'cache --clear' (the embedding cache is shared by every user)",
                refused("lmwb:cache --json --clear", Role.VIEWER));
        parse("cache --clear", Role.ADMIN);
    }

    @Test
    void serverPathsAreRefused() {
        for (String line : List.of("rank --dataset /etc/passwd", "rank --dataset ../../etc/passwd",
                "rank --models a,/root/model", "rank --out=/tmp/x", "dataset ~/.ssh/id_rsa",
                "rank --dataset /srv/lmwb/uploads/bob/r.csv", "rank --dataset /data/shared/../../etc/passwd")) {
            String m = refused(line, Role.ADMIN);
            assertEquals("server paths are not allowed here", m.substring(0, m.indexOf(" ('")), line);
        }
    }
}
