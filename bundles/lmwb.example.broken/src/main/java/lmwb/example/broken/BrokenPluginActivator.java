package lmwb.example.broken;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * A deliberately broken plugin used by the hot-deploy tests: its manifest imports a package nobody exports
 * ({@code lmwb.does.not.exist}), so it can never resolve. The runtime must report it and keep working.
 */
public class BrokenPluginActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("unreachable: this bundle cannot resolve");
    }

    @Override
    public void stop(BundleContext context) {
        // nothing was started
    }
}
