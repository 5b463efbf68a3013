package local.myoclonus.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.config.Setting;

/**
 * Starts a Neo4j Community DBMS in this JVM for the Node controller (src/neo4j/embedded.ts).
 *
 * <p>Arguments: {@code --home <dir> --bolt-port <port> [--setting name=value]... [--exit-on-stdin-eof]}.
 * The password for the built-in user {@code neo4j} comes from the environment variable
 * {@value #PASSWORD_ENV}, never from the command line.
 *
 * <p>Protocol on stdout (one line each, everything else goes to stderr or to the logs under the home dir):
 * <ul>
 *   <li>{@code NEO4J_READY {"version":"5.26.30","edition":"community","bolt":"bolt://127.0.0.1:7687"}} once every
 *       database is available and the password is set;</li>
 *   <li>{@code NEO4J_FAILED {"code":"...","message":"..."}} (codes: PORT_IN_USE, DATA_DIR_LOCKED, CONFIG_INVALID,
 *       BAD_ARGUMENTS, START_FAILED) before
 *       exiting with status 1 when start-up fails.</li>
 * </ul>
 *
 * <p>Shutdown: a JVM shutdown hook (SIGTERM, SIGINT, System.exit) calls {@code managementService.shutdown()}. With
 * {@code --exit-on-stdin-eof} the JVM also exits when its stdin (a pipe from the parent) reaches end of file, so a
 * parent that dies, even by SIGKILL, leaves no JVM behind.
 */
public final class EmbeddedNeo4jMain {
    static final String PASSWORD_ENV = "NEO4J_EMBEDDED_PASSWORD";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration AVAILABILITY_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Embedded-only defaults (config/neo4j.conf may override them). Bolt's Netty event loops otherwise wait a 5 s
     * quiet period each (bolt and bolt-local: 10 s) after the databases have already been checkpointed and closed,
     * which only delays the JVM's exit; 0 makes a clean stop take about a second.
     */
    private static final Map<String, String> LAUNCHER_SETTINGS =
            Map.of("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");

    private static final Object LOCK = new Object();
    private static final CountDownLatch STOPPED = new CountDownLatch(1);
    private static DatabaseManagementService managementService; // guarded by LOCK
    private static boolean shuttingDown; // guarded by LOCK

    private EmbeddedNeo4jMain() {}

