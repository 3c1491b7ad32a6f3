package lmwb.ssh;

import java.security.PublicKey;
import lmwb.api.users.UserDirectory;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/** Public-key authentication against the keys each user registered ({@code user add NAME --ssh-key FILE.pub}). */
final class RegisteredKeys implements PublickeyAuthenticator {
    private static final System.Logger LOG = System.getLogger("lmwb.ssh");
    private final UserDirectory users;

    RegisteredKeys(UserDirectory users) {
        this.users = users;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        if (matches(username, key)) {
            return true;
        }
        LOG.log(System.Logger.Level.WARNING, "ssh: key refused for user '" + printable(username) + "' from "
                + (session == null ? "?" : session.getClientAddress()) + " (" + KeyUtils.getKeyType(key) + " "
                + KeyUtils.getFingerPrint(key) + ")");
        return false;
    }

    /** @return whether {@code key} is one of the user's registered keys (lines the server cannot read never match) */
    boolean matches(String username, PublicKey key) {
        for (String line : users.sshKeys(username)) {
            try {
                PublicKey registered = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line)
                        .resolvePublicKey(null, java.util.Map.of(), PublicKeyEntryResolver.IGNORING);
                if (registered != null && KeyUtils.compareKeys(registered, key)) {
                    return true;
                }
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "ssh: a registered key of " + username + " cannot be read: " + e);
            }
        }
        return false;
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._@-]", "?");
        return t.length() > 40 ? t.substring(0, 40) : t;
    }
}
