-- Each agency's first and last report year and the years between them that have no report.
with

spans as (

    select
        agency_name,
        min(report_year) as first_year,
        max(report_year) as last_year,
        count(*) as years_present,
        list(report_year order by report_year) as present,
    from {{ ref('fct_agency_year') }}
    group by agency_name

)

select
    agency_name,
    first_year,
    last_year,
    years_present,
    (last_year - first_year + 1) - years_present as years_missing,
    present,
from spans
order by years_missing desc, agency_name asc
