package lmwb.shell.core;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * In the interactive shell, explains Gogo's "Cannot coerce rank(String, String) to any of [...]" when an lmwb
 * command was given an option it does not have (or a value it cannot read): prints which option is unknown,
 * the closest known one and the list, before Gogo prints its own line. Commands of other scopes and the
 * one-shot runner's command lines (which check their options first) are left alone.
 */
@Component(service = CommandSessionListener.class)
public class OptionHints implements CommandSessionListener {
    /** Session variable the one-shot runner sets on its sessions: it checks and reports their options itself. */
    static final String ONE_SHOT = ".lmwb.oneshot";
    private final BundleContext context;

    /** @param context this bundle's context, to look commands up */
    @Activate
    public OptionHints(BundleContext context) {
        this.context = context;
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence commandline) {
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Object result) {
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Exception exception) {
        if (Boolean.TRUE.equals(session.get(ONE_SHOT))) {
            return;
        }
        Optional<String> hint = hint(commandline, exception);
        if (hint.isPresent()) {
            PrintStream console = session.getConsole();
            (console != null ? console : System.err).println("lmwb: " + hint.get());
        }
    }

    /**
     * @param commandline what was run
     * @param exception what it threw
     * @return the hint for an lmwb command whose arguments Gogo could not match, else empty
     */
    Optional<String> hint(CharSequence commandline, Exception exception) {
        if (exception == null || !String.valueOf(exception.getMessage()).startsWith("Cannot coerce")) {
            return Optional.empty();
        }
        String text = commandline.toString();
        List<String> words = words(text);
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String command = words.get(0);
        String name = command.startsWith(BatchCommandRunner.SCOPE + ":")
                ? command.substring(BatchCommandRunner.SCOPE.length() + 1) : command;
        if (name.contains(":")) {
            return Optional.empty();
        }
        CommandOptions options = CommandOptions.lookup(context, BatchCommandRunner.SCOPE + ":" + name);
        if (options == null) {
            return Optional.empty();
        }
        List<String> args = words.subList(1, words.size());
        String help = "help " + name;
        return Optional.of(options.unknownOption(name, args, help).or(() -> options.missingArgument(name, args, help))
                .orElseGet(() -> options.badValues(name, help)));
    }

    /** Splits a command line on white space, keeping quoted parts together (quotes removed). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
