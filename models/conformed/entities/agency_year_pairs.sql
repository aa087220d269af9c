{#
    Each agency's report that stands for a year, with the one that stands for the year before:
    the pairs the cross-year checks compare. A check's rows are a function of its pair alone
    (both reports' cells and the seeds), so continuity_checks is kept by pair between builds
    (macros/by_report.sql): only pairs that changed are checked again.
#}

with

current_reports as (

    select * from {{ ref('agency_year_reports') }}
    where is_current

),

final as (

    select
        this_year.report_id,
        last_year.report_id as compared_report_id,
        this_year.agency_id,
        this_year.report_year,

    from current_reports as this_year
    inner join current_reports as last_year
        on
            this_year.agency_id = last_year.agency_id
            and this_year.report_year = last_year.report_year + 1

)

select * from final
