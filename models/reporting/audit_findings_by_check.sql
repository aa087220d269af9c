-- Failed checks by check, with how many are errors, warnings and info. Readers' indicators
-- are not findings of a report's quality: the page shows them apart (audit_indicators).
select
    check_family,
    identity,
    {{ severity_counts() }}
from {{ ref('report_findings') }}
where status = 'fail' and check_family <> 'indicator'
group by all
order by errors desc, warnings desc, identity asc
