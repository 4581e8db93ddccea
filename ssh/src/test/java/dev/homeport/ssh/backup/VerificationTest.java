package dev.homeport.ssh.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.DatabaseEngine;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison of a restored copy with its manifest, the mark it leaves, and the restore script's refusals: no node needed. */
class VerificationTest {
    @Test
    void aVolumesCheckIsItsTarAndItsMarkSaysSo() {
        Verification v = Verification.volumeTar(1843, "5e1f");
        assertThat(v.passed()).isTrue();
        assertThat(v.summary()).isEqualTo("verified: 1843 files, the restored volume's tar has the sha256 the backup recorded (5e1f)");
        assertThat(v.lines()).containsExactly(v.summary());
        assertThat(Verification.volumeTar(1, "ab").summary()).startsWith("verified: 1 file,");
        VerifiedMark mark = VerifiedMark.parse(VerifiedMark.of(v, Instant.parse("2026-12-06T12:00:00.5Z")).toJson());
        assertThat(mark.verified()).isTrue();
        assertThat(mark.tables()).isEqualTo(1);
        assertThat(mark.checked()).isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
        assertThat(mark.summary()).isEqualTo(v.summary());
        VerifiedMark failed = VerifiedMark.of(Verification.failed("the restored volume holds 3 files, the backup recorded 4"), Instant.now());
        assertThat(failed.verified()).isFalse();
        assertThat(failed.summary()).isEqualTo("failed: the restored volume holds 3 files, the backup recorded 4");
    }

    @Test
    void eachTableIsComparedByRowsAndChecksum() {
        Verification v = Verification.compare(
                List.of(new TableSum("public.a", 10, "55"), new TableSum("public.b", 2, "7"), new TableSum("public.c", 1, "1")),
                List.of(new TableSum("public.a", 10, "55"), new TableSum("public.b", 2, "8"), new TableSum("public.d", 4, "9")));
        assertThat(v.tables()).extracting(Verification.TableCheck::outcome).containsExactly(Verification.Outcome.OK,
                Verification.Outcome.MISMATCH, Verification.Outcome.MISSING, Verification.Outcome.EXTRA);
        assertThat(v.passed()).isFalse();
        assertThat(v.summary()).isEqualTo("failed: 3 of 4 tables differ from the backup's record");
        assertThat(v.lines()).anyMatch(l -> l.contains("public.b: MISMATCH, the backup recorded 2 rows, checksum 7, the restored copy has 2 rows, checksum 8"));

        Verification same = Verification.compare(List.of(new TableSum("db0", 3, null)), List.of(new TableSum("db0", 3, null)));
        assertThat(same.passed()).isTrue();
        assertThat(same.summary()).isEqualTo("verified: 1 logical database, key counts equal to the backup's record");
        assertThat(Verification.compare(List.of(new TableSum("t", 3, "5")), List.of(new TableSum("t", 3, "5"))).summary()).startsWith("verified: 1 table,");
        assertThat(Verification.failed("age could not decrypt").passed()).isFalse();
    }

    @Test
    void aMarkSurvivesItsJsonAndSaysWhetherItPassed() {
        Verification v = Verification.compare(List.of(new TableSum("t", 1, "1")), List.of(new TableSum("t", 1, "1")));
        VerifiedMark mark = VerifiedMark.of(v, Instant.parse("2026-12-06T12:00:00.123456Z"));
        VerifiedMark read = VerifiedMark.parse(mark.toJson());
        assertThat(read).isEqualTo(mark);
        assertThat(read.verified()).isTrue();
        assertThat(read.checked()).isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
        assertThat(VerifiedMark.fileName("20261206T120000Z")).isEqualTo("20261206T120000Z.verified.json");
        assertThat(VerifiedMark.of(Verification.failed("x"), Instant.EPOCH).verified()).isFalse();
    }

    @Test
    void theRestoreScriptTakesOnlyItsEnginesFormatAndNeverTheIdentity() {
        assertThat(ScratchRestore.restoreScript(DatabaseEngine.POSTGRES, "pg_dump-custom")).contains("age -d -i - \"$1\"").contains("pg_restore");
        assertThat(ScratchRestore.restoreScript(DatabaseEngine.MARIADB, "mariadb-sql-gzip")).contains("gunzip").contains("MARIADB_ROOT_PASSWORD");
        assertThatThrownBy(() -> ScratchRestore.restoreScript(DatabaseEngine.POSTGRES, "mariadb-sql-gzip"))
                .isInstanceOf(RestoreException.class).hasMessageContaining("pg_dump-custom");
        assertThat(ScratchRestore.scratchVolume("db-data-x7k2qa", "20261206T120000Z")).isEqualTo("db-data-x7k2qa-restore-20261206t120000z");
    }
}
