-- Failed checks by check, with how many are errors, warnings and info.
select
    check_family,
    identity,
    {{ severity_counts() }}
from {{ ref('report_findings') }}
where status = 'fail'
group by all
order by errors desc, warnings desc, identity asc
