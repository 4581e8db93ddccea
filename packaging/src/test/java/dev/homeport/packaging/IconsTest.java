package dev.homeport.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The icon files generated from icons/homeport.svg (icons/generate) are all there, at the sizes the installers use. */
class IconsTest {
    private static final Path ICONS = Packaging.root().resolve("icons");

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32, 48, 64, 128, 256, 512, 1024})
    void everyPngSizeIsThere(int size) throws IOException {
        BufferedImage png = ImageIO.read(ICONS.resolve("png/homeport-" + size + ".png").toFile());
        assertThat(png.getWidth()).isEqualTo(size);
        assertThat(png.getHeight()).isEqualTo(size);
        // Transparent corners (the rounded square), an opaque middle.
        assertThat(png.getRGB(0, 0) >>> 24).isZero();
        assertThat(png.getRGB(size / 2, size / 2 + size / 4) >>> 24).isEqualTo(0xff);
    }

    @Test
    void icoHoldsTheWindowsSizes() throws IOException {
        ByteBuffer ico = ByteBuffer.wrap(Files.readAllBytes(ICONS.resolve("homeport.ico"))).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ico.getShort(0)).as("reserved").isZero();
        assertThat(ico.getShort(2)).as("type: icon").isEqualTo((short) 1);
        int count = ico.getShort(4);
        assertThat(count).isEqualTo(7);
        var sizes = new java.util.TreeSet<Integer>();
        for (int i = 0; i < count; i++) {
            int width = Byte.toUnsignedInt(ico.get(6 + 16 * i));
            sizes.add(width == 0 ? 256 : width);
        }
        assertThat(sizes).containsExactly(16, 24, 32, 48, 64, 128, 256);
    }

    @Test
    void icnsHoldsTheMacSizes() throws IOException {
        byte[] bytes = Files.readAllBytes(ICONS.resolve("homeport.icns"));
        ByteBuffer icns = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("icns");
        assertThat(icns.getInt(4)).as("length").isEqualTo(bytes.length);
        var types = new java.util.ArrayList<String>();
        for (int at = 8; at < bytes.length; at += icns.getInt(at + 4)) {
            types.add(new String(bytes, at, 4, java.nio.charset.StandardCharsets.US_ASCII));
        }
        // 16, 32, 48 and 128 pixels with masks; 256, 512 and 1024 pixels as PNG.
        assertThat(types).contains("is32", "il32", "ih32", "it32", "ic08", "ic09", "ic10");
    }

    @Test
    void theLinuxDesktopEntryHasACategoryAndTheIcon() throws IOException {
        String entry = Files.readString(Packaging.root().resolve("packaging/linux/homeport.desktop"));
        assertThat(entry).contains("[Desktop Entry]", "Type=Application", "Name=Homeport", "Categories=Network;System;",
                "Icon=APPLICATION_ICON", "Exec=APPLICATION_LAUNCHER", "Terminal=false");
    }
}
