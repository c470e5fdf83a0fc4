package dev.pgguard.approval.blast;

/**
 * An object that goes as well when a DROP or TRUNCATE cascades.
 *
 * @param kind PostgreSQL's own word for it ({@code pg_identify_object}'s type): {@code table}, {@code view},
 *             {@code materialized view}, {@code sequence}, {@code index}, {@code table constraint},
 *             {@code function}, ...
 * @param name its schema-qualified identity ({@code public.active_users};
 *             {@code orders_user_id_fkey on public.orders} for a constraint)
 */
public record CascadeObject(String kind, String name) {
}
