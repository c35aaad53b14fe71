package io.vigil.command;

import io.vigil.command.ServerTestSupport.RealRedis;
import io.vigil.command.ServerTestSupport.Resp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards over the command table itself: every spec can run, write commands say so, and every command Vigil
 * shares with Redis 7.0 has Redis's arity, flags, key positions and ACL categories (queried from a real
 * redis-server, so the table cannot drift).
 */
class CommandTableGuardTest {
    static final CommandTable TABLE = CommandTable.standard();

    @Test
    void everySpecHasAHandlerOrSubcommands() {
        for (CommandSpec spec : TABLE.all()) {
            assertThat(spec.handler() != null || !spec.subcommands().isEmpty())
                    .as("%s has neither handler nor subcommands", spec.name()).isTrue();
            for (CommandSpec sub : spec.subcommands().values()) {
                assertThat(sub.handler()).as("%s has no handler", sub.name()).isNotNull();
                assertThat(sub.parent()).isSameAs(spec);
                assertThat(sub.name()).isEqualTo(spec.name() + "|" + sub.shortName());
            }
        }
    }

    @Test
    void everySpecIsConsistentAndDocumented() {
        for (CommandSpec spec : TABLE.allWithSubcommands()) {
            String n = spec.name();
            assertThat(spec.is(CommandFlags.WRITE) && spec.is(CommandFlags.READONLY)).as(n).isFalse();
            if (spec.firstKey() > 0) {
                assertThat(spec.step()).as(n).isPositive();
            }
            if (spec.is(CommandFlags.DENYOOM)) {
                assertThat(spec.is(CommandFlags.WRITE)).as("%s is denyoom but not write", n).isTrue();
            }
            assertThat(spec.arity()).as(n).isNotZero();
            assertThat(spec.summary()).as("%s has no summary", n).isNotBlank();
            assertThat(spec.since()).as(n).matches("\\d+\\.\\d+\\.\\d+");
        }
    }

    @Test
    void writeCommandsAreFlaggedWriteOrAdmin() {
        // Dynamic check: every command that changed the dataset (and so was propagated) must be flagged
        // write (or may_replicate / admin), or replicas and the AOF would be fed by read-only commands.
        List<String> propagated = new ArrayList<>();
        io.vigil.cli.Node node = ServerTestSupport.startVigil();
        try (Resp r = new Resp(node.port())) {
            node.server().onMain(() -> {
                node.engine().propagator((db, argv) -> propagated.add(Engine.lower(argv[0])));
                return null;
            });
            for (String c : List.of("SET guard:a 1", "GET guard:a", "SET guard:b 2 NX", "SET guard:a 3 GET",
                    "EXPIRE guard:a 100", "PERSIST guard:a", "RENAME guard:a guard:c", "INCR guard:n",
                    "APPEND guard:s x", "SETBIT guard:bits 1 1", "DEL guard:b", "MSET guard:x 1 guard:y 2",
                    "CONFIG SET hz 10", "CLIENT SETNAME guard", "INFO", "COMMAND COUNT", "TIME", "FLUSHDB")) {
                // commands another branch has not added yet are simply unknown here
                if (TABLE.lookup(c.split(" ")[0].toLowerCase(java.util.Locale.ROOT)) != null) {
                    r.call(c.split(" "));
                }
            }
            node.server().onMain(() -> null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            node.stop();
        }
        assertThat(propagated).isNotEmpty();
        for (String name : propagated) {
            CommandSpec spec = TABLE.lookup(name);
            assertThat(spec.is(CommandFlags.WRITE) || spec.is(CommandFlags.MAY_REPLICATE)
                    || spec.is(CommandFlags.ADMIN)).as("%s propagated but is not flagged write", name).isTrue();
        }
    }

    /** One COMMAND entry reduced to what must match Redis. */
    record Shape(long arity, List<String> flags, long first, long last, long step, List<String> acl) {
    }

    @SuppressWarnings("unchecked")
    static void collect(Object reply, Map<String, Shape> out) {
        for (Object o : (List<Object>) reply) {
            List<Object> e = (List<Object>) o;
            out.put((String) e.get(0), new Shape((Long) e.get(1), (List<String>) e.get(2), (Long) e.get(3),
                    (Long) e.get(4), (Long) e.get(5), (List<String>) e.get(6)));
            collect(e.get(9), out);
        }
    }

    @Test
    void sharedCommandsMatchRealRedis() {
        Assumptions.assumeTrue(ServerTestSupport.redisAvailable(), "redis-server not installed");
        Map<String, Shape> redis = new HashMap<>();
        try (RealRedis real = new RealRedis(); Resp r = new Resp(real.port)) {
            collect(r.call("COMMAND"), redis);
        }
        io.vigil.cli.Node node = ServerTestSupport.startVigil();
        Map<String, Shape> vigil = new HashMap<>();
        try (Resp r = new Resp(node.port())) {
            collect(r.call("COMMAND"), vigil);
        } finally {
            node.stop();
        }
        List<String> mismatches = new ArrayList<>();
        int shared = 0;
        for (Map.Entry<String, Shape> e : vigil.entrySet()) {
            Shape want = redis.get(e.getKey());
            if (want == null) {
                continue;
            }
            shared++;
            if (!want.equals(e.getValue())) {
                mismatches.add(e.getKey() + ": redis " + want + " vigil " + e.getValue());
            }
        }
        assertThat(shared).isGreaterThan(10);
        assertThat(mismatches).as("commands whose spec differs from Redis 7.0").isEmpty();
    }

    @Test
    void keySpecsCoverTheFirstLastStepRange() {
        // The legacy first/last/step triple and the key specs describe the same keys for plain commands.
        for (CommandSpec spec : TABLE.allWithSubcommands()) {
            if (spec.firstKey() <= 0 || CommandIntrospection.movableKeys(spec)) {
                continue;
            }
            List<CommandIntrospection.KeySpec> specs = CommandIntrospection.keySpecs(spec);
            assertThat(specs).as(spec.name()).isNotEmpty();
            assertThat(specs.get(0).pos()).as(spec.name()).isEqualTo(spec.firstKey());
        }
    }
}
