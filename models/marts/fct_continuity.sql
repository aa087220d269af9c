{#
    For each agency and year: 上年结转 of year Y against 结转下年度 of year Y−1 per applicant
    column, and (template 2021) the in-force counts of 规章 and 行政规范性文件, with the difference.
    Each row is a function of its pair of reports (agency_year_pairs) alone, so the model is kept
    by pair between builds, like continuity_checks.
#}

with

pairs as (

    -- the pairs this build has not published yet (kept by pair between builds, with the
    -- agency and year they stand for: macros/by_report.sql)
    select * from {{ ref('agency_year_pairs') }} as pairs
    where {{ new_pairs_only('pairs', compared='previous_report_id') }}

),

checks as (

    select * from {{ ref('continuity_checks') }}
    where check_name in ('continuity', 'in_force')

),

final as (

    select
        checks.check_id as continuity_id,
        pairs.agency_id,
        pairs.report_year,
        checks.report_id,
        checks.compared_report_id as previous_report_id,
        checks.check_name as measure,
        checks.scope,
        checks.lhs::bigint as this_year_value,
        checks.rhs::bigint as expected_from_previous_year,
        checks.difference::bigint as difference,
        checks.evidence,

    from checks
    inner join pairs
        on
            checks.report_id = pairs.report_id
            and checks.compared_report_id = pairs.compared_report_id

)

select * from final
