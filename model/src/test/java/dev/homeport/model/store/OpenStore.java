package dev.homeport.model.store;

import dev.homeport.model.HomeportHome;
import java.nio.file.Path;

/** Run as a separate process by the tests: opens a store, reports, and holds it until stdin closes. */
public final class OpenStore {
    public static void main(String[] args) throws Exception {
        try (Store store = Store.open(new HomeportHome(Path.of(args[0])))) {
            System.out.println("opened");
            System.out.flush();
            System.in.read();
        } catch (StoreLockedException e) {
            System.out.println("locked: " + e.getMessage());
        }
    }
}
