package io.lakeml.config;

import java.util.List;

/**
 * The merged configuration of a run as recorded in its manifest.
 *
 * @param json the resolved config with secret-bearing values replaced by {@link Redaction#MASK}
 * @param sha256 hash of {@code json}: equal configs give equal hashes, secrets never influence it
 * @param sources the files it was loaded from, in order of precedence (lowest first)
 */
public record ResolvedConfig(String json, String sha256, List<String> sources) {}
