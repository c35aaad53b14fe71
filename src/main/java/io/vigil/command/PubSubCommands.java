package io.vigil.command;

import io.vigil.protocol.Reply;

import java.util.List;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, PUBSUB, SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH.
 * The registry and the delivery live in {@link PubSub}; the RESP2 "subscribed context" restriction is the
 * engine's. Confirmations and messages are push frames: arrays in RESP2, {@code >} frames in RESP3.
 */
final class PubSubCommands {
    private PubSubCommands() {
    }

    private static final String[] HELP = {
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help.",
    };

    static void register(CommandTable t) {
        String sub = "pubsub noscript loading stale";
        t.add(CommandSpec.of("subscribe", -2, sub, 0, 0, 0, PubSubCommands::subscribe)
                .doc("pubsub", "2.0.0", "O(N) where N is the number of channels to subscribe to.",
                        "Listens for messages published to the given channels.")
                .args("channel [channel ...]"));
        t.add(CommandSpec.of("unsubscribe", -1, sub, 0, 0, 0, PubSubCommands::unsubscribe)
                .doc("pubsub", "2.0.0", "O(N) where N is the number of clients already subscribed to a channel.",
                        "Stops listening to the given channels, or to all of them.")
                .args("[channel [channel ...]]"));
        t.add(CommandSpec.of("psubscribe", -2, sub, 0, 0, 0, PubSubCommands::psubscribe)
                .doc("pubsub", "2.0.0", "O(N) where N is the number of patterns the client is already subscribed to.",
                        "Listens for messages published to channels whose names match the given patterns.")
                .args("pattern [pattern ...]"));
        t.add(CommandSpec.of("punsubscribe", -1, sub, 0, 0, 0, PubSubCommands::punsubscribe)
                .doc("pubsub", "2.0.0", "O(N+M) where N is the number of patterns the client is already subscribed "
                        + "and M is the number of total patterns subscribed in the system (by any client).",
                        "Stops listening to the given patterns, or to all of them.")
                .args("[pattern [pattern ...]]"));
        t.add(CommandSpec.of("publish", 3, "pubsub loading stale fast", 0, 0, 0, PubSubCommands::publish)
                .doc("pubsub", "2.0.0", "O(N+M) where N is the number of clients subscribed to the receiving channel "
                        + "and M is the total number of subscribed patterns (by any client).",
                        "Sends a message to a channel and returns how many subscribers got it.")
                .args("channel", "message"));
        t.add(CommandSpec.container("pubsub", -2, "")
                .doc("pubsub", "2.8.0", "Depends on subcommand.", "Introspection of the pub/sub state.")
                .sub(CommandSpec.of("channels", -2, "pubsub loading stale", 0, 0, 0, PubSubCommands::channels)
                        .doc("pubsub", "2.8.0", "O(N) where N is the number of active channels, and assuming constant "
                                + "time pattern matching (relatively short channels and patterns)",
                                "Lists the channels that have subscribers, optionally filtered by a pattern.")
                        .args("[pattern]"))
                .sub(CommandSpec.of("numpat", 2, "pubsub loading stale", 0, 0, 0, PubSubCommands::numpat)
                        .doc("pubsub", "2.8.0", "O(1)", "Counts the distinct patterns that have subscribers."))
                .sub(CommandSpec.of("numsub", -2, "pubsub loading stale", 0, 0, 0, PubSubCommands::numsub)
                        .doc("pubsub", "2.8.0", "O(N) for the NUMSUB subcommand, where N is the number of requested "
                                + "channels", "Counts the direct subscribers of each given channel.")
                        .args("[channel [channel ...]]"))
                .sub(CommandSpec.of("shardchannels", -2, "pubsub loading stale", 0, 0, 0,
                        PubSubCommands::shardchannels)
                        .doc("pubsub", "7.0.0", "O(N) where N is the number of active shard channels, and assuming "
                                + "constant time pattern matching (relatively short shard channels).",
                                "Lists the shard channels that have subscribers, optionally filtered by a pattern.")
                        .args("[pattern]"))
                .sub(CommandSpec.of("shardnumsub", -2, "pubsub loading stale", 0, 0, 0, PubSubCommands::shardnumsub)
                        .doc("pubsub", "7.0.0", "O(N) for the SHARDNUMSUB subcommand, where N is the number of "
                                + "requested shard channels", "Counts the subscribers of each given shard channel.")
                        .args("[shardchannel [shardchannel ...]]"))
                .sub(CommandSpec.of("help", 2, "loading stale", 0, 0, 0, PubSubCommands::help)
                        .doc("pubsub", "6.2.0", "O(1)", "Describes the PUBSUB subcommands.")));
        t.add(CommandSpec.of("ssubscribe", -2, sub, 1, -1, 1, PubSubCommands::ssubscribe)
                .doc("pubsub", "7.0.0", "O(N) where N is the number of shard channels to subscribe to.",
                        "Listens for messages published to the given shard channels.")
                .args("shardchannel [shardchannel ...]"));
        t.add(CommandSpec.of("sunsubscribe", -1, sub, 1, -1, 1, PubSubCommands::sunsubscribe)
                .doc("pubsub", "7.0.0", "O(N) where N is the number of clients already subscribed to a shard channel.",
                        "Stops listening to the given shard channels, or to all of them.")
                .args("[shardchannel [shardchannel ...]]"));
        t.add(CommandSpec.of("spublish", 3, "pubsub loading stale fast", 1, 1, 1, PubSubCommands::spublish)
                .doc("pubsub", "7.0.0", "O(N) where N is the number of clients subscribed to the receiving shard "
                        + "channel.", "Sends a message to a shard channel and returns how many subscribers got it.")
                .args("shardchannel", "message"));
    }

