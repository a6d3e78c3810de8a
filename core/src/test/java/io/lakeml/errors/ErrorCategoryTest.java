package io.lakeml.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.exceptions.ConcurrentAppendException;
import io.delta.exceptions.ProtocolChangedException;
import org.apache.spark.SparkException;
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
  void aLostExecutorOrAStoppedContextIsWorthARetryButAFailingTaskIsNot() {
    // Messages as Spark 3.5's DAGScheduler words them.
    assertThat(LakemlException.categoryOf(new RuntimeException(new SparkException("Job aborted due to stage failure: "
        + "Task 3 in stage 7.0 failed 4 times, most recent failure: Lost task 3.3 in stage 7.0 (TID 41) (10.0.0.5 "
        + "executor 2): ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: Remote RPC "
        + "client disassociated."))))
        .isEqualTo(ErrorCategory.EXTERNAL);
    assertThat(LakemlException.categoryOf(new SparkException("Job 12 cancelled because SparkContext was shut down")))
        .isEqualTo(ErrorCategory.EXTERNAL);
    assertThat(LakemlException.categoryOf(new SparkException("Job aborted due to stage failure: Task 0 in stage 1.0 "
        + "failed 1 times, most recent failure: Lost task 0.0 in stage 1.0 (TID 1) (localhost executor driver): "
        + "java.lang.ArithmeticException: / by zero")))
        .isEqualTo(ErrorCategory.INTERNAL);
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
