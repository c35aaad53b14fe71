package io.vigil.replication;

import io.vigil.command.CommandSpec;
import io.vigil.command.CommandTable;

/** The replication commands, bound to one {@link Replication}: REPLICAOF, SLAVEOF, PSYNC, SYNC, REPLCONF, ROLE, WAIT. */
final class ReplicationCommands {
    private ReplicationCommands() {
    }

    static void register(CommandTable t, Replication r) {
        // REPLICAOF host port | NO ONE
        t.replace(CommandSpec.of("replicaof", 3, "admin noscript stale no_async_loading", 0, 0, 0, r::replicaof)
                .acl("@dangerous").doc("server", "5.0.0", "O(1)",
                        "Configures a server as replica of another, or promotes it to a master.")
                .args("host", "port"));
        // SLAVEOF host port | NO ONE
        t.replace(CommandSpec.of("slaveof", 3, "admin noscript stale no_async_loading", 0, 0, 0, r::replicaof)
                .acl("@dangerous").doc("server", "1.0.0", "O(1)",
                        "Sets a Redis server as a replica of another, or promotes it to being a master.")
                .args("host", "port"));
        // PSYNC replicationid offset
        t.replace(CommandSpec.of("psync", -3, "admin noscript no_async_loading no_multi", 0, 0, 0, (c, a) -> r.sync(c, a, true))
                .acl("@dangerous").doc("server", "2.8.0", "", "An internal command used in replication.")
                .args("replicationid", "offset"));
        // SYNC
        t.replace(CommandSpec.of("sync", 1, "admin noscript no_async_loading no_multi", 0, 0, 0, (c, a) -> r.sync(c, a, false))
                .acl("@dangerous").doc("server", "1.0.0", "", "An internal command used in replication."));
        // REPLCONF option value [option value ...]
        t.replace(CommandSpec.of("replconf", -1, "admin noscript loading stale allow_busy", 0, 0, 0, r::replconf)
                .acl("@dangerous").doc("server", "3.0.0", "O(1)", "An internal command for configuring the "
                        + "replication stream."));
        // ROLE
        t.replace(CommandSpec.of("role", 1, "noscript loading stale fast sentinel", 0, 0, 0, (c, a) -> r.role(c))
                .acl("@admin @dangerous").doc("server", "2.8.12", "O(1)",
                        "Returns the replication role."));
        // WAIT numreplicas timeout
        t.replace(CommandSpec.of("wait", 3, "noscript", 0, 0, 0, r::waitCommand)
                .acl("@connection")
                .doc("generic", "3.0.0", "O(1)",
                        "Waits until the preceding writes reached a number of replicas, or a timeout.")
                .args("numreplicas", "timeout"));
    }
}