    public static void main(String[] args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            fail("BAD_ARGUMENTS", e.getMessage(), null);
            return;
        }
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            fail("BAD_ARGUMENTS", "The environment variable " + PASSWORD_ENV + " must hold the password for user neo4j.",
                    null);
            return;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedNeo4jMain::shutdown, "neo4j-shutdown"));
        if (arguments.exitOnStdinEof) {
            watchStdin();
        }

        String bolt = "bolt://" + LOOPBACK + ":" + arguments.boltPort;
        try {
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(arguments.home);
            applySettings(builder, arguments.settings);
            // Set after the file's settings so the file cannot loosen them.
            builder.setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(LOOPBACK));
            builder.setConfig(BoltConnector.enabled, true);
            builder.setConfig(BoltConnector.listen_address, new SocketAddress(LOOPBACK, arguments.boltPort));
            builder.setConfig(BoltConnector.advertised_address, new SocketAddress(LOOPBACK, arguments.boltPort));
            builder.setConfig(GraphDatabaseSettings.auth_enabled, true);

            synchronized (LOCK) {
                if (shuttingDown) {
                    return;
                }
                managementService = builder.build();
            }

            DatabaseManagementService dbms = managementService;
            long deadline = System.nanoTime() + AVAILABILITY_TIMEOUT.toNanos();
            for (String name : dbms.listDatabases()) {
                GraphDatabaseService db = dbms.database(name);
                while (!db.isAvailable(1_000)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Database '" + name + "' did not become available within "
                                + AVAILABILITY_TIMEOUT.toSeconds() + " s.");
                    }
                }
            }

            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            setPassword(system, password);
            String[] versionAndEdition = versionAndEdition(dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME));

            System.out.println("NEO4J_READY {\"version\":" + json(versionAndEdition[0]) + ",\"edition\":"
                    + json(versionAndEdition[1]) + ",\"bolt\":" + json(bolt) + "}");
            System.out.flush();
        } catch (ConfigException e) {
            fail("CONFIG_INVALID", e.getMessage(), e.getCause());
            return;
        } catch (Throwable e) {
            if (isShuttingDown()) {
                return; // stopped while starting: nothing to report
            }
            if (isStoreLocked(e)) {
                fail("DATA_DIR_LOCKED", "The data directory " + arguments.home + " is in use by another running Neo4j ("
                        + rootMessage(e) + ")", e);
            } else if (isBindFailure(e)) {
                fail("PORT_IN_USE", "Neo4j could not bind Bolt to " + LOOPBACK + ":" + arguments.boltPort
                        + ": the port is already in use (" + rootMessage(e) + ")", e);
            } else {
                fail("START_FAILED", rootMessage(e), e);
            }
            return;
        }

        try {
            STOPPED.await(); // Neo4j's threads are not all non-daemon: keep the JVM alive until shutdown.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Validates the settings the way the Neo4j server validates neo4j.conf (strict: an unknown name or a bad value is
     * an error), then applies each one through the builder. {@link #LAUNCHER_SETTINGS} are applied last.
     */
    private static void applySettings(DatabaseManagementServiceBuilder builder, Map<String, String> fromConf)
            throws ConfigException {
        Config parsed;
        try {
            parsed = Config.newBuilder().setRaw(fromConf).build();
        } catch (RuntimeException e) {
            throw new ConfigException("Neo4j rejected a setting: " + rootMessage(e), e);
        }
        Map<String, String> launcher = new LinkedHashMap<>(LAUNCHER_SETTINGS);
        launcher.keySet().removeAll(fromConf.keySet());
        Config parsedLauncher = Config.newBuilder().setRaw(launcher).build();
        for (String name : fromConf.keySet()) {
            Setting<Object> setting = parsed.getSetting(name);
            builder.setConfig(setting, parsed.get(setting));
        }
        for (String name : launcher.keySet()) {
            Setting<Object> setting = parsedLauncher.getSetting(name);
            builder.setConfig(setting, parsedLauncher.get(setting));
        }
    }

    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to its current value; that means it is already right.
            String message = rootMessage(e).toLowerCase(Locale.ROOT);
            if (!message.contains("old password and new password cannot be the same")) {
                throw e;
            }
            // The password is right but may still be marked as "change required" (never by this launcher).
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static String[] versionAndEdition(GraphDatabaseService db) {
        return db.executeTransactionally(
                "CALL dbms.components() YIELD name, versions, edition WHERE name = 'Neo4j Kernel' "
                        + "RETURN versions[0] AS version, edition",
                Map.of(),
                (Result result) -> {
                    Map<String, Object> row = result.next();
                    return new String[] {String.valueOf(row.get("version")), String.valueOf(row.get("edition"))};
                });
    }

    private static void watchStdin() {
        Thread watcher = new Thread(
                () -> {
                    InputStream in = System.in;
                    byte[] buffer = new byte[256];
                    try {
                        while (in.read(buffer) >= 0) {
                            // The parent never writes; just wait for end of file.
                        }
                    } catch (IOException e) {
                        // A broken pipe means the same as end of file: the parent is gone.
                    }
                    System.err.println("[neo4j-embedded] stdin closed: the parent process is gone, shutting down");
                    System.exit(0);
                },
                "stdin-eof-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void shutdown() {
        synchronized (LOCK) {
            shuttingDown = true;
            if (managementService != null) {
                try {
                    managementService.shutdown();
                } catch (Throwable e) {
                    System.err.println("[neo4j-embedded] error during shutdown: " + e);
                }
                managementService = null;
            }
        }
        STOPPED.countDown();
    }

    private static boolean isShuttingDown() {
        synchronized (LOCK) {
            return shuttingDown;
        }
    }

    private static void fail(String code, String message, Throwable cause) {
        if (cause != null) {
            cause.printStackTrace(System.err);
        }
        System.err.flush();
        System.out.println("NEO4J_FAILED {\"code\":" + json(code) + ",\"message\":" + json(message) + "}");
        System.out.flush();
        System.exit(1);
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException
                    || t.getClass().getSimpleName().equals("PortBindException")
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isStoreLocked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getSimpleName().equals("FileLockException")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.toString();
        if (root != e && e.getMessage() != null && !e.getMessage().contains(message)) {
            return e.getMessage() + ": " + message;
        }
        return message;
    }

    static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static final class ConfigException extends Exception {
        ConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Arguments(Path home, int boltPort, Map<String, String> settings, boolean exitOnStdinEof) {
        static Arguments parse(String[] args) {
            Path home = null;
            Integer port = null;
            Map<String, String> settings = new LinkedHashMap<>();
            boolean exitOnStdinEof = false;
            List<String> list = List.of(args);
            for (int i = 0; i < list.size(); i++) {
                String arg = list.get(i);
                switch (arg) {
                    case "--home" -> home = Path.of(value(list, ++i, arg)).toAbsolutePath();
                    case "--bolt-port" -> {
                        String raw = value(list, ++i, arg);
                        try {
                            port = Integer.parseInt(raw);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--bolt-port must be a number, got '" + raw + "'");
                        }
                        if (port < 1 || port > 65535) {
                            throw new IllegalArgumentException("--bolt-port must be 1-65535, got " + port);
                        }
                    }
                    case "--setting" -> {
                        String raw = value(list, ++i, arg);
                        int eq = raw.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--setting expects name=value, got '" + raw + "'");
                        }
                        String name = raw.substring(0, eq).trim();
                        if (settings.put(name, raw.substring(eq + 1).trim()) != null) {
                            throw new IllegalArgumentException("Setting '" + name + "' given twice");
                        }
                    }
                    case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                    default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'");
                }
            }
            if (home == null || port == null) {
                throw new IllegalArgumentException("Usage: --home <dir> --bolt-port <port> [--setting name=value]... "
                        + "[--exit-on-stdin-eof]");
            }
            try {
                Files.createDirectories(home);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot create the home directory " + home + ": " + e);
            }
            return new Arguments(home, port, settings, exitOnStdinEof);
        }

        private static String value(List<String> list, int index, String flag) {
            if (index >= list.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return list.get(index);
        }
    }
}
