package lmwb.itest;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/** Helpers for in-framework tests: run Gogo commands, drop files into the deploy folder, wait. */
final class Framework {
    private Framework() {
    }

    static BundleContext context() {
        return FrameworkUtil.getBundle(Framework.class).getBundleContext();
    }

    /** Runs a Gogo command line and returns what it returned (as text) — the command's result value. */
    static String run(CommandProcessor processor, String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), ps, ps)) {
            Object result = session.execute(line);
            return result == null ? out.toString(StandardCharsets.UTF_8) : result.toString();
        }
    }

    static Path deployDir() throws Exception {
        Path dir = Path.of(context().getProperty("felix.fileinstall.dir"));
        Files.createDirectories(dir);
        return dir;
    }

    /** Copies a resource of this bundle into the deploy folder atomically (FileInstall never sees half a jar). */
    static Path deploy(String resource, String fileName) throws Exception {
        Path dir = deployDir();
        Path tmp = dir.resolve("." + fileName + ".tmp");
        try (InputStream in = Framework.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing from the test bundle");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Path target = dir.resolve(fileName);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Writes {@code bytes} into the deploy folder as {@code fileName}, atomically. */
    static Path deploy(byte[] bytes, String fileName) throws Exception {
        Path dir = deployDir();
        Path tmp = dir.resolve("." + fileName + ".tmp");
        Files.write(tmp, bytes);
        Path target = dir.resolve(fileName);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; returns the time it took, or -1. */
    static long await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean() ? (System.nanoTime() - start) / 1_000_000 : -1;
    }
}
