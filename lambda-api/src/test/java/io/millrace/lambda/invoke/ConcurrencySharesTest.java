package io.millrace.lambda.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateways' shares of a limit add up to it, differ by at most one, and rotate with the function. */
class ConcurrencySharesTest {

    @Test
    void sharesSumToTheLimitAndDifferByAtMostOne() {
        for (int members = 1; members <= 7; members++) {
            for (int limit = 0; limit <= 20; limit++) {
                for (String key : List.of("", "f", "orders-handler", "another")) {
                    List<Integer> shares = new ArrayList<>();
                    for (int index = 0; index < members; index++) {
                        shares.add(ConcurrencyShares.share(limit, key, index, members));
                    }
                    assertThat(shares.stream().mapToInt(Integer::intValue).sum())
                            .as("limit %d over %d for %s", limit, members, key)
                            .isEqualTo(limit);
                    int least = limit / members;
                    assertThat(shares).allMatch(s -> s == least || s == least + 1);
                }
            }
        }
    }

    @Test
    void aReservationOfOneGoesToDifferentGatewaysForDifferentFunctions() {
        List<Integer> holders = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            for (int index = 0; index < 3; index++) {
                if (ConcurrencyShares.share(1, "function-" + f, index, 3) == 1) {
                    holders.add(index);
                }
            }
        }
        assertThat(holders).hasSize(20).contains(0, 1, 2);
    }

    @Test
    void aGatewayAloneHasTheWholeLimit() {
        assertThat(ConcurrencyShares.share(5, "f", 0, 1)).isEqualTo(5);
        assertThat(ConcurrencyShares.ALONE.shareOf(5, "f")).isEqualTo(5);
    }
}
