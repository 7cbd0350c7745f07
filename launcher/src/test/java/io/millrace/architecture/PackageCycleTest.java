package io.millrace.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/** Every package of every module is a slice, a module's root package included: no two of them use each other. */
@AnalyzeClasses(packages = "io.millrace", importOptions = MainCodeOnly.class)
class PackageCycleTest {

    @ArchTest
    void noPackageCycles(JavaClasses classes) {
        slices().matching("io.millrace.(**)").should().beFreeOfCycles().check(classes);
    }
}
