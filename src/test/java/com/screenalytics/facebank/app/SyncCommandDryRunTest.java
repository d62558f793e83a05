package com.screenalytics.facebank.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.screenalytics.facebank.sync.SyncRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 16: {@code sync SHOW_ID --dry-run} asks for a dry run, on the bus path the trigger uses. */
class SyncCommandDryRunTest {

  @Test
  void dryRunIsAnOptionOfTheSyncCommand() {
    SyncRequest dry = SyncCommand.parse(List.of("rhoslc", "--dry-run", "--max-images", "3"));
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.maxImagesPerPerson()).isEqualTo(3);
    assertThat(dry.toJson().getBoolean("dry_run")).isTrue();
    assertThat(SyncCommand.parse(List.of("rhoslc")).dryRun()).isFalse();
    assertThatThrownBy(() -> SyncCommand.parse(List.of("rhoslc", "--dry-run", "--dry-run")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--dry-run is given twice");
  }
}