    /** SUBSCRIBE channel [channel ...] */
    static void subscribe(Client c, byte[][] argv) {
        PubSub ps = c.engine().pubsub();
        for (int i = 1; i < argv.length; i++) {
            ps.subscribe(c, argv[i]);
        }
    }

    /** UNSUBSCRIBE [channel [channel ...]] */
    static void unsubscribe(Client c, byte[][] argv) {
        PubSub ps = c.engine().pubsub();
        if (argv.length == 1) {
            ps.unsubscribeAll(c);
        } else {
            for (int i = 1; i < argv.length; i++) {
                ps.unsubscribe(c, argv[i]);
            }
        }
        ps.updateFlag(c);
    }

    /** PSUBSCRIBE pattern [pattern ...] */
    static void psubscribe(Client c, byte[][] argv) {
        PubSub ps = c.engine().pubsub();
        for (int i = 1; i < argv.length; i++) {
            ps.psubscribe(c, argv[i]);
        }
    }

    /** PUNSUBSCRIBE [pattern [pattern ...]] */
    static void punsubscribe(Client c, byte[][] argv) {
        PubSub ps = c.engine().pubsub();
        if (argv.length == 1) {
            ps.punsubscribeAll(c);
        } else {
            for (int i = 1; i < argv.length; i++) {
                ps.punsubscribe(c, argv[i]);
            }
        }
        ps.updateFlag(c);
    }

    /** SSUBSCRIBE shardchannel [shardchannel ...] */
    static void ssubscribe(Client c, byte[][] argv) {
        PubSub ps = c.engine().pubsub();
        for (int i = 1; i < argv.length; i++) {
            ps.ssubscribe(c, argv[i]);
        }
    }

    /** SUNSUBSCRIBE [shardchannel [shardchannel ...]] */
    static void sunsubscribe(Client c, byte[][] argv) {
        PubSub ps = c.engine().pubsub();
        if (argv.length == 1) {
            ps.sunsubscribeAll(c);
        } else {
            for (int i = 1; i < argv.length; i++) {
                ps.sunsubscribe(c, argv[i]);
            }
        }
        ps.updateFlag(c);
    }

    /** PUBLISH channel message */
    static void publish(Client c, byte[][] argv) {
        int n = c.engine().pubsub().publish(argv[1], argv[2]);
        // Replicas deliver it to their own subscribers; the AOF never sees it (Redis's PROPAGATE_REPL).
        c.engine().propagateToReplicas(c.dbIndex(), argv);
        c.reply().integer(n);
    }

    /** SPUBLISH shardchannel message */
    static void spublish(Client c, byte[][] argv) {
        int n = c.engine().pubsub().spublish(argv[1], argv[2]);
        c.engine().propagateToReplicas(c.dbIndex(), argv);
        c.reply().integer(n);
    }

    /** PUBSUB CHANNELS [pattern] */
    static void channels(Client c, byte[][] argv) {
        if (argv.length > 3) {
            wrongArgs(c, argv);
            return;
        }
        replyNames(c, c.engine().pubsub().channels(argv.length == 3 ? argv[2] : null));
    }

    /** PUBSUB SHARDCHANNELS [pattern] */
    static void shardchannels(Client c, byte[][] argv) {
        if (argv.length > 3) {
            wrongArgs(c, argv);
            return;
        }
        replyNames(c, c.engine().pubsub().shardChannels(argv.length == 3 ? argv[2] : null));
    }

    /** PUBSUB NUMSUB [channel [channel ...]] */
    static void numsub(Client c, byte[][] argv) {
        PubSub ps = c.engine().pubsub();
        Reply r = c.reply();
        r.array((argv.length - 2) * 2);
        for (int i = 2; i < argv.length; i++) {
            r.bulk(argv[i]);
            r.integer(ps.numsub(argv[i]));
        }
    }

    /** PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]] */
    static void shardnumsub(Client c, byte[][] argv) {
        PubSub ps = c.engine().pubsub();
        Reply r = c.reply();
        r.array((argv.length - 2) * 2);
        for (int i = 2; i < argv.length; i++) {
            r.bulk(argv[i]);
            r.integer(ps.shardNumsub(argv[i]));
        }
    }

    /** PUBSUB NUMPAT */
    static void numpat(Client c, byte[][] argv) {
        c.reply().integer(c.engine().pubsub().patternCount());
    }

    /** PUBSUB HELP */
    static void help(Client c, byte[][] argv) {
        c.reply().array(HELP.length);
        for (String line : HELP) {
            c.reply().simple(line);
        }
    }

    private static void wrongArgs(Client c, byte[][] argv) {
        c.reply().error("ERR unknown subcommand or wrong number of arguments for '" + Engine.str(argv[1])
                + "'. Try PUBSUB HELP.");
    }

    private static void replyNames(Client c, List<byte[]> names) {
        c.reply().array(names.size());
        for (byte[] n : names) {
            c.reply().bulk(n);
        }
    }
}
