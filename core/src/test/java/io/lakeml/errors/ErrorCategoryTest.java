package io.lakeml.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.exceptions.ConcurrentAppendException;
import io.delta.exceptions.ProtocolChangedException;
import org.junit.jupiter.api.Test;

/** What an exception that is not lakeml's own means for the exit code. */
class ErrorCategoryTest {
  @Test
  void deltasConflictsWithAConcurrentWriterAreWorthARetry() {
    assertThat(LakemlException.categoryOf(new RuntimeException("job failed",
        new ConcurrentAppendException("Files were added to the root of the table by a concurrent update"))))
        .isEqualTo(ErrorCategory.EXTERNAL);
    assertThat(LakemlException.categoryOf(new ProtocolChangedException("The protocol version has been changed")))
        .isEqualTo(ErrorCategory.EXTERNAL);
  }

  @Test
  void ioFailuresAreExternalAndAnythingElseIsABug() {
    assertThat(LakemlException.categoryOf(new IllegalStateException("x", new java.io.FileNotFoundException("y"))))
        .isEqualTo(ErrorCategory.EXTERNAL);
    assertThat(LakemlException.categoryOf(new NullPointerException())).isEqualTo(ErrorCategory.INTERNAL);
    assertThat(LakemlException.categoryOf(new RuntimeException(Errors.noDatasetConfigured())))
        .isEqualTo(ErrorCategory.USER);
  }
}
