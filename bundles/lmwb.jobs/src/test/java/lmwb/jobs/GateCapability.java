package lmwb.jobs;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import lmwb.api.ProgressEvent;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.capability.RunContext;

/**
 * A real capability for queue tests whose steps the test lets through one at a time: each step waits for a permit
 * (polling its cancellation token meanwhile) and reports progress. Its result id is {@code r-<job id>}.
 */
final class GateCapability implements Capability<GateCapability.Request, GateCapability.Result> {
    /** @param steps how many permits the job takes; at least 0 */
    record Request(Integer steps) {
        Request {
            steps = steps == null ? 1 : steps;
            if (steps < 0) {
                throw new IllegalArgumentException("--steps must be at least 0, got " + steps);
            }
        }
    }

    record Result(String resultId, String kind) implements CapabilityResult {
    }

    final Semaphore permits = new Semaphore(0);
    volatile String lastUser;

    @Override
    public String name() {
        return "gate";
    }

    @Override
    public String description() {
        return "waits for the test";
    }

    @Override
    public Class<Request> requestType() {
        return Request.class;
    }

    @Override
    public Result run(Request request, RunContext context) throws Exception {
        lastUser = context.user();
        long start = System.nanoTime();
        for (int i = 0; i < request.steps(); i++) {
            while (!permits.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                context.cancel().throwIfCancelled();
            }
            context.progress().onProgress(new ProgressEvent("gate", i + 1, request.steps(), "steps",
                    System.nanoTime() - start));
        }
        return new Result("r-" + context.jobId(), "test");
    }
}
