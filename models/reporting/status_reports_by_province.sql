-- `ogi status`: read reports per province of the reporting agency.
select
    coalesce(province_name, '(unresolved)') as province,
    count(*) as reports,
from {{ ref('dim_reports') }}
where status <> 'failed'
group by all
order by reports desc, province asc
