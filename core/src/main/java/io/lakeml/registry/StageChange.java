package io.lakeml.registry;

/** One version's stage before and after a transition. */
record StageChange(long version, ModelStage from, ModelStage to) {}
