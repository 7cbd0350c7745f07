package io.millrace.gateway.protocol.query;

import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.QueryProtocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the Query API a form is for by its {@code Version}, which is unique per AWS API (IAM 2010-05-08, STS
 * 2011-06-15, CloudWatch 2010-08-01); should two APIs of the gateway share one, the credential scope's signing name
 * decides.
 */
public final class QueryRouter {

    private final Map<String, List<AwsService>> byVersion = new HashMap<>();

    public QueryRouter(Collection<AwsService> services) {
        for (AwsService service : services) {
            service.queryProtocol()
                    .ifPresent(protocol -> byVersion
                            .computeIfAbsent(protocol.apiVersion(), version -> new ArrayList<>())
                            .add(service));
        }
    }

    /** The namespace of an answer to a form of {@code version} before its API is chosen. */
    public String namespaceOf(String version) {
        List<AwsService> services = version == null ? null : byVersion.get(version);
        return services == null
                ? QueryErrors.FAULT_NAMESPACE
                : protocol(services.get(0)).xmlNamespace();
    }

    /**
     * The API that serves {@code form}.
     *
     * @param signingName the service of the request's credential scope, or null for an unsigned request
     * @throws io.millrace.gateway.protocol.ApiException MissingAction without {@code Action}; InvalidAction when no
     *     API has the form's {@code Version}, as STS answers it
     */
    public AwsService route(QueryForm form, String signingName) {
        if (form.action() == null) {
            throw QueryErrors.missingAction();
        }
        List<AwsService> services = form.version() == null ? null : byVersion.get(form.version());
        if (services == null) {
            throw QueryErrors.invalidAction(form.action(), form.version());
        }
        if (services.size() > 1 && signingName != null) {
            for (AwsService service : services) {
                if (protocol(service).signingName().equals(signingName)) {
                    return service;
                }
            }
        }
        return services.get(0);
    }

    private static QueryProtocol protocol(AwsService service) {
        return service.queryProtocol().orElseThrow();
    }
}
