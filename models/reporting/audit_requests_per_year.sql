-- Requests received and processed per year, agencies' own reports only (the page's scope rule).
select
    report_year::varchar as report_year,
    count(*) as agency_years,
    sum(requests__new_received__total) as received,
    sum(requests__total_processed__total) as processed,
from {{ ref('fct_agency_year') }}
where {{ own_scope() }}
group by report_year
order by report_year
