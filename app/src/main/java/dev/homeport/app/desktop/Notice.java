package dev.homeport.app.desktop;

/** A short message the main window shows for a while, such as a node going down; {@code problem} colours it. */
public record Notice(String title, String text, boolean problem) {
}
