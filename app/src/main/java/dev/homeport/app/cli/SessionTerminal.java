package dev.homeport.app.cli;

/**
 * The user's terminal for an interactive session ({@code homeport shell}): its size, its resizes, and raw
 * mode once the session is open (not before: opening may still ask a question, such as trusting a host
 * key). Closing it restores the terminal as it was. It is this process's own terminal
 * ({@link LocalSessionTerminal}), or, for a command the open app serves, the client's, over the socket.
 */
interface SessionTerminal extends AutoCloseable {
    int columns();

    int rows();

    /** From now on, each resize calls {@code resized} with the new size. */
    void onResize(Resized resized);

    /** Puts the terminal in raw mode until closed. */
    void raw();

    @Override
    void close();

    interface Resized {
        void to(int columns, int rows);
    }
}
