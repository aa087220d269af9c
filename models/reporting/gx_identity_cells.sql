-- Great Expectations' frame for the identity suites, long: each cell of the tables that have
-- identities (sections 三 and 四) as read (a blank as 0), null where it was not read or is
-- ambiguous. ogi/quality.py turns it wide, one row per report, and GX adds up the identities.
-- Kept by report between builds (macros/by_report.sql).
select
    report_id,
    template_version,
    table_key || '__' || row_key || '__' || col_key as cell,
    case
        when is_ambiguous or (value is null and not is_blank) then null
        else coalesce(value, 0)::double
    end as value,
    is_read_by_identity,
from {{ ref('report_values') }}
where
    not is_derived
    and table_key in (select identities.table_key from {{ ref('template_identities') }} as identities)
    and {{ new_reports_only() }}
