package lmwb.shell.core;

import lmwb.api.CancellationToken;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.capability.RunContext;
import lmwb.shell.ConsoleProgress;

/**
 * Runs a capability in the command's thread as the local user, with progress on standard error. Ctrl-C in the
 * shell interrupts that thread, which the token reports as a cancellation.
 */
public final class LocalRunner implements CapabilityRunner {
    /** The one instance. */
    public static final LocalRunner INSTANCE = new LocalRunner();

    private LocalRunner() {
    }

    @Override
    public <Q extends Record, R extends CapabilityResult> R run(Capability<Q, R> capability, Q request) throws Exception {
        return capability.run(request, RunContext.local(new ConsoleProgress(), new CancellationToken()));
    }
}
