/**
 * Users of the shared runtime: their {@link lmwb.api.users.Role roles}, the {@link lmwb.api.users.UserDirectory}
 * that issues and checks their API tokens and passwords, and their SSH public keys.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package lmwb.api.users;
