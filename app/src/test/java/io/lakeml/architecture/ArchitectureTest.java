package io.lakeml.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import io.lakeml.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code base, over the compiled classes of every module (the application depends
 * on all of them): no package cycles anywhere, each job independent of the others, core
 * independent of the jobs and the command line, and no job module depending on another, tests
 * included.
 */
class ArchitectureTest {
  /** Each job's packages, by module directory under {@code jobs/}. */
  private static final List<String> JOB_PACKAGES = List.of("io.lakeml.prep..", "io.lakeml.train..",
      "io.lakeml.evaluate..", "io.lakeml.score..", "io.lakeml.monitor..");
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ArchitectureTest::isMainClass).importPackages("io.lakeml");
  }

  /** Main classes only: not test classes, nor core's test jar. */
  private static boolean isMainClass(Location location) {
    return !location.contains("/test-classes/") && !location.contains("-tests.jar");
  }

  @Test
  void importsEveryModule() {
    for (String anchor : List.of("io.lakeml.config.LakemlConfig", "io.lakeml.prep.PrepJob", "io.lakeml.train.TrainJob",
        "io.lakeml.evaluate.EvaluateJob", "io.lakeml.score.ScoreJob", "io.lakeml.cli.LakemlMain")) {
      assertThat(classes.contain(anchor)).as(anchor).isTrue();
    }
  }

  /**
   * The spark-submit classes ({@code io.lakeml.prep.PrepMain}...) keep their jobs' packages, the
   * names documented for spark-submit, but live in the command line's module and start its
   * command: the one dependency from a job's package on the command line, left out of the cycle
   * check and pinned by {@link #entryPointsStartTheCommandLineOnly()}.
   */
  private static final DescribedPredicate<JavaClass> ENTRY_POINT = DescribedPredicate.describe("a spark-submit class",
      c -> c.getSimpleName().endsWith("Main") && JOB_PACKAGES.stream().anyMatch(p -> c.getPackageName().startsWith(
          p.substring(0, p.length() - 2))));

  @Test
  void noPackageCycles() {
    slices().matching("io.lakeml.(**)").should().beFreeOfCycles()
        .ignoreDependency(ENTRY_POINT, DescribedPredicate.alwaysTrue()).check(classes);
  }

  @Test
  void entryPointsStartTheCommandLineOnly() {
    assertThat(classes.that(ENTRY_POINT)).extracting(JavaClass::getName).contains("io.lakeml.prep.PrepMain",
        "io.lakeml.train.TrainMain", "io.lakeml.train.TuneMain", "io.lakeml.train.ReproduceMain",
        "io.lakeml.evaluate.EvaluateMain", "io.lakeml.score.ScoreMain", "io.lakeml.monitor.MonitorMain");
    classes().that(ENTRY_POINT).should().onlyDependOnClassesThat().resideInAnyPackage("io.lakeml.cli", "io.lakeml.internal.command", "picocli",
        "java..").check(classes);
    noClasses().that().resideInAnyPackage(JOB_PACKAGES.toArray(String[]::new)).and(DescribedPredicate.not(ENTRY_POINT))
        .should().dependOnClassesThat().resideInAnyPackage("io.lakeml.cli..", "io.lakeml.api..").check(classes);
  }

  @Test
  void theCommandLineRunsJobsThroughTheApi() {
    noClasses().that().resideInAPackage("io.lakeml.cli..").should().dependOnClassesThat()
        .resideInAnyPackage(JOB_PACKAGES.toArray(String[]::new)).check(classes);
  }

  /**
   * The public surface is {@code io.lakeml.api} and the core packages it hands out (config,
   * errors, dataset, registry): no public method or constructor of a public API class takes or
   * returns a type of {@code io.lakeml.internal} or of a job.
   */
  @Test
  void theApiHandsOutNoInternalType() {
    List<String> leaks = new ArrayList<>();
    for (JavaClass c : classes.that(JavaClass.Predicates.resideInAPackage("io.lakeml.api"))) {
      if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
        continue;
      }
      for (JavaCodeUnit unit : c.getCodeUnits()) {
        if (!unit.getModifiers().contains(JavaModifier.PUBLIC)) {
          continue;
        }
        List<JavaClass> types = new ArrayList<>(unit.getRawParameterTypes());
        types.add(unit.getRawReturnType());
        for (JavaClass t : types) {
          String pkg = t.getBaseComponentType().getPackageName();
          if (pkg.startsWith("io.lakeml.internal") || JOB_PACKAGES.stream().anyMatch(j -> (pkg + ".").startsWith(
              j.substring(0, j.length() - 1)))) {
            leaks.add(c.getSimpleName() + "." + unit.getName() + ": " + t.getName());
          }
        }
      }
    }
    assertThat(classes.contain("io.lakeml.api.Lakeml")).isTrue();
    assertThat(leaks).as("internal types in the API's signatures").isEmpty();
  }

  @Test
  void jobsDoNotDependOnEachOther() {
    for (String job : JOB_PACKAGES) {
      String[] others = JOB_PACKAGES.stream().filter(p -> !p.equals(job)).toArray(String[]::new);
      noClasses().that().resideInAPackage(job).should().dependOnClassesThat().resideInAnyPackage(others)
          .check(classes);
    }
  }

  @Test
  void coreDependsOnNoJobNorTheCommandLine() {
    List<String> above = new ArrayList<>(JOB_PACKAGES);
    above.add("io.lakeml.cli..");
    above.add("io.lakeml.api..");
    noClasses().that().resideOutsideOfPackages(above.toArray(String[]::new))
        .should().dependOnClassesThat().resideInAnyPackage(above.toArray(String[]::new))
        .check(classes);
  }

  @Test
  void noJobModuleDependsOnAnotherJobModuleNotEvenInTests() throws IOException {
    Path jobs = TestConfigs.projectRoot().resolve("jobs");
    Pattern dependency = Pattern.compile("<artifactId>(lakeml-[\\w-]+)</artifactId>");
    List<String> jobArtifacts = new ArrayList<>();
    List<Path> poms;
    try (Stream<Path> dirs = Files.list(jobs)) {
      poms = dirs.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).sorted().toList();
    }
    for (Path pom : poms) {
      Matcher m = dependency.matcher(Files.readString(pom));
      m.find(); // the parent's artifact id comes first
      m.find();
      jobArtifacts.add(m.group(1));
    }
    assertThat(jobArtifacts).contains("lakeml-data-prep", "lakeml-train", "lakeml-evaluate", "lakeml-batch-score");
    for (Path pom : poms) {
      String text = Files.readString(pom);
      String own = jobArtifacts.get(poms.indexOf(pom));
      String dependencies = text.substring(text.indexOf("<dependencies>"));
      for (String other : jobArtifacts) {
        if (!other.equals(own)) {
          assertThat(dependencies).as(pom + " must not depend on " + other).doesNotContain(">" + other + "<");
        }
      }
    }
  }
}
