package io.vigil.persistence.rdb;

/** Receives the elements of a listpack, ziplist or intset in order, each either bytes or an integer. */
interface ElementSink {
    /** A string element: {@code buf[off, off+len)} (the array is the blob: copy what you keep). */
    void string(byte[] buf, int off, int len) throws RdbFormatException;

    /** An integer element. */
    void integer(long value) throws RdbFormatException;
}
