package io.vigil.command;

/** What a {@link Client} needs from the network layer that carries it. */
public interface Connection {
    /** Writes out whatever replies are pending. */
    void flush();

    /** Closes the connection now, dropping pending replies. */
    void close();

    /** Closes the connection once pending replies are written. */
    void closeAfterReply();

    /** The peer's address as CLIENT LIST shows it ({@code 127.0.0.1:51234} or {@code /tmp/redis.sock:0}). */
    String remoteAddress();

    /** The local address ({@code 127.0.0.1:6379}). */
    String localAddress();

    /** The file descriptor number, or -1 when unknown. */
    int fd();

    /** Whether the connection is a Unix domain socket. */
    boolean isUnixSocket();

    /** Bytes read but not yet decoded into a command. */
    int queryBufferBytes();

    /** Bytes written to the socket layer but not yet sent. */
    long pendingOutputBytes();

    /**
     * The client may run commands again (it was blocked or paused): run the requests that arrived
     * meanwhile, in order, and read again.
     */
    void resume();

    /** The connection of a client that has none (the pseudo client replaying the AOF): every call does nothing. */
    Connection NONE = new Connection() {
        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public void closeAfterReply() {
        }

        @Override
        public String remoteAddress() {
            return "";
        }

        @Override
        public String localAddress() {
            return "";
        }

        @Override
        public int fd() {
            return -1;
        }

        @Override
        public boolean isUnixSocket() {
            return false;
        }

        @Override
        public int queryBufferBytes() {
            return 0;
        }

        @Override
        public long pendingOutputBytes() {
            return 0;
        }

        @Override
        public void resume() {
        }
    };
}
