package dev.pgguard.classifier.bench;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The SQL the benchmarks classify, generated once per trial ({@code @Setup}) so that what is measured is
 * classification, not string building. Every workload with "fresh literals" is an array of {@link #SIZE}
 * pairwise distinct strings: more than the classifier's exact-text cache can hold (two generations of
 * {@code ClassifierLimits.DEFAULT.cacheEntries()} = 10,000 each), so cycling through it misses the exact
 * cache on every call while the fingerprint cache (literals replaced by placeholders) hits.
 */
final class Workloads {

    /** Distinct messages per workload: 65,536, well beyond the exact cache's 2 × 10,000 entries. */
    static final int SIZE = 1 << 16;

    /** pgbench's scale 10: 1,000,000 accounts, 100 tellers, 10 branches. */
    private static final int ACCOUNTS = 1_000_000;
    private static final int TELLERS = 100;
    private static final int BRANCHES = 10;

    private Workloads() {
    }

    /** (a) pgbench select-only: {@code SELECT abalance FROM pgbench_accounts WHERE aid = N}. */
    static String[] pgbenchSelect(long seed) {
        return distinct(seed, r -> "SELECT abalance FROM pgbench_accounts WHERE aid = " + aid(r) + ";");
    }

    /** (b) an ORM-style select (Hibernate / ActiveRecord shape): join, bound-looking literals, paging. */
    static String[] ormSelect(long seed) {
        return distinct(seed, r -> "SELECT u.id, u.email, u.created_at FROM users u LEFT JOIN orgs o ON o.id = u.org_id"
                + " WHERE u.email = 'x" + r.nextInt(10_000_000) + "@example.com' AND u.deleted_at IS NULL"
                + " ORDER BY u.created_at DESC LIMIT " + (10 + r.nextInt(3) * 10) + " OFFSET " + (20 * r.nextInt(50)));
    }

    /**
     * (c) a catalog query: the index listing psql's {@code \d table} sends (describe.c, PostgreSQL 17), joins
     * over pg_catalog, with the table's oid as the varying literal.
     */
    static String[] catalogQuery(long seed) {
        return distinct(seed, r -> "SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid,"
                + " pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),\n"
                + "  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred,"
                + " i.indisreplident, c2.reltablespace\n"
                + "FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i\n"
                + "  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid"
                + " AND contype IN ('p','u','x'))\n"
                + "WHERE c.oid = '" + (16_384 + r.nextInt(10_000_000)) + "' AND c.oid = i.indrelid"
                + " AND i.indexrelid = c2.oid\n"
                + "ORDER BY i.indisprimary DESC, c2.relname;");
    }

    /**
     * pgbench tpcb-like, one statement per message: the five statements of a transaction (BEGIN and END
     * left out), {@link #SIZE} transactions, {@code 5 × SIZE} strings in transaction order.
     */
    static String[] tpcbStatements(long seed) {
        String[] tx = distinct(seed, r -> String.join("\n", tpcb(r)));
        String[] out = new String[tx.length * 5];
        for (int i = 0; i < tx.length; i++) {
            System.arraycopy(tx[i].split("\n"), 0, out, i * 5, 5);
        }
        return out;
    }

    /** pgbench tpcb-like, the same five statements sent as one multi-statement Query message. */
    static String[] tpcbMessage(long seed) {
        return distinct(seed, r -> String.join(" ", tpcb(r)));
    }

    private static String[] tpcb(SplittableRandom r) {
        int aid = aid(r);
        int tid = 1 + r.nextInt(TELLERS);
        int bid = 1 + r.nextInt(BRANCHES);
        int delta = r.nextInt(-5000, 5001);
        return new String[] {
            "UPDATE pgbench_accounts SET abalance = abalance + " + delta + " WHERE aid = " + aid + ";",
            "SELECT abalance FROM pgbench_accounts WHERE aid = " + aid + ";",
            "UPDATE pgbench_tellers SET tbalance = tbalance + " + delta + " WHERE tid = " + tid + ";",
            "UPDATE pgbench_branches SET bbalance = bbalance + " + delta + " WHERE bid = " + bid + ";",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (" + tid + ", " + bid + ", " + aid
                    + ", " + delta + ", CURRENT_TIMESTAMP);",
        };
    }

    private static int aid(SplittableRandom r) {
        return 1 + r.nextInt(ACCOUNTS);
    }

    /** {@link #SIZE} pairwise distinct strings (duplicates drawn by chance are drawn again). */
    private static String[] distinct(long seed, Function<SplittableRandom, String> gen) {
        SplittableRandom r = new SplittableRandom(seed);
        Set<String> seen = new HashSet<>(SIZE * 2);
        String[] out = new String[SIZE];
        int n = 0;
        while (n < SIZE) {
            String s = gen.apply(r);
            if (seen.add(s)) {
                out[n++] = s;
            }
        }
        return out;
    }
}
