package dev.homeport.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the .deb and the .rpm declare and hold, read with dpkg-deb and rpm. */
class LinuxPackagesIT {

    @Test
    void theDebDeclaresGtkAndItsPlace() {
        Path deb = Packaging.installer(".deb");
        String control = Packaging.run("dpkg-deb", "--field", deb.toString()).ok().out();
        assertThat(control).contains("Package: homeport", "Section: admin", "Architecture: amd64");
        String depends = control.lines().filter(l -> l.startsWith("Depends:")).findFirst().orElseThrow();
        assertThat(depends).contains("libgtk-3-0 | libgtk-3-0t64", "xdg-utils");
    }

    @Test
    void theDebPutsTheCommandOnPathAndHoldsTheDesktopEntry() {
        Path deb = Packaging.installer(".deb");
        String files = Packaging.run("dpkg-deb", "--contents", deb.toString()).ok().out();
        assertThat(files).contains("./usr/bin/homeport", "./usr/lib/homeport/homeport-homeport.desktop",
                "./usr/lib/homeport/homeport.png", "./usr/lib/homeport/app/homeport.aot", "./usr/lib/homeport/app/homeport-cli.aot",
                "./usr/lib/homeport/runtime/lib/libglassgtk3.so");
        String entry = Packaging.run("sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -xO ./usr/lib/homeport/homeport-homeport.desktop",
                deb.toString()).ok().out();
        assertThat(entry).contains("Name=Homeport", "Exec=/usr/bin/homeport", "Icon=/usr/lib/homeport/homeport.png",
                "Categories=Network;System;", "Type=Application",
                "StartupWMClass=dev.homeport.app.desktop.DesktopApp");
        String scripts = Packaging.run("sh", "-c", "dpkg-deb --ctrl-tarfile \"$0\" | tar -xO ./postinst ./prerm", deb.toString()).ok().out();
        assertThat(scripts).contains("/usr/share/applications/homeport.desktop");
        // The maintainer scripts never reach into home folders, on remove or purge.
        String commands = String.join("\n", scripts.lines().filter(l -> !l.strip().startsWith("#")).toList());
        assertThat(commands).doesNotContain("/home/", "$HOME", "~", ".local");
    }

    @Test
    void theRpmDeclaresGtkAndHoldsTheCommand() {
        Packaging.require(Packaging.onPath("rpm"), "rpm is not installed (packaging/build installs it as root)");
        Path rpm = Packaging.installer(".rpm");
        String requires = Packaging.run("rpm", "-qp", "--requires", rpm.toString()).ok().out();
        assertThat(requires).contains("gtk3", "xdg-utils");
        String files = Packaging.run("rpm", "-qpl", rpm.toString()).ok().out();
        assertThat(files).contains("/usr/bin/homeport", "/usr/lib/homeport/homeport-homeport.desktop", "/usr/lib/homeport/app/homeport.aot");
        String info = Packaging.run("rpm", "-qpi", rpm.toString()).ok().out();
        assertThat(info).contains("Name        : homeport");
    }
}
