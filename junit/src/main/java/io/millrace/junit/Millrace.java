package io.millrace.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a {@link MillraceTest} class takes from the platform: on a field, set before the tests run (a static field
 * before the class's {@code @BeforeAll} methods, an instance field when the instance is made); on a parameter, needed
 * only for the two plain types: a {@code String} is the Kafka bootstrap servers, a {@code java.net.URI} the gateway's
 * endpoint. Parameters of the client types {@link MillraceExtension} lists need no annotation.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Millrace {}
