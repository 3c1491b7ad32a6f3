package lmwb.ssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import lmwb.api.users.Role;
import lmwb.db.Database;
import lmwb.db.DatabaseSettings;
import lmwb.users.JdbcUserDirectory;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Public-key authentication against keys registered in the real user directory (H2). */
class RegisteredKeysTest {
    @TempDir
    Path home;

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void onlyTheUsersOwnKeysAuthenticate() throws Exception {
        KeyPair alice = ec();
        KeyPair bob = ec();
        try (Database db = Database.open(DatabaseSettings.validated(Map.of(), home))) {
            JdbcUserDirectory users = new JdbcUserDirectory(db);
            users.add("alice", Role.MEMBER, List.of(PublicKeyEntry.toString(alice.getPublic()) + " alice@laptop"));
            users.add("bob", Role.MEMBER, List.of(PublicKeyEntry.toString(bob.getPublic())));
            RegisteredKeys keys = new RegisteredKeys(users);
            assertTrue(keys.authenticate("alice", alice.getPublic(), null));
            assertFalse(keys.authenticate("alice", bob.getPublic(), null), "another user's key");
            assertFalse(keys.authenticate("alice", ec().getPublic(), null), "an unregistered key");
            assertFalse(keys.authenticate("carol", alice.getPublic(), null), "an unknown user");
        }
    }

    /** A public key line as {@code ssh-keygen -t ed25519} wrote it (test resources, generated with OpenSSH 9.2). */
    private static String keyLine(String resource) throws IOException {
        try (InputStream in = RegisteredKeysTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static PublicKey decoded(String line) throws Exception {
        return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line).resolvePublicKey(null, Map.of(),
                PublicKeyEntryResolver.FAILING);
    }

    @Test
    void ed25519KeysOfSshKeygenAuthenticate() throws Exception {
        String alice = keyLine("alice_ed25519.pub");
        String mallory = keyLine("mallory_ed25519.pub");
        try (Database db = Database.open(DatabaseSettings.validated(Map.of(), home))) {
            JdbcUserDirectory users = new JdbcUserDirectory(db);
            users.add("alice", Role.MEMBER, List.of(alice));
            RegisteredKeys keys = new RegisteredKeys(users);
            // the key an ssh client presents, decoded as MINA decodes it off the wire (needs an EdDSA provider)
            assertTrue(keys.authenticate("alice", decoded(alice), null), "alice's own ed25519 key");
            assertFalse(keys.authenticate("alice", decoded(mallory), null), "another ed25519 key");
        }
    }
}
