-- The 15 reports breaking the most identities (errors first), each shown with its evidence.
select
    report_id,
    {{ severity_counts() }}
from {{ ref('report_findings') }}
where status = 'fail' and check_family = 'identity'
group by report_id
order by errors desc, warnings desc, report_id asc
limit 15
