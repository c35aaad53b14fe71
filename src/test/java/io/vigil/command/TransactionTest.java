package io.vigil.command;

import io.vigil.testing.Differential;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** MULTI/EXEC/DISCARD/WATCH against real Redis 7.0 and Vigil, replies compared. */
class TransactionTest {
    private static ServerProcess redis;
    private static EmbeddedVigil vigil;

    @BeforeAll
    static void start() {
        redis = ServerProcess.redis().start();
        vigil = EmbeddedVigil.start();
    }

    @AfterAll
    static void stop() {
        vigil.close();
        redis.close();
    }

    private Differential both() {
        return new Differential(Resp.connect(redis), vigil.connect());
    }

    @BeforeEach
    void flush() {
        try (Differential d = both()) {
            d.check("FLUSHALL");
        }
    }

    @Test
    void queuedCommandsRunAtExecAndRuntimeErrorsDoNotRollBack() {
        try (Differential d = both()) {
            d.script("""
                    EXEC
                    DISCARD
                    MULTI
                    MULTI
                    SET a 1
                    INCR a
                    LPUSH a x
                    SET b 2
                    EXEC
                    GET a
                    GET b
                    MULTI
                    SET c 1
                    DISCARD
                    GET c
                    """);
        }
    }

    @Test
    void queueingErrorsAbortWithExecabort() {
        try (Differential d = both()) {
            d.script("""
                    MULTI
                    SET a 1
                    NOSUCHCOMMAND x
                    GET
                    EXEC
                    GET a
                    MULTI
                    WATCH a
                    EXEC
                    """);
        }
    }

    @Test
    void watchedKeyTouchedByAnotherClientFailsExec() {
        for (Resp.Reply[] pair : new Resp.Reply[][] {run(Resp.connect(redis), Resp.connect(redis)),
                run(vigil.connect(), vigil.connect())}) {
            assertThat(pair[0].isNull()).as("EXEC after a touched WATCH is null").isTrue();
            assertThat(pair[1].toString()).isEqualTo("\"other\"");
        }
    }

    private static Resp.Reply[] run(Resp a, Resp b) {
        try (a; b) {
            a.send("SET", "w", "mine");
            a.send("WATCH", "w");
            b.send("SET", "w", "other");
            a.send("MULTI");
            a.send("SET", "w", "tx");
            Resp.Reply exec = a.send("EXEC");
            return new Resp.Reply[] {exec, a.send("GET", "w")};
        }
    }

    @Test
    void flushdbAndSwapdbTouchWatchedKeys() {
        try (Resp a = vigil.connect(); Resp b = vigil.connect()) {
            a.send("SET", "k", "v");
            a.send("WATCH", "k");
            b.send("FLUSHDB");
            a.send("MULTI");
            a.send("PING");
            assertThat(a.send("EXEC").isNull()).isTrue();

            b.send("SELECT", "1");
            b.send("SET", "k", "in-db1");
            a.send("WATCH", "k");
            b.send("SWAPDB", "0", "1");
            a.send("MULTI");
            a.send("PING");
            assertThat(a.send("EXEC").isNull()).isTrue();
        }
    }

    @Test
    void untouchedWatchLetsExecRun() {
        try (Differential d = both()) {
            d.script("""
                    SET k v
                    WATCH k
                    GET k
                    MULTI
                    SET k v2
                    EXEC
                    GET k
                    UNWATCH
                    """);
        }
    }
}
