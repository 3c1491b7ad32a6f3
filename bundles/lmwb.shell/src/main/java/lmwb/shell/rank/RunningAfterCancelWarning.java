package lmwb.shell.rank;

import java.io.PrintStream;
import java.util.List;
import lmwb.api.rank.Ranker;
import lmwb.api.rank.RunningEstimatorCall;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Before every shell command, warns on stderr about estimator calls that ignored the cancellation of their
 * ranking and are still running (they keep a core busy), until they finish; {@code plugins} lists them too.
 */
@Component(service = CommandSessionListener.class)
public class RunningAfterCancelWarning implements CommandSessionListener {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Ranker ranker;

    @Override
    public void beforeExecute(CommandSession session, CharSequence commandline) {
        Ranker r = ranker;
        List<RunningEstimatorCall> running = r == null ? List.of() : r.runningAfterCancel();
        PrintStream err = System.err;
        for (RunningEstimatorCall c : running) {
            err.println("lmwb: warning: estimator " + c.estimator() + " (" + c.bundle() + ") is still running after its "
                    + "ranking was cancelled (since " + c.since() + ", thread " + c.thread() + "); it ignores cancellation and "
                    + "keeps a core busy until it returns; see 'plugins'");
        }
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Exception exception) {
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Object result) {
    }
}
