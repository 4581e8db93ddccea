package dev.homeport.app.cli;

/**
 * Where Ctrl-C reaches a command. In its own process, Ctrl-C ends the JVM and the
 * command's hooks run as shutdown hooks. Served by the open app ({@link CliServer}),
 * the client's cancel frame starts them instead, and the app keeps running. A hook is
 * an unstarted thread; it runs at most once.
 */
interface Interrupts {
    /** Runs {@code hook} on Ctrl-C. */
    void add(Thread hook);

    /** Takes back a hook that has not run; a hook that is running goes on. */
    void remove(Thread hook);

    /** The JVM's shutdown hooks. */
    Interrupts JVM = new Interrupts() {
        @Override
        public void add(Thread hook) {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void remove(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    };
}
