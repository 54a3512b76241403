package io.sfsync.pull;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes a pull's pages on a thread of its own, one page at a time, so the next page is fetched and parsed while
 * the current one is written (writing is most of a large first pull). At most one page waits: {@link #submit}
 * first waits for the page before, and a failed write is rethrown, as it was thrown, by the next call.
 */
final class WriteBehind {

    /** One page's write, on the step's connection. */
    interface PageWrite {
        void run() throws SQLException, IOException;
    }

    private final ExecutorService executor;
    private Future<?> pending;

    WriteBehind(String name) {
        // one thread at most, ended after a second without a page: nothing lingers if a step is abandoned
        this.executor = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "sfsync-write-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for the page before (rethrowing its failure), then starts writing this one. */
    void submit(PageWrite write) throws SQLException, IOException {
        await();
        pending = executor.submit(() -> {
            write.run();
            return null;
        });
    }

    /** Waits until the page being written is written; rethrows its failure. */
    void await() throws SQLException, IOException {
        Future<?> f = pending;
        if (f == null) {
            return;
        }
        pending = null;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while a page was written", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    /** Waits for the page being written without rethrowing (the step is failing anyway) and ends the thread. */
    void close() {
        try {
            await();
        } catch (SQLException | IOException | RuntimeException ignored) {
            // the caller reports the failure that ended the step
        } finally {
            executor.shutdown();
        }
    }
}
