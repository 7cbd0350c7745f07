package io.millrace.iam.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SessionPolicy;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.iam.documents.PolicyDocumentValidator;
import io.millrace.iam.errors.StsErrors;
import io.millrace.iam.identity.IamArns;
import io.millrace.iam.identity.IamIds;
import io.millrace.iam.identity.IamNames;
import io.millrace.iam.query.QueryFields;
import io.millrace.iam.store.IamStore;
import io.millrace.schemas.iam.RoleRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GetCallerIdentity, AssumeRole, GetSessionToken. */
final class StsActions {

    /** AssumeRole's default DurationSeconds. */
    static final int DEFAULT_ROLE_SESSION = 3600;
    /** GetSessionToken's default DurationSeconds: 12 hours. */
    static final int DEFAULT_USER_SESSION = 43200;
    /** The longest session of the account's root and of a role assumed by a role session ("role chaining"). */
    static final int ONE_HOUR = 3600;

    private static final Logger LOG = LoggerFactory.getLogger(StsActions.class);
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:\\/-]*");
    private static final Pattern ARN_CHARACTERS = Pattern.compile(
            "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]+");

    private final IamStore store;
    private final SessionTokens tokens;
    private final TrustPolicyCheck trust;
    private final PolicyDocumentValidator validator;
    private final QueryFields fields = new QueryFields(StsErrors::validation);

    StsActions(IamStore store, SessionTokens tokens, TrustPolicyCheck trust, PolicyDocumentValidator validator) {
        this.store = store;
        this.tokens = tokens;
        this.trust = trust;
        this.validator = validator;
    }

    /** Who signed the request; no permission is needed for it, as in AWS. */
    JsonNode getCallerIdentity(AwsRequest request) {
        Principal caller = request.caller();
        ObjectNode response = WireCodec.object();
        response.put("UserId", caller.userId());
        response.put("Account", caller.accountId());
        response.put("Arn", caller.arn());
        return response;
    }

    CompletionStage<JsonNode> assumeRole(AwsRequest request) {
        JsonNode body = request.body();
        String roleArn = fields.text(body, "RoleArn");
        String sessionName = fields.text(body, "RoleSessionName");
        Integer duration = fields.integer(body, "DurationSeconds");
        String policy = fields.text(body, "Policy");
        String externalId = fields.text(body, "ExternalId");
        List<JsonNode> policyArns = policyArns(body);
        Validation validation = new Validation()
                .required("roleArn", roleArn)
                .length("roleArn", roleArn, 20, 2048)
                .pattern("roleArn", roleArn, ARN_CHARACTERS)
                .required("roleSessionName", sessionName)
                .length("roleSessionName", sessionName, 2, 64)
                .pattern("roleSessionName", sessionName, IamNames.SESSION_NAME)
                .range("durationSeconds", duration, 900, 43200)
                .length("policy", policy, 1, 2048)
                .pattern("policy", policy, IamNames.DOCUMENT)
                .length("externalId", externalId, 2, 1224)
                .pattern("externalId", externalId, EXTERNAL_ID)
                .size("policyArns", policyArns.size(), 0, 10, policyArns);
        fields.check(validation);
        Principal caller = request.caller();
        if (caller.type() == Principal.Type.ROOT) {
            throw StsErrors.accessDenied("Roles may not be assumed by root accounts.");
        }
        if (policy != null) {
            validator.problem(policy, PolicyDocumentValidator.Kind.SESSION).ifPresent(problem -> {
                throw StsErrors.malformedPolicyDocument(problem);
            });
        }
        SessionPolicy sessionPolicy = new SessionPolicy(policy, arnsOf(policyArns));
        Integer packedPolicySize = null;
        if (sessionPolicy.present()) {
            packedPolicySize = PackedPolicies.percent(policy, sessionPolicy.policyArns());
            if (packedPolicySize > 100) {
                throw StsErrors.packedPolicyTooLarge(packedPolicySize);
            }
        }
        Integer packed = packedPolicySize;
        return role(roleArn).thenApply(found -> {
            RoleRecord role = found.orElseThrow(() -> StsErrors.notAuthorizedToAssume(caller.arn(), roleArn));
            IamArns.Parsed parsed = IamArns.parse(role.getArn()).orElseThrow();
            if (!trust.allows(new TrustPolicyCheck.Attempt(
                    role.getArn(),
                    parsed.accountId(),
                    role.getAssumeRolePolicyDocument(),
                    caller,
                    sessionName,
                    externalId))) {
                throw StsErrors.notAuthorizedToAssume(caller.arn(), roleArn);
            }
            int seconds = duration == null ? DEFAULT_ROLE_SESSION : duration;
            if (caller.type() == Principal.Type.ASSUMED_ROLE && seconds > ONE_HOUR) {
                throw StsErrors.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles"
                        + " assumed by role chaining.");
            }
            if (seconds > role.getMaxSessionDuration()) {
                throw StsErrors.validation(
                        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
            }
            String assumedRoleId = role.getRoleId() + ":" + sessionName;
            String arn = IamArns.assumedRole(parsed.accountId(), role.getName(), sessionName);
            Principal session = new Principal(
                    arn,
                    role.getArn(),
                    parsed.accountId(),
                    assumedRoleId,
                    null,
                    Principal.Type.ASSUMED_ROLE,
                    sessionPolicy);
            ObjectNode response = WireCodec.object();
            response.set("Credentials", credentials(session, request.receivedAt(), seconds));
            ObjectNode assumed = response.putObject("AssumedRoleUser");
            assumed.put("AssumedRoleId", assumedRoleId);
            assumed.put("Arn", arn);
            if (packed != null) {
                response.put("PackedPolicySize", packed);
            }
            LOG.info("{} assumed role {} as session {} for {} s", caller.arn(), role.getArn(), sessionName, seconds);
            return response;
        });
    }

    /**
     * Temporary credentials of the caller itself. The account's root gets at most one hour, whatever it asks ("If
     * the duration is longer than one hour, the session for AWS account owners defaults to one hour"); a role
     * session may not ask.
     */
    JsonNode getSessionToken(AwsRequest request) {
        Integer duration = fields.integer(request.body(), "DurationSeconds");
        fields.check(new Validation().range("durationSeconds", duration, 900, 129600));
        Principal caller = request.caller();
        if (caller.type() == Principal.Type.ASSUMED_ROLE) {
            throw StsErrors.accessDenied("Cannot call GetSessionToken with session credentials");
        }
        int seconds = duration == null ? DEFAULT_USER_SESSION : duration;
        if (caller.type() == Principal.Type.ROOT) {
            seconds = Math.min(seconds, ONE_HOUR);
        }
        ObjectNode response = WireCodec.object();
        response.set("Credentials", credentials(caller, request.receivedAt(), seconds));
        LOG.info("Issued a session of {} for {} s", caller.arn(), seconds);
        return response;
    }

    private ObjectNode credentials(Principal principal, Instant now, int seconds) {
        Session session = new Session(
                IamIds.accessKeyId(IamIds.TEMPORARY_ACCESS_KEY),
                IamIds.secretAccessKey(),
                principal,
                // Whole seconds, as STS answers and as the token carries it.
                now.plus(Duration.ofSeconds(seconds)).truncatedTo(ChronoUnit.SECONDS));
        ObjectNode credentials = WireCodec.object();
        credentials.put("AccessKeyId", session.accessKeyId());
        credentials.put("SecretAccessKey", session.secretAccessKey());
        credentials.put("SessionToken", tokens.issue(session));
        credentials.putPOJO("Expiration", session.expiresAt());
        return credentials;
    }

    /** The role an ARN names, after catching up with the log when this gateway does not know it yet. */
    private CompletableFuture<Optional<RoleRecord>> role(String roleArn) {
        Optional<IamArns.Parsed> parsed =
                IamArns.parse(roleArn).filter(arn -> arn.kind().equals("role"));
        if (parsed.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String name = parsed.get().name();
        Optional<RoleRecord> known = matching(name, roleArn);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known);
        }
        return store.sync().thenApply(synced -> matching(name, roleArn));
    }

    private Optional<RoleRecord> matching(String name, String roleArn) {
        return store.roles().get(name).filter(role -> role.getArn().equals(roleArn));
    }

    /** The ARNs of {@code PolicyArns}' members, each 20 to 2,048 characters (botocore's arnType). */
    private List<String> arnsOf(List<JsonNode> policyArns) {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < policyArns.size(); i++) {
            String arn = fields.text(policyArns.get(i), "arn");
            String path = "policyArns." + (i + 1) + ".member.arn";
            fields.check(new Validation()
                    .required(path, arn)
                    .length(path, arn, 20, 2048)
                    .pattern(path, arn, ARN_CHARACTERS));
            arns.add(arn);
        }
        return arns;
    }

    /** {@code PolicyArns.member.N.arn}: each a PolicyDescriptorType with its own arn. */
    private List<JsonNode> policyArns(JsonNode body) {
        JsonNode node = body.get("PolicyArns");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw StsErrors.validation("1 validation error detected: Value at 'policyArns' failed to satisfy"
                    + " constraint: Member must be a list");
        }
        return java.util.stream.StreamSupport.stream(node.spliterator(), false).toList();
    }
}
