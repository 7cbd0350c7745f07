package io.millrace.launcher.fuzz;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The actions of an AWS JSON API and the members of their inputs, read from an official SDK client's model classes
 * (each operation method of the client interface and its request's {@code sdkFields()}), so that the fuzz test
 * covers every action AWS defines, served or not, with the wire names and types AWS uses.
 *
 * @param service      a name for reports
 * @param targetPrefix the {@code X-Amz-Target} prefix
 * @param jsonVersion  {@code 1.0} or {@code 1.1}
 * @param cbor         whether the service also takes CBOR (Kinesis)
 * @param actions      every action, by name
 */
public record ApiModel(String service, String targetPrefix, String jsonVersion, boolean cbor, List<Action> actions) {

    /** One action and the members of its input. */
    public record Action(String name, List<Member> members) {}

    /**
     * A member of a structure: its wire name and type, with the members of a nested structure, or the element
     * (and for maps the value) of a list or map.
     */
    public record Member(String name, MarshallingType<?> type, List<Member> members, Member element) {}

    private static final int MAX_DEPTH = 4;

    public static ApiModel of(
            String service, String targetPrefix, String jsonVersion, boolean cbor, Class<?> clientInterface) {
        List<Action> actions = new ArrayList<>();
        for (Method method : clientInterface.getMethods()) {
            Class<?>[] parameters = method.getParameterTypes();
            if (parameters.length != 1
                    || !SdkRequest.class.isAssignableFrom(parameters[0])
                    || !method.getReturnType().getSimpleName().endsWith("Response")) {
                continue;
            }
            String name = parameters[0].getSimpleName().replaceFirst("Request$", "");
            if (actions.stream().anyMatch(a -> a.name().equals(name))) {
                continue;
            }
            actions.add(new Action(name, members(request(parameters[0]), 0)));
        }
        actions.sort(Comparator.comparing(Action::name));
        return new ApiModel(service, targetPrefix, jsonVersion, cbor, List.copyOf(actions));
    }

    private static SdkPojo request(Class<?> requestClass) {
        try {
            SdkBuilder<?, ?> builder =
                    (SdkBuilder<?, ?>) requestClass.getMethod("builder").invoke(null);
            return (SdkPojo) builder.build();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no builder for " + requestClass, e);
        }
    }

    private static List<Member> members(SdkPojo pojo, int depth) {
        List<Member> members = new ArrayList<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            members.add(member(field, depth));
        }
        return List.copyOf(members);
    }

    private static Member member(SdkField<?> field, int depth) {
        MarshallingType<?> type = field.marshallingType();
        List<Member> nested = List.of();
        Member element = null;
        if (depth < MAX_DEPTH) {
            if (type == MarshallingType.SDK_POJO) {
                nested = members(field.constructor().get(), depth + 1);
            } else if (type == MarshallingType.LIST) {
                ListTrait list = field.getTrait(ListTrait.class);
                element = list == null ? null : member(list.memberFieldInfo(), depth + 1);
            } else if (type == MarshallingType.MAP) {
                MapTrait map = field.getTrait(MapTrait.class);
                element = map == null ? null : member(map.valueFieldInfo(), depth + 1);
            }
        }
        String name = field.locationName() != null ? field.locationName() : field.memberName();
        return new Member(name, type, nested, element);
    }
}
