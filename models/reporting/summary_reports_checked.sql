-- The end of `ogi run`: how many reports were checked.
select count(distinct report_id) as reports_checked,
from {{ ref('report_findings') }}
