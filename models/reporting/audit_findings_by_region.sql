-- Failed checks by province of the reporting agency.
select
    coalesce(reports.province_name, '(unresolved)') as province_name,
    count(distinct findings.report_id) as reports,
    {{ severity_counts('findings') }}
from {{ ref('report_findings') }} as findings
inner join {{ ref('dim_reports') }} as reports
    on findings.report_id = reports.report_id
where findings.status = 'fail'
group by coalesce(reports.province_name, '(unresolved)')
order by errors desc, warnings desc
