package dev.homeport.app.desktop.inventory;

import dev.homeport.model.inventory.Level;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/** One icon per inventory level, used in the tree and on pages. */
public final class Icons {
    private Icons() {
    }

    public static Ikon of(Level level) {
        return switch (level) {
            case ORGANISATION -> Feather.BRIEFCASE;
            case APPLICATION -> Feather.GRID;
            case ENVIRONMENT -> Feather.LAYERS;
            case SERVICE -> Feather.BOX;
        };
    }
}
