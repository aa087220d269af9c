{#
    One row per report and identity check: both sides, the difference and a verdict.
    status: pass | fail | not_evaluable (a value involved could not be read unambiguously or
    a cell is missing). severity of a failure: error, or warning when blank cells (taken as 0)
    or values we repaired by constraint took part, since then the break may be ours.
#}

with

checks as (

    select * from {{ ref('identity_checks') }}

),

reports as (

    select * from {{ ref('reports') }}

),

final as (

    select
        checks.check_id,
        checks.report_id,
        reports.source_file,
        reports.agency_name,
        reports.report_year,
        checks.identity,
        checks.scope,
        checks.lhs,
        checks.rhs,
        checks.difference,
        case
            when not checks.is_evaluable then 'not_evaluable'
            when checks.difference = 0 then 'pass'
            else 'fail'
        end as status,
        case
            when not checks.is_evaluable or checks.difference = 0 then 'info'
            when checks.blanks_involved or checks.inferred_involved then 'warning'
            else 'error'
        end as severity,
        checks.blanks_involved,
        checks.inferred_involved,
        checks.ambiguous_involved,
        checks.cells_found,
        checks.cells_expected,

    from checks
    inner join reports
        on checks.report_id = reports.report_id

)

select * from final
