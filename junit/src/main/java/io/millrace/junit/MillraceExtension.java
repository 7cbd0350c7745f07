package io.millrace.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The extension behind {@link MillraceTest}: starts (or finds) the class's platform before its {@code @BeforeAll}
 * methods, sets its {@link Millrace} fields, and resolves parameters of these types:
 *
 * <ul>
 *   <li>{@link MillracePlatform}: the endpoints, and builders for any other service's client
 *   <li>{@link KinesisClient}, {@link KinesisAsyncClient} (enhanced fan-out), {@link FirehoseClient},
 *       {@link DynamoDbClient}, {@link S3Client}
 *   <li>{@code @Millrace String}: the Kafka bootstrap servers; {@code @Millrace URI}: the gateway's endpoint
 * </ul>
 */
public final class MillraceExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MillraceExtension.class);

    /** What each injectable type is taken from. */
    private static final Map<Class<?>, Function<MillracePlatform, Object>> CLIENTS = Map.of(
            MillracePlatform.class, platform -> platform,
            KinesisClient.class, MillracePlatform::kinesis,
            KinesisAsyncClient.class, MillracePlatform::kinesisAsync,
            FirehoseClient.class, MillracePlatform::firehose,
            DynamoDbClient.class, MillracePlatform::dynamoDb,
            S3Client.class, MillracePlatform::s3);

    /** Plain types, taken only where {@link Millrace} marks them. */
    private static final Map<Class<?>, Function<MillracePlatform, Object>> PLAIN =
            Map.of(String.class, MillracePlatform::kafkaBootstrapServers, URI.class, MillracePlatform::endpoint);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        MillracePlatform platform = platform(context);
        for (Field field : fields(context.getRequiredTestClass())) {
            if (Modifier.isStatic(field.getModifiers())) {
                set(field, null, platform);
            }
        }
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) throws Exception {
        MillracePlatform platform = platform(context);
        for (Field field : fields(instance.getClass())) {
            if (!Modifier.isStatic(field.getModifiers())) {
                set(field, instance, platform);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return CLIENTS.containsKey(type) || (PLAIN.containsKey(type) && parameter.isAnnotated(Millrace.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return valueOf(parameter.getParameter().getType(), platform(context));
    }

    /**
     * The platform of the test class of {@code context}: the JVM's one of these settings, or the class's own, started
     * on first use. The root context's store closes the shared ones when the JVM's tests end, a class context's store
     * its own when the class ends.
     */
    static MillracePlatform platform(ExtensionContext context) {
        Class<?> annotated = annotatedClass(context.getRequiredTestClass());
        MillraceTest test = annotated.getAnnotation(MillraceTest.class);
        PlatformSettings settings = PlatformSettings.of(test);
        ExtensionContext owner =
                test.scope() == MillraceTest.Scope.JVM ? context.getRoot() : contextOf(context, annotated);
        return owner.getStore(NAMESPACE)
                .getOrComputeIfAbsent(settings, MillraceExtension::start, SharedPlatform.class)
                .platform();
    }

    private static SharedPlatform start(PlatformSettings settings) {
        try {
            return new SharedPlatform(MillracePlatform.start(settings));
        } catch (Exception e) {
            throw new ExtensionConfigurationException("The Millrace platform did not start: " + e.getMessage(), e);
        }
    }

    /** The class that carries {@link MillraceTest}: the test class, a superclass, or the class a nested one is in. */
    private static Class<?> annotatedClass(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(MillraceTest.class)) {
                return c;
            }
        }
        throw new ExtensionConfigurationException(
                testClass.getName() + " is not annotated @MillraceTest (MillraceExtension needs its settings)");
    }

    /** The context of {@code testClass} among {@code context} and its parents (the current one if none matches). */
    private static ExtensionContext contextOf(ExtensionContext context, Class<?> testClass) {
        for (Optional<ExtensionContext> c = Optional.of(context);
                c.isPresent();
                c = c.get().getParent()) {
            if (c.get().getElement().filter(testClass::equals).isPresent()) {
                return c.get();
            }
        }
        return context;
    }

    private static java.util.List<Field> fields(Class<?> testClass) {
        return AnnotationSupport.findAnnotatedFields(
                testClass, Millrace.class, f -> true, HierarchyTraversalMode.TOP_DOWN);
    }

    private static void set(Field field, Object instance, MillracePlatform platform) throws IllegalAccessException {
        if (!CLIENTS.containsKey(field.getType()) && !PLAIN.containsKey(field.getType())) {
            throw new ExtensionConfigurationException("@Millrace field " + field + ": the platform hands out "
                    + "MillracePlatform, KinesisClient, KinesisAsyncClient, FirehoseClient, DynamoDbClient, S3Client, "
                    + "String (Kafka bootstrap servers) and URI (the endpoint)");
        }
        field.setAccessible(true);
        field.set(instance, valueOf(field.getType(), platform));
    }

    private static Object valueOf(Class<?> type, MillracePlatform platform) {
        Function<MillracePlatform, Object> client = CLIENTS.getOrDefault(type, PLAIN.get(type));
        return client.apply(platform);
    }

    /** A platform in a JUnit store, stopped when the store closes. */
    private record SharedPlatform(MillracePlatform platform) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            platform.close();
        }
    }
}
