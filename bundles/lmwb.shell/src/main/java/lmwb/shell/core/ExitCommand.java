package lmwb.shell.core;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

/** {@code lmwb:exit} / {@code lmwb:quit}: leaves the interactive shell, stopping the runtime cleanly. */
@Component(service = ExitCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=exit",
        "osgi.command.function=quit"})
public class ExitCommand {
    /**
     * Stops the framework and the JVM.
     *
     * @param code the process exit code
     */
    @Descriptor("stop the runtime and leave the shell")
    public void exit(@Descriptor("exit code (default 0)") int code) {
        // The per-run framework storage is temporary, so there is nothing to persist; stopping the framework
        // first would make the bnd launcher exit with its own code (117) instead of ours.
        Thread t = new Thread(() -> System.exit(code), "lmwb exit");
        t.start();
    }

    /** Stops the framework and the JVM with exit code 0. */
    @Descriptor("stop the runtime and leave the shell")
    public void exit() {
        exit(0);
    }

    /** Same as {@link #exit()}. */
    @Descriptor("stop the runtime and leave the shell")
    public void quit() {
        exit(0);
    }
}
