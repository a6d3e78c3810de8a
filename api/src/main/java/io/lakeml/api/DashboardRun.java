package io.lakeml.api;

import java.nio.file.Path;
import java.time.LocalDate;

/** The dashboard page written for a dataset's dates {@code from} to {@code to}. */
public record DashboardRun(String dataset, LocalDate from, LocalDate to, Path page) {}
