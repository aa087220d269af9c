-- Reports that sum up a whole region: listed apart, never added to agencies' figures.
select
    report_year::varchar as report_year,
    agency_name,
    source_file,
    requests__new_received__total as received,
    requests__total_processed__total as processed,
from {{ ref('fct_agency_year') }}
where report_scope = 'region'
order by report_year, agency_name
