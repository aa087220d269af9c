-- Great Expectations' frame for values_non_negative: the counts of the tables that have
-- identities (sections 三 and 四), one row per report (not per cell), so the suite scales with
-- reports and names the report. Kept by report between builds (macros/by_report.sql).
select
    report_id,
    min(value) as min_value,
    bool_and(value = round(value)) as all_whole,
from {{ ref('report_values') }}
where
    table_key in (select identities.table_key from {{ ref('template_identities') }} as identities)
    and value is not null
    and {{ new_reports_only() }}
group by report_id
