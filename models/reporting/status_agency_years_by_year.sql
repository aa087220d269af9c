-- `ogi status`: agency-years per reporting year.
select
    report_year,
    count(*) as agency_years,
from {{ ref('fct_agency_year') }}
group by all
order by all
