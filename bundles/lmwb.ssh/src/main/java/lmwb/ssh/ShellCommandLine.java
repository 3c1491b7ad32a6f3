package lmwb.ssh;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import lmwb.api.users.Role;
import org.apache.sshd.server.command.CommandFactory;

/**
 * One line typed into the SSH shell, checked before it reaches Gogo: only lmwb commands (no Gogo scripting,
 * framework or file-system commands), what the user's role allows, and no server paths outside the allowed
 * folders and the user's uploads. The words reach the command as Gogo session variables, never re-parsed.
 *
 * @param command the lmwb command, e.g. {@code results}
 * @param args its arguments as typed
 */
record ShellCommandLine(String command, List<String> args) {
    /** Commands every role may run: they only read ({@code cache --clear} is an admin's). */
    static final Set<String> READ = Set.of("results", "estimators", "models", "datasets", "plugins", "help", "cache");
    /** Commands only admins may run. */
    static final Set<String> ADMIN = Set.of("user");

    /**
     * @param line the typed line
     * @param role the user's role
     * @param allowed server folders remote users may name (allowed_folders)
     * @param uploads the user's upload folder
     * @param known the installed lmwb commands
     * @return the checked command
     * @throws IllegalArgumentException with one line for the user
     */
    static ShellCommandLine parse(String line, Role role, List<Path> allowed, Path uploads, Set<String> known) {
        List<String> words = CommandFactory.split(line.strip());
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        String name = words.get(0);
        if (name.startsWith("lmwb:")) {
            name = name.substring(5);
        }
        if (!known.contains(name)) {
            throw new IllegalArgumentException("unknown command '" + printable(words.get(0)) + "'; the lmwb shell runs: "
                    + String.join(", ", known.stream().sorted().toList()));
        }
        if (ADMIN.contains(name) && role != Role.ADMIN) {
            throw new IllegalArgumentException("only admins may run '" + name + "'");
        }
        if (!READ.contains(name) && !ADMIN.contains(name) && !role.canSubmitJobs()) {
            throw new IllegalArgumentException("a viewer cannot run '" + name + "'; ask an admin for the member role");
        }
        List<String> args = List.copyOf(words.subList(1, words.size()));
        if (name.equals("cache") && args.contains("--clear") && role != Role.ADMIN) {
            throw new IllegalArgumentException("only admins may run 'cache --clear' (the embedding cache is shared by "
                    + "every user)");
        }
        for (String a : args) {
            checkPath(a, allowed, uploads);
        }
        return new ShellCommandLine(name, args);
    }

    private static void checkPath(String arg, List<Path> allowed, Path uploads) {
        String value = arg.startsWith("--") && arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : arg;
        for (String part : value.split(",")) {
            if (!(part.startsWith("/") || part.startsWith("~") || part.contains("..") || part.contains("\\"))) {
                continue;
            }
            try {
                Path p = Path.of(part);
                if (p.isAbsolute() && !part.contains("..")) {
                    Path n = p.normalize();
                    if (n.startsWith(uploads) || allowed.stream().anyMatch(n::startsWith)) {
                        continue;
                    }
                }
            } catch (InvalidPathException e) {
                // refused below
            }
            throw new IllegalArgumentException("server paths are not allowed here ('" + printable(part) + "'); name a "
                    + "dataset or model from the catalogue, one of your uploads or a file under an allowed folder");
        }
    }

    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
