package lmwb.shell.user;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.users.IssuedToken;
import lmwb.api.users.Role;
import lmwb.api.users.User;
import lmwb.api.users.UserDirectory;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:user}: adds, lists and removes the users of the shared runtime and issues their API tokens, on the
 * runtime's database ({@code runtime/lmwb user add alice --role admin} works on the local database while no
 * server holds it). A token is printed once, when it is issued; the database keeps only a hash of it.
 */
@Component(service = UserCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=user"})
public class UserCommand {
    static final String ACTIONS = "add NAME --role ROLE [--ssh-key FILE.pub], list, remove NAME, token NAME, "
            + "passwd NAME [--password-file FILE]";

    @Reference
    private UserDirectory users;

    /**
     * Runs an action that takes no user name ({@code list}).
     *
     * @param json print JSON
     * @param role only for {@code add}
     * @param sshKey only for {@code add}
     * @param action {@code list}
     * @return the listing
     * @throws IOException never for {@code list}
     */
    @Descriptor("manage users of the shared runtime: " + ACTIONS)
    public String user(
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("the new user's role (add): admin (manages users, cancels any job), member (submits jobs, "
                    + "cancels its own), viewer (reads)") @Parameter(names = "--role", absentValue = "") String role,
            @Descriptor("OpenSSH public key file for the SSH shell (add), e.g. ~/.ssh/id_ed25519.pub; one key a line")
            @Parameter(names = "--ssh-key", absentValue = "") String sshKey,
            @Descriptor("the new password's file for passwd (its first line; /dev/stdin reads standard input); "
                    + "without it passwd asks on the terminal") @Parameter(names = "--password-file", absentValue = "")
            String passwordFile,
            @Descriptor("add, list, remove, token or passwd") String action) throws IOException {
        return switch (action) {
            case "list" -> {
                if (!role.isEmpty() || !sshKey.isEmpty() || !passwordFile.isEmpty()) {
                    throw new IllegalArgumentException("user list takes no options but --json");
                }
                yield list(json);
            }
            case "add", "remove", "token", "passwd" -> throw new IllegalArgumentException("user " + action
                    + " needs a user name: user " + action + " NAME" + (action.equals("add") ? " --role ROLE" : ""));
            default -> throw unknownAction(action);
        };
    }

    /**
     * Runs an action on one user.
     *
     * @param json print JSON
     * @param role the new user's role (add)
     * @param sshKey the new user's public key file (add)
     * @param action {@code add}, {@code remove} or {@code token}
     * @param name the user
     * @return what was done; for {@code add} and {@code token} the new token
     * @throws IOException when the key file cannot be read
     */
    @Descriptor("manage users of the shared runtime: " + ACTIONS)
    public String user(
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("the new user's role (add): admin (manages users, cancels any job), member (submits jobs, "
                    + "cancels its own), viewer (reads)") @Parameter(names = "--role", absentValue = "") String role,
            @Descriptor("OpenSSH public key file for the SSH shell (add), e.g. ~/.ssh/id_ed25519.pub; one key a line")
            @Parameter(names = "--ssh-key", absentValue = "") String sshKey,
            @Descriptor("the new password's file for passwd (its first line; /dev/stdin reads standard input); "
                    + "without it passwd asks on the terminal") @Parameter(names = "--password-file", absentValue = "")
            String passwordFile,
            @Descriptor("add, list, remove, token or passwd") String action,
            @Descriptor("the user's name") String name) throws IOException {
        if (List.of("remove", "token", "passwd").contains(action) && !(role.isEmpty() && sshKey.isEmpty())) {
            throw new IllegalArgumentException("--role and --ssh-key go with 'user add' only");
        }
        if (!action.equals("passwd") && !passwordFile.isEmpty()) {
            throw new IllegalArgumentException("--password-file goes with 'user passwd' only");
        }
        return switch (action) {
            case "add" -> add(name, role, sshKey, json);
            case "remove" -> {
                users.remove(name);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("user", name);
                m.put("removed", true);
                yield json ? Render.json(m) : "user " + name + " removed";
            }
            case "token" -> issued(users.newToken(name), json, "new token for " + name
                    + " (the old one no longer works)");
            case "passwd" -> {
                users.setPassword(name, passwordFile.isEmpty() ? typedPassword(name) : passwordFromFile(passwordFile));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("user", name);
                m.put("password_set", true);
                yield json ? Render.json(m) : "password of " + name + " set; " + name
                        + " signs in to the web page with it (the token still works)";
            }
            case "list" -> throw new IllegalArgumentException("user list takes no name");
            default -> throw unknownAction(action);
        };
    }

    private String add(String name, String role, String sshKey, boolean json) throws IOException {
        if (role.isEmpty()) {
            throw new IllegalArgumentException("user add needs --role; use one of: " + Role.allIds());
        }
        Role r = Role.parse(role);
        List<String> keys = sshKey.isEmpty() ? List.of() : keyLines(sshKey);
        IssuedToken issued;
        try {
            issued = users.add(name, r, keys);
        } catch (IllegalArgumentException e) {
            if (!sshKey.isEmpty() && e.getMessage().startsWith("ssh key")) {
                throw new IllegalArgumentException(sshKey + ": " + e.getMessage(), e);
            }
            throw e;
        }
        return issued(issued, json, "user " + name + " added (role " + r.id() + (keys.isEmpty() ? ""
                : ", " + keys.size() + " ssh key" + (keys.size() == 1 ? "" : "s")) + ")");
    }

    private static String issued(IssuedToken issued, boolean json, String what) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", issued.user().name());
            m.put("role", issued.user().role().id());
            m.put("token", issued.token());
            return Render.json(m);
        }
        return what + "\ntoken: " + issued.token()
                + "\nthe token is shown only now: give it to " + issued.user().name()
                + " (LMWB_TOKEN); 'user token " + issued.user().name() + "' replaces a lost one";
    }

    private String list(boolean json) {
        List<User> all = users.list();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (User u : all) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("user", u.name());
                m.put("role", u.role().id());
                m.put("created", u.created().toString());
                m.put("ssh_keys", u.sshKeys().size());
                rows.add(m);
            }
            return Render.json(rows);
        }
        if (all.isEmpty()) {
            return "no users yet; add the first admin with 'user add NAME --role admin'";
        }
        List<List<Object>> rows = new ArrayList<>();
        for (User u : all) {
            rows.add(List.of(u.name(), u.role().id(), u.created().toString(), u.sshKeys().size()));
        }
        return Render.table(List.of("USER", "ROLE", "CREATED", "SSH KEYS"), rows);
    }

    /** The key lines of a {@code .pub} or {@code authorized_keys}-style file: blank and {@code #} lines skipped. */
    static List<String> keyLines(String file) throws IOException {
        Path p = Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
        List<String> lines;
        try {
            if (Files.size(p) > 1_000_000) {
                throw new IllegalArgumentException(file + " is too large for an OpenSSH public key file; give the .pub file");
            }
            lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("ssh key file " + file + " does not exist; give a public key file such "
                    + "as ~/.ssh/id_ed25519.pub", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + " is not a text file; give an OpenSSH public key file (.pub)", e);
        }
        List<String> keys = lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no key; give an OpenSSH public key file (.pub)");
        }
        return keys;
    }

    /** The first line of a file (a password file, or {@code /dev/stdin}); the rest is ignored. */
    static String passwordFromFile(String file) throws IOException {
        Path p = Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
        try (java.io.BufferedReader in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("password file " + file + " is empty; put the password on its first line");
            }
            return line;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("password file " + file + " does not exist", e);
        }
    }

    /** Asks twice on the terminal, without echo. */
    private static String typedPassword(String name) {
        java.io.Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask for the password; give --password-file FILE "
                    + "(its first line; /dev/stdin reads standard input)");
        }
        char[] first = console.readPassword("new password for %s: ", name);
        char[] second = console.readPassword("the same again: ");
        if (first == null || second == null || !java.util.Arrays.equals(first, second)) {
            throw new IllegalArgumentException("the two passwords differ; nothing was changed");
        }
        return new String(first);
    }

    private static IllegalArgumentException unknownAction(String action) {
        return new IllegalArgumentException("unknown action '" + action + "' for user; use: user " + ACTIONS);
    }
}
