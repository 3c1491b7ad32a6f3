package lmwb.shell.core;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Refuses a second copy of an installed plug-in. FileInstall, given a jar whose symbolic name and version are
 * those of a bundle it already installed from another file, updates that bundle with the new jar's content: the
 * second copy silently replaces the first. A user who drops a copy (a backup, a rebuilt jar under another name)
 * expects the plug-in that runs to keep running. As an {@link ArtifactInstaller} asked before FileInstall's own
 * handling, this component takes such jars and installs nothing; {@code lmwb:plugins} lists each with the bundle
 * that stays active and what to do. A jar whose version differs is not a copy and is left to FileInstall (a newer
 * version installs beside the old one).
 */
@Component(service = {ArtifactInstaller.class, DuplicateBundleGuard.class})
public class DuplicateBundleGuard implements ArtifactInstaller {
    private static final System.Logger LOG = System.getLogger(DuplicateBundleGuard.class.getName());

    /**
     * A refused copy.
     *
     * @param bundle the symbolic name
     * @param version the version
     * @param activeId the id of the installed bundle that stays active
     * @param activeFile the file that bundle was installed from, or {@code null} when it is not a file
     */
    public record Refusal(String bundle, Version version, long activeId, Path activeFile) {
        /**
         * @param jar the refused file
         * @return why it was refused and what to do, in one line
         */
        public String reason(Path jar) {
            return "refused: a second copy of " + bundle + " " + version + "; bundle " + activeId
                    + (activeFile == null ? "" : " from " + activeFile.getFileName()) + " stays active. Remove "
                    + jar.getFileName() + ", or give it a higher Bundle-Version to install it beside the active one";
        }
    }

    private final BundleContext context;
    private final Map<Path, Refusal> refused = new ConcurrentHashMap<>();

    /** @param context this bundle's context, to see the installed bundles */
    @Activate
    public DuplicateBundleGuard(BundleContext context) {
        this.context = context;
    }

    /**
     * @param jar a file of the deploy folder
     * @return the refusal of that file, if it was refused
     */
    public Optional<Refusal> refusal(Path jar) {
        return Optional.ofNullable(refused.get(jar.toAbsolutePath().normalize()));
    }

    @Override
    public boolean canHandle(File artifact) {
        return duplicateOf(artifact.toPath()).isPresent();
    }

    @Override
    public void install(File artifact) {
        refuse(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        refuse(artifact.toPath());
    }

    @Override
    public void uninstall(File artifact) {
        refused.remove(artifact.toPath().toAbsolutePath().normalize());
    }

    private void refuse(Path jar) {
        Path file = jar.toAbsolutePath().normalize();
        Optional<Refusal> refusal = duplicateOf(file);
        if (refusal.isEmpty()) {
            // The installed copy went away between FileInstall's question and this call: nothing to refuse now.
            refused.remove(file);
            return;
        }
        refused.put(file, refusal.get());
        LOG.log(Level.WARNING, "lmwb plug-ins: " + file.getFileName() + ": " + refusal.get().reason(file));
    }

    /** The installed bundle a jar is a second copy of: same symbolic name and version, installed from another file. */
    private Optional<Refusal> duplicateOf(Path jar) {
        if (!jar.getFileName().toString().endsWith(".jar")) {
            return Optional.empty();
        }
        Path file = jar.toAbsolutePath().normalize();
        String bsn;
        Version version;
        try (JarFile f = new JarFile(file.toFile())) {
            Manifest manifest = f.getManifest();
            Attributes main = manifest == null ? null : manifest.getMainAttributes();
            String name = main == null ? null : main.getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (name == null) {
                return Optional.empty();
            }
            bsn = name.split(";", 2)[0].strip();
            String v = main.getValue(Constants.BUNDLE_VERSION);
            version = v == null ? Version.emptyVersion : Version.parseVersion(v.strip());
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return Optional.empty(); // not a readable bundle: FileInstall reports it, lmwb:plugins explains it
        }
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName()) && version.equals(b.getVersion())) {
                Path from = locationFile(b.getLocation());
                if (!file.equals(from)) {
                    return Optional.of(new Refusal(bsn, version, b.getBundleId(), from));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param location a bundle location
     * @return the file it names ({@code file:} or {@code reference:file:}), or {@code null}
     */
    static Path locationFile(String location) {
        try {
            URI uri = URI.create(location.startsWith("reference:") ? location.substring("reference:".length()) : location);
            return "file".equals(uri.getScheme()) ? Path.of(uri).toAbsolutePath().normalize() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
