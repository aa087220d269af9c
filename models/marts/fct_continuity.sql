{#
    For each agency and year: 上年结转 of year Y against 结转下年度 of year Y−1 per applicant
    column, and (template 2021) the in-force counts of 规章 and 行政规范性文件, with the difference.
#}

with

checks as (

    select * from {{ ref('continuity_checks') }}
    where check_name in ('continuity', 'in_force')

),

current_reports as (

    select * from {{ ref('agency_year_reports') }}
    where is_current

),

final as (

    select
        checks.check_id as continuity_id,
        current_reports.agency_id,
        current_reports.report_year,
        checks.report_id,
        checks.compared_report_id as previous_report_id,
        checks.check_name as measure,
        checks.scope,
        checks.lhs::bigint as this_year_value,
        checks.rhs::bigint as expected_from_previous_year,
        checks.difference::bigint as difference,
        checks.evidence,

    from checks
    inner join current_reports
        on checks.report_id = current_reports.report_id

)

select * from final
