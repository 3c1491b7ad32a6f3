package lmwb.shell.core;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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
 * Refuses a second copy of a plug-in. FileInstall, given a jar whose symbolic name and version are those of a
 * bundle it already installed from another file, updates that bundle with the new jar's content: the second copy
 * silently replaces the first. A user who drops a copy (a backup, a rebuilt jar under another name) expects the
 * plug-in that runs to keep running. As an {@link ArtifactInstaller} asked before FileInstall's own handling, this
 * component takes such jars and installs nothing; {@code lmwb:plugins} lists each with the bundle that stays active
 * and what to do. A jar whose version differs is not a copy and is left to FileInstall (a newer version installs
 * beside the old one).
 *
 * <p>Which copy is used: the one already installed; when none is (copies that FileInstall finds in the same scan:
 * several already in the folder when the runtime starts, or dropped together), the one whose file name sorts first
 * (by {@link String#compareTo}). FileInstall asks every installer about every new file of a scan before it installs
 * any, so the file name, not the order of a scan, decides. The runtime starts FileInstall after this bundle
 * ({@code runtime/lmwb.bndrun}), so this guard is asked in the first scan too.
 */
@Component(service = {ArtifactInstaller.class, DuplicateBundleGuard.class})
public class DuplicateBundleGuard implements ArtifactInstaller {
    private static final System.Logger LOG = System.getLogger(DuplicateBundleGuard.class.getName());

    /**
     * A refused copy.
     *
     * @param bundle the symbolic name
     * @param version the version
     * @param activeId the id of the installed bundle that stays active, or {@code -1} when the copy that is used was
     *        not installed yet (it was found in the same scan and its file name sorts first)
     * @param activeFile the file of the copy that is used, or {@code null} when that bundle is not from a file
     */
    public record Refusal(String bundle, Version version, long activeId, Path activeFile) {
        /**
         * @param jar the refused file
         * @return why it was refused and what to do, in one line
         */
        public String reason(Path jar) {
            String used = activeId >= 0
                    ? "bundle " + activeId + (activeFile == null ? "" : " from " + activeFile.getFileName()) + " stays active"
                    : activeFile.getFileName() + " is used (of copies found together, the file name that sorts first)";
            return "refused: a second copy of " + bundle + " " + version + "; " + used + ". Remove " + jar.getFileName()
                    + ", or give it a higher Bundle-Version to install it beside the " + (activeId >= 0 ? "active" : "used")
                    + " one";
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

    /**
     * Why a jar is a second copy: an installed bundle with its symbolic name and version from another file, or, when
     * none is installed, another jar of the same folder with them whose file name sorts first.
     */
    private Optional<Refusal> duplicateOf(Path jar) {
        Path file = jar.toAbsolutePath().normalize();
        Optional<Identity> id = Identity.of(file);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        for (Bundle b : context.getBundles()) {
            if (id.get().bsn().equals(b.getSymbolicName()) && id.get().version().equals(b.getVersion())) {
                Path from = locationFile(b.getLocation());
                return file.equals(from) ? Optional.empty()
                        : Optional.of(new Refusal(id.get().bsn(), id.get().version(), b.getBundleId(), from));
            }
        }
        return firstSibling(file, id.get()).map(first -> new Refusal(id.get().bsn(), id.get().version(), -1, first));
    }

    /** The jar beside {@code file} with the same identity whose name sorts first, if it is not {@code file}. */
    private static Optional<Path> firstSibling(Path file, Identity id) {
        Path first = file;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(file.getParent(), "*.jar")) {
            for (Path other : jars) {
                Path o = other.toAbsolutePath().normalize();
                if (o.getFileName().toString().compareTo(first.getFileName().toString()) < 0 && Files.isRegularFile(o)
                        && Identity.of(o).filter(id::equals).isPresent()) {
                    first = o;
                }
            }
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // the folder cannot be listed: no sibling to prefer; FileInstall reports the rest
        }
        return first.equals(file) ? Optional.empty() : Optional.of(first);
    }

    /** A jar's bundle symbolic name and version, as the framework would read them. */
    private record Identity(String bsn, Version version) {
        static Optional<Identity> of(Path jar) {
            if (!jar.getFileName().toString().endsWith(".jar")) {
                return Optional.empty();
            }
            try (JarFile f = new JarFile(jar.toFile())) {
                Manifest manifest = f.getManifest();
                Attributes main = manifest == null ? null : manifest.getMainAttributes();
                String name = main == null ? null : main.getValue(Constants.BUNDLE_SYMBOLICNAME);
                if (name == null) {
                    return Optional.empty();
                }
                String v = main.getValue(Constants.BUNDLE_VERSION);
                return Optional.of(new Identity(name.split(";", 2)[0].strip(),
                        v == null ? Version.emptyVersion : Version.parseVersion(v.strip())));
            } catch (IOException | IllegalArgumentException | SecurityException e) {
                return Optional.empty(); // not a readable bundle: FileInstall reports it, lmwb:plugins explains it
            }
        }
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
