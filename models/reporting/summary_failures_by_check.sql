-- The end of `ogi run`: failed checks by check and severity.
select
    check_family,
    identity,
    severity,
    count(*) as failures,
from {{ ref('report_findings') }}
where status = 'fail'
group by all
order by severity asc, failures desc, identity asc
