package io.vigil.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil up} refuses a port in use, names it and offers --base-port, before starting anything. */
class UpCommandTest {

    @Test
    void takenPortIsReportedWithBasePortAdvice(@TempDir Path dir) throws Exception {
        int port = FreePort.find("127.0.0.2");
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.2", port));
            System.setErr(new PrintStream(buf, true));
            int status = VigilTool.run("up", "--base-port", Integer.toString(port), "--dir", dir.resolve("run").toString());
            assertThat(status).isEqualTo(1);
        } finally {
            System.setErr(err);
        }
        assertThat(buf.toString()).contains("127.0.0.2:" + port).contains("already in use").contains("--base-port");
        assertThat(dir.resolve("run")).doesNotExist();
    }
}
