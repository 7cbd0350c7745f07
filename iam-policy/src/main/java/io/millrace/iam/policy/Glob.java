package io.millrace.iam.policy;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A wildcard pattern compiled once: {@code *} matches any run of characters (none included), {@code ?} any one
 * character, as IAM matches actions, resources, {@code StringLike} and {@code ArnLike} values. Which characters are
 * wildcards is fixed when the pattern is built, so an escaped {@code ${*}} or a substituted variable value stays
 * literal. Matching allocates nothing.
 */
final class Glob {

    private static final Glob ANY = new Glob(new char[] {'*'}, new boolean[] {true}, false);

    private final char[] chars;
    private final String text;
    private final boolean[] wild;
    private final boolean ignoreCase;
    private final boolean literal;
    private final boolean anything;

    private Glob(char[] chars, boolean[] wild, boolean ignoreCase) {
        this.chars = chars;
        this.text = new String(chars);
        this.wild = wild;
        this.ignoreCase = ignoreCase;
        boolean hasWildcard = false;
        boolean onlyStars = chars.length > 0;
        for (int i = 0; i < chars.length; i++) {
            hasWildcard |= wild[i];
            onlyStars &= wild[i] && chars[i] == '*';
        }
        this.literal = !hasWildcard;
        this.anything = onlyStars;
    }

    /** Every {@code *} and {@code ?} of the text is a wildcard. */
    static Glob of(String pattern, boolean ignoreCase) {
        if (pattern.equals("*")) {
            return ANY;
        }
        return builder(ignoreCase).pattern(pattern).build();
    }

    static Builder builder(boolean ignoreCase) {
        return new Builder(ignoreCase);
    }

    /** The part of this pattern in {@code [from, to)}, with the same wildcards. */
    Glob slice(int from, int to) {
        return new Glob(Arrays.copyOfRange(chars, from, to), Arrays.copyOfRange(wild, from, to), ignoreCase);
    }

    int length() {
        return chars.length;
    }

    /** Whether the character at {@code index} is a plain (non-wildcard) {@code c}. */
    boolean isLiteral(int index, char c) {
        return !wild[index] && chars[index] == c;
    }

    boolean matches(String text) {
        return matches(text, 0, text.length());
    }

    /** Whether {@code text[from, to)} matches the whole pattern. */
    boolean matches(String text, int from, int to) {
        if (anything) {
            return true;
        }
        int n = chars.length;
        if (literal) {
            if (to - from != n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!same(chars[i], text.charAt(from + i))) {
                    return false;
                }
            }
            return true;
        }
        int p = 0;
        int t = from;
        int starP = -1;
        int starT = -1;
        while (t < to) {
            if (p < n && wild[p] && chars[p] == '*') {
                starP = p++;
                starT = t;
            } else if (p < n && ((wild[p] && chars[p] == '?') || same(chars[p], text.charAt(t)))) {
                p++;
                t++;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < n && wild[p] && chars[p] == '*') {
            p++;
        }
        return p == n;
    }

    private boolean same(char patternChar, char c) {
        if (patternChar == c) {
            return true;
        }
        return ignoreCase
                && (Character.toLowerCase(patternChar) == Character.toLowerCase(c)
                        || Character.toUpperCase(patternChar) == Character.toUpperCase(c));
    }

    @Override
    public String toString() {
        return text;
    }

    /** Builds a pattern from pieces whose wildcards count ({@link #pattern}) or not ({@link #literal}). */
    static final class Builder {
        private final boolean ignoreCase;
        private final StringBuilder chars = new StringBuilder();
        private final BitSet wild = new BitSet();

        private Builder(boolean ignoreCase) {
            this.ignoreCase = ignoreCase;
        }

        Builder pattern(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '*' || c == '?') {
                    wild.set(chars.length());
                }
                chars.append(c);
            }
            return this;
        }

        Builder literal(String text) {
            chars.append(text);
            return this;
        }

        Glob build() {
            char[] array = chars.toString().toCharArray();
            boolean[] mask = new boolean[array.length];
            for (int i = 0; i < array.length; i++) {
                mask[i] = wild.get(i);
            }
            return new Glob(array, mask, ignoreCase);
        }
    }
}
