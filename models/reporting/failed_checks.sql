-- `ogi findings`: every failed check with its evidence, errors first.
select
    source_file,
    agency_name,
    report_year,
    severity,
    identity,
    scope,
    lhs,
    rhs,
    likely_cause,
    evidence,
    case severity when 'error' then 0 when 'warning' then 1 else 2 end as severity_rank,
from {{ ref('report_findings') }}
where status = 'fail'
order by severity_rank, source_file, identity, scope
