package io.millrace.iam.evaluation;

import io.millrace.gateway.access.Principal;
import io.millrace.iam.policy.Caller;

/** The gateway's principal as the policy language names a caller: the same fields, kept apart by module. */
final class Callers {

    private Callers() {}

    static Caller of(Principal principal) {
        return new Caller(
                principal.arn(),
                principal.principalArn(),
                principal.accountId(),
                principal.userId(),
                principal.username(),
                switch (principal.type()) {
                    case ROOT -> Caller.Type.ROOT;
                    case USER -> Caller.Type.USER;
                    case ASSUMED_ROLE -> Caller.Type.ASSUMED_ROLE;
                });
    }
}
