package lmwb.shell.core;

import com.google.gson.JsonObject;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.common.json.Requests;
import lmwb.shell.OutputFolder;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * How every capability command runs: the options the user gave (and a {@code --request FILE.json}, whose values
 * the command line overrides) → the request record, decoded by the one codec ({@link Requests}) → the
 * {@link Capability} service of that name, run by the {@link CapabilityRunner} (locally by default) → the typed
 * result, rendered as a table or as its stored JSON document ({@link Views}).
 *
 * <pre>{@code
 * return invocation.call("rank", Options.given().option("--dataset", dataset).renamed("--batch", batch, "--batch-size"))
 *         .request(request).export(force, OutputFolder.resultExport("ranking")).render(json);
 * }</pre>
 */
@Component(service = Invocation.class)
public final class Invocation {
    private final ResultStore store;
    private final Map<String, Capability<?, ?>> capabilities = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<RunnerKey, CapabilityRunner> runners = new ConcurrentSkipListMap<>();

    /** @param store where results are read back from (for {@code --json}, {@code --out} and the tables) */
    @Activate
    public Invocation(@Reference ResultStore store) {
        this.store = store;
    }

    /**
     * @param capability a capability service
     * @param properties its service properties ({@value Capability#NAME})
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addCapability(Capability<?, ?> capability, Map<String, Object> properties) {
        capabilities.put(name(capability, properties), capability);
    }

    /**
     * @param capability a capability leaving
     * @param properties its service properties
     */
    public void removeCapability(Capability<?, ?> capability, Map<String, Object> properties) {
        capabilities.remove(name(capability, properties), capability);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRunner(CapabilityRunner runner, Map<String, Object> properties) {
        runners.put(new RunnerKey(properties), runner);
    }

    void removeRunner(CapabilityRunner runner, Map<String, Object> properties) {
        runners.values().remove(runner);
    }

    /** @return the result store commands read results from */
    public ResultStore store() {
        return store;
    }

    /**
     * @param command the capability's name, e.g. {@code rank}
     * @param options the options the user gave
     * @return the call, to be given a request file and export folder, then run
     * @throws IllegalStateException when no such capability is installed
     */
    public Call call(String command, Options options) {
        Capability<?, ?> c = capabilities.get(command);
        if (c == null) {
            throw new IllegalStateException("the '" + command + "' capability is not installed (its bundle is missing or not "
                    + "started); run 'lb' to see the bundles");
        }
        return new Call(command, c, options);
    }

    private CapabilityRunner runner() {
        Map.Entry<RunnerKey, CapabilityRunner> first = runners.firstEntry();
        return first == null ? LocalRunner.INSTANCE : first.getValue();
    }

    private static String name(Capability<?, ?> capability, Map<String, Object> properties) {
        Object n = properties.get(Capability.NAME);
        return n == null ? capability.name() : n.toString();
    }

    /** Orders runners by service ranking (highest first), then service id (oldest first). */
    private record RunnerKey(int ranking, long id) implements Comparable<RunnerKey> {
        RunnerKey(Map<String, Object> p) {
            this(p.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0,
                    p.get(Constants.SERVICE_ID) instanceof Long l ? l : 0L);
        }

        @Override
        public int compareTo(RunnerKey o) {
            int c = Integer.compare(o.ranking, ranking);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    /** One run of a capability from a command line. */
    public final class Call {
        private final String command;
        private final Capability<Record, CapabilityResult> capability;
        private final Options options;
        private String requestFile;
        private boolean force;
        private Predicate<Path> earlierExport;
        private String exportName;
        private OutputFolder exported;
        private CapabilityResult result;

        @SuppressWarnings("unchecked")
        private Call(String command, Capability<?, ?> capability, Options options) {
            this.command = command;
            this.capability = (Capability<Record, CapabilityResult>) capability;
            this.options = options;
        }

        /**
         * @param file the {@code --request FILE.json} value ({@code ""} = none)
         * @return this
         */
        public Call request(String file) {
            this.requestFile = file == null || file.isEmpty() ? null : file;
            return this;
        }

        /**
         * Makes the request's {@code out} folder (when given) a copy of the stored result's files: checked before
         * the work, replaced whole after it.
         *
         * @param forceFlag the {@code --force} flag ({@code "true"} or {@code ""})
         * @param earlier whether a non-empty folder is an earlier export of this command (replaced without --force)
         * @return this
         */
        public Call export(String forceFlag, Predicate<Path> earlier) {
            return export(forceFlag, command, earlier);
        }

        /**
         * As {@link #export(String, Predicate)}, naming what the folder holds in messages.
         *
         * @param forceFlag the {@code --force} flag ({@code "true"} or {@code ""})
         * @param what what an export is called in messages, e.g. {@code ranking} ("holds no earlier ranking export")
         * @param earlier whether a non-empty folder is an earlier export of this command (replaced without --force)
         * @return this
         */
        public Call export(String forceFlag, String what, Predicate<Path> earlier) {
            this.force = "true".equalsIgnoreCase(forceFlag);
            this.exportName = what;
            this.earlierExport = earlier;
            return this;
        }

        /**
         * @return the decoded request: the request file's arguments, overridden by the options given
         * @throws IllegalArgumentException for unknown options, bad values or a bad request file (one line)
         * @throws java.io.IOException when the request file cannot be read
         */
        public Record decode() throws java.io.IOException {
            JsonObject args = Requests.fromOptions(capability.requestType(), command, options.asMap());
            if (requestFile != null) {
                args = Requests.merge(Requests.readFile(Path.of(requestFile), command), args);
            }
            return Requests.decode(capability.requestType(), command, runner().arguments(capability.requestType(), args));
        }

        /**
         * @return the result
         * @throws Exception as the capability throws
         */
        public CapabilityResult run() throws Exception {
            Record request = decode();
            options.printNotes(System.err);
            String out = earlierExport == null ? null : out(request);
            try (OutputFolder folder = out == null ? null : OutputFolder.check(out, exportName, force, earlierExport)) {
                result = runner().run(capability, request);
                if (folder != null) {
                    StoredResult stored = store.find(result.resultId()).orElseThrow(() -> new IllegalStateException(
                            "result " + result.resultId() + " is not in the result store"));
                    folder.copyFilesOf(stored.directory());
                    folder.commit();
                    exported = folder;
                }
                return result;
            }
        }

        /** @return the result of the last {@link #run()}, or {@code null} before one */
        public CapabilityResult result() {
            return result;
        }

        /**
         * Runs and renders.
         *
         * @param jsonFlag the {@code --json} flag ({@code "true"} or {@code ""})
         * @return the stored JSON document (one line) with {@code --json}, otherwise the table
         * @throws Exception as the capability throws
         */
        public String render(String jsonFlag) throws Exception {
            CapabilityResult result = run();
            if ("true".equalsIgnoreCase(jsonFlag)) {
                return Views.json(store, result);
            }
            String table = Views.table(store, result);
            return exported == null ? table
                    : table + "\nout: " + exported.target() + (exported.replaces() ? " (replaced)" : "");
        }

        private static String out(Record request) {
            for (RecordComponent c : request.getClass().getRecordComponents()) {
                if (c.getName().equals("out") && c.getType() == String.class) {
                    try {
                        return (String) c.getAccessor().invoke(request);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return null;
        }
    }
}
